import Foundation
import Testing
import RoadGeo

/// The README's API tour, run on the bundled data, so the README stays true: if an API in the
/// tour changes, this test stops compiling or fails.
@Suite("README tour")
struct ReadmeTourTests {
    @Test("import a CP1251 UTM shapefile, snap, cluster and tile, as the README shows")
    func tour() throws {
        // 1. Import a contractor's shapefile: UTM 37N, attributes in Windows-1251.
        let imported = try ShapefileImport(path: Fixtures.data("moscow_roads_utm37n_cp1251.shp"),
                                           options: ShapefileImportOptions(idField: "OSM_ID"))
        #expect(imported.report.recordsRead == 588)
        #expect(imported.report.recordsImported == 588)
        let name = try #require(imported.fieldIndex(named: "NAME"))
        #expect(imported.roads.contains { $0.attributes[name].stringValue == "Шереметьевская улица" })

        // 2. Build the network once: immutable, Sendable, shared by every thread.
        let network = RoadNetwork(shapefile: imported)
        #expect(network.roads.count == 588)
        let same = try RoadNetwork(contentsOf: Fixtures.data("moscow_roads_utm37n_cp1251.shp"),
                                   options: RoadNetworkLoadOptions(shapefile: ShapefileImportOptions(idField: "OSM_ID")))
        #expect(same.roads == network.roads)

        // 3. A citizen taps the map: which road, how far, at which chainage, on which side?
        let tap = Coordinate(37.61705, 55.80869)
        let hit = try #require(network.snap(tap, options: SnapOptions(maxDistanceMeters: 50)))
        let road = network.road(of: hit)
        #expect(road.id == "118028994")
        #expect(hit.distanceMeters < 5)
        let chainage = try #require(Chainage(meters: hit.measureMeters))
        #expect(chainage.description == "0+127")
        #expect(abs(try Chainage(parsing: "km 12+300").meters - 12_300) < 1e-9)

        // Batch snapping uses every core and keeps input order.
        var rng = SplitMix64(seed: 11)
        let reports = (0..<2_000).map { _ in
            Coordinate(Double.random(in: 37.60...37.64, using: &rng), Double.random(in: 55.79...55.81, using: &rng))
        }
        let snaps = network.snap(reports, options: SnapOptions(maxDistanceMeters: 50))
        #expect(snaps.count == reports.count)
        #expect(snaps[17] == network.snap(reports[17], options: SnapOptions(maxDistanceMeters: 50)))

        // 4. Ten people report the same pothole: cluster reports within 15 m.
        let pothole = (0..<10).map { i in Coordinate(37.6170 + Double(i) * 0.00001, 55.8087) }
        let labels = DBSCAN(epsMeters: 15, minPoints: 2).cluster(pothole + [Coordinate(37.63, 55.80)])
        #expect(labels.clusterCount == 1)
        #expect(labels.noiseCount == 1)

        // 5. Serve the map as GeoJSON tiles.
        let document = try GeoJSONReader().read(contentsOf: Fixtures.data("moscow_roads.geojson"))
        let tiler = try Tiler(features: TileFeature.features(from: document))
        #expect(try TileID.containing(tap, zoom: 14) == TileID(z: 14, x: 9_903, y: 5_117))
        let tile = try tiler.tile(z: 14, x: 9_903, y: 5_117)
        #expect(tile.featureCount > 0)
        let json = try JSONSerialization.jsonObject(with: Data(tile.bytes)) as? [String: Any]
        #expect(json?["type"] as? String == "FeatureCollection")
    }
}
