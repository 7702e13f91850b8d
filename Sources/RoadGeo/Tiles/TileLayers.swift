/// What one tile layer draws: a tiler's features (roads, repair sections, any user layer) or
/// report clusters.
///
/// ```swift
/// let roads = TileLayer(name: "roads", content: .features(roadsTiler))
/// let reports = TileLayer(name: "reports", content: .clusters(clusters), zooms: 8...24)
/// ```
public enum TileLayerContent: Sendable {
    /// Lines, points and polygons, clipped and simplified per tile.
    case features(Tiler)
    /// Report clusters per zoom.
    case clusters(DisplayClusters)
}

/// One named layer of a composed tile: its data, the zooms it is drawn at, and a version its
/// owner bumps on every change (for per-layer caches and ETags).
///
/// ```swift
/// var layer = TileLayer(name: "sections", content: .features(sectionsTiler), zooms: 10...24)
/// ```
public struct TileLayer: Sendable {
    /// The layer's name, written as each feature's `layer` member in a composed tile.
    public let name: String
    /// What it draws.
    public var content: TileLayerContent
    /// Zooms it is drawn at; elsewhere it contributes nothing.
    public var zooms: ClosedRange<Int>
    /// Bumped by ``TileLayers/replace(_:with:)`` and by the owner on in-place changes.
    public var version: UInt64

    /// Creates a layer.
    ///
    /// - Parameters:
    ///   - name: A unique name within its ``TileLayers`` (JSON-escaped when written).
    ///   - content: The data.
    ///   - zooms: Zooms drawn (default all).
    ///   - version: Starting version (default 0).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let layer = TileLayer(name: "roads", content: .features(tiler))
    /// ```
    public init(name: String, content: TileLayerContent, zooms: ClosedRange<Int> = 0...TileID.maxZoom, version: UInt64 = 0) {
        self.name = name; self.content = content; self.zooms = zooms; self.version = version
    }
}

/// A tile composed from named layers, each rendered on its own and cached on its own, so that
/// a change to one layer (a new report) invalidates that layer's tiles only and nobody splices
/// bytes by hand.
///
/// A tile with one layer is exactly that layer's tile (the bytes a ``Tiler`` writes alone).
/// With several, each feature carries a `"layer":"name"` member after `"type"` (a GeoJSON
/// foreign member), layers in their order. ``layerTile(_:layer:)`` renders one layer's part
/// (itself a valid FeatureCollection) and ``compose(_:)`` joins such parts, so a server keeps one
/// ``TileCache`` per layer and evicts per layer.
///
/// ```swift
/// var layers = try TileLayers([TileLayer(name: "roads", content: .features(roads)),
///                              TileLayer(name: "reports", content: .clusters(clusters))])
/// let tile = layers.tile(try TileID(z: 14, x: 11_586, y: 6_010))
/// let parts = layers.layers.indices.map { caches[$0].tile(id) { layers.layerTile($0, layer: i) } }
/// let same = TileLayers.compose(parts)
/// ```
public struct TileLayers: Sendable {
    /// The layers, in output order.
    public private(set) var layers: [TileLayer]
    /// `"layer":"name",` per layer (empty for a single layer).
    private var members: [[UInt8]]

    /// Composes layers.
    ///
    /// - Parameter layers: At least one layer, with unique names.
    /// - Throws: ``TileError`` for no layers, a repeated name or a zoom range outside 0...24.
    /// - Complexity: O(layers).
    ///
    /// ```swift
    /// let layers = try TileLayers([TileLayer(name: "roads", content: .features(tiler))])
    /// ```
    public init(_ layers: [TileLayer]) throws(TileError) {
        guard !layers.isEmpty else { throw TileError(.invalidOption, "tile layers: at least one layer is needed") }
        var names = Set<String>()
        for l in layers {
            guard names.insert(l.name).inserted else { throw TileError(.invalidOption, "tile layers: layer name '\(l.name)' appears twice") }
            guard l.zooms.lowerBound >= 0 && l.zooms.upperBound <= TileID.maxZoom else {
                throw TileError(.invalidOption, "tile layers: layer '\(l.name)' zooms \(l.zooms) must be within 0...\(TileID.maxZoom)")
            }
        }
        self.layers = layers
        members = layers.map { l in
            guard layers.count > 1 else { return [] }
            var w = TileJSONWriter()
            w.raw("\"layer\":"); w.string(l.name); w.raw(",")
            return w.bytes
        }
    }

    /// The index of a layer by name.
    ///
    /// - Parameter name: A layer name.
    /// - Complexity: O(layers).
    ///
    /// ```swift
    /// let reports = layers.index(of: "reports")!
    /// ```
    public func index(of name: String) -> Int? { layers.firstIndex { $0.name == name } }

