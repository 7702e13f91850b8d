import CGEOS

/// Operations of one context. Lengths, distances, measures and tolerances are in the
/// coordinates' own units: planar degrees for EPSG:4326 (see ``GEOSContext``).
extension GEOSContext {
    /// Planar length of a line (`GEOSLength_r`), in degrees.
    /// - Parameter line: The line.
    /// - Returns: The sum of the segments' Euclidean lengths in lon/lat degrees.
    /// - Throws: ``GEOSError`` with GEOS's message.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try geos.length(try Polyline([Coordinate(0, 0), Coordinate(3, 0), Coordinate(3, 4)]))  // 7
    /// ```
    public func length(_ line: Polyline) throws(GEOSError) -> Double {
        try withGeometry(makeGeometry(line), length(of:))
    }

    /// Planar length of all parts of a multi-part line (`GEOSLength_r`), in degrees.
    /// - Parameter lines: The parts.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try geos.length(MultiPolyline(parts: [a, b]))   // sum of both, degrees
    /// ```
    public func length(_ lines: MultiPolyline) throws(GEOSError) -> Double {
        try withGeometry(makeGeometry(lines), length(of:))
    }

    /// Planar distance between two lines (`GEOSDistance_r`), in degrees; 0 when they touch.
    /// - Parameters:
    ///   - a: One line.
    ///   - b: The other.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n·m).
    ///
    /// ```swift
    /// try geos.distance(road, otherRoad)   // 0 when they touch
    /// ```
    public func distance(_ a: Polyline, _ b: Polyline) throws(GEOSError) -> Double {
        try withGeometries(makeGeometry(a), makeGeometry(b), distance)
    }

    /// Planar distance from a point to a line (`GEOSDistance_r`), in degrees.
    /// - Parameters:
    ///   - point: The point.
    ///   - line: The line.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try geos.distance(Coordinate(1, 1), lShape)   // 1
    /// ```
    public func distance(_ point: Coordinate, _ line: Polyline) throws(GEOSError) -> Double {
        try withGeometries(makePoint(point), makeGeometry(line), distance)
    }

    /// The closest pair of points of two lines (`GEOSNearestPoints_r`), the first on `a`.
    /// - Parameters:
    ///   - a: One line.
    ///   - b: The other.
    /// - Returns: The point on `a` and the point on `b` that are planar-closest.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n·m).
    ///
    /// ```swift
    /// let (onRoad, onOther) = try geos.nearestPoints(road, otherRoad)
    /// ```
    public func nearestPoints(_ a: Polyline, _ b: Polyline) throws(GEOSError) -> (Coordinate, Coordinate) {
        try withGeometries(makeGeometry(a), makeGeometry(b), nearestPoints)
    }

    /// The point of a line planar-closest to a point (`GEOSNearestPoints_r`).
    /// - Parameters:
    ///   - point: The point.
    ///   - line: The line.
    /// - Returns: The closest point on `line`.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try geos.nearestPoint(on: lShape, to: Coordinate(1, 1))   // (1, 0)
    /// ```
    public func nearestPoint(on line: Polyline, to point: Coordinate) throws(GEOSError) -> Coordinate {
        try withGeometries(makeGeometry(line), makePoint(point)) { a, b throws(GEOSError) in try nearestPoints(a, b).0 }
    }

    /// Distance along a line, from its start, of the point closest to `point` (`GEOSProject_r`),
    /// in planar degrees; with `normalized`, as a fraction 0...1 of the length (`GEOSProjectNormalized_r`).
    /// - Parameters:
    ///   - point: The point to project.
    ///   - line: The line.
    ///   - normalized: Return a fraction of the length instead of degrees.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try geos.project(Coordinate(3, 2), onto: lShape)   // 5 (3 along x, then 2 up)
    /// ```
    public func project(_ point: Coordinate, onto line: Polyline, normalized: Bool = false) throws(GEOSError) -> Double {
        try withGeometries(makeGeometry(line), makePoint(point)) { gl, gp throws(GEOSError) in
            resetMessages()
            let d = normalized ? GEOSProjectNormalized_r(handle, gl, gp) : GEOSProject_r(handle, gl, gp)
            if lastError != nil { throw failure(normalized ? "GEOSProjectNormalized_r" : "GEOSProject_r") }
            return d
        }
    }

