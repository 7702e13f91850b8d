/// A report's position on the network: the road it was snapped to and the measure along it.
///
/// ```swift
/// let p = RoadPosition(road: 17, measureMeters: 412.5)
/// ```
public struct RoadPosition: Hashable, Sendable {
    /// Caller's road id (any integer; the network module's road index, an OSM way id ...).
    public var road: Int
    /// Metres from the road's start along the road.
    public var measureMeters: Double

    /// Creates a road position.
    /// - Parameters: road: Road id. measureMeters: Metres from the road's start.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let p = RoadPosition(road: 3, measureMeters: 12)
    /// ```
    public init(road: Int, measureMeters: Double) {
        self.road = road
        self.measureMeters = measureMeters
    }
}

/// One end of a road: its start (measure 0) or its end (measure = the road's length).
///
/// ```swift
/// let tail = RoadEnd(road: 3, atEnd: true)
/// ```
public struct RoadEnd: Hashable, Sendable {
    /// Road id.
    public var road: Int
    /// `true` for the end (measure = length), `false` for the start (measure 0).
    public var atEnd: Bool

    /// Creates a road end.
    /// - Parameters: road: Road id. atEnd: `true` for the end, `false` for the start.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let head = RoadEnd(road: 3, atEnd: false)
    /// ```
    public init(road: Int, atEnd: Bool) {
        self.road = road
        self.atEnd = atEnd
    }
}

/// The little topology along-road clustering needs: road lengths and which road ends meet.
///
/// A deliberately simple stand-in for a full network graph (the network module builds one): the
/// caller lists the junctions as pairs of road ends. Connections are symmetric. A road end
/// without a length (for `atEnd: true`) is treated as unconnected.
///
/// ```swift
/// var topology = RoadConnections()
/// topology.setLength(120, of: 1)
/// topology.connect(RoadEnd(road: 1, atEnd: true), RoadEnd(road: 2, atEnd: false))
/// ```
public struct RoadConnections: Hashable, Sendable {
    /// Road length in metres by road id.
    public private(set) var lengthsMeters: [Int: Double] = [:]
    /// Road ends each road end meets (symmetric).
    public private(set) var links: [RoadEnd: [RoadEnd]] = [:]

    /// An empty topology (no junctions).
    /// - Complexity: O(1).
    public init() {}

    /// A topology from road lengths and an adjacency of road ends (made symmetric).
    /// - Parameters:
    ///   - lengthsMeters: Length of each road in metres.
    ///   - adjacency: For a road end, the road ends it meets.
    /// - Complexity: O(links).
    ///
    /// ```swift
    /// let t = RoadConnections(lengthsMeters: [1: 120, 2: 80],
    ///                         adjacency: [RoadEnd(road: 1, atEnd: true): [RoadEnd(road: 2, atEnd: false)]])
    /// ```
    public init(lengthsMeters: [Int: Double], adjacency: [RoadEnd: [RoadEnd]]) {
        self.lengthsMeters = lengthsMeters
        for (a, ends) in adjacency.sorted(by: { ($0.key.road, $0.key.atEnd ? 1 : 0) < ($1.key.road, $1.key.atEnd ? 1 : 0) }) {
            for b in ends { connect(a, b) }
        }
    }

    /// Records a road's length.
    /// - Parameters: meters: Length in metres. road: Road id.
    /// - Complexity: O(1) amortised.
    ///
    /// ```swift
    /// topology.setLength(250, of: 7)
    /// ```
    public mutating func setLength(_ meters: Double, of road: Int) {
        lengthsMeters[road] = meters
    }

    /// Connects two road ends (both directions; repeated calls are ignored).
    /// - Parameters: a: One road end. b: The other.
    /// - Complexity: O(degree).
    ///
    /// ```swift
    /// topology.connect(RoadEnd(road: 7, atEnd: true), RoadEnd(road: 9, atEnd: true))
    /// ```
    public mutating func connect(_ a: RoadEnd, _ b: RoadEnd) {
        if !(links[a]?.contains(b) ?? false) { links[a, default: []].append(b) }
        if !(links[b]?.contains(a) ?? false) { links[b, default: []].append(a) }
    }
}

