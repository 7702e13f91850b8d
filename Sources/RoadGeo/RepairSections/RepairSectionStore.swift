import Foundation

/// An immutable index of repair records answering "which repairs cover this pothole?", "is it
/// still under warranty?", "which reports does this repair close?" and "what was done between
/// km 12 and km 14?". Overlapping records are allowed and all returned.
///
/// Per road, the records are sorted by start measure with a running maximum of their end
/// measures (an augmented sorted list): an overlap query binary-searches the last record
/// starting at or before the window's end and walks back only while some earlier record can
/// still reach the window's start. Queries return indices into ``sections`` in ascending order.
///
/// ```swift
/// let store = try RepairSectionStore(sections: records)
/// if let hit = network.snap(report) {
///     let covering = store.sections(covering: hit, in: network)
///     let warranted = covering.filter { store.sections[$0].isUnderWarranty(on: reportDate) }
/// }
/// ```
public struct RepairSectionStore: Sendable {
    /// The records, in the order given (measures put in order).
    public let sections: [RepairSection]
    /// Record indices sorted by (road, start measure).
    private let order: [Int]
    /// Start measure of `order[i]`.
    private let starts: [Double]
    /// End measure of `order[i]`.
    private let ends: [Double]
    /// Largest end measure among `order[road range start ... i]`.
    private let reach: [Double]
    /// Each road's run in `order`.
    private let roads: [String: Range<Int>]

    /// Indexes the records.
    /// - Parameter sections: The records; any order, overlaps allowed.
    /// - Throws: ``RepairSectionError`` for a non-finite or negative measure or an empty road id.
    /// - Complexity: O(n log n).
    ///
    /// ```swift
    /// let store = try RepairSectionStore(sections: [RepairSection(roadID: "7", fromMeters: 0, toMeters: 500)])
    /// ```
    public init(sections: [RepairSection]) throws(RepairSectionError) {
        for (i, s) in sections.enumerated() {
            guard !s.roadID.isEmpty else { throw RepairSectionError("repair section \(i): empty road id") }
            guard s.fromMeters.isFinite, s.toMeters.isFinite, s.fromMeters >= 0 else {
                throw RepairSectionError("repair section \(i) (road '\(s.roadID)'): measures \(s.fromMeters)...\(s.toMeters) m are not finite non-negative numbers")
            }
        }
        self.sections = sections
        let order = sections.indices.sorted { a, b in
            let x = sections[a], y = sections[b]
            if x.roadID != y.roadID { return x.roadID < y.roadID }
            return (x.fromMeters, a) < (y.fromMeters, b)
        }
        var starts: [Double] = [], ends: [Double] = [], reach: [Double] = []
        starts.reserveCapacity(order.count); ends.reserveCapacity(order.count); reach.reserveCapacity(order.count)
        var roads: [String: Range<Int>] = [:]
        var runStart = 0
        for (k, i) in order.enumerated() {
            let s = sections[i]
            if k > 0, sections[order[k - 1]].roadID != s.roadID {
                roads[sections[order[k - 1]].roadID] = runStart..<k
                runStart = k
            }
            starts.append(s.fromMeters)
            ends.append(s.toMeters)
            reach.append(k == runStart ? s.toMeters : Swift.max(reach[k - 1], s.toMeters))
        }
        if let last = order.last { roads[sections[last].roadID] = runStart..<order.count }
        self.order = order
        self.starts = starts
        self.ends = ends
        self.reach = reach
        self.roads = roads
    }

