/// A report's position on the network: the road it was snapped to and the measure along it.
///
/// ```swift
/// let p = RoadPosition(roadIndex: 17, measureMeters: 412.5)
/// ```
public struct RoadPosition: RoadReference, Hashable, Sendable {
    /// Index of the road in ``RoadNetwork/roads``. Along-road clustering over hand-built
    /// ``RoadConnections`` reads it as any integer naming a road (a negative one for a report
    /// that is on no road: it links to nothing).
    public var roadIndex: Int
    /// Metres from the road's start along the road.
    public var measureMeters: Double

    /// Creates a road position.
    /// - Parameters:
    ///   - roadIndex: The road.
    ///   - measureMeters: Metres from the road's start.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let p = RoadPosition(roadIndex: 3, measureMeters: 12)
    /// ```
    public init(roadIndex: Int, measureMeters: Double) {
        self.roadIndex = roadIndex
        self.measureMeters = measureMeters
    }
}

/// One end of a road: its start (measure 0) or its end (measure = the road's length).
///
/// ```swift
/// let tail = RoadEnd(roadIndex: 3, atEnd: true)
/// ```
public struct RoadEnd: RoadReference, Hashable, Sendable {
    /// The road, as in ``RoadPosition/roadIndex``.
    public var roadIndex: Int
    /// `true` for the end (measure = length), `false` for the start (measure 0).
    public var atEnd: Bool

    /// Creates a road end.
    /// - Parameters:
    ///   - roadIndex: The road.
    ///   - atEnd: `true` for the end, `false` for the start.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let head = RoadEnd(roadIndex: 3, atEnd: false)
    /// ```
    public init(roadIndex: Int, atEnd: Bool) {
        self.roadIndex = roadIndex
        self.atEnd = atEnd
    }
}

/// A place where a road meets other roads (or itself): the measure on this road and the
/// positions there on the roads it meets.
///
/// ```swift
/// let j = RoadJunction(measureMeters: 40, meets: [RoadPosition(roadIndex: 2, measureMeters: 12)])
/// ```
public struct RoadJunction: Hashable, Sendable {
    /// Metres from the road's start; `.infinity` stands for the road's end, whatever its length.
    public var measureMeters: Double
    /// The positions on other roads (or elsewhere on this one) that are the same place.
    public var meets: [RoadPosition]

    /// Creates a junction record.
    /// - Parameters:
    ///   - measureMeters: Metres from the road's start (`.infinity`: its end).
    ///   - meets: The positions it is the same place as.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let end = RoadJunction(measureMeters: .infinity, meets: [RoadPosition(roadIndex: 9, measureMeters: 0)])
    /// ```
    public init(measureMeters: Double, meets: [RoadPosition]) {
        self.measureMeters = measureMeters
        self.meets = meets
    }
}

/// The topology along-road clustering needs: road lengths and the places where roads meet.
///
/// Built from a ``RoadGraph`` (``init(graph:)``, or ``init(network:)``), its junctions are the
/// graph's nodes: shared vertices, and crossings of roads on the same level, anywhere along a
/// road; a bridge over a road is not a junction. By hand, list the places with ``connect(_:_:)-(RoadPosition,RoadPosition)``
/// or join road ends with ``connect(_:_:)-(RoadEnd,RoadEnd)``. Connections are symmetric. A
/// road end (measure `.infinity`) of a road without a length is treated as unconnected.
///
/// ```swift
/// var topology = RoadConnections()
/// topology.setLength(120, of: 1)
/// topology.connect(RoadEnd(roadIndex: 1, atEnd: true), RoadEnd(roadIndex: 2, atEnd: false))
/// topology.connect(RoadPosition(roadIndex: 1, measureMeters: 40), RoadPosition(roadIndex: 3, measureMeters: 75))   // a crossing
/// ```
public struct RoadConnections: Hashable, Sendable {
    /// Road length in metres by road id.
    public private(set) var lengthsMeters: [Int: Double] = [:]
    /// By road id, the places where the road meets roads, ascending by measure (a road end,
    /// `.infinity`, last); each lists the positions it meets there.
    public private(set) var junctions: [Int: [RoadJunction]] = [:]

