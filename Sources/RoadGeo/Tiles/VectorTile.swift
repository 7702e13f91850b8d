// Mapbox Vector Tile 2.1 output: the second writer after the shared geometry stage of
// `RenderContext` (selection, clipping with buffer, per-zoom simplification, zoom rules), and a
// small protobuf writer that encodes straight into a byte buffer.

/// A typed MVT attribute value (the `Value` message of the MVT 2.1 schema).
///
/// JSON values map as ``init(_:)`` says; the cases match the schema's fields.
///
/// ```swift
/// let v = VectorTileValue(JSONValue.integer(-3))   // .sint(-3)
/// ```
public enum VectorTileValue: Hashable, Sendable {
    /// `string_value` (field 1).
    case string(String)
    /// `float_value` (field 2).
    case float(Float)
    /// `double_value` (field 3).
    case double(Double)
    /// `int_value` (field 4, plain two's complement varint).
    case int(Int64)
    /// `uint_value` (field 5).
    case uint(UInt64)
    /// `sint_value` (field 6, zig-zag varint).
    case sint(Int64)
    /// `bool_value` (field 7).
    case bool(Bool)

    /// The MVT value of a JSON property, as GDAL's and tippecanoe's writers choose: a
    /// non-negative integer is `uint`, a negative one `sint`, any other number `double`, a string
    /// or boolean itself, an array or object its compact JSON text as a `string`; `null` has no MVT
    /// value (the property is left out of the feature, as tippecanoe and `ST_AsMVT` do).
    /// - Parameter json: The property value.
    /// - Complexity: O(1), O(size) for arrays and objects.
    ///
    /// ```swift
    /// VectorTileValue(.number(2.5))   // .double(2.5)
    /// ```
    public init?(_ json: JSONValue) {
        switch json {
        case .string(let s): self = .string(s)
        case .integer(let n): self = n >= 0 ? .uint(UInt64(n)) : .sint(n)
        case .number(let d): self = .double(d)
        case .bool(let b): self = .bool(b)
        case .null: return nil
        case .array, .object:
            var w = TileJSONWriter(capacity: 64)
            w.value(json)
            self = .string(String(decoding: w.bytes, as: UTF8.self))
        }
    }
}

/// Protocol-buffer wire encoding into one growing byte array.
struct ProtobufWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    @inline(__always)
    mutating func varint(_ value: UInt64) {
        var v = value
        while v >= 0x80 { bytes.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        bytes.append(UInt8(v))
    }

    /// A field key: field number and wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
    @inline(__always)
    mutating func key(_ field: UInt64, _ wire: UInt64) { varint(field << 3 | wire) }

    mutating func varintField(_ field: UInt64, _ value: UInt64) { key(field, 0); varint(value) }

    mutating func bytesField(_ field: UInt64, _ body: ArraySlice<UInt8>) {
        key(field, 2); varint(UInt64(body.count)); bytes.append(contentsOf: body)
    }

    mutating func stringField(_ field: UInt64, _ s: String) {
        var s = s
        s.withUTF8 { key(field, 2); varint(UInt64($0.count)); bytes.append(contentsOf: $0) }
    }

    /// A packed repeated uint32 field.
    mutating func packedField(_ field: UInt64, _ values: [UInt32]) {
        guard !values.isEmpty else { return }
        var length = 0
        for v in values { length += Self.varintSize(UInt64(v)) }
        key(field, 2); varint(UInt64(length))
        for v in values { varint(UInt64(v)) }
    }

    mutating func fixed64(_ value: UInt64) {
        for i in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt64(i)))) }
    }

    mutating func fixed32(_ value: UInt32) {
        for i in 0..<4 { bytes.append(UInt8(truncatingIfNeeded: value >> (8 * UInt32(i)))) }
    }

    static func varintSize(_ value: UInt64) -> Int {
        var n = 1, v = value
        while v >= 0x80 { v >>= 7; n += 1 }
        return n
    }

    @inline(__always)
    static func zigzag(_ n: Int64) -> UInt64 { UInt64(bitPattern: (n << 1) ^ (n >> 63)) }
}

/// One MVT layer being written: features, and the keys and values de-duplicated per layer.
struct VectorLayerWriter {
    let name: String
    let extent: Int
    var features = ProtobufWriter(capacity: 4 << 10)
    var keys: [String] = []
    var keyIndex: [String: UInt32] = [:]
    var values: [VectorTileValue] = []
    var valueIndex: [VectorTileValue: UInt32] = [:]
    var count = 0
    // Per-feature scratch.
    var tags: [UInt32] = []
    var geometry: [UInt32] = []
    var feature = ProtobufWriter(capacity: 1 << 10)

    init(name: String, extent: Int) { self.name = name; self.extent = extent }

