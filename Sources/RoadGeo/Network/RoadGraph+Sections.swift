/// What two points marking a section of road ("broken from here to here") turn into once the
/// road graph can join different roads: ``RoadNetwork/snapSection(from:to:options:candidates:)``
/// with its ``SectionSnap/differentRoads(start:end:)`` answer resolved into a connected path.
///
/// ```swift
/// switch graph.snapSection(from: start, to: end) {
/// case .section(let s):            print("road", s.roadIndex, s.fromMeters, "→", s.toMeters)
/// case .path(let path):            print(path.sections.count, "sections,", path.lengthMeters, "m")
/// case .notConnected:              print("the two roads are not connected")
/// case .unmatched(let a, let b):   print("no road near", a ? "the end" : "the start", b)
/// }
/// ```
public enum SectionRoute: Hashable, Sendable {
    /// Both points reach one road: the stretch between their measures (from the start point's
    /// measure to the end point's, so it may run backwards).
    case section(RoadSection)
    /// The points lie on different roads: the shortest connected path between them.
    case path(RoadPath)
    /// The points lie on roads with no connection between them along the network.
    case notConnected(start: RoadSnap, end: RoadSnap)
    /// At least one point is farther than the maximum distance from every allowed road.
    case unmatched(startMatched: Bool, endMatched: Bool)

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
    /// First ``RoadNetwork/snapSection(from:to:options:candidates:)``: when both points can
    /// reach one road the answer is ``SectionRoute/section(_:)`` on it, even if a shorter way
    /// round exists (the user marked *this* road). Otherwise each point's nearest road is taken
    /// and the answer is the shortest connected path between the two snapped points
    /// (``shortestPath(from:to:scratch:)``) or ``SectionRoute/notConnected(start:end:)``.
    ///
    /// - Parameters:
    ///   - start: The first point (EPSG:4326).
    ///   - end: The second point.
    ///   - options: Reach, road selection, bearing for both points.
    ///   - candidates: Roads considered per point when looking for a shared road (default 8).
    /// - Returns: The answer.
    /// - Complexity: O(log n + candidates²), plus a path search when the roads differ.
    ///
    /// ```swift
    /// let answer = graph.snapSection(from: Coordinate(37.6175, 55.7520), to: Coordinate(37.6205, 55.7530),
    ///                                options: SnapOptions(maxDistanceMeters: 30))
    /// answer.sections.map(\.lengthMeters)
    /// ```
    public func snapSection(from start: Coordinate, to end: Coordinate, options: SnapOptions = SnapOptions(),
                            candidates: Int = 8) -> SectionRoute {
        switch network.snapSection(from: start, to: end, options: options, candidates: candidates) {
        case .section(let road, let a, let b):
            return .section(RoadSection(roadIndex: road, fromMeters: a.measureMeters, toMeters: b.measureMeters))
        case .differentRoads(let a, let b):
            guard let path = shortestPath(from: a, to: b) else { return .notConnected(start: a, end: b) }
            return .path(path)
        case .unmatched(let a, let b):
            return .unmatched(startMatched: a, endMatched: b)
        }
    }
}
