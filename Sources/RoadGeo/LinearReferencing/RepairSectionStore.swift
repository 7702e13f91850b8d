/// An immutable, `Sendable` store of repair sections with per-road interval indexes: which
/// sections cover a reported pothole, which overlap a stretch, which reports a repair closes.
///
/// Overlapping sections are allowed (a resurfacing over an earlier patch) and all are returned.
/// Queries answer with indices into ``sections``, ascending, so the caller keeps the records.
///
/// **Index.** Per road, the sections sorted by start measure with a running maximum of their
/// end measures: a query binary-searches the last section starting at or before its end and
/// walks back only while the running maximum still reaches its start.
///
/// ```swift
/// let store = RepairSectionStore(sections)
/// if let hit = network.snap(report) {
///     let road = network.road(of: hit).id
///     let claims = store.sectionsUnderWarranty(onRoad: road, at: hit.measureMeters, on: today)
/// }
/// ```
public struct RepairSectionStore: Hashable, Sendable {
    /// The sections, in the order given.
    public let sections: [RepairSection]
    /// Per road id: the interval index of its sections.
    private let byRoad: [String: RoadIntervals]

    /// Builds the store.
    /// - Parameter sections: The sections, any order, overlaps allowed.
    /// - Complexity: O(n log n).
    ///
    /// ```swift
    /// let store = RepairSectionStore([section])
    /// ```
    public init(_ sections: [RepairSection]) {
        self.sections = sections
        var grouped: [String: [Int]] = [:]
        for (i, s) in sections.enumerated() { grouped[s.roadID, default: []].append(i) }
        var byRoad: [String: RoadIntervals] = [:]
        for (road, indices) in grouped {
            let order = indices.sorted { (sections[$0].fromMeters, $0) < (sections[$1].fromMeters, $1) }
            var starts: [Double] = [], reach: [Double] = []
            starts.reserveCapacity(order.count); reach.reserveCapacity(order.count)
            var farthest = -Double.infinity
            for i in order {
                starts.append(sections[i].fromMeters)
                farthest = Swift.max(farthest, sections[i].toMeters)
                reach.append(farthest)
            }
            byRoad[road] = RoadIntervals(order: order, starts: starts, reach: reach)
        }
        self.byRoad = byRoad
    }

    /// Sections of a road that cover a measure (ends included).
    /// - Parameters:
    ///   - roadID: The road.
    ///   - measure: Metres from its start.
    /// - Returns: Indices into ``sections``, ascending.
    /// - Complexity: O(log n + sections that start before `measure` and still reach it).
    ///
    /// ```swift
    /// store.sections(onRoad: "EM-01", covering: 12_300)
    /// ```
    public func sections(onRoad roadID: String, covering measure: Double) -> [Int] {
        sections(onRoad: roadID, overlapping: measure, measure)
    }

    /// Sections of a road that share at least one point with the range between two measures.
    /// - Parameters:
    ///   - roadID: The road.
    ///   - from: One end (metres).
    ///   - to: The other end (either order).
    /// - Returns: Indices into ``sections``, ascending; empty for NaN.
    /// - Complexity: O(log n + candidates).
    ///
    /// ```swift
    /// store.sections(onRoad: "EM-01", overlapping: 13_000, 15_000)
    /// ```
    public func sections(onRoad roadID: String, overlapping from: Double, _ to: Double) -> [Int] {
        guard !from.isNaN, !to.isNaN, let road = byRoad[roadID] else { return [] }
        let lo = Swift.min(from, to), hi = Swift.max(from, to)
        // Last position whose section starts at or before `hi`.
        var a = 0, b = road.starts.count
        while a < b {
            let mid = (a + b) / 2
            if road.starts[mid] <= hi { a = mid + 1 } else { b = mid }
        }
        var out: [Int] = []
        var j = a - 1
        while j >= 0 && road.reach[j] >= lo {
            let i = road.order[j]
            if sections[i].toMeters >= lo { out.append(i) }
            j -= 1
        }
        out.sort()
        return out
    }

    /// Sections covering a measure that are still under warranty on a day: is this pothole
    /// the contractor's to fix?
    /// - Parameters:
    ///   - roadID: The road.
    ///   - measure: Metres from its start.
    ///   - date: The day of the report.
    /// - Returns: Indices into ``sections``, ascending.
    /// - Complexity: as ``sections(onRoad:covering:)``.
    ///
    /// ```swift
    /// store.sectionsUnderWarranty(onRoad: "EM-01", at: 12_300, on: try CivilDate(parsing: "2026-11-29"))
    /// ```
    public func sectionsUnderWarranty(onRoad roadID: String, at measure: Double, on date: CivilDate) -> [Int] {
        sections(onRoad: roadID, covering: measure).filter { sections[$0].isUnderWarranty(on: date) }
    }
}

/// One road's sections sorted by start, with the running maximum of their ends.
private struct RoadIntervals: Hashable, Sendable {
    var order: [Int]
    var starts: [Double]
    var reach: [Double]
}
