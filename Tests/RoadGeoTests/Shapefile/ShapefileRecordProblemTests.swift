import Foundation
import Testing
@testable import RoadGeo

/// Each record-level problem the issue lists, written on purpose and pinned by name.
@Suite("Shapefile record problems")
struct ShapefileRecordProblemTests {
    typealias S = ShapefileTestFiles.Shape

    /// Writes a PolyLine file of `shapes` with a one-field DBF (ID = 1, 2, ...) and imports it.
    static func importLines(_ shapes: [S], options: ShapefileImportOptions = .init(), patch: (inout Data) -> Void = { _ in }) throws -> ShapefileImport {
        var (shp, shx) = ShapefileTestFiles.shp(fileType: .polyLine, shapes: shapes)
        patch(&shp)
        let dbf = ShapefileTestFiles.dbf(fields: [.init(name: Array("ID".utf8), type: "N", length: 5)],
                                         rows: (1...shapes.count).map { [Array(String($0).utf8)] })
        return try ShapefileImport(path: try ShapefileTestFiles.write(["shp": shp, "shx": shx, "dbf": dbf]), options: options)
    }

    @Test("NaN and infinite coordinates skip the record with the point named")
    func nonFinite() throws {
        let result = try Self.importLines([
            S(type: .polyLine, parts: [[(74.6, 42.8), (74.7, 42.9)]]),
            S(type: .polyLine, parts: [[(74.6, 42.8), (.nan, 42.9)]]),
            S(type: .polyLine, parts: [[(74.6, .infinity), (74.7, 42.9)]]),
        ], options: .init(sourceCRS: "EPSG:4326"))
        #expect(result.roads.count == 1 && result.roads[0].id == .integer(1))
        #expect(result.report.skipped.map(\.kind) == [.notFinite, .notFinite])
        #expect(result.report.skipped.map(\.record) == [2, 3] && result.report.skipped[0].message.contains("point 1"))
    }

    @Test("points PROJ cannot transform are dropped and noted; a record left with none is skipped as outside the CRS area")
    func outsideCRSArea() throws {
        // UTM 43N: a Bishkek street, then one with a vertex 1e30 m away, then one entirely out of reach.
        let result = try Self.importLines([
            S(type: .polyLine, parts: [[(465_000, 4_747_000), (466_000, 4_747_500)]]),
            S(type: .polyLine, parts: [[(465_000, 4_747_000), (466_000, 4_747_500), (1e30, 1e30)]]),
            S(type: .polyLine, parts: [[(1e30, 1e30), (-1e30, 1e30)]]),
        ], options: .init(sourceCRS: "EPSG:32643"))
        #expect(result.roads.map(\.id) == [.integer(1), .integer(2)])
        #expect(result.roads[1].geometry.parts[0].count == 2)
        #expect(result.report.notes.map(\.kind) == [.droppedPoints] && result.report.notes[0].record == 2)
        #expect(result.report.skipped.map(\.kind) == [.outsideCRSArea] && result.report.skipped[0].record == 3)
        let bishkek = result.roads[0].geometry.parts[0].coordinates[0]
        #expect(abs(bishkek.longitude - 74.58) < 0.01 && abs(bishkek.latitude - 42.87) < 0.01)
    }

    @Test("longitude/latitude data without .prj: out-of-range points are not longitude/latitude")
    func notLonLat() throws {
        let shapes = [S(type: .polyLine, parts: [[(74.6, 42.8), (74.7, 42.9)]]),
                      S(type: .polyLine, parts: [[(74.6, 42.8), (74.7, 42.85), (74.7, 95)]])]
        // Without .prj the extent (up to 95 N) is not longitude/latitude: a typed error.
        #expect { try Self.importLines(shapes) } throws: { ($0 as? ShapefileError)?.kind == .unusableCRS }
        let result = try Self.importLines(shapes, options: .init(sourceCRS: "EPSG:4326"))
        #expect(result.report.sourceCRS.source == .caller)
        #expect(result.roads.count == 2 && result.report.skipped.isEmpty && result.report.notes.map(\.kind) == [.droppedPoints])
        #expect(result.roads[1].geometry.parts[0].count == 2)
    }