/// DBSCAN along the road network: reports snapped to roads are neighbours when the distance
/// *along the road* between them is at most ``epsMeters``.
///
/// Two reports on opposite carriageways of a divided road, or on two roads that cross, are close
/// in the plane but on different roads, so they never merge. With ``connections``, a cluster may
/// continue through a junction: the along-road distance from a report at measure `m` on road A to
/// one at measure `n` on road B through the junction of A's end with B's start is
/// `(length(A) - m) + n` (measures clamped into `0...length`), and likewise for the other end pairs.
/// Distances go through at most one junction (the reach is `eps`, typically 15 m; longer
/// chains across several short roads still form through intermediate reports). Two reports on the
/// same road are compared directly (`|m - n|`) and also through a junction if the road meets itself.
///
/// Labels follow the rules on ``ClusterLabels`` (input order, not sorted order).
///
/// **Algorithm.** Sort reports by (road, measure); each report's same-road neighbours are a window
/// of that order (two pointers), its cross-junction neighbours a prefix or suffix of the connected
/// road's run (binary search). Then the same graph labelling as ``DBSCAN``.
///
/// ```swift
/// let positions = [RoadPosition(road: 1, measureMeters: 10), RoadPosition(road: 1, measureMeters: 18),
///                  RoadPosition(road: 2, measureMeters: 12)]
/// let labels = AlongRoadClustering(epsMeters: 15, minPoints: 2).cluster(positions).labels  // [0, 0, -1]
/// ```
public struct AlongRoadClustering: Hashable, Sendable {
    /// Along-road radius in metres (inclusive).
    public var epsMeters: Double
    /// Neighbours (itself included) for a core point; at least 1.
    public var minPoints: Int
    /// Category and time conditions besides distance.
    public var constraints: ClusterConstraints
    /// Junctions a cluster may cross; `nil` = roads are independent.
    public var connections: RoadConnections?

    /// Creates the parameters.
    /// - Parameters:
    ///   - epsMeters: Radius along the road in metres, finite and >= 0.
    ///   - minPoints: Core threshold (>= 1, the point itself counts).
    ///   - constraints: Category and time conditions.
    ///   - connections: Road lengths and junctions, or `nil`.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let along = AlongRoadClustering(epsMeters: 15, minPoints: 2, connections: topology)
    /// ```
    public init(epsMeters: Double = 15, minPoints: Int = 2, constraints: ClusterConstraints = .none,
                connections: RoadConnections? = nil) {
        self.epsMeters = epsMeters
        self.minPoints = minPoints
        self.constraints = constraints
        self.connections = connections
    }

