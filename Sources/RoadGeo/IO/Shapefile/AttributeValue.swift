/// One attribute value of an imported feature: what a DBF field holds after decoding.
///
/// C fields give ``string``; N and F give ``int`` when the value is integral and written
/// without decimals (an `N(19,0)` OSM id), else ``double``; L gives ``bool``; D gives
/// ``string`` as an ISO date `YYYY-MM-DD`; blanks give ``null``. Values keep the DBF's field
/// order through ``ShapefileImport/fields``.
///
/// ```swift
/// switch road.attributes[nameIndex] {
/// case .string(let s): print(s)
/// case .null: print("unnamed")
/// default: break
/// }
/// ```
public enum AttributeValue: Hashable, Sendable, CustomStringConvertible {
    /// No value (a blank field).
    case null
    /// A logical value.
    case bool(Bool)
    /// An integral number.
    case int(Int)
    /// A number with a fraction, or too large for `Int`.
    case double(Double)
    /// Text (also dates, as `YYYY-MM-DD`).
    case string(String)

    /// The text of a ``string``, else `nil`.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The number of an ``int`` or ``double`` as a `Double`, else `nil`.
    public var doubleValue: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }

    /// Whether this is ``null``.
    public var isNull: Bool { self == .null }

    /// The value as it would appear in JSON (`null`, `true`, `42`, `1.5`, `"text"` unquoted).
    public var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return String(d)
        case .string(let s): return s
        }
    }
}
