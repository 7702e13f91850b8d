extension RoadNetwork {
    // MARK: - Step 3: the decoded route, laid out

    /// Follows each piece's best path back through the scores, lays out the route between its
    /// steps as stretches of road, and places the stationary fixes on it.
    func layOut(_ decoded: (pieces: [(Int, Int)], breaks: [MapMatch.Break]), fixes: [Coordinate], graph: RoadGraph,
                options o: ResolvedMatchOptions, into matched: [MatchedFix], scratch: inout MatchScratch) -> MapMatch {
        var out = matched
        var pieces: [MapMatch.Piece] = []
        pieces.reserveCapacity(decoded.pieces.count)
        /// The chosen (step, candidate) of the piece, in order; steps skipped as outliers are absent.
        var chosen: [(step: Int, candidate: Int)] = []
        var stretches: [RoadStretch] = []
        /// Per chosen step but the last, the stretches of the route to the next one.
        var legs: [Range<Int>] = []
        for (p, (first, last)) in decoded.pieces.enumerated() {
            // The best candidate of the last step, then back along the pointers.
            let range = Int(scratch.stepStart[last])..<Int(scratch.stepStart[last + 1])
            var at = range.lowerBound, step = last
            for j in range where scratch.scores[j] > scratch.scores[at] { at = j }
            chosen.removeAll(keepingCapacity: true)
            chosen.append((step, at))
            while step > first, scratch.back[at] >= 0 {
                at = Int(scratch.back[at])
                step -= 1
                if at < Int(scratch.stepStart[step]) {
                    out[Int(scratch.stepFix[step])] = MatchedFix(snap: nil, piece: nil, status: .outlier)
                    step -= 1
                }
                chosen.append((step, at))
            }
            chosen.reverse()
            stretches.removeAll(keepingCapacity: true)
            legs.removeAll(keepingCapacity: true)
            // Where the route has got to along the current candidate's road: ahead of the
            // candidate when later fixes jittered back.
            var head = scratch.candidates[chosen[0].candidate].snap.measureMeters
            for (k, c) in chosen.enumerated() {
                let candidate = scratch.candidates[c.candidate]
                out[Int(scratch.stepFix[c.step])] = MatchedFix(snap: candidate.snap, piece: p, status: .matched)
                guard k + 1 < chosen.count else { break }
                let start = stretches.count
                let next = chosen[k + 1].candidate
                head = appendLeg(from: candidate, at: head, arrived: scratch.arrival[c.candidate], to: scratch.candidates[next],
                                 leg: scratch.legs[next], graph: graph, options: o, into: &stretches, scratch: &scratch)
                legs.append(start..<stretches.count)
            }
            // Stationary fixes after each chosen step: on its leg, or by the last step.
            let firstFix = Int(scratch.stepFix[first])
            var lastFix = Int(scratch.stepFix[last])
            let end = p + 1 < decoded.pieces.count ? Int(scratch.stepFix[decoded.pieces[p + 1].0]) : fixes.count
            var k = 0
            for f in firstFix..<end where out[f].status == .stationary {
                while k + 1 < chosen.count && Int(scratch.stepFix[chosen[k + 1].step]) < f { k += 1 }
                let c = scratch.candidates[chosen[k].candidate]
                let leg = k < legs.count ? stretches[legs[k]] : []
                let placed = leg.isEmpty
                    ? nearest(fixes[f], on: CollectionOfOne(RoadStretch(roadIndex: c.snap.roadIndex, fromMeters: c.before.measure,
                                                                               toMeters: c.after.measure)))
                    : nearest(fixes[f], on: leg)
                out[f] = MatchedFix(snap: placed, piece: p, status: .stationary)
                lastFix = Swift.max(lastFix, f)
            }
            let merged = RoadGraph.merged(Self.withoutJitter(stretches, tolerance: o.reverseTolerance))
            pieces.append(MapMatch.Piece(fixes: firstFix...lastFix, stretches: merged,
                                         lengthMeters: merged.reduce(0) { $0 + $1.lengthMeters }))
        }
        // Stationary fixes before any piece (their step had no road) are not placed.
        for f in out.indices where out[f].status == .stationary && out[f].piece == nil { out[f].status = .noRoadWithinRadius }
        return MapMatch(fixes: out, pieces: pieces, breaks: decoded.breaks)
    }

    /// Appends the route from candidate `a` (the route being at measure `head` of its road,
    /// having arrived in direction `arrived`) to candidate `b` as decoding chose it: along their
    /// shared stretch (nothing when `b` is a step back within the reverse tolerance), or out of
    /// `a` by one of its stops, the shortest way through the graph, and into `b` by one of its
    /// stops. Returns where the route has got to along `b`'s road.
    private func appendLeg(from a: MatchCandidate, at head: Double, arrived: Int8, to b: MatchCandidate, leg: Leg,
                           graph: RoadGraph, options o: ResolvedMatchOptions,
                           into stretches: inout [RoadStretch], scratch: inout MatchScratch) -> Double {
        guard leg != .direct else {
            let delta = b.snap.measureMeters - head
            if isJitter(delta, arrived: arrived, tolerance: o.reverseTolerance) { return head }
            stretches.append(RoadStretch(roadIndex: a.snap.roadIndex, fromMeters: head, toMeters: b.snap.measureMeters))
            return b.snap.measureMeters
        }
        let exit = leg.exit == 0 ? a.before : a.after, entry = leg.entry == 0 ? b.before : b.after
        stretches.append(RoadStretch(roadIndex: a.snap.roadIndex, fromMeters: head, toMeters: exit.measure))
        scratch.sourceNodes.removeAll(keepingCapacity: true)
        scratch.sourceNodes.append(Int32(exit.node))
        scratch.targetNodes.removeAll(keepingCapacity: true)
        scratch.targetNodes.append(Int32(entry.node))
        scratch.markTargets(nodeCount: graph.nodeCount)
        // Decoding found this way, so the search settles the entry; no bound is needed.
        scratch.search(graph, from: Int32(exit.node), bound: .infinity, row: 0)
        for arc in scratch.arcs(to: Int32(entry.node), graph: graph).reversed() {
            let d = graph.arcDetails[arc]
            stretches.append(RoadStretch(roadIndex: Int(d.road), fromMeters: d.fromMeters, toMeters: d.toMeters))
        }
        stretches.append(RoadStretch(roadIndex: b.snap.roadIndex, fromMeters: entry.measure, toMeters: b.snap.measureMeters))
        return b.snap.measureMeters
    }

    /// The stretches with the back-and-forth of GPS noise taken out. A run of stretches that
    /// continue one another on one road becomes its start to its end, or, when the run goes
    /// out and comes back by more than `tolerance` metres (a U-turn), its start to the farthest
    /// point it reached and back to its end. Noise moves a dense trace's matched positions back
    /// and forth along the road by up to a few σ; the vehicle did not.
    static func withoutJitter(_ stretches: [RoadStretch], tolerance: Double) -> [RoadStretch] {
        guard stretches.count > 1 else { return stretches }
        var out: [RoadStretch] = []
        out.reserveCapacity(stretches.count)
        var start = 0
        while start < stretches.count {
            var end = start + 1
            while end < stretches.count && stretches[end].roadIndex == stretches[start].roadIndex
                    && stretches[end].fromMeters == stretches[end - 1].toMeters { end += 1 }
            let road = stretches[start].roadIndex
            let first = stretches[start].fromMeters, last = stretches[end - 1].toMeters
            // The run's direction: from its start to its end, or, for an out-and-back run, to
            // the point farthest from its start.
            var farthest = first
            for k in start..<end where abs(stretches[k].toMeters - first) > abs(farthest - first) { farthest = stretches[k].toMeters }
            let outAndBack = abs(farthest - first) > abs(last - first) + tolerance
            let way: Double = outAndBack || last == first ? (farthest >= first ? 1 : -1) : (last > first ? 1 : -1)
            var turn = first
            for k in start..<end where (stretches[k].toMeters - turn) * way > 0 { turn = stretches[k].toMeters }
            if (turn - last) * way > tolerance {
                out.append(RoadStretch(roadIndex: road, fromMeters: first, toMeters: turn))
                out.append(RoadStretch(roadIndex: road, fromMeters: turn, toMeters: last))
            } else if first != last {
                out.append(RoadStretch(roadIndex: road, fromMeters: first, toMeters: last))
            }
            start = end
        }
        return out
    }

    /// The point of the given stretches nearest to `point`, as a snap (ties to the first stretch).
    func nearest(_ point: Coordinate, on stretches: some Collection<RoadStretch>) -> RoadSnap? {
        var best: RoadSnap?
        for s in stretches {
            let lo = Swift.min(s.fromMeters, s.toMeters), hi = Swift.max(s.fromMeters, s.toMeters)
            let at = roads[s.roadIndex].line.locate(point, from: lo, to: hi)
            if let b = best, b.distanceMeters <= at.distanceMeters { continue }
            best = RoadSnap(roadIndex: s.roadIndex, location: at)
        }
        return best
    }
}

