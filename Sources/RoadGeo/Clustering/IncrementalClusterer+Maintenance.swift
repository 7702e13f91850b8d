// The cluster bookkeeping behind IncrementalClusterer's updates: slots, neighbour counts,
// merging, and repairing a cluster after a core report is removed or demoted.

extension IncrementalClusterer {
    func isCoreSlot(_ s: Int) -> Bool { neighbourCount[s] >= Int32(clamping: minPoints) }


    mutating func allocateSlot(_ c: Coordinate, _ category: Int32, _ time: Double) -> Int {
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
    func collectNeighbours(of s: Int, into out: inout [Int32]) {
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
    mutating func connectCore(_ c: Int, neighbours: [Int32], events: inout [ClusterEvent]) {
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
    mutating func merge(_ a: Int, _ b: Int, events: inout [ClusterEvent]) -> Int {
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

    mutating func addMember(_ s: Int, to cluster: Int) {
        clusterOf[s] = cluster
        positionInCluster[s] = Int32(truncatingIfNeeded: clusterMembers[cluster]?.count ?? 0)
        clusterMembers[cluster, default: []].append(Int32(s))
    }

    /// Removes slot `s` from its cluster (swap with the last member); an emptied cluster remains
    /// (callers recheck or delete it).
    mutating func removeMember(_ s: Int) {
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
    mutating func repair(_ c: Int, removedCore: [Int32]?, demoted: [Int32], events: inout [ClusterEvent]) {
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
    mutating func splitOff(_ c: Int, seeds: [Int32], touched: inout [Int32], events: inout [ClusterEvent]) {
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
    mutating func nextMarkEpoch() -> UInt32 {
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
    mutating func recheck(_ c: Int, events: inout [ClusterEvent]) {
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
    func outcome(of cluster: Int, firstNewID: Int, events: [ClusterEvent]) -> Outcome {
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
func takeBuffer(_ stored: inout [Int32]) -> [Int32] {
    var b: [Int32] = []
    swap(&b, &stored)
    b.removeAll(keepingCapacity: true)
    return b
}
