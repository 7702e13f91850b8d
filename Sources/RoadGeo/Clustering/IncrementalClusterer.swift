/// What happened to a cluster during an ``IncrementalClusterer`` update; servers replay these
/// in order to keep votes, moderation state and map tiles in step.
public enum ClusterEvent: Hashable, Sendable {
    /// A new cluster appeared.
    case created(cluster: Int)
    /// Cluster `absorbed` was merged into `into` and no longer exists (move its votes).
    case merged(into: Int, absorbed: Int)
    /// Part of cluster `from` became the new cluster `into` (`from` keeps its largest part).
    case split(from: Int, into: Int)
    /// The cluster no longer exists: all its remaining members became noise or joined other clusters.
    case dissolved(cluster: Int)
}

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
/// because updates must be O(1) and the radius is fixed; the static ``PackedRTree`` serves the
/// bulk load.
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
    private var coordinates: [Coordinate] = []
    private var categories: [Int32] = []
    private var times: [Double] = []
    private var alive: [Bool] = []
    /// Neighbours within eps meeting the constraints, the report itself included.
    private var neighbourCount: [Int32] = []
    /// Cluster id, or -1 for noise (-2 marks "visited" during a split check).
    private var clusterOf: [Int] = []
    private var positionInCluster: [Int32] = []
    private var freeSlots: [Int32] = []

    private var grid: MetricGrid
    private var clusterMembers: [Int: [Int32]] = [:]
    private var nextClusterID = 0
    private var liveCount = 0
    // Reusable buffers (swapped out while in use).
    private var neighbourBuffer: [Int32] = []
    private var promotedBuffer: [Int32] = []
    private var componentBuffer: [Int32] = []
    /// Per-slot visit marks for searches (compared with `markEpoch`, so never cleared per search).
    private var mark: [UInt32] = []
    private var markEpoch: UInt32 = 0
    /// Per slot: which search of a split check reached it (valid where `mark` is current).
    private var owner: [Int32] = []

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

    /// Whether a report is a core point.
    /// - Parameter report: A report handle.
    /// - Complexity: O(1).
    public func isCore(_ report: Int) -> Bool {
        isLive(report) && neighbourCount[report] >= Int32(clamping: minPoints)
    }

    /// Whether a handle refers to a report currently held.
    /// - Parameter report: A report handle.
    /// - Complexity: O(1).
    public func isLive(_ report: Int) -> Bool { report >= 0 && report < alive.count && alive[report] }

    /// The position of a report, or `nil` for an unknown handle.
    /// - Parameter report: A report handle.
    /// - Complexity: O(1).
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

    // MARK: Updating

    /// Adds a report and updates the clusters.
    ///
    /// - Parameters:
    ///   - coordinate: Position (longitude, latitude).
    ///   - category: Category code (used with `constraints.sameCategory`).
    ///   - timeSeconds: Time in seconds (used with `constraints.timeWindowSeconds`).
    /// - Returns: The report's handle and cluster, how the cluster came about, and all cluster events.
    /// - Complexity: O(k) expected for k reports within eps (plus the neighbours of neighbours that
    ///   become core), plus relabelling the smaller side of each merge.
    ///
    /// ```swift
    /// let r = live.add(Coordinate(74.6, 42.87), category: 1, timeSeconds: 1_700_000_000)
    /// if case .merged(let absorbed) = r.outcome { moveVotes(from: absorbed, to: r.cluster!) }
    /// ```
    public mutating func add(_ coordinate: Coordinate, category: Int32 = 0, timeSeconds: Double = 0) -> AddResult {
        let firstNewID = nextClusterID
        let s = allocateSlot(coordinate, category, timeSeconds)
        var nb = takeBuffer(&neighbourBuffer)
        collectNeighbours(of: s, into: &nb)
        for j in nb { neighbourCount[Int(j)] += 1 }
        neighbourCount[s] = Int32(truncatingIfNeeded: nb.count + 1)
        let threshold = Int32(clamping: minPoints)
        var promoted = takeBuffer(&promotedBuffer)
        promoted.removeAll(keepingCapacity: true)
        if neighbourCount[s] >= threshold { promoted.append(Int32(s)) }
        for j in nb where neighbourCount[Int(j)] == threshold { promoted.append(j) }
        var events: [ClusterEvent] = []
        var around = takeBuffer(&componentBuffer)
        for c in promoted {
            let c = Int(c)
            if c == s {
                connectCore(c, neighbours: nb, events: &events)
            } else {
                collectNeighbours(of: c, into: &around)
                connectCore(c, neighbours: around, events: &events)
            }
        }
        componentBuffer = around
        promotedBuffer = promoted
        if clusterOf[s] < 0 {
            // A border point: it joins its first core neighbour's cluster.
            for j in nb where isCoreSlot(Int(j)) && clusterOf[Int(j)] >= 0 {
                addMember(s, to: clusterOf[Int(j)])
                break
            }
        }
        neighbourBuffer = nb
        return AddResult(report: s, cluster: clusterOf[s] >= 0 ? clusterOf[s] : nil,
                         outcome: outcome(of: clusterOf[s], firstNewID: firstNewID, events: events), events: events)
    }

    /// Removes a report and updates the clusters (a cluster may split or dissolve).
    ///
    /// - Parameter report: A report handle.
    /// - Returns: The report's former cluster and the events, or `nil` for an unknown handle.
    /// - Complexity: O(k) when no core point loses its status; otherwise a split check that walks
    ///   the smaller parts of each affected cluster (see the type's complexity note).
    ///
    /// ```swift
    /// if let r = live.remove(handle) { for id in r.newClusters { print("split off", id) } }
    /// ```
    public mutating func remove(_ report: Int) -> RemoveResult? {
        guard isLive(report) else { return nil }
        let s = report
        let threshold = Int32(clamping: minPoints)
        let wasCore = neighbourCount[s] >= threshold
        let former = clusterOf[s]
        var nb: [Int32] = []   // kept: s's neighbours are needed after s leaves the grid
        collectNeighbours(of: s, into: &nb)
        // Core points that lose their status, with their clusters.
        var demoted: [Int32] = []
        for j in nb {
            neighbourCount[Int(j)] -= 1
            if neighbourCount[Int(j)] == threshold - 1 && clusterOf[Int(j)] >= 0 { demoted.append(j) }
        }
        if former >= 0 { removeMember(s) }
        grid.remove(s)
        alive[s] = false
        liveCount -= 1
        freeSlots.append(Int32(s))
        var affected: [Int] = []
        if wasCore && former >= 0 { affected.append(former) }
        for d in demoted where !affected.contains(clusterOf[Int(d)]) { affected.append(clusterOf[Int(d)]) }
        var events: [ClusterEvent] = []
        for c in affected {
            repair(c, removedCore: wasCore && former == c ? nb : nil, demoted: demoted, events: &events)
        }
        return RemoveResult(formerCluster: former >= 0 ? former : nil, events: events)
    }

    /// Adds many reports at once. On an empty clusterer this runs batch ``DBSCAN`` (an R-tree over
    /// the new reports and one query per report) instead of one add per report.
    ///
    /// - Parameters:
    ///   - coordinates: Positions.
    ///   - categories: Category codes, one per report, or `nil` (all 0).
    ///   - timesSeconds: Times in seconds, one per report, or `nil` (all 0).
    /// - Returns: The handles, in input order.
    /// - Precondition: attribute arrays, when given, as long as `coordinates`.
    /// - Complexity: O(n log n + pairs) on an empty clusterer, else n adds.
    ///
    /// ```swift
    /// var live = IncrementalClusterer(epsMeters: 15, minPoints: 2)
    /// let handles = live.bulkLoad(storedReports)
    /// ```
    @discardableResult
    public mutating func bulkLoad(_ coordinates: [Coordinate], categories: [Int32]? = nil,
                                  timesSeconds: [Double]? = nil) -> [Int] {
        let n = coordinates.count
        precondition(categories == nil || categories?.count == n, "bulkLoad: one category per report")
        precondition(timesSeconds == nil || timesSeconds?.count == n, "bulkLoad: one time per report")
        guard alive.isEmpty else {
            return (0..<n).map { add(coordinates[$0], category: categories?[$0] ?? 0, timeSeconds: timesSeconds?[$0] ?? 0).report }
        }
        let cats = categories ?? [Int32](repeating: 0, count: n)
        let ts = timesSeconds ?? [Double](repeating: 0, count: n)
        let dbscan = DBSCAN(epsMeters: epsMeters, minPoints: minPoints, constraints: constraints)
        let tree = PackedRTree(boxes: DBSCAN.pointBoxes(coordinates))
        let graph = dbscan.neighbourGraph(coordinates, index: tree, categories: cats, timesSeconds: ts)
        let labels = labelNeighbourGraph(graph, minPoints: minPoints)
        self.coordinates = coordinates
        self.categories = cats
        times = ts
        alive = [Bool](repeating: true, count: n)
        neighbourCount = graph.count.map { $0 + 1 }
        clusterOf = [Int](repeating: -1, count: n)
        positionInCluster = [Int32](repeating: -1, count: n)
        liveCount = n
        var members = [[Int32]](repeating: [], count: labels.clusterCount)
        for i in 0..<n {
            grid.insert(i, at: coordinates[i])
            let l = Int(labels.labels[i])
            if l >= 0 {
                clusterOf[i] = nextClusterID + l
                positionInCluster[i] = Int32(truncatingIfNeeded: members[l].count)
                members[l].append(Int32(i))
            }
        }
        clusterMembers.reserveCapacity(labels.clusterCount)
        for (l, m) in members.enumerated() { clusterMembers[nextClusterID + l] = m }
        nextClusterID += labels.clusterCount
        return Array(0..<n)
    }
}