extension MeasuredPolyline {
    /// The location of the point of the line between two measures nearest to `point`.
    /// - Complexity: O(segments between the measures + log n).
    func locate(_ point: Coordinate, from lo: Double, to hi: Double) -> LinearLocation {
        let lo = clamped(lo), hi = Swift.max(lo, clamped(hi))
        let first = position(atMeasure: lo, preferEnd: false).0, last = position(atMeasure: hi, preferEnd: true).0
        let plane = QueryPlane(point)
        let coords = line.coordinates
        var best = first, bestT = 0.0, bestD2 = Double.infinity
        for i in first...Swift.max(first, last) {
            let (t, d2) = plane.closest(coords[i], coords[i + 1])
            if d2 < bestD2 { best = i; bestT = t; bestD2 = d2 }
        }
        var at = location(of: point, segment: best, fraction: bestT, plane: plane)
        if at.measureMeters < lo || at.measureMeters > hi {
            // Nearest beyond the range: the range's nearer end (distance along a segment is convex).
            let end = location(atMeasure: at.measureMeters < lo ? lo : hi)
            let d = LocalRuler.distance(point, end.coordinate)
            at = LinearLocation(segmentIndex: end.segmentIndex, fraction: end.fraction, measureMeters: end.measureMeters,
                                coordinate: end.coordinate, distanceMeters: d,
                                side: d == 0 ? .on : plane.side(on: coords, segment: end.segmentIndex, fraction: end.fraction))
        }
        return at
    }
}
