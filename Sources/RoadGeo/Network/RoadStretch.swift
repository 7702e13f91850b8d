/// Anything that names one road of a built ``RoadNetwork`` by its index: a snap, a stretch, a
/// piece, a position on a road.
///
/// **How RoadGeo names a road.** Inside a built network a road is its index in
/// ``RoadNetwork/roads`` (`roadIndex`): cheap, and valid for that network only. What is stored
/// and outlives a network (a ``RepairSection``, a report in a database) names its road by
/// ``Road/id`` (`roadID`), which survives rebuilding the network from a newer file. Types that
/// conform to this protocol carry a `roadIndex`; ``RoadNetwork/road(of:)`` gives the road.
///
/// ```swift
/// if let hit = network.snap(tap) {
///     print(network.road(of: hit).id, hit.measureMeters)
/// }
/// ```
public protocol RoadReference {
    /// Index of the road in ``RoadNetwork/roads``.
    var roadIndex: Int { get }
}

/// A stretch of one road between two measures, in travel order: the one type for "this part of
/// that road" in paths, map-matched routes, split pieces and cluster extents.
///
/// Measures are metres from the road's start (see ``MeasuredPolyline``). `fromMeters >
/// toMeters` means the stretch runs against the road's direction (``isReversed``); where a
/// direction has no meaning (a repair section, a cluster's extent) `fromMeters <= toMeters`.
///
/// ```swift
/// let s = RoadStretch(roadIndex: 3, fromMeters: 250, toMeters: 100)   // 150 m against road 3
/// s.lengthMeters   // 150
/// s.isReversed     // true
/// let line = network.road(of: s).line.substring(from: s.fromMeters, to: s.toMeters)
/// ```
public struct RoadStretch: RoadReference, Hashable, Sendable {
    /// Index of the road in ``RoadNetwork/roads``.
    public var roadIndex: Int
    /// Measure where the stretch starts, metres from the road's start.
    public var fromMeters: Double
    /// Measure where it ends, metres from the road's start.
    public var toMeters: Double

    /// Creates a stretch.
    /// - Parameters:
    ///   - roadIndex: Index of the road in ``RoadNetwork/roads``.
    ///   - fromMeters: Where it starts, metres from the road's start.
    ///   - toMeters: Where it ends (less than `fromMeters` against the road's direction).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let firstKilometre = RoadStretch(roadIndex: 0, fromMeters: 0, toMeters: 1_000)
    /// ```
    public init(roadIndex: Int, fromMeters: Double, toMeters: Double) {
        self.roadIndex = roadIndex
        self.fromMeters = fromMeters
        self.toMeters = toMeters
    }

    /// Length in metres, whichever way it runs.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// RoadStretch(roadIndex: 0, fromMeters: 900, toMeters: 400).lengthMeters   // 500
    /// ```
    public var lengthMeters: Double { abs(toMeters - fromMeters) }

    /// Whether it runs against the road's direction (`toMeters < fromMeters`).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// RoadStretch(roadIndex: 0, fromMeters: 900, toMeters: 400).isReversed   // true
    /// ```
    public var isReversed: Bool { toMeters < fromMeters }

    /// The measures it covers, smaller first, whichever way it runs.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// RoadStretch(roadIndex: 0, fromMeters: 900, toMeters: 400).measures   // 400...900
    /// ```
    public var measures: ClosedRange<Double> { Swift.min(fromMeters, toMeters)...Swift.max(fromMeters, toMeters) }

    /// Whether it covers a measure on its road (ends included).
    /// - Parameter measure: Metres from the road's start.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// RoadStretch(roadIndex: 0, fromMeters: 900, toMeters: 400).covers(500)   // true
    /// ```
    public func covers(_ measure: Double) -> Bool { measures.contains(measure) }
}

extension RoadSnap: RoadReference {}

extension RoadNetwork {
    /// The road something refers to by index.
    ///
    /// - Parameter reference: A snap, stretch, piece or position on one of this network's roads.
    /// - Returns: `roads[reference.roadIndex]`; the index must be one of this network's (as for
    ///   any array subscript): references come from this network's own answers.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// for s in path.stretches { print(network.road(of: s).id, s.fromMeters, s.toMeters) }
    /// ```
    public func road(of reference: some RoadReference) -> Road { roads[reference.roadIndex] }
}
