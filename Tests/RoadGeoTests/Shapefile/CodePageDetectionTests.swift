import Foundation
import Testing
@testable import RoadGeo

/// Code pages: detection when neither `.cpg` nor language driver says, every `.cpg` name GDAL
/// accepts (CJK through iconv), and the detector's cost. Text comes from real files: the
/// Moscow street names (Cyrillic), the Heidelberg ones (German), re-encoded with glibc iconv.
@Suite("Code-page detection and .cpg names")
struct CodePageDetectionTests {
    /// The `NAME` values of a bundled shapefile's DBF, decoded as the file says.
    static func names(_ shp: String, limit: Int = 600) throws -> [String] {
        let dbf = try DBFReader(path: Fixtures.data(shp).replacingOccurrences(of: ".shp", with: ".dbf"))
        let k = try #require(dbf.fieldIndex(named: "NAME"))
        return (0..<min(limit, dbf.recordCount)).compactMap { dbf.record(at: $0)[k].stringValue }
    }

    /// A one-field DBF of `texts` encoded with iconv's `encoding`, no .cpg, language driver `ldid`.
    static func dbf(_ texts: [String], encoding: String, ldid: UInt8 = 0, cpg: String? = nil) throws -> (String, [String]) {
        let usable = texts.filter { Iconv.encode($0, to: encoding) != nil && $0.utf8.count <= 80 }
        let rows = try usable.map { [try #require(Iconv.encode($0, to: encoding))] }
        let data = ShapefileTestFiles.dbf(fields: [.init(name: Array("NAME".utf8), type: "C", length: 254)], rows: rows, languageDriver: ldid)
        var files = ["dbf": data]
        if let cpg { files["cpg"] = Data(cpg.utf8) }
        return (try ShapefileTestFiles.write(files).replacingOccurrences(of: ".shp", with: ".dbf"), usable)
    }

    @Test("Cyrillic street names with no .cpg and language driver 0: each page is detected, with confidence above the threshold", arguments: [
        ("CP1251", ShapefileEncoding.windows1251), ("CP866", .cp866), ("KOI8-R", .koi8R), ("ISO-8859-5", .iso8859_5),
    ])
    func cyrillicPages(iconvName: String, expected: ShapefileEncoding) throws {
        let (path, texts) = try Self.dbf(try Self.names("moscow_roads_utm37n_cp1251.shp"), encoding: iconvName)
        let t = try DBFReader(path: path)
        #expect(t.encoding.encoding == expected && t.encoding.source == .detected, "\(t.encoding)")
        #expect((t.encoding.confidence ?? 0) >= EncodingDecision.confidenceThreshold && !t.encoding.isUncertain)
        #expect((0..<t.recordCount).map { t.record(at: $0)[0] } == texts.map { .string($0) })
    }

    @Test("a handful of Cyrillic names is still read right; one short word is low confidence and said so")
    func smallSamples() throws {
        let names = try Self.names("moscow_roads_utm37n_cp1251.shp").filter { $0.unicodeScalars.contains { $0.value >= 0x400 } }
        let (few, _) = try Self.dbf(Array(names.prefix(5)), encoding: "CP1251")
        #expect(try DBFReader(path: few).encoding.encoding == .windows1251)
        let (one, _) = try Self.dbf(["Мира"], encoding: "CP1251")
        let t = try DBFReader(path: one)
        #expect(t.encoding.isUncertain && t.warnings.contains { $0.contains("guessed with confidence") })
    }

    @Test("German street names in Windows-1252 and ISO-8859-1 are detected as Windows-1252 (its superset)", arguments: ["CP1252", "ISO-8859-1"])
    func westernPages(iconvName: String) throws {
        let german = try Self.names("heidelberg_roads_utm32n.shp", limit: 25_359).filter { $0.unicodeScalars.contains { $0.value >= 0x80 } }
        #expect(german.count > 100)
        let (path, texts) = try Self.dbf(german, encoding: iconvName)
        let t = try DBFReader(path: path)
        #expect(t.encoding.encoding == .windows1252 && !t.encoding.isUncertain, "\(t.encoding)")
        #expect((0..<t.recordCount).map { t.record(at: $0)[0] } == texts.map { .string($0) })
    }

    @Test("language driver 0x57 ('ANSI') with Windows-1251 text: detected among the ANSI pages, not read as 1252 mojibake")
    func ansiDriver() throws {
        let (path, texts) = try Self.dbf(try Self.names("moscow_roads_utm37n_cp1251.shp"), encoding: "CP1251", ldid: 0x57)
        let t = try DBFReader(path: path)
        #expect(t.encoding.encoding == .windows1251 && t.encoding.source == .detected)
        #expect(t.record(at: 0)[0] == .string(texts[0]) && !texts[0].contains("à"))
    }

    @Test("every .cpg form GDAL accepts decodes like iconv, CJK included", arguments: [
        ("Big5", "BIG5", "臺北市中正區重慶南路"), ("950", "CP950", "臺北市中正區"), ("874", "CP874", "ถนนสุขุมวิท"),
        ("EUC-KR", "EUC-KR", "서울특별시 종로구 세종대로"), ("949", "CP949", "부산광역시"), ("Shift_JIS", "SHIFT_JIS", "東京都千代田区丸の内"),
        ("932", "CP932", "大阪府大阪市北区"), ("GBK", "GBK", "北京市东城区长安街"), ("936", "CP936", "上海市黄浦区"),
        ("GB18030", "GB18030", "广州市天河区"), ("8859-5", "ISO-8859-5", "улица Ленина"), ("88595", "ISO-8859-5", "проспект Мира"),
        ("1255", "CP1255", "רחוב הרצל"), ("1256", "CP1256", "شارع الملك"), ("ANSI 1251", "CP1251", "Чуй проспекти"),
        ("LDID/201", "CP1251", "Ош шаары"), ("LDID/38", "CP866", "улица Ленина"), ("LDID/123", "CP932", "名古屋市中区"),
    ])
    func cpgNames(cpg: String, iconvName: String, text: String) throws {
        let (path, texts) = try Self.dbf([text, text + " 2"], encoding: iconvName, cpg: cpg)
        let t = try DBFReader(path: path)
        #expect(t.encoding.source == .cpg(cpg))
        #expect(t.record(at: 0) == [.string(texts[0])] && t.record(at: 1) == [.string(texts[1])], "\(t.encoding)")
        #expect(ShapefileEncoding(name: cpg) != nil)   // the same names work for --encoding
    }

    @Test("--encoding names: gbk, big5, shiftjis, cp1251 and unknown names")
    func optionNames() {
        #expect(ShapefileEncoding(name: "gbk") == .gbk && ShapefileEncoding(name: "big5") == .big5)
        #expect(ShapefileEncoding(name: "shiftjis") == .shiftJIS && ShapefileEncoding(name: "sjis") == .shiftJIS)
        #expect(ShapefileEncoding(name: "euc-kr") == .cp949 && ShapefileEncoding(name: "cp1251") == .windows1251)
        #expect(ShapefileEncoding(name: "EUC-JP")?.rawValue == "EUC-JP" && ShapefileEncoding(name: "klingon") == nil)
    }
}
