/// A polyline with its cumulative length in metres at every vertex: the road as linear
/// referencing sees it (measures from the start, chainage, substrings, splitting).
///
/// **The metric.** Each segment is measured with ``LocalRuler/distance(_:_:)`` (the local
/// scale at the segment's mid-latitude, within 0.05% of the geodesic for segments up to
/// 10 km), so ``lengthMeters`` equals ``Polyline/lengthMeters``. Within a segment, measures
/// are linear in the fraction along it, as in JTS, PostGIS and cheap-ruler. Closest points
/// (``locate(_:)``) are found in the local metric plane at the query point, never in raw degrees.
///
/// Built once per road (O(n): one cosine per segment) and then immutable and `Sendable`.
///
/// ```swift
/// let road = MeasuredPolyline(try Polyline([Coordinate(74.60, 42.87), Coordinate(74.61, 42.87)]))
/// road.lengthMeters                                  // ≈ 817.6
/// road.coordinate(atMeasure: 400)                    // ≈ (74.60489, 42.87)
/// let piece = road.substring(from: 100, to: 300)     // a 200 m polyline
/// ```
///
/// Vocabulary after mapbox/cheap-ruler (`pointOnLine`, `along`, `lineSliceAlong`) and JTS's
/// `LengthIndexedLine` / `LinearLocation`.
public struct MeasuredPolyline: Hashable, Sendable {
    /// The line.
    public let line: Polyline
    /// Metres from the start at each vertex: `measures[0] == 0`, increasing (never decreasing),
    /// `measures.last == lengthMeters`.
    public let measures: [Double]

    /// Measures a polyline.
    /// - Parameter line: The road's geometry.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// let road = MeasuredPolyline(try Polyline(coordinates))
    /// ```
    public init(_ line: Polyline) {
        self.line = line
        let coords = line.coordinates
        var measures = [0.0]
        measures.reserveCapacity(coords.count)
        var total = 0.0
        for i in 1..<coords.count {
            let a = coords[i - 1], b = coords[i]
            let ruler = LocalRuler(latitude: (a.latitude + b.latitude) / 2)
            total += ruler.planarDistance(a, b)
            measures.append(total)
        }
        self.measures = measures
    }

    /// Total length in metres (equal to the line's ``Polyline/lengthMeters``).
    /// - Complexity: O(1).
    @inlinable public var lengthMeters: Double { measures[measures.count - 1] }

    /// Number of segments.
    @inlinable public var segmentCount: Int { measures.count - 1 }

    /// The point at a measure (metres from the start), by interpolation on its segment.
    ///
    /// The measure is clamped to `0...lengthMeters`; NaN gives the start. A measure that falls
    /// exactly on a vertex gives that vertex exactly.
    /// - Parameter measure: Metres from the start.
    /// - Returns: The point on the line (EPSG:4326).
    /// - Complexity: O(log n).
    ///
    /// ```swift
    /// road.coordinate(atMeasure: 12_300)   // the point at chainage 12+300
    /// ```
    public func coordinate(atMeasure measure: Double) -> Coordinate {
        location(atMeasure: measure).coordinate
    }

    /// The full location (segment, fraction, point) at a measure; clamped like ``coordinate(atMeasure:)``.
    /// - Parameter measure: Metres from the start.
    /// - Returns: A location with ``LinearLocation/distanceMeters`` 0 and side ``LineSide/on``.
    /// - Complexity: O(log n).
    ///
    /// ```swift
    /// road.location(atMeasure: 250).segmentIndex
    /// ```
    public func location(atMeasure measure: Double) -> LinearLocation {
        let m = clamped(measure)
        let (i, t) = position(atMeasure: m, preferEnd: false)
        return LinearLocation(segmentIndex: i, fraction: t, measureMeters: m, coordinate: point(segment: i, fraction: t),
                              distanceMeters: 0, side: .on)
    }

    /// The point at a fraction of a segment; fraction 0 and 1 give the vertices exactly.
    /// - Parameters: segment: Segment index. fraction: 0...1.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// road.point(segment: 0, fraction: 0.5)   // the middle of the first segment
    /// ```
    public func point(segment: Int, fraction: Double) -> Coordinate {
        let coords = line.coordinates
        if fraction <= 0 { return coords[segment] }
        if fraction >= 1 { return coords[segment + 1] }
        let a = coords[segment], b = coords[segment + 1]
        var lon = a.longitude + LocalRuler.wrapLongitudeDelta(b.longitude - a.longitude) * fraction
        if lon > 180 { lon -= 360 } else if lon < -180 { lon += 360 }
        return Coordinate(lon, a.latitude + (b.latitude - a.latitude) * fraction)
    }

    /// The measure at a fraction of a segment.
    /// - Parameters: segment: Segment index. fraction: 0...1.
    /// - Complexity: O(1).
    @inlinable
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// road.measure(segment: 2, fraction: 0.25)
    /// ```
    public func measure(segment: Int, fraction: Double) -> Double {
        if fraction <= 0 { return measures[segment] }
        if fraction >= 1 { return measures[segment + 1] }
        return measures[segment] + (measures[segment + 1] - measures[segment]) * fraction
    }

    // MARK: - Internal

    /// A measure brought into `0...lengthMeters` (NaN to 0).
    func clamped(_ m: Double) -> Double {
        guard m > 0 else { return 0 }
        return Swift.min(m, lengthMeters)
    }

    /// Segment and fraction of a clamped measure. A measure on a vertex belongs to the
    /// segment that starts there, or with `preferEnd` to the segment that ends there.
    func position(atMeasure m: Double, preferEnd: Bool) -> (segment: Int, fraction: Double) {
        // Find the segment i with measures[i] <= m < measures[i + 1] (or <= with preferEnd).
        var lo = 0, hi = segmentCount - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if preferEnd ? measures[mid] < m : measures[mid] <= m { lo = mid } else { hi = mid - 1 }
        }
        let start = measures[lo], end = measures[lo + 1]
        let t = end > start ? (m - start) / (end - start) : 0
        return (lo, Swift.min(1, Swift.max(0, t)))
    }
}
