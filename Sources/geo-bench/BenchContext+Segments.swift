import Foundation
import RoadGeo

/// Road segments (one per consecutive vertex pair) as flat arrays, the input of the index workloads.
struct SegmentSet {
    let name: String
    var a: [Coordinate] = []
    var b: [Coordinate] = []
    var boxes: [BoundingBox] = []
    var count: Int { a.count }

    init(name: String, roads: [Polyline]) {
        self.name = name
        for road in roads {
            let c = road.coordinates
            for i in 1..<c.count {
                a.append(c[i - 1]); b.append(c[i])
                boxes.append(BoundingBox(c[i - 1], c[i]))
            }
        }
    }

    /// The box of all segments.
    var bounds: BoundingBox { boxes.reduce(BoundingBox.empty) { $0.union($1) } }
}

/// Exact point-segment distance in metres in the plane of `LocalRuler(latitude: q.latitude)`,
/// longitude differences wrapped: the W3 item distance shared by RoadGeo and the GEOS baseline,
/// written with the same arithmetic as RoadGeo's ``SegmentRTree`` so all three agree to the bit.
@inline(__always)
func pointSegmentMeters(_ qx: Double, _ qy: Double, kx: Double, ky: Double,
                        _ a: Coordinate, _ b: Coordinate) -> Double {
    let ax = LocalRuler.wrapLongitudeDelta(qx - a.longitude) * kx, ay = (qy - a.latitude) * ky
    let dx = LocalRuler.wrapLongitudeDelta(b.longitude - a.longitude) * kx, dy = (b.latitude - a.latitude) * ky
    let len2 = dx * dx + dy * dy
    let t = len2 > 0 ? (ax * dx + ay * dy) / len2 : 0
    if t <= 0 { return (ax * ax + ay * ay).squareRoot() }
    if t >= 1 {
        let bx = LocalRuler.wrapLongitudeDelta(qx - b.longitude) * kx, by = (qy - b.latitude) * ky
        return (bx * bx + by * by).squareRoot()
    }
    let ex = ax - t * dx, ey = ay - t * dy
    return (ex * ex + ey * ey).squareRoot()
}

extension BenchContext {
    /// The index workloads' networks: the `--roads` network, and seeded synthetic grids of ~50k and
    /// ~500k segments (``SyntheticGrid``), each with its 100k query points, loaded once.
    func indexNetworks() throws -> [(segments: SegmentSet, queries: [Coordinate])] {
        if let cached = indexNetworksCache { return cached }
        let real = SegmentSet(name: (roadsPath as NSString).lastPathComponent, roads: try roads())
        var out = [(real, try reports())]
        for target in [50_000, 500_000] {
            let grid = SyntheticGrid.roads(segments: target, seed: UInt64(target))
            let set = SegmentSet(name: "grid \(target / 1000)k", roads: grid)
            out.append((set, SyntheticReports.near(grid, count: 100_000, seed: 42)))
        }
        indexNetworksCache = out
        return out
    }
}

nonisolated(unsafe) private var indexNetworksCache: [(segments: SegmentSet, queries: [Coordinate])]?

/// A seeded synthetic street network near Bishkek: a square grid of streets 200 m apart, each
/// street drawn with a vertex every ~50 m, every vertex jittered up to 6 m, so a grid of `R` streets
/// each way has `8 R²` segments of ~50 m (the peers' medium network averages 51 m per segment).
enum SyntheticGrid {
    static func roads(segments target: Int, seed: UInt64) -> [Polyline] {
        var rng = SplitMix64(seed: seed)
        let r = max(2, Int((Double(target) / 8).squareRoot().rounded()))
        let origin = Coordinate(74.45, 42.80)
        let ruler = LocalRuler(latitude: origin.latitude)
        let spacing = 200.0, step = 50.0, jitter = 6.0
        let length = Double(r) * spacing
        var out: [Polyline] = []
        for axis in 0..<2 {
            for line in 0..<r {
                var coords: [Coordinate] = []
                let across = (Double(line) + 0.5) * spacing
                var along = 0.0
                while along <= length + 1e-9 {
                    let jx = Double.random(in: -jitter...jitter, using: &rng), jy = Double.random(in: -jitter...jitter, using: &rng)
                    let (x, y) = axis == 0 ? (along + jx, across + jy) : (across + jx, along + jy)
                    coords.append(Coordinate(origin.longitude + x / ruler.metersPerDegreeLongitude,
                                             origin.latitude + y / ruler.metersPerDegreeLatitude))
                    along += step
                }
                out.append(Polyline(uncheckedCoordinates: coords))
            }
        }
        return out
    }
}
