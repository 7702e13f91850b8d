import Foundation
import Testing
@testable import RoadGeo

/// Real DBF files from other projects' test suites (Fixtures/dbf/SOURCE.md), each value
/// checked against what another decoder reads: Python dbfread 2.0.7, the Ruby dbf gem's
/// fixture summaries and record files, and GDAL 3.6's ogrinfo where GDAL reads the format.
@Suite("DBF formats: memos, FoxPro and dBase 7 types, dBase II, empty vs null")
struct DBFFormatsTests {
    static func dbf(_ name: String) throws -> DBFReader { try DBFReader(path: Fixtures.path("dbf/\(name)")) }

    static func value(_ reader: DBFReader, _ row: Int, _ field: String) -> JSONValue? {
        reader.fieldIndex(named: field).map { reader.record(at: row)[$0] }
    }

    @Test("dBase III memo (.dbt, version 0x83): the memo text, not its block number (dbfread)")
    func dBase3Memo() throws {
        let t = try Self.dbf("dbase_83.dbf")
        #expect(t.recordCount == 67 && t.memoPath?.hasSuffix("dbase_83.dbt") == true)
        #expect(Self.value(t, 9, "ID") == .integer(34) && Self.value(t, 9, "NAME") == .string("Apricot Brandy Fruitcake"))
        #expect(Self.value(t, 9, "PRICE") == .number(37.95) && Self.value(t, 9, "TAXABLE") == .bool(false))
        let memo = try #require(Self.value(t, 9, "DESC")?.stringValue)
        #expect(memo.hasPrefix("Once tasted you will understand why we won The\r\nBoston Herald's Fruitcake Taste-off."))
        #expect(memo.hasSuffix("Presented in a gift tin.  (3lbs. 4oz)") && memo.unicodeScalars.count == 634)
        // The Ruby dbf gem's record 0 (dbase_83_record_0.yml).
        #expect(Self.value(t, 0, "DESC")?.stringValue?.hasPrefix("Our Original assortment...a little taste of heaven for everyone.  Let us\r\nselect") == true)
    }

    @Test("dBase IV memo (.dbt, version 0x8B): block header FF FF 08 00 and its length (dbfread)")
    func dBase4Memo() throws {
        let t = try Self.dbf("dbase_8b.dbf")
        #expect(t.recordCount == 10)
        #expect(t.record(at: 0) == [.string("One"), .number(1), .string("1970-01-01"), .bool(true), .number(1.23456789012346), .string("First memo\r\n")])
        #expect(t.record(at: 1) == [.string("Two"), .number(2), .string("1970-12-31"), .bool(true), .number(2), .string("Second memo\n")])
        #expect(t.record(at: 9) == [.string("Ten records stored in this database"), .number(10), .null, .null, .number(0.1), .null])
    }

