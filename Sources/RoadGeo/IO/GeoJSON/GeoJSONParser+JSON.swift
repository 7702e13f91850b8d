#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The JSON scanner under ``GeoJSONParser``'s GeoJSON grammar: any value (built as a
/// ``JSONValue`` or checked and skipped), object and array structure with the depth limit,
/// strings (scanned, compared as raw bytes, decoded), and the error messages that say what was
/// found where something else was expected.
extension GeoJSONParser {
    // MARK: JSON values

    /// Any JSON value, built as a ``JSONValue``.
    ///
    /// Arrays and objects are built with an explicit stack of open containers rather than by
    /// recursion, so a value nested to ``maximumDepth`` costs heap, never call stack: a parser
    /// thread's stack (a worker thread's is small, and sanitizer builds have large frames) cannot
    /// overflow whatever the input.
    mutating func parseValue() throws(GeoJSONError) -> JSONValue {
        var open: [OpenContainer] = []
        var value: JSONValue
        nextValue: while true {
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: "{"):
                if try enterContainer(closing: UInt8(ascii: "}")) {
                    open.append(.object([], key: try decode(try readKey())))
                    continue nextValue
                }
                value = .object(JSONObject())
            case UInt8(ascii: "["):
                if try enterContainer(closing: UInt8(ascii: "]")) {
                    open.append(.array([]))
                    continue nextValue
                }
                value = .array([])
            default:
                value = try parseScalar()
            }
            // `value` is complete: add it to the innermost open container, closing each one it completes.
            while let container = open.popLast() {
                switch container {
                case .array(var elements):
                    elements.append(value)
                    if try nextElement("the array") {
                        open.append(.array(elements))
                        continue nextValue
                    }
                    leave()
                    value = .array(elements)
                case .object(var members, let key):
                    members.append(JSONObject.Member(key, value))
                    if try nextMember("the object") {
                        let next = try decode(try readKey())
                        open.append(.object(members, key: next))
                        continue nextValue
                    }
                    leave()
                    value = .object(JSONObject(members))
                }
            }
            return value
        }
    }

    /// An array or object being built by ``parseValue()``: its items so far and, for an object,
    /// the key whose value is being parsed.
    enum OpenContainer {
        case array([JSONValue])
        case object([JSONObject.Member], key: String)
    }

    /// A string, number or literal; anything else is an error.
    private mutating func parseScalar() throws(GeoJSONError) -> JSONValue {
        switch peek() {
        case UInt8(ascii: "\""):
            return .string(try decode(try scanString()))
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try numberValue(try scanNumber())
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw nonFiniteToken()
        default:
            throw unexpected("a JSON value")
        }
    }

    /// An object into a ``JSONObject``, members in order; `pos` is at its `{`.
    mutating func parseObject() throws(GeoJSONError) -> JSONObject {
        guard case .object(let object) = try parseValue() else {
            throw unexpected("an object")   // unreachable: `pos` is at a `{`
        }
        return object
    }

    /// Checks and skips any value without building it.
    ///
    /// Iterative like ``parseValue()``: only whether each open container is an object (its
    /// closing bracket) is kept, in an explicit stack.
    mutating func skipValue() throws(GeoJSONError) {
        var inObject: [Bool] = []
        nextValue: while true {
            skipWhitespace()
            switch peek() {
            case UInt8(ascii: "{"):
                if try enterContainer(closing: UInt8(ascii: "}")) {
                    try skipKey()
                    inObject.append(true)
                    continue nextValue
                }
            case UInt8(ascii: "["):
                if try enterContainer(closing: UInt8(ascii: "]")) {
                    inObject.append(false)
                    continue nextValue
                }
            case UInt8(ascii: "\""):
                let token = try scanString()
                if token.escaped || token.nonASCII { _ = try decode(token) }   // validates escapes and UTF-8
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                _ = try numberDouble(try scanNumber())
            case UInt8(ascii: "N"), UInt8(ascii: "I"):
                throw nonFiniteToken()
            default:
                throw unexpected("a JSON value")
            }
            // A value was skipped: step past the separators and closing brackets that follow it.
            while let object = inObject.last {
                if object {
                    if try nextMember("the object") {
                        try skipKey()
                        continue nextValue
                    }
                } else if try nextElement("the array") {
                    continue nextValue
                }
                inObject.removeLast()
                leave()
            }
            return
        }
    }

    /// Reads a member's key and `:`, checking its escapes and UTF-8 without keeping it.
    private mutating func skipKey() throws(GeoJSONError) {
        let key = try readKey()
        if key.escaped || key.nonASCII { _ = try decode(key) }
    }

    // MARK: Structure helpers

    mutating func enter() throws(GeoJSONError) {
        depth += 1
        if depth > maximumDepth {
            throw fail(.tooDeep, "arrays and objects are nested more than \(maximumDepth) levels deep")
        }
    }

    mutating func leave() { depth -= 1 }

    /// With `pos` at a `{` or `[` (closed by `close`): enters it and returns whether an item
    /// follows; an empty container is consumed whole and left again.
    mutating func enterContainer(closing close: UInt8) throws(GeoJSONError) -> Bool {
        try enter()
        pos += 1
        if firstItem(closing: close) { return true }
        leave()
        return false
    }

    /// After `{`: whether a member follows (else consumes `}`).
    mutating func firstMember() throws(GeoJSONError) -> Bool { firstItem(closing: UInt8(ascii: "}")) }

    /// After a member's value: consumes `,` (true) or `}` (false).
    mutating func nextMember(_ context: @autoclosure () -> String) throws(GeoJSONError) -> Bool {
        try nextItem(closing: UInt8(ascii: "}"), context)
    }

    /// After `[`: whether an element follows (else consumes `]`).
    mutating func firstElement() throws(GeoJSONError) -> Bool { firstItem(closing: UInt8(ascii: "]")) }

    /// After an element: consumes `,` (true) or `]` (false).
    mutating func nextElement(_ context: @autoclosure () -> String) throws(GeoJSONError) -> Bool {
        try nextItem(closing: UInt8(ascii: "]"), context)
    }

    /// After `{` or `[`: whether an item follows (else consumes the closing bracket).
    @inline(__always)
    mutating func firstItem(closing close: UInt8) -> Bool {
        skipWhitespace()
        if peek() == close { pos += 1; return false }
        return true
    }

    /// After an item: consumes `,` (true) or the closing bracket `close` (false).
    @inline(__always)
    mutating func nextItem(closing close: UInt8, _ context: () -> String) throws(GeoJSONError) -> Bool {
        skipWhitespace()
        let b = peek()
        if b == UInt8(ascii: ",") { pos += 1; return true }
        if b == close { pos += 1; return false }
        throw unexpected("',' or '\(Character(Unicode.Scalar(close)))' in \(context())")
    }

    mutating func openArray(_ context: @autoclosure () -> String) throws(GeoJSONError) {
        skipWhitespace()
        guard peek() == UInt8(ascii: "[") else {
            if pos >= count { throw fail(.truncated, "unexpected end of input in \(context())") }
            throw mismatch("\(context()) must be an array")
        }
        pos += 1
    }

    /// A member's key and the `:` after it.
    mutating func readKey() throws(GeoJSONError) -> StringToken {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw unexpected("a string key") }
        let key = try scanString()
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw unexpected("':' after a key") }
        pos += 1
        return key
    }

    mutating func literal(_ word: StaticString) throws(GeoJSONError) {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        for i in 0..<n {
            guard pos + i < count else { pos += i; throw fail(.truncated, "unexpected end of input in '\(word)'") }
            guard base[pos + i] == w[i] else { pos += i; throw unexpected("'\(word)'") }
        }
        pos += n
    }

    @inline(__always)
    mutating func peek() -> UInt8 { pos < count ? base[pos] : 0 }

    @inline(__always)
    mutating func skipWhitespace() {
        while pos < count {
            let b = base[pos]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            pos += 1
        }
    }

    // MARK: Strings

    /// A string's raw bytes (between the quotes), not yet unescaped.
    struct StringToken {
        var start: Int
        var end: Int
        var escaped: Bool
        var nonASCII: Bool
        var base: UnsafePointer<UInt8>

        /// Whether the string equals an ASCII literal: a byte comparison, or for an escaped
        /// string (`"typ\u0065"`) a comparison that unescapes on the fly without allocating.
        func equals(_ literal: StaticString) -> Bool {
            let n = literal.utf8CodeUnitCount
            if !escaped {
                return end - start == n && memcmp(base + start, literal.utf8Start, n) == 0
            }
            let expected = literal.utf8Start
            var i = start, k = 0
            while i < end {
                var b = base[i]
                if b == UInt8(ascii: "\\") {
                    guard i + 1 < end else { return false }
                    let e = base[i + 1]
                    i += 2
                    switch e {
                    case UInt8(ascii: "u"):
                        guard i + 4 <= end else { return false }
                        var v: UInt32 = 0
                        for j in i..<i + 4 {
                            guard let d = hexValue(base[j]) else { return false }
                            v = v << 4 | d
                        }
                        guard v < 0x80 else { return false }
                        b = UInt8(v)
                        i += 4
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): b = e
                    default: return false   // \b \f \n \r \t never occur in the keys compared
                    }
                } else {
                    i += 1
                }
                guard k < n, expected[k] == b else { return false }
                k += 1
            }
            return k == n
        }
    }

    /// With `pos` at `"`, finds the closing quote; rejects raw control characters.
    mutating func scanString() throws(GeoJSONError) -> StringToken {
        let open = pos
        pos += 1
        var escaped = false, nonASCII = false
        while pos < count {
            let b = base[pos]
            if b == UInt8(ascii: "\"") {
                let token = StringToken(start: open + 1, end: pos, escaped: escaped, nonASCII: nonASCII, base: base)
                pos += 1
                return token
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                pos += 2
                continue
            }
            if b < 0x20 { throw fail(.malformed, "a string contains a raw control character (byte 0x\(hex(b))); it must be escaped") }
            if b >= 0x80 { nonASCII = true }
            pos += 1
        }
        throw fail(.truncated, "unexpected end of input in a string (missing closing quote)", at: open)
    }

    /// Unescapes and UTF-8-validates a string token.
    mutating func decode(_ t: StringToken) throws(GeoJSONError) -> String {
        if !t.escaped {
            let bytes = UnsafeBufferPointer(start: base + t.start, count: t.end - t.start)
            if !t.nonASCII { return String(decoding: bytes, as: UTF8.self) }
            guard let s = String(validating: bytes, as: UTF8.self) else {
                throw fail(.malformed, "a string is not valid UTF-8", at: t.start - 1)
            }
            return s
        }
        scratch.removeAll(keepingCapacity: true)
        var i = t.start
        while i < t.end {
            let b = base[i]
            guard b == UInt8(ascii: "\\") else { scratch.append(b); i += 1; continue }
            guard i + 1 < t.end else { throw fail(.malformed, "a string ends with a lone backslash", at: i) }
            let e = base[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""): scratch.append(0x22)
            case UInt8(ascii: "\\"): scratch.append(0x5C)
            case UInt8(ascii: "/"): scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(at: i, end: t.end)
                i += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    guard i + 6 <= t.end, base[i] == UInt8(ascii: "\\"), base[i + 1] == UInt8(ascii: "u") else {
                        throw fail(.malformed, "a string has an unpaired high surrogate \\u\(hex16(scalar))", at: i - 6)
                    }
                    let low = try hex4(at: i + 2, end: t.end)
                    guard low >= 0xDC00 && low <= 0xDFFF else {
                        throw fail(.malformed, "a string has an unpaired high surrogate \\u\(hex16(scalar))", at: i - 6)
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                    throw fail(.malformed, "a string has an unpaired low surrogate \\u\(hex16(scalar))", at: i - 6)
                }
                appendUTF8(scalar)
            default:
                throw fail(.malformed, "a string has an invalid escape '\\\(printable(e))'", at: i - 2)
            }
        }
        guard let s = String(validating: scratch, as: UTF8.self) else {
            throw fail(.malformed, "a string is not valid UTF-8", at: t.start - 1)
        }
        return s
    }

    mutating func hex4(at i: Int, end: Int) throws(GeoJSONError) -> UInt32 {
        guard i + 4 <= end else { throw fail(.malformed, "a \\u escape needs 4 hex digits", at: i - 2) }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let d = hexValue(base[i + k]) else { throw fail(.malformed, "a \\u escape needs 4 hex digits", at: i - 2) }
            v = v << 4 | d
        }
        return v
    }

    mutating func appendUTF8(_ s: UInt32) {
        if s < 0x80 {
            scratch.append(UInt8(s))
        } else if s < 0x800 {
            scratch.append(UInt8(0xC0 | (s >> 6)))
            scratch.append(UInt8(0x80 | (s & 0x3F)))
        } else if s < 0x10000 {
            scratch.append(UInt8(0xE0 | (s >> 12)))
            scratch.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (s & 0x3F)))
        } else {
            scratch.append(UInt8(0xF0 | (s >> 18)))
            scratch.append(UInt8(0x80 | ((s >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (s & 0x3F)))
        }
    }

    // MARK: Errors

    mutating func fail(_ kind: GeoJSONError.Kind, _ message: String, at offset: Int? = nil) -> GeoJSONError {
        GeoJSONError(kind, message, featureIndex: featureIndex, byteOffset: offset ?? min(pos, count))
    }

    /// "expected X, found Y", or a truncation error at the end of input.
    mutating func unexpected(_ expectation: String) -> GeoJSONError {
        if pos >= count {
            return fail(.truncated, "unexpected end of input; expected \(expectation) (is the file truncated?)")
        }
        return fail(.malformed, "expected \(expectation), found \(describeHere())")
    }

    /// A value of the wrong JSON type: "<what is required>, found <what is here>", or a
    /// truncation error when the input ends here.
    mutating func mismatch(_ requirement: String) -> GeoJSONError {
        if pos >= count {
            return fail(.truncated, "unexpected end of input: \(requirement) (is the file truncated?)")
        }
        return fail(.invalidGeoJSON, "\(requirement), found \(describeHere())")
    }

    mutating func nonFiniteToken() -> GeoJSONError {
        var end = pos
        while end < count, end - pos < 12 {
            let b = base[end] | 0x20   // lower case
            guard (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (end == pos && base[end] == UInt8(ascii: "-")) else { break }
            end += 1
        }
        return fail(.nonFiniteNumber, "\(text(pos, end)) is not a JSON number (NaN and Infinity are not allowed in JSON)")
    }

    /// The byte at `pos`, quoted, for messages.
    mutating func describeHere() -> String {
        guard pos < count else { return "the end of input" }
        let b = base[pos]
        switch b {
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        default: return "'\(printable(b))'"
        }
    }

    mutating func text(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + from, count: max(0, min(to, count) - from)), as: UTF8.self)
    }
}

/// The value of one hexadecimal digit, or `nil`.
private func hexValue(_ c: UInt8) -> UInt32? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
    default: return nil
    }
}

private func printable(_ b: UInt8) -> String {
    b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : "byte 0x\(hex(b))"
}

private func hex(_ b: UInt8) -> String {
    let s = String(b, radix: 16, uppercase: true)
    return s.count == 1 ? "0" + s : s
}

private func hex16(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}
