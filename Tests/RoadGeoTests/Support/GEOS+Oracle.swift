import RoadGeo

/// The one-call GEOS oracle the tests compare RoadGeo with: each function creates a
/// ``GEOSContext`` and calls the method of the same name (the library's own ``GEOS`` holds only
/// what the library calls).
///
/// ```swift
/// let l = try Polyline([Coordinate(0, 0), Coordinate(3, 0), Coordinate(3, 4)])
/// try GEOS.length(l)                                    // 7.0 (degrees)
/// try GEOS.project(Coordinate(4, 2), onto: l)           // 5.0
/// ```
extension GEOS {
    /// Planar length of a line, degrees (`GEOSLength_r`).
    /// - Parameter line: The line.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try GEOS.length(lShape)   // 7 for (0,0)-(3,0)-(3,4)
    /// ```
    static func length(_ line: Polyline) throws(GEOSError) -> Double {
        try GEOSContext().length(line)
    }

    /// Planar length of all parts of a multi-part line, degrees (`GEOSLength_r`).
    /// - Parameter lines: The parts.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try GEOS.length(MultiPolyline(parts: [a, b]))
    /// ```
    static func length(_ lines: MultiPolyline) throws(GEOSError) -> Double {
        try GEOSContext().length(lines)
    }

    /// Planar distance between two lines, degrees (`GEOSDistance_r`).
    /// - Parameters:
    ///   - a: One line.
    ///   - b: The other.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n·m).
    ///
    /// ```swift
    /// try GEOS.distance(road, otherRoad)   // 0 if they touch
    /// ```
    static func distance(_ a: Polyline, _ b: Polyline) throws(GEOSError) -> Double {
        try GEOSContext().distance(a, b)
    }

    /// Planar distance from a point to a line, degrees (`GEOSDistance_r`).
    /// - Parameters:
    ///   - point: The point.
    ///   - line: The line.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try GEOS.distance(Coordinate(1, 1), lShape)   // 1
    /// ```
    static func distance(_ point: Coordinate, _ line: Polyline) throws(GEOSError) -> Double {
        try GEOSContext().distance(point, line)
    }

    /// The planar-closest pair of points of two lines, the first on `a` (`GEOSNearestPoints_r`).
    /// - Parameters:
    ///   - a: One line.
    ///   - b: The other.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n·m).
    ///
    /// ```swift
    /// let (onA, onB) = try GEOS.nearestPoints(a, b)
    /// ```
    static func nearestPoints(_ a: Polyline, _ b: Polyline) throws(GEOSError) -> (Coordinate, Coordinate) {
        try GEOSContext().nearestPoints(a, b)
    }

    /// The point of `line` planar-closest to `point` (`GEOSNearestPoints_r`).
    /// - Parameters:
    ///   - line: The line.
    ///   - point: The point.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try GEOS.nearestPoint(on: lShape, to: Coordinate(1, 1))   // (1, 0)
    /// ```
    static func nearestPoint(on line: Polyline, to point: Coordinate) throws(GEOSError) -> Coordinate {
        try GEOSContext().nearestPoint(on: line, to: point)
    }

    /// Planar distance along `line` of the point closest to `point` (`GEOSProject_r`), or the
    /// fraction of the length with `normalized` (`GEOSProjectNormalized_r`).
    /// - Parameters:
    ///   - point: The point.
    ///   - line: The line.
    ///   - normalized: Fraction instead of degrees.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try GEOS.project(Coordinate(4, 2), onto: lShape)   // 5
    /// ```
    static func project(_ point: Coordinate, onto line: Polyline, normalized: Bool = false) throws(GEOSError) -> Double {
        try GEOSContext().project(point, onto: line, normalized: normalized)
    }

    /// The point at a planar distance along `line` (`GEOSInterpolate_r`), or at a fraction of
    /// its length with `normalized` (`GEOSInterpolateNormalized_r`).
    /// - Parameters:
    ///   - line: The line.
    ///   - distance: Degrees or fraction.
    ///   - normalized: Fraction.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try GEOS.interpolate(lShape, distance: 0.5, normalized: true)   // (3, 0.5)
    /// ```
    static func interpolate(_ line: Polyline, distance: Double, normalized: Bool = false) throws(GEOSError) -> Coordinate {
        try GEOSContext().interpolate(line, distance: distance, normalized: normalized)
    }

