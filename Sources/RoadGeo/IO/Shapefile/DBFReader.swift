import Foundation

/// One field (column) of a `.dbf`.
///
/// ```swift
/// let f = dbf.fields[0]
/// print(f.name, f.type, f.length, f.decimalCount)   // "OSM_ID" N 19 0
/// ```
public struct DBFField: Hashable, Sendable {
    /// The field name, decoded with the file's encoding (Cyrillic names are common), made
    /// unique GDAL-style when the file repeats a name (``originalName`` keeps the file's).
    public var name: String
    /// The dBASE type letter: `C` text, `N`/`F` number, `L` logical, `D` date, `M` memo;
    /// FoxPro `I` integer, `Y` currency, `T` date-time, `B` double (or binary memo), `V`
    /// varchar, `G`/`P` binary memos; dBase 7 `O` double, `@` timestamp, `+` autoincrement.
    public var type: Character
    /// Width in bytes.
    public var length: Int
    /// Digits after the decimal point (N and F fields; 4 for Y).
    public var decimalCount: Int
    /// The name as the file writes it (differs from ``name`` after de-duplication).
    public var originalName: String
    /// Whether the field may be null (Visual FoxPro's nullable flag; blanks are null in other tables).
    public var isNullable: Bool
    /// Byte offset of the field inside a record (after the 1-byte deletion flag).
    var offset: Int
    /// The type letter as a byte.
    var typeByte: UInt8
    /// The `_NullFlags` bit saying the value is null, for nullable Visual FoxPro fields.
    var nullBit: Int?
    /// The `_NullFlags` bit saying a V/Q field is shorter than its width (its length is in its last byte).
    var varLengthBit: Int?
}

