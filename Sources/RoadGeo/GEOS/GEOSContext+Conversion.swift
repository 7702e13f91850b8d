import CGEOS

// All pointer code of the GEOS wrapper: Swift values in and out of GEOS geometries through
// coordinate-sequence buffers (`GEOSCoordSeq_copyFromBuffer_r` / `copyToBuffer_r`), never WKT.
// A geometry returned by a `make` function is owned by the caller, who frees it with
// `destroy(_:)` (or hands it to a collection, which takes ownership).

extension GEOSContext {
    /// A GEOS LineString with exactly these vertices (no validation: GEOS judges them).
    func makeLineString(_ coordinates: [Coordinate]) throws(GEOSError) -> OpaquePointer {
        resetMessages()
        let seq = try makeSequence(coordinates)
        guard let g = GEOSGeom_createLineString_r(handle, seq) else {
            throw failure("GEOSGeom_createLineString_r")   // GEOS freed the sequence
        }
        return g
    }

    /// A GEOS LineString for a polyline.
    func makeGeometry(_ line: Polyline) throws(GEOSError) -> OpaquePointer {
        try makeLineString(line.coordinates)
    }

    /// A GEOS MultiLineString for a multi-part line (empty when it has no parts).
    func makeGeometry(_ lines: MultiPolyline) throws(GEOSError) -> OpaquePointer {
        try makeMultiLineString(lines.parts)
    }

    /// A GEOS MultiLineString of the lines.
    func makeMultiLineString(_ lines: [Polyline]) throws(GEOSError) -> OpaquePointer {
        let type = Int32(GEOS_MULTILINESTRING.rawValue)
        if lines.isEmpty {
            resetMessages()
            guard let g = GEOSGeom_createEmptyCollection_r(handle, type) else {
                throw failure("GEOSGeom_createEmptyCollection_r")
            }
            return g
        }
        var parts = try makeEach(lines) { line throws(GEOSError) in try makeGeometry(line) }
        resetMessages()
        let g = parts.withUnsafeMutableBufferPointer { buf in
            GEOSGeom_createCollection_r(handle, type, buf.baseAddress, UInt32(buf.count))
        }
        guard let g else { throw failure("GEOSGeom_createCollection_r") }
        return g
    }

    /// A GEOS Point.
    func makePoint(_ c: Coordinate) throws(GEOSError) -> OpaquePointer {
        resetMessages()
        guard let g = GEOSGeom_createPointFromXY_r(handle, c.longitude, c.latitude) else {
            throw failure("GEOSGeom_createPointFromXY_r")
        }
        return g
    }

    /// A GEOS Polygon from an exterior ring and holes, each a closed list of vertices.
    func makePolygon(_ rings: [[Coordinate]]) throws(GEOSError) -> OpaquePointer {
        guard let shellCoordinates = rings.first else {
            resetMessages()
            guard let g = GEOSGeom_createEmptyPolygon_r(handle) else { throw failure("GEOSGeom_createEmptyPolygon_r") }
            return g
        }
        let shell = try makeRing(shellCoordinates)
        var holes: [OpaquePointer?]
        do throws(GEOSError) {
            holes = try makeEach(rings.dropFirst()) { ring throws(GEOSError) in try makeRing(ring) }
        } catch {
            destroy(shell)
            throw error
        }
        resetMessages()
        let g = holes.withUnsafeMutableBufferPointer { buf in
            GEOSGeom_createPolygon_r(handle, shell, buf.baseAddress, UInt32(buf.count))
        }
        guard let g else { throw failure("GEOSGeom_createPolygon_r") }
        return g
    }

    /// Frees a geometry this context created or returned.
    func destroy(_ g: OpaquePointer?) {
        if let g { GEOSGeom_destroy_r(handle, g) }
    }

    /// Builds one geometry, runs `body` on it and frees it, also when `body` throws.
    func withGeometry<T>(_ make: @autoclosure () throws(GEOSError) -> OpaquePointer,
                         _ body: (OpaquePointer) throws(GEOSError) -> T) throws(GEOSError) -> T {
        let g = try make()
        defer { destroy(g) }
        return try body(g)
    }

    /// Builds two geometries, runs `body` on them and frees both, also when the second cannot be
    /// built or `body` throws.
    func withGeometries<T>(_ makeA: @autoclosure () throws(GEOSError) -> OpaquePointer,
                           _ makeB: @autoclosure () throws(GEOSError) -> OpaquePointer,
                           _ body: (OpaquePointer, OpaquePointer) throws(GEOSError) -> T) throws(GEOSError) -> T {
        let a = try makeA()
        defer { destroy(a) }
        let b = try makeB()
        defer { destroy(b) }
        return try body(a, b)
    }

    /// The x/y of a GEOS Point.
    func readPoint(_ g: OpaquePointer, _ operation: String) throws(GEOSError) -> Coordinate {
        var x = 0.0, y = 0.0
        guard GEOSisEmpty_r(handle, g) == 0 else {
            throw GEOSError(.unexpectedResult, "GEOS returned an empty point", operation: operation)
        }
        guard GEOSGeomGetX_r(handle, g, &x) == 1, GEOSGeomGetY_r(handle, g, &y) == 1 else {
            throw failure(operation, "GEOS returned something that is not a point")
        }
        return Coordinate(x, y)
    }

