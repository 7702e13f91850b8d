/// Extra conditions two reports must meet, besides distance, to count as neighbours when clustering.
///
/// Duplicate reports are the same problem reported twice: a pothole and a broken street light ten
/// metres apart are not duplicates, and neither is a pothole reported now and one reported at the
/// same spot two years ago. The constraints are evaluated *together* with the distance, inside the
/// neighbour relation, so a cluster never chains through a report of another category or time:
/// two reports are neighbours when they are within `epsMeters` **and** (if ``sameCategory``) have
/// equal categories **and** (if ``timeWindowSeconds`` is set) their times differ by at most the window.
///
/// ```swift
/// let rules = ClusterConstraints(sameCategory: true, timeWindowSeconds: 30 * 86_400)
/// let dbscan = DBSCAN(epsMeters: 15, minPoints: 2, constraints: rules)
/// let labels = dbscan.cluster(points, categories: kinds, timesSeconds: times)
/// ```
public struct ClusterConstraints: Hashable, Sendable {
    /// Neighbours must have equal categories (caller-chosen `Int32` codes, e.g. 1 = pothole).
    public var sameCategory: Bool
    /// Neighbours' times (seconds, any epoch) must differ by at most this many seconds; `nil` = no limit.
    public var timeWindowSeconds: Double?

    /// No constraint: neighbours by distance alone.
    public static let none = ClusterConstraints()

    /// Creates constraints.
    /// - Parameters:
    ///   - sameCategory: Require equal categories.
    ///   - timeWindowSeconds: Maximum time difference in seconds (inclusive), or `nil`.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let sameKind = ClusterConstraints(sameCategory: true)
    /// ```
    public init(sameCategory: Bool = false, timeWindowSeconds: Double? = nil) {
        self.sameCategory = sameCategory
        self.timeWindowSeconds = timeWindowSeconds
    }

    /// Whether the constraints need per-report categories.
    @inlinable public var needsCategories: Bool { sameCategory }
    /// Whether the constraints need per-report times.
    @inlinable public var needsTimes: Bool { timeWindowSeconds != nil }
}

/// The constraint part of the neighbour relation over flat attribute buffers (no ARC in loops).
/// `categories`/`times` are `nil` when the matching constraint is off.
struct NeighbourFilter {
    let categories: UnsafePointer<Int32>?
    let times: UnsafePointer<Double>?
    let window: Double

    /// Whether any constraint is active (so the caller can skip ``accepts(_:_:)`` entirely).
    var isActive: Bool { categories != nil || times != nil }

    /// Whether items `i` and `j` meet the constraints (distance is checked by the caller).
    @inline(__always)
    func accepts(_ i: Int, _ j: Int) -> Bool {
        if let categories, categories[i] != categories[j] { return false }
        if let times {
            let d = times[i] - times[j]
            // NaN times never match, like NaN coordinates.
            if !(d <= window && d >= -window) { return false }
        }
        return true
    }
}

/// Checks that the attribute arrays a constraint needs are present and as long as the points, and
/// runs `body` with a filter over their storage.
func withNeighbourFilter<R>(_ constraints: ClusterConstraints, count: Int, categories: [Int32]?, times: [Double]?,
                            _ body: (NeighbourFilter) throws -> R) rethrows -> R {
    if constraints.sameCategory {
        precondition(categories?.count == count, "clustering: sameCategory needs one category per point")
    }
    if constraints.timeWindowSeconds != nil {
        precondition(times?.count == count, "clustering: timeWindowSeconds needs one time per point")
    }
    let window = constraints.timeWindowSeconds ?? 0
    let useCategories = constraints.sameCategory ? categories : nil
    let useTimes = constraints.timeWindowSeconds != nil ? times : nil
    return try withOptionalBuffer(useCategories) { c in
        try withOptionalBuffer(useTimes) { t in
            try body(NeighbourFilter(categories: c, times: t, window: window))
        }
    }
}

private func withOptionalBuffer<T, R>(_ array: [T]?, _ body: (UnsafePointer<T>?) throws -> R) rethrows -> R {
    guard let array else { return try body(nil) }
    return try array.withUnsafeBufferPointer { try body($0.baseAddress) }
}