/// Reads a dBASE table (`.dbf`), the attribute half of a shapefile, record by record:
/// dBase III/IV/5, dBase 7, FoxPro and Visual FoxPro, with `.dbt`/`.fpt` memos.
///
/// The header, field descriptors and record area are checked against the real file size;
/// a header that claims more records than the file holds is read up to the last complete
/// record, with a warning. dBase II tables are refused with a message that says so. Text is
/// decoded with the encoding chosen as ``EncodingDecision`` describes (caller, `.cpg`,
/// language-driver byte, UTF-8 check, statistical detection). Deleted records (flag `*`) are
/// reported by ``isDeleted(_:)``. Fields with a repeated name (common after truncation to 10
/// characters) are renamed as GDAL's ogr2ogr renames them (`NAME`, `NAME2`, `NAME3`), with a warning.
///
/// Values (``JSONValue``), typed all the way:
/// - `C`, `V`: text, trailing blanks, NULs and the 0x1A end-of-file byte removed.
/// - `N`, `F`: `.integer` when integral, else `.number`; a decimal comma (`68,500`) is read
///   as a decimal point (the row's ``RowFlags/decimalComma`` says so); text that is no
///   number stays `.string` rather than being lost.
/// - `L`: `.bool` (`T t Y y` / `F f N n`); `?` and blank are null.
/// - `D`: the ISO date `"YYYY-MM-DD"`; `T` and `@`: `"YYYY-MM-DDTHH:MM:SS(.sss)"`.
/// - `I`, `+`: `.integer`; `Y`: `.number` (4 decimals); `B` (Visual FoxPro), `O`: `.number`.
/// - `M` and text memos: the memo's text; binary memos (`G`, `P`, FoxPro picture/object
///   blocks): base64 text; block 0 or blank: null.
///
/// Empty versus null, as GDAL reads DBFs: a blank N, F, D, L or C value of a dBase table is
/// null (the format cannot tell an empty string from a missing one, and GDAL reads both as
/// null). Visual FoxPro can: a nullable field is null exactly when its `_NullFlags` bit is
/// set, and a blank C value of a Visual FoxPro table is the empty string `""`.
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
    /// The fields in record order (system fields such as `_NullFlags` are not listed).
    public let fields: [DBFField]
    /// The number of complete records in the file (the header's count, or fewer if truncated).
    public let recordCount: Int
    /// The record count the header declares.
    public let declaredRecordCount: Int
    /// The encoding used for text, and how it was decided.
    public let encoding: EncodingDecision
    /// The language-driver byte (header offset 29).
    public let languageDriver: UInt8
    /// The version byte (0x03 dBASE III, 0x83/0x8B with memo, 0x04/0x8C dBase 7, 0x30 Visual FoxPro ...).
    public let version: UInt8
    /// The memo file used, if the table has memo fields and one was found.
    public let memoPath: String?
    /// Problems that did not stop reading (odd lengths, trailing bytes, renamed fields, a missing memo file).
    public let warnings: [String]

    let data: Data
    let headerLength: Int
    let recordLength: Int
    let decoder: TextDecoder
    let dialect: Dialect
    let memo: DBFMemo?
    /// Offset of the `_NullFlags` field in a record, for Visual FoxPro tables that have one.
    let nullFlagsOffset: Int?
    let nullFlagsLength: Int

    /// The flavour of the table, which decides how binary field types are stored.
    enum Dialect: Sendable { case dBase, visualFoxPro, dBase7 }

    /// What reading one row met, for the import report.
    ///
    /// ```swift
    /// var values: [JSONValue] = []
    /// let flags = dbf.read(at: 0, into: &values)
    /// if flags.contains(.decimalComma) { print("decimal commas read as points") }
    /// ```
    public struct RowFlags: OptionSet, Hashable, Sendable {
        /// The raw value.
        public let rawValue: UInt8
        /// Creates flags.
        ///
        /// - Parameter rawValue: The bits.
        /// - Complexity: O(1).
        ///
        /// ```swift
        /// let f = DBFReader.RowFlags(rawValue: 1)   // .decimalComma
        /// ```
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        /// A number was written with a decimal comma and read as a number.
        public static let decimalComma = RowFlags(rawValue: 1)
        /// A memo could not be read (block past the end of the memo file, or no memo file): null.
        public static let memoUnreadable = RowFlags(rawValue: 2)
    }

    /// Opens a `.dbf` (memory-mapped), its memo file if any, and decides its text encoding.
    ///
    /// Problems that do not stop reading (a record count larger than the file holds, trailing
    /// bytes, unknown field types, a missing memo file) become ``warnings``; only records
    /// wholly present are counted.
    /// - Parameters:
    ///   - path: The `.dbf` file; a sibling `.cpg` and `.dbt`/`.fpt` with the same base name are used.
    ///   - encoding: Forces an encoding, overriding `.cpg` and language driver.
    /// - Throws: ``ShapefileError`` when the file cannot be read, is a dBase II table (code
    ///   `.unsupported`), or its header is invalid (shorter than 33 bytes, or a field extending
    ///   past the record).
    /// - Complexity: O(fields); O(text bytes) when the encoding must be found from the text.
    ///
    /// ```swift
    /// let dbf = try DBFReader(path: "data/moscow_roads_utm37n_cp1251.dbf")
    /// print(dbf.recordCount, dbf.fields.map(\.name), dbf.encoding)
    /// ```
    public init(path: String, encoding forced: ShapefileEncoding? = nil) throws(ShapefileError) {
        self.path = path
        let data = try ShapefileReader.map(path)
        self.data = data
        if data.count >= 1, data[0] == 0x02 {
            throw ShapefileError(.unsupported, "a dBase II table (version byte 0x02): its header has another layout, which RoadGeo does not read; save the table as dBase III or later (LibreOffice, dBase, FoxPro)", path: path)
        }
        guard data.count >= 33 else {
            throw ShapefileError(.invalidHeader, "file is \(data.count) bytes, shorter than a DBF header", path: path)
        }
        let layout = try data.withUnsafeBytes { raw in Self.parseLayout(raw) }.get(path)
        let version = layout.version
        self.version = version
        self.declaredRecordCount = layout.declared
        self.headerLength = layout.headerLength
        self.recordLength = layout.recordLength
        self.languageDriver = layout.languageDriver
        let dialect: Dialect = (version & 0x07) == 0x04 ? .dBase7 : ([0x30, 0x31, 0x32].contains(version) ? .visualFoxPro : .dBase)
        self.dialect = dialect
        var warnings: [String] = []
        let recordLength = layout.recordLength, headerLength = layout.headerLength, descriptors = layout.descriptors

        // Field layout: each field must fit in the record.
        var offset = 1
        for d in descriptors {
            guard offset + d.length <= recordLength else {
                throw ShapefileError(.invalidHeader, "field \(d.index + 1) (\(d.length) bytes at offset \(offset)) extends past the \(recordLength)-byte record", path: path)
            }
            offset += d.length
        }
        if offset != recordLength {
            warnings.append("fields cover \(offset) bytes of each \(recordLength)-byte record; the rest is ignored")
        }
        let available = max(0, data.count - headerLength) / recordLength
        if layout.declared > available {
            warnings.append("header declares \(layout.declared) records but the file holds only \(available) complete ones")
        }
        let count = min(layout.declared, available)
        self.recordCount = count
        let extra = data.count - headerLength - count * recordLength
        if count == layout.declared && (extra > 1 || (extra == 1 && data[data.count - 1] != 0x1A)) {
            warnings.append("\(extra) bytes after the last record ignored")
        }

        // Text fields, for the encoding decision: names and C/V values (binary fields are not text).
        var textFields: [Range<Int>] = []
        offset = 1
        for d in descriptors {
            if d.type == 0x43 || d.type == 0x56 { textFields.append(offset..<(offset + d.length)) }
            offset += d.length
        }
        let decision = data.withUnsafeBytes { raw in
            Self.decideEncoding(forced: forced, path: path, languageDriver: layout.languageDriver, raw: raw,
                                names: descriptors.map(\.nameRange), textFields: textFields,
                                records: headerLength..<(headerLength + count * recordLength), recordLength: recordLength)
        }
        self.encoding = decision
        if decision.isUncertain {
            warnings.append("encoding \(decision.encoding) guessed with confidence \(String(format: "%.2f", decision.confidence ?? 0)), below \(EncodingDecision.confidenceThreshold): check the text, or give the encoding (.cpg or --encoding)")
        }
        let decoder = TextDecoder(decision.encoding)
        self.decoder = decoder

        // Fields: decoded names, made unique; Visual FoxPro null and var-length bits.
        var fields: [DBFField] = []
        var nullFlagsOffset: Int? = nil, nullFlagsLength = 0
        var nextBit = 0
        offset = 1
        for d in descriptors {
            let name = data.withUnsafeBytes { raw in decoder.decode(UnsafeRawBufferPointer(rebasing: raw[d.nameRange])) }
            defer { offset += d.length }
            if dialect == .visualFoxPro && (d.flags & 0x01) != 0 {
                if d.type == 0x30 { nullFlagsOffset = offset; nullFlagsLength = d.length }   // _NullFlags
                continue
            }
            let letter = Character(Unicode.Scalar(d.type))
            if !"CNFLDMIYTBOV@+GPQ0".contains(letter) {
                warnings.append("field \(name) has type '\(letter)', read as text")
            }
            var field = DBFField(name: name, type: letter, length: d.length, decimalCount: d.decimals, originalName: name,
                                 isNullable: dialect != .visualFoxPro || (d.flags & 0x02) != 0,
                                 offset: offset, typeByte: d.type, nullBit: nil, varLengthBit: nil)
            if dialect == .visualFoxPro {
                if d.type == 0x56 || d.type == 0x51 { field.varLengthBit = nextBit; nextBit += 1 }
                if (d.flags & 0x02) != 0 { field.nullBit = nextBit; nextBit += 1 }
            }
            fields.append(field)
        }
        if nullFlagsOffset == nil { for k in fields.indices { fields[k].nullBit = nil; fields[k].varLengthBit = nil } }
        warnings += Self.makeNamesUnique(&fields)
        self.fields = fields
        self.nullFlagsOffset = nullFlagsOffset
        self.nullFlagsLength = nullFlagsLength

        // Memo file.
        let memoTypes: Set<UInt8> = [0x4D, 0x47, 0x50] // M G P
        let hasMemo = fields.contains { memoTypes.contains($0.typeByte) || ($0.typeByte == 0x42 && dialect != .visualFoxPro) }
        var memo: DBFMemo? = nil
        var memoPath: String? = nil
        if hasMemo {
            if let p = DBFMemo.sibling(of: path) {
                do {
                    memo = try DBFMemo(path: p)
                    memoPath = p
                } catch {
                    warnings.append("memo file \((p as NSString).lastPathComponent) cannot be read (\(error.message)); memo values are null")
                }
            } else {
                warnings.append("the table has memo fields but no .dbt or .fpt beside it; memo values are null")
            }
        }
        self.memo = memo
        self.memoPath = memoPath
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

    /// The values of record `index`, one per field, in field order (see the type's overview
    /// for how each type is read).
    ///
    /// - Parameter index: `0..<recordCount` (deleted records can be read too).
    /// - Precondition: `index` is in range.
    /// - Complexity: O(record length), plus the memos it refers to.
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
    ///
    /// - Parameters:
    ///   - index: `0..<recordCount`.
    ///   - values: Receives one value per field.
    /// - Returns: What reading met (decimal commas, unreadable memos).
    /// - Precondition: `index` is in range.
    /// - Complexity: O(record length), plus the memos.
    ///
    /// ```swift
    /// var values: [JSONValue] = []
    /// for i in 0..<dbf.recordCount { dbf.read(at: i, into: &values) }
    /// ```
    @discardableResult
    public func read(at index: Int, into values: inout [JSONValue]) -> RowFlags {
        precondition(index >= 0 && index < recordCount, "DBF record index \(index) out of range")
        values.removeAll(keepingCapacity: true)
        let base = headerLength + index * recordLength
        var flags: RowFlags = []
        data.withUnsafeBytes { raw in
            var nullFlags: UInt64 = 0
            if let o = nullFlagsOffset {
                for k in 0..<min(8, nullFlagsLength) { nullFlags |= UInt64(raw[base + o + k]) << (8 * UInt64(k)) }
            }
            for f in fields {
                if let bit = f.nullBit, bit < 64, nullFlags & (1 << UInt64(bit)) != 0 { values.append(.null); continue }
                var bytes = UnsafeRawBufferPointer(rebasing: raw[(base + f.offset)..<(base + f.offset + f.length)])
                if let bit = f.varLengthBit, bit < 64, nullFlags & (1 << UInt64(bit)) != 0, f.length > 0 {
                    let n = min(Int(bytes[f.length - 1]), f.length - 1)
                    bytes = UnsafeRawBufferPointer(rebasing: bytes[0..<n])
                }
                values.append(value(bytes, field: f, flags: &flags))
            }
        }
        return flags
    }
}

