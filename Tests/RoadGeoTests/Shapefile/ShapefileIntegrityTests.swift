import Foundation
import Testing
@testable import RoadGeo

/// Record integrity on damaged copies of a real shapefile (the bundled Moscow roads, 588
/// records): every shape stays on its own DBF row, padding and garbage are skipped and named,
/// and the clean file's import is the oracle.
@Suite("Shapefile record integrity (.shp vs .shx vs .dbf)")
struct ShapefileIntegrityTests {
    static let moscow = Fixtures.data("moscow_roads_utm37n_cp1251.shp")

    /// Byte offset and content length of every record, from the clean .shx.
    static func entries() throws -> [(offset: Int, length: Int)] {
        let shx = try Data(contentsOf: URL(fileURLWithPath: Fixtures.data("moscow_roads_utm37n_cp1251.shx")))
        return stride(from: 100, to: shx.count, by: 8).map { o in
            let word = { (k: Int) in Int(shx[k]) << 24 | Int(shx[k + 1]) << 16 | Int(shx[k + 2]) << 8 | Int(shx[k + 3]) }
            return (word(o) * 2, word(o + 4) * 2)
        }
    }

    /// The clean import, keyed by record number.
    static func clean() throws -> [Int: ImportedRoad] {
        let result = try ShapefileImport(path: moscow)
        return Dictionary(uniqueKeysWithValues: result.roads.map { ($0.recordNumbers[0], $0) })
    }

    @Test("two swapped .shx entries: every shape keeps its own attributes, and the swap is reported")
    func swappedIndexEntries() throws {
        let path = try ShapefileTestFiles.copy(Self.moscow) { ext, data in
            guard ext == "shx" else { return data }
            var shx = data
            let a = 100 + 8 * 2, b = 100 + 8 * 3   // records 3 and 4
            let entryA = shx[a..<(a + 8)], entryB = shx[b..<(b + 8)]
            shx.replaceSubrange(a..<(a + 8), with: entryB)
            shx.replaceSubrange(b..<(b + 8), with: entryA)
            return shx
        }
        let result = try ShapefileImport(path: path)
        let clean = try Self.clean()
        #expect(result.roads.count == 588 && result.report.losses.isEmpty)
        for road in result.roads { #expect(road == clean[road.recordNumbers[0]], "record \(road.recordNumbers[0])") }
        #expect(result.report.warnings.contains { $0.contains("entry 3 points to the header of record 4") })
        #expect(result.report.warnings.contains { $0.contains("entry 4 points to the header of record 3") })
    }

    @Test("padding between records, no .shx: the walk resynchronises, every record is imported, the gap is named")
    func paddingWithoutIndex() throws {
        let offsets = try Self.entries()
        let gapAt = offsets[10].offset   // before record 11
        let path = try ShapefileTestFiles.copy(Self.moscow) { ext, data in
            if ext == "shx" { return nil }
            guard ext == "shp" else { return data }
            var shp = data
            shp.insert(contentsOf: [UInt8](repeating: 0, count: 7) + [0x1A, 0x20, 0x20, 0xFF], at: gapAt)
            return shp
        }
        let result = try ShapefileImport(path: path)
        let clean = try Self.clean()
        #expect(result.roads.count == 588 && result.report.skipped.isEmpty && result.report.losses.isEmpty)
        for road in result.roads { #expect(road == clean[road.recordNumbers[0]]) }
        #expect(result.report.warnings.contains { $0.contains("11 bytes after record 10 (bytes \(gapAt)..<\(gapAt + 11))") && $0.contains("resumed at record 11") })
    }

    @Test("padding between records with the .shx now off by the padding: records found by the walk, entries reported")
    func paddingWithStaleIndex() throws {
        let offsets = try Self.entries()
        let path = try ShapefileTestFiles.copy(Self.moscow) { ext, data in
            guard ext == "shp" else { return data }
            var shp = data
            shp.insert(contentsOf: [UInt8](repeating: 0x20, count: 6), at: offsets[100].offset)
            return shp
        }
        let result = try ShapefileImport(path: path)
        let clean = try Self.clean()
        #expect(result.roads.count == 588 && result.report.losses.isEmpty)
        for road in result.roads { #expect(road == clean[road.recordNumbers[0]]) }
        #expect(result.report.warnings.contains { $0.contains("entry 101 (byte \(offsets[100].offset)") && $0.contains("record 101 found at byte \(offsets[100].offset + 6)") })
        #expect(result.report.warnings.contains { $0.contains("6 bytes after record 100") })
    }

    @Test("garbage overwriting one record: that record is lost and reported, its neighbours keep their rows")
    func overwrittenRecord() throws {
        let offsets = try Self.entries()
        let victim = offsets[41]   // record 42
        let path = try ShapefileTestFiles.copy(Self.moscow) { ext, data in
            if ext == "shx" { return nil }
            guard ext == "shp" else { return data }
            var shp = data
            for k in victim.offset..<(victim.offset + 8 + victim.length) { shp[k] = UInt8(truncatingIfNeeded: k &* 131) | 0x80 }
            return shp
        }
        let result = try ShapefileImport(path: path)
        let clean = try Self.clean()
        #expect(result.roads.count == 587 && !result.roads.contains { $0.recordNumbers == [42] })
        for road in result.roads { #expect(road == clean[road.recordNumbers[0]]) }
        // The DBF row of record 42 pairs with no shape: a loss, with a line in the report.
        #expect(result.report.unpairedDBFRows == 1 && result.report.losses == ["1 DBF rows have no shape"])
        #expect(result.report.warnings.contains { $0.contains("rows 42") })
    }

    @Test("a .dbf shorter than the .shp: the records without a row are skipped as losses, named by record")
    func shortDBF() throws {
        let path = try ShapefileTestFiles.copy(Self.moscow) { ext, data in
            guard ext == "dbf" else { return data }
            var dbf = data
            let header = Int(dbf[8]) | Int(dbf[9]) << 8, length = Int(dbf[10]) | Int(dbf[11]) << 8
            dbf = dbf.prefix(header + 580 * length)
            dbf.replaceSubrange(4..<8, with: [0x44, 0x02, 0, 0])   // 580 rows
            return dbf
        }
        let result = try ShapefileImport(path: path)
        #expect(result.roads.count == 580)
        #expect(result.report.skipped.map(\.record) == Array(581...588) && result.report.skipped.allSatisfy { $0.kind == .noAttributes })
        #expect(result.report.losses.count == 8)
    }
}
