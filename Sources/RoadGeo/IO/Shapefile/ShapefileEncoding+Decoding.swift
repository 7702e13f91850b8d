/// Decodes bytes of one encoding to `String`, with the code page table fetched once.
///
/// ASCII-only input (the common case even in Cyrillic files: numbers, codes) is copied
/// straight into the string; bytes 0x80...0xFF of a single-byte page are looked up in its
/// table (built once per process through the system's iconv, whose tables are the Unicode
/// Consortium's mappings) and written as UTF-8; a multi-byte page (CJK) goes through iconv.
struct TextDecoder: Sendable {
    let encoding: ShapefileEncoding
    private let table: [UInt16]?
    private let converter: IconvConverter?

    init(_ encoding: ShapefileEncoding) {
        self.encoding = encoding
        if encoding == .utf8 || encoding.isLatin1 {
            table = nil; converter = nil
        } else if let t = IconvConverter.singleByteTable(for: encoding.iconvName) {
            table = t; converter = nil
        } else if let c = IconvConverter(from: encoding.iconvName) {
            table = nil; converter = c
        } else {
            // Names are checked against iconv when parsed; should it vanish, bytes read as Latin-1.
            table = nil; converter = nil
        }
    }

    /// Whether the encoding needs more than one byte for some characters (decoded through iconv).
    var isMultiByte: Bool { converter != nil }

    /// Decodes `bytes`.
    /// - Complexity: O(bytes).
    func decode(_ bytes: UnsafeRawBufferPointer) -> String {
        let u8 = bytes.bindMemory(to: UInt8.self)
        if encoding == .utf8 { return String(decoding: u8, as: UTF8.self) }
        var ascii = true
        for b in u8 where b >= 0x80 { ascii = false; break }
        if ascii { return String(decoding: u8, as: UTF8.self) }
        if let converter { return converter.decode(u8) }
        let table = self.table
        return String(unsafeUninitializedCapacity: u8.count * 3) { out in
            var n = 0
            for b in u8 {
                if b < 0x80 { out[n] = b; n += 1; continue }
                let s = table.map { UInt32($0[Int(b) - 0x80]) } ?? UInt32(b)  // nil table: ISO-8859-1
                if s < 0x800 {
                    out[n] = UInt8(0xC0 | (s >> 6)); out[n + 1] = UInt8(0x80 | (s & 0x3F)); n += 2
                } else {
                    out[n] = UInt8(0xE0 | (s >> 12)); out[n + 1] = UInt8(0x80 | ((s >> 6) & 0x3F))
                    out[n + 2] = UInt8(0x80 | (s & 0x3F)); n += 3
                }
            }
            return n
        }
    }
}

/// What a scan of raw text bytes found.
enum UTF8Scan: Hashable, Sendable {
    /// Every byte is below 0x80.
    case ascii
    /// Valid UTF-8 with at least one multi-byte sequence.
    case valid
    /// Not UTF-8: the byte offset of the first bad sequence.
    case invalid(at: Int)

    /// Validates `bytes` as UTF-8 (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
    /// - Complexity: O(bytes).
    static func scan(_ bytes: UnsafeRawBufferPointer) -> UTF8Scan {
        let u = bytes.bindMemory(to: UInt8.self)
        var i = 0, sawMultiByte = false
        let n = u.count
        while i < n {
            let b = u[i]
            if b < 0x80 { i += 1; continue }
            sawMultiByte = true
            let need: Int, lo: UInt8, hi: UInt8
            switch b {
            case 0xC2...0xDF: need = 1; lo = 0x80; hi = 0xBF
            case 0xE0: need = 2; lo = 0xA0; hi = 0xBF
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2; lo = 0x80; hi = 0xBF
            case 0xED: need = 2; lo = 0x80; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90; hi = 0xBF
            case 0xF1...0xF3: need = 3; lo = 0x80; hi = 0xBF
            case 0xF4: need = 3; lo = 0x80; hi = 0x8F
            default: return .invalid(at: i)
            }
            guard i + need < n else { return .invalid(at: i) }
            guard u[i + 1] >= lo && u[i + 1] <= hi else { return .invalid(at: i) }
            for k in 2..<(need + 1) where u[i + k] & 0xC0 != 0x80 { return .invalid(at: i) }
            i += need + 1
        }
        return sawMultiByte ? .valid : .ascii
    }
}

extension ShapefileEncoding {
    /// Whether bytes 0x80...0xFF decode as themselves (ISO-8859-1).
    var isLatin1: Bool { rawValue == "ISO-8859-1" }
}
