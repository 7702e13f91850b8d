import Foundation
import Testing
@testable import RoadGeo

/// Every public throwing API, given one typical bad input, throws its domain's typed error whose
/// text names *where* (file, record, feature, vertex, tile, field) and *what* is wrong. The
/// readers' finer cases live in their own suites (GeoJSONErrorTests, ShapefileRecordProblemTests);
/// this suite is the audit that none of the entry points falls back to a bare or generic message.
///
/// Not listed: the `GEOSContext`/`GEOS` operations and `RoadGraph(network:)`, which throw only when GEOS itself fails
/// (out of memory, an internal exception) on already validated geometry; their `GEOSError`
/// names the GEOS function (`operation`) and carries GEOS's own message.
@Suite("Error messages name the place and the problem")
struct ErrorMessageTests {
    /// The description of the error `body` throws, or `nil` (recorded as an issue) if it does not.
    func text<E: Error & CustomStringConvertible>(_ kind: E.Type, _ body: () throws -> Void,
                                                  sourceLocation: SourceLocation = #_sourceLocation) -> String {
        do {
            try body()
            Issue.record("no error thrown", sourceLocation: sourceLocation)
        } catch let e as E {
            return e.description
        } catch {
            Issue.record("threw \(type(of: error)), expected \(E.self): \(error)", sourceLocation: sourceLocation)
        }
        return ""
    }

    /// Expects `text` to contain every fragment.
    func expectNames(_ text: String, _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        for f in fragments where !text.contains(f) {
            Issue.record("\"\(text)\" does not mention \"\(f)\"", sourceLocation: sourceLocation)
        }
    }

    // MARK: One error shape

