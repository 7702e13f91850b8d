extension RepairSectionStore {
    /// The reports a section covers (which reports does this repair close?), from snapped reports.
    /// - Parameters:
    ///   - section: Index into ``sections``.
    ///   - snaps: Reports snapped with ``RoadNetwork/snap(_:options:threads:)`` (nil: no road).
    ///   - network: The network they were snapped to (for road ids).
    /// - Returns: Indices into `snaps`, ascending; empty for an index out of range.
    /// - Complexity: O(reports).
    ///
    /// ```swift
    /// let closed = store.reports(inSection: 0, snaps: network.snap(reports), network: network)
    /// ```
    public func reports(inSection section: Int, snaps: [RoadSnap?], network: RoadNetwork) -> [Int] {
        guard sections.indices.contains(section) else { return [] }
        let s = sections[section]
        var out: [Int] = []
        for (i, snap) in snaps.enumerated() {
            guard let snap, network.roads.indices.contains(snap.roadIndex),
                  network.roads[snap.roadIndex].id == s.roadID, s.covers(snap.measureMeters) else { continue }
            out.append(i)
        }
        return out
    }
}
