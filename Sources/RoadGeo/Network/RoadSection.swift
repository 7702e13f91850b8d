/// A stretch of one road between two measures: "road 7 from 1,250 m to 1,980 m".
///
/// `fromMeters > toMeters` means the stretch runs against the road's drawing direction (a path
/// that drives the road backwards, a section marked from its far end).
///
/// ```swift
/// let broken = RoadSection(roadIndex: 7, fromMeters: 12_000, toMeters: 14_000)
/// broken.lengthMeters                         // 2,000
/// broken.line(in: network)?.lengthMeters      // ≈ 2,000
/// ```
public struct RoadSection: Hashable, Sendable {
    /// Index of the road in ``RoadNetwork/roads``.
    public var roadIndex: Int
    /// Where the section starts, metres from the road's start.
    public var fromMeters: Double
    /// Where the section ends, metres from the road's start.
    public var toMeters: Double

    /// Creates a section.
    /// - Parameters:
    ///   - roadIndex: The road.
    ///   - fromMeters: Start measure in metres.
    ///   - toMeters: End measure in metres (smaller than `fromMeters` to run backwards).
    public init(roadIndex: Int, fromMeters: Double, toMeters: Double) {
        self.roadIndex = roadIndex
        self.fromMeters = fromMeters
        self.toMeters = toMeters
    }

    /// Length in metres (`|toMeters - fromMeters|`).
    /// - Complexity: O(1).
    public var lengthMeters: Double { abs(toMeters - fromMeters) }

    /// Whether the section runs in the road's drawing direction.
    public var isForward: Bool { toMeters >= fromMeters }

    /// The section's geometry, in the section's direction (see ``MeasuredPolyline/substring(from:to:)``).
    /// - Parameter network: The network the road index refers to.
    /// - Returns: The polyline, or `nil` for an unknown road or a zero-length section.
    /// - Complexity: O(log n + k) for k vertices.
    ///
    /// ```swift
    /// let geometry = section.line(in: network)
    /// ```
    public func line(in network: RoadNetwork) -> Polyline? {
        guard roadIndex >= 0, roadIndex < network.roads.count else { return nil }
        return network.roads[roadIndex].line.substring(from: fromMeters, to: toMeters)
    }
}

/// A connected route along the network: consecutive road sections, each starting where the
/// previous one ends.
///
/// ```swift
/// if let path = graph.shortestPath(from: a, to: b) {
///     print(path.lengthMeters, path.sections.map { network.roads[$0.roadIndex].id })
/// }
/// ```
public struct RoadPath: Hashable, Sendable {
    /// The sections in travel order; consecutive sections on one road are merged.
    public var sections: [RoadSection]
    /// Total length in metres (the sum of the sections' lengths).
    public var lengthMeters: Double

    /// Creates a path.
    /// - Parameters: sections: Sections in travel order. lengthMeters: Their total length.
    public init(sections: [RoadSection], lengthMeters: Double) {
        self.sections = sections
        self.lengthMeters = lengthMeters
    }
}