    mutating func tag(_ key: String, _ value: VectorTileValue) {
        let k: UInt32
        if let i = keyIndex[key] { k = i } else { k = UInt32(keys.count); keyIndex[key] = k; keys.append(key) }
        tag(key: k, value)
    }

    /// Adds a tag whose key is already the layer's key number `k`.
    mutating func tag(key k: UInt32, _ value: VectorTileValue) {
        let v: UInt32
        if let i = valueIndex[value] { v = i } else { v = UInt32(values.count); valueIndex[value] = v; values.append(value) }
        tags.append(k); tags.append(v)
    }

    @inline(__always)
    static func command(_ id: UInt32, _ count: Int) -> UInt32 { id & 7 | UInt32(truncatingIfNeeded: count) << 3 }

    /// Encodes the geometry in `out` / `parts` (tile units, y down) as MVT commands into
    /// `geometry`; returns the geometry type (1 point, 2 line, 3 polygon) or nil when nothing
    /// valid is left (rings whose integer area is zero are dropped with their holes).
    mutating func encodeGeometry(kind: FeatureRecord.Kind, out: [Int64], parts: [(end: Int, startsPolygon: Bool)]) -> UInt64? {
        geometry.removeAll(keepingCapacity: true)
        var cx: Int64 = 0, cy: Int64 = 0
        @inline(__always) func point(_ i: Int) {
            let x = out[i], y = out[i + 1]
            geometry.append(UInt32(truncatingIfNeeded: ProtobufWriter.zigzag(x - cx)))
            geometry.append(UInt32(truncatingIfNeeded: ProtobufWriter.zigzag(y - cy)))
            cx = x; cy = y
        }
        switch kind {
        case .point:
            let n = out.count / 2
            guard n > 0 else { return nil }
            geometry.append(Self.command(1, n))
            var i = 0
            while i < out.count { point(i); i += 2 }
            return 1
        case .line:
            var start = 0
            for part in parts {
                defer { start = part.end }
                let n = (part.end - start) / 2
                guard n >= 2 else { continue }
                geometry.append(Self.command(1, 1)); point(start)
                geometry.append(Self.command(2, n - 1))
                var i = start + 2
                while i < part.end { point(i); i += 2 }
            }
            return geometry.isEmpty ? nil : 2
        case .polygon:
            var start = 0
            var dropHoles = false
            for part in parts {
                defer { start = part.end }
                if !part.startsPolygon && dropHoles { continue }
                // Rings arrive closed (last == first): the closing point becomes ClosePath.
                let n = (part.end - start) / 2 - 1
                var area: Int64 = 0
                var i = start
                while i + 2 < part.end {
                    area += out[i] * out[i + 3] - out[i + 2] * out[i + 1]
                    i += 2
                }
                if n < 3 || area == 0 {
                    if part.startsPolygon { dropHoles = true }
                    continue
                }
                if part.startsPolygon { dropHoles = false }
                // Exterior rings have positive area in tile units (clockwise with y down),
                // interior rings negative.
                let reverse = part.startsPolygon ? area < 0 : area > 0
                if reverse {
                    // Reversed: from the last distinct vertex back to the first.
                    geometry.append(Self.command(1, 1)); point(start + 2 * (n - 1))
                    geometry.append(Self.command(2, n - 1))
                    var j = n - 2
                    while j >= 0 { point(start + 2 * j); j -= 1 }
                } else {
                    geometry.append(Self.command(1, 1)); point(start)
                    geometry.append(Self.command(2, n - 1))
                    var j = 1
                    while j < n { point(start + 2 * j); j += 1 }
                }
                geometry.append(Self.command(7, 1))
            }
            return geometry.isEmpty ? nil : 3
        }
    }

    /// Appends one feature from `tags` and `geometry`.
    mutating func finishFeature(id: UInt64?, type: UInt64) {
        feature.bytes.removeAll(keepingCapacity: true)
        if let id { feature.varintField(1, id) }
        feature.packedField(2, tags)
        feature.varintField(3, type)
        feature.packedField(4, geometry)
        features.bytesField(2, feature.bytes[...])
        tags.removeAll(keepingCapacity: true)
        count += 1
    }

    /// Appends the finished layer (field 3 of `Tile`) to `tile`; nothing when it has no feature.
    func finish(into tile: inout ProtobufWriter) {
        guard count > 0 else { return }
        var layer = ProtobufWriter(capacity: features.bytes.count + 64 * (keys.count + values.count) + 32)
        layer.varintField(15, 2)
        layer.stringField(1, name)
        layer.bytes.append(contentsOf: features.bytes)
        for k in keys { layer.stringField(3, k) }
        var value = ProtobufWriter(capacity: 32)
        for v in values {
            value.bytes.removeAll(keepingCapacity: true)
            switch v {
            case .string(let s): value.stringField(1, s)
            case .float(let f): value.key(2, 5); value.fixed32(f.bitPattern)
            case .double(let d): value.key(3, 1); value.fixed64(d.bitPattern)
            case .int(let n): value.varintField(4, UInt64(bitPattern: n))
            case .uint(let n): value.varintField(5, n)
            case .sint(let n): value.varintField(6, ProtobufWriter.zigzag(n))
            case .bool(let b): value.varintField(7, b ? 1 : 0)
            }
            layer.bytesField(4, value.bytes[...])
        }
        layer.varintField(5, UInt64(extent))
        tile.bytesField(3, layer.bytes[...])
    }
}

