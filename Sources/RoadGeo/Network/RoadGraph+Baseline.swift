extension RoadGraph {
    /// The graph's arcs as flat arrays, for geo-bench's same-run baselines: node `k`'s arcs are
    /// `start[k]..<start[k + 1]`, each with its target node and length in metres.
    /// - Complexity: O(arcs): copies.
    ///
    /// ```swift
    /// @_spi(Baseline) import RoadGeo
    /// let (start, targets, lengths) = graph.baselineArcs
    /// ```
    @_spi(Baseline)
    public var baselineArcs: (start: [Int32], targets: [Int32], lengthsMeters: [Double]) {
        (arcStart, arcs.map(\.to), arcs.map(\.lengthMeters))
    }

    /// Where a search between two snapped points joins the graph: the nodes it starts from with
    /// the distance to each, the nodes it may end at with the distance still to go (infinity
    /// where one-way rules forbid that way), and the length along one road when both points lie
    /// on the same stretch between two stops and it may be travelled; `nil` when a road has no
    /// stops (not in the graph).
    /// - Parameters:
    ///   - start: Where the path starts.
    ///   - end: Where it ends.
    /// - Complexity: O(log stops on the two roads).
    ///
    /// ```swift
    /// @_spi(Baseline) import RoadGeo
    /// let ends = graph.baselineEnds(from: a, to: b)
    /// ```
    @_spi(Baseline)
    public func baselineEnds(from start: RoadSnap, to end: RoadSnap)
        -> (seeds: [(node: Int, meters: Double)], leaves: [(node: Int, meters: Double)], directMeters: Double?)? {
        guard stops.indices.contains(start.roadIndex), stops.indices.contains(end.roadIndex),
              !stops[start.roadIndex].isEmpty, !stops[end.roadIndex].isEmpty else { return nil }
        let (sa, sb) = around(start), (ta, tb) = around(end)
        return (seeds(start, sa, sb).map { (node: $0.0.node, meters: $0.1) },
                leaves(end, ta, tb).map { (node: $0.0.node, meters: $0.1) },
                straightPath(from: start, to: end, sa, ta)?.lengthMeters)
    }
}
