/// Serves web-mercator tiles of a fixed set of features as GeoJSON: the convert stage
/// (projection, Douglas-Peucker importance, feature boxes, pre-encoded properties, the index)
/// runs once in `init`; each ``tile(_:)`` then selects features through the index, clips them
/// to the tile plus buffer, keeps the vertices important enough for the zoom and writes the
/// FeatureCollection straight into bytes.
///
/// A `Tiler` is an immutable value (`Sendable`): any number of threads may call ``tile(_:)``
/// at once without locks. Output is deterministic: features in input order, with fixed-decimal
/// numbers. ``TileLayers`` composes a tiler with other layers (repair sections, report clusters).
///
/// ```swift
/// let tiler = try Tiler(features: roads)
/// let tile = tiler.tile(try TileID(z: 14, x: 11_586, y: 6_010))
/// print(tile.featureCount, tile.bytes.count)
/// ```
///
/// - Complexity: build O(V log V) for V vertices; a tile O(vertices of its candidate
///   features + output size).
/// - Reference: mapbox/geojson-vt (per-vertex importance, clip with buffer, tile transform).
public struct Tiler: Sendable {
    /// The options the tiler was built with.
    public let options: TilerOptions
    /// Number of input features.
    public var featureCount: Int { records.count }

    let vertices: [TileVertex]
    let coordinates: [Coordinate]
    let parts: [PartRecord]
    let records: [FeatureRecord]
    let propertyBytes: [UInt8]
    let propertyRecords: [PropertyRecord]
    /// `keptKey[z * keyCount + key]`: whether property `key` is written at zoom z.
    let keptKey: [Bool]
    /// Property key names by key number, and each property's value (parallel to
    /// `propertyRecords`): what the MVT writer types.
    let keyNames: [String]
    let propertyValues: [JSONValue]
    /// Each property's MVT value number (parallel to `propertyRecords`; -1 when it has no MVT
    /// value): equal values (``VectorTileValue``'s `==`) share a number, so a tile's layer
    /// de-duplicates its values by these integers instead of hashing each value.
    let vectorValueIDs: [Int32]
    /// Each feature's MVT id: its id when that is a non-negative integer.
    let vectorIDs: [UInt64?]
    let keyCount: Int
    /// Packed R-tree over the features' unit-mercator boxes.
    let index: PackedRTree