// MARK: - Private helpers

extension IncrementalClusterer {
    private func isCoreSlot(_ s: Int) -> Bool { neighbourCount[s] >= Int32(clamping: minPoints) }


    private mutating func allocateSlot(_ c: Coordinate, _ category: Int32, _ time: Double) -> Int {
        let s: Int
        if let free = freeSlots.popLast() {
            s = Int(free)
            coordinates[s] = c; categories[s] = category; times[s] = time
            alive[s] = true; neighbourCount[s] = 1; clusterOf[s] = -1; positionInCluster[s] = -1
        } else {
            precondition(coordinates.count < Int(Int32.max), "IncrementalClusterer: at most 2,147,483,646 reports")
            s = coordinates.count
            coordinates.append(c); categories.append(category); times.append(time)
            alive.append(true); neighbourCount.append(1); clusterOf.append(-1); positionInCluster.append(-1)
        }
        grid.insert(s, at: c)
        liveCount += 1
        return s
    }

    /// Live reports within eps of slot `s` meeting the constraints, `s` excluded.
    private func collectNeighbours(of s: Int, into out: inout [Int32]) {
        out.removeAll(keepingCapacity: true)
        let p = coordinates[s]
        let eps = epsMeters
        let sameCategory = constraints.sameCategory
        let window = constraints.timeWindowSeconds
        let category = categories[s], time = times[s]
        coordinates.withUnsafeBufferPointer { pts in
            grid.forEachCandidate(near: p, radiusMeters: eps) { j in
                guard j != s, LocalRuler.distance(p, pts[j]) <= eps else { return }
                if sameCategory && categories[j] != category { return }
                if let window {
                    let d = times[j] - time
                    if !(d <= window && d >= -window) { return }
                }
                out.append(Int32(truncatingIfNeeded: j))
            }
        }
    }

