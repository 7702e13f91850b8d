/// The edges of the world on import: coordinates a hair outside the valid range, and lines
/// that cross the antimeridian.
///
/// Producers write `180.00000000000006` after a round trip through a projection, and GeoJSON
/// tools write a line across the antimeridian with longitudes past ±180 (Fiji: 178, 181, 183)
/// so that it stays continuous. RoadGeo keeps longitude within ±180, so such a line is cut
/// at the antimeridian into parts that each stay on one side, the cut point's latitude
/// interpolated linearly in longitude, as GDAL's `WRAPDATELINE=YES` does. A segment from
/// east of 170° E to west of 170° W (or back) that jumps more than 180° is read the same
/// way: as a crossing written in wrapped longitudes (GDAL's `DATELINEOFFSET` of 10°).
///
/// ```swift
/// let fiji = [Coordinate(178, -17), Coordinate(181, -16.5), Coordinate(183, -16)]
/// let parts = WorldEdges.split([fiji[0], fiji[1], fiji[2]])
/// // [[(178, -17), (180, -16.6667)], [(-180, -16.6667), (-179, -16.5), (-177, -16)]]
/// ```
public enum WorldEdges {
    /// How far outside ±180 / ±90 a coordinate may be and still be clamped onto the edge (degrees).
    public static let clampTolerance = 1e-9

    /// What ``normalize(_:)`` did to one line.
    ///
    /// ```swift
    /// let (parts, outcome) = WorldEdges.normalize(line)
    /// if outcome.antimeridianCuts > 0 { print("split into \(parts.count) parts") }
    /// ```
    public struct Outcome: Hashable, Sendable {
        /// Coordinates moved onto ±180 or ±90 because they were within ``clampTolerance`` of it.
        public var clamped = 0
        /// Cuts made at the antimeridian.
        public var antimeridianCuts = 0
        /// Coordinates that are not positions at all (not finite, latitude beyond ±90, longitude
        /// beyond ±540): dropped.
        public var invalid = 0
        /// The first invalid coordinate's problem, for a report.
        public var firstProblem: String?

        /// Creates an empty outcome.
        ///
        /// - Complexity: O(1).
        ///
        /// ```swift
        /// var total = WorldEdges.Outcome()
        /// ```
        public init() {}

        /// Whether nothing was changed or dropped.
        public var isUnchanged: Bool { clamped == 0 && antimeridianCuts == 0 && invalid == 0 }
    }

    /// `c` clamped onto the valid range when it is within ``clampTolerance`` outside it;
    /// `nil` when it is no geographic position even then (or needs an antimeridian cut).
    ///
    /// - Parameter c: A longitude/latitude pair.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// WorldEdges.clamped(Coordinate(180.00000000000006, 10))   // (180, 10)
    /// ```
    @inlinable
    public static func clamped(_ c: Coordinate) -> Coordinate? {
        guard c.longitude.isFinite, c.latitude.isFinite else { return nil }
        var lon = c.longitude, lat = c.latitude
        if lat > 90 { guard lat <= 90 + clampTolerance else { return nil }; lat = 90 }
        if lat < -90 { guard lat >= -90 - clampTolerance else { return nil }; lat = -90 }
        if lon > 180 { guard lon <= 180 + clampTolerance else { return nil }; lon = 180 }
        if lon < -180 { guard lon >= -180 - clampTolerance else { return nil }; lon = -180 }
        return Coordinate(lon, lat)
    }

