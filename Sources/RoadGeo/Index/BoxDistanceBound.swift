import Foundation

/// The metric contract of RoadGeo's R-trees: a lower bound, in metres, on the distance from a
/// query point to anything inside a lon/lat box.
///
/// Both ``PackedRTree`` and ``DynamicRTree`` order their best-first searches by this bound, so
/// `nearest` and `within` answers are exact (equal to a linear scan with the same item distance)
/// as long as the caller's item distance never falls below it. It does not for any distance
/// measured with ``LocalRuler`` scales taken at a latitude between the query point and the item
/// (the query latitude, the item's latitude, or their mid-latitude), with the longitude difference
/// wrapped across the antimeridian:
///
/// ```
/// d(q, item) = min over points p of the item of
///              sqrt((wrap(p.lon - q.lon) * kx(φ))^2 + ((p.lat - q.lat) * ky(φ))^2)
/// ```
/// where `φ` is any latitude between `q.lat` and `p.lat`, `kx` and `ky` ``LocalRuler``'s metres per
/// degree. That covers ``LocalRuler/distance(_:_:)`` and point-segment distances computed in the
/// plane of `LocalRuler(latitude: q.latitude)`.
///
/// The bound: `dx` is the wrapped longitude gap between the query and the box (0 when the query
/// longitude is inside), `dy` the latitude gap; over the latitude band from the query to the far
/// edge of the box, `kxMin` is metres per degree of longitude at the most poleward latitude (a
/// parallel shrinks towards the pole) and `kyMin` metres per degree of latitude at the least
/// poleward one (a meridian degree grows towards the pole); the bound is
/// `sqrt((dx * kxMin)^2 + (dy * kyMin)^2)`. Scales come from 0.1°-step tables rounded the safe way,
/// so the bound is at most ~0.2% below the best possible at mid latitudes.
///
/// A geodesic (``Geodesic``) distance can be up to 0.05% shorter than ``LocalRuler``'s; callers
/// ranking by geodesic distance should widen `maxDistanceMeters` by that much and re-check.
@usableFromInline
struct BoxDistanceBound {
    /// Query longitude and latitude, degrees.
    @usableFromInline let x: Double
    @usableFromInline let y: Double
    /// Boxes wholly inside `bandLow...bandHigh` (query latitude ± 0.1°) use `kxBand`/`kyBand`,
    /// scales valid over that whole band; others look their band up in the tables.
    @usableFromInline let bandLow: Double
    @usableFromInline let bandHigh: Double
    @usableFromInline let kxBand: Double
    @usableFromInline let kyBand: Double
    @usableFromInline let kx: UnsafePointer<Double>
    @usableFromInline let ky: UnsafePointer<Double>

    @inlinable
    init(_ q: Coordinate, tables: LatitudeScaleTables) {
        x = q.longitude
        y = q.latitude
        kx = tables.kxLowerPointer
        ky = tables.kyLowerPointer
        bandLow = q.latitude - 0.1
        bandHigh = q.latitude + 0.1
        let a = abs(q.latitude)
        // Same rounding as the table path: up (poleward) for kx, down (equatorward) for ky.
        kxBand = a + 0.1 < 89.8 ? kx[Int((a + 0.1) * 10) + 1] : 0
        kyBand = a - 0.1 > 0 ? ky[Swift.min(900, Int((a - 0.1) * 10))] : ky[0]
    }

    /// The squared lower bound in square metres from the query to the box (0 inside it).
    @inlinable @inline(__always)
    func squaredMeters(minX: Double, minY: Double, maxX: Double, maxY: Double) -> Double {
        // Gap to the box going east or west, whichever is shorter round the globe
        // (360 - width - direct gap is the way round); 0 inside. The comparisons are written
        // out (not `Swift.max`, which must order NaNs) so they compile to single max/min
        // instructions; a NaN query or box then yields NaN or a gap, never a negative bound.
        let west = minX - x, east = x - maxX
        let gapX = west > east ? west : east
        let direct = gapX > 0 ? gapX : 0
        let around = 360 - (maxX - minX) - direct
        let nearer = around < direct ? around : direct
        let dx = nearer > 0 ? nearer : 0   // a box wider than 360° has no way round
        let south = minY - y, north = y - maxY
        let gapY = south > north ? south : north
        let dy = gapY > 0 ? gapY : 0
        if minY >= bandLow && maxY <= bandHigh {
            let mx = dx * kxBand, my = dy * kyBand
            return mx * mx + my * my
        }
        return slowSquaredMeters(dx: dx, dy: dy, minY: minY, maxY: maxY)
    }

    /// The table path for boxes reaching beyond the query's latitude band.
    @inlinable
    func slowSquaredMeters(dx: Double, dy: Double, minY: Double, maxY: Double) -> Double {
        if dx == 0 && dy == 0 { return 0 }
        // Latitude band: the query latitude and the whole latitude range of the box.
        let lo = Swift.min(y, minY), hi = Swift.max(y, maxY)
        let poleward = Swift.max(abs(lo), abs(hi))
        let equatorward = (lo <= 0 && hi >= 0) ? 0 : Swift.min(abs(lo), abs(hi))
        // Truncation + 1 rounds up (poleward) for kx; truncation rounds down for ky.
        let pi = poleward * 10, ei = equatorward * 10
        let i = pi < 899 ? Int(pi) + 1 : 900
        let j = ei >= 0 && ei < 900 ? Int(ei) : (ei >= 900 ? 900 : 0)
        let mx = dx * kx[i], my = dy * ky[j]
        return mx * mx + my * my
    }
}

/// Metres per degree tables at 0.1° steps of |latitude|, nudged down by a relative 1e-12 so a
/// table value never exceeds the true scale over the interval it stands for.
@usableFromInline
final class LatitudeScaleTables: @unchecked Sendable {  // immutable after init
    /// `kxLower[i]` = metres per degree of longitude at `i / 10` degrees (a lower bound for all |lat| ≤ i/10).
    @usableFromInline let kxLowerPointer: UnsafePointer<Double>
    /// `kyLower[j]` = metres per degree of latitude at `j / 10` degrees (a lower bound for all |lat| ≥ j/10).
    @usableFromInline let kyLowerPointer: UnsafePointer<Double>

    @usableFromInline static let shared = LatitudeScaleTables()

    private init() {
        let kx = UnsafeMutablePointer<Double>.allocate(capacity: 901)
        let ky = UnsafeMutablePointer<Double>.allocate(capacity: 901)
        for i in 0...900 {
            let ruler = LocalRuler(latitude: Double(i) / 10)
            kx[i] = max(0, ruler.metersPerDegreeLongitude * (1 - 1e-12) - 1e-9)
            ky[i] = ruler.metersPerDegreeLatitude * (1 - 1e-12)
        }
        kx[900] = 0
        kxLowerPointer = UnsafePointer(kx)
        kyLowerPointer = UnsafePointer(ky)
    }
    // The tables live for the whole process (one shared instance), so they are never freed.
}

/// A reach in metres squared for comparison with squared box bounds; an infinite reach becomes the
/// largest finite value, so boxes whose bound is infinite (empty or NaN boxes) are never reached.
@inlinable @inline(__always)
func squaredReach(_ meters: Double) -> Double { Swift.min(meters * meters, .greatestFiniteMagnitude) }
