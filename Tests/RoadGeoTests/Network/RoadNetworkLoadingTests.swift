import Foundation
import Testing
import RoadGeo

/// `RoadNetwork(contentsOf:)`: every format recognised by content, the same rule for attributes
/// whatever the format, and a typed error naming the file for everything else.
@Suite("RoadNetwork(contentsOf:)")
struct RoadNetworkLoadingTests {
    /// A copy of `source` under another name, to show the name is not what is read.
    func copy(_ source: String, as name: String) throws -> String {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent(name).path
        try FileManager.default.copyItem(atPath: source, toPath: path)
        return path
    }

    func write(_ bytes: [UInt8], as name: String) throws -> String {
        let path = try Fixtures.temporaryDirectory().appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("each format is recognised by its first bytes, whatever the file is called")
    func formatsByContent() throws {
        let snapshot = try Fixtures.temporaryDirectory().appendingPathComponent("roads.geojson").path
        try RoadNetwork(contentsOf: Fixtures.path("network/andorra_roads.geojson")).writeSnapshot(to: snapshot)
        let cases: [(String, RoadFileFormat)] = [
            (Fixtures.data("heidelberg_roads.geojson"), .geoJSON),
            (Fixtures.data("heidelberg_roads_utm32n.shp"), .shapefile),
            (Fixtures.data("heidelberg_roads_utm32n.shx"), .shapefile),   // the index has the .shp's header
            (Fixtures.data("monaco.osm.pbf"), .osmPBF),
            (try copy(Fixtures.data("monaco.osm.pbf"), as: "monaco.geojson"), .osmPBF),
            (try copy(Fixtures.path("network/andorra_roads.geojson"), as: "andorra.bin"), .geoJSON),
            (Fixtures.path("geojson/geojsonvt_dateline.json"), .geoJSON),
            (snapshot, .snapshot),
        ]
        for (path, format) in cases {
            #expect(try RoadFileFormat(contentsOf: path) == format, "\(path)")
            #expect(try RoadNetwork.load(contentsOf: path).format == format, "\(path)")
        }
        // A byte order mark and white space before the object are still GeoJSON.
        #expect(RoadFileFormat(head: [0xEF, 0xBB, 0xBF, 0x0A, 0x20, 0x09, UInt8(ascii: "{")]) == .geoJSON)
        #expect(RoadFileFormat(head: Array("[1, 2]".utf8)) == nil)
    }

    @Test("the Heidelberg shapefile (UTM 32N) and its GeoJSON twin give the same roads, ids and attributes")
    func shapefileMatchesGeoJSON() throws {
        let geojson = try RoadNetwork(contentsOf: Fixtures.data("heidelberg_roads.geojson"))
        var options = RoadNetworkLoadOptions()
        options.shapefile.idField = "OSM_ID"
        let shp = try RoadNetwork(contentsOf: Fixtures.data("heidelberg_roads_utm32n.shp"), options: options)
        let viaIndex = try RoadNetwork(contentsOf: Fixtures.data("heidelberg_roads_utm32n.shx"), options: options)
        #expect(shp.roads.count == geojson.roads.count)
        #expect(viaIndex.roads.map(\.id) == shp.roads.map(\.id))
        #expect(shp.roads.map(\.id) == geojson.roads.map(\.id))
        // DBF field names are upper case; the GeoJSON's lower case.
        let highways = zip(shp.roads, geojson.roads).filter { $0.text("HIGHWAY") == $1.text("highway") }.count
        #expect(highways == shp.roads.count)
        let total = { (n: RoadNetwork) in n.roads.reduce(0) { $0 + $1.line.lengthMeters } }
        #expect(abs(total(shp) - total(geojson)) / total(geojson) < 1e-6)
    }

    @Test("decimal DBF values and OpenStreetMap booleans keep their types; their text is JSON's")
    func attributesKeepEveryType() throws {
        // ogrinfo -al streets.shp: feature 0 has ID (Real) = 1, Length (Real) = 244.11622945.
        let streets = try RoadNetwork.load(contentsOf: Fixtures.path("shapefile/streets.shp"))
        #expect(streets.network.roads.count == 293)
        #expect(streets.network.roads[0].text("Length") == "244.11622945")
        #expect(streets.network.roads[0].properties["Length"] == .number(244.11622945))
        #expect(streets.network.roads[0].properties.keys.first == "ID")   // field order
        // osmium tags-filter monaco.osm.pbf w/highway + osmium export --geometry-types=linestring:
        // 860 lines, 20 of them bridge=yes.
        let monaco = try RoadNetwork.load(contentsOf: Fixtures.data("monaco.osm.pbf"))
        #expect(monaco.network.roads.count == 860)
        #expect(monaco.network.roads.filter { $0.text("bridge") == "true" }.count == 20)
        #expect(monaco.network.roads.filter { $0.properties["bridge"] == .bool(true) }.count == 20)
    }

    @Test("GeoJSON properties keep their types through a snapshot")
    func propertiesThroughSnapshot() throws {
        let loaded = try RoadNetwork.load(contentsOf: Fixtures.data("moscow_roads.geojson"))
        let first = loaded.network.roads[0].properties
        #expect(first["osm_id"]?.int64Value.map(String.init) == loaded.network.roads[0].id)
        let snapshot = try Fixtures.temporaryDirectory().appendingPathComponent("moscow.rgnet").path
        try loaded.network.writeSnapshot(to: snapshot)
        let again = try RoadNetwork.load(contentsOf: snapshot)
        #expect(again.network.roads == loaded.network.roads)
        #expect(again.network.roads[0].properties == first)
    }

    @Test("a bad feature is skipped and listed, or with strict refuses the file; dateline lines are cut and listed")
    func findingsAndStrict() throws {
        let text = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","id":"a","properties":{"paved":true},"geometry":{"type":"LineString","coordinates":[[10,50],[10.001,50]]}},
         {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[10,95],[10.001,50]]}},
         {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[10,50]}}]}
        """
        let path = try write(Array(text.utf8), as: "roads.geojson")
        let loaded = try RoadNetwork.load(contentsOf: path)
        #expect(loaded.network.roads.map(\.id) == ["a"])
        #expect(loaded.network.roads[0].text("paved") == "true")
        #expect(loaded.findings.map(\.kind) == [.skipped, .notRoad])
        #expect(loaded.findings[0].message.hasPrefix("feature 1: "))
        #expect(loaded.findings[1].message.hasPrefix("feature 2: "))
        #expect { try RoadNetwork(contentsOf: path, options: RoadNetworkLoadOptions(strict: true)) } throws: { error in
            guard let e = error as? RoadNetworkLoadError, case .geoJSON(let g) = e.reason else { return false }
            return e.path == path && g.featureIndex == 1 && "\(e)".contains(path)
        }
        let dateline = try RoadNetwork.load(contentsOf: Fixtures.path("geojson/geojsonvt_dateline.json"))
        #expect(dateline.findings.contains { $0.kind == .changed && $0.message.contains("antimeridian") })
    }

    @Test("a file that is no road network is a typed error naming the file and what it starts with")
    func unrecognised() throws {
        let dbf = Fixtures.path("shapefile/streets.dbf")
        #expect { try RoadNetwork(contentsOf: dbf) } throws: { error in
            guard let e = error as? RoadNetworkLoadError, case .unrecognised(let head) = e.reason else { return false }
            return e.path == dbf && head.first == 0x03 && "\(e)".contains("a shapefile is opened by its .shp")
        }
        let prj = Fixtures.path("shapefile/streets.prj")
        #expect { try RoadNetwork(contentsOf: prj) } throws: { error in
            "\(error)".hasPrefix("\(prj): " + #"not a road network file: it starts with 50 52 4F 4A 43 53 5B 22 ("PROJCS[""); expected"#)
        }
        let zip = try write([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00], as: "roads.geojson")
        #expect { try RoadNetwork(contentsOf: zip) } throws: { error in "\(error)".contains("zip archive") }
        let empty = try write([], as: "roads.geojson")
        #expect { try RoadNetwork(contentsOf: empty) } throws: { error in "\(error)" == "\(empty): not a road network file: the file is empty; expected a network snapshot, GeoJSON, a shapefile's .shp or an OpenStreetMap PBF file" }
        let directory = try Fixtures.temporaryDirectory().path
        #expect { try RoadNetwork(contentsOf: directory) } throws: { error in
            guard let e = error as? RoadNetworkLoadError, case .io(let message) = e.reason else { return false }
            return message.hasPrefix("a directory")
        }
        #expect { try RoadNetwork(contentsOf: "/nonexistent/roads.shp") } throws: { error in
            "\(error)".hasPrefix("/nonexistent/roads.shp: cannot open the file: No such file or directory")
        }
        // A truncated snapshot is the snapshot reader's error, still naming the file.
        let source = try Fixtures.temporaryDirectory().appendingPathComponent("full.rgnet").path
        try RoadNetwork(contentsOf: Fixtures.path("network/andorra_roads.geojson")).writeSnapshot(to: source)
        let cut = try write(Array(try Data(contentsOf: URL(fileURLWithPath: source)).prefix(200)), as: "cut.rgnet")
        #expect { try RoadNetwork(contentsOf: cut) } throws: { error in
            guard let e = error as? RoadNetworkLoadError, case .snapshot = e.reason else { return false }
            return "\(e)".hasPrefix("\(cut): ") && !"\(e)".hasPrefix("\(cut): \(cut)")
        }
    }
}