    /// The point at a planar distance along a line (`GEOSInterpolate_r`), or at a fraction of
    /// its length with `normalized` (`GEOSInterpolateNormalized_r`). GEOS clamps to the ends;
    /// a negative distance counts from the end.
    /// - Parameters:
    ///   - line: The line.
    ///   - distance: Planar degrees from the start (or a fraction 0...1 with `normalized`).
    ///   - normalized: Interpret `distance` as a fraction of the length.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try geos.interpolate(lShape, distance: 5)   // (3, 2)
    /// ```
    public func interpolate(_ line: Polyline, distance: Double, normalized: Bool = false) throws(GEOSError) -> Coordinate {
        try withGeometry(makeGeometry(line)) { gl throws(GEOSError) in
            resetMessages()
            let name = normalized ? "GEOSInterpolateNormalized_r" : "GEOSInterpolate_r"
            let result = normalized ? GEOSInterpolateNormalized_r(handle, gl, distance) : GEOSInterpolate_r(handle, gl, distance)
            guard let result else { throw failure(name) }
            defer { destroy(result) }
            return try readPoint(result, name)
        }
    }

    /// Nodes a set of lines (`GEOSNode_r`): every line is cut wherever it crosses or touches
    /// another (or itself), and duplicate linework is merged.
    /// - Parameter lines: The lines to node.
    /// - Returns: The noded pieces in GEOS's order; empty for no input.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n log n) in the number of segments (GEOS's noder).
    ///
    /// ```swift
    /// try geos.node([horizontal, vertical])   // four pieces meeting at the crossing
    /// ```
    public func node(_ lines: [Polyline]) throws(GEOSError) -> [Polyline] {
        try unary(lines, "GEOSNode_r") { h, g in GEOSNode_r(h, g) }
    }

    /// Merges lines that share end points into the longest possible lines (`GEOSLineMerge_r`);
    /// merged lines may be reversed to join up.
    /// - Parameter lines: The lines.
    /// - Returns: The merged lines; empty for no input.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n log n).
    ///
    /// ```swift
    /// try geos.lineMerge([a, b])   // one line when a ends where b starts
    /// ```
    public func lineMerge(_ lines: [Polyline]) throws(GEOSError) -> [Polyline] {
        try unary(lines, "GEOSLineMerge_r") { h, g in GEOSLineMerge_r(h, g) }
    }

    /// The parts of a line inside a rectangle (`GEOSClipByRect_r`), in degrees for EPSG:4326.
    /// - Parameters:
    ///   - line: The line.
    ///   - box: The rectangle (x = longitude).
    /// - Returns: The pieces inside the box; empty if none (a single touching point is dropped).
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try geos.clip(road, to: BoundingBox(minX: 74.5, minY: 42.8, maxX: 74.7, maxY: 42.9))
    /// ```
    public func clip(_ line: Polyline, to box: BoundingBox) throws(GEOSError) -> [Polyline] {
        try clip(MultiPolyline(parts: [line]), to: box)
    }

    /// The parts of a multi-part line inside a rectangle (`GEOSClipByRect_r`).
    /// - Parameters:
    ///   - lines: The line.
    ///   - box: The rectangle.
    /// - Returns: The pieces inside the box.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// let inside = try geos.clip(MultiPolyline(parts: roads), to: tileBox)
    /// ```
    public func clip(_ lines: MultiPolyline, to box: BoundingBox) throws(GEOSError) -> [Polyline] {
        guard !box.isEmpty else { return [] }
        return try unary(lines.parts, "GEOSClipByRect_r") { h, g in
            GEOSClipByRect_r(h, g, box.minX, box.minY, box.maxX, box.maxY)
        }
    }