    /// Records on road `roadID` that overlap the measure window `from...to` (touching counts).
    /// - Parameters:
    ///   - roadID: The road's id.
    ///   - from: Window start, metres. to: Window end, metres (either order).
    /// - Returns: Indices into ``sections``, ascending.
    /// - Complexity: O(log n + k + s): k hits, s earlier records skipped while walking back.
    ///
    /// ```swift
    /// store.sections(onRoad: "EM-01", overlapping: 12_000, 14_000)
    /// ```
    public func sections(onRoad roadID: String, overlapping from: Double, _ to: Double) -> [Int] {
        let lo = Swift.min(from, to), hi = Swift.max(from, to)
        guard !lo.isNaN, !hi.isNaN, let run = roads[roadID] else { return [] }
        // First position in the run whose start is beyond `hi`.
        var a = run.lowerBound, b = run.upperBound
        while a < b {
            let mid = (a + b) / 2
            if starts[mid] <= hi { a = mid + 1 } else { b = mid }
        }
        var out: [Int] = []
        var k = a - 1
        while k >= run.lowerBound && reach[k] >= lo {
            if ends[k] >= lo { out.append(order[k]) }
            k -= 1
        }
        out.sort()
        return out
    }

    /// Records on road `roadID` that contain the measure.
    /// - Parameters: roadID: The road's id. measure: Metres from its start.
    /// - Returns: Indices into ``sections``, ascending.
    /// - Complexity: O(log n + k + s), as ``sections(onRoad:overlapping:_:)``.
    ///
    /// ```swift
    /// store.sections(onRoad: "EM-01", containing: 12_300)
    /// ```
    public func sections(onRoad roadID: String, containing measure: Double) -> [Int] {
        sections(onRoad: roadID, overlapping: measure, measure)
    }

    /// Records covering a snapped report (same road, measure inside the record).
    /// - Parameters:
    ///   - snap: The report snapped to `network`.
    ///   - network: The network the snap's road index refers to.
    /// - Returns: Indices into ``sections``, ascending.
    /// - Complexity: O(log n + k + s).
    ///
    /// ```swift
    /// let covering = store.sections(covering: hit, in: network)
    /// ```
    public func sections(covering snap: RoadSnap, in network: RoadNetwork) -> [Int] {
        guard snap.roadIndex >= 0, snap.roadIndex < network.roads.count else { return [] }
        return sections(onRoad: network.roads[snap.roadIndex].id, containing: snap.measureMeters)
    }

    /// Records covering a snapped report whose warranty covers `date`: the contractors who owe
    /// a free repair of this pothole.
    /// - Parameters: snap: The report. network: Its network. date: When the defect was reported.
    /// - Returns: Indices into ``sections``, ascending.
    /// - Complexity: O(log n + k + s).
    ///
    /// ```swift
    /// for i in store.sectionsUnderWarranty(covering: hit, in: network, on: Date()) {
    ///     print(store.sections[i].contractor ?? "?", store.sections[i].procurementURL ?? "")
    /// }
    /// ```
    public func sectionsUnderWarranty(covering snap: RoadSnap, in network: RoadNetwork, on date: Date) -> [Int] {
        sections(covering: snap, in: network).filter { sections[$0].isUnderWarranty(on: date) }
    }

    /// The reports that fall inside record `index`: those snapped to its road at a measure
    /// inside it (the reports this repair closes).
    /// - Parameters:
    ///   - index: A record index into ``sections``.
    ///   - snaps: Reports snapped to `network` (`nil` for unmatched ones).
    ///   - network: The network the snaps refer to.
    /// - Returns: Indices into `snaps`, ascending.
    /// - Complexity: O(roads + reports).
    ///
    /// ```swift
    /// let closed = store.reports(inside: 0, snaps: network.snap(reports), network: network)
    /// ```
    public func reports(inside index: Int, snaps: [RoadSnap?], network: RoadNetwork) -> [Int] {
        guard index >= 0, index < sections.count else { return [] }
        let s = sections[index]
        // A road id may name several roads (a MultiLineString's parts get their own ids, but
        // sources can repeat ids): test by id through one flag per road.
        let onRoad = network.roads.map { $0.id == s.roadID }
        var out: [Int] = []
        for (i, snap) in snaps.enumerated() {
            guard let snap, snap.roadIndex >= 0, snap.roadIndex < onRoad.count, onRoad[snap.roadIndex] else { continue }
            if snap.measureMeters >= s.fromMeters && snap.measureMeters <= s.toMeters { out.append(i) }
        }
        return out
    }
}
