import Foundation
import RoadGeo
import Testing
@testable import ReportServer

@Suite("NetworkLoader")
struct NetworkLoaderTests {
    let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../data").standardized

    @Test("the Moscow shapefile (UTM 37N, CP1251) gives the GeoJSON's roads; a snapshot round-trips")
    func formats() throws {
        let shp = try NetworkLoader.load(data.appendingPathComponent("moscow_roads_utm37n_cp1251.shp").path)
        #expect(shp.roads.count == moscow.roads.count)
        #expect(shp.segmentCount == moscow.segmentCount)
        let total = { (n: RoadNetwork) in n.roads.reduce(0) { $0 + $1.line.lengthMeters } }
        #expect(abs(total(shp) - total(moscow)) / total(moscow) < 1e-4)
        let snapshot = temporaryDatabase().replacingOccurrences(of: "reports.sqlite", with: "moscow.rgn")
        try moscow.writeSnapshot(to: snapshot)
        let loaded = try NetworkLoader.load(snapshot)
        #expect(loaded.roads.map(\.id) == moscow.roads.map(\.id))
    }

    @Test("a missing file or a file that is no network is an error, not a crash")
    func failures() throws {
        #expect(throws: (any Error).self) { try NetworkLoader.load("/nonexistent/roads.geojson") }
        let junk = temporaryDatabase().replacingOccurrences(of: "reports.sqlite", with: "junk.geojson")
        try Data("{\"type\":\"FeatureCollection\",\"features\":[".utf8).write(to: URL(fileURLWithPath: junk))
        #expect(throws: (any Error).self) { try NetworkLoader.load(junk) }
    }
}
