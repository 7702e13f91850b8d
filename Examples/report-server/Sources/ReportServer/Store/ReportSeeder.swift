import Foundation
import RoadGeo

/// Synthetic reports for load and start-up checks: a seeded road and measure, a tap up to 20 m
/// away, snapped back as a real report would be.
public enum ReportSeeder {
    /// Appends `count` reports to the database at `databasePath`; returns how many were stored.
    /// - Complexity: O(count · log segments).
    public static func seed(_ count: Int, network: RoadNetwork, databasePath: String, seed: UInt64) throws -> Int {
        guard !network.roads.isEmpty, count > 0 else { return 0 }
        let store = try ReportStore(path: databasePath)
        var rng = SplitMix64(seed: seed)
        var batch: [ReportRecord] = []
        batch.reserveCapacity(min(count, 10_000))
        var stored = 0
        var scratch = RTreeQueryScratch()
        let base = Date.now.timeIntervalSince1970 - 86_400 * 365
        while stored + batch.count < count {
            let road = network.roads[Int.random(in: 0..<network.roads.count, using: &rng)]
            let on = road.line.coordinate(atMeasure: Double.random(in: 0...road.line.lengthMeters, using: &rng))
            let ruler = LocalRuler(latitude: on.latitude)
            let tap = Coordinate(on.longitude + Double.random(in: -14...14, using: &rng) / ruler.metersPerDegreeLongitude,
                                 on.latitude + Double.random(in: -14...14, using: &rng) / ruler.metersPerDegreeLatitude)
            guard let snap = network.snap(tap, options: SnapOptions(maxDistanceMeters: 50), scratch: &scratch) else { continue }
            batch.append(ReportRecord(
                id: 0, category: DefectCategory.all[Int.random(in: 0..<DefectCategory.all.count, using: &rng)], status: .open,
                lon: tap.longitude, lat: tap.latitude, lon2: nil, lat2: nil, roadID: network.road(of: snap).id,
                measureMeters: snap.measureMeters, measureToMeters: nil, snappedLon: snap.coordinate.longitude,
                snappedLat: snap.coordinate.latitude, distanceMeters: snap.distanceMeters,
                createdAt: base + Double(stored + batch.count), closedBySection: nil, note: nil))
            if batch.count == 10_000 { stored += try store.insert(batch: batch); batch.removeAll(keepingCapacity: true) }
        }
        stored += try store.insert(batch: batch)
        return stored
    }
}