    /// Slot `c` has just become core: join it with the clusters of its core neighbours (merging
    /// them) or start a cluster, and take in its unclustered non-core neighbours as border points.
    private mutating func connectCore(_ c: Int, neighbours: [Int32], events: inout [ClusterEvent]) {
        var target = clusterOf[c]
        for d in neighbours {
            let d = Int(d)
            guard isCoreSlot(d) else { continue }
            let cd = clusterOf[d]
            // A neighbour that became core in this same add and is not placed yet joins later.
            if cd < 0 || cd == target { continue }
            if target < 0 {
                target = cd
                addMember(c, to: cd)
            } else {
                target = merge(target, cd, events: &events)
            }
        }
        if target < 0 {
            target = nextClusterID
            nextClusterID += 1
            clusterMembers[target] = []
            addMember(c, to: target)
            events.append(.created(cluster: target))
        }
        for e in neighbours where clusterOf[Int(e)] < 0 && !isCoreSlot(Int(e)) {
            addMember(Int(e), to: target)
        }
    }

    /// Merges two clusters; the one with more members (on a tie, the lower id) survives.
    private mutating func merge(_ a: Int, _ b: Int, events: inout [ClusterEvent]) -> Int {
        let ca = clusterMembers[a]?.count ?? 0, cb = clusterMembers[b]?.count ?? 0
        let (keep, drop) = (ca > cb || (ca == cb && a < b)) ? (a, b) : (b, a)
        let moved = clusterMembers.removeValue(forKey: drop) ?? []
        var kept = clusterMembers.removeValue(forKey: keep) ?? []
        for m in moved {
            clusterOf[Int(m)] = keep
            positionInCluster[Int(m)] = Int32(truncatingIfNeeded: kept.count)
            kept.append(m)
        }
        clusterMembers[keep] = kept
        events.append(.merged(into: keep, absorbed: drop))
        return keep
    }

