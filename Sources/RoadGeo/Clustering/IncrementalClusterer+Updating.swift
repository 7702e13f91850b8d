/// Adding, removing and bulk-loading reports: the public updates of ``IncrementalClusterer``.
extension IncrementalClusterer {
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
