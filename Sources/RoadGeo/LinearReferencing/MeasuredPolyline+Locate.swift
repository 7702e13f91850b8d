extension MeasuredPolyline {
    /// Locates a point on the line: the closest point, its measure, the distance to it and
    /// the side of the line the point is on.
    ///
    /// Each segment is tested in its own local metric plane (the ``LocalRuler`` scales at its
    /// mid-latitude), so the closest point is exact in metres, not in raw degrees. Ties (a
    /// point equidistant from two segments) go to the lowest segment index. The side is taken
    /// from the segment's direction; when the closest point is an interior vertex and the two
    /// segments disagree, the point lies outside the bend, i.e. on the side opposite the turn.
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
        var best = 0, bestT = 0.0, bestD2 = Double.infinity
        for i in frames.indices {
            let f = frames[i]
            let px = LocalRuler.wrapLongitudeDelta(point.longitude - f.ax) * f.kx
            let py = (point.latitude - f.ay) * f.ky
            var t = f.length2 > 0 ? (px * f.dx + py * f.dy) / f.length2 : 0
            t = t < 0 ? 0 : (t > 1 ? 1 : t)
            let ex = px - t * f.dx, ey = py - t * f.dy
            let d2 = ex * ex + ey * ey
            if d2 < bestD2 { best = i; bestT = t; bestD2 = d2 }
        }
        // A point exactly on the shared vertex is reported at the start of the next segment.
        if bestT == 1 && best + 1 < frames.count { best += 1; bestT = 0 }
        let snapped = self.point(segment: best, fraction: bestT)
        let distance = snapped == point ? 0 : LocalRuler.distance(point, snapped)
        return LinearLocation(segmentIndex: best, fraction: bestT, measureMeters: measure(segment: best, fraction: bestT),
                              coordinate: snapped, distanceMeters: distance,
                              side: distance == 0 ? .on : side(of: point, segment: best, fraction: bestT))
    }

    /// The measure (metres from the start) of the point of the line closest to `point`.
    /// - Parameter point: Any coordinate. - Complexity: O(n).
    public func measure(of point: Coordinate) -> Double {
        locate(point).measureMeters
    }

    // MARK: - Private

    /// Side of `point` against the segment, looking at both segments at an interior vertex.
    private func side(of point: Coordinate, segment i: Int, fraction t: Double) -> LineSide {
        let own = cross(point, segment: i)
        // At a vertex the previous (t == 0) or next (t == 1) segment shares the closest point.
        let other: Int? = t <= 0 && i > 0 ? i - 1 : (t >= 1 && i + 1 < frames.count ? i + 1 : nil)
        guard let j = other else { return sideOf(own) }
        let neighbour = cross(point, segment: j)
        if (own > 0) == (neighbour > 0) && own != 0 && neighbour != 0 { return sideOf(own) }
        // Outside the bend: opposite to the direction of the turn at the vertex.
        let (first, second) = j < i ? (j, i) : (i, j)
        let turn = turnCross(first, second)
        if turn == 0 { return sideOf(own != 0 ? own : neighbour) }
        return turn > 0 ? .right : .left
    }

    private func sideOf(_ cross: Double) -> LineSide {
        cross > 0 ? .left : (cross < 0 ? .right : .on)
    }

    /// z of (b - a) × (p - a) in the segment's plane: positive when p is to the left.
    private func cross(_ p: Coordinate, segment i: Int) -> Double {
        let f = frames[i]
        let px = LocalRuler.wrapLongitudeDelta(p.longitude - f.ax) * f.kx
        let py = (p.latitude - f.ay) * f.ky
        return f.dx * py - f.dy * px
    }

    /// z of the cross product of two segments' directions: positive for a left turn.
    private func turnCross(_ i: Int, _ j: Int) -> Double {
        frames[i].dx * frames[j].dy - frames[i].dy * frames[j].dx
    }
}
