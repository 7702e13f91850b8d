import Foundation
import Testing
@testable import RoadGeo

/// Point layers and the machine-readable report.
@Suite("Shapefile point layers and the JSON report")
struct ShapefilePointLayerTests {
    static let crimes = Fixtures.path("network/geodanet/crimes.shp")

    @Test("GeoDaNet crimes (287 points, StatePlane feet): a point layer with GDAL's coordinates and attributes")
    func crimesAsPoints() throws {
        let result = try ShapefileImport(path: Self.crimes)
        #expect(result.points.count == 287 && result.roads.isEmpty && result.report.losses.isEmpty)
        #expect(result.fields.map(\.name) == ["POLYID2", "POLYID"])
        // ogr2ogr -t_srs EPSG:4326 (GDAL 3.6, PROJ 9.1): feature 0 at (-111.825191301, 33.407269935), 286 at (-111.832762538, 33.422875245).
        let first = result.points[0], last = result.points[286]
        #expect(first.attributes == [.integer(1), .integer(1)] && last.attributes == [.integer(287), .integer(287)])
        #expect(abs(first.coordinates[0].longitude - -111.825191301) < 1e-9 && abs(first.coordinates[0].latitude - 33.407269935) < 1e-9)
        #expect(abs(last.coordinates[0].longitude - -111.832762538) < 1e-9 && abs(last.coordinates[0].latitude - 33.422875245) < 1e-9)
        let feature = first.feature(fields: result.fields)
        #expect(feature.geometry?.typeName == "Point" && feature.properties["POLYID"] == .integer(1))
    }

    @Test("imported points answer nearest queries through PackedRTree exactly as brute force does (LocalRuler metric)")
    func nearestOffice() throws {
        let points = try ShapefileImport(path: Self.crimes).points.map { $0.coordinates[0] }
        let tree = PackedRTree(boxes: points.map { BoundingBox($0) })
        var rng = SplitMix64(seed: 14)
        for _ in 0..<200 {
            let u = Double(rng.next() >> 11) / Double(1 << 53), v = Double(rng.next() >> 11) / Double(1 << 53)
            let q = Coordinate(-111.84 + 0.03 * u, 33.40 + 0.03 * v)
            let found = tree.nearest(to: q, k: 1)
            let brute = points.indices.min { (LocalRuler.distance(q, points[$0]), $0) < (LocalRuler.distance(q, points[$1]), $1) }
            #expect(found.first?.index == brute)
        }
    }

    @Test("MultiPoint records become MultiPoint features; the report as JSON lists counts, encoding and losses")
    func multiPointAndJSONReport() throws {
        typealias S = ShapefileTestFiles.Shape
        let (shp, shx) = ShapefileTestFiles.shp(fileType: .multiPoint, shapes: [
            S(type: .multiPoint, parts: [[(74.60, 42.87), (74.61, 42.88)]]),
            S(type: .multiPoint, parts: [[(74.62, 42.89)]]),
        ])
        let dbf = ShapefileTestFiles.dbf(fields: [.init(name: Array("KIND".utf8), type: "C", length: 12)],
                                         rows: [[Array("culvert".utf8)]])
        let path = try ShapefileTestFiles.write(["shp": shp, "shx": shx, "dbf": dbf])
        let result = try ShapefileImport(path: path, options: .init(sourceCRS: "EPSG:4326"))
        #expect(result.points.count == 1 && result.points[0].coordinates.count == 2)
        #expect(result.points[0].feature(fields: result.fields).geometry == .multiPoint([Coordinate(74.60, 42.87), Coordinate(74.61, 42.88)]))
        // Record 2 has no DBF row: a loss, in the text and the JSON report.
        #expect(result.report.losses == ["record 2: no DBF row: the .dbf has only 1 rows"])
        let json = result.report.jsonValue
        guard case .object(let o) = json else { Issue.record("object expected"); return }
        #expect(o["recordsRead"] == .integer(2) && o["recordsImported"] == .integer(1) && o["shapeType"] == .string("MultiPoint"))
        #expect(o["losses"] == .array([.string("record 2: no DBF row: the .dbf has only 1 rows")]))
        #expect(o["skipped"]?.arrayValue?.first?.objectValue?["kind"] == .string("no DBF row"))
        #expect(o["encoding"]?.objectValue?["source"] == .string("valid UTF-8"))
        // It is valid JSON that another parser reads.
        let bytes = try GeoJSONWriter(coordinatePrecision: nil).encode(json)
        let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        #expect((parsed?["recordsRead"] as? Int) == 2)
    }

    @Test("a detected encoding's confidence and candidates are in the JSON report")
    func detectedEncodingInReport() throws {
        let path = try ShapefileTestFiles.copy(Fixtures.data("moscow_roads_utm37n_cp1251.shp")) { ext, data in
            if ext == "cpg" { return nil }
            var d = data; if ext == "dbf" { d[29] = 0 }; return d
        }
        let report = try ShapefileImport(path: path).report
        guard case .object(let o) = report.jsonValue, let e = o["encoding"]?.objectValue else { Issue.record("encoding expected"); return }
        #expect(e["name"] == .string("Windows-1251") && e["source"] == .string("detected") && e["uncertain"] == .bool(false))
        #expect((e["confidence"]?.doubleValue ?? 0) > 0.95)
        #expect(e["candidates"]?.arrayValue?.first?.objectValue?["name"] == .string("Windows-1251"))
        #expect(report.description.contains("encoding confidence: "))
    }
}
