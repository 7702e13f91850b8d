import Foundation
import Testing
@testable import RoadGeo

/// Runs the code of the DocC article `GettingStarted.md` on the same fixture and checks its
/// claims against independent oracles, so the article cannot silently go stale.
@Suite("DocC GettingStarted article")
struct GettingStartedTests {
    static let report = Coordinate(1.5218, 42.5075)
    static let reports = [
        Coordinate(1.52180, 42.50750), Coordinate(1.52183, 42.50752), Coordinate(1.52178, 42.50748),
        Coordinate(1.53400, 42.51000), Coordinate(1.53404, 42.51002),
        Coordinate(1.55000, 42.52000),
    ]

    @Test("import, network, snap: every record imported; the snap is the brute-force nearest road")
    func importAndSnap() throws {
        let imported = try ShapefileImport(path: Fixtures.path("shapefile/andorra_roads_utm31n.shp"),
                                           options: ShapefileImportOptions(idField: "OSM_ID"))
        #expect(imported.roads.count == 1_615)
        #expect(imported.report.skipped.isEmpty)

        let network = RoadNetwork(shapefile: imported)
        #expect(network.roads.count == imported.roads.reduce(0) { $0 + $1.geometry.parts.count })
        var options = RoadNetworkLoadOptions()
        options.shapefile.idField = "OSM_ID"
        let same = try RoadNetwork(contentsOf: Fixtures.path("shapefile/andorra_roads_utm31n.shp"), options: options)
        #expect(same.roads == network.roads)

        let hit = try #require(network.snap(Self.report, options: SnapOptions(maxDistanceMeters: 50)))
        // Oracle: locate the report on every road and keep the closest.
        let nearest = network.roads.map { $0.line.locate(Self.report).distanceMeters }.min() ?? .infinity
        #expect(abs(hit.distanceMeters - nearest) < 1e-6)
        #expect(hit.distanceMeters <= 50)
        let road = network.road(of: hit)
        #expect(abs(road.line.locate(Self.report).distanceMeters - hit.distanceMeters) < 1e-6)
        #expect(hit.measureMeters >= 0 && hit.measureMeters <= road.line.lengthMeters)
    }

    @Test("DBSCAN groups the article's reports as the comments say")
    func clusterReports() {
        let labels = DBSCAN(epsMeters: 15, minPoints: 2).cluster(Self.reports)
        #expect(labels.clusterCount == 2)
        #expect(labels.noiseCount == 1)
        #expect(labels.members() == [[0, 1, 2], [3, 4]])
    }

    @Test("the tile containing the report holds roads and report clusters, as valid GeoJSON")
    func renderTile() throws {
        let imported = try ShapefileImport(path: Fixtures.path("shapefile/andorra_roads_utm31n.shp"),
                                           options: ShapefileImportOptions(idField: "OSM_ID"))
        let network = RoadNetwork(shapefile: imported)
        let features = network.roads.map { TileFeature(road: $0, keeping: ["HIGHWAY", "NAME"]) }
        #expect(features.allSatisfy { $0.properties.keys.allSatisfy { ["HIGHWAY", "NAME"].contains($0) } })
        #expect(features.contains { $0.properties["HIGHWAY"] == "residential" })
        let clusters = try DisplayClusters(reports: Self.reports.enumerated().map { (Int64($0.offset), ReportPoint($0.element)) })
        let tiler = try TileLayers([TileLayer(name: "roads", content: .features(Tiler(features: features))),
                                    TileLayer(name: "reports", content: .clusters(clusters))])
        let tile = tiler.tile(try TileID.containing(Self.report, zoom: 14))

        // Hand-computed web-mercator tile of (1.5218, 42.5075) at zoom 14.
        let n = 16_384.0, lat = Self.report.latitude * .pi / 180
        let x = Int(((Self.report.longitude + 180) / 360 * n).rounded(.down))
        let y = Int(((1 - log(tan(lat) + 1 / cos(lat)) / .pi) / 2 * n).rounded(.down))
        #expect(tile.id == (try TileID(z: 14, x: x, y: y)))

        let doc = try GeoJSONReader().parse(tile.bytes)
        #expect(doc.features.count == tile.featureCount)
        let roadFeatures = doc.features.filter { if case .string = $0.id { return true } else { return false } }
        #expect(!roadFeatures.isEmpty)
        // Reports 0-2 and 3-4 lie in this tile, about 1 km apart (more than the 40-pixel radius,
        // about 140 m at zoom 14): two clusters of 3 and 2. Report 5 lies in the next tile east.
        let reportCounts = doc.features.compactMap { $0.properties["point_count"]?.int64Value }.sorted()
        #expect(reportCounts == [2, 3])
        #expect(roadFeatures.count + reportCounts.count == doc.features.count)
    }
}