    /// Douglas-Peucker simplification (`GEOSSimplify_r`), or the topology-preserving variant
    /// (`GEOSTopologyPreserveSimplify_r`) that never makes parts cross.
    /// - Parameters:
    ///   - line: The line.
    ///   - tolerance: Maximum planar deviation, in degrees for EPSG:4326.
    ///   - preservingTopology: Use `GEOSTopologyPreserveSimplify_r`.
    /// - Returns: The simplified line, or `nil` if it collapsed to a point (a tiny closed loop).
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n log n) typical.
    ///
    /// ```swift
    /// try geos.simplify(road, tolerance: 0.0001)
    /// ```
    public func simplify(_ line: Polyline, tolerance: Double, preservingTopology: Bool = false) throws(GEOSError) -> Polyline? {
        try simplify(MultiPolyline(parts: [line]), tolerance: tolerance, preservingTopology: preservingTopology).parts.first
    }

    /// Simplifies every part of a multi-part line; parts that collapse are dropped.
    /// - Parameters:
    ///   - lines: The parts.
    ///   - tolerance: Planar degrees.
    ///   - preservingTopology: Keep parts from crossing.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n log n) typical.
    ///
    /// ```swift
    /// try geos.simplify(MultiPolyline(parts: roads), tolerance: 0.0001, preservingTopology: true)
    /// ```
    public func simplify(_ lines: MultiPolyline, tolerance: Double, preservingTopology: Bool = false) throws(GEOSError) -> MultiPolyline {
        guard tolerance.isFinite, tolerance >= 0 else {
            throw GEOSError(.invalidArgument, "tolerance \(tolerance) is not a finite non-negative number", operation: "simplify")
        }
        let name = preservingTopology ? "GEOSTopologyPreserveSimplify_r" : "GEOSSimplify_r"
        return MultiPolyline(parts: try unary(lines.parts, name) { h, g in
            preservingTopology ? GEOSTopologyPreserveSimplify_r(h, g, tolerance) : GEOSSimplify_r(h, g, tolerance)
        })
    }

    /// GEOS's validity verdict on a line given as raw vertices (unvalidated input, e.g. read
    /// from a file): `GEOSisValid_r` and `GEOSisValidReason_r`.
    /// - Parameter coordinates: The vertices.
    /// - Returns: Validity and reason (`"Invalid Coordinate[nan 0]"`, `"Too few points[...]"` ...).
    /// - Throws: ``GEOSError`` when GEOS refuses to build the line at all (a single vertex).
    /// - Complexity: O(n log n).
    ///
    /// ```swift
    /// try geos.validity(ofLine: [Coordinate(0, 0), Coordinate(.nan, 1)]).isValid   // false
    /// ```
    public func validity(ofLine coordinates: [Coordinate]) throws(GEOSError) -> GEOSValidity {
        try withGeometry(makeLineString(coordinates), validity(of:))
    }

    /// GEOS's validity verdict on a polygon given as rings (the first is the shell, the rest
    /// holes; each closed, first vertex repeated last).
    /// - Parameter rings: The rings.
    /// - Returns: Validity and reason (`"Self-intersection[x y]"`, `"Hole lies outside shell[...]"` ...).
    /// - Throws: ``GEOSError`` when GEOS refuses to build a ring (unclosed, fewer than 4 vertices).
    /// - Complexity: O(n log n).
    ///
    /// ```swift
    /// let bowTie = [Coordinate(0, 0), Coordinate(1, 1), Coordinate(1, 0), Coordinate(0, 1), Coordinate(0, 0)]
    /// try geos.validity(ofPolygonRings: [bowTie]).isValid   // false
    /// ```
    public func validity(ofPolygonRings rings: [[Coordinate]]) throws(GEOSError) -> GEOSValidity {
        try withGeometry(makePolygon(rings), validity(of:))
    }

    /// Whether GEOS considers a polyline valid (`GEOSisValid_r`); a ``Polyline`` always is,
    /// since it is validated at construction. Provided for completeness and for tests.
    /// - Parameter line: The line.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n log n).
    ///
    /// ```swift
    /// try geos.isValid(road)   // true
    /// ```
    public func isValid(_ line: Polyline) throws(GEOSError) -> Bool {
        try validity(ofLine: line.coordinates).isValid
    }

    // MARK: - Private

    private func length(of g: OpaquePointer) throws(GEOSError) -> Double {
        resetMessages()
        var length = 0.0
        guard GEOSLength_r(handle, g, &length) == 1 else { throw failure("GEOSLength_r") }
        return length
    }

    private func distance(_ a: OpaquePointer, _ b: OpaquePointer) throws(GEOSError) -> Double {
        resetMessages()
        var d = 0.0
        guard GEOSDistance_r(handle, a, b, &d) == 1 else { throw failure("GEOSDistance_r") }
        return d
    }

    private func nearestPoints(_ a: OpaquePointer, _ b: OpaquePointer) throws(GEOSError) -> (Coordinate, Coordinate) {
        resetMessages()
        guard let seq = GEOSNearestPoints_r(handle, a, b) else { throw failure("GEOSNearestPoints_r") }
        defer { GEOSCoordSeq_destroy_r(handle, seq) }
        let points = try readSequence(seq, "GEOSNearestPoints_r")
        guard points.count == 2 else {
            throw GEOSError(.unexpectedResult, "expected 2 points, got \(points.count)", operation: "GEOSNearestPoints_r")
        }
        return (points[0], points[1])
    }

    private func validity(of g: OpaquePointer) throws(GEOSError) -> GEOSValidity {
        resetMessages()
        let verdict = GEOSisValid_r(handle, g)
        guard verdict != 2 else { throw failure("GEOSisValid_r") }
        guard let reason = GEOSisValidReason_r(handle, g) else { throw failure("GEOSisValidReason_r") }
        defer { GEOSFree_r(handle, reason) }
        return GEOSValidity(isValid: verdict == 1, reason: String(cString: reason))
    }

    /// Builds a MultiLineString of `lines`, applies `operation`, reads the lines back.
    private func unary(_ lines: [Polyline], _ name: String,
                       _ operation: (OpaquePointer, OpaquePointer) -> OpaquePointer?) throws(GEOSError) -> [Polyline] {
        let g = try makeMultiLineString(lines)
        defer { destroy(g) }
        resetMessages()
        guard let result = operation(handle, g) else { throw failure(name) }
        defer { destroy(result) }
        return try readLines(result, name)
    }
}