    /// Clusters snapped reports.
    /// - Parameters:
    ///   - positions: Road and measure (metres) of each report.
    ///   - categories: Category codes (required with `constraints.sameCategory`).
    ///   - timesSeconds: Times in seconds (required with `constraints.timeWindowSeconds`).
    /// - Returns: Labels by the rules on ``ClusterLabels``.
    /// - Precondition: `epsMeters` finite and >= 0, `minPoints >= 1`, attribute arrays as long as `positions`.
    /// - Complexity: O(n log n + pairs within eps).
    ///
    /// ```swift
    /// let result = AlongRoadClustering(epsMeters: 15).cluster(positions)
    /// ```
    public func cluster(_ positions: [RoadPosition], categories: [Int32]? = nil, timesSeconds: [Double]? = nil) -> ClusterLabels {
        precondition(epsMeters >= 0 && epsMeters.isFinite, "AlongRoadClustering: epsMeters must be finite and >= 0")
        precondition(minPoints >= 1, "AlongRoadClustering: minPoints must be at least 1")
        let n = positions.count
        precondition(n < Int(Int32.max), "AlongRoadClustering: at most 2,147,483,646 reports")
        // Sorted order by (road, measure, index); NaN measures sort last within their road.
        let order = (0..<n).sorted { a, b in
            let pa = positions[a], pb = positions[b]
            if pa.road != pb.road { return pa.road < pb.road }
            let ma = pa.measureMeters, mb = pb.measureMeters
            if ma != mb {
                if ma.isNaN { return false }
                if mb.isNaN { return true }
                return ma < mb
            }
            return a < b
        }
        let sortedMeasure = order.map { positions[$0].measureMeters }
        // Each road's run in `order`.
        var runs: [Int: Range<Int>] = [:]
        var k = 0
        while k < n {
            let road = positions[order[k]].road
            var e = k + 1
            while e < n && positions[order[e]].road == road { e += 1 }
            runs[road] = k..<e
            k = e
        }
        let eps = epsMeters
        var start = [Int](repeating: 0, count: n)
        var count = [Int32](repeating: 0, count: n)
        var out: [Int32] = []
        out.reserveCapacity(n * 2)
        var stamp = [Int](repeating: -1, count: n)   // dedupes neighbours found twice (directly and via a junction)
        withNeighbourFilter(constraints, count: n, categories: categories, times: timesSeconds) { filter in
            var lo = 0
            for s in 0..<n {
                let i = order[s]
                let p = positions[i]
                let m = p.measureMeters
                let begin = out.count
                stamp[i] = i
                func add(_ j: Int) {
                    if stamp[j] != i && filter.accepts(i, j) {
                        stamp[j] = i
                        out.append(Int32(truncatingIfNeeded: j))
                    }
                }
                if m.isFinite, let run = runs[p.road] {
                    // Same road: a window of the sorted run.
                    if lo < run.lowerBound { lo = run.lowerBound }
                    while lo < s && !(m - sortedMeasure[lo] <= eps) { lo += 1 }
                    var t = lo
                    while t < run.upperBound && sortedMeasure[t] - m <= eps {
                        if t != s { add(order[t]) }
                        t += 1
                    }
                    if let connections {
                        crossJunctions(from: p, connections: connections, runs: runs, order: order,
                                       sortedMeasure: sortedMeasure, add: add)
                    }
                }
                start[i] = begin
                count[i] = Int32(truncatingIfNeeded: out.count - begin)
            }
        }
        return labelNeighbourGraph(NeighbourGraph(start: start, count: count, neighbours: out), minPoints: minPoints)
    }

    /// Reports within `eps` of `p` through one junction at either end of its road.
    private func crossJunctions(from p: RoadPosition, connections: RoadConnections, runs: [Int: Range<Int>],
                                order: [Int], sortedMeasure: [Double], add: (Int) -> Void) {
        let eps = epsMeters
        for atEnd in [false, true] {
            let here: Double
            if atEnd {
                guard let length = connections.lengthsMeters[p.road] else { continue }
                here = Swift.max(0, length - Swift.min(Swift.max(p.measureMeters, 0), length))
            } else {
                here = Swift.max(p.measureMeters, 0)
            }
            // Sums (here + there) <= eps rather than differences, so the relation is exactly symmetric.
            guard here <= eps, let ends = connections.links[RoadEnd(road: p.road, atEnd: atEnd)] else { continue }
            for other in ends {
                guard let run = runs[other.road] else { continue }
                if other.atEnd {
                    guard let length = connections.lengthsMeters[other.road] else { continue }
                    // Measures n with (length - clamp(n)) <= reach: a suffix of the run.
                    var t = run.upperBound - 1
                    while t >= run.lowerBound {
                        let mm = sortedMeasure[t]
                        if !mm.isFinite { t -= 1; continue }   // NaN and infinities are nobody's neighbours
                        let d = Swift.max(0, length - Swift.min(Swift.max(mm, 0), length))
                        if !(here + d <= eps) { break }
                        add(order[t])
                        t -= 1
                    }
                } else {
                    // Measures n with clamp(n) <= reach: a prefix of the run.
                    var t = run.lowerBound
                    while t < run.upperBound && !sortedMeasure[t].isFinite && sortedMeasure[t] < 0 { t += 1 }  // -infinity
                    while t < run.upperBound && sortedMeasure[t].isFinite && here + Swift.max(sortedMeasure[t], 0) <= eps {
                        add(order[t])
                        t += 1
                    }
                }
            }
        }
    }
}
