import Foundation

/// One field (column) of a `.dbf`.
///
/// ```swift
/// let f = dbf.fields[0]
/// print(f.name, f.type, f.length, f.decimalCount)   // "OSM_ID" N 19 0
/// ```
public struct DBFField: Hashable, Sendable {
    /// The field name, decoded with the file's encoding (Cyrillic names are common).
    public var name: String
    /// The dBASE type letter: `C` text, `N`/`F` number, `L` logical, `D` date; other types
    /// (memo `M`, binary ...) are read as text.
    public var type: Character
    /// Width in bytes.
    public var length: Int
    /// Digits after the decimal point (N and F fields).
    public var decimalCount: Int
    /// Byte offset of the field inside a record (after the 1-byte deletion flag).
    var offset: Int
    /// The type letter as a byte.
    var typeByte: UInt8
}

/// Reads a dBASE III+ table (`.dbf`), the attribute half of a shapefile, record by record.
///
/// The header, field descriptors and record area are checked against the real file size;
/// a header that claims more records than the file holds is read up to the last complete
/// record, with a warning. Text is decoded with the encoding chosen as
/// ``EncodingDecision`` describes (caller, `.cpg`, language-driver byte, UTF-8 check,
/// Windows-1252 fallback). Deleted records (flag `*`) are reported by ``isDeleted(_:)``.
///
/// Values (``JSONValue``): C trimmed of trailing blanks; N and F to `.integer` when integral,
/// else `.number` (a value that is not a number is kept as text rather than lost); L to
/// `Bool` (`?` and blank to null); D `YYYYMMDD` to `"YYYY-MM-DD"`; blanks to null.
///
/// ```swift
/// let dbf = try DBFReader(path: "data/moscow_roads_utm37n_cp1251.dbf")
/// print(dbf.encoding)                   // Windows-1251 (from .cpg '1251')
/// let name = dbf.fieldIndex(named: "NAME")!
/// print(dbf.record(at: 0)[name])        // a Cyrillic street name
/// ```
public struct DBFReader: Sendable {
    /// The path as given.
    public let path: String
    /// The fields in record order.
    public let fields: [DBFField]
    /// The number of complete records in the file (the header's count, or fewer if truncated).
    public let recordCount: Int
    /// The record count the header declares.
    public let declaredRecordCount: Int
    /// The encoding used for text, and how it was decided.
    public let encoding: EncodingDecision
    /// The language-driver byte (header offset 29).
    public let languageDriver: UInt8
    /// The version byte (0x03 dBASE III, 0x83/0x8B with memo, 0x30 Visual FoxPro ...).
    public let version: UInt8
    /// Problems that did not stop reading (odd lengths, trailing bytes, fields read as text).
    public let warnings: [String]

    let data: Data
    let headerLength: Int
    let recordLength: Int
    let decoder: TextDecoder