    /// Every line of a GEOS result (LineString, LinearRing, MultiLineString, or a collection
    /// holding them), in GEOS's order, as polylines. Points, polygons and empty parts are
    /// skipped, and so are degenerate pieces (fewer than two distinct vertices).
    func readLines(_ g: OpaquePointer, _ operation: String) throws(GEOSError) -> [Polyline] {
        var out: [Polyline] = []
        try appendLines(of: g, to: &out, operation, depth: 0)
        return out
    }

    /// The vertices of a coordinate sequence.
    func readSequence(_ seq: OpaquePointer, _ operation: String) throws(GEOSError) -> [Coordinate] {
        var size: UInt32 = 0
        guard GEOSCoordSeq_getSize_r(handle, seq, &size) == 1 else {
            throw failure(operation, "cannot read the size of a coordinate sequence")
        }
        let n = Int(size)
        if n == 0 { return [] }
        var xy = [Double](repeating: 0, count: 2 * n)
        let ok = xy.withUnsafeMutableBufferPointer { buf in
            GEOSCoordSeq_copyToBuffer_r(handle, seq, buf.baseAddress, 0, 0)
        }
        guard ok == 1 else { throw failure(operation, "cannot copy a coordinate sequence") }
        var out: [Coordinate] = []
        out.reserveCapacity(n)
        for i in 0..<n { out.append(Coordinate(xy[2 * i], xy[2 * i + 1])) }
        return out
    }

    // MARK: - Private

    private func makeSequence(_ coordinates: [Coordinate]) throws(GEOSError) -> OpaquePointer {
        guard coordinates.count <= Int(UInt32.max / 2) else {
            throw GEOSError(.invalidArgument, "too many coordinates (\(coordinates.count))", operation: "GEOSCoordSeq_copyFromBuffer_r")
        }
        var xy = [Double]()
        xy.reserveCapacity(2 * coordinates.count)
        for c in coordinates { xy.append(c.longitude); xy.append(c.latitude) }
        let seq = xy.withUnsafeBufferPointer { buf in
            GEOSCoordSeq_copyFromBuffer_r(handle, buf.baseAddress, UInt32(coordinates.count), 0, 0)
        }
        guard let seq else { throw failure("GEOSCoordSeq_copyFromBuffer_r") }
        return seq
    }

    private func makeRing(_ coordinates: [Coordinate]) throws(GEOSError) -> OpaquePointer {
        resetMessages()
        let seq = try makeSequence(coordinates)
        guard let g = GEOSGeom_createLinearRing_r(handle, seq) else {
            throw failure("GEOSGeom_createLinearRing_r")
        }
        return g
    }

    private func appendLines(of g: OpaquePointer, to out: inout [Polyline], _ operation: String, depth: Int) throws(GEOSError) {
        guard depth < 64 else { throw GEOSError(.unexpectedResult, "geometry collections nested too deeply", operation: operation) }
        let type = GEOSGeomTypeId_r(handle, g)
        switch type {
        case Int32(GEOS_LINESTRING.rawValue), Int32(GEOS_LINEARRING.rawValue):
            guard let seq = GEOSGeom_getCoordSeq_r(handle, g) else {
                throw failure(operation, "cannot read the coordinates of a line")
            }
            if let line = try polyline(try readSequence(seq, operation), operation) { out.append(line) }
        case Int32(GEOS_MULTILINESTRING.rawValue), Int32(GEOS_GEOMETRYCOLLECTION.rawValue):
            let n = GEOSGetNumGeometries_r(handle, g)
            guard n >= 0 else { throw failure(operation, "cannot count the parts of a collection") }
            for i in 0..<n {
                guard let part = GEOSGetGeometryN_r(handle, g, i) else {
                    throw failure(operation, "cannot read part \(i) of a collection")
                }
                try appendLines(of: part, to: &out, operation, depth: depth + 1)
            }
        case -1:
            throw failure(operation, "cannot read the type of a geometry")
        default:
            break   // points and polygons carry no linework we return
        }
    }

    /// A polyline from GEOS output: `nil` for a degenerate piece, an error for a coordinate
    /// that is not geographic (GEOS never invents those from valid input).
    private func polyline(_ coordinates: [Coordinate], _ operation: String) throws(GEOSError) -> Polyline? {
        var kept: [Coordinate] = []
        kept.reserveCapacity(coordinates.count)
        for c in coordinates {
            guard c.isValidGeographic else {
                throw GEOSError(.unexpectedResult, "GEOS returned the non-geographic coordinate \(c)", operation: operation)
            }
            if kept.last != c { kept.append(c) }
        }
        return kept.count >= 2 ? Polyline(uncheckedCoordinates: kept) : nil
    }

    /// One geometry per item, in order; when one cannot be made, those already made are freed
    /// and the error is rethrown, so the caller owns either all of them or none.
    private func makeEach<S: Sequence>(_ items: S, _ make: (S.Element) throws(GEOSError) -> OpaquePointer) throws(GEOSError) -> [OpaquePointer?] {
        var made: [OpaquePointer?] = []
        made.reserveCapacity(items.underestimatedCount)
        do throws(GEOSError) {
            for item in items { made.append(try make(item)) }
        } catch {
            for g in made { destroy(g) }
            throw error
        }
        return made
    }
}
