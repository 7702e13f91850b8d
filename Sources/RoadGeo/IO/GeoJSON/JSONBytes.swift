/// The byte-level pieces of JSON text that ``GeoJSONWriter`` and ``TileJSONWriter`` share: one
/// digit writer and one string escaper, so both outputs spell numbers and strings the same way.
@usableFromInline
enum JSONBytes {
    /// Decimal digits of `value`, left-padded with zeros to `minimumDigits` (`7` with 3 gives
    /// `007`), written without an intermediate `String`.
    /// - Complexity: O(digits).
    @inlinable
    static func appendDigits(_ value: UInt64, minimumDigits: Int = 1, to out: inout [UInt8]) {
        var n = 1
        var v = value
        while v >= 10 { v /= 10; n += 1 }
        n = max(n, minimumDigits)
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: n))
        var i = start + n - 1
        v = value
        while v > 0 {
            out[i] = UInt8(ascii: "0") + UInt8(v % 10)
            v /= 10
            i -= 1
        }
    }

    /// A JSON string literal with its quotes: `"`, `\` and control characters escaped (the
    /// two-character forms where JSON has one, else `\u00XX`), everything else raw UTF-8.
    /// - Complexity: O(UTF-8 length).
    @usableFromInline
    static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
            case 0x0A: out.append(contentsOf: #"\n"#.utf8)
            case 0x0D: out.append(contentsOf: #"\r"#.utf8)
            case 0x09: out.append(contentsOf: #"\t"#.utf8)
            case 0x08: out.append(contentsOf: #"\b"#.utf8)
            case 0x0C: out.append(contentsOf: #"\f"#.utf8)
            case 0..<0x20:
                out.append(contentsOf: #"\u00"#.utf8)
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