    @Test("Visual FoxPro memo (.fpt) and T date-times (dbfread)")
    func foxProMemoAndDateTime() throws {
        let t = try Self.dbf("foxpro_calls.dbf")
        #expect(t.recordCount == 16 && t.fields.map(\.type) == ["I", "I", "T", "T", "C", "M"])
        #expect(t.record(at: 0) == [.integer(1), .integer(1), .string("1994-11-21T13:35:39"), .string("1899-12-30T13:35:38.999"),
                                    .string("Buy flavored coffees."),
                                    .string("Nancy told me about their blends. Thinking about it. Should call back later.")])
        #expect(t.record(at: 15) == [.integer(16), .integer(5), .string("1995-01-01T12:59:59.999"), .string("1899-12-30T13:00:00"),
                                     .string("Shipment went to wrong address."), .string("Margaret's shipment went to Steven, oops.")])
        let memo = try Self.dbf("memotest.dbf")
        #expect(memo.record(at: 0) == [.string("Alice"), .string("1987-03-01"), .string("Alice memo")])
        #expect(memo.record(at: 1) == [.string("Bob"), .string("1980-11-12"), .string("Bob memo")])
    }

    @Test("Visual FoxPro I, Y and L with _NullFlags hidden (dbfread: UNITPRICE Decimal('18'))")
    func foxProBinaryTypes() throws {
        let t = try Self.dbf("dbase_31.dbf")
        #expect(t.recordCount == 77 && !t.fields.contains { $0.name == "_NullFlags" })
        #expect(t.record(at: 0) == [.integer(1), .string("Chai"), .integer(1), .integer(1), .string("10 boxes x 20 bags"),
                                    .number(18), .integer(39), .integer(0), .integer(10), .bool(false)])
        // Language driver 0x03 is Windows-1252, as GDAL and dbfread read it ("Soáe" is how they show it too).
        #expect(t.record(at: 76)[1] == .string("Original Frankfurter grüne Soáe") && t.record(at: 76)[5] == .number(13))
    }

    @Test("Visual FoxPro V (varchar): its length from the last byte when its _NullFlags bit says so")
    func foxProVarchar() throws {
        let t = try Self.dbf("dbase_32.dbf")
        #expect(t.fields.map(\.name) == ["NAME"] && t.record(at: 0) == [.string("Bad Meets Evil")])
    }

    @Test("Visual FoxPro 0x30 with memos: blank C is the empty string, blank N and D null, memos read (dbfread record 3)")
    func foxProEmptyVersusNull() throws {
        let t = try Self.dbf("dbase_30.dbf")
        #expect(t.recordCount == 34)
        #expect(Self.value(t, 3, "APPRAISOR") == .string("") && Self.value(t, 3, "APPNOTES") == .null)
        #expect(Self.value(t, 3, "EXHIBITNO") == .null && Self.value(t, 3, "EXHSTART") == .null)
        #expect(Self.value(t, 3, "CLASSES") == .string("Agriculture\r\nFarms & Farming\r\n"))
        #expect(Self.value(t, 3, "CATDATE") == .string("1999-03-05") && Self.value(t, 3, "UPDATED") == .string("2006-04-20T17:12:39"))
        #expect(Self.value(t, 3, "EARLYDATE") == .integer(1995) && Self.value(t, 3, "WEBINCLUDE") == .bool(false))
        #expect(Self.value(t, 3, "INSVALUE") == .number(1_000_000) || Self.value(t, 3, "INSVALUE") == .integer(1_000_000))
    }

    @Test("dBase 7 (version 0x8C): 48-byte descriptors, 32-character names, + autoincrement; missing .dbt said")
    func dBase7() throws {
        let t = try Self.dbf("dbase_8c.dbf")
        #expect(t.recordCount == 10)
        #expect(t.fields.map(\.name) == ["ID", "Name", "Species", "Length CM", "Description", "OLE Graphic"])
        #expect(t.fields.map(\.type) == ["+", "C", "C", "N", "M", "G"])
        #expect(t.record(at: 0)[0...2] == [.integer(1), .string("Clown Triggerfish"), .string("Ballistoides conspicillum")])
        #expect(t.record(at: 2)[0...1] == [.integer(3), .string("Blue Angelfish")])
        #expect(t.warnings.contains { $0.contains("no .dbt or .fpt") })
    }

    @Test("dBase II is refused with a message that says dBase II")
    func dBase2() {
        #expect {
            try Self.dbf("dbase_02.dbf")
        } throws: { error in
            guard let e = error as? ShapefileError else { return false }
            return e.kind == .unsupported && e.message.contains("dBase II") && e.path?.hasSuffix("dbase_02.dbf") == true
        }
    }

    @Test("Cyrillic: VFP cp1251.dbf by its language driver 0xC9; dbase_03_cyrillic (driver 0xF0, UTF-8 text) as GDAL reads it")
    func cyrillicFiles() throws {
        let t = try Self.dbf("cp1251.dbf")
        #expect(t.encoding.source == .languageDriver(0xC9))
        #expect((0..<4).map { t.record(at: $0)[1] } == [.string("амбулаторно-поликлиническое"), .string("больничное"), .string("НИИ"),
                                                         .string("образовательное медицинское учреждение")])
        let u = try Self.dbf("dbase_03_cyrillic.dbf")
        #expect(u.encoding.encoding == .utf8 && u.fields.map(\.name) == ["ШАР", "ПЛОЩА"])
        #expect(u.record(at: 0) == [.string("Номер"), .number(36.3)] && u.record(at: 1)[0] == .string("Культ"))
    }

    @Test("written for the issue's list: decimal comma, 0x1A and padding stripped, duplicate names renamed as ogr2ogr renames them")
    func valueEdges() throws {
        typealias F = ShapefileTestFiles.Field
        let fields = [F(name: Array("NAME".utf8), type: "C", length: 10), F(name: Array("NUM".utf8), type: "N", length: 10, decimals: 3),
                      F(name: Array("NAME".utf8), type: "C", length: 5), F(name: Array("name".utf8), type: "C", length: 5),
                      F(name: Array("NAME_1".utf8), type: "C", length: 5)]
        let rows: [[[UInt8]]] = [[Array("x\u{1A}".utf8), Array("68,500".utf8), Array("a".utf8), Array("b".utf8), Array("c".utf8)],
                                 [[0, 0, 0], Array("  12.250".utf8), [], [], []]]
        let path = try ShapefileTestFiles.write(["dbf": ShapefileTestFiles.dbf(fields: fields, rows: rows)]).replacingOccurrences(of: ".shp", with: ".dbf")
        let t = try DBFReader(path: path)
        // `ogr2ogr -f "ESRI Shapefile"` of this table (GDAL 3.6) warns "Field 'NAME' already exists.
        // Renaming it as 'NAME2'" and "'name' ... as 'name3'": the same names here.
        #expect(t.fields.map(\.name) == ["NAME", "NUM", "NAME2", "name3", "NAME_1"])
        #expect(t.fields.map(\.originalName) == ["NAME", "NUM", "NAME", "name", "NAME_1"])
        #expect(t.warnings.filter { $0.contains("repeats the name") }.count == 2)
        var values: [JSONValue] = []
        #expect(t.read(at: 0, into: &values) == .decimalComma)
        // GDAL reads "68,500" as 68 (with a warning); the decimal comma is 68.5.
        #expect(values == [.string("x"), .number(68.5), .string("a"), .string("b"), .string("c")])
        // Blank C (spaces or NULs) is null in a dBase table, as GDAL's ogrinfo shows it.
        #expect(t.record(at: 1) == [.null, .number(12.25), .null, .null, .null])
    }
}
