/// The local metric plane around a query point: metres per degree of longitude and latitude at
/// the point's latitude (mapbox/cheap-ruler's approach), with the point at the origin.
///
/// Closest points, distances and sides are computed here, never in raw degrees: near the query
/// point (where its closest point on a line lies) the plane matches the ellipsoid to well
/// within ``LocalRuler``'s 0.05%. Every segment is compared in the same plane, so choosing the
/// nearest of several segments (or roads) is consistent.
struct QueryPlane {
    /// The query point.
    let origin: Coordinate
    /// Metres per degree of longitude at the query latitude.
    let kx: Double
    /// Metres per degree of latitude at the query latitude.
    let ky: Double

    /// The plane of a point.
    @inline(__always)
    init(_ origin: Coordinate) {
        self.origin = origin
        let ruler = LocalRuler(latitude: origin.latitude)
        kx = ruler.metersPerDegreeLongitude
        ky = ruler.metersPerDegreeLatitude
    }

    /// The fraction `t` (0...1) of the point of segment a→b closest to the origin, and the
    /// squared distance in square metres from the origin to it.
    @inline(__always)
    func closest(_ a: Coordinate, _ b: Coordinate) -> (t: Double, squaredMeters: Double) {
        let ax = LocalRuler.wrapLongitudeDelta(origin.longitude - a.longitude) * kx
        let ay = (origin.latitude - a.latitude) * ky
        let dx = LocalRuler.wrapLongitudeDelta(b.longitude - a.longitude) * kx
        let dy = (b.latitude - a.latitude) * ky
        let length2 = dx * dx + dy * dy
        let t = length2 > 0 ? (ax * dx + ay * dy) / length2 : 0
        if t <= 0 { return (0, ax * ax + ay * ay) }
        if t >= 1 {
            // Measured from b itself, so a vertex shared by two segments (or roads) is exactly
            // as far from both: ties stay ties.
            let bx = LocalRuler.wrapLongitudeDelta(origin.longitude - b.longitude) * kx
            let by = (origin.latitude - b.latitude) * ky
            return (1, bx * bx + by * by)
        }
        let ex = ax - t * dx, ey = ay - t * dy
        return (t, ex * ex + ey * ey)
    }

    /// z of (b - a) × (origin - a): positive when the origin is left of a→b.
    @inline(__always)
    func cross(_ a: Coordinate, _ b: Coordinate) -> Double {
        let ax = LocalRuler.wrapLongitudeDelta(origin.longitude - a.longitude) * kx
        let ay = (origin.latitude - a.latitude) * ky
        let dx = LocalRuler.wrapLongitudeDelta(b.longitude - a.longitude) * kx
        let dy = (b.latitude - a.latitude) * ky
        return dx * ay - dy * ax
    }

    /// z of (b - a) × (c - b): positive when the path a→b→c turns left at b.
    func turn(_ a: Coordinate, _ b: Coordinate, _ c: Coordinate) -> Double {
        let ux = LocalRuler.wrapLongitudeDelta(b.longitude - a.longitude) * kx, uy = (b.latitude - a.latitude) * ky
        let wx = LocalRuler.wrapLongitudeDelta(c.longitude - b.longitude) * kx, wy = (c.latitude - b.latitude) * ky
        return ux * wy - uy * wx
    }

    /// Side of the origin for a closest point at fraction `t` of segment `i` of `line`.
    ///
    /// From the segment's direction; at an interior vertex where the two segments disagree, the
    /// point lies outside the bend, on the side opposite the turn.
    func side(on line: [Coordinate], segment i: Int, fraction t: Double) -> LineSide {
        let own = cross(line[i], line[i + 1])
        let j: Int? = t <= 0 && i > 0 ? i - 1 : (t >= 1 && i + 2 < line.count ? i + 1 : nil)
        guard let j else { return QueryPlane.side(own) }
        let neighbour = cross(line[j], line[j + 1])
        if own != 0, neighbour != 0, (own > 0) == (neighbour > 0) { return QueryPlane.side(own) }
        let first = Swift.min(i, j)
        let bend = turn(line[first], line[first + 1], line[first + 2])
        if bend == 0 { return QueryPlane.side(own != 0 ? own : neighbour) }
        return bend > 0 ? .right : .left
    }

    private static func side(_ cross: Double) -> LineSide {
        cross > 0 ? .left : (cross < 0 ? .right : .on)
    }
}