    /// Replaces a layer's content and bumps its version.
    ///
    /// - Parameters:
    ///   - layer: The layer's index.
    ///   - content: The new content.
    /// - Precondition: `layer` is a valid index.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// layers.replace(layers.index(of: "sections")!, with: .features(newSections))
    /// ```
    public mutating func replace(_ layer: Int, with content: TileLayerContent) {
        layers[layer].content = content
        layers[layer].version &+= 1
    }

    /// Applies an in-place change to a cluster layer and bumps its version.
    ///
    /// - Parameters:
    ///   - layer: The index of a ``TileLayerContent/clusters(_:)`` layer.
    ///   - body: Mutates the clusters; its result is returned.
    /// - Returns: What `body` returns; nil when the layer does not hold clusters.
    /// - Complexity: O(1) plus `body` (the clusters are mutated in place, not copied).
    ///
    /// ```swift
    /// let change = try layers.updateClusters(reportsLayer) { try $0.insert(point, key: id) }
    /// ```
    public mutating func updateClusters<R, E: Error>(_ layer: Int, _ body: (inout DisplayClusters) throws(E) -> R) throws(E) -> R? {
        guard case .clusters(var clusters) = layers[layer].content else { return nil }
        layers[layer].content = .features(TileLayers.placeholder)   // drop the reference: mutate without copying
        defer { layers[layer].content = .clusters(clusters); layers[layer].version &+= 1 }
        return try body(&clusters)
    }

    /// Renders one layer's part of a tile: a FeatureCollection of its features (each with its
    /// `layer` member when there are several layers); empty at zooms the layer is not drawn at.
    ///
    /// - Parameters:
    ///   - id: The tile.
    ///   - layer: The layer's index.
    /// - Precondition: `layer` is a valid index.
    /// - Complexity: as the layer's own tile.
    ///
    /// ```swift
    /// let reportsPart = layers.layerTile(id, layer: 1)
    /// ```
    public func layerTile(_ id: TileID, layer: Int) -> RenderedTile {
        let l = layers[layer]
        return RenderedTile.featureCollection(id, capacity: 8 << 10) { w in
            guard l.zooms.contains(id.z) else { return 0 }
            let member: ArraySlice<UInt8>? = members[layer].isEmpty ? nil : members[layer][...]
            switch l.content {
            case .features(let tiler): return tiler.write(id, into: &w, first: true, layer: member)
            case .clusters(let clusters): return clusters.write(id, into: &w, first: true, layer: member)
            }
        }
    }

    /// Joins layer parts of one tile (from ``layerTile(_:layer:)``, in layer order) into the
    /// composed tile.
    ///
    /// - Parameter parts: One part per layer, all of the same tile.
    /// - Precondition: `parts` are FeatureCollections as ``layerTile(_:layer:)`` writes them.
    /// - Complexity: O(bytes).
    ///
    /// ```swift
    /// let tile = TileLayers.compose(layers.layers.indices.map { layers.layerTile(id, layer: $0) })
    /// ```
    public static func compose(_ parts: [RenderedTile]) -> RenderedTile {
        precondition(!parts.isEmpty, "compose needs at least one part")
        let id = parts[0].id
        let nonEmpty = parts.filter { !$0.isEmpty }
        if nonEmpty.count <= 1 { return nonEmpty.first ?? parts[0] }
        let head = Self.head.count, tail = 2
        var bytes = Self.head
        bytes.reserveCapacity(nonEmpty.reduce(0) { $0 + $1.bytes.count })
        var count = 0
        for (k, p) in nonEmpty.enumerated() {
            precondition(p.bytes.count >= head + tail && p.bytes.starts(with: Self.head), "not a layer part")
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: p.bytes[head..<(p.bytes.count - tail)])
            count += p.featureCount
        }
        bytes.append(contentsOf: [UInt8(ascii: "]"), UInt8(ascii: "}")])
        return RenderedTile(id: id, bytes: bytes, featureCount: count)
    }

    /// Renders the composed tile: every layer's features, layer by layer.
    ///
    /// - Parameter id: The tile.
    /// - Complexity: the sum of the layers' tiles.
    ///
    /// ```swift
    /// let t = layers.tile(try TileID(z: 12, x: 2_896, y: 1_502))
    /// ```
    public func tile(_ id: TileID) -> RenderedTile {
        Self.compose(layers.indices.map { layerTile(id, layer: $0) })
    }

    private static let head = Array("{\"type\":\"FeatureCollection\",\"features\":[".utf8)
    // A tiler with no features: holds a layer's slot while its clusters are mutated in place.
    private static let placeholder: Tiler = {
        do { return try Tiler(features: []) } catch { preconditionFailure("an empty tiler cannot fail: \(error)") }
    }()
}