    /// Splits a line given in continuous longitudes (possibly beyond ±180) at the antimeridian
    /// and wraps every part into -180...180. Coordinates must be finite with latitude in range.
    ///
    /// - Parameter line: The positions, in order.
    /// - Returns: The parts (one when the line does not cross).
    /// - Complexity: O(positions).
    ///
    /// ```swift
    /// let parts = WorldEdges.split([Coordinate(179, 0), Coordinate(181, 2)])   // cut at (180, 1)
    /// ```
    public static func split(_ line: [Coordinate]) -> [[Coordinate]] {
        guard let first = line.first else { return [] }
        // Unwrap: make the longitudes continuous where a segment jumps across the antimeridian.
        var unwrapped: [Coordinate] = [first]
        unwrapped.reserveCapacity(line.count)
        var shift = 0.0
        for k in 1..<max(1, line.count) {
            let a = line[k - 1], b = line[k]
            let d = b.longitude - a.longitude
            if abs(d) > 180, (a.longitude > 170 && b.longitude < -170) || (a.longitude < -170 && b.longitude > 170) {
                shift += d > 0 ? -360 : 360
            }
            unwrapped.append(Coordinate(b.longitude + shift, b.latitude))
        }
        // Cut where the line passes from one 360° band to the next (bands centred on 0).
        func band(_ lon: Double) -> Double { ((lon + 180) / 360).rounded(.down) }
        var parts: [[Coordinate]] = []
        var current: [Coordinate] = []
        var previous = unwrapped[0]
        var previousBand = band(previous.longitude)
        func wrap(_ c: Coordinate, inBand b: Double) -> Coordinate {
            Coordinate(c.longitude - 360 * b, c.latitude)
        }
        current.append(wrap(previous, inBand: previousBand))
        for c in unwrapped.dropFirst() {
            var b = band(c.longitude)
            // A point exactly on the eastern edge of its band belongs to the band on its left.
            if c.longitude == 180 + 360 * (b - 1) && b > previousBand { b -= 1 }
            while b != previousBand {
                let east = b > previousBand
                let edge = 180 + 360 * (east ? previousBand : previousBand - 1)
                let t = (edge - previous.longitude) / (c.longitude - previous.longitude)
                let lat = previous.latitude + t * (c.latitude - previous.latitude)
                current.append(Coordinate(east ? 180 : -180, lat))
                parts.append(current)
                current = [Coordinate(east ? -180 : 180, lat)]
                previousBand += east ? 1 : -1
                previous = Coordinate(edge, lat)
            }
            current.append(wrap(c, inBand: b))
            previous = c
            previousBand = b
        }
        parts.append(current)
        return parts.filter { part in part.count >= 2 || line.count == 1 }
    }

    /// Clamps, drops what is no position, and cuts at the antimeridian one line's positions.
    ///
    /// A position within ``clampTolerance`` of the range is clamped; a finite one with latitude
    /// within range and longitude within ±540 takes part in the antimeridian handling; anything
    /// else is dropped and counted.
    ///
    /// - Parameter line: The positions as read (longitude first).
    /// - Returns: The parts (consecutive duplicates kept; callers validate), and what was done.
    /// - Complexity: O(positions).
    ///
    /// ```swift
    /// let (parts, outcome) = WorldEdges.normalize([Coordinate(179.5, 1), Coordinate(180.5, 1)])
    /// // parts: [[(179.5, 1), (180, 1)], [(-180, 1), (-179.5, 1)]], outcome.antimeridianCuts == 1
    /// ```
    public static func normalize(_ line: [Coordinate]) -> (parts: [[Coordinate]], outcome: Outcome) {
        var outcome = Outcome()
        var kept: [Coordinate] = []
        kept.reserveCapacity(line.count)
        var needsCut = false
        for c in line {
            if c.isValidGeographic {
                kept.append(c)
            } else if let k = clamped(c) {
                outcome.clamped += 1
                kept.append(k)
            } else if c.longitude.isFinite, c.latitude.isFinite, abs(c.longitude) <= 540,
                      let lat = clamped(Coordinate(0, c.latitude))?.latitude {
                if lat != c.latitude { outcome.clamped += 1 }
                needsCut = true
                kept.append(Coordinate(c.longitude, lat))
            } else {
                outcome.invalid += 1
                if outcome.firstProblem == nil { outcome.firstProblem = c.geographicProblem }
            }
        }
        if !needsCut {
            var jumps = false
            for k in kept.indices.dropFirst() where abs(kept[k].longitude - kept[k - 1].longitude) > 180 {
                let a = kept[k - 1].longitude, b = kept[k].longitude
                if (a > 170 && b < -170) || (a < -170 && b > 170) { jumps = true; break }
            }
            if !jumps { return ([kept], outcome) }
        }
        let parts = split(kept)
        outcome.antimeridianCuts = max(0, parts.count - 1)
        return (parts, outcome)
    }
}
