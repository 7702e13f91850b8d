#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The text-to-number conversions the trace readers share: decimal numbers and ISO 8601
/// times, straight from UTF-8 bytes, without `String`s, formatters or allocation.
enum TraceText {
    /// A decimal number: optional sign, digits with an optional `.` fraction (`5.`, `.5`),
    /// optional exponent; surrounding spaces and tabs ignored. `nil` for anything else
    /// (empty, `NaN`, `inf`, hex, a thousands separator) and for values too large for a `Double`.
    ///
    /// Exact: Clinger's fast path when the digits and the power of ten are both exact in a
    /// `Double`, else glibc's correctly rounded `strtod`; so the result equals `Double(text)`.
    /// - Complexity: O(bytes).
    static func decimal(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0, end = text.count
        while i < end, text[i] == 0x20 || text[i] == 0x09 { i += 1 }
        while end > i, text[end - 1] == 0x20 || text[end - 1] == 0x09 { end -= 1 }
        guard i < end else { return nil }
        let start = i
        var negative = false
        if text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0, digits = 0, exponent = 0, inexact = false, sawDigit = false
        while i < end, isDigit(text[i]) {
            sawDigit = true
            if mantissa == 0 && text[i] == UInt8(ascii: "0") {
            } else if digits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(text[i] &- 0x30)
                digits += 1
            } else {
                exponent += 1
                inexact = true
            }
            i += 1
        }
        if i < end, text[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, isDigit(text[i]) {
                sawDigit = true
                if mantissa == 0 && text[i] == UInt8(ascii: "0") {
                    exponent -= 1
                } else if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(text[i] &- 0x30)
                    exponent -= 1
                    digits += 1
                } else {
                    inexact = true
                }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        if i < end, text[i] == UInt8(ascii: "e") || text[i] == UInt8(ascii: "E") {
            i += 1
            var negativeExponent = false
            if i < end, text[i] == UInt8(ascii: "-") || text[i] == UInt8(ascii: "+") {
                negativeExponent = text[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < end, isDigit(text[i]) else { return nil }
            var e = 0
            while i < end, isDigit(text[i]) {
                if e < 100_000 { e = e * 10 + Int(text[i] - 0x30) }
                i += 1
            }
            exponent += negativeExponent ? -e : e
        }
        guard i == end else { return nil }
        guard let base = text.baseAddress else { return nil }
        let v = ExactDecimal.double(mantissa: mantissa, exponent10: exponent, negative: negative, inexact: inexact,
                                    text: base + start, count: end - start)
        return v.isFinite ? v : nil
    }

    /// An ISO 8601 / RFC 3339 date-time as seconds since 1970-01-01T00:00:00Z:
    /// `YYYY-MM-DD` (or `YYYY/MM/DD`, as GDAL writes dates), then optionally `T` (or `t` or a space) `hh:mm`, `:ss`, a fraction
    /// (`.` or `,`, any number of digits), and a zone `Z`, `±hh:mm`, `±hhmm` or `±hh`.
    /// Without a zone the time is taken as UTC, as GPX 1.0 and 1.1 define their times.
    /// `nil` when the text is not of that form or names an impossible date or time
    /// (February 30, hour 24). Surrounding spaces and tabs are ignored.
    /// - Complexity: O(bytes).
    static func iso8601(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0, end = text.count
        while i < end, text[i] == 0x20 || text[i] == 0x09 { i += 1 }
        while end > i, text[end - 1] == 0x20 || text[end - 1] == 0x09 { end -= 1 }
        func number(_ n: Int) -> Int? {
            guard i + n <= end else { return nil }
            var v = 0
            for k in i..<(i + n) {
                guard isDigit(text[k]) else { return nil }
                v = v * 10 + Int(text[k] - 0x30)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < end, text[i] == c else { return false }
            i += 1
            return true
        }
        // '-' as ISO 8601 has it, or '/' as GDAL writes dates ("2001/06/24 15:09:09+00").
        guard let year = number(4), i < end, text[i] == 0x2D || text[i] == 0x2F else { return nil }
        let separator = text[i]
        i += 1
        guard let month = number(2), expect(separator), let day = number(2) else { return nil }
        guard month >= 1 && month <= 12 && day >= 1 && day <= CivilCalendar.daysIn(month: month, year: year) else { return nil }
        var seconds = Double(CivilCalendar.days(year: year, month: month, day: day) * 86_400)
        if i == end { return seconds }
        guard text[i] == UInt8(ascii: "T") || text[i] == UInt8(ascii: "t") || text[i] == 0x20 else { return nil }
        i += 1
        guard let hour = number(2), expect(0x3A), let minute = number(2), hour <= 23, minute <= 59 else { return nil }
        var second = 0, fraction = 0.0
        if expect(0x3A) {
            guard let s = number(2), s <= 60 else { return nil }   // 60: a leap second
            second = s
            if i < end, text[i] == UInt8(ascii: ".") || text[i] == UInt8(ascii: ",") {
                i += 1
                // Up to 15 digits as an integer over a power of ten: "13.994" gives exactly
                // the Double nearest 0.994; further digits are below a Double's resolution.
                var digits: UInt64 = 0, n = 0, sawDigit = false
                while i < end, isDigit(text[i]) {
                    if n < 15 {
                        digits = digits * 10 + UInt64(text[i] - 0x30)
                        n += 1
                    }
                    sawDigit = true
                    i += 1
                }
                guard sawDigit else { return nil }
                fraction = Double(digits) / powersOfTen[n]
            }
        }
        var offset = 0
        if i < end {
            if text[i] == UInt8(ascii: "Z") || text[i] == UInt8(ascii: "z") {
                i += 1
            } else if text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-") {
                let sign = text[i] == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard let h = number(2), h <= 23 else { return nil }
                var m = 0
                if i < end {
                    _ = expect(0x3A)
                    guard let mm = number(2), mm <= 59 else { return nil }
                    m = mm
                }
                offset = sign * (h * 3600 + m * 60)
            }
            guard i == end else { return nil }
        }
        seconds += Double(hour * 3600 + minute * 60 + second - offset)
        return seconds + fraction
    }

    /// A time cell or attribute: ISO 8601 (see ``iso8601(_:)``) or a plain number of seconds
    /// since 1970-01-01T00:00:00Z.
    /// - Complexity: O(bytes).
    static func time(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        // A date starts with four digits and a '-'; anything else that parses is epoch seconds.
        if text.count >= 5, let dash = text.firstIndex(where: { !isDigit($0) && $0 != 0x20 && $0 != 0x09 }),
           text[dash] == UInt8(ascii: "-") || text[dash] == UInt8(ascii: "/"), dash > 0, isDigit(text[dash - 1]) {
            return iso8601(text)
        }
        return decimal(text) ?? iso8601(text)
    }

    /// ``decimal(_:)`` of a string's UTF-8.
    /// - Complexity: O(UTF-8 length).
    static func decimal(_ text: String) -> Double? {
        var s = text
        return s.withUTF8 { decimal($0) }
    }

    /// ``iso8601(_:)`` of a string's UTF-8.
    /// - Complexity: O(UTF-8 length).
    static func iso8601(_ text: String) -> Double? {
        var s = text
        return s.withUTF8 { iso8601($0) }
    }

    /// ``time(_:)`` of a string's UTF-8.
    /// - Complexity: O(UTF-8 length).
    static func time(_ text: String) -> Double? {
        var s = text
        return s.withUTF8 { time($0) }
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
}