    private mutating func addMember(_ s: Int, to cluster: Int) {
        clusterOf[s] = cluster
        positionInCluster[s] = Int32(truncatingIfNeeded: clusterMembers[cluster]?.count ?? 0)
        clusterMembers[cluster, default: []].append(Int32(s))
    }

    /// Removes slot `s` from its cluster (swap with the last member); an emptied cluster remains
    /// (callers recheck or delete it).
    private mutating func removeMember(_ s: Int) {
        let c = clusterOf[s]
        guard c >= 0, var list = clusterMembers.removeValue(forKey: c) else { return }
        let at = Int(positionInCluster[s])
        let last = list.removeLast()
        if Int(last) != s {
            list[at] = last
            positionInCluster[Int(last)] = Int32(truncatingIfNeeded: at)
        }
        clusterMembers[c] = list
        clusterOf[s] = -1
        positionInCluster[s] = -1
    }

    /// Restores cluster `c` after core points left it (the removed report, if it was core here, with
    /// neighbours `removedCore`; and the `demoted` points that are in `c`).
    ///
    /// Any part the cluster could split into touches a removed core, so the remaining core
    /// neighbours of the removed cores (the seeds) decide: a breadth-first search from one seed
    /// that reaches all the others proves the cluster still connected, usually after a few
    /// steps; then only the non-core points next to a removed core need a new home. Otherwise
    /// (a split, or no core left) the cluster is re-derived in full.
    private mutating func repair(_ c: Int, removedCore: [Int32]?, demoted: [Int32], events: inout [ClusterEvent]) {
        var seeds: [Int32] = [], touched: [Int32] = []
        var around = takeBuffer(&componentBuffer)
        let epoch = nextMarkEpoch()
        func scan(_ neighbours: [Int32]) {
            for y in neighbours where clusterOf[Int(y)] == c && mark[Int(y)] != epoch {
                mark[Int(y)] = epoch
                if isCoreSlot(Int(y)) { seeds.append(y) } else { touched.append(y) }
            }
        }
        if let removedCore { scan(removedCore) }
        for d in demoted where clusterOf[Int(d)] == c {
            if mark[Int(d)] != epoch { mark[Int(d)] = epoch; touched.append(d) }
            collectNeighbours(of: Int(d), into: &around)
            scan(around)
        }
        componentBuffer = around
        guard !seeds.isEmpty else {
            recheck(c, events: &events)   // no core left: only former border points remain
            return
        }
        splitOff(c, seeds: seeds, touched: &touched, events: &events)
        var nb = takeBuffer(&neighbourBuffer)
        let seen = nextMarkEpoch()
        for t in touched where mark[Int(t)] != seen {
            mark[Int(t)] = seen
            let home = clusterOf[Int(t)]
            guard home >= 0, !isCoreSlot(Int(t)) else { continue }
            collectNeighbours(of: Int(t), into: &nb)
            if nb.contains(where: { isCoreSlot(Int($0)) && clusterOf[Int($0)] == home }) { continue }
            removeMember(Int(t))
            for y in nb where isCoreSlot(Int(y)) && clusterOf[Int(y)] >= 0 {
                addMember(Int(t), to: clusterOf[Int(y)])
                break
            }
        }
        neighbourBuffer = nb
    }