    /// Opens a `.dbf` (memory-mapped) and decides its text encoding.
    ///
    /// Problems that do not stop reading (a record count larger than the file holds, trailing
    /// bytes, unknown field types) become ``warnings``; only records wholly present are counted.
    /// - Parameters:
    ///   - path: The `.dbf` file; a sibling `.cpg` with the same base name is consulted.
    ///   - encoding: Forces an encoding, overriding `.cpg` and language driver.
    /// - Throws: ``ShapefileError`` when the file cannot be read or its header is invalid (shorter
    ///   than 33 bytes, or a field extending past the record).
    /// - Complexity: O(fields); O(file size) when the UTF-8 check runs (no `.cpg`, no language driver).
    ///
    /// ```swift
    /// let dbf = try DBFReader(path: "data/moscow_roads_utm37n_cp1251.dbf")
    /// print(dbf.recordCount, dbf.fields.map(\.name), dbf.encoding)
    /// ```
    public init(path: String, encoding forced: ShapefileEncoding? = nil) throws(ShapefileError) {
        self.path = path
        let data = try ShapefileReader.map(path)
        self.data = data
        guard data.count >= 33 else {
            throw ShapefileError(.header, file: path, "file is \(data.count) bytes, shorter than a DBF header")
        }
        let layout = data.withUnsafeBytes { raw in Self.parseLayout(raw) }
        let (version, declared, headerLength, recordLength, ldid, descriptors) = try layout.get(path)
        self.version = version
        self.declaredRecordCount = declared
        self.headerLength = headerLength
        self.recordLength = recordLength
        self.languageDriver = ldid
        var warnings: [String] = []

        // Field layout: each field must fit in the record.
        var offset = 1
        for d in descriptors {
            guard offset + d.length <= recordLength else {
                throw ShapefileError(.header, file: path, "field \(d.index + 1) (\(d.length) bytes at offset \(offset)) extends past the \(recordLength)-byte record")
            }
            offset += d.length
        }
        if offset != recordLength {
            warnings.append("fields cover \(offset) bytes of each \(recordLength)-byte record; the rest is ignored")
        }
        let available = recordLength > 0 ? max(0, data.count - headerLength) / recordLength : 0
        if declared > available {
            warnings.append("header declares \(declared) records but the file holds only \(available) complete ones")
        }
        let count = min(declared, available)
        self.recordCount = count
        let extra = data.count - headerLength - count * recordLength
        if count == declared && (extra > 1 || (extra == 1 && data[data.count - 1] != 0x1A)) {
            warnings.append("\(extra) bytes after the last record ignored")
        }

        let decision = Self.decideEncoding(forced: forced, path: path, languageDriver: ldid, data: data,
                                           textRanges: descriptors.map(\.nameRange) + [headerLength..<(headerLength + count * recordLength)])
        self.encoding = decision
        let decoder = TextDecoder(decision.encoding)
        self.decoder = decoder

        var fields: [DBFField] = []
        offset = 1
        for d in descriptors {
            let name = data.withUnsafeBytes { raw in decoder.decode(UnsafeRawBufferPointer(rebasing: raw[d.nameRange])) }
            let letter = Character(Unicode.Scalar(d.type))
            if !"CNFLD".contains(letter) {
                warnings.append("field \(name) has type '\(letter)', read as text")
            }
            fields.append(DBFField(name: name, type: letter, length: d.length, decimalCount: d.decimals,
                                   offset: offset, typeByte: d.type))
            offset += d.length
        }
        self.fields = fields
        self.warnings = warnings
    }

    /// Whether record `index` is marked deleted (first byte `*`).
    ///
    /// - Parameter index: `0..<recordCount`.
    /// - Precondition: `index` is in range (a programmer error otherwise).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let live = (0..<dbf.recordCount).filter { !dbf.isDeleted($0) }
    /// ```
    public func isDeleted(_ index: Int) -> Bool {
        precondition(index >= 0 && index < recordCount, "DBF record index \(index) out of range")
        return data[headerLength + index * recordLength] == 0x2A
    }

    /// The values of record `index`, one per field, in field order.
    ///
    /// Trailing spaces and NULs are trimmed and a blank field is `.null`. `C` (and unknown types)
    /// become `.string`, decoded with ``encoding``; `N`/`F` become `.integer` or `.number`
    /// (`*`-filled overflow is `.null`, other unparsable text stays `.string`); `L` becomes `.bool`
    /// (`?` is `.null`); `D` (`YYYYMMDD`) becomes the text `YYYY-MM-DD`, all zeros `.null`.
    /// - Parameter index: `0..<recordCount` (deleted records can be read too).
    /// - Precondition: `index` is in range.
    /// - Complexity: O(record length).
    ///
    /// ```swift
    /// let name = dbf.fieldIndex(named: "NAME")!
    /// print(dbf.record(at: 0)[name].stringValue ?? "-")   // a Cyrillic street name
    /// ```
    public func record(at index: Int) -> [JSONValue] {
        var values: [JSONValue] = []
        read(at: index, into: &values)
        return values
    }