/// What writes one MVT layer of a tile: a ``Tiler`` (features) or ``DisplayClusters`` (reports).
/// ``TileLayers`` writes several into one tile; alone, each renders a one-layer tile.
protocol VectorLayerSource {
    /// Writes tile `id`'s content as one MVT layer named `name` into `tile`; returns the feature count.
    func writeVectorLayer(_ id: TileID, name: String, into tile: inout ProtobufWriter) -> Int
}

extension VectorLayerSource {
    /// Tile `id` as an MVT with this source's one layer, named `layer`; `capacity` is the
    /// writer's first allocation in bytes.
    func renderVectorTile(_ id: TileID, layer: String, capacity: Int) -> RenderedTile {
        var tile = ProtobufWriter(capacity: capacity)
        let n = writeVectorLayer(id, name: layer, into: &tile)
        return RenderedTile(id: id, bytes: tile.bytes, featureCount: n)
    }
}

extension Tiler: VectorLayerSource {
    /// Renders tile `z/x/y` as a Mapbox Vector Tile 2.1 with one layer named `layer`.
    ///
    /// Selection, clipping with the buffer, per-zoom simplification and zoom rules are those of
    /// ``tile(_:)`` (the same geometry stage), in integer tile units of ``TilerOptions/extent``
    /// whatever ``TilerOptions/coordinates`` says. Features keep their id when it is a
    /// non-negative integer (MVT ids are unsigned), properties kept at this zoom become typed
    /// tags (``VectorTileValue/init(_:)``; `null` is left out), polygons are written with
    /// exterior rings clockwise and holes counter-clockwise in tile units (y down), and rings
    /// whose area rounds to zero are dropped with their holes. A tile with no feature is empty
    /// (zero bytes).
    /// - Parameters:
    ///   - id: The tile.
    ///   - layer: The MVT layer name.
    /// - Returns: The tile's protobuf bytes (not compressed) and its feature count.
    /// - Complexity: O(vertices of the candidate features + output).
    ///
    /// ```swift
    /// let mvt = tiler.vectorTile(try TileID(z: 14, x: 8_585, y: 5_614), layer: "roads")
    /// try Data(mvt.bytes).write(to: url)   // application/vnd.mapbox-vector-tile
    /// ```
    public func vectorTile(_ id: TileID, layer: String = "features") -> RenderedTile {
        renderVectorTile(id, layer: layer, capacity: 8 << 10)
    }

    /// Writes tile `id`'s features as one MVT layer into `tile`; returns how many.
    func writeVectorLayer(_ id: TileID, name: String, into tile: inout ProtobufWriter) -> Int {
        var context = RenderContext(tiler: self, id: id, forceTileUnits: true)
        var layer = VectorLayerWriter(name: name, extent: options.extent)
        var candidates: [Int32] = []
        let keyBase = id.z * keyCount
        // Tiler key number -> layer key number (no string hashing per property).
        var layerKey = [UInt32](repeating: .max, count: keyCount)
        // Tiler value number -> layer value number. A value's first appearance in this tile is
        // the one written, as when the layer hashes the values themselves.
        var layerValue: [Int32: UInt32] = [:]
        for (query, shift) in context.queries {
            candidates.removeAll(keepingCapacity: true)
            index.search(query) { candidates.append(Int32(truncatingIfNeeded: $0)); return true }
            candidates.sort()
            for f in candidates {
                let record = records[Int(f)]
                guard Int(record.minZoom) <= id.z, id.z <= Int(record.maxZoom), record.box.intersects(query) else { continue }
                guard context.prepare(record, shift: shift),
                      let type = layer.encodeGeometry(kind: record.kind, out: context.out, parts: context.outParts)
                else { continue }
                for p in Int(record.propertyStart)..<Int(record.propertyEnd) {
                    let property = propertyRecords[p]
                    let number = vectorValueIDs[p]
                    guard keptKey[keyBase + Int(property.key)], number >= 0 else { continue }
                    var k = layerKey[Int(property.key)]
                    if k == .max {
                        k = UInt32(layer.keys.count); layer.keys.append(keyNames[Int(property.key)]); layerKey[Int(property.key)] = k
                    }
                    let v: UInt32
                    if let known = layerValue[number] { v = known } else {
                        guard let value = VectorTileValue(propertyValues[p]) else { continue }
                        v = UInt32(layer.values.count); layer.values.append(value); layerValue[number] = v
                    }
                    layer.tags.append(k); layer.tags.append(v)
                }
                layer.finishFeature(id: vectorIDs[Int(f)], type: type)
            }
        }
        layer.finish(into: &tile)
        return layer.count
    }
}

