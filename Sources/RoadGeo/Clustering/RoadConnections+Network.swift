extension RoadConnections {
    /// The topology of a ``RoadGraph`` for ``AlongRoadClustering``: road ids are road indices,
    /// lengths the roads' measured lengths, and the junctions the graph's nodes. So roads join
    /// where they share a vertex and where they cross on the same level (same `layer`, `bridge`
    /// and `tunnel`), at any measure; a bridge over a road, or a tunnel under it, does not join it.
    ///
    /// - Parameter graph: The noded network (its options, such as one-way rules, do not matter here).
    /// - Complexity: O(stops), plus the pairs at each node (a handful per junction).
    ///
    /// ```swift
    /// let graph = RoadGraph(network)
    /// let along = AlongRoadClustering(epsMeters: 15, connections: RoadConnections(graph: graph))
    /// ```
    public init(graph: RoadGraph) {
        self.init()
        var places = [[RoadPosition]](repeating: [], count: graph.nodeCount)
        for (r, stops) in graph.stops.enumerated() {
            guard let last = stops.last else { continue }
            setLength(last.measure, of: r)
            for stop in stops { places[stop.node].append(RoadPosition(roadIndex: r, measureMeters: stop.measure)) }
        }
        for at in places where at.count > 1 {
            for i in 0..<at.count {
                for j in (i + 1)..<at.count { connect(at[i], at[j]) }
            }
        }
    }

    /// The topology of a ``RoadNetwork``: ``init(graph:)`` over `RoadGraph(network)`, which nodes
    /// it (shared vertices and same-level crossings join; bridges over roads do not).
    ///
    /// - Parameter network: The roads.
    /// - Complexity: That of ``RoadGraph/init(_:options:)``, O(n log n + crossings) for n segments.
    ///
    /// ```swift
    /// let network = try RoadNetwork(contentsOfGeoJSON: "roads.geojson")
    /// let along = AlongRoadClustering(epsMeters: 15, connections: RoadConnections(network: network))
    /// ```
    public init(network: RoadNetwork) {
        self.init(graph: RoadGraph(network))
    }
}
