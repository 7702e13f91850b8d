/// A JSON value as GeoJSON carries it in `properties`, `id` and foreign members.
///
/// Integers written without a fraction or exponent that fit in `Int64` stay exact as
/// ``integer(_:)`` (an OSM id `14418612` is written back as `14418612`, not `1.4418612e7`);
/// every other number is a ``number(_:)`` holding the `Double` that `Double("...")` gives.
/// Objects keep their members in the original order (see ``JSONObject``).
///
/// ```swift
/// let name: JSONValue = "Шереметьевская улица"
/// let osmID: JSONValue = 14418612
/// print(osmID.doubleValue ?? 0, name.stringValue ?? "")
/// ```
public enum JSONValue: Hashable, Sendable {
    /// A string.
    case string(String)
    /// An integer literal that fits in `Int64`, kept exact.
    case integer(Int64)
    /// Any other number (a fraction, an exponent, or an integer too large for `Int64`).
    case number(Double)
    /// `true` or `false`.
    case bool(Bool)
    /// `null`.
    case null
    /// An array, in order.
    case array([JSONValue])
    /// An object, members in their original order.
    case object(JSONObject)

    /// The value as text: a string as it is, a number or boolean as JSON writes it, an array
    /// or object as compact JSON; `nil` for `null` (and for a number JSON cannot hold).
    /// - Complexity: O(size of the value).
    ///
    /// ```swift
    /// JSONValue.integer(4).text        // "4"
    /// JSONValue.string("trunk").text   // "trunk"
    /// JSONValue.null.text              // nil
    /// ```
    public var text: String? {
        switch self {
        case .null: return nil
        case .string(let s): return s
        default:
            var bytes: [UInt8] = []
            guard (try? GeoJSONWriter(coordinatePrecision: nil).append(self, to: &bytes)) != nil else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The string, if this is a ``string(_:)``.
    /// - Complexity: O(1).
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The numeric value of an ``integer(_:)`` or ``number(_:)`` as a `Double`.
    /// - Complexity: O(1).
    public var doubleValue: Double? {
        switch self {
        case .integer(let i): return Double(i)
        case .number(let d): return d
        default: return nil
        }
    }

    /// The value of an ``integer(_:)``, or of a ``number(_:)`` that is a whole number in `Int64`'s range.
    /// - Complexity: O(1).
    public var int64Value: Int64? {
        switch self {
        case .integer(let i): return i
        case .number(let d):
            guard d.rounded() == d, d >= -9.223372036854775808e18, d < 9.223372036854775808e18 else { return nil }
            return Int64(d)
        default: return nil
        }
    }

    /// The Boolean, if this is a ``bool(_:)``.
    /// - Complexity: O(1).
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// Whether this is ``null``.
    /// - Complexity: O(1).
    public var isNull: Bool { self == .null }

    /// The elements, if this is an ``array(_:)``.
    /// - Complexity: O(1).
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The object, if this is an ``object(_:)``.
    /// - Complexity: O(1).
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The JSON type's name ("string", "number", "boolean", "null", "array", "object"), for messages.
    public var typeName: String {
        switch self {
        case .string: return "string"
        case .integer, .number: return "number"
        case .bool: return "boolean"
        case .null: return "null"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral
{
    /// A ``string(_:)`` literal.
    ///
    /// - Parameter value: The text.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let highway: JSONValue = "primary"
    /// ```
    public init(stringLiteral value: String) { self = .string(value) }
    /// An ``integer(_:)`` literal, kept exact (OSM ids exceed 2^53).
    ///
    /// - Parameter value: The integer.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let osmID: JSONValue = 14418612
    /// ```
    public init(integerLiteral value: Int64) { self = .integer(value) }
    /// A ``number(_:)`` literal.
    ///
    /// - Parameter value: The number; must be finite to be written.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let widthMeters: JSONValue = 7.5
    /// ```
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A ``bool(_:)`` literal.
    ///
    /// - Parameter value: The flag.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let oneway: JSONValue = true
    /// ```
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// JSON `null`, from a `nil` literal.
    ///
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let missing: JSONValue = nil   // .null, not Optional.none
    /// ```
    public init(nilLiteral: ()) { self = .null }
    /// An ``array(_:)`` literal.
    ///
    /// - Parameter elements: The elements, in order.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// let tags: JSONValue = ["pothole", 3, nil]   // ["pothole",3,null]
    /// ```
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

/// A JSON object whose members keep the order they had in the file.
///
/// Stored as one array of ``Member`` values (one allocation per object). Lookup by key is a
/// linear scan, which is the fastest choice for the 5-30 members a feature's properties have.
/// Duplicate keys are kept as read; the subscript returns the last one, as most JSON readers do.
/// Two objects are equal when they have the same members in the same order.
///
/// ```swift
/// var props = JSONObject()
/// props["osm_id"] = 14418612
/// props["name"] = "Мурманский проезд"
/// print(props.keys)            // ["osm_id", "name"]
/// print(props["name"]?.stringValue ?? "-")
/// ```
public struct JSONObject: Hashable, Sendable, ExpressibleByDictionaryLiteral {
    /// One `"key": value` member.
    ///
    /// ```swift
    /// let m = JSONObject.Member("name", "Chui Avenue")
    /// ```
    public struct Member: Hashable, Sendable {
        /// The key.
        public var key: String
        /// The value.
        public var value: JSONValue
        /// Creates a member.
        ///
        /// - Parameters:
        ///   - key: The key.
        ///   - value: The value.
        /// - Complexity: O(1).
        ///
        /// ```swift
        /// var props = JSONObject([JSONObject.Member("highway", "residential")])
        /// ```
        public init(_ key: String, _ value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in order.
    public var members: [Member]

    /// Creates an object from members in order.
    ///
    /// - Parameter members: The members; duplicates are kept.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let props = JSONObject([.init("osm_id", 14418612), .init("name", "Мурманский проезд")])
    /// ```
    public init(_ members: [Member] = []) { self.members = members }

    /// Creates an object from a literal, keeping the literal's order (unlike a `Dictionary`).
    ///
    /// - Parameter elements: Key-value pairs in order.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// let props: JSONObject = ["highway": "secondary", "lanes": 2]
    /// props.keys   // ["highway", "lanes"]
    /// ```
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        members = elements.map { Member($0.0, $0.1) }
    }

    /// The keys in order.
    /// - Complexity: O(n).
    public var keys: [String] { members.map(\.key) }

    /// Number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// The value of the last member named `key`, or `nil`. Setting replaces that member's value
    /// in place (keeping its position) or appends a new member; setting `nil` removes every
    /// member named `key`.
    ///
    /// - Parameter key: The member name (compared exactly, case-sensitive).
    /// - Complexity: O(n) in the number of members.
    ///
    /// ```swift
    /// var props: JSONObject = ["name": "Chui", "lanes": 4]
    /// props["lanes"] = 6          // replaced in place
    /// props["name"] = nil         // removed
    /// props["lanes"]?.doubleValue   // 6.0
    /// ```
    public subscript(key: String) -> JSONValue? {
        get {
            var i = members.count - 1
            while i >= 0 {
                if members[i].key == key { return members[i].value }
                i -= 1
            }
            return nil
        }
        set {
            guard let newValue else {
                members.removeAll { $0.key == key }
                return
            }
            if let i = members.lastIndex(where: { $0.key == key }) {
                members[i].value = newValue
            } else {
                members.append(Member(key, newValue))
            }
        }
    }

    /// Appends a member without checking for an existing one with the same key.
    ///
    /// - Parameters:
    ///   - key: The member name.
    ///   - value: The value.
    /// - Complexity: amortised O(1).
    ///
    /// ```swift
    /// var props = JSONObject()
    /// props.append("ref", "M-39")   // faster than the subscript when keys are known to be new
    /// ```
    public mutating func append(_ key: String, _ value: JSONValue) {
        members.append(Member(key, value))
    }
}