    @Test("a part index out of range and a point count past the record end are corrupt records naming the problem")
    func partIndexAndPointCount() throws {
        let shapes = [S(type: .polyLine, parts: [[(1, 1), (2, 2)], [(3, 3), (4, 4)]]),
                      S(type: .polyLine, parts: [[(1, 1), (2, 2), (3, 3)]]),
                      S(type: .polyLine, parts: [[(1, 1), (2, 2)]])]
        // Record 1's content starts at 108 (its part indices at +44); record 2's at 108 + 116 + 8 = 232.
        let result = try Self.importLines(shapes) { shp in
            shp.replaceSubrange((108 + 48)..<(108 + 52), with: [9, 0, 0, 0])         // part 1 starts at point 9 of 4
            shp.replaceSubrange((232 + 40)..<(232 + 44), with: [0xFF, 0xFF, 0, 0])   // 65,535 points
        }
        #expect(result.roads.map(\.id) == [.integer(3)])
        #expect(result.report.skipped.map(\.kind) == [.corruptRecord, .corruptRecord])
        #expect(result.report.skipped[0].message.contains("part 1 starts at point 9"))
        #expect(result.report.skipped[1].message.contains("65535 points"))
    }

    @Test("an id field with blanks falls back to record numbers, noted per record")
    func blankIDs() throws {
        let (shp, shx) = ShapefileTestFiles.shp(fileType: .polyLine, shapes: [
            S(type: .polyLine, parts: [[(1, 1), (2, 2)]]), S(type: .polyLine, parts: [[(3, 3), (4, 4)]])])
        let dbf = ShapefileTestFiles.dbf(fields: [.init(name: Array("CODE".utf8), type: "C", length: 10)], rows: [[Array("ЭМ-01".utf8)], [[]]])
        let path = try ShapefileTestFiles.write(["shp": shp, "shx": shx, "dbf": dbf, "cpg": Data("UTF-8".utf8)])
        let result = try ShapefileImport(path: path, options: .init(idField: "code"))
        #expect(result.roads.map(\.id) == [.string("ЭМ-01"), .integer(2)])
        #expect(result.report.notes.map(\.kind) == [.blankID])
    }

    @Test("a .dbf with more rows than the .shp has shapes: extra rows reported, shapes imported")
    func moreDBFRows() throws {
        let (shp, shx) = ShapefileTestFiles.shp(fileType: .polyLine, shapes: [S(type: .polyLine, parts: [[(1, 1), (2, 2)]])])
        let dbf = ShapefileTestFiles.dbf(fields: [.init(name: Array("ID".utf8), type: "N", length: 3)], rows: [[Array("7".utf8)], [Array("8".utf8)]])
        let result = try ShapefileImport(path: try ShapefileTestFiles.write(["shp": shp, "shx": shx, "dbf": dbf]))
        #expect(result.roads.count == 1 && result.roads[0].attributes == [.integer(7)])
        #expect(result.report.warnings.contains { $0.contains("mismatch") } && result.report.warnings.contains { $0.contains("1 rows without a shape") })
    }

    @Test("csah multipart records stay multipart roads; polygons become closed parts")
    func multipartRoads() throws {
        let result = try ShapefileImport(path: Fixtures.path("shapefile/csah.shp"), options: .init(sourceCRS: "EPSG:26915"))
        let byRecord = Dictionary(uniqueKeysWithValues: result.roads.map { ($0.recordNumbers[0], $0) })
        #expect(byRecord[36]?.geometry.parts.count == 2 && byRecord[53]?.geometry.parts.count == 3 && byRecord[68]?.geometry.parts.count == 2)
        #expect(result.report.recordsRead == 124 && result.report.skippedCount(.nullShape) == 24)
        // Null shapes are reported as such, not as losses, and their rows are not counted again as
        // rows without a shape; the one loss is record 84, a line whose points are all one.
        #expect(result.report.unpairedDBFRows == 0 && result.report.losses == ["record 84: too few points: no part has 2 distinct points"])
        let polygon = try ShapefileImport(path: Fixtures.path("shapefile/projections/d_geo.shp"))
        let ring = polygon.roads[0].geometry.parts[0]
        #expect(ring.start == ring.end)
    }

    @Test("imported roads written as GeoJSON read back with the GeoJSON reader: same ids, names and coordinates (7 decimals)")
    func geoJSONRoundTrip() throws {
        let result = try ShapefileImport(path: Fixtures.data("moscow_roads_utm37n_cp1251.shp"), options: .init(idField: "OSM_ID"))
        let features = result.roads.map { $0.feature(fields: result.fields) }
        let bytes = try GeoJSONWriter(coordinatePrecision: 7).encode(.featureCollection(GeoJSONFeatureCollection(features: features)))
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("moscow.geojson").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let back = try GeoJSONReader().readRoads(contentsOf: path)
        #expect(back.count == result.roads.count)
        for (road, read) in zip(result.roads, back) {
            #expect(read.id == road.id)
            #expect(read.properties["NAME"] == road.attributes[2])
            for (a, b) in zip(road.geometry.parts[0].coordinates, read.line.parts[0].coordinates) {
                #expect(abs(a.longitude - b.longitude) <= 5e-8 && abs(a.latitude - b.latitude) <= 5e-8)
            }
        }
    }
}