    /// An empty topology (no junctions): clusters then never continue from one road to another.
    ///
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// var topology = RoadConnections()
    /// topology.setLength(120, of: 1)
    /// ```
    public init() {}

    /// A topology from road lengths and an adjacency of road ends (made symmetric).
    /// - Parameters:
    ///   - lengthsMeters: Length of each road in metres.
    ///   - adjacency: For a road end, the road ends it meets.
    /// - Complexity: O(links × degree).
    ///
    /// ```swift
    /// let t = RoadConnections(lengthsMeters: [1: 120, 2: 80],
    ///                         adjacency: [RoadEnd(roadIndex: 1, atEnd: true): [RoadEnd(roadIndex: 2, atEnd: false)]])
    /// ```
    public init(lengthsMeters: [Int: Double], adjacency: [RoadEnd: [RoadEnd]]) {
        self.lengthsMeters = lengthsMeters
        for (a, ends) in adjacency.sorted(by: { ($0.key.roadIndex, $0.key.atEnd ? 1 : 0) < ($1.key.roadIndex, $1.key.atEnd ? 1 : 0) }) {
            for b in ends { connect(a, b) }
        }
    }

    /// Records a road's length.
    /// - Parameters:
    ///   - meters: Length in metres.
    ///   - road: Road id.
    /// - Complexity: O(1) amortised.
    ///
    /// ```swift
    /// topology.setLength(250, of: 7)
    /// ```
    public mutating func setLength(_ meters: Double, of road: Int) {
        lengthsMeters[road] = meters
    }

    /// Connects two road ends (both directions; repeated calls are ignored): the positions at
    /// measure 0 (start) or `.infinity` (end).
    /// - Parameters:
    ///   - a: One road end.
    ///   - b: The other.
    /// - Complexity: O(junctions on the two roads + degree).
    ///
    /// ```swift
    /// topology.connect(RoadEnd(roadIndex: 7, atEnd: true), RoadEnd(roadIndex: 9, atEnd: true))
    /// ```
    public mutating func connect(_ a: RoadEnd, _ b: RoadEnd) {
        connect(RoadPosition(roadIndex: a.roadIndex, measureMeters: a.atEnd ? .infinity : 0),
                RoadPosition(roadIndex: b.roadIndex, measureMeters: b.atEnd ? .infinity : 0))
    }

    /// Records that two road positions are one place (a junction or a crossing), both ways;
    /// repeated calls, a position joined to itself and NaN measures are ignored.
    /// - Parameters:
    ///   - a: A position (measure in metres from the road's start; `.infinity` for its end).
    ///   - b: The position that is the same place.
    /// - Complexity: O(junctions on the two roads + degree).
    ///
    /// ```swift
    /// topology.connect(RoadPosition(roadIndex: 1, measureMeters: 40), RoadPosition(roadIndex: 3, measureMeters: 75))
    /// ```
    public mutating func connect(_ a: RoadPosition, _ b: RoadPosition) {
        guard a != b, !a.measureMeters.isNaN, !b.measureMeters.isNaN else { return }
        record(b, at: a)
        record(a, at: b)
    }

    /// Adds `other` to the junction at `place` (created in measure order if new).
    private mutating func record(_ other: RoadPosition, at place: RoadPosition) {
        var list = junctions[place.roadIndex] ?? []
        var k = 0
        while k < list.count && list[k].measureMeters < place.measureMeters { k += 1 }
        if k < list.count && list[k].measureMeters == place.measureMeters {
            if !list[k].meets.contains(other) { list[k].meets.append(other) }
        } else {
            list.insert(RoadJunction(measureMeters: place.measureMeters, meets: [other]), at: k)
        }
        junctions[place.roadIndex] = list
    }

}

