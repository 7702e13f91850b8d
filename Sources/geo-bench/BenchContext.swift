import Foundation
import RoadGeo

/// What every workload shares: the input paths, the settings, and inputs loaded once.
final class BenchContext {
    let roadsPath: String
    let reportsPath: String?
    let dataDirectory: String
    let threads: Int
    let repetitions: Int
    /// Run the peers' tools that are installed (W6m: PostGIS `ST_AsMVT`) as child processes.
    var peers = false
    /// Where W6m writes its tile list (z x y and RoadGeo's bytes and feature counts), if anywhere.
    var tileListPath: String?

    init(roadsPath: String, reportsPath: String?, dataDirectory: String, threads: Int, repetitions: Int) {
        self.roadsPath = roadsPath
        self.reportsPath = reportsPath
        self.dataDirectory = dataDirectory
        self.threads = threads
        self.repetitions = repetitions
    }

    /// The road network's lines (multi-part roads flattened into their parts), loaded once with
    /// RoadGeo's GeoJSON reader.
    func roads() throws -> [Polyline] {
        if let cached = roadsCache { return cached }
        let lines = try GeoJSONReader().readRoads(contentsOf: roadsPath).flatMap(\.line.parts)
        roadsCache = lines
        return lines
    }
    private var roadsCache: [Polyline]?

    /// Report points: from `--reports` when given, else 100k seeded synthetic reports near the roads.
    func reports() throws -> [Coordinate] {
        if let cached = reportsCache { return cached }
        let points: [Coordinate]
        if let reportsPath {
            points = try GeoJSONReader().read(contentsOf: reportsPath).features.compactMap { f in
                if case .point(let c)? = f.geometry { return c }
                return nil
            }
        } else {
            points = SyntheticReports.near(try roads(), count: 100_000, seed: 42)
        }
        reportsCache = points
        return points
    }
    private var reportsCache: [Coordinate]?

    /// A path inside the bundled data directory.
    func dataFile(_ name: String) -> String { (dataDirectory as NSString).appendingPathComponent(name) }
}

/// Report points like the peers' generator makes them: a spot at a uniform position along the
/// network, pushed N(0, 8 m) sideways; 30% of spots reported 2-6 times within 7.5 m; 3% of
/// spots are outliers 100-500 m away.
enum SyntheticReports {
    static func near(_ roads: [Polyline], count: Int, seed: UInt64) -> [Coordinate] {
        var rng = SplitMix64(seed: seed)
        var segments: [(Coordinate, Coordinate)] = []
        var cumulative: [Double] = []
        var total = 0.0
        for road in roads {
            for i in 1..<road.count {
                let a = road.coordinates[i - 1], b = road.coordinates[i]
                total += LocalRuler.distance(a, b)
                segments.append((a, b))
                cumulative.append(total)
            }
        }
        guard total > 0 else { return [] }
        var out: [Coordinate] = []
        out.reserveCapacity(count)
        while out.count < count {
            let target = Double.random(in: 0..<total, using: &rng)
            var lo = 0, hi = cumulative.count - 1
            while lo < hi { let mid = (lo + hi) / 2; if cumulative[mid] < target { lo = mid + 1 } else { hi = mid } }
            let (a, b) = segments[lo]
            let t = Double.random(in: 0...1, using: &rng)
            let onLine = Coordinate(a.longitude + (b.longitude - a.longitude) * t, a.latitude + (b.latitude - a.latitude) * t)
            let ruler = LocalRuler(latitude: onLine.latitude)
            let dx = (b.longitude - a.longitude) * ruler.metersPerDegreeLongitude
            let dy = (b.latitude - a.latitude) * ruler.metersPerDegreeLatitude
            let len = max((dx * dx + dy * dy).squareRoot(), 1e-9)
            let outlier = Double.random(in: 0..<1, using: &rng) < 0.03
            let offset = outlier ? Double.random(in: 100...500, using: &rng) * (Bool.random(using: &rng) ? 1 : -1)
                                 : gaussian(&rng) * 8
            let spot = Coordinate(onLine.longitude + (-dy / len) * offset / ruler.metersPerDegreeLongitude,
                                  onLine.latitude + (dx / len) * offset / ruler.metersPerDegreeLatitude)
            let copies = Double.random(in: 0..<1, using: &rng) < 0.3 ? Int.random(in: 2...6, using: &rng) : 1
            for _ in 0..<copies where out.count < count {
                let r = 7.5 * Double.random(in: 0...1, using: &rng).squareRoot()
                let angle = Double.random(in: 0..<(2 * .pi), using: &rng)
                out.append(copies == 1 ? spot : Coordinate(spot.longitude + r * cos(angle) / ruler.metersPerDegreeLongitude,
                                                           spot.latitude + r * sin(angle) / ruler.metersPerDegreeLatitude))
            }
        }
        return out
    }

    private static func gaussian(_ rng: inout SplitMix64) -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &rng), u2 = Double.random(in: 0..<1, using: &rng)
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }
}

/// The Foundation baseline reader: JSONSerialization into dictionaries, then geometry. Kept as
/// the `geojson` workload's baseline; the context itself loads with RoadGeo's reader.
enum FoundationGeoJSON {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static func features(atPath path: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let features = root["features"] as? [[String: Any]] else {
            throw Failure(description: "\(path): not a GeoJSON FeatureCollection")
        }
        return features
    }

    static func lines(atPath path: String) throws -> [Polyline] {
        var out: [Polyline] = []
        for (i, f) in try features(atPath: path).enumerated() {
            guard let g = f["geometry"] as? [String: Any], let type = g["type"] as? String else { continue }
            let parts: [Any]
            switch type {
            case "LineString": parts = [g["coordinates"] as Any]
            case "MultiLineString": parts = g["coordinates"] as? [Any] ?? []
            default: continue
            }
            for part in parts {
                guard let positions = part as? [[Double]] else {
                    throw Failure(description: "\(path): feature \(i): bad coordinates")
                }
                out.append(try Polyline(positions.map { Coordinate($0[0], $0[1]) }))
            }
        }
        return out
    }

    static func points(atPath path: String) throws -> [Coordinate] {
        try features(atPath: path).compactMap { f in
            guard let g = f["geometry"] as? [String: Any], g["type"] as? String == "Point",
                  let c = g["coordinates"] as? [Double], c.count >= 2 else { return nil }
            return Coordinate(c[0], c[1])
        }
    }
}