    /// Finds the parts cluster `c` falls into once its removed cores are gone, walking only the
    /// smaller parts: one breadth-first search per seed (the remaining core neighbours of the removed
    /// cores), advanced in turn one node at a time; searches that meet are merged; a group of
    /// searches that runs out of nodes is a complete part. It stops when at most one group is still
    /// running: that group is the rest of the cluster and keeps the id `c` (in practice the largest
    /// part, since parts are walked in step); each completed part becomes a new cluster. The
    /// non-core points next to walked cores are appended to `touched` for re-homing.
    /// - Complexity: O(k × (size of all parts but the last running one) × seeds).
    private mutating func splitOff(_ c: Int, seeds: [Int32], touched: inout [Int32], events: inout [ClusterEvent]) {
        let m = seeds.count
        guard m > 1 else { return }
        let epoch = nextMarkEpoch()
        if owner.count < alive.count { owner.append(contentsOf: repeatElement(0, count: alive.count - owner.count)) }
        var queues: [[Int32]] = seeds.map { [$0] }
        var heads = [Int](repeating: 0, count: m)
        var parent = Array(0..<m)           // union-find over searches
        var pending = [Int](repeating: 1, count: m)   // per root: nodes queued but not expanded
        var finished = [Bool](repeating: false, count: m)
        var running = m
        for (k, x) in seeds.enumerated() { mark[Int(x)] = epoch; owner[Int(x)] = Int32(k) }
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x { parent[x] = parent[parent[x]]; x = parent[x] }
            return x
        }
        var nb = takeBuffer(&neighbourBuffer)
        walk: while running > 1 {
            var progressed = false
            for k in 0..<m {
                if finished[find(k)] || heads[k] >= queues[k].count { continue }
                let x = Int(queues[k][heads[k]])
                heads[k] += 1
                pending[find(k)] -= 1
                progressed = true
                collectNeighbours(of: x, into: &nb)
                for y in nb where clusterOf[Int(y)] == c {
                    let yi = Int(y)
                    if !isCoreSlot(yi) { touched.append(y); continue }
                    if mark[yi] != epoch {
                        mark[yi] = epoch
                        owner[yi] = Int32(k)
                        queues[k].append(y)
                        pending[find(k)] += 1
                    } else {
                        let a = find(k), b = find(Int(owner[yi]))
                        if a != b {
                            parent[b] = a
                            pending[a] += pending[b]
                            running -= 1
                            if running <= 1 { break walk }
                        }
                    }
                }
                let r = find(k)
                if pending[r] == 0 {
                    finished[r] = true
                    running -= 1
                    if running <= 1 { break walk }
                }
            }
            if !progressed { break }
        }
        neighbourBuffer = nb
        // Completed groups other than the last running one become new clusters. If every group
        // completed, the one with the most walked nodes keeps the id.
        var keep = -1
        if running == 0 || !(0..<m).contains(where: { find($0) == $0 && !finished[$0] }) {
            var best = -1
            for k in 0..<m where find(k) == k {
                let size = (0..<m).filter { find($0) == k }.reduce(0) { $0 + queues[$1].count }
                if size > best { best = size; keep = k }
            }
        }
        for r in 0..<m where find(r) == r && finished[r] && r != keep {
            let id = nextClusterID
            nextClusterID += 1
            clusterMembers[id] = []
            for k in 0..<m where find(k) == r {
                for y in queues[k] {
                    removeMember(Int(y))
                    addMember(Int(y), to: id)
                }
            }
            events.append(.split(from: c, into: id))
        }
    }

    /// A fresh value for the `mark` array (which grows with the slots); wraps by clearing.
    private mutating func nextMarkEpoch() -> UInt32 {
        if mark.count < alive.count { mark.append(contentsOf: repeatElement(0, count: alive.count - mark.count)) }
        if markEpoch == UInt32.max {
            for i in mark.indices { mark[i] = 0 }
            markEpoch = 0
        }
        markEpoch += 1
        return markEpoch
    }

    /// Re-derives cluster `c` after core points lost status: its core points' connected
    /// components (the largest keeps `c`), then each non-core member's cluster (or noise).
    private mutating func recheck(_ c: Int, events: inout [ClusterEvent]) {
        guard let members = clusterMembers.removeValue(forKey: c) else { return }
        for m in members { clusterOf[Int(m)] = -1; positionInCluster[Int(m)] = -1 }
        // Components of the core members, stored one after another in `flat`.
        var flat = takeBuffer(&componentBuffer)
        var bounds: [Int] = [0]
        var nb = takeBuffer(&neighbourBuffer)
        for m in members where isCoreSlot(Int(m)) && clusterOf[Int(m)] == -1 {
            clusterOf[Int(m)] = -2
            flat.append(m)
            var head = bounds[bounds.count - 1]
            while head < flat.count {
                let x = Int(flat[head])
                head += 1
                collectNeighbours(of: x, into: &nb)
                for y in nb where clusterOf[Int(y)] == -1 && isCoreSlot(Int(y)) {
                    clusterOf[Int(y)] = -2
                    flat.append(y)
                }
            }
            bounds.append(flat.count)
        }
        let components = bounds.count - 1
        if components == 0 {
            events.append(.dissolved(cluster: c))
        } else {
            var largest = 0
            for k in 1..<components where bounds[k + 1] - bounds[k] > bounds[largest + 1] - bounds[largest] { largest = k }
            for k in 0..<components {
                let id: Int
                if k == largest {
                    id = c
                } else {
                    id = nextClusterID
                    nextClusterID += 1
                    events.append(.split(from: c, into: id))
                }
                var list: [Int32] = []
                list.reserveCapacity(bounds[k + 1] - bounds[k])
                for t in bounds[k]..<bounds[k + 1] {
                    let x = Int(flat[t])
                    clusterOf[x] = id
                    positionInCluster[x] = Int32(truncatingIfNeeded: list.count)
                    list.append(flat[t])
                }
                clusterMembers[id] = list
            }
        }
        componentBuffer = flat
        // Non-core members: stay with a core neighbour's cluster if they have one.
        for m in members where !isCoreSlot(Int(m)) {
            collectNeighbours(of: Int(m), into: &nb)
            for y in nb where isCoreSlot(Int(y)) && clusterOf[Int(y)] >= 0 {
                addMember(Int(m), to: clusterOf[Int(y)])
                break
            }
        }
        neighbourBuffer = nb
    }

    /// The outcome for a report that ended in `cluster` given the add's events.
    private func outcome(of cluster: Int, firstNewID: Int, events: [ClusterEvent]) -> Outcome {
        guard cluster >= 0 else { return .noise }
        // Follow merges forward: which clusters ended up in `cluster`.
        var into: [Int: Int] = [:]
        for e in events { if case .merged(let keep, let drop) = e { into[drop] = keep } }
        func final(_ id: Int) -> Int {
            var x = id
            while let y = into[x] { x = y }
            return x
        }
        let absorbed = into.keys.filter { $0 < firstNewID && $0 != cluster && final($0) == cluster }.sorted()
        if !absorbed.isEmpty { return .merged(absorbed: absorbed) }
        return cluster < firstNewID ? .joined : .created
    }
}

/// An empty buffer taking over `stored`'s capacity (give it back by assigning when done), so a
/// scratch array can be filled while other stored properties are read.
private func takeBuffer(_ stored: inout [Int32]) -> [Int32] {
    var b: [Int32] = []
    swap(&b, &stored)
    b.removeAll(keepingCapacity: true)
    return b
}
