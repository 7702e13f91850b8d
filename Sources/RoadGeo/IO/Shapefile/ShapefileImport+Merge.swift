import CGEOS

extension ShapefileImport {
    /// Merges roads whose `field` values are equal (and not null) into one road each, joining
    /// their parts end to end with GEOS line merging (`GEOSLineMerge_r`): fragments that meet
    /// at shared end points become one continuous part, so chainage can run along the whole
    /// road. The merged road keeps the first record's id and attributes and lists every
    /// record number; it takes the place of its first record.
    ///
    /// - Complexity: O(points log points) for the merged groups (GEOS).
    mutating func mergeFragments(by field: Int) {
        var groups: [JSONValue: [Int]] = [:]
        for (i, road) in roads.enumerated() where road.attributes[field] != .null {
            groups[road.attributes[field], default: []].append(i)
        }
        var absorbed = [Bool](repeating: false, count: roads.count)
        var merged: [Int: ImportedRoad] = [:]
        for (key, members) in groups where members.count > 1 {
            let parts = members.flatMap { roads[$0].geometry.parts }
            switch LineMerge.merge(parts) {
            case .success(let lines):
                var road = roads[members[0]]
                road.geometry = MultiPolyline(parts: lines)
                road.recordNumbers = members.flatMap { roads[$0].recordNumbers }
                merged[members[0]] = road
                for m in members.dropFirst() { absorbed[m] = true }
                report.mergedGroups += 1
            case .failure(let message):
                report.warnings.append("merge of \(members.count) roads with \(fields[field].name) = \(key) failed (\(message.message)); kept separate")
            }
        }
        var out: [ImportedRoad] = []
        out.reserveCapacity(roads.count)
        for i in roads.indices where !absorbed[i] { out.append(merged[i] ?? roads[i]) }
        roads = out
    }
}

/// GEOS line merging, with one context per call (reentrant `_r` API).
enum LineMerge {
    /// Joins `parts` at shared end points (where exactly two meet) into maximal lines.
    /// - Returns: The merged lines, or GEOS's failure.
    static func merge(_ parts: [Polyline]) -> Result<[Polyline], GeometryError> {
        guard let ctx = GEOS_init_r() else { return .failure(GeometryError("cannot create a GEOS context")) }
        defer { GEOS_finish_r(ctx) }
        var geoms: [OpaquePointer?] = []
        geoms.reserveCapacity(parts.count)
        for part in parts {
            guard let seq = GEOSCoordSeq_create_r(ctx, UInt32(part.count), 2) else {
                for g in geoms { GEOSGeom_destroy_r(ctx, g) }
                return .failure(GeometryError("cannot create a coordinate sequence"))
            }
            for (i, c) in part.coordinates.enumerated() {
                GEOSCoordSeq_setXY_r(ctx, seq, UInt32(i), c.longitude, c.latitude)
            }
            guard let line = GEOSGeom_createLineString_r(ctx, seq) else {
                for g in geoms { GEOSGeom_destroy_r(ctx, g) }
                return .failure(GeometryError("cannot create a line string"))
            }
            geoms.append(line)
        }
        let collection = geoms.withUnsafeMutableBufferPointer { buffer in
            GEOSGeom_createCollection_r(ctx, Int32(GEOS_MULTILINESTRING.rawValue), buffer.baseAddress, UInt32(buffer.count))
        }
        guard let collection else {
            for g in geoms { GEOSGeom_destroy_r(ctx, g) }
            return .failure(GeometryError("cannot create a MultiLineString"))
        }
        defer { GEOSGeom_destroy_r(ctx, collection) }
        guard let result = GEOSLineMerge_r(ctx, collection) else { return .failure(GeometryError("GEOSLineMerge_r failed")) }
        defer { GEOSGeom_destroy_r(ctx, result) }
        var lines: [Polyline] = []
        let count = GEOSGetNumGeometries_r(ctx, result)
        for i in 0..<max(0, count) {
            guard let g = GEOSGetGeometryN_r(ctx, result, i), let seq = GEOSGeom_getCoordSeq_r(ctx, g) else { continue }
            var size: UInt32 = 0
            guard GEOSCoordSeq_getSize_r(ctx, seq, &size) != 0 else { continue }
            var coordinates: [Coordinate] = []
            coordinates.reserveCapacity(Int(size))
            for k in 0..<size {
                var x = 0.0, y = 0.0
                if GEOSCoordSeq_getXY_r(ctx, seq, k, &x, &y) != 0 { coordinates.append(Coordinate(x, y)) }
            }
            do { lines.append(try Polyline(coordinates)) } catch { return .failure(error) }
        }
        return .success(lines)
    }
}
