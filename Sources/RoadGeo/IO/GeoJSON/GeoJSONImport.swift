/// GeoJSON read the way an import should be: one bad feature skips that feature with its
/// reason, never the whole file; the edges of the world handled; and everything skipped or
/// changed listed.
///
/// ``GeoJSONReader/importFeatures(contentsOf:strict:)`` parses leniently: problems confined to
/// one feature (a position beyond the range, a ring not closed, an unknown geometry type) make
/// that feature a ``skipped`` entry. Positions within 1e-9 degrees of the range are clamped;
/// lines with longitudes past ±180 (GeoJSON producers write a line across the antimeridian
/// that way: Fiji, Alaska) are cut at the antimeridian (``WorldEdges``), and points past ±180
/// wrapped; each change is a ``notes`` entry. A polygon across the antimeridian is skipped
/// (only lines are cut). Malformed JSON still stops the file: after it nothing can be trusted.
///
/// ```swift
/// let imported = try GeoJSONReader().importFeatures(contentsOf: "roads.geojson")
/// let (roads, notes) = imported.roads()
/// for s in imported.skipped { print(s) }   // "feature 17: LineString position 3: latitude 91.0 ..."
/// ```
public struct GeoJSONImport: Sendable {
    /// A finding about one feature.
    ///
    /// ```swift
    /// print(finding)   // feature 17: ...
    /// ```
    public struct Finding: Hashable, Sendable, CustomStringConvertible {
        /// Zero-based index of the feature in the file.
        public var featureIndex: Int
        /// What happened.
        public var message: String

        /// `feature N: message`.
        public var description: String { "feature \(featureIndex): \(message)" }
    }

    /// The features kept, normalised (clamped, cut at the antimeridian), in file order.
    public var features: [GeoJSONFeature]
    /// The file index of each kept feature.
    public var featureIndices: [Int]
    /// Every feature not kept, with the reason.
    public var skipped: [Finding]
    /// Features kept with a change (clamped positions, antimeridian cuts, wrapped points).
    public var notes: [Finding]

    /// The kept features' roads: LineString, MultiLineString, and the line members of
    /// GeometryCollections, with a note for every feature or member that is not a line and
    /// every line with fewer than 2 distinct positions (dropped).
    ///
    /// - Returns: The roads (``GeoJSONRoad/featureIndex`` is the file index) and the notes.
    /// - Complexity: O(positions).
    ///
    /// ```swift
    /// let (roads, notes) = imported.roads()
    /// let network = RoadNetwork(geoJSONRoads: roads)
    /// ```
    public func roads() -> (roads: [GeoJSONRoad], notes: [Finding]) {
        var roads: [GeoJSONRoad] = []
        var notes: [Finding] = []
        for (feature, index) in zip(features, featureIndices) {
            guard let geometry = feature.geometry else {
                notes.append(Finding(featureIndex: index, message: "no geometry: not a road"))
                continue
            }
            for name in geometry.nonLineMembers {
                notes.append(Finding(featureIndex: index, message: "GeometryCollection member \(name) is not a line: not part of the road"))
            }
            switch geometry {
            case .lineString, .multiLineString, .geometryCollection: break
            default:
                notes.append(Finding(featureIndex: index, message: "\(geometry.typeName) is not a line: not a road"))
                continue
            }
            let road: GeoJSONRoad?
            do {
                road = try GeoJSONRoad(feature, featureIndex: index, skippingDegenerate: true)
            } catch {
                road = nil   // cannot happen with skippingDegenerate; reported below as no line
            }
            if let road {
                let dropped = geometry.lineParts.count - road.line.parts.count
                if dropped > 0 { notes.append(Finding(featureIndex: index, message: "\(dropped) line parts with fewer than 2 distinct positions dropped")) }
                roads.append(road)
            } else if !geometry.lineParts.isEmpty {
                notes.append(Finding(featureIndex: index, message: "no line part has 2 distinct positions: not a road"))
            }
        }
        return (roads, notes)
    }

