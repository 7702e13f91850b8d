import Foundation
import Testing
@testable import RoadGeo

@Suite("Shapefile reader (.shp/.shx)")
struct ShapefileReaderTests {
    @Test("Heidelberg header: PolyLine, 25,359 records, extent as written")
    func heidelbergHeader() throws {
        let shp = try ShapefileReader(path: Fixtures.data("heidelberg_roads_utm32n.shp"))
        #expect(shp.header.shapeType == .polyLine)
        #expect(shp.recordCount == 25_359)
        #expect(shp.indexPath != nil && shp.warnings.isEmpty)
        #expect(shp.header.fileBytes == 4_870_412 && shp.header.declaredFileBytes == 4_870_412)
        #expect(abs(shp.header.boundingBox.minX - 406_365.907) < 1e-3 && abs(shp.header.boundingBox.maxY - 5_484_931.611) < 1e-3)
    }

    @Test("records via .shx equal records found by walking the file (Andorra, every record)")
    func indexEqualsWalk() throws {
        let path = Fixtures.path("shapefile/andorra_roads_utm31n.shp")
        let indexed = try ShapefileReader(path: path), walked = try ShapefileReader(path: path, useIndex: false)
        #expect(walked.indexPath == nil && indexed.recordCount == 1_615 && walked.recordCount == 1_615)
        for i in 0..<indexed.recordCount {
            #expect(try indexed.record(at: i) == walked.record(at: i))
        }
    }

