import Foundation

// Field values and the encoding decision: the byte-level half of DBFReader.

extension DBFReader {
    /// Decodes one field value (see ``DBFReader`` for the rules).
    @inline(__always)
    func value(_ bytes: UnsafeRawBufferPointer, field f: DBFField, flags: inout RowFlags) -> JSONValue {
        let u = bytes.bindMemory(to: UInt8.self)
        switch f.typeByte {
        case 0x49, 0x2B:  // I, + : 32-bit integers
            guard u.count == 4 else { return textValue(u, f) }
            if dialect == .dBase7 {
                let v = UInt32(u[0]) << 24 | UInt32(u[1]) << 16 | UInt32(u[2]) << 8 | UInt32(u[3])
                return .integer(Int64(Int32(bitPattern: v ^ 0x8000_0000)))
            }
            let v = UInt32(u[0]) | UInt32(u[1]) << 8 | UInt32(u[2]) << 16 | UInt32(u[3]) << 24
            return .integer(Int64(Int32(bitPattern: v)))
        case 0x59:  // Y: currency, 64-bit integer in units of 1/10000
            guard u.count == 8 else { return textValue(u, f) }
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(u[k]) << (8 * UInt64(k)) }
            return .number(Double(Int64(bitPattern: v)) / 10_000)
        case 0x42 where dialect == .visualFoxPro, 0x4F:  // B (Visual FoxPro), O: doubles
            guard u.count == 8 else { return textValue(u, f) }
            var v: UInt64 = 0
            if f.typeByte == 0x4F && dialect == .dBase7 {
                for k in 0..<8 { v = v << 8 | UInt64(u[k]) }
                v = v & (1 << 63) != 0 ? v ^ (1 << 63) : ~v   // dBase 7 orders doubles as unsigned bytes
            } else {
                for k in 0..<8 { v |= UInt64(u[k]) << (8 * UInt64(k)) }
            }
            let d = Double(bitPattern: v)
            return d.isFinite ? .number(d) : .null
        case 0x54:  // T: Julian day and milliseconds, two little-endian 32-bit integers
            guard u.count == 8 else { return textValue(u, f) }
            let day = Int(UInt32(u[0]) | UInt32(u[1]) << 8 | UInt32(u[2]) << 16 | UInt32(u[3]) << 24)
            let ms = Int(UInt32(u[4]) | UInt32(u[5]) << 8 | UInt32(u[6]) << 16 | UInt32(u[7]) << 24)
            return Self.dateTime(julianDay: day, milliseconds: ms)
        case 0x40:  // @: dBase 7 timestamp, milliseconds since 1 Jan 4713 BC as an ordered double
            guard u.count == 8 else { return textValue(u, f) }
            var v: UInt64 = 0
            for k in 0..<8 { v = v << 8 | UInt64(u[k]) }
            if v == 0 { return .null }
            v = v & (1 << 63) != 0 ? v ^ (1 << 63) : ~v
            let total = Double(bitPattern: v)
            guard total.isFinite, total > 0, total < 1e15 else { return .null }
            let day = Int(total / 86_400_000)
            return Self.dateTime(julianDay: day, milliseconds: Int(total - Double(day) * 86_400_000))
        case 0x4D, 0x47, 0x50, 0x42:  // M, G, P, and B outside Visual FoxPro: memo block numbers
            return memoValue(u, f, flags: &flags)
        case 0x30:  // flags: not data
            return .null
        default:
            return textValue(u, f, flags: &flags)
        }
    }

    /// The text-encoded types: C, V, N, F, L, D (and unknown ones, as text).
    @inline(__always)
    func textValue(_ u: UnsafeBufferPointer<UInt8>, _ f: DBFField) -> JSONValue {
        var ignored: RowFlags = []
        return textValue(u, f, flags: &ignored)
    }

    @inline(__always)
    func textValue(_ u: UnsafeBufferPointer<UInt8>, _ f: DBFField, flags: inout RowFlags) -> JSONValue {
        var lo = 0, hi = u.count
        while hi > lo, u[hi - 1] == 0x20 || u[hi - 1] == 0 || u[hi - 1] == 0x1A { hi -= 1 }
        if hi == lo {
            // Empty: null, except a Visual FoxPro text field, which can only be null through its flag.
            if dialect == .visualFoxPro && (f.typeByte == 0x43 || f.typeByte == 0x56) { return .string("") }
            return .null
        }
        let bytes = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: u[lo..<hi]))
        switch f.typeByte {
        case 0x4E, 0x46:  // N, F
            while lo < hi, u[lo] == 0x20 { lo += 1 }
            let digits = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: u[lo..<hi]))
            if let i = Self.parseInt(digits) { return .integer(Int64(i)) }
            if let d = Self.parseDouble(digits) { return .number(d) }
            if digits.allSatisfy({ $0 == 0x2A }) { return .null }  // '*' fill: overflowed value
            // One decimal comma and no point: "68,500" is 68.5 (European locales write that).
            if digits.count < 64, digits.filter({ $0 == 0x2C }).count == 1, !digits.contains(0x2E) {
                let fixed = digits.map { $0 == 0x2C ? UInt8(0x2E) : $0 }
                let parsed = fixed.withUnsafeBytes { Self.parseDouble($0) }
                if let d = parsed {
                    flags.insert(.decimalComma)
                    return d == d.rounded() && abs(d) < 9e15 && f.decimalCount == 0 ? .integer(Int64(d)) : .number(d)
                }
            }
            return .string(decoder.decode(digits))
        case 0x4C:  // L
            switch u[lo] {
            case 0x54, 0x74, 0x59, 0x79: return .bool(true)
            case 0x46, 0x66, 0x4E, 0x6E: return .bool(false)
            default: return .null
            }
        case 0x44:  // D: YYYYMMDD
            while lo < hi, u[lo] == 0x20 { lo += 1 }
            let text = UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: u[lo..<hi]))
            if text.count == 8, text.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                if text.allSatisfy({ $0 == 0x30 }) { return .null }
                let s = decoder.decode(text)
                let y = s.prefix(4), m = s.dropFirst(4).prefix(2), d = s.suffix(2)
                return .string("\(y)-\(m)-\(d)")
            }
            if text.allSatisfy({ $0 == 0x30 }) { return .null }   // "0", GDAL's null date too
            return .string(decoder.decode(text))
        default:  // C, V and anything else, as text
            return .string(decoder.decode(bytes))
        }
    }

    /// A memo field: the block number (10 ASCII digits, or a 4-byte little-endian integer in
    /// Visual FoxPro), then the memo's text or, for binary memos, base64.
    func memoValue(_ u: UnsafeBufferPointer<UInt8>, _ f: DBFField, flags: inout RowFlags) -> JSONValue {
        var block = 0
        if u.count == 4 && dialect == .visualFoxPro {
            block = Int(UInt32(u[0]) | UInt32(u[1]) << 8 | UInt32(u[2]) << 16 | UInt32(u[3]) << 24)
        } else {
            var any = false
            for b in u where b != 0x20 && b != 0 {
                guard b >= 0x30 && b <= 0x39, block < Int.max / 10 else { return .null }
                block = block * 10 + Int(b - 0x30)
                any = true
            }
            if !any { return .null }
        }
        guard block > 0 else { return .null }
        guard let memo else { flags.insert(.memoUnreadable); return .null }
        switch memo.read(block: block) {
        case .text(let bytes):
            var end = bytes.endIndex
            while end > bytes.startIndex, bytes[end - 1] == 0 || bytes[end - 1] == 0x1A { end -= 1 }
            if f.typeByte == 0x47 || f.typeByte == 0x50 { return .string(Data(bytes[bytes.startIndex..<end]).base64EncodedString()) }
            return bytes[bytes.startIndex..<end].withUnsafeBytes { .string(decoder.decode($0)) }
        case .binary(let bytes):
            return .string(Data(bytes).base64EncodedString())
        case .problem:
            flags.insert(.memoUnreadable)
            return .null
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS` (with `.sss` when there are milliseconds) of a Julian day number
    /// and milliseconds since midnight; null for day 0.
    static func dateTime(julianDay: Int, milliseconds: Int) -> JSONValue {
        guard julianDay > 0, julianDay < 5_373_484, milliseconds >= 0, milliseconds < 86_400_000 else { return .null }
        // Julian day 2,440,588 is 1970-01-01.
        return .string(CivilCalendar.dateTime(days: julianDay - 2_440_588, milliseconds: milliseconds))
    }

    /// Whether any byte is 0x80 or above, eight bytes at a time.
    @inline(__always)
    static func hasHighByte(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            if bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return true }
            i += 8
        }
        while i < n { if bytes[i] >= 0x80 { return true }; i += 1 }
        return false
    }

    /// `[+-]digits` to `Int`, or `nil` (not an integer, or overflow).
    @inline(__always)
    static func parseInt(_ b: UnsafeRawBufferPointer) -> Int? {
        var i = 0, negative = false
        if i < b.count, b[i] == 0x2D || b[i] == 0x2B { negative = b[i] == 0x2D; i += 1 }
        guard i < b.count else { return nil }
        var v = 0
        while i < b.count {
            let d = Int(b[i]) - 0x30
            guard d >= 0 && d <= 9 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            v = s
            i += 1
        }
        return v
    }

    /// A decimal number (`strtod` syntax restricted to digits, sign, point and exponent), or `nil`.
    static func parseDouble(_ b: UnsafeRawBufferPointer) -> Double? {
        guard b.count < 64, b.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x2B || $0 == 0x45 || $0 == 0x65 }),
              b.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: b.count + 1) { buf -> Double? in
            guard let start = buf.baseAddress else { return nil }
            for i in 0..<b.count { buf[i] = CChar(bitPattern: b[i]) }
            buf[b.count] = 0
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(start, &end)
            guard let end, end - start == b.count, v.isFinite else { return nil }
            return v
        }
    }

    /// Chooses the text encoding: forced, `.cpg`, language driver, UTF-8 check, detection.
    static func decideEncoding(forced: ShapefileEncoding?, path: String, languageDriver ldid: UInt8,
                               raw: UnsafeRawBufferPointer, names: [Range<Int>], textFields: [Range<Int>],
                               records: Range<Int>, recordLength: Int) -> EncodingDecision {
        if let forced { return EncodingDecision(encoding: forced, source: .forced) }
        var notes: [String] = []
        if let cpgPath = ShapefileReader.sibling(of: path, extension: "cpg") {
            if let contents = ShapefileReader.readSmallFile(cpgPath, limit: 4096) {
                let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if let e = ShapefileEncoding(name: text) {
                    return EncodingDecision(encoding: e, source: .cpg(text))
                }
                notes.append(".cpg says '\(text.prefix(40))', which neither GDAL's names nor iconv know")
            } else {
                notes.append(".cpg could not be read")
            }
        }
        let helpful = ldid != 0 && ldid != 0x57
        if helpful, let e = ShapefileEncoding.languageDriver(ldid) {
            return EncodingDecision(encoding: e, source: .languageDriver(ldid), notes: notes)
        }
        if ldid != 0 && ldid != 0x57 {
            let page = ShapefileEncoding.languageDriverCodePage(ldid).map { "code page \($0)" } ?? "unknown"
            notes.append("language driver 0x\(String(ldid, radix: 16, uppercase: true)) (\(page)) not known")
        }
        // The text: field names, then the C/V values of every record (binary fields are not text).
        var scan = UTF8Scan.ascii
        var sample = CodePageDetector.Sample()
        func take(_ r: Range<Int>) {
            let bytes = UnsafeRawBufferPointer(rebasing: raw[r])
            guard hasHighByte(bytes) else { return }
            if case .invalid = scan {} else {
                switch UTF8Scan.scan(bytes) {
                case .ascii: break
                case .valid: scan = .valid
                case .invalid(let at): scan = .invalid(at: at + r.lowerBound)
                }
            }
            if !sample.isFull { sample.add(bytes) }
        }
        // Once the text is known not to be UTF-8, a few thousand non-ASCII bytes settle the code
        // page (the confidence saturates after a few dozen): the rest of the file is not read.
        sample.limit = 4096
        for r in names { take(r.clamped(to: 0..<raw.count)) }
        var row = records.lowerBound
        outer: while row + recordLength <= records.upperBound {
            for f in textFields { take((row + f.lowerBound)..<(row + f.upperBound)) }
            if sample.isFull, case .invalid = scan { break outer }
            row += recordLength
        }
        switch scan {
        case .ascii:
            if ldid == 0x57 { return EncodingDecision(encoding: .windows1252, source: .languageDriver(ldid), notes: notes) }
            return EncodingDecision(encoding: .utf8, source: .validUTF8, notes: notes)
        case .valid:
            if ldid == 0x57 { notes.append("language driver 0x57 ('ANSI') ignored: the text is valid UTF-8") }
            return EncodingDecision(encoding: .utf8, source: .validUTF8, notes: notes)
        case .invalid(let at):
            notes.append("byte \(at) is not UTF-8")
            if ldid == 0x57 { notes.append("language driver 0x57 says only 'a Windows ANSI page': detected among them") }
            let candidates = ldid == 0x57 ? CodePageDetector.ansiCandidates : CodePageDetector.defaultCandidates
            guard let guess = CodePageDetector.detect(sample, among: candidates) else {
                return EncodingDecision(encoding: .windows1252, source: .fallback, notes: notes)
            }
            var decision = EncodingDecision(encoding: guess.encoding, source: .detected, notes: notes, confidence: guess.confidence)
            decision.candidates = Array(guess.candidates.prefix(5))
            return decision
        }
    }
}
