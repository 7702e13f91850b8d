extension MeasuredPolyline {
    /// Locates a point on the line: the closest point, its measure, the distance to it and
    /// the side of the line the point is on.
    ///
    /// The closest point is found in the local metric plane at the point's latitude (the
    /// ``LocalRuler`` scales there, as cheap-ruler's `pointOnLine`), never in raw degrees.
    /// Ties (a point equidistant from two segments) go to the lowest segment index; a closest
    /// point on an interior vertex is reported at fraction 0 of the segment that starts there.
    /// The side is taken from the segment's direction; when the closest point is an interior
    /// vertex and the two segments disagree, the point lies outside the bend, on the side
    /// opposite the turn.
    ///
    /// - Parameter point: Any coordinate (EPSG:4326), typically within a few kilometres.
    /// - Returns: Segment index and fraction, measure (metres from the start), snapped
    ///   coordinate, distance in metres (``LocalRuler/distance(_:_:)``) and side.
    /// - Complexity: O(n) in the number of segments.
    ///
    /// ```swift
    /// let at = road.locate(Coordinate(74.6051, 42.8702))
    /// road.coordinate(atMeasure: at.measureMeters) == at.coordinate   // within 1 mm
    /// ```
    public func locate(_ point: Coordinate) -> LinearLocation {
        let plane = QueryPlane(point)
        let coords = line.coordinates
        var best = 0, bestT = 0.0, bestD2 = Double.infinity
        for i in 0..<(coords.count - 1) {
            let (t, d2) = plane.closest(coords[i], coords[i + 1])
            if d2 < bestD2 { best = i; bestT = t; bestD2 = d2 }
        }
        return location(of: point, segment: best, fraction: bestT, plane: plane)
    }

    /// The measure (metres from the start) of the point of the line closest to `point`.
    /// - Parameter point: Any coordinate. - Complexity: O(n).
    ///
    /// ```swift
    /// road.measure(of: report)   // metres from the road's start
    /// ```
    public func measure(of point: Coordinate) -> Double {
        locate(point).measureMeters
    }

    /// The location of `point`'s closest point, known to be at `fraction` of `segment`.
    func location(of point: Coordinate, segment: Int, fraction: Double, plane: QueryPlane) -> LinearLocation {
        var i = segment, t = fraction
        // A closest point on an interior vertex is reported at the start of the next segment.
        if t >= 1 && i + 1 < segmentCount { i += 1; t = 0 }
        let snapped = self.point(segment: i, fraction: t)
        let distance = snapped == point ? 0 : LocalRuler.distance(point, snapped)
        return LinearLocation(segmentIndex: i, fraction: t, measureMeters: measure(segment: i, fraction: t),
                              coordinate: snapped, distanceMeters: distance,
                              side: distance == 0 ? .on : plane.side(on: line.coordinates, segment: i, fraction: t))
    }
}
