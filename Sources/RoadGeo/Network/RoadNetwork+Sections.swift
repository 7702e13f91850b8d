/// What two points marking a stretch of road ("broken from here to there") became.
///
/// ```swift
/// if case .section(let road, let start, let end) = snapped { print(road, start.measureMeters, end.measureMeters) }
/// ```
public enum SectionSnap: Hashable, Sendable {
    /// Both ends lie on one road: the section between their measures. `start` and `end` are in
    /// the order the points were given, so `start.measureMeters > end.measureMeters` means the
    /// stretch was marked against the road's direction.
    case section(roadIndex: Int, start: RoadSnap, end: RoadSnap)
    /// No road is within reach of both ends: the shortest connected path along the network
    /// from the start's nearest road to the end's (when a ``RoadGraph`` was given).
    case path(RoadGraph.Path, start: RoadSnap, end: RoadSnap)
    /// No road is within reach of both ends and the graph has no path between their roads.
    case notConnected(start: RoadSnap, end: RoadSnap)
    /// No road is within reach of both ends and no graph was given to look for a path: the
    /// nearest road of each end.
    case differentRoads(start: RoadSnap, end: RoadSnap)
    /// An end has no road within reach: `startMatched` / `endMatched` say which one did.
    case unmatched(startMatched: Bool, endMatched: Bool)

    /// For ``section(roadIndex:start:end:)``, the stretch between the two ends in the order they
    /// were given (reversed when marked against the road's direction); otherwise `nil`.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// if let s = network.snapSection(from: tapA, to: tapB).stretch { print(network.road(of: s).id, s.lengthMeters) }
    /// ```
    public var stretch: RoadStretch? {
        guard case .section(let road, let start, let end) = self else { return nil }
        return RoadStretch(roadIndex: road, fromMeters: start.measureMeters, toMeters: end.measureMeters)
    }
}

extension RoadNetwork {
    /// Turns the two ends of a marked stretch into a section of one road.
    ///
    /// Each end may snap to several roads within reach (up to `candidates` each). The section
    /// goes on a road that both ends can reach, the one whose farther end is nearest (then the
    /// smaller sum of both distances, then the lower road index), so a tap that lands nearer a
    /// side street at a junction still marks the main road both taps share.
    ///
    /// - Parameters:
    ///   - start: The first point (EPSG:4326).
    ///   - end: The second point.
    ///   - options: Reach, road selection, bearing (applied to both ends).
    ///   - candidates: Roads considered per end (default 8).
    ///   - graph: The network's ``RoadGraph``, to find a path when the ends are on different roads.
    /// - Returns: ``SectionSnap/section(roadIndex:start:end:)`` on a shared road; otherwise
    ///   ``SectionSnap/path(_:start:end:)`` or ``SectionSnap/notConnected(start:end:)`` with a
    ///   graph, ``SectionSnap/differentRoads(start:end:)`` without; or
    ///   ``SectionSnap/unmatched(startMatched:endMatched:)``.
    /// - Complexity: O(log n + candidates²).
    ///
    /// ```swift
    /// if case .section(let road, let a, let b) = network.snapSection(from: tapA, to: tapB) {
    ///     print(network.roads[road].id, Chainage(meters: a.measureMeters)!, Chainage(meters: b.measureMeters)!)
    /// }
    /// ```
    public func snapSection(from start: Coordinate, to end: Coordinate, options: SnapOptions = SnapOptions(),
                            candidates: Int = 8, graph: RoadGraph? = nil) -> SectionSnap {
        var scratch = RTreeQueryScratch()
        let near = Swift.max(1, candidates)
        let a = self.candidates(near: start, limit: near, options: options, scratch: &scratch)
        let b = self.candidates(near: end, limit: near, options: options, scratch: &scratch)
        guard let nearestA = a.first, let nearestB = b.first else {
            return .unmatched(startMatched: !a.isEmpty, endMatched: !b.isEmpty)
        }
        var best: (RoadSnap, RoadSnap)?
        for x in a {
            guard let y = b.first(where: { $0.roadIndex == x.roadIndex }) else { continue }
            if let (bx, by) = best {
                let key = (Swift.max(x.distanceMeters, y.distanceMeters), x.distanceMeters + y.distanceMeters, x.roadIndex)
                let bestKey = (Swift.max(bx.distanceMeters, by.distanceMeters), bx.distanceMeters + by.distanceMeters, bx.roadIndex)
                if key < bestKey { best = (x, y) }
            } else {
                best = (x, y)
            }
        }
        guard let (x, y) = best else {
            guard let graph else { return .differentRoads(start: nearestA, end: nearestB) }
            guard let path = graph.path(from: nearestA, to: nearestB) else { return .notConnected(start: nearestA, end: nearestB) }
            return .path(path, start: nearestA, end: nearestB)
        }
        return .section(roadIndex: x.roadIndex, start: x, end: y)
    }
}