    @Test("every domain prints its place the same way: path:line:column, byte, blob at byte, record, feature, function")
    func oneShape() {
        #expect(GeoJSONError(.malformed, "expected ','", path: "a.geojson", line: 1, column: 5120, featureIndex: 12).description
                == "a.geojson:1:5120: feature 12: expected ','")
        #expect(GeoJSONError(.truncated, "cut short", path: "a.geojson", byteOffset: 40).description == "a.geojson:byte 40: cut short")
        #expect(OSMPBFError(.truncated, "blob data cut short", path: "a.osm.pbf", blob: 2, byteOffset: 9000).description
                == "a.osm.pbf: blob 2 at byte 9000: blob data cut short")
        #expect(ShapefileError(.invalidRecord, "bad parts", path: "r.shp", record: 17).description == "r.shp: record 17: bad parts")
        #expect(TraceError(.invalidTime, "bad time", path: "d.csv", line: 412).description == "d.csv:412: bad time")
        #expect(GEOSError(.geosFailure, "TopologyException", operation: "GEOSNode_r").description == "GEOSNode_r: TopologyException")
        #expect(RTreeError(.corrupt, "packed R-tree: checksum mismatch").description == "packed R-tree: checksum mismatch")
    }

    @Test("domains stay apart: a shapefile error is not caught as a GeoJSON error; kinds compare across domains")
    func domainsApart() {
        let thrown: Error = ShapefileError(.io, "cannot open", path: "r.shp")
        #expect(!(thrown is GeoJSONError))
        #expect(thrown is ShapefileError)
        #expect((thrown as? ShapefileError)?.kind == .io)
        #expect(ShapefileError.Kind.io == ErrorKind.io && ErrorKind.io.description == "I/O error")
        #expect(ShapefileError(.io, "x") != ShapefileError(.io, "x", record: 1))
    }

    // MARK: Geometry and linear referencing

    @Test("Coordinate.validated and Polyline name the value or vertex")
    func geometry() {
        expectNames(text(GeometryError.self) { _ = try Coordinate.validated(74.6, 95) }, "latitude", "95")
        expectNames(text(GeometryError.self) { _ = try Polyline([Coordinate(74.6, 42.8), Coordinate(.nan, 42.9)]) }, "vertex 1")
        expectNames(text(GeometryError.self) { _ = try Polyline([Coordinate(74.6, 42.8), Coordinate(74.6, 42.8)]) },
                    "at least 2 distinct", "got 1")
    }

    @Test("Chainage and CivilDate parsing quote the text; split(every:) names the length")
    func linearReferencing() throws {
        expectNames(text(LinearReferencingError.self) { _ = try Chainage(parsing: "12+30") }, "'12+30'", "3 digits")
        expectNames(text(LinearReferencingError.self) { _ = try Chainage(parsing: "12,300") }, "'12,300'", "'+'")
        expectNames(text(LinearReferencingError.self) { _ = try CivilDate(parsing: "2027-02-30") }, "'2027-02-30'", "no such day")
        expectNames(text(LinearReferencingError.self) { _ = try CivilDate(parsing: "30.06.2027") }, "'30.06.2027'", "YYYY-MM-DD")
        let line = MeasuredPolyline(try Polyline([Coordinate(74.6, 42.8), Coordinate(74.61, 42.8)]))
        expectNames(text(LinearReferencingError.self) { _ = try line.split(every: 0) }, "split length 0", "greater than 0")
    }

    // MARK: GeoJSON

    @Test("GeoJSON reading names the file, line:column, feature and problem")
    func geoJSONReading() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("roads.geojson").path
        let bad = """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[74.6,42.8],[74.7,42.9]]}},
        {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[74.6,42.8],[74.7,95.5]]}}
        ]}
        """
        try Data(bad.utf8).write(to: URL(fileURLWithPath: path))
        for message in [text(GeoJSONError.self) { _ = try GeoJSONReader().read(contentsOf: path) },
                        text(GeoJSONError.self) { _ = try GeoJSONReader().readRoads(contentsOf: path) },
                        text(GeoJSONError.self) { _ = try GeoJSONSummary(contentsOf: path) },
                        text(GeoJSONError.self) { try GeoJSONReader().forEachFeature(contentsOf: path) { _, _ in } }] {
            expectNames(message, path + ":3:", "feature 1", "latitude", "95.5")
        }
        expectNames(text(GeoJSONError.self) { _ = try GeoJSONReader().parse(Array("{\"type\":\"Feature\",".utf8), path: "x.geojson") },
                    "x.geojson:1:", "unexpected end of input")
        expectNames(text(GeoJSONError.self) { _ = try GeoJSONReader().parse("[1, 2") }, "1:")
        expectNames(text(GeoJSONError.self) { _ = try GeoJSONReader().parse(UnsafeRawBufferPointer(start: nil, count: 0), path: "empty.geojson") },
                    "empty.geojson")
        let missing = dir.appendingPathComponent("missing.geojson").path
        expectNames(text(GeoJSONError.self) { _ = try GeoJSONReader().read(contentsOf: missing) }, missing, "cannot open")
    }

    @Test("GeoJSON roads name the feature and the problem")
    func geoJSONRoads() throws {
        let point = GeoJSONDocument.featureCollection(GeoJSONFeatureCollection(features: [
            GeoJSONFeature(geometry: .lineString([Coordinate(74.6, 42.8), Coordinate(74.7, 42.8)])),
            GeoJSONFeature(geometry: .lineString([Coordinate(74.6, 42.8), Coordinate(74.6, 42.8)])),
        ]))
        expectNames(text(GeoJSONError.self) { _ = try point.roads(path: "roads.geojson") }, "roads.geojson", "feature 1")
        expectNames(text(GeoJSONError.self) {
            _ = try GeoJSONRoad(GeoJSONFeature(geometry: .lineString([Coordinate(74.6, 42.8)])), featureIndex: 7)
        }, "feature 7")
    }

    @Test("GeoJSON writing names the feature and the non-finite value; the file writer names the path")
    func geoJSONWriting() throws {
        let nan = GeoJSONFeature(geometry: .point(Coordinate(74.6, 42.8)), properties: ["speed": .number(.nan)])
        let document = GeoJSONDocument.featureCollection(GeoJSONFeatureCollection(features: [nan]))
        // The writer names the feature and the value (not the property key: it has none at hand).
        expectNames(text(GeoJSONError.self) { _ = try GeoJSONWriter().encode(document) }, "feature 0", "nan", "NaN")
        expectNames(text(GeoJSONError.self) { _ = try GeoJSONWriter().encode(JSONValue.number(.infinity)) }, "finite")
        var out: [UInt8] = []
        expectNames(text(GeoJSONError.self) { try GeoJSONWriter().append(nan, to: &out) }, "nan", "NaN")
        var stream = try GeoJSONFeatureStream()
        expectNames(text(GeoJSONError.self) { try stream.append(nan) }, "feature 0", "NaN")
        let unwritable = "/proc/roadgeo-no-such-dir/out.geojson"
        expectNames(text(GeoJSONError.self) { _ = try GeoJSONFileWriter(path: unwritable) }, unwritable)
    }

    // MARK: Shapefile

    @Test("shapefile reading names the file, the record and the problem")
    func shapefile() throws {
        var (shp, shx) = ShapefileTestFiles.shp(fileType: .polyLine, shapes: [
            .init(type: .polyLine, parts: [[(74.6, 42.8), (74.7, 42.9)]]),
            .init(type: .polyLine, parts: [[(74.6, 42.8), (74.7, 42.9)]]),
        ])
        // Record 2 claims 1,000 points.
        let second = 100 + (shp.count - 100) / 2 + 8   // record 2's content
        withUnsafeBytes(of: Int32(1_000).littleEndian) { shp.replaceSubrange((second + 40)..<(second + 44), with: $0) }
        let path = try ShapefileTestFiles.write(["shp": shp, "shx": shx])
        let reader = try ShapefileReader(path: path)
        expectNames(text(ShapefileError.self) { _ = try reader.record(at: 1) }, path, "record 2", "1000 points")
        let report = try ShapefileImport(path: path).report
        #expect(report.skipped.contains { $0.record == 2 && $0.message.contains("1000 points") })

        let notShp = try ShapefileTestFiles.write(["shp": Data(repeating: 7, count: 120)])
        expectNames(text(ShapefileError.self) { _ = try ShapefileReader(path: notShp) }, notShp, "file code")
        expectNames(text(ShapefileError.self) { _ = try ShapefileImport(path: notShp) }, notShp, "file code")
        let missing = notShp + ".missing.shp"
        expectNames(text(ShapefileError.self) { _ = try ShapefileReader(path: missing) }, missing, "cannot read")

        let dbf = try ShapefileTestFiles.write(["dbf": Data(repeating: 3, count: 40)])
        let dbfPath = (dbf as NSString).deletingPathExtension + ".dbf"
        expectNames(text(ShapefileError.self) { _ = try DBFReader(path: dbfPath) }, dbfPath, "header length")

        let utm = ShapefileTestFiles.shp(fileType: .polyLine, shapes: [
            .init(type: .polyLine, parts: [[(500_000, 4_500_000), (500_100, 4_500_000)]]),
        ])
        let noPrj = try ShapefileTestFiles.write(["shp": utm.shp, "shx": utm.shx])
        expectNames(text(ShapefileError.self) { _ = try ShapefileImport(path: noPrj) }, noPrj, ".prj")
        expectNames(text(ShapefileError.self) {
            _ = try SourceCRS.resolve(shapefile: noPrj, extent: BoundingBox(minX: 500_000, minY: 4_500_000, maxX: 500_100, maxY: 4_500_000))
        }, noPrj, ".prj")
        expectNames(text(ShapefileError.self) { _ = try ShapefileImport(path: noPrj, options: .init(sourceCRS: "EPSG:999999")) },
                    noPrj, "EPSG:999999")
        expectNames(text(ShapefileError.self) { _ = try ShapefileImport(path: path, options: .init(idField: "OSM_ID")) },
                    path, "OSM_ID")
    }

    @Test("a .prj or .cpg too large to be a CRS or code page is refused by its size")
    func oversizedSideFiles() throws {
        let (shp, shx) = ShapefileTestFiles.shp(fileType: .polyLine, shapes: [
            .init(type: .polyLine, parts: [[(74.6, 42.8), (74.7, 42.9)]]),
        ])
        let path = try ShapefileTestFiles.write(["shp": shp, "shx": shx, "prj": Data(repeating: 0x41, count: (1 << 20) + 1)])
        let prj = (path as NSString).deletingPathExtension + ".prj"
        expectNames(text(ShapefileError.self) { _ = try ShapefileImport(path: path) }, prj, "over 1 MB")
        let dbf = ShapefileTestFiles.dbf(fields: [.init(name: Array("NAME".utf8), type: "C", length: 4)], rows: [[Array("a".utf8)]])
        let withCPG = try ShapefileTestFiles.write(["shp": shp, "shx": shx, "dbf": dbf, "cpg": Data(repeating: 0x41, count: 5_000)])
        let table = try DBFReader(path: (withCPG as NSString).deletingPathExtension + ".dbf")
        #expect(table.encoding.notes.contains(".cpg could not be read"))
    }

    // MARK: Index, projection, tiles

    @Test("PackedRTree(serialized:) names the section that is wrong")
    func rtree() {
        let good = PackedRTree(boxes: [BoundingBox(Coordinate(74.6, 42.8)), BoundingBox(Coordinate(74.7, 42.9))]).serialized()
        expectNames(text(RTreeError.self) { _ = try PackedRTree(serialized: Array(good.prefix(20))) }, "packed R-tree", "20 bytes", "header")
        var flipped = good
        flipped[flipped.count - 1] ^= 1
        expectNames(text(RTreeError.self) { _ = try PackedRTree(serialized: flipped) }, "packed R-tree", "checksum")
        var magic = good
        magic[0] = 0
        expectNames(text(RTreeError.self) { _ = try PackedRTree(serialized: magic) }, "packed R-tree", "magic")
        expectNames(text(RTreeError.self) { _ = try PackedRTree(serialized: good + [0]) }, "packed R-tree", "payload")
    }

    @Test("network snapshots name the file and what is wrong; an empty file is a header error")
    func networkSnapshot() throws {
        let dir = try Fixtures.temporaryDirectory()
        let line = try Polyline([Coordinate(74.60, 42.87), Coordinate(74.61, 42.88)])
        let bytes = RoadNetwork(roads: [Road(id: "a", line: line)]).snapshot()
        let truncated = dir.appendingPathComponent("truncated.rgnet").path
        try Data(bytes.dropLast(3)).write(to: URL(fileURLWithPath: truncated))
        expectNames(text(RoadNetworkError.self) { _ = try RoadNetwork(snapshotAt: truncated) }, truncated, "truncated")
        let empty = dir.appendingPathComponent("empty.rgnet").path
        try Data().write(to: URL(fileURLWithPath: empty))
        expectNames(text(RoadNetworkError.self) { _ = try RoadNetwork(snapshotAt: empty) }, empty, "0 bytes", "header")
        let missing = dir.appendingPathComponent("missing.rgnet").path
        expectNames(text(RoadNetworkError.self) { _ = try RoadNetwork(snapshotAt: missing) }, missing, "cannot read")
        var corrupt = bytes
        corrupt[corrupt.count - 1] ^= 0x10
        expectNames(text(RoadNetworkError.self) { _ = try RoadNetwork(snapshot: corrupt) },
                    "network snapshot", "checksum")
        let unwritable = "/proc/roadgeo-no-such-dir/n.rgnet"
        expectNames(text(RoadNetworkError.self) { try RoadNetwork(roads: []).writeSnapshot(to: unwritable) }, unwritable, "cannot write")
    }

    @Test("Reprojector names the CRS PROJ rejects and the array lengths that differ")
    func projection() throws {
        expectNames(text(ProjectionError.self) { _ = try Reprojector(source: "EPSG:999999") }, "EPSG:999999")
        let r = try Reprojector(source: "EPSG:32643")
        var x = [500_000.0, 500_100], y = [4_500_000.0]
        expectNames(text(ProjectionError.self) { _ = try r.transform(x: &x, y: &y) }, "x has 2 values but y has 1")
    }

    @Test("tile APIs name the tile, feature, point or zoom")
    func tiles() throws {
        expectNames(text(TileError.self) { _ = try TileID(z: 3, x: 8, y: 0) }, "tile 3/8/0", "x must be within 0...7")
        expectNames(text(TileError.self) { _ = try TileID(path: "3/x/1") }, "\"3/x/1\"", "z/x/y")
        expectNames(text(TileError.self) { _ = try TileID(quadkey: "0124") }, "\"0124\"", "0-3")
        expectNames(text(TileError.self) { _ = try TileID.containing(Coordinate(74.6, 42.8), zoom: 25) }, "zoom 25")
        expectNames(text(TileError.self) { _ = try TileID.covering(.empty, zoom: 3) }, "box", "empty")
        let polygon = GeoJSONFeature(geometry: .lineString([Coordinate(74.6, 42.8), Coordinate(74.6, 42.8)]))
        expectNames(text(TileError.self) { _ = try TileFeature(polygon, index: 4) }, "feature 4")
        let document = GeoJSONDocument.featureCollection(GeoJSONFeatureCollection(features: [
            GeoJSONFeature(geometry: .point(Coordinate(74.6, 42.8))), GeoJSONFeature(geometry: nil),
        ]))
        expectNames(text(TileError.self) { _ = try TileFeature.features(from: document) }, "feature 1", "no geometry")
        let ring = [Coordinate(74, 42), Coordinate(75, 42), Coordinate(74, 42)]
        expectNames(text(TileError.self) { _ = try Tiler(features: [TileFeature(geometry: .point(Coordinate(74.6, 42.8))),
                                                                     TileFeature(geometry: .polygon([ring]))]) },
                    "feature 1", "ring 0", "closed")
        let tiler = try Tiler(features: [TileFeature(geometry: .point(Coordinate(74.6, 42.8)))])
        expectNames(text(TileError.self) { _ = try tiler.tile(z: 2, x: 0, y: 4) }, "tile 2/0/4", "y must be")
        expectNames(text(TileError.self) { _ = try tiler.tilesAffected(by: [], zooms: 0...30) }, "zooms 0...30")
        expectNames(text(TileError.self) { _ = try DisplayClusters(reports: [(0, ReportPoint(Coordinate(74.6, 42.8))),
                                                                             (1, ReportPoint(Coordinate(200, 42.8)))]) },
                    "report 1")
        expectNames(text(TileError.self) { _ = try TilePyramid.export(tiler, zooms: 0...25, to: "/tmp") }, "zooms 0...25")
        expectNames(text(TileError.self) { _ = try TilePyramid.export(tiler, zooms: 0...1, to: "/proc/roadgeo-no-such-dir") },
                    "/proc/roadgeo-no-such-dir")
    }
}