extension DisplayClusters: VectorLayerSource {
    /// Tile `id`'s clusters and single reports as a Mapbox Vector Tile 2.1 layer named `layer`.
    ///
    /// The same selection and properties as ``tile(_:)``: points in integer tile units; a
    /// single report has its key as the feature id and `votes`, `status`, `category`; a cluster
    /// has no id (MVT ids are unsigned, a cluster's GeoJSON id is negative) and `cluster`,
    /// `cluster_id`, `point_count`, `votes`, `worst_status`.
    /// - Parameters:
    ///   - id: The tile.
    ///   - layer: The MVT layer name.
    /// - Returns: The tile's protobuf bytes (empty when no report reaches it).
    /// - Complexity: O(cells in the tile + hits · log hits).
    ///
    /// ```swift
    /// let mvt = clusters.vectorTile(try TileID(z: 12, x: 2_896, y: 1_502), layer: "reports")
    /// ```
    public func vectorTile(_ id: TileID, layer: String = "reports") -> RenderedTile {
        renderVectorTile(id, layer: layer, capacity: 4 << 10)
    }

    /// Writes tile `id`'s clusters as one MVT layer into `tile`; returns how many.
    func writeVectorLayer(_ id: TileID, name: String, into tile: inout ProtobufWriter) -> Int {
        let t = tableIndex(id.z)
        let clip = TileClipBox(id: id, options: options.tiles)
        var o = options.tiles
        o.coordinates = .tile
        let transform = TileTransform(id: id, options: o)
        var layer = VectorLayerWriter(name: name, extent: options.tiles.extent)
        var out: [Int64] = [0, 0]
        func named(_ code: Int32, _ names: [String]) -> VectorTileValue {
            if code >= 0 && Int(code) < names.count { return .string(names[Int(code)]) }
            return code >= 0 ? .uint(UInt64(code)) : .sint(Int64(code))
        }
        for slot in nodes(in: t, clip) {
            let v = tables[t].nodes[Int(slot)].value
            let (x, y) = v.position
            (out[0], out[1]) = transform.output(x, y, source: -1, coordinates: [])
            guard let type = layer.encodeGeometry(kind: .point, out: out, parts: [(2, false)]) else { continue }
            if v.isReport {
                layer.tag("votes", v.votes >= 0 ? .uint(UInt64(v.votes)) : .sint(v.votes))
                layer.tag("status", named(v.worst, options.statusNames))
                layer.tag("category", named(v.category, options.categoryNames))
                layer.finishFeature(id: v.key >= 0 ? UInt64(v.key) : nil, type: type)
            } else {
                layer.tag("cluster", .bool(true))
                let clusterID = -v.key - 1
                layer.tag("cluster_id", clusterID >= 0 ? .uint(UInt64(clusterID)) : .sint(clusterID))
                layer.tag("point_count", .uint(UInt64(max(v.count, 0))))
                layer.tag("votes", v.votes >= 0 ? .uint(UInt64(v.votes)) : .sint(v.votes))
                layer.tag("worst_status", named(v.worst, options.statusNames))
                layer.finishFeature(id: nil, type: type)
            }
        }
        layer.finish(into: &tile)
        return layer.count
    }
}

extension TileLayers {
    /// Renders tile `id` as a Mapbox Vector Tile 2.1 with one MVT layer per ``TileLayer`` shown
    /// at this zoom (named as the layer, in layer order; a layer with no feature in the tile is
    /// left out, as `ST_AsMVT` does).
    /// - Parameter id: The tile.
    /// - Returns: The protobuf bytes (not compressed; empty when no layer has a feature).
    /// - Complexity: the sum of the layers' tiles.
    ///
    /// ```swift
    /// let mvt = layers.vectorTile(try TileID(z: 14, x: 8_585, y: 5_614))
    /// response.headers[.contentType] = "application/vnd.mapbox-vector-tile"
    /// ```
    public func vectorTile(_ id: TileID) -> RenderedTile {
        var tile = ProtobufWriter(capacity: 16 << 10)
        var n = 0
        for l in layers where l.zooms.contains(id.z) {
            switch l.content {
            case .features(let tiler): n += tiler.writeVectorLayer(id, name: l.name, into: &tile)
            case .clusters(let clusters): n += clusters.writeVectorLayer(id, name: l.name, into: &tile)
            }
        }
        return RenderedTile(id: id, bytes: tile.bytes, featureCount: n)
    }
}
