/// DBSCAN that stays up to date while reports arrive and disappear, for live servers.
///
/// **Equality with batch DBSCAN.** After any sequence of ``add(_:category:timeSeconds:)``,
/// ``remove(_:)`` and ``bulkLoad(_:categories:timesSeconds:)`` calls, the state equals
/// ``DBSCAN/cluster(_:categories:timesSeconds:)`` (same eps, minPoints, constraints and metric) on
/// the surviving reports in this sense: the same core points, the same noise points, the same
/// partition of the core points into clusters (adjusted Rand index 1.0 on core points), and every
/// border point in a cluster that has a core point among its neighbours. Only the choice among
/// several valid clusters for a border point may differ from batch labelling (which prefers the
/// cluster with the earliest core point in input order); the clusterer instead keeps a border
/// point where it is while that stays valid, so ids do not flicker.
///
/// **Cluster ids** are stable integers: a cluster keeps its id while it grows, absorbs other
/// clusters (the larger keeps its id) or loses reports; on a split the part still being walked
/// when the others are complete keeps the id (parts are walked in step, so in practice the
/// largest). New ids are never reused.
///
/// **Report handles** are slots returned by ``add(_:category:timeSeconds:)``; a removed report's
/// slot may be given to a later report.
///
/// **Thread safety.** A value type (`Sendable`): mutate it from one place at a time, e.g. inside an
/// actor or behind a `Mutex`; Swift's exclusivity rules enforce this for mutation. Copies are
/// independent snapshots (copy-on-write; the first mutation of a shared copy costs O(n)), so a
/// server may hand a copy to readers on other threads.
///
/// **Neighbour index.** A uniform grid in metres (cells eps wide, see the internal `MetricGrid`),
/// because the radius is fixed and updates must be O(1): on 200k held reports the index work of
/// one add on a ``DynamicRTree`` (insert + 15 m within-query) measured slower than a whole add
/// here (geo-bench W5i prints both). The static ``PackedRTree`` serves the bulk load.
///
/// - Complexity: add O(k) expected (k = neighbours within eps, plus those of neighbours that
///   become core) plus merges (the smaller cluster is relabelled: O(n log n) over any sequence of
///   adds); remove O(k) plus a split check that walks the parts in step and stops when all but
///   one are complete: O(k × size of the smaller parts × seeds), where seeds are the remaining
///   core neighbours of the cores that went away.
///
/// Ester, Kriegel, Sander, Wimmer, Xu, "Incremental clustering for mining in a data warehousing
/// environment", VLDB 1998.
///
/// ```swift
/// var live = IncrementalClusterer(epsMeters: 15, minPoints: 2)
/// let a = live.add(Coordinate(74.6000, 42.8700))          // .noise
/// let b = live.add(Coordinate(74.6001, 42.8700))          // .created: a and b form a cluster
/// let gone = live.remove(a.report)                       // b is noise again: .dissolved
/// ```
public struct IncrementalClusterer: Sendable {
    /// How an added report relates to the clusters that existed before the add.
    ///
    /// ```swift
    /// if case .merged(let absorbed) = live.add(position).outcome { print("merged \(absorbed)") }
    /// ```
    public enum Outcome: Hashable, Sendable {
        /// The report is in no cluster.
        case noise
        /// The report is in a cluster that did not exist before.
        case created
        /// The report joined an existing cluster.
        case joined
        /// The report's cluster now also holds these formerly separate, pre-existing clusters.
        case merged(absorbed: [Int])
    }

    /// The answer to ``add(_:category:timeSeconds:)``.
    ///
    /// ```swift
    /// let r = live.add(Coordinate(74.6001, 42.8700))
    /// print(r.report, r.cluster ?? -1, r.outcome, r.events)
    /// ```
    public struct AddResult: Hashable, Sendable {
        /// Handle of the new report.
        public let report: Int
        /// Its cluster, or `nil` for noise.
        public let cluster: Int?
        /// How its cluster came about.
        public let outcome: Outcome
        /// Every cluster change caused by the add, in order (creations, merges).
        public let events: [ClusterEvent]
    }

    /// The answer to ``remove(_:)``.
    ///
    /// ```swift
    /// if let r = live.remove(handle) {
    ///     for c in r.newClusters { print("split off cluster \(c)") }
    /// }
    /// ```
    public struct RemoveResult: Hashable, Sendable {
        /// The cluster the report was in, or `nil` if it was noise.
        public let formerCluster: Int?
        /// Every cluster change caused by the removal, in order (splits, dissolutions).
        public let events: [ClusterEvent]
        /// Clusters created by splits.
        public var newClusters: [Int] {
            events.compactMap { if case .split(_, let into) = $0 { return into } else { return nil } }
        }
    }