    /// The index of the field called `name` (exact match first, then case-insensitive).
    ///
    /// - Parameter name: A field name.
    /// - Returns: The index into ``fields``, or `nil` when no field has that name.
    /// - Complexity: O(fields × name length).
    ///
    /// ```swift
    /// dbf.fieldIndex(named: "osm_id")   // finds "OSM_ID"
    /// ```
    public func fieldIndex(named name: String) -> Int? {
        fields.index(named: name)
    }

    /// Decodes record `index` into `values` (cleared first; storage reused).
    func read(at index: Int, into values: inout [JSONValue]) {
        precondition(index >= 0 && index < recordCount, "DBF record index \(index) out of range")
        values.removeAll(keepingCapacity: true)
        let base = headerLength + index * recordLength
        data.withUnsafeBytes { raw in
            for f in fields {
                let bytes = UnsafeRawBufferPointer(rebasing: raw[(base + f.offset)..<(base + f.offset + f.length)])
                values.append(Self.value(bytes, type: f.typeByte, decimals: f.decimalCount, decoder: decoder))
            }
        }
    }
}

extension DBFReader {
    struct Descriptor {
        var index: Int
        var nameRange: Range<Int>
        var type: UInt8
        var length: Int
        var decimals: Int
    }

    typealias Layout = (UInt8, Int, Int, Int, UInt8, [Descriptor])

    /// A header problem found inside `withUnsafeBytes`.
    struct LayoutResult {
        var layout: Layout?
        var problem: String?
        func get(_ path: String) throws(ShapefileError) -> Layout {
            if let layout { return layout }
            throw ShapefileError(.header, file: path, problem ?? "invalid DBF header")
        }
    }

