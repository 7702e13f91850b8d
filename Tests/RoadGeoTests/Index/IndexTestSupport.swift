import Foundation
@testable import RoadGeo

/// Seeded random segments and points for the index property tests, plus the brute-force oracles.
struct IndexTestData {
    var a: [Coordinate] = []
    var b: [Coordinate] = []
    var boxes: [BoundingBox] { zip(a, b).map { BoundingBox($0, $1) } }

    /// `n` segments of up to `maxLengthDegrees` around `center`, spread `spreadDegrees`; some
    /// duplicates and zero-length (point) segments mixed in.
    static func segments(n: Int, center: Coordinate, spreadDegrees: Double, maxLengthDegrees: Double,
                         rng: inout SplitMix64) -> IndexTestData {
        var d = IndexTestData()
        for i in 0..<n {
            if i > 0 && Double.random(in: 0..<1, using: &rng) < 0.05 {
                let j = Int.random(in: 0..<i, using: &rng)   // exact duplicate
                d.a.append(d.a[j]); d.b.append(d.b[j]); continue
            }
            let lon = clampLon(center.longitude + Double.random(in: -spreadDegrees...spreadDegrees, using: &rng))
            let lat = max(-89.9, min(89.9, center.latitude + Double.random(in: -spreadDegrees...spreadDegrees, using: &rng)))
            let p = Coordinate(lon, lat)
            if Double.random(in: 0..<1, using: &rng) < 0.1 {
                d.a.append(p); d.b.append(p); continue           // degenerate: a point
            }
            let q = Coordinate(clampLon(lon + Double.random(in: -maxLengthDegrees...maxLengthDegrees, using: &rng)),
                               max(-89.9, min(89.9, lat + Double.random(in: -maxLengthDegrees...maxLengthDegrees, using: &rng))))
            d.a.append(p); d.b.append(q)
        }
        return d
    }

    static func clampLon(_ x: Double) -> Double { max(-180, min(180, x)) }

    /// Point-segment distance in metres in the plane of `LocalRuler(latitude: q.latitude)`,
    /// longitudes wrapped relative to the query.
    func distance(_ q: Coordinate, _ i: Int) -> Double {
        let r = LocalRuler(latitude: q.latitude)
        let ax = LocalRuler.wrapLongitudeDelta(a[i].longitude - q.longitude) * r.metersPerDegreeLongitude
        let ay = (a[i].latitude - q.latitude) * r.metersPerDegreeLatitude
        var bx = LocalRuler.wrapLongitudeDelta(b[i].longitude - q.longitude) * r.metersPerDegreeLongitude
        let by = (b[i].latitude - q.latitude) * r.metersPerDegreeLatitude
        if abs(bx - ax) > 180 * r.metersPerDegreeLongitude { bx = ax }  // never: segments do not cross the antimeridian
        let dx = bx - ax, dy = by - ay
        let len2 = dx * dx + dy * dy
        var t = len2 > 0 ? -(ax * dx + ay * dy) / len2 : 0
        t = max(0, min(1, t))
        let px = ax + t * dx, py = ay + t * dy
        return (px * px + py * py).squareRoot()
    }
}

/// Linear-scan k nearest by an item distance, the oracle for `nearest`.
func bruteNearest(count: Int, k: Int, maxDistance: Double, _ distance: (Int) -> Double?) -> [(index: Int, distanceMeters: Double)] {
    var all: [(index: Int, distanceMeters: Double)] = []
    for i in 0..<count {
        if let d = distance(i), d <= maxDistance { all.append((i, d)) }
    }
    all.sort { $0.distanceMeters < $1.distanceMeters || ($0.distanceMeters == $1.distanceMeters && $0.index < $1.index) }
    return Array(all.prefix(max(0, k)))
}

/// Linear-scan within-distance, sorted by index.
func bruteWithin(count: Int, distance d: Double, _ distance: (Int) -> Double?) -> [Int] {
    (0..<count).filter { i in distance(i).map { $0 <= d } ?? false }
}

/// Whether a nearest answer matches the oracle: the same items in the same order (equal
/// distances by index, the trees' tie rule), each index's distance its reported distance.
func sameNearest(_ got: [(index: Int, distanceMeters: Double)], _ want: [(index: Int, distanceMeters: Double)],
                 _ distance: (Int) -> Double?) -> Bool {
    guard got.count == want.count else { return false }
    for (g, w) in zip(got, want) {
        if g.distanceMeters != w.distanceMeters || g.index != w.index { return false }
        if distance(g.index) != g.distanceMeters { return false }
    }
    return true
}

/// A random window around a random item, sized `sizeDegrees`.
func randomWindow(_ boxes: [BoundingBox], sizeDegrees: Double, rng: inout SplitMix64) -> BoundingBox {
    let c = boxes[Int.random(in: 0..<boxes.count, using: &rng)].center
    let w = Double.random(in: 0...sizeDegrees, using: &rng), h = Double.random(in: 0...sizeDegrees, using: &rng)
    let x = c.longitude + Double.random(in: -sizeDegrees...sizeDegrees, using: &rng)
    let y = c.latitude + Double.random(in: -sizeDegrees...sizeDegrees, using: &rng)
    return BoundingBox(minX: x, minY: y, maxX: x + w, maxY: y + h)
}

/// A streaming query's answers in the order it gave them.
///
/// ```swift
/// let hits = collected { tree.forEachNearest(to: p, k: 3, scratch: &scratch, $0) }
/// ```
func collected(_ stream: (_ visit: (Int, Double) -> Bool) -> Void) -> [(index: Int, distanceMeters: Double)] {
    var out: [(index: Int, distanceMeters: Double)] = []
    stream { i, d in out.append((i, d)); return true }
    return out
}