    /// Neighbourhood radius in metres (inclusive), as ``DBSCAN/epsMeters``.
    public let epsMeters: Double
    /// Core threshold, the point itself included, as ``DBSCAN/minPoints``.
    public let minPoints: Int
    /// Category and time conditions, as ``DBSCAN/constraints``.
    public let constraints: ClusterConstraints

    // Per slot.
    var coordinates: [Coordinate] = []
    var categories: [Int32] = []
    var times: [Double] = []
    var alive: [Bool] = []
    /// Neighbours within eps meeting the constraints, the report itself included.
    var neighbourCount: [Int32] = []
    /// Cluster id, or -1 for noise (-2 marks "visited" during a split check).
    var clusterOf: [Int] = []
    var positionInCluster: [Int32] = []
    var freeSlots: [Int32] = []

    var grid: MetricGrid
    var clusterMembers: [Int: [Int32]] = [:]
    var nextClusterID = 0
    var liveCount = 0
    // Reusable buffers (swapped out while in use).
    var neighbourBuffer: [Int32] = []
    var promotedBuffer: [Int32] = []
    var componentBuffer: [Int32] = []
    /// Per-slot visit marks for searches (compared with `markEpoch`, so never cleared per search).
    var mark: [UInt32] = []
    var markEpoch: UInt32 = 0
    /// Per slot: which search of a split check reached it (valid where `mark` is current).
    var owner: [Int32] = []

    /// Creates an empty clusterer.
    /// - Parameters:
    ///   - epsMeters: Radius in metres, finite and >= 0.
    ///   - minPoints: Core threshold, >= 1.
    ///   - constraints: Category and time conditions.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// var live = IncrementalClusterer(epsMeters: 15, minPoints: 2)
    /// ```
    public init(epsMeters: Double = 15, minPoints: Int = 2, constraints: ClusterConstraints = .none) {
        precondition(epsMeters >= 0 && epsMeters.isFinite, "IncrementalClusterer: epsMeters must be finite and >= 0")
        precondition(minPoints >= 1, "IncrementalClusterer: minPoints must be at least 1")
        self.epsMeters = epsMeters
        self.minPoints = minPoints
        self.constraints = constraints
        grid = MetricGrid(cellMeters: epsMeters)
    }

    // MARK: Reading

    /// Number of reports held.
    public var count: Int { liveCount }
    /// Number of clusters.
    public var clusterCount: Int { clusterMembers.count }
    /// The ids of all clusters, ascending.
    /// - Complexity: O(c log c).
    public var clusterIDs: [Int] { clusterMembers.keys.sorted() }

    /// The cluster of a report, or `nil` for noise or an unknown handle.
    /// - Parameter report: A handle from ``add(_:category:timeSeconds:)`` or ``bulkLoad(_:categories:timesSeconds:)``.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// if let c = live.cluster(of: handle) { print("cluster", c) }
    /// ```
    public func cluster(of report: Int) -> Int? {
        guard isLive(report), clusterOf[report] >= 0 else { return nil }
        return clusterOf[report]
    }

    /// Whether a report is a core point: at least ``minPoints`` reports (itself included) within
    /// ``epsMeters`` that satisfy the constraints.
    ///
    /// - Parameter report: A report handle.
    /// - Returns: `false` for an unknown handle.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let borderOnly = live.members(of: c).filter { !live.isCore($0) }
    /// ```
    public func isCore(_ report: Int) -> Bool {
        isLive(report) && neighbourCount[report] >= Int32(clamping: minPoints)
    }

    /// Whether a handle refers to a report currently held.
    ///
    /// - Parameter report: A report handle (any integer; out-of-range handles are not live).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// if !live.isLive(handle) { print("already removed") }
    /// ```
    public func isLive(_ report: Int) -> Bool { report >= 0 && report < alive.count && alive[report] }

    /// The position of a report (EPSG:4326), or `nil` for an unknown handle.
    ///
    /// - Parameter report: A report handle.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let positions = live.members(of: c).compactMap { live.coordinate(of: $0) }
    /// ```
    public func coordinate(of report: Int) -> Coordinate? { isLive(report) ? coordinates[report] : nil }

    /// The reports in a cluster, ascending (empty for an unknown id).
    /// - Parameter cluster: A cluster id.
    /// - Complexity: O(m log m) for m members.
    ///
    /// ```swift
    /// let votes = live.members(of: clusterID).count
    /// ```
    public func members(of cluster: Int) -> [Int] {
        (clusterMembers[cluster] ?? []).map(Int.init).sorted()
    }

    /// Category codes and times of the given reports (for summaries).
    func attributes(of reports: [Int]) -> (categories: [Int32], times: [Double]) {
        (reports.map { isLive($0) ? categories[$0] : 0 }, reports.map { isLive($0) ? times[$0] : .nan })
    }

    /// The handles of all reports held, ascending.
    /// - Complexity: O(slots).
    public var reports: [Int] { alive.indices.filter { alive[$0] } }
}
