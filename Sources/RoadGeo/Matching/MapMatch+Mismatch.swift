extension MapMatch {
    /// Newson and Krumm's route mismatch fraction, `(d₋ + d₊) / d₀`, for judging a matched route
    /// against the true one: the length of the true route the match misses (`d₋`), plus the
    /// matched length that is not on the true route (`d₊`), over the true route's length (`d₀`).
    ///
    /// Each route counts as the stretches of road it covers (per road, the union of its
    /// stretches' measure ranges), so a stretch driven twice counts once and direction does not
    /// matter. 0 is a perfect match; above 1 the match is mostly elsewhere.
    ///
    /// - Parameters:
    ///   - truth: The route actually driven.
    ///   - matched: The route a matcher gave (for instance `result.pieces.flatMap(\.stretches)`).
    /// - Returns: The fraction, or 0 when `truth` has no length.
    /// - Complexity: O(s log s) for s stretches.
    ///
    /// ```swift
    /// let error = MapMatch.routeMismatch(truth: drive.stretches, matched: result.pieces.flatMap(\.stretches))
    /// ```
    public static func routeMismatch(truth: [RoadStretch], matched: [RoadStretch]) -> Double {
        let t = cover(truth), m = cover(matched)
        let d0 = t.values.reduce(0) { $0 + length($1) }
        guard d0 > 0 else { return 0 }
        var missing = 0.0, extra = 0.0
        for (road, spans) in t { missing += length(spans) - overlap(spans, m[road] ?? []) }
        for (road, spans) in m { extra += length(spans) - overlap(spans, t[road] ?? []) }
        return (missing + extra) / d0
    }

    /// Per road, the union of the stretches' measure ranges as sorted disjoint intervals.
    private static func cover(_ stretches: [RoadStretch]) -> [Int: [(lo: Double, hi: Double)]] {
        var byRoad: [Int: [(lo: Double, hi: Double)]] = [:]
        for s in stretches {
            byRoad[s.roadIndex, default: []].append((Swift.min(s.fromMeters, s.toMeters), Swift.max(s.fromMeters, s.toMeters)))
        }
        return byRoad.mapValues { spans in
            var out: [(lo: Double, hi: Double)] = []
            for span in spans.sorted(by: { $0.lo < $1.lo }) {
                if let last = out.last, span.lo <= last.hi { out[out.count - 1].hi = Swift.max(last.hi, span.hi) } else { out.append(span) }
            }
            return out
        }
    }

    private static func length(_ spans: [(lo: Double, hi: Double)]) -> Double { spans.reduce(0) { $0 + $1.hi - $1.lo } }

    /// The length two sets of sorted disjoint intervals share.
    private static func overlap(_ a: [(lo: Double, hi: Double)], _ b: [(lo: Double, hi: Double)]) -> Double {
        var total = 0.0, j = 0
        for x in a {
            while j < b.count && b[j].hi <= x.lo { j += 1 }
            var k = j
            while k < b.count && b[k].lo < x.hi {
                total += Swift.max(0, Swift.min(x.hi, b[k].hi) - Swift.max(x.lo, b[k].lo))
                k += 1
            }
        }
        return total
    }
}