/// `measure` clamped into a road's `0...length` (only from below when the length is unknown).
@inline(__always)
private func clampMeasure(_ measure: Double, _ length: Double?) -> Double {
    let low = Swift.max(measure, 0)
    guard let length else { return low }
    return Swift.min(low, length)
}

/// One road's reports in the sorted order, and the road's length if the topology knows it.
private struct RoadRun {
    var range: Range<Int>
    var length: Double?
}

/// DBSCAN along the road network: reports snapped to roads are neighbours when the distance
/// *along the road* between them is at most ``epsMeters``.
///
/// Two reports on opposite carriageways of a divided road, or on an overpass and the road under
/// it, are close in the plane but on different roads, so they never merge. With ``connections``
/// (built from a ``RoadGraph``: shared vertices and same-level crossings), a cluster may continue
/// through a junction: the along-road distance from a report at measure `m` on road A to one at
/// measure `n` on road B through a junction at measure `a` on A and `b` on B is
/// `|m - a| + |n - b|` (measures clamped into `0...length`; a road end is its length). Distances
/// go through at most one junction (the reach is `eps`, typically 15 m; longer chains across
/// several short roads still form through intermediate reports). Two reports on the same road are
/// compared directly (`|m - n|`) and also through a junction if the road meets itself.
///
/// Labels follow the rules on ``ClusterLabels`` (input order, not sorted order).
///
/// **Algorithm.** Sort reports by (road, measure); each report's same-road neighbours are a window
/// of that order (two pointers), its cross-junction neighbours a window of the connected road's
/// run around the junction (binary search). Then the same graph labelling as ``DBSCAN``.
///
/// ```swift
/// let positions = [RoadPosition(roadIndex: 1, measureMeters: 10), RoadPosition(roadIndex: 1, measureMeters: 18),
///                  RoadPosition(roadIndex: 2, measureMeters: 12)]
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
        var keys = positions.enumerated().map { i, p in SortKey(road: p.roadIndex, measure: p.measureMeters, index: i) }
        keys.sort { a, b in
            if a.road != b.road { return a.road < b.road }
            let an = a.measure.isNaN, bn = b.measure.isNaN
            if an != bn { return bn }
            if !an && a.measure != b.measure { return a.measure < b.measure }
            return a.index < b.index
        }
        let order = keys.map(\.index)
        let sortedMeasure = keys.map(\.measure)
        let sortedRoad = keys.map(\.road)
        // Each road's run in `order` (by road id for junction lookups, and per sorted position).
        var runs: [Int: RoadRun] = [:]
        var runEnd = [Int](repeating: 0, count: n)
        var k = 0
        while k < n {
            let road = keys[k].road
            var e = k + 1
            while e < n && keys[e].road == road { e += 1 }
            runs[road] = RoadRun(range: k..<e, length: connections?.lengthsMeters[road])
            for t in k..<e { runEnd[t] = e }
            k = e
        }
        keys = []
        let eps = epsMeters
        var start = [Int](repeating: 0, count: n)
        var count = [Int32](repeating: 0, count: n)
        var out: [Int32] = []
        out.reserveCapacity(n * 2)
        var stamp = [Int](repeating: -1, count: n)   // dedupes neighbours found twice (directly and via a junction)
        // The junctions of the road being scanned, and their clamped measures (ascending).
        var places: [RoadJunction] = []
        var placeAt: [Double] = []
        var roadLength: Double?
        withNeighbourFilter(constraints, count: n, categories: categories, times: timesSeconds) { filter in
            var lo = 0
            for s in 0..<n {
                // Read in sorted order (not positions[i], a cache miss per report).
                let i = order[s]
                let m = sortedMeasure[s]
                let begin = out.count
                stamp[i] = i
                func add(_ j: Int) {
                    if stamp[j] != i && filter.accepts(i, j) {
                        stamp[j] = i
                        out.append(Int32(truncatingIfNeeded: j))
                    }
                }
                if s == 0 || runEnd[s - 1] == s {   // first report of a new road
                    lo = s
                    roadLength = connections?.lengthsMeters[sortedRoad[s]]
                    places = connections?.junctions[sortedRoad[s]] ?? []
                    placeAt.removeAll(keepingCapacity: true)
                    for j in places { placeAt.append(clampMeasure(j.measureMeters, roadLength)) }
                }
                if m.isFinite {
                    // Same road: a window of the sorted run.
                    while lo < s && !(m - sortedMeasure[lo] <= eps) { lo += 1 }
                    var t = lo
                    let upper = runEnd[s]
                    while t < upper && sortedMeasure[t] - m <= eps {
                        if t != s { add(order[t]) }
                        t += 1
                    }
                    if !places.isEmpty {
                        crossJunctions(from: clampMeasure(m, roadLength), places: places, placeAt: placeAt, runs: runs,
                                       order: order, sortedMeasure: sortedMeasure, add: add)
                    }
                }
                start[i] = begin
                count[i] = Int32(truncatingIfNeeded: out.count - begin)
            }
        }
        return labelNeighbourGraph(NeighbourGraph(start: start, count: count, neighbours: out), minPoints: minPoints)
    }

    /// A report's sort key: road, measure, input index.
    private struct SortKey {
        var road: Int
        var measure: Double
        var index: Int
    }

    /// Reports within `eps` of the report at clamped measure `here` through one junction of its
    /// road (`places`, ascending; `placeAt` their clamped measures).
    private func crossJunctions(from here: Double, places: [RoadJunction], placeAt: [Double], runs: [Int: RoadRun],
                                order: [Int], sortedMeasure: [Double], add: (Int) -> Void) {
        let eps = epsMeters
        // The first junction no farther back than eps.
        var lo = 0, hi = placeAt.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if placeAt[mid] < here - eps { lo = mid + 1 } else { hi = mid }
        }
        var k = Swift.max(0, lo - 1)   // one back: rounding of `here - eps`; the exact test below decides
        while k < placeAt.count {
            let at = placeAt[k]
            if at > here + eps { break }
            let toJunction = abs(here - at)
            k += 1
            guard toJunction <= eps, at.isFinite else { continue }
            for other in places[k - 1].meets {
                guard let run = runs[other.roadIndex] else { continue }
                let there = clampMeasure(other.measureMeters, run.length)
                guard there.isFinite else { continue }
                addNear(there, within: eps - toJunction, plus: toJunction, run: run, order: order,
                        sortedMeasure: sortedMeasure, add: add)
            }
        }
    }

    /// Reports of `run` (one road's sorted run) whose clamped measure `n` has
    /// `plus + |n - there| <= eps`: a window around `there`, found by binary search. Sums rather
    /// than differences decide, so the relation is exactly symmetric; NaN and infinite measures
    /// are nobody's neighbours.
    private func addNear(_ there: Double, within reach: Double, plus: Double, run roadRun: RoadRun,
                         order: [Int], sortedMeasure: [Double], add: (Int) -> Void) {
        let eps = epsMeters
        let run = roadRun.range, length = roadRun.length
        // Sorted runs hold -infinity first, finite measures ascending, then +infinity and NaN.
        func key(_ t: Int) -> Double {
            let m = sortedMeasure[t]
            if m == -.infinity { return -.infinity }
            if !m.isFinite { return .infinity }
            return clampMeasure(m, length)
        }
        var lo = run.lowerBound, hi = run.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            if key(mid) < there - reach { lo = mid + 1 } else { hi = mid }
        }
        var t = lo
        while t > run.lowerBound && sortedMeasure[t - 1].isFinite && plus + abs(key(t - 1) - there) <= eps { t -= 1 }
        while t < run.upperBound {
            let n = key(t)
            if n == .infinity { break }
            if n != -.infinity {
                if plus + abs(n - there) <= eps {
                    add(order[t])
                } else if n > there {
                    break
                }
            }
            t += 1
        }
    }
}