    /// Preprocesses features for tiling.
    ///
    /// - Parameters:
    ///   - features: The features (lines, points, polygons), in output order.
    ///   - options: Tiling options (see ``TilerOptions`` for defaults).
    /// - Throws: ``TileError`` for bad options or a feature with invalid geometry (naming it).
    /// - Complexity: O(V log V) for V vertices.
    ///
    /// ```swift
    /// let features = try TileFeature.features(from: GeoJSONReader().read(contentsOf: "data/moscow_roads.geojson"))
    /// let tiler = try Tiler(features: features)
    /// ```
    public init(features: [TileFeature], options: TilerOptions = TilerOptions()) throws(TileError) {
        try options.validate()
        self.options = options
        var vertices: [TileVertex] = [], coordinates: [Coordinate] = []
        var parts: [PartRecord] = [], records: [FeatureRecord] = []
        var propertyBytes: [UInt8] = [], propertyRecords: [PropertyRecord] = []
        var keyIndex: [String: Int32] = [:], keys: [String] = []
        var propertyValues: [JSONValue] = [], vectorIDs: [UInt64?] = []
        var writer = TileJSONWriter()
        for (f, feature) in features.enumerated() {
            let partStart = Int32(parts.count)
            var box = BoundingBox.empty
            func add(_ ring: [Coordinate], _ newPolygon: Bool) throws(TileError) {
                let start = vertices.count
                for (i, c) in ring.enumerated() {
                    guard c.isValidGeographic else { throw TileError(.invalidGeometry, "vertex \(i) \(c) is not a geographic position", featureIndex: f) }
                    let p = WebMercator.project(c)
                    vertices.append(TileVertex(x: p.x, y: p.y, importance: .infinity))
                    coordinates.append(c)
                    box.extend(Coordinate(p.x, p.y))
                }
                parts.append(PartRecord(start: Int32(start), end: Int32(vertices.count), startsPolygon: newPolygon))
            }
            let kind: FeatureRecord.Kind
            switch feature.geometry {
            case .point(let c): kind = .point; try add([c], false)
            case .multiPoint(let cs):
                guard !cs.isEmpty else { throw TileError(.invalidGeometry, "empty MultiPoint", featureIndex: f) }
                kind = .point
                for c in cs { try add([c], false) }
            case .line(let l): kind = .line; try add(l.coordinates, false)
            case .multiLine(let m):
                guard !m.parts.isEmpty else { throw TileError(.invalidGeometry, "empty MultiLineString", featureIndex: f) }
                kind = .line
                for p in m.parts { try add(p.coordinates, false) }
            case .polygon(let rings):
                kind = .polygon
                try Tiler.checkRings(rings, feature: f)
                for (i, r) in rings.enumerated() { try add(r, i == 0) }
            case .multiPolygon(let polygons):
                guard !polygons.isEmpty else { throw TileError(.invalidGeometry, "empty MultiPolygon", featureIndex: f) }
                kind = .polygon
                for rings in polygons {
                    try Tiler.checkRings(rings, feature: f)
                    for (i, r) in rings.enumerated() { try add(r, i == 0) }
                }
            }
            if kind != .point {
                for p in Int(partStart)..<parts.count {
                    TileSimplify.assignImportance(&vertices, Int(parts[p].start)..<Int(parts[p].end))
                }
            }
            let propertyStart = Int32(propertyRecords.count)
            for property in feature.properties.members {
                let key: Int32
                if let k = keyIndex[property.key] { key = k } else {
                    key = Int32(keys.count); keyIndex[property.key] = key; keys.append(property.key)
                }
                writer.bytes.removeAll(keepingCapacity: true)
                writer.string(property.key)
                writer.raw(":")
                writer.value(property.value)
                let start = propertyBytes.count
                propertyBytes.append(contentsOf: writer.bytes)
                propertyRecords.append(PropertyRecord(key: key, start: Int32(start), end: Int32(propertyBytes.count)))
                propertyValues.append(property.value)
            }
            // Shown at zooms lo...hi; lo > hi (in any combination of inputs) means never.
            var lo = min(max(0, feature.minZoom), 25), hi = max(min(TileID.maxZoom, feature.maxZoom), -1)
            if let rule = options.zoomRule, case .string(let value)? = feature.properties[rule.attribute] {
                lo = max(lo, min(max(rule.minZoomByValue[value] ?? 0, 0), 25))
                hi = min(hi, max(rule.maxZoomByValue[value] ?? TileID.maxZoom, -1))
            }
            if lo > hi { lo = 25; hi = 0 }
            var idBytes: Range<Int32> = 0..<0
            if let id = feature.id { idBytes = writer.store(id, in: &propertyBytes) }
            if case .integer(let n)? = feature.id, n >= 0 { vectorIDs.append(UInt64(n)) } else { vectorIDs.append(nil) }
            guard vertices.count < Int32.max, propertyBytes.count < Int32.max else {
                throw TileError(.tooLarge, "more than 2^31 vertices or property bytes in one tiler", featureIndex: f)
            }
            records.append(FeatureRecord(kind: kind, id: idBytes, box: box,
                                         partStart: partStart, partEnd: Int32(parts.count),
                                         propertyStart: propertyStart, propertyEnd: Int32(propertyRecords.count),
                                         minZoom: UInt8(lo), maxZoom: UInt8(hi)))
        }
        var kept = [Bool](repeating: true, count: (TileID.maxZoom + 1) * max(keys.count, 1))
        if !options.keptProperties.isEmpty {
            let selections = options.keptProperties.sorted { $0.fromZoom < $1.fromZoom }
            for z in 0...TileID.maxZoom {
                let selection = selections.last { $0.fromZoom <= z }
                for (k, key) in keys.enumerated() {
                    kept[z * keys.count + k] = selection.map { $0.keys?.contains(key) ?? true } ?? false
                }
            }
        }
        self.vertices = vertices; self.coordinates = coordinates; self.parts = parts
        self.records = records; self.propertyBytes = propertyBytes; self.propertyRecords = propertyRecords
        self.keptKey = kept; self.keyCount = keys.count
        self.keyNames = keys; self.propertyValues = propertyValues; self.vectorIDs = vectorIDs
        var valueNumbers: [VectorTileValue: Int32] = [:], vectorValueIDs: [Int32] = []
        vectorValueIDs.reserveCapacity(propertyValues.count)
        for v in propertyValues {
            guard let value = VectorTileValue(v) else { vectorValueIDs.append(-1); continue }
            if let n = valueNumbers[value] { vectorValueIDs.append(n); continue }
            let n = Int32(truncatingIfNeeded: valueNumbers.count)
            valueNumbers[value] = n
            vectorValueIDs.append(n)
        }
        self.vectorValueIDs = vectorValueIDs
        self.index = PackedRTree(boxes: records.map(\.box))
    }

