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
    /// - Parameter capacity: Bytes to reserve.
    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends literal ASCII text.
    /// - Parameter text: Text copied verbatim.
    /// - Complexity: O(text length).
    @inlinable
    public mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends pre-encoded bytes verbatim.
    /// - Parameter slice: UTF-8 JSON text.
    @inlinable
    public mutating func raw(_ slice: ArraySlice<UInt8>) { bytes.append(contentsOf: slice) }

    /// Appends a decimal integer.
    /// - Parameter value: Any `Int64`.
    /// - Complexity: O(digits).
    @inlinable
    public mutating func integer(_ value: Int64) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            unsigned(value == .min ? UInt64(Int64.max) + 1 : UInt64(-value))
        } else {
            unsigned(UInt64(value))
        }
    }

    /// Appends `value` rounded to `digits` decimals, dropping trailing zeros (`12.5`, `-0.25`,
    /// `3`); `-0` is written as `0`. Non-finite values and magnitudes ≥ 9e15 / 10^digits are
    /// written with Swift's shortest representation (or `null` if not finite).
    /// - Parameters: value: The number. digits: Decimals, 0...15.
    /// - Complexity: O(digits).
    @inlinable
    public mutating func fixed(_ value: Double, digits: Int) {
        let scale = TileJSONWriter.powersOfTen[digits]
        let scaled = (value * scale).rounded()
        guard scaled.isFinite, abs(scaled) < 9e15 else { number(value); return }
        self.scaled(Int64(scaled), digits: digits)
    }

    /// Appends `value / 10^digits` in decimal, dropping trailing zeros (so `scaled(12345, digits: 2)`
    /// writes `123.45`); the integer form of ``fixed(_:digits:)`` for pre-rounded values.
    /// - Parameters: value: The scaled integer (|value| < 9e15). digits: Decimals, 0...15.
    /// - Complexity: O(digits).
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
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width))
        var i = start + width - 1
        while fraction > 0 {
            bytes[i] = UInt8(ascii: "0") + UInt8(fraction % 10)
            fraction /= 10
            i -= 1
        }
    }

    /// Appends a number in Swift's shortest round-trip form (`null` when not finite).
    /// - Parameter value: The number.
    public mutating func number(_ value: Double) {
        guard value.isFinite else { raw("null"); return }
        if value == value.rounded(), abs(value) < 9e15 { integer(Int64(value)); return }
        bytes.append(contentsOf: value.description.utf8)
    }

    /// Appends a JSON string literal with quotes, escaping `"`, `\` and control characters.
    /// - Parameter text: Any string.
    /// - Complexity: O(UTF-8 length).
    public mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0..<0x20:
                raw("\\u00")
                bytes.append(TileJSONWriter.hex[Int(b >> 4)])
                bytes.append(TileJSONWriter.hex[Int(b & 15)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends any JSON value (objects keep their member order).
    /// - Parameter value: The value.
    /// - Complexity: O(size of the value).
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
    mutating func unsigned(_ value: UInt64) {
        var digits = 1, probe = value
        while probe >= 10 { probe /= 10; digits += 1 }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        var v = value, i = start + digits - 1
        while v >= 10 {
            bytes[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            i -= 1
        }
        bytes[i] = UInt8(ascii: "0") + UInt8(v)
    }

    @usableFromInline
    static let integerPowersOfTen: [UInt64] = (0...15).map { d in (0..<d).reduce(1) { r, _ in r * 10 } }
    @usableFromInline
    static let powersOfTen: [Double] = (0...15).map { d in (0..<d).reduce(1.0) { r, _ in r * 10 } }
    static let hex: [UInt8] = Array("0123456789abcdef".utf8)
}
