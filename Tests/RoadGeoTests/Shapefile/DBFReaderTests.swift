import Foundation
import Testing
@testable import RoadGeo

@Suite("DBF attributes and code pages")
struct DBFReaderTests {
    /// The GeoJSON twin's features as (osm_id -> properties), parsed with Foundation.
    static func twinProperties(_ path: String) throws -> [Int: [String: Any]] {
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        var out: [Int: [String: Any]] = [:]
        for f in root?["features"] as? [[String: Any]] ?? [] {
            let p = f["properties"] as? [String: Any] ?? [:]
            if let id = (p["osm_id"] as? NSNumber)?.intValue { out[id] = p }
        }
        return out
    }

    @Test("Moscow CP1251 names decode to exactly the GeoJSON twin's strings")
    func moscowNames() throws {
        let dbf = try DBFReader(path: Fixtures.data("moscow_roads_utm37n_cp1251.dbf"))
        #expect(dbf.encoding.encoding == .windows1251 && dbf.encoding.source == .cpg("1251"))
        #expect(dbf.fields.map(\.name) == ["OSM_ID", "HIGHWAY", "NAME", "NAME_RU", "NAME_KY", "REF", "SURFACE", "LANES", "ONEWAY", "MAXSPEED"])
        let twin = try Self.twinProperties(Fixtures.data("moscow_roads.geojson"))
        let id = try #require(dbf.fieldIndex(named: "OSM_ID")), name = try #require(dbf.fieldIndex(named: "name"))
        let nameRU = try #require(dbf.fieldIndex(named: "NAME_RU"))
        var cyrillic = 0
        #expect(dbf.recordCount == 588)
        for i in 0..<dbf.recordCount {
            let row = dbf.record(at: i)
            guard case .integer(let osm) = row[id], let props = twin[Int(osm)] else {
                Issue.record("record \(i + 1): no twin for \(row[id])"); continue
            }
            #expect(row[name].stringValue == props["name"] as? String, "record \(i + 1)")
            #expect(row[nameRU].stringValue == props["name:ru"] as? String, "record \(i + 1)")
            if let s = row[name].stringValue, s.unicodeScalars.contains(where: { (0x400...0x4FF).contains($0.value) }) { cyrillic += 1 }
        }
        let expected = twin.values.filter { ($0["name"] as? String)?.unicodeScalars.contains { (0x400...0x4FF).contains($0.value) } == true }.count
        #expect(cyrillic == expected && cyrillic > 100)
    }

