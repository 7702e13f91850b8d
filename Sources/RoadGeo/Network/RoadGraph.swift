import Foundation

/// The topology of a ``RoadNetwork``: nodes where roads meet or cross, and edges that are
/// stretches of one road between two nodes, for connected paths between reports.
///
/// **Noding.** Roads are grouped into *level classes* by their `layer`, `bridge` and `tunnel`
/// attributes (missing `layer` is `"0"`, missing or `"no"` `bridge`/`tunnel` is `"no"`; any other
/// value is kept as written, so `tunnel=building_passage` is its own class). Each class is noded
/// on its own with GEOS (`GEOSNode_r`): two roads of one class are joined wherever they cross
/// or touch, but an overpass never meets the road below it. Classes meet only at *shared
/// end points*: a vertex of any road that is exactly the first or last vertex of some road
/// (OSM's shared node where a bridge way begins) is a node for every road through it.
/// Crossing points GEOS computes are attached to the roads they lie on through the network's
/// segment index (within ``attachToleranceMeters``).
///
/// **Edges** keep their road and measures, so a path of edges turns back into road sections.
/// Edges are undirected (`oneway` is not modelled) and weighted by their length in metres.
///
/// The graph is immutable and `Sendable`.
///
/// ```swift
/// let network = try RoadNetwork(contentsOfGeoJSON: "data/moscow_roads.geojson")
/// let graph = try RoadGraph(network: network)
/// print(graph.nodes.count, graph.edges.count)
/// ```
public struct RoadGraph: Sendable {
    /// One stretch of one road between two nodes.
    public struct Edge: Hashable, Sendable {
        /// The node at ``fromMeters``.
        public var fromNode: Int
        /// The node at ``toMeters``.
        public var toNode: Int
        /// Index of the road in ``RoadNetwork/roads``.
        public var roadIndex: Int
        /// Start measure on the road, metres.
        public var fromMeters: Double
        /// End measure on the road, metres (`>= fromMeters`).
        public var toMeters: Double

        /// Creates an edge.
        /// - Parameters: fromNode/toNode: End nodes. roadIndex: The road. fromMeters/toMeters: Measures.
        public init(fromNode: Int, toNode: Int, roadIndex: Int, fromMeters: Double, toMeters: Double) {
            self.fromNode = fromNode
            self.toNode = toNode
            self.roadIndex = roadIndex
            self.fromMeters = fromMeters
            self.toMeters = toMeters
        }

        /// Length in metres.
        public var lengthMeters: Double { toMeters - fromMeters }
    }

    /// How far (metres) a GEOS crossing point may lie from a road segment and still be put on it.
    public static let attachToleranceMeters = 0.001

    /// The network the graph was built from.
    public let network: RoadNetwork
    /// Node positions (EPSG:4326).
    public let nodes: [Coordinate]
    /// The edges, road after road, each road's edges in measure order.
    public let edges: [Edge]
    /// The level class of every road (index into ``levelClasses``).
    public let roadLevelClass: [Int]
    /// The level classes, as `"layer|bridge|tunnel"` text.
    public let levelClasses: [String]
    /// `roadEdgeStart[r] ..< roadEdgeStart[r + 1]` are road r's edges.
    let roadEdgeStart: [Int]
    /// `arcStart[v] ..< arcStart[v + 1]` are node v's arcs in ``arcs``.
    let arcStart: [Int]
    /// Both directions of every edge, grouped by tail node (CSR).
    let arcs: [Arc]

