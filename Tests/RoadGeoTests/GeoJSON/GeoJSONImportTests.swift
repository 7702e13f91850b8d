import Foundation
import Testing
@testable import RoadGeo

/// The edges of the world and per-feature skipping on import, on geojson-vt's dateline and
/// collection fixtures and on files written for one problem each. Cut latitudes are the
/// linear interpolation between the file's two positions, computed by hand.
@Suite("GeoJSON import: antimeridian, clamping, one bad feature, GeometryCollections")
struct GeoJSONImportTests {
    static func write(_ text: String) throws -> String {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("in.geojson").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("geojson-vt dateline.json: lines past ±180 cut at the antimeridian, points wrapped, the crossing polygon skipped with its reason")
    func dateline() throws {
        let imported = try GeoJSONReader().importFeatures(contentsOf: Fixtures.path("geojson/geojsonvt_dateline.json"))
        #expect(imported.skipped.map(\.featureIndex) == [0] && imported.skipped[0].message.contains("antimeridian"))
        #expect(imported.featureIndices == [1, 2, 3, 4, 5, 6, 7, 8])
        // Points: -248.90625 and 212.34375 are the meridians 111.09375 and -147.65625.
        guard case .point(let p4)? = imported.features[3].geometry, case .point(let p5)? = imported.features[4].geometry else {
            Issue.record("points expected"); return
        }
        #expect(abs(p4.longitude - 111.09375) < 1e-12 && abs(p5.longitude - -147.65625) < 1e-12)
        let (roads, _) = imported.roads()
        #expect(roads.map(\.featureIndex) == [6, 7, 8])
        // 123.75 -> 226.41 -> 149.77 -> 210.23 at about 80 N crosses three times: four parts.
        #expect(roads[0].line.parts.count == 4 && roads[1].line.parts.count == 4 && roads[2].line.parts.count == 4)
        for road in roads {
            for part in road.line.parts { #expect(part.coordinates.allSatisfy { abs($0.longitude) <= 180 }) }
        }
        // Feature 7's first segment (-234.84375, -54.5720617) -> (-139.21875, -53.7487108) meets -180 at -54.0998457.
        let first = roads[1].line.parts[0].coordinates, second = roads[1].line.parts[1].coordinates
        #expect(first.first == Coordinate(-234.84375000000003 + 360, -54.572061655658516))
        #expect(first.last?.longitude == 180 && abs((first.last?.latitude ?? 0) - -54.09984572195819) < 1e-12)
        #expect(second.first?.longitude == -180 && abs((second.first?.latitude ?? 0) - -54.09984572195819) < 1e-12)
        // Feature 8's first part (166.640625, 52.4827802) -> (234.84375, 58.4477328) meets 180 at 53.6511730.
        let mFirst = roads[2].line.parts[0].coordinates
        #expect(mFirst.last?.longitude == 180 && abs((mFirst.last?.latitude ?? 0) - 53.65117299583534) < 1e-12)
        #expect(imported.notes.contains { $0.featureIndex == 6 && $0.message.contains("cut at the antimeridian into 4 parts") })
    }

    @Test("geojson-vt collection.json: the GeometryCollection's line is a road, its MultiPoint is reported")
    func collection() throws {
        let imported = try GeoJSONReader().importFeatures(contentsOf: Fixtures.path("geojson/geojsonvt_collection.json"))
        let (roads, notes) = imported.roads()
        #expect(roads.count == 1 && roads[0].line.parts.map(\.coordinates) == [[Coordinate(101, 0), Coordinate(102, 1)]])
        #expect(notes.map(\.message) == ["GeometryCollection member MultiPoint is not a line: not part of the road"])
        #expect(imported.flatteningCollections().map { $0.geometry?.typeName } == ["MultiPoint", "LineString"])
        // The strict reader's roads take the collection's line members too (RoadNetwork(contentsOfGeoJSON:)).
        #expect(try GeoJSONReader().readRoads(contentsOf: Fixtures.path("geojson/geojsonvt_collection.json")).count == 1)
    }

    @Test("one bad feature skips only itself; --strict refuses the file naming it")
    func oneBadFeature() throws {
        let path = try Self.write("""
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"n":1},"geometry":{"type":"LineString","coordinates":[[74.6,42.87],[74.61,42.88]]}},
        {"type":"Feature","properties":{"n":2},"geometry":{"type":"LineString","coordinates":[[42.87,94.6],[42.88,94.61]]}},
        {"type":"Feature","properties":{"n":3},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0.5]]]}},
        {"type":"Feature","properties":{"n":4},"geometry":{"type":"Tetrahedron","coordinates":[]}},
        {"type":"Feature","properties":{"n":5},"geometry":{"type":"LineString","coordinates":[[74.6,42.87]]}},
        {"type":"Feature","properties":{"n":6},"geometry":{"type":"LineString","coordinates":[[74.7,42.87],[74.71,42.88]]}}
        ]}
        """)
        #expect(throws: GeoJSONError.self) { try GeoJSONReader().read(contentsOf: path) }
        let imported = try GeoJSONReader().importFeatures(contentsOf: path)
        #expect(imported.featureIndices == [0, 5])
        #expect(imported.skipped.map(\.featureIndex) == [1, 2, 3, 4])
        #expect(imported.skipped[0].message.contains("latitude 94.6 is outside -90...90 (are longitude and latitude swapped?)"))
        #expect(imported.skipped[1].message.contains("not closed") && imported.skipped[2].message.contains("Tetrahedron"))
        #expect(imported.skipped[3].message.contains("at least 2 positions"))
        #expect {
            try GeoJSONReader().importFeatures(contentsOf: path, strict: true)
        } throws: { error in
            guard let e = error as? GeoJSONError else { return false }
            return e.featureIndex == 1 && "\(e)".contains("strict")
        }
    }

    @Test("a lone Feature or bare geometry past ±180 is imported (cut), and a bad one is skipped, not a parse error")
    func loneFeature() throws {
        let fiji = try Self.write(#"{"type":"Feature","properties":{"name":"Kings Road"},"geometry":{"type":"LineString","coordinates":[[178,-17],[181,-16.5]]}}"#)
        let imported = try GeoJSONReader().importFeatures(contentsOf: fiji)
        #expect(imported.featureIndices == [0] && imported.roads().roads.first?.line.parts.count == 2)
        let bare = try Self.write(#"{"type":"LineString","coordinates":[[10,91],[11,50]]}"#)
        let skipped = try GeoJSONReader().importFeatures(contentsOf: bare)
        #expect(skipped.features.isEmpty && skipped.skipped.map(\.featureIndex) == [0])
        #expect(throws: GeoJSONError.self) { try GeoJSONReader().importFeatures(contentsOf: bare, strict: true) }
    }

    @Test("180.00000000000006 is clamped, not dropped: a 5-vertex line stays 5 vertices (GeoJSON and shapefile)")
    func clamping() throws {
        let path = try Self.write("""
        {"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"LineString",
        "coordinates":[[179.99,-16.1],[179.995,-16.2],[180.00000000000006,-16.3],[179.995,-16.4],[179.99,-90.0000000001]]}}]}
        """)
        let imported = try GeoJSONReader().importFeatures(contentsOf: path)
        let (roads, _) = imported.roads()
        #expect(roads.count == 1 && roads[0].line.parts.count == 1)
        #expect(roads[0].line.parts[0].coordinates == [Coordinate(179.99, -16.1), Coordinate(179.995, -16.2), Coordinate(180, -16.3),
                                                       Coordinate(179.995, -16.4), Coordinate(179.99, -90)])
        #expect(imported.notes.map(\.message) == ["LineString: 2 positions clamped onto the valid range"])

        typealias S = ShapefileTestFiles.Shape
        let (shp, shx) = ShapefileTestFiles.shp(fileType: .polyLine, shapes: [
            S(type: .polyLine, parts: [[(179.99, -16.1), (179.995, -16.2), (180.00000000000006, -16.3), (179.995, -16.4), (179.99, -16.5)]]),
            S(type: .polyLine, parts: [[(178.0, -17.0), (181.0, -16.5), (183.0, -16.0)]]),
        ])
        let shpPath = try ShapefileTestFiles.write(["shp": shp, "shx": shx])
        let result = try ShapefileImport(path: shpPath, options: .init(sourceCRS: "EPSG:4326"))
        #expect(result.roads.count == 2 && result.report.losses.isEmpty)
        #expect(result.roads[0].geometry.parts[0].count == 5 && result.roads[0].geometry.parts[0].coordinates[2] == Coordinate(180, -16.3))
        // The Fiji line in 0...360 longitudes: cut at 180 at -16.6667 (one third of the way from 178 to 181).
        let fiji = result.roads[1].geometry.parts
        #expect(fiji.count == 2 && fiji[0].coordinates.first == Coordinate(178, -17) && fiji[1].coordinates.last == Coordinate(-177, -16))
        #expect(abs(fiji[0].end.latitude - (-17 + 0.5 * 2 / 3)) < 1e-12 && fiji[1].start.longitude == -180)
        #expect(result.report.notes.map(\.kind) == [.worldEdge, .worldEdge])
    }
}
