import Foundation

/// The stretch of one road a cluster covers: from its smallest member measure to its largest
/// (metres from the road's start), and how many members lie on it.
///
/// ```swift
/// for r in summary.roadRanges {
///     print("road \(r.stretch.roadIndex): \(r.count) reports over \(r.stretch.lengthMeters) m")
/// }
/// ```
public struct RoadRange: RoadReference, Hashable, Sendable {
    /// The covered stretch, `fromMeters <= toMeters`; its road is the members' ``RoadPosition/roadIndex``.
    public var stretch: RoadStretch
    /// Members on this road.
    public var count: Int

    /// The road: the stretch's.
    public var roadIndex: Int { stretch.roadIndex }
}

/// What a moderator or a map needs to know about one cluster of duplicate reports.
///
/// ```swift
/// let labels = DBSCAN(epsMeters: 15, minPoints: 2).cluster(points)
/// let summaries = ClusterSummary.summarize(labels, points: points, timesSeconds: times)
/// let worst = summaries.max { $0.priority(nowSeconds: now) < $1.priority(nowSeconds: now) }
/// ```
public struct ClusterSummary: Hashable, Sendable {
    /// The cluster id.
    public var cluster: Int
    /// Number of member reports (the votes).
    public var memberCount: Int
    /// Input index (or report handle) of the representative member: the medoid, the member with
    /// the smallest sum of ``LocalRuler/distance(_:_:)`` to all members (ties: lowest index). For
    /// clusters of more than ``exactMedoidLimit`` members it is the best of the 64 members nearest
    /// the mean position (a real report on the road, never an off-road centroid).
    public var representative: Int
    /// Position of the representative member.
    public var representativeCoordinate: Coordinate
    /// Box around all members, lon/lat degrees.
    public var boundingBox: BoundingBox
    /// Road stretches covered, by road id, when positions on roads were given; else empty.
    public var roadRanges: [RoadRange]
    /// Earliest member time in seconds, when times were given.
    public var firstTimeSeconds: Double?
    /// Latest member time in seconds, when times were given.
    public var lastTimeSeconds: Double?
    /// Members per category code, when categories were given; else empty.
    public var categoryCounts: [Int32: Int]

    /// Clusters up to this size get the exact medoid (O(m²) distances).
    public static let exactMedoidLimit = 512

    /// A score to sort clusters by, higher first:
    /// `log2(1 + memberCount) × 0.5^(age / halfLifeSeconds) × roadClassWeight`,
    /// where `age = max(0, nowSeconds - lastTimeSeconds)` (0 without times). Ten votes outrank two,
    /// but with diminishing returns; a cluster not reported for one half-life counts half; the
    /// caller's road-class weight (e.g. 2 for a trunk road, 1 for residential) scales the result.
    ///
    /// - Parameters:
    ///   - nowSeconds: The current time, same epoch as the report times.
    ///   - roadClassWeight: Importance of the road, >= 0 (default 1).
    ///   - halfLifeSeconds: Recency half-life, > 0 (default 7 days).
    /// - Returns: The score (>= 0).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let score = summary.priority(nowSeconds: now, roadClassWeight: 2)
    /// ```
    public func priority(nowSeconds: Double, roadClassWeight: Double = 1, halfLifeSeconds: Double = 7 * 86_400) -> Double {
        let votes = log2(1 + Double(memberCount))
        var recency = 1.0
        if let last = lastTimeSeconds, halfLifeSeconds > 0 {
            let age = Swift.max(0, nowSeconds - last)
            recency = pow(0.5, age / halfLifeSeconds)
        }
        return votes * recency * Swift.max(0, roadClassWeight)
    }

    /// Summaries of every cluster of a batch result, indexed by cluster id.
    ///
    /// - Parameters:
    ///   - labels: A result of ``DBSCAN`` or ``AlongRoadClustering``.
    ///   - points: Member positions (same order as the labels).
    ///   - positions: Road positions, for road ranges (optional).
    ///   - categories: Category codes (optional).
    ///   - timesSeconds: Times in seconds (optional).
    /// - Returns: One summary per cluster id.
    /// - Precondition: every given array is as long as `labels.labels`.
    /// - Complexity: O(n + Σ min(m, 512)²) distances.
    ///
    /// ```swift
    /// let summaries = ClusterSummary.summarize(labels, points: points)
    /// ```
    public static func summarize(_ labels: ClusterLabels, points: [Coordinate], positions: [RoadPosition]? = nil,
                                 categories: [Int32]? = nil, timesSeconds: [Double]? = nil) -> [ClusterSummary] {
        let n = labels.labels.count
        precondition(points.count == n, "summarize: one point per label")
        precondition(positions == nil || positions?.count == n, "summarize: one road position per label")
        precondition(categories == nil || categories?.count == n, "summarize: one category per label")
        precondition(timesSeconds == nil || timesSeconds?.count == n, "summarize: one time per label")
        return labels.members().enumerated().map { id, members in
            summarize(cluster: id, members: members, points: points, positions: positions,
                      categories: categories, timesSeconds: timesSeconds)
        }
    }