    /// Nodes the network and builds the graph (see the type's discussion for the rules).
    /// - Parameter network: The roads.
    /// - Throws: ``GEOSError`` if GEOS fails to node a class.
    /// - Complexity: O(n log n) in the number of segments (GEOS's noder plus one index query
    ///   per node point).
    ///
    /// ```swift
    /// let graph = try RoadGraph(network: network)
    /// ```
    public init(network: RoadNetwork) throws(GEOSError) {
        self.network = network
        let roads = network.roads
        // Level classes.
        var classIndex: [String: Int] = [:]
        var classes: [String] = []
        var roadClass = [Int](repeating: 0, count: roads.count)
        var classRoads: [[Int]] = []
        for (r, road) in roads.enumerated() {
            let key = RoadGraph.levelClass(of: road.attributes)
            let c: Int
            if let known = classIndex[key] { c = known } else {
                c = classes.count
                classIndex[key] = c
                classes.append(key)
                classRoads.append([])
            }
            roadClass[r] = c
            classRoads[c].append(r)
        }
        // End points of every road: the places where classes may meet.
        var endPoints = Set<Coordinate>()
        endPoints.reserveCapacity(roads.count * 2)
        for road in roads {
            let c = road.line.line.coordinates
            endPoints.insert(c[0])
            endPoints.insert(c[c.count - 1])
        }
        var builder = NodeBuilder(roadCount: roads.count)
        // Shared vertices (every road's own ends among them).
        for (r, road) in roads.enumerated() {
            let c = road.line.line.coordinates
            for k in 0..<c.count where endPoints.contains(c[k]) {
                builder.cut(road: r, measure: road.line.measures[k], key: NodeKey(coordinate: c[k], levelClass: -1))
            }
        }
        // Crossings and touches within each class, from GEOS.
        let geos = try GEOSContext()
        for (c, members) in classRoads.enumerated() where members.count > 1 {
            let pieces = try geos.node(members.map { roads[$0].line.line })
            var points = Set<Coordinate>()
            for piece in pieces {
                points.insert(piece.coordinates[0])
                points.insert(piece.coordinates[piece.coordinates.count - 1])
            }
            for p in points {
                // A road end touching another road's interior is shared by every class there.
                let key = NodeKey(coordinate: p, levelClass: endPoints.contains(p) ? -1 : c)
                attach(p, key: key, levelClass: c, roadClass: roadClass, network: network, builder: &builder)
            }
        }
        let built = builder.finish()
        nodes = built.nodes
        edges = built.edges
        roadEdgeStart = built.roadEdgeStart
        roadLevelClass = roadClass
        levelClasses = classes
        (arcStart, arcs) = RoadGraph.adjacency(nodeCount: built.nodes.count, edges: built.edges)
    }

    /// The level class text of a road's attributes: `"layer|bridge|tunnel"` with defaults
    /// `"0"`, `"no"`, `"no"`.
    /// - Parameter attributes: A road's attributes.
    /// - Returns: E.g. `"1|yes|no"` for a bridge on layer 1.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// RoadGraph.levelClass(of: ["bridge": "yes", "layer": "1"])   // "1|yes|no"
    /// ```
    public static func levelClass(of attributes: [String: String]) -> String {
        let layer = attributes["layer"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } ?? "0"
        func flag(_ name: String) -> String {
            guard let v = attributes[name]?.trimmingCharacters(in: .whitespaces).lowercased(), !v.isEmpty, v != "no" else { return "no" }
            return v
        }
        return "\(layer == "+0" || layer == "-0" ? "0" : layer)|\(flag("bridge"))|\(flag("tunnel"))"
    }

    /// The edges of road `roadIndex`, in measure order.
    /// - Parameter roadIndex: A road of ``network``.
    /// - Returns: The edge index range. - Complexity: O(1).
    public func edgeRange(ofRoad roadIndex: Int) -> Range<Int> {
        roadEdgeStart[roadIndex]..<roadEdgeStart[roadIndex + 1]
    }