    /// The kept features with every GeometryCollection replaced by its members, one feature
    /// each (same id and properties), for consumers that take simple geometries (the tiler).
    ///
    /// - Complexity: O(features + members).
    ///
    /// ```swift
    /// let document = GeoJSONDocument.featureCollection(GeoJSONFeatureCollection(features: imported.flatteningCollections()))
    /// ```
    public func flatteningCollections() -> [GeoJSONFeature] {
        var out: [GeoJSONFeature] = []
        out.reserveCapacity(features.count)
        func members(_ g: GeoJSONGeometry) -> [GeoJSONGeometry] {
            if case .geometryCollection(let m) = g { return m.flatMap(members) }
            return [g]
        }
        for f in features {
            guard let g = f.geometry, case .geometryCollection = g else { out.append(f); continue }
            for m in members(g) {
                var copy = f
                copy.geometry = m
                out.append(copy)
            }
        }
        return out
    }
}

extension GeoJSONReader {
    /// Reads a GeoJSON file for import: leniently, one bad feature skipping only itself (see
    /// ``GeoJSONImport``), or with `strict` refusing the file at the first bad feature.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - strict: Throw at the first feature that would be skipped, instead of skipping it.
    /// - Returns: The kept features, the skipped ones and the notes.
    /// - Throws: ``GeoJSONError`` for malformed JSON, a file that cannot be read, or (strict)
    ///   a bad feature, naming the file and feature.
    /// - Complexity: O(file size).
    ///
    /// ```swift
    /// let imported = try GeoJSONReader().importFeatures(contentsOf: "roads.geojson")
    /// print(imported.features.count, imported.skipped.count)
    /// ```
    public func importFeatures(contentsOf path: String, strict: Bool = false) throws(GeoJSONError) -> GeoJSONImport {
        var out = GeoJSONImport(features: [], featureIndices: [], skipped: [], notes: [])
        func take(_ index: Int, _ feature: GeoJSONFeature, _ problem: String?) throws(GeoJSONError) {
            var problem = problem
            var changes: [String] = []
            var normalized = feature
            if problem == nil, let g = feature.geometry {
                switch WorldEdges.normalize(g) {
                case .success(let (geometry, notes)):
                    normalized.geometry = geometry
                    changes = notes
                case .failure(let message):
                    problem = message.message
                }
            }
            if let problem {
                if strict { throw GeoJSONError(.invalidGeoJSON, "\(problem) (refused: strict)", path: path, featureIndex: index) }
                out.skipped.append(GeoJSONImport.Finding(featureIndex: index, message: problem))
                return
            }
            for c in changes { out.notes.append(GeoJSONImport.Finding(featureIndex: index, message: c)) }
            out.features.append(normalized)
            out.featureIndices.append(index)
        }
        let bytes = try GeoJSONReader.loadFile(path, maximumBytes: maximumFileBytes)
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<GeoJSONDocument, GeoJSONError> in
            Result { () throws(GeoJSONError) in
                try parse(UnsafeRawBufferPointer(buffer), path: path, lenient: true) { (i, f, p) throws(GeoJSONError) in try take(i, f, p) }
            }
        }
        switch try result.get() {
        case .featureCollection: break
        case .feature(let f): try take(0, f, nil)
        case .geometry(let g): try take(0, GeoJSONFeature(geometry: g), nil)
        }
        return out
    }
}