    /// The features whose box meets a unit-mercator box (e.g. a tile plus buffer), found
    /// through the R-tree, ascending: the candidates ``tile(_:)`` clips.
    /// - Parameter unitBox: Box in the unit mercator square (see ``WebMercator``).
    /// - Complexity: O(log n + hits · log hits).
    ///
    /// ```swift
    /// let pad = 64.0 / 4096 / 16_384
    /// let ids = tiler.candidateFeatures(for: tile.unitBounds.expanded(by: pad, pad))
    /// ```
    public func candidateFeatures(for unitBox: BoundingBox) -> [Int] {
        var out = index.search(unitBox)
        out.sort()
        return out
    }

    /// The unit-mercator box of a feature (for invalidation and tests).
    ///
    /// - Parameter feature: Index in the input array, `0..<featureCount`.
    /// - Precondition: `feature` is in range.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let box = tiler.unitBounds(ofFeature: 0)   // x, y in 0...1, y growing south
    /// ```
    public func unitBounds(ofFeature feature: Int) -> BoundingBox { records[feature].box }

    private static func checkRings(_ rings: [[Coordinate]], feature f: Int) throws(TileError) {
        guard !rings.isEmpty else { throw TileError(.invalidGeometry, "polygon without rings", featureIndex: f) }
        for (i, r) in rings.enumerated() {
            guard r.count >= 4, r.first == r.last else {
                throw TileError(.invalidGeometry, "ring \(i) must be closed with at least 4 positions", featureIndex: f)
            }
        }
    }
}

/// One line, ring or point run in the vertex store.
struct PartRecord: Hashable, Sendable {
    var start: Int32
    var end: Int32
    /// For polygons: this ring is an exterior ring (starts a new polygon).
    var startsPolygon: Bool
}

/// One feature in the store: its parts, properties, zoom range and unit-mercator box.
struct FeatureRecord: Hashable, Sendable {
    enum Kind: UInt8, Hashable, Sendable { case point, line, polygon }
    var kind: Kind
    /// The pre-encoded id in `propertyBytes` (empty: none).
    var id: Range<Int32>
    var box: BoundingBox
    var partStart: Int32, partEnd: Int32
    var propertyStart: Int32, propertyEnd: Int32
    var minZoom: UInt8, maxZoom: UInt8
}

/// One pre-encoded `"key":value` fragment in `propertyBytes`.
struct PropertyRecord: Hashable, Sendable {
    var key: Int32
    var start: Int32
    var end: Int32
}
