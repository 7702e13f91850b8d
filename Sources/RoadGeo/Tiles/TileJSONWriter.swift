/// The tiler's output stage: appends JSON text straight into a byte buffer, with fixed-decimal
/// numbers formatted by integer arithmetic (deterministic, locale-free, no `String` per number).
///
/// ```swift
/// var w = TileJSONWriter()
/// w.raw("[")
/// w.fixed(74.61234567, digits: 5)   // 74.61235
/// w.raw(",")
/// w.string("Чуй \"проспект\"")
/// w.raw("]")
/// print(String(decoding: w.bytes, as: UTF8.self))
/// ```
public struct TileJSONWriter: Sendable {
    /// The text written so far, UTF-8.
    public var bytes: [UInt8]

    /// Creates an empty writer.
    ///
    /// - Parameter capacity: Bytes to reserve.
    /// - Complexity: O(1) (plus the reservation).
    ///
    /// ```swift
    /// var w = TileJSONWriter(capacity: 64 << 10)
    /// ```
    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends literal ASCII text.
    ///
    /// - Parameter text: Text copied verbatim (it must already be valid JSON where it is placed).
    /// - Complexity: O(text length).
    ///
    /// ```swift
    /// w.raw(#"{"type":"FeatureCollection","features":["#)
    /// ```
    @inlinable
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends pre-encoded bytes verbatim.
    ///
    /// - Parameter slice: UTF-8 JSON text.
    /// - Complexity: O(slice.count).
    ///
    /// ```swift
    /// w.raw(propertyBytes[start..<end])   // properties encoded once at build time
    /// ```
    @inlinable
    public mutating func raw(_ slice: ArraySlice<UInt8>) { bytes.append(contentsOf: slice) }

    /// Appends a decimal integer.
    ///
    /// - Parameter value: Any `Int64`, including `Int64.min`.
    /// - Complexity: O(digits).
    ///
    /// ```swift
    /// w.integer(-4096)   // -4096
    /// ```
    @inlinable
    public mutating func integer(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            unsigned(value == .min ? UInt64(Int64.max) + 1 : UInt64(-value))
        } else {
            unsigned(UInt64(value))
        }
    }

    /// Appends `value` rounded to `digits` decimals (half away from zero), dropping trailing zeros
    /// (`12.5`, `-0.25`, `3`); `-0` is written as `0`. Non-finite values and magnitudes ≥ 9e15 /
    /// 10^digits are written with ``number(_:)`` (shortest form, or `null` if not finite).
    ///
    /// - Parameters:
    ///   - value: The number.
    ///   - digits: Decimals.
    /// - Precondition: `digits` is within 0...15 (an index trap otherwise).
    /// - Complexity: O(digits).
    ///
    /// ```swift
    /// w.fixed(74.612345, digits: 5)   // 74.61235
    /// w.fixed(42.5, digits: 3)        // 42.5
    /// ```
    @inlinable
    public mutating func fixed(_ value: Double, digits: Int) {
        let scale = TileJSONWriter.powersOfTen[digits]
        let scaled = (value * scale).rounded()
        guard scaled.isFinite, abs(scaled) < 9e15 else { number(value); return }
        self.scaled(Int64(scaled), digits: digits)
    }

    /// Appends `value / 10^digits` in decimal, dropping trailing zeros (so `scaled(12345, digits: 2)`
    /// writes `123.45`); the integer form of ``fixed(_:digits:)`` for pre-rounded values.
    ///
    /// - Parameters:
    ///   - value: The scaled integer (|value| < 9e15).
    ///   - digits: Decimals, 0...15.
    /// - Precondition: `digits` within 0...15 and `value != Int64.min`.
    /// - Complexity: O(digits).
    ///
    /// ```swift
    /// w.scaled(-25, digits: 2)   // -0.25
    /// ```
    @inlinable
    public mutating func scaled(_ value: Int64, digits: Int) {
        var n = value
        if n == 0 { bytes.append(UInt8(ascii: "0")); return }
        if n < 0 { bytes.append(UInt8(ascii: "-")); n = -n }
        let divisor = TileJSONWriter.integerPowersOfTen[digits]
        let whole = UInt64(n) / divisor
        var fraction = UInt64(n) % divisor
        unsigned(whole)
        guard fraction != 0 else { return }
        var width = digits
        while fraction % 10 == 0 { fraction /= 10; width -= 1 }
        bytes.append(UInt8(ascii: "."))
        JSONBytes.appendDigits(fraction, minimumDigits: width, to: &bytes)
    }

    /// Appends a number in Swift's shortest round-trip form (`null` when not finite); integral
    /// values below 9e15 are written without a fraction.
    ///
    /// - Parameter value: The number.
    /// - Complexity: O(digits).
    ///
    /// ```swift
    /// w.number(2.0)     // 2
    /// w.number(0.1)     // 0.1
    /// w.number(.nan)    // null
    /// ```
    public mutating func number(_ value: Double) {
        guard value.isFinite else { raw("null"); return }
        if value == value.rounded(), abs(value) < 9e15 { integer(Int64(value)); return }
        bytes.append(contentsOf: value.description.utf8)
    }

    /// Appends a JSON string literal with quotes, escaping `"`, `\` and control characters;
    /// other characters are written as raw UTF-8.
    ///
    /// - Parameter text: Any string.
    /// - Complexity: O(UTF-8 length).
    ///
    /// ```swift
    /// w.string("Чуй \"проспект\"")   // "Чуй \"проспект\""
    /// ```
    public mutating func string(_ text: String) {
        JSONBytes.appendString(text, to: &bytes)
    }

    /// Appends any JSON value (objects keep their member order).
    ///
    /// - Parameter value: The value; non-finite numbers are written as `null`.
    /// - Complexity: O(size of the value).
    ///
    /// ```swift
    /// w.value(["votes": 3, "status": "urgent"] as JSONValue)   // {"votes":3,"status":"urgent"}
    /// ```
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .string(let s): string(s)
        case .number(let d): number(d)
        case .integer(let i): integer(i)
        case .bool(let b): if b { raw("true") } else { raw("false") }
        case .null: raw("null")
        case .array(let items):
            raw("[")
            for (i, item) in items.enumerated() { if i > 0 { raw(",") }; self.value(item) }
            raw("]")
        case .object(let object):
            raw("{")
            for (i, m) in object.members.enumerated() {
                if i > 0 { raw(",") }
                string(m.key); raw(":"); self.value(m.value)
            }
            raw("}")
        }
    }

    @usableFromInline
    mutating func unsigned(_ value: UInt64) { JSONBytes.appendDigits(value, to: &bytes) }

    @usableFromInline
    static let integerPowersOfTen: [UInt64] = (0...15).map { d in (0..<d).reduce(1) { r, _ in r * 10 } }
    @usableFromInline
    static let powersOfTen: [Double] = (0...15).map { d in (0..<d).reduce(1.0) { r, _ in r * 10 } }
}

extension TileJSONWriter {
    /// Encodes `value` on its own (this writer's bytes are cleared first and left holding the
    /// text) and appends the text to `store`: how the tiler and the report clusters pre-encode
    /// feature ids once, at build time.
    /// - Returns: Where the text landed in `store`.
    mutating func store(_ value: JSONValue, in store: inout [UInt8]) -> Range<Int32> {
        bytes.removeAll(keepingCapacity: true)
        self.value(value)
        let range = Int32(store.count)..<Int32(store.count + bytes.count)
        store.append(contentsOf: bytes)
        return range
    }
}
