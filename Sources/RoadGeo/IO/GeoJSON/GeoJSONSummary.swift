/// What a GeoJSON document holds, for `roadgeo info` and import reports: geometry types with
/// counts, feature and position counts, the bounding box, the CRS and the property names with
/// how many features carry each.
///
/// ```swift
/// let summary = GeoJSONSummary(try GeoJSONReader().read(contentsOf: "data/moscow_roads.geojson"))
/// print(summary.featureCount, summary.geometryTypes, summary.boundingBox)
/// for p in summary.properties { print(p.name, p.present, p.nonNull) }
/// ```
public struct GeoJSONSummary: Hashable, Sendable {
    /// How many features carry one property name.
    ///
    /// ```swift
    /// for p in summary.properties where p.nonNull < summary.featureCount {
    ///     print("\(p.name): missing on \(summary.featureCount - p.nonNull) features, types \(p.types)")
    /// }
    /// ```
    public struct Property: Hashable, Sendable {
        /// The key.
        public var name: String
        /// Features that have the key, with any value.
        public var present: Int
        /// Features whose value for the key is not `null`.
        public var nonNull: Int
        /// The JSON types seen among the non-null values, sorted ("number", "string", ...).
        public var types: [String]
    }

    /// "FeatureCollection", "Feature" or the bare geometry's type.
    public var documentType: String
    /// Number of features (1 for a bare Feature or geometry).
    public var featureCount: Int
    /// Geometry type names with counts, most frequent first (ties by name); `"null"` counts
    /// features without geometry.
    public var geometryTypes: [(name: String, count: Int)] {
        geometryCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }
    /// Geometry type name to count.
    public var geometryCounts: [String: Int]
    /// Positions over all geometries.
    public var positionCount: Int
    /// Features whose geometry is present but has no positions.
    public var emptyGeometryCount: Int
    /// The box around every position; ``BoundingBox/empty`` when there are none.
    public var boundingBox: BoundingBox
    /// Property names in order of first appearance.
    public var properties: [Property]
    /// The CRS: always `"EPSG:4326"` (RFC 7946: WGS 84, longitude, latitude).
    public var crs: String { "EPSG:4326" }
    /// The name in a legacy (pre-RFC 7946) top-level `"crs"` member, e.g.
    /// `urn:ogc:def:crs:OGC:1.3:CRS84`, or the member's JSON if it has no name; `nil` when absent.
    public var legacyCRS: String?

    /// Summarises a document.
    ///
    /// - Parameter document: The document.
    /// - Complexity: O(positions + property members).
    ///
    /// ```swift
    /// let summary = GeoJSONSummary(try GeoJSONReader().read(contentsOf: "data/moscow_roads.geojson"))
    /// print(summary.positionCount, summary.boundingBox)
    /// ```
    public init(_ document: GeoJSONDocument) {
        var tally = Tally()
        for f in document.features { tally.add(f) }
        self.init(tally, top: document)
    }

    /// Summarises a file while reading it, without holding its features (see
    /// ``GeoJSONReader/forEachFeature(contentsOf:_:)``).
    ///
    /// ```swift
    /// let s = try GeoJSONSummary(contentsOf: "data/heidelberg_roads.geojson")
    /// print(s.featureCount)   // 25359
    /// ```
    /// - Parameters:
    ///   - path: The GeoJSON file.
    ///   - reader: The reader (limits).
    /// - Throws: ``GeoJSONError`` as the reader does.
    /// - Complexity: O(file size).
    public init(contentsOf path: String, reader: GeoJSONReader = GeoJSONReader()) throws(GeoJSONError) {
        var tally = Tally()
        let top = try reader.forEachFeature(contentsOf: path) { (_, feature) throws(GeoJSONError) in tally.add(feature) }
        self.init(tally, top: top)
    }

    private init(_ tally: Tally, top: GeoJSONDocument) {
        switch top {
        case .featureCollection: documentType = "FeatureCollection"
        case .feature: documentType = "Feature"
        case .geometry(let g): documentType = g.typeName
        }
        featureCount = tally.featureCount
        geometryCounts = tally.geometryCounts
        positionCount = tally.positionCount
        emptyGeometryCount = tally.emptyGeometryCount
        boundingBox = tally.boundingBox
        properties = tally.order.map { key in
            let s = tally.stats[key] ?? (0, 0, [])
            return Property(name: key, present: s.present, nonNull: s.nonNull, types: s.types.sorted())
        }
        if let crs = top.foreignMembers["crs"] {
            if let name = crs.objectValue?["properties"]?.objectValue?["name"]?.stringValue {
                legacyCRS = name
            } else {
                let bytes = (try? GeoJSONWriter(coordinatePrecision: nil).encode(crs)) ?? []
                legacyCRS = String(decoding: bytes, as: UTF8.self)
            }
        } else {
            legacyCRS = nil
        }
    }
}

/// Running counts while features go by.
private struct Tally {
    var featureCount = 0
    var geometryCounts: [String: Int] = [:]
    var positionCount = 0
    var emptyGeometryCount = 0
    var boundingBox = BoundingBox.empty
    var order: [String] = []
    var stats: [String: (present: Int, nonNull: Int, types: Set<String>)] = [:]

    mutating func add(_ f: GeoJSONFeature) {
        featureCount += 1
        if let g = f.geometry {
            geometryCounts[g.typeName, default: 0] += 1
            let n = g.positionCount
            positionCount += n
            if n == 0 { emptyGeometryCount += 1 }
            boundingBox = boundingBox.union(g.boundingBox)
        } else {
            geometryCounts["null", default: 0] += 1
        }
        for m in f.properties.members {
            if stats[m.key] == nil {
                order.append(m.key)
                stats[m.key] = (0, 0, [])
            }
            stats[m.key]?.present += 1
            if m.value != .null {
                stats[m.key]?.nonNull += 1
                stats[m.key]?.types.insert(m.value.typeName)
            }
        }
    }
}