extension WorldEdges {
    /// Normalises a geometry for import: clamps, cuts lines at the antimeridian, wraps points;
    /// fails (with the reason) on a position that is no position, or a polygon that would need
    /// a cut.
    ///
    /// - Parameter geometry: As parsed leniently (longitudes possibly past ±180).
    /// - Returns: The geometry and a note per change, or the reason the feature is unusable.
    /// - Complexity: O(positions).
    ///
    /// ```swift
    /// if case .success(let (g, notes)) = WorldEdges.normalize(geometry) { print(g.typeName, notes) }
    /// ```
    public static func normalize(_ geometry: GeoJSONGeometry) -> Result<(GeoJSONGeometry, [String]), NormalizationFailure> {
        var notes: [String] = []
        func point(_ c: Coordinate, _ what: String) throws(NormalizationFailure) -> Coordinate {
            if c.isValidGeographic { return c }
            if let k = clamped(c) { notes.append("\(what): position clamped onto the valid range"); return k }
            if c.longitude.isFinite, c.latitude.isFinite, abs(c.longitude) <= 540, let lat = clamped(Coordinate(0, c.latitude))?.latitude {
                notes.append("\(what): longitude \(c.longitude) wrapped into -180...180")
                return split([Coordinate(c.longitude, lat)])[0][0]
            }
            throw NormalizationFailure(message: "\(what): \(c.geographicProblem ?? "not a position")")
        }
        func lines(_ parts: [[Coordinate]], _ what: String) throws(NormalizationFailure) -> [[Coordinate]] {
            var out: [[Coordinate]] = []
            for part in parts {
                let (cut, outcome) = normalize(part)
                if outcome.invalid > 0 { throw NormalizationFailure(message: "\(what): \(outcome.firstProblem ?? "a position is not a position")") }
                if outcome.clamped > 0 { notes.append("\(what): \(outcome.clamped) positions clamped onto the valid range") }
                if outcome.antimeridianCuts > 0 { notes.append("\(what): cut at the antimeridian into \(cut.count) parts") }
                out.append(contentsOf: cut)
            }
            return out
        }
        func rings(_ rs: [[Coordinate]], _ what: String) throws(NormalizationFailure) -> [[Coordinate]] {
            var out: [[Coordinate]] = []
            for r in rs {
                var ring: [Coordinate] = []
                ring.reserveCapacity(r.count)
                for c in r {
                    if c.isValidGeographic { ring.append(c); continue }
                    guard let k = clamped(c) else {
                        if c.longitude.isFinite && abs(c.longitude) <= 540 && abs(c.latitude) <= 90 {
                            throw NormalizationFailure(message: "\(what) crosses the antimeridian (longitude \(c.longitude)); polygons are not cut, only lines")
                        }
                        throw NormalizationFailure(message: "\(what): \(c.geographicProblem ?? "not a position")")
                    }
                    ring.append(k)
                    notes.append("\(what): position clamped onto the valid range")
                }
                out.append(ring)
            }
            return out
        }
        func walk(_ g: GeoJSONGeometry) throws(NormalizationFailure) -> GeoJSONGeometry {
            switch g {
            case .point(let c): return .point(try point(c, "Point"))
            case .multiPoint(let cs):
                var out: [Coordinate] = []
                for c in cs { out.append(try point(c, "MultiPoint")) }
                return .multiPoint(out)
            case .lineString(let c):
                if c.count < 2 { return g }
                let parts = try lines([c], "LineString")
                return parts.count == 1 ? .lineString(parts[0]) : .multiLineString(parts)
            case .multiLineString(let p): return .multiLineString(try lines(p, "MultiLineString"))
            case .polygon(let r): return .polygon(try rings(r, "Polygon"))
            case .multiPolygon(let ps):
                var out: [[[Coordinate]]] = []
                for p in ps { out.append(try rings(p, "MultiPolygon")) }
                return .multiPolygon(out)
            case .geometryCollection(let ms):
                var out: [GeoJSONGeometry] = []
                for m in ms { out.append(try walk(m)) }
                return .geometryCollection(out)
            }
        }
        do {
            let g = try walk(geometry)
            var unique: [String] = []
            for n in notes where !unique.contains(n) { unique.append(n) }
            return .success((g, unique))
        } catch {
            return .failure(error)
        }
    }

    /// Why a geometry cannot be imported.
    ///
    /// ```swift
    /// if case .failure(let f) = WorldEdges.normalize(g) { print(f.message) }
    /// ```
    public struct NormalizationFailure: Error, Hashable, Sendable {
        /// The reason, naming the geometry part.
        public var message: String
    }
}
