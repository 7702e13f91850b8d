extension RoadNetwork {
    /// Matches a GPS trace to the roads: the route most likely driven, and where on it each fix was.
    ///
    /// A hidden Markov model after Newson and Krumm (2009), decoded with Viterbi (see
    /// ``MatchOptions`` for the scores and limits):
    /// 1. Each fix is a step unless it is within the stationary distance of the previous step
    ///    (a stop at lights, a parked car), invalid, or has no road within the radius.
    /// 2. A step's candidates are the nearest road positions within the radius, one per stretch
    ///    of road between two of the graph's nodes, found through the segment index.
    /// 3. Between consecutive steps, route distances come from bounded searches of `graph` (Dijkstra): one
    ///    per distinct node the previous candidates can leave by, stopping once every node the
    ///    next candidates can be entered by is settled or the route limit is passed. Along one
    ///    stretch of road the distance is the difference of measures; a step back along a
    ///    one-way road by at most the reverse tolerance is GPS jitter, not a U-turn.
    /// 4. Where no candidate of a step can be reached from any candidate of the step before, the
    ///    trace is broken: a ``MapMatch/Break`` says where and why, and matching starts afresh.
    ///
    /// A U-turn or backtracking on a two-way road is a route like any other: the matched path
    /// goes along the road and back. One-way streets are honoured when `graph` was built with
    /// ``RoadGraph/Options/oneway`` or ``RoadGraph/Options/motorVehicle``.
    ///
    /// - Parameters:
    ///   - fixes: The trace's positions in time order (EPSG:4326).
    ///   - times: Seconds of each fix (any epoch), or empty. Only used with
    ///     ``MatchOptions/maxSpeedMetersPerSecond``; NaN where a fix has no time.
    ///   - graph: The network's graph (`RoadGraph(self)` or with one-way options), built from
    ///     exactly this network.
    ///   - options: σ, β, radius, candidates and limits.
    ///   - scratch: Memory reused between traces on one thread.
    /// - Returns: Every fix's match, the route in pieces, and the breaks. A graph built from
    ///   another network (a different road count) matches nothing.
    /// - Complexity: O(n (log s + k² + S)) for n fixes, s segments, k candidates and S the nodes
    ///   the bounded searches settle per step (a few within the route limit); the route is laid
    ///   out with one more search per step, from the stop decoding chose to leave by.
    ///
    /// ```swift
    /// let graph = RoadGraph(network, options: .motorVehicle)
    /// var scratch = MatchScratch()
    /// let result = network.match(trace.coordinates, graph: graph, options: MatchOptions(sigmaMeters: 15), scratch: &scratch)
    /// print(result.matchedCount, result.lengthMeters, result.breaks)
    /// ```
    public func match(_ fixes: [Coordinate], times: [Double] = [], graph: RoadGraph,
                      options: MatchOptions = MatchOptions(), scratch: inout MatchScratch) -> MapMatch {
        let o = options.resolved
        var out = [MatchedFix](repeating: MatchedFix(snap: nil, piece: nil, status: .noRoadWithinRadius), count: fixes.count)
        guard graph.stops.count == roads.count else { return MapMatch(fixes: out, pieces: [], breaks: []) }
        scratch.startTrace()
        collectSteps(fixes, graph: graph, options: o, into: &out, scratch: &scratch)
        let pieces = decode(fixes, times: times, graph: graph, options: o, scratch: &scratch)
        return layOut(pieces, fixes: fixes, graph: graph, options: o, into: out, scratch: &scratch)
    }

    /// ``match(_:times:graph:options:scratch:)`` with its own scratch memory.
    /// - Parameters: fixes: The trace. times: Seconds per fix or empty. graph: The network's graph. options: The model.
    /// - Returns: The match. - Complexity: As ``match(_:times:graph:options:scratch:)``, plus O(nodes) to allocate.
    ///
    /// ```swift
    /// let result = network.match(fixes, graph: RoadGraph(network))
    /// ```
    public func match(_ fixes: [Coordinate], times: [Double] = [], graph: RoadGraph,
                      options: MatchOptions = MatchOptions()) -> MapMatch {
        var scratch = MatchScratch()
        return match(fixes, times: times, graph: graph, options: options, scratch: &scratch)
    }

    // MARK: - Step 1: steps and their candidates

    /// Marks invalid, stationary and unmatchable fixes in `out` and records the others as steps
    /// with their candidates.
    private func collectSteps(_ fixes: [Coordinate], graph: RoadGraph, options o: ResolvedMatchOptions,
                              into out: inout [MatchedFix], scratch: inout MatchScratch) {
        var last: Coordinate?
        let lastValid = fixes.lastIndex { $0.isValidGeographic } ?? -1
        for (i, fix) in fixes.enumerated() {
            guard fix.isValidGeographic else { out[i].status = .invalidCoordinate; continue }
            // The last fix is always a step, so the route reaches the trace's end.
            if let last, o.stationary > 0, i < lastValid, LocalRuler.distance(last, fix) < o.stationary {
                out[i].status = .stationary
                continue
            }
            let before = scratch.candidates.count
            addCandidates(fix, graph: graph, options: o, scratch: &scratch)
            guard scratch.candidates.count > before else { out[i].status = .noRoadWithinRadius; continue }
            out[i].status = .matched
            scratch.stepFix.append(Int32(i))
            scratch.stepStart.append(Int32(scratch.candidates.count))
            last = fix
        }
    }

    /// Appends up to k candidates for one fix: segments within the radius nearest first, the
    /// first (nearest) on each stretch between two stops.
    private func addCandidates(_ fix: Coordinate, graph: RoadGraph, options o: ResolvedMatchOptions,
                               scratch: inout MatchScratch) {
        let query = SegmentQuery(self, fix, SnapOptions(maxDistanceMeters: o.radius))
        let first = scratch.candidates.count
        var seen = 0
        var found: [MatchCandidate] = []
        swap(&found, &scratch.candidates)
        defer { swap(&found, &scratch.candidates) }
        let sigma = o.sigma, k = o.candidates
        index.forEachNearest(to: fix, maxDistanceMeters: query.reach, scratch: &scratch.query) { s, _ in
            seen += 1
            let snap = query.snap(s)
            guard snap.distanceMeters <= o.radius else { return seen < 16 * k }
            let (a, b) = graph.around(snap)
            for c in found[first...] where c.snap.roadIndex == snap.roadIndex && c.before.measure == a.measure {
                return seen < 16 * k
            }
            let z = snap.distanceMeters / sigma
            found.append(MatchCandidate(snap: snap, before: a, after: b, emission: -0.5 * z * z))
            return found.count - first < k && seen < 16 * k
        }
    }

    // MARK: - Step 2: Viterbi decoding

    /// Scores every step's candidates and returns the pieces as (first step, last step) pairs,
    /// with the breaks between them.
    ///
    /// Besides the step before, a step's candidates may be reached from the step before that,
    /// skipping one fix as an outlier, when the skipped fix lies far off the straight way between
    /// its neighbours (more than two radii); the skip costs what a candidate at the radius would.
    private func decode(_ fixes: [Coordinate], times: [Double], graph: RoadGraph, options o: ResolvedMatchOptions,
                        scratch: inout MatchScratch) -> (pieces: [(Int, Int)], breaks: [MapMatch.Break]) {
        let steps = scratch.stepFix.count
        // Cleared by startTrace; filled here without giving up their memory.
        let n = scratch.candidates.count
        scratch.scores.append(contentsOf: scratch.candidates.lazy.map(\.emission))
        scratch.back.append(contentsOf: repeatElement(-1, count: n))
        scratch.legs.append(contentsOf: repeatElement(.direct, count: n))
        scratch.arrival.append(contentsOf: repeatElement(0, count: n))
        var pieces: [(Int, Int)] = [], breaks: [MapMatch.Break] = []
        var pieceStart = 0
        let skipPenalty = 0.5 * (o.radius / o.sigma) * (o.radius / o.sigma)
        func fix(_ step: Int) -> Int { Int(scratch.stepFix[step]) }
        func limit(_ a: Int, _ b: Int, _ straight: Double) -> Double {
            var bound = straight + (o.excess ?? Swift.max(2 * o.radius, straight))
            if let speed = o.maxSpeed, a < times.count, b < times.count, times[b] - times[a] >= 0 {
                bound = Swift.min(bound, speed * (times[b] - times[a]) + 2 * o.radius)
            }
            return bound
        }
        func restart(_ step: Int) {
            for j in Int(scratch.stepStart[step])..<Int(scratch.stepStart[step + 1]) {
                scratch.scores[j] = scratch.candidates[j].emission
                scratch.back[j] = -1
                scratch.legs[j] = .direct
                scratch.arrival[j] = 0
            }
        }
        func cut(before step: Int) {
            let a = fix(step - 1), b = fix(step)
            let straight = LocalRuler.distance(fixes[a], fixes[b])
            pieces.append((pieceStart, step - 1))
            breaks.append(MapMatch.Break(afterFix: a, beforeFix: b, straightMeters: straight, searchedMeters: limit(a, b, straight)))
            restart(step)
            pieceStart = step
        }
        /// Whether the step before was reached by nothing: it may be an outlier that the next step skips.
        var pending = false
        for t in 1..<Swift.max(1, steps) {
            let a = fix(t - 1), b = fix(t)
            let straight = LocalRuler.distance(fixes[a], fixes[b])
            var reached = relax(from: t - 1, into: t, straight: straight, bound: limit(a, b, straight), penalty: nil,
                                graph: graph, options: o, scratch: &scratch)
            if t - 2 >= pieceStart {
                let z = fix(t - 2), around = LocalRuler.distance(fixes[z], fixes[b])
                let excess = LocalRuler.distance(fixes[z], fixes[a]) + straight - around
                if pending || excess > 2 * o.radius {
                    reached = relax(from: t - 2, into: t, straight: around, bound: limit(z, b, around), penalty: skipPenalty,
                                    graph: graph, options: o, scratch: &scratch) || reached
                }
            }
            if reached {
                pending = false
            } else if !pending {
                // Decide at the next step: skipped as an outlier, or the start of a new piece.
                pending = true
            } else {
                // Neither this step nor the one before is reachable: break before the one before,
                // and again before this one if it cannot be reached from there either.
                pending = false
                cut(before: t - 1)
                if !relax(from: t - 1, into: t, straight: straight, bound: limit(a, b, straight), penalty: nil,
                          graph: graph, options: o, scratch: &scratch) {
                    cut(before: t)
                }
            }
        }
        if pending { cut(before: steps - 1) }
        if steps > 0 { pieces.append((pieceStart, steps - 1)) }
        return (pieces, breaks)
    }

    /// Scores step `into`'s candidates from step `from`'s: the best previous score plus the
    /// transition score, plus the emission. Without a `penalty` the scores are replaced (minus
    /// infinity where nothing reaches); with one (a skip over an outlier) a score is only raised.
    /// Returns whether any candidate was reached.
    private func relax(from: Int, into: Int, straight: Double, bound: Double, penalty: Double?, graph: RoadGraph,
                       options o: ResolvedMatchOptions, scratch: inout MatchScratch) -> Bool {
        let sources = Int(scratch.stepStart[from])..<Int(scratch.stepStart[from + 1])
        let targets = Int(scratch.stepStart[into])..<Int(scratch.stepStart[into + 1])
        // The distinct nodes the previous candidates leave by and the next ones are entered by.
        scratch.sourceNodes.removeAll(keepingCapacity: true)
        scratch.targetNodes.removeAll(keepingCapacity: true)
        for i in sources where scratch.scores[i] > -.infinity {
            let (x, y) = graph.exits(scratch.candidates[i])
            if x.1.isFinite && !scratch.sourceNodes.contains(x.0) { scratch.sourceNodes.append(x.0) }
            if y.1.isFinite && !scratch.sourceNodes.contains(y.0) { scratch.sourceNodes.append(y.0) }
        }
        for j in targets {
            let (x, y) = graph.entries(scratch.candidates[j])
            if x.1.isFinite && !scratch.targetNodes.contains(x.0) { scratch.targetNodes.append(x.0) }
            if y.1.isFinite && !scratch.targetNodes.contains(y.0) { scratch.targetNodes.append(y.0) }
        }
        scratch.markTargets(nodeCount: graph.nodeCount)
        for (row, source) in scratch.sourceNodes.enumerated() {
            scratch.search(graph, from: source, bound: bound, row: row)
        }
        let width = scratch.targetNodes.count
        let inverseBeta = 1 / o.beta, uTurn = o.uTurn / o.beta, shortfall = 2 * o.sigma
        var reached = false
        for j in targets {
            let cj = scratch.candidates[j]
            let ((n0, e0), (n1, e1)) = graph.entries(cj)
            let t0 = e0.isFinite ? scratch.targetNodes.firstIndex(of: n0) ?? -1 : -1
            let t1 = e1.isFinite ? scratch.targetNodes.firstIndex(of: n1) ?? -1 : -1
            var best = -Double.infinity, bestFrom: Int32 = -1, bestLeg = Leg.direct, bestArrival: Int8 = 0
            for i in sources where scratch.scores[i] > -.infinity {
                let ci = scratch.candidates[i]
                let arrived = scratch.arrival[i]
                // The best way from i: its transition score (a U-turn against the way i was
                // reached costs extra), the leg and the direction it arrives at j in.
                var pair = -Double.infinity, leg = Leg.direct, arrival: Int8 = 0
                @inline(__always) func consider(_ route: Double, _ l: Leg, departs: Int8, arrives: Int8) {
                    guard route <= bound else { return }
                    // Routes longer than the straight line cost from the first metre; shorter
                    // ones only beyond the noise two fixes add to their distance (2 σ), since a
                    // noisy trace zigzags and looks longer than the road driven.
                    var score = -(Swift.max(0, route - straight) + Swift.max(0, straight - route - shortfall)) * inverseBeta
                    if arrived != 0 && departs != 0 && departs != arrived { score -= uTurn }
                    if score > pair { pair = score; leg = l; arrival = arrives == 0 ? arrived : arrives }
                }
                if let direct = directDistance(ci, cj, graph: graph, tolerance: o.reverseTolerance) {
                    let delta = cj.snap.measureMeters - ci.snap.measureMeters
                    if isJitter(delta, arrived: arrived, tolerance: o.reverseTolerance) {
                        // A step back against the way the route came, within the tolerance: GPS
                        // noise along the road, not a U-turn. The vehicle stood or crept on.
                        consider(0, .direct, departs: 0, arrives: arrived)
                    } else {
                        let way: Int8 = delta > o.reverseTolerance ? 1 : delta < -o.reverseTolerance ? -1 : 0
                        consider(direct, .direct, departs: way, arrives: way)
                    }
                }
                let (x, y) = graph.exits(ci)
                @inline(__always) func via(_ node: Int32, _ d: Double, exit: UInt8) {
                    guard d.isFinite, let row = scratch.sourceNodes.firstIndex(of: node) else { return }
                    // Leaving by the stop before goes against the road; entering from the stop before goes along it.
                    let departs: Int8 = exit == 0 ? -1 : 1
                    if t0 >= 0 { consider(d + scratch.nodeDistances[row * width + t0] + e0, Leg(exit: exit, entry: 0), departs: departs, arrives: 1) }
                    if t1 >= 0 { consider(d + scratch.nodeDistances[row * width + t1] + e1, Leg(exit: exit, entry: 1), departs: departs, arrives: -1) }
                }
                via(x.0, x.1, exit: 0)
                via(y.0, y.1, exit: 1)
                let score = scratch.scores[i] + pair
                if score > best { best = score; bestFrom = Int32(i); bestLeg = leg; bestArrival = arrival }
            }
            if let penalty {
                let score = best - penalty + cj.emission
                if bestFrom >= 0 && score > scratch.scores[j] {
                    scratch.scores[j] = score
                    scratch.back[j] = bestFrom
                    scratch.legs[j] = bestLeg
                    scratch.arrival[j] = bestArrival
                    reached = true
                }
            } else if bestFrom >= 0 {
                scratch.scores[j] = best + cj.emission
                scratch.back[j] = bestFrom
                scratch.legs[j] = bestLeg
                scratch.arrival[j] = bestArrival
                reached = true
            } else {
                scratch.scores[j] = -.infinity
                scratch.back[j] = -1
            }
        }
        return reached
    }

    /// Whether a move of `delta` metres along a road, after arriving in direction `arrived`
    /// (1 along the road, -1 against, 0 not known), is a step back within `tolerance`: GPS
    /// noise along the road, not a U-turn.
    @inline(__always)
    func isJitter(_ delta: Double, arrived: Int8, tolerance: Double) -> Bool {
        arrived != 0 && delta * Double(arrived) < 0 && -delta * Double(arrived) <= tolerance
    }

    /// The distance from `a` to `b` along their road when both lie on one stretch between two
    /// stops and the road may be travelled that way (or `b` is at most `tolerance` behind `a`),
    /// else nil.
    func directDistance(_ a: MatchCandidate, _ b: MatchCandidate, graph: RoadGraph, tolerance: Double) -> Double? {
        guard a.snap.roadIndex == b.snap.roadIndex, a.before.measure == b.before.measure else { return nil }
        let from = a.snap.measureMeters, to = b.snap.measureMeters
        let d = abs(to - from)
        return graph.allows(road: a.snap.roadIndex, from: from, to: to) || d <= tolerance ? d : nil
    }
}

extension RoadGraph {
    /// The ways out of a candidate: to the stop before it (against the road) and the stop after
    /// it (along the road), as (node, metres), infinity where the road may not be travelled so.
    @inline(__always)
    func exits(_ c: MatchCandidate) -> ((Int32, Double), (Int32, Double)) {
        let t = travel[c.snap.roadIndex], m = c.snap.measureMeters
        return ((Int32(c.before.node), t & 2 != 0 ? m - c.before.measure : .infinity),
                (Int32(c.after.node), t & 1 != 0 ? c.after.measure - m : .infinity))
    }

    /// The ways into a candidate: from the stop before it (along the road) and the stop after
    /// it (against the road), as (node, metres still to go), infinity where not allowed.
    @inline(__always)
    func entries(_ c: MatchCandidate) -> ((Int32, Double), (Int32, Double)) {
        let t = travel[c.snap.roadIndex], m = c.snap.measureMeters
        return ((Int32(c.before.node), t & 1 != 0 ? m - c.before.measure : .infinity),
                (Int32(c.after.node), t & 2 != 0 ? c.after.measure - m : .infinity))
    }
}
