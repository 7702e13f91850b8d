/// What two points marking a section of road ("broken from here to here") turn into.
///
/// ```swift
/// switch graph.snapSection(from: start, to: end) {
/// case .section(let s):           print("road", s.roadIndex, s.fromMeters, "→", s.toMeters)
/// case .path(let path):           print(path.sections.count, "sections,", path.lengthMeters, "m")
/// case .notConnected:             print("the two roads are not connected")
/// case .unmatched(let a, let b):  print("no road near", a == nil ? "start" : "end")
/// }
/// ```
public enum SectionSnap: Hashable, Sendable {
    /// Both points snapped to the same road: the stretch between their measures (from the
    /// start point's measure to the end point's, so it may run backwards).
    case section(RoadSection)
    /// The points snapped to different roads: the shortest connected path between them.
    case path(RoadPath)
    /// The points snapped to roads with no connection between them along the network.
    case notConnected(start: RoadSnap, end: RoadSnap)
    /// At least one point is farther than the maximum distance from every allowed road.
    case unmatched(start: RoadSnap?, end: RoadSnap?)

    /// The sections of a matched answer (one for ``section(_:)``, the path's for ``path(_:)``),
    /// empty otherwise.
    public var sections: [RoadSection] {
        switch self {
        case .section(let s): return [s]
        case .path(let p): return p.sections
        case .notConnected, .unmatched: return []
        }
    }
}

extension RoadGraph {
    /// Turns two points marking the start and end of a section into road sections.
    ///
    /// Each point is snapped on its own with `options`
    /// (``RoadNetwork/snap(_:options:scratch:)``, so the same tie rules apply). Both on one road:
    /// ``SectionSnap/section(_:)`` between the two measures, even when a shorter way round
    /// exists (the user marked *this* road). On different roads: the shortest connected path
    /// (``shortestPath(from:to:scratch:)``) as ``SectionSnap/path(_:)``, or
    /// ``SectionSnap/notConnected(start:end:)``.
    ///
    /// - Parameters:
    ///   - start: The first point (EPSG:4326).
    ///   - end: The second point.
    ///   - options: Reach, road selection, bearing for both snaps.
    /// - Returns: The answer.
    /// - Complexity: two snaps, plus a path search when the roads differ.
    ///
    /// ```swift
    /// let answer = graph.snapSection(from: Coordinate(37.6175, 55.7520), to: Coordinate(37.6205, 55.7530),
    ///                                options: SnapOptions(maxDistanceMeters: 30))
    /// answer.sections.map(\.lengthMeters)
    /// ```
    public func snapSection(from start: Coordinate, to end: Coordinate, options: SnapOptions = SnapOptions()) -> SectionSnap {
        let a = network.snap(start, options: options)
        let b = network.snap(end, options: options)
        guard let a, let b else { return .unmatched(start: a, end: b) }
        if a.roadIndex == b.roadIndex {
            return .section(RoadSection(roadIndex: a.roadIndex, fromMeters: a.measureMeters, toMeters: b.measureMeters))
        }
        guard let path = shortestPath(from: a, to: b) else { return .notConnected(start: a, end: b) }
        return .path(path)
    }
}