    static func parseLayout(_ raw: UnsafeRawBufferPointer) -> LayoutResult {
        let version = raw[0]
        let declared = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
        let headerLength = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)))
        let recordLength = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 10, as: UInt16.self)))
        guard headerLength >= 33, headerLength <= raw.count else {
            return LayoutResult(problem: "header length \(headerLength) is outside 33...\(raw.count) (the file size)")
        }
        guard recordLength >= 1 else { return LayoutResult(problem: "record length is 0") }
        guard version & 0x07 != 0x04 else {
            return LayoutResult(problem: "dBASE 7 tables (version byte 0x\(String(version, radix: 16))) are not supported; save the table as dBASE III/IV")
        }
        var descriptors: [Descriptor] = []
        var o = 32
        while o + 32 <= headerLength, raw[o] != 0x0D {
            var nameEnd = o
            while nameEnd < o + 11, raw[nameEnd] != 0 { nameEnd += 1 }
            var trimmed = nameEnd
            while trimmed > o, raw[trimmed - 1] == 0x20 { trimmed -= 1 }
            descriptors.append(Descriptor(index: descriptors.count, nameRange: o..<trimmed, type: raw[o + 11],
                                          length: Int(raw[o + 16]), decimals: Int(raw[o + 17])))
            o += 32
        }
        if o >= headerLength || raw[o] != 0x0D {
            // No terminator: tolerated (some writers omit it) as long as the descriptors fit.
        }
        return LayoutResult(layout: (version, declared, headerLength, recordLength, raw[29], descriptors))
    }

    /// Chooses the text encoding: forced, `.cpg`, language driver, UTF-8 check, fallback.
    static func decideEncoding(forced: ShapefileEncoding?, path: String, languageDriver ldid: UInt8,
                               data: Data, textRanges: [Range<Int>]) -> EncodingDecision {
        if let forced { return EncodingDecision(encoding: forced, source: .forced) }
        var notes: [String] = []
        if let cpgPath = ShapefileReader.sibling(of: path, extension: "cpg") {
            if let contents = ShapefileReader.readSmallFile(cpgPath, limit: 4096) {
                let text = String(decoding: contents, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                if let e = ShapefileEncoding(name: text) {
                    return EncodingDecision(encoding: e, source: .cpg(text))
                }
                notes.append(".cpg says '\(text.prefix(40))', not a supported encoding")
            } else {
                notes.append(".cpg could not be read")
            }
        }
        // Field names and the record area; the binary descriptor bytes around the names are not text.
        let scan = data.withUnsafeBytes { raw -> UTF8Scan in
            var result = UTF8Scan.ascii
            for range in textRanges {
                let r = range.clamped(to: 0..<raw.count)
                switch UTF8Scan.scan(UnsafeRawBufferPointer(rebasing: raw[r])) {
                case .ascii: continue
                case .valid: result = .valid
                case .invalid(let at): return .invalid(at: at + r.lowerBound)
                }
            }
            return result
        }
        if let e = ShapefileEncoding.languageDriver(ldid) {
            if ldid == 0x57, scan == .valid {
                notes.append("language driver 0x57 ('ANSI') ignored: the text is valid UTF-8")
                return EncodingDecision(encoding: .utf8, source: .validUTF8, notes: notes)
            }
            return EncodingDecision(encoding: e, source: .languageDriver(ldid), notes: notes)
        }
        if ldid != 0 {
            let page = ShapefileEncoding.languageDriverCodePage(ldid).map { "code page \($0)" } ?? "unknown"
            notes.append("language driver 0x\(String(ldid, radix: 16, uppercase: true)) (\(page)) not supported")
        }
        switch scan {
        case .ascii, .valid:
            return EncodingDecision(encoding: .utf8, source: .validUTF8, notes: notes)
        case .invalid(let at):
            notes.append("byte \(at) is not UTF-8")
            return EncodingDecision(encoding: .windows1252, source: .fallback, notes: notes)
        }
    }

    /// Decodes one field value.
    @inline(__always)
    static func value(_ bytes: UnsafeRawBufferPointer, type: UInt8, decimals: Int, decoder: TextDecoder) -> JSONValue {
        let u = bytes.bindMemory(to: UInt8.self)
        var lo = 0, hi = u.count
        while hi > lo, u[hi - 1] == 0x20 || u[hi - 1] == 0 { hi -= 1 }
        if hi == lo { return .null }
        switch type {
        case 0x4E, 0x46:  // N, F
            while lo < hi, u[lo] == 0x20 { lo += 1 }
            let digits = UnsafeRawBufferPointer(rebasing: bytes[lo..<hi])
            if let i = parseInt(digits) { return .integer(Int64(i)) }
            if let d = parseDouble(digits) { return .number(d) }
            if digits.allSatisfy({ $0 == 0x2A }) { return .null }  // '*' fill: overflowed value
            return .string(decoder.decode(digits))
        case 0x4C:  // L
            switch u[lo] {
            case 0x54, 0x74, 0x59, 0x79: return .bool(true)
            case 0x46, 0x66, 0x4E, 0x6E: return .bool(false)
            default: return .null
            }
        case 0x44:  // D: YYYYMMDD
            let text = UnsafeRawBufferPointer(rebasing: bytes[lo..<hi])
            if text.count == 8, text.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                if text.allSatisfy({ $0 == 0x30 }) { return .null }
                let s = decoder.decode(text)
                let y = s.prefix(4), m = s.dropFirst(4).prefix(2), d = s.suffix(2)
                return .string("\(y)-\(m)-\(d)")
            }
            return .string(decoder.decode(text))
        default:  // C and anything else, as text
            return .string(decoder.decode(UnsafeRawBufferPointer(rebasing: bytes[lo..<hi])))
        }
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
            for i in 0..<b.count { buf[i] = CChar(bitPattern: b[i]) }
            buf[b.count] = 0
            var end: UnsafeMutablePointer<CChar>? = nil
            let v = strtod(buf.baseAddress!, &end)
            guard let end, end - buf.baseAddress! == b.count, v.isFinite else { return nil }
            return v
        }
    }
}

extension [DBFField] {
    /// The index of the field called `name`: an exact match first, then a case-insensitive one
    /// (DBF names are usually upper case, callers often type lower case).
    func index(named name: String) -> Int? {
        firstIndex { $0.name == name } ?? firstIndex { $0.name.lowercased() == name.lowercased() }
    }
}
