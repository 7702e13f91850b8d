extension RoadGraph {
    /// One stretch of a road between two consecutive stops (nodes) along it, as the graph holds
    /// it: the undirected edge behind the one or two arcs a path may follow.
    ///
    /// `fromMeters < toMeters` always: the edge runs in the road's own direction, from node
    /// ``from`` at ``fromMeters`` to node ``to`` at ``toMeters``. ``forward`` and ``backward``
    /// say which ways the graph lets it be travelled (both under ``Options/undirected``; neither
    /// for a road ``Options/motorVehicle`` leaves out). A ring road's single stretch has
    /// `from == to`.
    ///
    /// ```swift
    /// for edge in graph.edges() where edge.forward {
    ///     print(network.road(of: edge).id, edge.from, "->", edge.to, edge.lengthMeters)
    /// }
    /// ```
    public struct Edge: RoadReference, Hashable, Sendable {
        /// The node at ``fromMeters``.
        public var from: Int
        /// The node at ``toMeters``.
        public var to: Int
        /// Index of the road in ``RoadNetwork/roads``.
        public var roadIndex: Int
        /// Measure where the stretch starts, metres from the road's start.
        public var fromMeters: Double
        /// Measure where it ends, metres from the road's start (greater than ``fromMeters``).
        public var toMeters: Double
        /// Whether the graph lets it be travelled from ``from`` to ``to`` (the road's direction).
        public var forward: Bool
        /// Whether the graph lets it be travelled from ``to`` to ``from`` (against the road).
        public var backward: Bool

        /// Length in metres, along the road.
        public var lengthMeters: Double { toMeters - fromMeters }

        /// The stretch as a ``RoadStretch`` in the road's direction.
        public var stretch: RoadStretch { RoadStretch(roadIndex: roadIndex, fromMeters: fromMeters, toMeters: toMeters) }
    }

    /// Every stretch of road between consecutive stops, road by road in ``RoadNetwork/roads``
    /// order and along each road by measure: the graph's edges, one per stretch whichever ways
    /// it may be travelled, so their lengths add up to the network's total road length.
    ///
    /// For tools that take a graph as nodes and edges (networkx, other map matchers, a routing
    /// engine): pair it with ``nodeCoordinates(in:)`` and each road's
    /// ``MeasuredPolyline/substring(from:to:)`` for the geometry.
    ///
    /// - Returns: The edges; a road of zero length has none.
    /// - Complexity: O(S) for S stops in all; allocates the result.
    ///
    /// ```swift
    /// let graph = RoadGraph(network, options: .oneway)
    /// let edges = graph.edges()
    /// let total = edges.reduce(0) { $0 + $1.lengthMeters }   // the network's road length
    /// let oneWay = edges.filter { $0.forward != $0.backward }.count
    /// ```
    public func edges() -> [Edge] {
        var out: [Edge] = []
        out.reserveCapacity(stops.reduce(0) { $0 + Swift.max(0, $1.count - 1) })
        for (r, list) in stops.enumerated() {
            let t = travel[r]
            for k in 1..<Swift.max(1, list.count) {
                let a = list[k - 1], b = list[k]
                out.append(Edge(from: a.node, to: b.node, roadIndex: r, fromMeters: a.measure, toMeters: b.measure,
                                forward: t & 1 != 0, backward: t & 2 != 0))
            }
        }
        return out
    }

    /// Where a node is: the coordinate of the road it was found on, at its stop's measure.
    ///
    /// A node joins two or more roads; its stops on them lie at one place (a shared vertex, or
    /// a crossing interpolated on each road, which may differ by rounding), and this answers
    /// with the stop on the lowest-index road.
    ///
    /// - Parameters:
    ///   - node: A node, `0..<nodeCount`.
    ///   - network: The network the graph was built from.
    /// - Returns: The position (longitude, latitude), EPSG:4326.
    /// - Precondition: `node` is in `0..<nodeCount` and `network` is the graph's network.
    /// - Complexity: O(log n) for a road of n vertices.
    ///
    /// ```swift
    /// let graph = RoadGraph(network)
    /// let e = graph.edges()[0]
    /// graph.nodeCoordinate(e.from, in: network)   // == network.road(of: e).line.coordinate(atMeasure: e.fromMeters)
    /// ```
    public func nodeCoordinate(_ node: Int, in network: RoadNetwork) -> Coordinate {
        precondition(nodeAnchors.indices.contains(node), "node \(node) is not in 0..<\(nodeCount)")
        let anchor = nodeAnchors[node]
        precondition(network.roads.count == stops.count, "the network has \(network.roads.count) roads, the graph was built from \(stops.count)")
        return network.roads[Int(anchor.road)].line.coordinate(atMeasure: anchor.measure)
    }

    /// Every node's position, indexed by node (see ``nodeCoordinate(_:in:)``).
    ///
    /// - Parameter network: The network the graph was built from.
    /// - Returns: `nodeCount` coordinates (longitude, latitude), EPSG:4326.
    /// - Precondition: `network` is the graph's network.
    /// - Complexity: O(V log n) for V nodes on roads of up to n vertices.
    ///
    /// ```swift
    /// let points = graph.nodeCoordinates(in: network)
    /// print(points.count == graph.nodeCount)   // true
    /// ```
    public func nodeCoordinates(in network: RoadNetwork) -> [Coordinate] {
        (0..<nodeCount).map { nodeCoordinate($0, in: network) }
    }

    /// Per node, the stop that places it: the first stop met scanning roads in index order.
    static func nodeAnchors(_ stops: [[Stop]], nodeCount count: Int) -> [NodeAnchor] {
        var anchors = [NodeAnchor](repeating: NodeAnchor(road: -1, measure: 0), count: count)
        for (r, list) in stops.enumerated() {
            for stop in list where anchors[stop.node].road < 0 {
                anchors[stop.node] = NodeAnchor(road: Int32(r), measure: stop.measure)
            }
        }
        return anchors
    }
}

/// Where a node is found: a road and a measure on it.
struct NodeAnchor: Hashable, Sendable {
    var road: Int32
    var measure: Double
}