    @Test("without .cpg the language driver 0xC9 decides Windows-1251; with neither, detection finds Windows-1251; a forced cp1251 agrees")
    func moscowWithoutCpg() throws {
        let original = Fixtures.data("moscow_roads_utm37n_cp1251.shp")
        let noCpg = try ShapefileTestFiles.copy(original) { ext, data in ext == "cpg" ? nil : data }
        let byDriver = try DBFReader(path: noCpg.replacingOccurrences(of: ".shp", with: ".dbf"))
        #expect(byDriver.encoding.encoding == .windows1251 && byDriver.encoding.source == .languageDriver(0xC9))

        let neither = try ShapefileTestFiles.copy(original) { ext, data in
            if ext == "cpg" { return nil }
            var d = data; if ext == "dbf" { d[29] = 0 }; return d
        }
        let dbfPath = neither.replacingOccurrences(of: ".shp", with: ".dbf")
        // Neither .cpg nor language driver: the detector finds Windows-1251, sure of it.
        let detected = try DBFReader(path: dbfPath)
        #expect(detected.encoding.encoding == .windows1251 && detected.encoding.source == .detected)
        #expect((detected.encoding.confidence ?? 0) > 0.95 && !detected.warnings.contains { $0.contains("guessed") })
        let clean = try DBFReader(path: Fixtures.data("moscow_roads_utm37n_cp1251.dbf"))
        for i in stride(from: 0, to: 588, by: 7) { #expect(detected.record(at: i) == clean.record(at: i)) }
        let forced = try DBFReader(path: dbfPath, encoding: ShapefileEncoding(name: "cp1251"))
        #expect(forced.encoding.source == .forced)
        let reference = try DBFReader(path: Fixtures.data("moscow_roads_utm37n_cp1251.dbf"))
        for i in stride(from: 0, to: 588, by: 7) { #expect(forced.record(at: i) == reference.record(at: i)) }
    }

    @Test(".cpg forms seen in the wild", arguments: [
        ("1251", ShapefileEncoding.windows1251), ("CP1251", .windows1251), ("cp1251", .windows1251),
        ("windows-1251", .windows1251), ("Windows_1251", .windows1251), ("ANSI 1251", .windows1251),
        ("UTF-8", .utf8), ("utf8", .utf8), ("65001", .utf8), ("866", .cp866), ("IBM866", .cp866), ("cp866", .cp866),
        ("KOI8-R", .koi8R), ("koi8r", .koi8R), ("20866", .koi8R), ("ISO-8859-1", .iso8859_1), ("88591", .iso8859_1),
        ("latin1", .iso8859_1), ("ISO 8859-5", .iso8859_5), ("1252", .windows1252), ("\u{FEFF}UTF-8\r\n", .utf8),
    ])
    func cpgForms(text: String, expected: ShapefileEncoding) {
        #expect(ShapefileEncoding(name: text) == expected)
    }

    @Test("unknown encoding names are nil; language-driver bytes map per the dBASE table")
    func languageDrivers() {
        #expect(ShapefileEncoding(name: "SYSTEM") == nil && ShapefileEncoding(name: "") == nil && ShapefileEncoding(name: "no-such-page") == nil)
        #expect(ShapefileEncoding.languageDriver(0xC9) == .windows1251)
        #expect(ShapefileEncoding.languageDriver(0x26) == .cp866 && ShapefileEncoding.languageDriver(0x65) == .cp866)
        #expect(ShapefileEncoding.languageDriver(0x57) == .windows1252 && ShapefileEncoding.languageDriver(0x00) == nil)
        #expect(ShapefileEncoding.languageDriver(0x7B) == .shiftJIS && ShapefileEncoding.languageDriverCodePage(0x7B) == 932)
    }

    @Test("single-byte tables agree with Foundation for every byte 0x80...0xFF", arguments: [
        (ShapefileEncoding.windows1251, String.Encoding.windowsCP1251), (.windows1252, .windowsCP1252),
        (.windows1250, .windowsCP1250), (.windows1253, .windowsCP1253), (.windows1254, .windowsCP1254),
        (.iso8859_1, .isoLatin1), (.iso8859_2, .isoLatin2),
    ])
    func tablesAgainstFoundation(ours: ShapefileEncoding, foundation: String.Encoding) {
        let decoder = TextDecoder(ours)
        var undefined = 0
        defer { #expect(undefined <= 17) }
        for b in UInt8(0x80)...UInt8(0xFF) {
            let mine = [b].withUnsafeBytes { decoder.decode($0) }
            // Bytes the Unicode mapping leaves undefined decode to U+FFFD here; Foundation maps
            // some of them to C1 controls or "best fit" characters instead.
            if mine == "\u{FFFD}" { undefined += 1; continue }
            let theirs = String(data: Data([b]), encoding: foundation)
            #expect(mine == theirs, "\(ours) byte 0x\(String(b, radix: 16))")
        }
    }

    @Test("hand-checked bytes: CP1251 0xC0 А, 0xB9 №, 0xA8 Ё, 0x98 undefined; CP866 0x80 А, 0xFC №, 0xF0 Ё; KOI8-R 0xE1 А, 0xB3 Ё")
    func handCheckedBytes() {
        func decode(_ e: ShapefileEncoding, _ bytes: [UInt8]) -> [UInt32] {
            bytes.withUnsafeBytes { TextDecoder(e).decode($0) }.unicodeScalars.map(\.value)
        }
        #expect(decode(.windows1251, [0xC0, 0xB9, 0xA8, 0x98]) == [0x0410, 0x2116, 0x0401, 0xFFFD])
        #expect(decode(.cp866, [0x80, 0xFC, 0xF0]) == [0x0410, 0x2116, 0x0401])
        #expect(decode(.koi8R, [0xE1, 0xB3]) == [0x0410, 0x0401])
    }

    @Test("CP866 and KOI8-R tables agree with glibc iconv for every byte", arguments: [
        (ShapefileEncoding.cp866, "CP866"), (.koi8R, "KOI8-R"), (.koi8U, "KOI8-U"), (.cp437, "CP437"), (.iso8859_5, "ISO-8859-5"),
    ])
    func tablesAgainstIconv(ours: ShapefileEncoding, iconvName: String) throws {
        let bytes = (UInt8(0x80)...UInt8(0xFF)).map { $0 }
        let reference = try #require(Iconv.decode(bytes, from: iconvName))
        let mine = bytes.withUnsafeBytes { TextDecoder(ours).decode($0) }
        #expect(Array(mine.unicodeScalars) == Array(reference.unicodeScalars))
    }

    @Test("Cyrillic field names and values in CP866 (language driver 0x26) and KOI8-R (.cpg) decode right")
    func cyrillicPages() throws {
        let names = ["Улица", "проспект Мира", "Чүй проспекти", "ЭМ-01"]
        for (iconvName, cpg, driver) in [("CP866", nil as String?, UInt8(0x26)), ("CP866", nil, 0x65), ("KOI8-R", "KOI8-R", 0), ("CP1251", "windows-1251", 0)] {
            let encode = { (s: String) throws -> [UInt8] in try #require(Iconv.encode(s, to: iconvName)) }
            let field = ShapefileTestFiles.Field(name: try encode("ИМЯ"), type: "C", length: 40)
            // "Чүй" has ү (U+04AF), not in CP866/KOI8-R/1251: only encodable names are used there.
            let usable = names.filter { Iconv.encode($0, to: iconvName) != nil }
            let dbf = ShapefileTestFiles.dbf(fields: [field], rows: try usable.map { [try encode($0)] }, languageDriver: driver)
            var files = ["dbf": dbf]
            if let cpg { files["cpg"] = Data(cpg.utf8) }
            let path = try ShapefileTestFiles.write(files).replacingOccurrences(of: ".shp", with: ".dbf")
            let reader = try DBFReader(path: path)
            #expect(reader.fields.map(\.name) == ["ИМЯ"], "\(iconvName)")
            #expect((0..<usable.count).map { reader.record(at: $0)[0] } == usable.map { .string($0) }, "\(iconvName)")
        }
    }

    @Test("field types: N to Int or Double, F, L, D, blanks to null, '*' overflow to null, other types as text with a warning; deleted rows flagged")
    func fieldTypes() throws {
        typealias F = ShapefileTestFiles.Field
        let fields = [F(name: Array("ID".utf8), type: "N", length: 19), F(name: Array("LEN".utf8), type: "N", length: 12, decimals: 3),
                      F(name: Array("W".utf8), type: "F", length: 10, decimals: 2), F(name: Array("OK".utf8), type: "L", length: 1),
                      F(name: Array("BUILT".utf8), type: "D", length: 8), F(name: Array("NAME".utf8), type: "C", length: 20),
                      F(name: Array("MEMO".utf8), type: "M", length: 10)]
        let rows: [[String]] = [
            ["  1234567890123", "    12.500", "  -3.25", "T", "20240131", "Ала-Арча", "0000000012"],
            ["", "", "", "?", "        ", "   ", ""],
            ["-42", "7", "1e3", "n", "00000000", " lead", "x"],
            ["99999999999999999999", "abc", "**********", "Y", "2024013", "z", "y"],
        ]
        let data = ShapefileTestFiles.dbf(fields: fields, rows: rows.map { $0.map { Array($0.utf8) } }, deleted: [2])
        let path = try ShapefileTestFiles.write(["dbf": data, "cpg": Data("UTF-8".utf8)]).replacingOccurrences(of: ".shp", with: ".dbf")
        let dbf = try DBFReader(path: path)
        // A memo field without a memo file: its values are null and the reader says why.
        #expect(dbf.warnings.contains { $0.contains("memo fields but no .dbt or .fpt") })
        #expect(dbf.record(at: 0) == [.integer(1_234_567_890_123), .number(12.5), .number(-3.25), .bool(true), .string("2024-01-31"), .string("Ала-Арча"), .null])
        var values: [JSONValue] = []
        #expect(dbf.read(at: 0, into: &values) == .memoUnreadable)
        #expect(dbf.record(at: 1) == [.null, .null, .null, .null, .null, .null, .null])
        #expect(dbf.read(at: 1, into: &values) == [])   // a blank memo is no memo: nothing unreadable
        #expect(dbf.record(at: 2) == [.integer(-42), .integer(7), .number(1000), .bool(false), .null, .string(" lead"), .null])
        #expect(dbf.record(at: 3) == [.number(1e19), .string("abc"), .null, .bool(true), .string("2024013"), .string("z"), .null])
        #expect(!dbf.isDeleted(0) && dbf.isDeleted(2))
    }

    @Test("a latin-1 file without .cpg or language driver: detected as Windows-1252 (two letters: low confidence, said so) and decodes 'Ñandú'")
    func latin1() throws {
        let dbf = try DBFReader(path: Fixtures.path("shapefile/latin1.dbf"))
        #expect(dbf.encoding.source == .detected && dbf.encoding.encoding == .windows1252)
        #expect(dbf.encoding.isUncertain && dbf.warnings.contains { $0.contains("guessed with confidence") })
        #expect(dbf.record(at: 0) == [.integer(2), .string("Ñandú")])
    }

    @Test("csah: language driver 0x57 with ASCII text reads as Windows-1252; deleted rows are skipped and counted by the import")
    func deletedRows() throws {
        let original = Fixtures.path("shapefile/csah.shp")
        let dbf = try DBFReader(path: original.replacingOccurrences(of: ".shp", with: ".dbf"))
        #expect(dbf.encoding.source == .languageDriver(0x57))
        let path = try ShapefileTestFiles.copy(original) { ext, data in
            guard ext == "dbf" else { return data }
            var d = data
            for record in [1, 2, 3] { d[321 + (record - 1) * 100] = 0x2A }  // rows 1-3 deleted (header 321, record 100 bytes)
            return d
        }
        let result = try ShapefileImport(path: path, options: .init(sourceCRS: "EPSG:26915"))
        #expect(result.report.deletedRecords == 3 && result.report.skippedCount(.deleted) == 3)
        #expect(result.report.skipped.filter { $0.kind == .deleted }.map(\.record) == [1, 2, 3])
        #expect(result.roads.count == 96 && result.report.skipped.filter { $0.kind == .tooFewPoints }.map(\.record) == [84])  // record 84 is one repeated point
    }

    @Test("a DBF shorter than its header says: read to the last complete record, then the missing rows are skipped")
    func truncatedDBF() throws {
        let path = try ShapefileTestFiles.copy(Fixtures.data("moscow_roads_utm37n_cp1251.shp")) { ext, data in
            ext == "dbf" ? data.prefix(353 + 492 * 500 + 100) : data
        }
        let result = try ShapefileImport(path: path)
        #expect(result.report.dbfRecords == 500)
        #expect(result.report.warnings.contains { $0.contains("588") && $0.contains("500") })
        #expect(result.report.skippedCount(.noAttributes) == 88 && result.roads.count == 500)
    }
}

/// glibc iconv as an independent oracle for the code page tables.
enum Iconv {
    static func decode(_ bytes: [UInt8], from encoding: String) -> String? {
        convert(bytes, from: encoding, to: "UTF-8").map { String(decoding: $0, as: UTF8.self) }
    }

    static func encode(_ text: String, to encoding: String) -> [UInt8]? {
        convert(Array(text.utf8), from: "UTF-8", to: encoding)
    }

    static func convert(_ input: [UInt8], from: String, to: String) -> [UInt8]? {
        let cd = iconv_open(to, from)
        guard cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var inBytes = input.map { CChar(bitPattern: $0) }
        var out = [CChar](repeating: 0, count: input.count * 4 + 16)
        let produced: Int? = inBytes.withUnsafeMutableBufferPointer { inBuf in
            out.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = inBuf.baseAddress, outPtr: UnsafeMutablePointer<CChar>? = outBuf.baseAddress
                var inLeft = inBuf.count, outLeft = outBuf.count
                guard iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) != -1 else { return nil }
                return outBuf.count - outLeft
            }
        }
        return produced.map { out.prefix($0).map { UInt8(bitPattern: $0) } }
    }
}