    /// The summary of one cluster given its members' indices into the attribute arrays.
    static func summarize(cluster: Int, members: [Int], points: [Coordinate], positions: [RoadPosition]?,
                          categories: [Int32]?, timesSeconds: [Double]?) -> ClusterSummary {
        var box = BoundingBox.empty
        for m in members { box.extend(points[m]) }
        let rep = medoid(members, points)
        var ranges: [Int: RoadRange] = [:]
        if let positions {
            for m in members {
                let p = positions[m]
                if var r = ranges[p.roadIndex] {
                    r.stretch.fromMeters = Swift.min(r.stretch.fromMeters, p.measureMeters)
                    r.stretch.toMeters = Swift.max(r.stretch.toMeters, p.measureMeters)
                    r.count += 1
                    ranges[p.roadIndex] = r
                } else {
                    let at = RoadStretch(roadIndex: p.roadIndex, fromMeters: p.measureMeters, toMeters: p.measureMeters)
                    ranges[p.roadIndex] = RoadRange(stretch: at, count: 1)
                }
            }
        }
        var first: Double?, last: Double?
        if let timesSeconds {
            for m in members where !timesSeconds[m].isNaN {
                let t = timesSeconds[m]
                first = Swift.min(first ?? t, t)
                last = Swift.max(last ?? t, t)
            }
        }
        var counts: [Int32: Int] = [:]
        if let categories { for m in members { counts[categories[m], default: 0] += 1 } }
        return ClusterSummary(cluster: cluster, memberCount: members.count, representative: rep,
                              representativeCoordinate: rep >= 0 ? points[rep] : Coordinate(.nan, .nan),
                              boundingBox: box, roadRanges: ranges.values.sorted { $0.roadIndex < $1.roadIndex },
                              firstTimeSeconds: first, lastTimeSeconds: last, categoryCounts: counts)
    }
}

extension IncrementalClusterer {
    /// The summary of one live cluster (``ClusterSummary/representative`` is a report handle).
    /// - Parameters:
    ///   - cluster: A cluster id.
    ///   - positions: Optional road position per report handle (for road ranges).
    /// - Returns: The summary, or `nil` for an unknown id.
    /// - Complexity: O(m + min(m, 512)²) for m members.
    ///
    /// ```swift
    /// if let s = live.summary(of: result.cluster!) { print(s.memberCount, s.representativeCoordinate) }
    /// ```
    public func summary(of cluster: Int, positions: [Int: RoadPosition]? = nil) -> ClusterSummary? {
        let members = self.members(of: cluster)
        guard !members.isEmpty else { return nil }
        let pts = members.map { coordinate(of: $0) ?? Coordinate(.nan, .nan) }
        let local = Array(0..<members.count)
        let roadPositions: [RoadPosition]? = positions.map { table in
            members.map { table[$0] ?? RoadPosition(roadIndex: -1, measureMeters: .nan) }
        }
        let attributes = attributes(of: members)
        var s = ClusterSummary.summarize(cluster: cluster, members: local, points: pts, positions: roadPositions,
                                         categories: attributes.categories, timesSeconds: attributes.times)
        s.representative = members[s.representative]
        return s
    }
}

/// Index of the member with the smallest sum of distances to all members (exact up to
/// ``ClusterSummary/exactMedoidLimit`` members, else among the 64 nearest the mean); -1 if empty.
private func medoid(_ members: [Int], _ points: [Coordinate]) -> Int {
    guard members.count > 2 else { return members.first ?? -1 }
    var candidates = members
    if members.count > ClusterSummary.exactMedoidLimit {
        var sx = 0.0, sy = 0.0
        for m in members { sx += points[m].longitude; sy += points[m].latitude }
        let mean = Coordinate(sx / Double(members.count), sy / Double(members.count))
        candidates = members.sorted { (LocalRuler.distance(points[$0], mean), $0) < (LocalRuler.distance(points[$1], mean), $1) }
        candidates = Array(candidates.prefix(64))
    }
    var best = -1
    var bestSum = Double.infinity
    for c in candidates {
        var sum = 0.0
        for m in members { sum += LocalRuler.distance(points[c], points[m]) }
        if sum < bestSum || (sum == bestSum && c < best) { bestSum = sum; best = c }
    }
    return best >= 0 ? best : members[0]
}
