import Foundation
import RoadGeo
import Testing
@testable import ReportServer

/// The server opens its `--network` through the library's `RoadNetwork(contentsOf:)`; these pin
/// the files the server is documented to take.
@Suite("Network file")
struct NetworkFileTests {
    let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../data").standardized

    @Test("the Moscow shapefile (UTM 37N, CP1251) gives the GeoJSON's roads; a snapshot and the Monaco PBF load")
    func formats() throws {
        let shp = try RoadNetwork(contentsOf: data.appendingPathComponent("moscow_roads_utm37n_cp1251.shp").path)
        #expect(shp.roads.count == moscow.roads.count)
        #expect(shp.segmentCount == moscow.segmentCount)
        let total = { (n: RoadNetwork) in n.roads.reduce(0) { $0 + $1.line.lengthMeters } }
        #expect(abs(total(shp) - total(moscow)) / total(moscow) < 1e-4)
        let snapshot = temporaryDatabase().replacingOccurrences(of: "reports.sqlite", with: "moscow.rgn")
        try moscow.writeSnapshot(to: snapshot)
        let loaded = try RoadNetwork(contentsOf: snapshot)
        #expect(loaded.roads.map(\.id) == moscow.roads.map(\.id))
        // osmium tags-filter monaco.osm.pbf w/highway, then osmium export --geometry-types=linestring: 860 lines.
        let pbf = try RoadNetwork.load(contentsOf: data.appendingPathComponent("monaco.osm.pbf").path)
        #expect(pbf.format == .osmPBF)
        #expect(pbf.network.roads.count == 860)
    }

    @Test("decimal DBF values reach the network (the server's own shapefile copy dropped all but text and integers)")
    func decimalAttributes() throws {
        // ogrinfo -al streets.shp: feature 0 has ID (Real) = 1, Length (Real) = 244.11622945.
        let streets = data.appendingPathComponent("../Tests/RoadGeoTests/Fixtures/shapefile/streets.shp").standardized.path
        let network = try RoadNetwork(contentsOf: streets)
        #expect(network.roads.count == 293)
        #expect(network.roads[0].properties["Length"] == .number(244.11622945))
        #expect(network.roads[0].text("ID") == "1")
    }

    @Test("a missing file or a file that is no network is an error naming the file, not a crash")
    func failures() throws {
        #expect { try RoadNetwork(contentsOf: "/nonexistent/roads.geojson") } throws: { error in
            (error as? RoadNetworkLoadError)?.path == "/nonexistent/roads.geojson"
        }
        let junk = temporaryDatabase().replacingOccurrences(of: "reports.sqlite", with: "junk.geojson")
        try Data("{\"type\":\"FeatureCollection\",\"features\":[".utf8).write(to: URL(fileURLWithPath: junk))
        #expect { try RoadNetwork(contentsOf: junk) } throws: { error in
            guard case .geoJSON(let e)? = (error as? RoadNetworkLoadError)?.reason else { return false }
            return e.kind == .truncated
        }
    }
}