    /// Nodes lines at every crossing and touch (`GEOSNode_r`).
    /// - Parameter lines: The lines.
    /// - Returns: The noded pieces.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n log n).
    ///
    /// ```swift
    /// try GEOS.node([horizontal, vertical])   // 4 pieces meeting at the crossing
    /// ```
    static func node(_ lines: [Polyline]) throws(GEOSError) -> [Polyline] {
        try GEOSContext().node(lines)
    }

    /// The parts of `line` inside `box` (`GEOSClipByRect_r`).
    /// - Parameters:
    ///   - line: The line.
    ///   - box: The rectangle.
    /// - Returns: The pieces, possibly none.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try GEOS.clip(road, to: BoundingBox(minX: 74.5, minY: 42.8, maxX: 74.7, maxY: 42.9))
    /// ```
    static func clip(_ line: Polyline, to box: BoundingBox) throws(GEOSError) -> [Polyline] {
        try GEOSContext().clip(line, to: box)
    }

    /// The parts of a multi-part line inside `box` (`GEOSClipByRect_r`).
    /// - Parameters:
    ///   - lines: The line.
    ///   - box: The rectangle.
    /// - Returns: The pieces, possibly none.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try GEOS.clip(MultiPolyline(parts: roads), to: box)
    /// ```
    static func clip(_ lines: MultiPolyline, to box: BoundingBox) throws(GEOSError) -> [Polyline] {
        try GEOSContext().clip(lines, to: box)
    }

    /// Douglas-Peucker simplification (`GEOSSimplify_r` / `GEOSTopologyPreserveSimplify_r`).
    /// - Parameters:
    ///   - line: The line.
    ///   - tolerance: Planar degrees.
    ///   - preservingTopology: Never make parts cross.
    /// - Returns: The simplified line, or `nil` if it collapsed.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n log n) typical.
    ///
    /// ```swift
    /// try GEOS.simplify(road, tolerance: 0.0001)   // ≈ 11 m of latitude
    /// ```
    static func simplify(_ line: Polyline, tolerance: Double, preservingTopology: Bool = false) throws(GEOSError) -> Polyline? {
        try GEOSContext().simplify(line, tolerance: tolerance, preservingTopology: preservingTopology)
    }

    /// Simplifies every part of a multi-part line; collapsed parts are dropped.
    /// - Parameters:
    ///   - lines: The parts.
    ///   - tolerance: Planar degrees.
    ///   - preservingTopology: Never make parts cross.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n log n) typical.
    ///
    /// ```swift
    /// try GEOS.simplify(MultiPolyline(parts: roads), tolerance: 0.0001, preservingTopology: true)
    /// ```
    static func simplify(_ lines: MultiPolyline, tolerance: Double, preservingTopology: Bool = false) throws(GEOSError) -> MultiPolyline {
        try GEOSContext().simplify(lines, tolerance: tolerance, preservingTopology: preservingTopology)
    }

    /// GEOS's validity verdict and reason for a line's raw vertices.
    /// - Parameter coordinates: The vertices.
    /// - Throws: ``GEOSError`` if GEOS cannot build the line.
    /// - Complexity: O(n log n).
    ///
    /// ```swift
    /// try GEOS.validity(ofLine: [Coordinate(0, 0), Coordinate(.nan, 1)]).reason   // "Invalid Coordinate[...]"
    /// ```
    static func validity(ofLine coordinates: [Coordinate]) throws(GEOSError) -> GEOSValidity {
        try GEOSContext().validity(ofLine: coordinates)
    }

    /// GEOS's validity verdict and reason for a polygon's rings (shell first, then holes).
    /// - Parameter rings: Closed rings.
    /// - Throws: ``GEOSError`` if GEOS cannot build a ring.
    /// - Complexity: O(n log n).
    ///
    /// ```swift
    /// try GEOS.validity(ofPolygonRings: [bowTie]).reason   // "Self-intersection[0.5 0.5]"
    /// ```
    static func validity(ofPolygonRings rings: [[Coordinate]]) throws(GEOSError) -> GEOSValidity {
        try GEOSContext().validity(ofPolygonRings: rings)
    }

    /// Whether GEOS considers the polyline valid (`GEOSisValid_r`).
    /// - Parameter line: The line.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n log n).
    ///
    /// ```swift
    /// try GEOS.isValid(road)   // true
    /// ```
    static func isValid(_ line: Polyline) throws(GEOSError) -> Bool {
        try GEOSContext().isValid(line)
    }
}