// MARK: - Header

extension DBFReader {
    struct Descriptor {
        var index: Int
        var nameRange: Range<Int>
        var type: UInt8
        var length: Int
        var decimals: Int
        var flags: UInt8
    }

    struct Layout {
        var version: UInt8
        var declared: Int
        var headerLength: Int
        var recordLength: Int
        var languageDriver: UInt8
        var descriptors: [Descriptor]
    }

    /// A header problem found inside `withUnsafeBytes`.
    struct LayoutResult {
        var layout: Layout?
        var problem: String?
        func get(_ path: String) throws(ShapefileError) -> Layout {
            if let layout { return layout }
            throw ShapefileError(.invalidHeader, problem ?? "invalid DBF header", path: path)
        }
    }

    /// Reads the header and field descriptors: 32-byte descriptors from byte 32 (dBase III to
    /// 5, FoxPro), or 48-byte ones from byte 68 (dBase 7, version byte `x4`).
    static func parseLayout(_ raw: UnsafeRawBufferPointer) -> LayoutResult {
        let version = raw[0]
        let declared = Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
        let headerLength = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt16.self)))
        let recordLength = Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: 10, as: UInt16.self)))
        guard headerLength >= 33, headerLength <= raw.count else {
            return LayoutResult(problem: "header length \(headerLength) is outside 33...\(raw.count) (the file size)")
        }
        guard recordLength >= 1 else { return LayoutResult(problem: "record length is 0") }
        let dBase7 = version & 0x07 == 0x04
        let (first, size, nameLength, typeAt) = dBase7 ? (68, 48, 32, 32) : (32, 32, 11, 11)
        var descriptors: [Descriptor] = []
        var o = first
        while o + size <= headerLength, raw[o] != 0x0D {
            var nameEnd = o
            while nameEnd < o + nameLength, raw[nameEnd] != 0 { nameEnd += 1 }
            var trimmed = nameEnd
            while trimmed > o, raw[trimmed - 1] == 0x20 { trimmed -= 1 }
            let length = Int(raw[o + typeAt + (dBase7 ? 1 : 5)]), decimals = Int(raw[o + typeAt + (dBase7 ? 2 : 6)])
            var type = raw[o + typeAt]
            if type >= 0x61 && type <= 0x7A { type -= 0x20 }   // some writers use lower-case letters
            // Clipper's C fields over 255 bytes (high byte in the decimal count) are not read as such:
            // GDAL's shapelib disabled that reading, since other writers put formatting there.
            descriptors.append(Descriptor(index: descriptors.count, nameRange: o..<trimmed, type: type,
                                          length: length, decimals: type == 0x43 ? 0 : decimals,
                                          flags: dBase7 ? 0 : raw[o + 18]))
            o += size
        }
        return LayoutResult(layout: Layout(version: version, declared: declared, headerLength: headerLength,
                                           recordLength: recordLength, languageDriver: raw[29], descriptors: descriptors))
    }

    /// Renames repeated field names (compared case-insensitively, as DBF names are) the way
    /// GDAL's ogr2ogr does ("Field 'NAME' already exists. Renaming it as 'NAME2'"): the name
    /// followed by the first number from 2 up that makes it unique; returns one warning per rename.
    static func makeNamesUnique(_ fields: inout [DBFField]) -> [String] {
        var taken = Set(fields.map { $0.name.uppercased() })
        var seen = Set<String>()
        var warnings: [String] = []
        for k in fields.indices {
            let key = fields[k].name.uppercased()
            if seen.insert(key).inserted { continue }
            let stem = fields[k].name
            var n = 2
            while taken.contains("\(stem)\(n)".uppercased()) { n += 1 }
            let name = "\(stem)\(n)"
            warnings.append("field \(k + 1) repeats the name '\(stem)'; renamed '\(name)' (as GDAL's ogr2ogr does)")
            fields[k].name = name
            taken.insert(name.uppercased())
            seen.insert(name.uppercased())
        }
        return warnings
    }
}

extension [DBFField] {
    /// The index of the field called `name`: an exact match first, then a case-insensitive one
    /// (DBF names are usually upper case, callers often type lower case).
    func index(named name: String) -> Int? {
        firstIndex { $0.name == name } ?? firstIndex { $0.name.lowercased() == name.lowercased() }
    }
}
