#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// JSON numbers for ``GeoJSONParser``: scanned per RFC 8259 into digits and a power of ten,
/// converted exactly (Clinger's fast path, else `strtod`).
extension GeoJSONParser {
    // MARK: Numbers

    /// A scanned JSON number: its significant digits as an integer and a power of ten.
    struct NumberToken {
        var start: Int
        var end: Int
        var negative: Bool
        /// Up to 19 significant digits.
        var mantissa: UInt64
        var exponent10: Int
        /// More than 19 significant digits: `mantissa` is not exact.
        var inexact: Bool
        /// No fraction and no exponent.
        var isInteger: Bool
    }

    /// The `Double` that `Double(text)` gives: Clinger's exact fast path when the digits and
    /// the power of ten are both exactly representable, else `strtod` on the token's bytes.
    @inline(__always)
    mutating func numberDouble(_ t: NumberToken) throws(GeoJSONError) -> Double {
        let v = ExactDecimal.double(mantissa: t.mantissa, exponent10: t.exponent10, negative: t.negative, inexact: t.inexact,
                                    text: base + t.start, count: t.end - t.start)
        guard v.isFinite else {
            throw fail(.nonFiniteNumber, "the number \(text(t.start, t.end)) is too large for a Double", at: t.start)
        }
        return v
    }

    /// An exact ``JSONValue/integer(_:)`` when the literal is an integer that fits, else a ``JSONValue/number(_:)``.
    mutating func numberValue(_ t: NumberToken) throws(GeoJSONError) -> JSONValue {
        if t.isInteger && !t.inexact && t.exponent10 == 0 {
            if t.negative {
                if t.mantissa == 0 { return .number(-0.0) }
                if t.mantissa <= UInt64(Int64.max) { return .integer(-Int64(t.mantissa)) }
                if t.mantissa == UInt64(Int64.max) + 1 { return .integer(Int64.min) }
            } else if t.mantissa <= UInt64(Int64.max) {
                return .integer(Int64(t.mantissa))
            }
        }
        return .number(try numberDouble(t))
    }

    /// Scans a number per RFC 8259's grammar (no leading zeros, `+`, `.5`, `1.` or hex).
    mutating func scanNumber() throws(GeoJSONError) -> NumberToken {
        var t = NumberToken(start: pos, end: pos, negative: false, mantissa: 0, exponent10: 0, inexact: false, isInteger: true)
        if peek() == UInt8(ascii: "-") {
            t.negative = true
            pos += 1
        }
        var digits = 0
        var b = peek()
        if b == UInt8(ascii: "0") {
            pos += 1
            if isDigit(peek()) { throw fail(.malformed, "a number has a leading zero") }
        } else if b >= UInt8(ascii: "1") && b <= UInt8(ascii: "9") {
            while pos < count {
                b = base[pos]
                guard isDigit(b) else { break }
                if digits < 19 {
                    t.mantissa = t.mantissa &* 10 &+ UInt64(b &- 0x30)
                    digits += 1
                } else {
                    t.inexact = true
                }
                pos += 1
            }
        } else {
            if b == UInt8(ascii: "I") {
                pos = t.start
                throw nonFiniteToken()
            }
            throw unexpected("a digit in a number")
        }
        if peek() == UInt8(ascii: ".") {
            t.isInteger = false
            pos += 1
            guard isDigit(peek()) else { throw unexpected("a digit after '.'") }
            while pos < count {
                b = base[pos]
                guard isDigit(b) else { break }
                if t.mantissa == 0 && b == UInt8(ascii: "0") {
                    t.exponent10 -= 1
                } else if digits < 19 {
                    t.mantissa = t.mantissa &* 10 &+ UInt64(b &- 0x30)
                    t.exponent10 -= 1
                    digits += 1
                } else {
                    t.inexact = true
                }
                pos += 1
            }
        }
        b = peek()
        if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            t.isInteger = false
            pos += 1
            var negativeExponent = false
            b = peek()
            if b == UInt8(ascii: "-") || b == UInt8(ascii: "+") {
                negativeExponent = b == UInt8(ascii: "-")
                pos += 1
            }
            guard isDigit(peek()) else { throw unexpected("a digit in an exponent") }
            var e = 0
            while pos < count, isDigit(base[pos]) {
                if e < 100_000 { e = e * 10 + Int(base[pos] - 0x30) }
                pos += 1
            }
            t.exponent10 += negativeExponent ? -e : e
        }
        t.end = pos
        return t
    }

    @inline(__always)
    mutating func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