    @Test("shapelib csah: 24 NULL shapes at known records, 3 multipart records, 104 parts")
    func csahNullsAndParts() throws {
        let shp = try ShapefileReader(path: Fixtures.path("shapefile/csah.shp"))
        #expect(shp.recordCount == 124)
        var nulls: [Int] = [], multipart: [Int: Int] = [:], parts = 0
        for i in 0..<shp.recordCount {
            let r = try shp.record(at: i)
            if r.shapeType == .null { nulls.append(r.number); continue }
            parts += r.partCount
            if r.partCount > 1 { multipart[r.number] = r.partCount }
            for p in 0..<r.partCount { #expect(!r.pointRange(ofPart: p).isEmpty) }
        }
        #expect(nulls == [4, 5, 6, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 78, 79, 80, 81, 85, 87, 89, 90, 93, 94])
        #expect(multipart == [36: 2, 53: 3, 68: 2])
        #expect(parts == 104)
        let first = try shp.record(at: 0)
        #expect(first.pointCount == 21 && first.x[0] == 317255.90632692084 && first.y[0] == 5176398.915817963)
    }

    @Test("sf storms: PolyLineZ keeps Z; PolyLineM reads the M block that follows XY")
    func stormsZM() throws {
        let z = try ShapefileReader(path: Fixtures.path("shapefile/storms_xyz_feature.shp"))
        let m = try ShapefileReader(path: Fixtures.path("shapefile/storms_xyzm_feature.shp"))
        #expect(z.header.shapeType == .polyLineZ && m.header.shapeType == .polyLineM)
        #expect(z.recordCount == 71 && m.recordCount == 71)
        let rz = try z.record(at: 0), rm = try m.record(at: 0)
        #expect(rz.pointCount == 20 && rz.z.count == 20 && rz.m.isEmpty)
        #expect(Array(rz.z.prefix(3)) == [1011, 1011, 1010])
        #expect(rz.x[0] == -50.8 && rz.y[0] == 20.1)
        // The PolyLineM file stores its M block right after XY (the spec's layout), holding the
        // same values as the Z file's Z; a second block after it is ignored.
        #expect(rm.z.isEmpty && rm.m == rz.z && rm.x == rz.x && rm.y == rz.y)
        for i in 0..<71 {
            let a = try z.record(at: i), b = try m.record(at: i)
            #expect(a.z == b.m && a.x == b.x)
        }
    }

    @Test("every shape type written from the specification reads back, Z and M included")
    func everyShapeType() throws {
        typealias S = ShapefileTestFiles.Shape
        let cases: [(ShapeType, S)] = [
            (.point, S(type: .point, parts: [[(74.6, 42.9)]])),
            (.pointZ, S(type: .pointZ, parts: [[(74.6, 42.9)]], z: [800], m: [5])),
            (.pointM, S(type: .pointM, parts: [[(74.6, 42.9)]], m: [7])),
            (.multiPoint, S(type: .multiPoint, parts: [[(1, 2), (3, 4), (5, 6)]])),
            (.multiPointZ, S(type: .multiPointZ, parts: [[(1, 2), (3, 4)]], z: [10, 20])),
            (.multiPointM, S(type: .multiPointM, parts: [[(1, 2), (3, 4)]], m: [-1e39, 2])),
            (.polyLine, S(type: .polyLine, parts: [[(0, 0), (1, 1)], [(2, 2), (3, 3), (4, 4)]])),
            (.polyLineZ, S(type: .polyLineZ, parts: [[(0, 0), (1, 1)]], z: [1, 2], m: [3, 4])),
            (.polyLineM, S(type: .polyLineM, parts: [[(0, 0), (1, 1)]], m: [3, 4])),
            (.polygon, S(type: .polygon, parts: [[(0, 0), (1, 0), (1, 1), (0, 0)]])),
            (.polygonZ, S(type: .polygonZ, parts: [[(0, 0), (1, 0), (1, 1), (0, 0)]], z: [1, 2, 3, 1])),
            (.polygonM, S(type: .polygonM, parts: [[(0, 0), (1, 0), (1, 1), (0, 0)]], m: [1, 2, 3, 1])),
        ]
        for (type, shape) in cases {
            let (shp, shx) = ShapefileTestFiles.shp(fileType: type, shapes: [shape, S(type: .null, parts: [])])
            let path = try ShapefileTestFiles.write(["shp": shp, "shx": shx])
            let reader = try ShapefileReader(path: path)
            #expect(reader.recordCount == 2 && reader.warnings.isEmpty, "\(type)")
            let r = try reader.record(at: 0)
            let points = shape.parts.flatMap { $0 }
            #expect(r.shapeType == type)
            #expect(r.x == points.map(\.0) && r.y == points.map(\.1), "\(type)")
            #expect(r.partCount == (type.family == .polyLine || type.family == .polygon ? shape.parts.count : 1))
            #expect(r.z == (shape.z ?? []), "\(type)")
            // M "no data" (below -1e38) reads as NaN.
            let expectedM = (shape.m ?? []).map { $0 < -1e38 ? Double.nan : $0 }
            #expect(r.m.count == expectedM.count && zip(r.m, expectedM).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "\(type)")
            #expect(try reader.record(at: 1).shapeType == .null)
        }
    }

    @Test("MultiPatch is reported as unsupported, not decoded")
    func multiPatch() throws {
        var (shp, shx) = ShapefileTestFiles.shp(fileType: .multiPatch, shapes: [.init(type: .null, parts: [])])
        shp[108] = 31  // the one record's shape type: MultiPatch
        let path = try ShapefileTestFiles.write(["shp": shp, "shx": shx])
        let reader = try ShapefileReader(path: path)
        #expect { try reader.record(at: 0) } throws: { ($0 as? ShapefileError)?.kind == .unsupported && ($0 as? ShapefileError)?.record == 1 }
        let result = try ShapefileImport(path: path)
        #expect(result.report.skippedCount(.unsupportedShape) == 1 && result.roads.isEmpty)
    }

    @Test("pyshp corrupt_too_long: all 10 records read, the length disagreements are warnings")
    func corruptTooLong() throws {
        let path = Fixtures.path("shapefile/corrupt_too_long.shp")
        let shp = try ShapefileReader(path: path)
        #expect(shp.recordCount == 10)
        #expect(shp.warnings.contains { $0.contains("1144") && $0.contains("1145") })
        // Without the index the 4 bytes the header covers after the last record are not a record.
        let walked = try ShapefileReader(path: path, useIndex: false)
        #expect(walked.recordCount == 10 && walked.warnings.contains { $0.contains("5 trailing bytes") })
        let result = try ShapefileImport(path: path)
        #expect(result.roads.count == 10 && result.report.skipped.isEmpty)
        #expect(result.report.warnings.contains { $0.contains("dbf") && $0.contains("5 bytes after the last record") })
        #expect(result.roads.allSatisfy { $0.attributes == [.string("value")] })
    }

    @Test("header errors are typed: not a shapefile, wrong version, unknown type, too short, missing")
    func headerErrors() throws {
        let good = try Data(contentsOf: URL(fileURLWithPath: Fixtures.data("moscow_roads_utm37n_cp1251.shp")))
        func error(_ bytes: Data) throws -> ShapefileError? {
            let path = try ShapefileTestFiles.write(["shp": bytes])
            do { _ = try ShapefileReader(path: path); return nil } catch { return error }
        }
        var bad = good; bad[3] = 0x0B
        #expect(try error(bad)?.message.contains("file code") == true)
        bad = good; bad[28] = 0xE9
        #expect(try error(bad)?.message.contains("version") == true)
        bad = good; bad[32] = 2
        #expect(try error(bad)?.message.contains("unknown shape type 2") == true)
        #expect(try error(good.prefix(60))?.kind == .invalidHeader)
        #expect(throws: ShapefileError.self) { try ShapefileReader(path: "/nonexistent/roads.shp") }
    }

    @Test("a header claiming a 4 GB file and a .shx pointing past the end allocate nothing and name the record")
    func hugeClaims() throws {
        var shp = try Data(contentsOf: URL(fileURLWithPath: Fixtures.data("moscow_roads_utm37n_cp1251.shp")))
        var shx = try Data(contentsOf: URL(fileURLWithPath: Fixtures.data("moscow_roads_utm37n_cp1251.shx")))
        shp.replaceSubrange(24..<28, with: [0x7F, 0xFF, 0xFF, 0xFF])
        shx.replaceSubrange(100 + 8 * 5..<100 + 8 * 5 + 4, with: [0x7F, 0xFF, 0xFF, 0x00])  // record 6's offset
        shx.replaceSubrange(100 + 8 * 9 + 4..<100 + 8 * 9 + 8, with: [0x7F, 0xFF, 0xFF, 0xFF])  // record 10's length
        let path = try ShapefileTestFiles.copy(Fixtures.data("moscow_roads_utm37n_cp1251.shp")) { ext, data in
            ext == "shp" ? shp : ext == "shx" ? shx : data
        }
        let reader = try ShapefileReader(path: path)
        #expect(reader.warnings.contains { $0.contains("4294967294") })
        // The two bad entries are reported and their records taken from the walk of the .shp.
        #expect(reader.warnings.contains { $0.contains("entry 6 (byte 4294966784") && $0.contains("record 6 found at byte") })
        #expect(reader.warnings.contains { $0.contains("entry 10 (") && $0.contains("4294967294 bytes") && $0.contains("record 10 found at byte") })
        #expect(try reader.record(at: 5).number == 6 && reader.record(at: 9).number == 10)
        let result = try ShapefileImport(path: path)
        #expect(result.report.recordsRead == 588 && result.report.recordsImported == 588 && result.report.skipped.isEmpty)
    }

    @Test("a .shx cut short does not hide records: the .shp is walked and the mismatch reported")
    func shortIndex() throws {
        let path = try ShapefileTestFiles.copy(Fixtures.data("moscow_roads_utm37n_cp1251.shp")) { ext, data in
            ext == "shx" ? data.prefix(100 + 8 * 300) : data
        }
        let reader = try ShapefileReader(path: path)
        #expect(reader.recordCount == 588 && (0..<588).allSatisfy { reader.recordNumber(at: $0) == $0 + 1 })
        #expect(reader.warnings.contains { $0.contains("lists 300 records but the .shp holds 588") })
        #expect(try ShapefileImport(path: path).roads.count == 588)
    }
}