    /// The edge of road `roadIndex` that contains `measure` (the first one at a node).
    /// - Parameters: roadIndex: A road. measure: Metres from its start (clamped).
    /// - Returns: An index into ``edges``, or `nil` for a road index out of range.
    /// - Complexity: O(log e) for e edges on the road.
    public func edge(onRoad roadIndex: Int, atMeasure measure: Double) -> Int? {
        guard roadIndex >= 0, roadIndex < network.roads.count else { return nil }
        var lo = roadEdgeStart[roadIndex], hi = roadEdgeStart[roadIndex + 1] - 1
        guard lo <= hi else { return nil }
        while lo < hi {
            let mid = (lo + hi) / 2
            if edges[mid].toMeters < measure { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// One direction of an edge, from the node that owns the arc.
struct Arc: Hashable, Sendable {
    /// The node at the other end.
    var head: UInt32
    /// `edge * 2`, plus 1 when the arc runs against the edge (from its `toNode`).
    var code: UInt32
    /// Metres.
    var length: Double
}

/// A node's identity: its position, and its level class for a GEOS crossing point (`-1` for a
/// shared end point, which every class may use).
struct NodeKey: Hashable {
    var coordinate: Coordinate
    var levelClass: Int
}

// MARK: - Private helpers

extension RoadGraph {
    /// The arcs of every node (both directions of every edge), grouped by tail node.
    fileprivate static func adjacency(nodeCount: Int, edges: [Edge]) -> ([Int], [Arc]) {
        var start = [Int](repeating: 0, count: nodeCount + 1)
        for e in edges {
            start[e.fromNode + 1] += 1
            start[e.toNode + 1] += 1
        }
        for v in 0..<nodeCount { start[v + 1] += start[v] }
        var fill = start
        var arcs = [Arc](repeating: Arc(head: 0, code: 0, length: 0), count: edges.count * 2)
        for (i, e) in edges.enumerated() {
            arcs[fill[e.fromNode]] = Arc(head: UInt32(e.toNode), code: UInt32(i * 2), length: e.lengthMeters)
            fill[e.fromNode] += 1
            arcs[fill[e.toNode]] = Arc(head: UInt32(e.fromNode), code: UInt32(i * 2 + 1), length: e.lengthMeters)
            fill[e.toNode] += 1
        }
        return (start, arcs)
    }
}

/// Puts GEOS crossing point `p` of class `levelClass` on every road of that class whose segment
/// passes within ``RoadGraph/attachToleranceMeters``.
private func attach(_ p: Coordinate, key: NodeKey, levelClass: Int, roadClass: [Int], network: RoadNetwork, builder: inout NodeBuilder) {
    let plane = QueryPlane(p)
    let pad = 1e-7
    let box = BoundingBox(minX: p.longitude - pad, minY: p.latitude - pad, maxX: p.longitude + pad, maxY: p.latitude + pad)
    let tolerance2 = RoadGraph.attachToleranceMeters * RoadGraph.attachToleranceMeters
    network.tree.search(box) { s in
        let owner = network.owners[s]
        let r = Int(owner.road)
        guard roadClass[r] == levelClass else { return true }
        let seg = network.segments[s]
        let t: Double
        if seg.a == p { t = 0 } else if seg.b == p { t = 1 } else {
            let hit = plane.closest(seg.a, seg.b)
            guard hit.squaredMeters <= tolerance2 else { return true }
            t = hit.t
        }
        builder.cut(road: r, measure: network.roads[r].line.measure(segment: Int(owner.ordinal), fraction: t), key: key)
        return true
    }
}

/// Collects cut points per road and turns them into nodes and edges.
private struct NodeBuilder {
    struct Cut { var measure: Double; var node: Int }
    var cuts: [[Cut]]
    var nodeIndex: [NodeKey: Int] = [:]
    var nodes: [Coordinate] = []

    init(roadCount: Int) { cuts = Array(repeating: [], count: roadCount) }

    mutating func cut(road: Int, measure: Double, key: NodeKey) {
        let node: Int
        if let known = nodeIndex[key] { node = known } else {
            node = nodes.count
            nodeIndex[key] = node
            nodes.append(key.coordinate)
        }
        cuts[road].append(Cut(measure: measure, node: node))
    }

    /// Sorts each road's cuts, drops repeats (one node met twice at the same place, as a
    /// crossing on a shared vertex is found from both segments) and links consecutive cuts.
    func finish() -> (nodes: [Coordinate], edges: [RoadGraph.Edge], roadEdgeStart: [Int]) {
        var edges: [RoadGraph.Edge] = []
        var start = [0]
        start.reserveCapacity(cuts.count + 1)
        for (r, var list) in cuts.enumerated() {
            list.sort { ($0.measure, $0.node) < ($1.measure, $1.node) }
            var kept: [Cut] = []
            kept.reserveCapacity(list.count)
            for c in list {
                if let last = kept.last, last.node == c.node, c.measure - last.measure <= 1e-6 { continue }
                kept.append(c)
            }
            // Both ends are cuts (road ends are shared end points), so the edges cover the road.
            if kept.count >= 2 {
                for k in 1..<kept.count {
                    edges.append(RoadGraph.Edge(fromNode: kept[k - 1].node, toNode: kept[k].node, roadIndex: r,
                                                fromMeters: kept[k - 1].measure, toMeters: kept[k].measure))
                }
            }
            start.append(edges.count)
        }
        return (nodes, edges, start)
    }
}
