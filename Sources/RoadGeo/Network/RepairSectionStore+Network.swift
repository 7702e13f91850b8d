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
                  network.road(of: snap).id == s.roadID, s.covers(snap.measureMeters) else { continue }
            out.append(i)
        }
        return out
    }
}

extension RepairSection {
    /// Creates a section on a stretch of a built network's road, stored under the road's id (so
    /// it outlives the network, see ``RoadReference``); a stretch against the road's direction is
    /// stored with its measures swapped.
    ///
    /// - Parameters:
    ///   - stretch: The stretch, on one of `network`'s roads.
    ///   - network: The network it is on.
    ///   - status: Where the repair stands (`.repaired` by default); set the other fields after.
    /// - Throws: ``LinearReferencingError`` for a measure that is negative or not finite.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// if case .section(let road, let a, let b) = network.snapSection(from: tapA, to: tapB) {
    ///     let stretch = RoadStretch(roadIndex: road, fromMeters: a.measureMeters, toMeters: b.measureMeters)
    ///     var section = try RepairSection(stretch, in: network, status: .planned)
    ///     section.contractor = "Жол Курулуш"
    /// }
    /// ```
    public init(_ stretch: RoadStretch, in network: RoadNetwork, status: RepairStatus = .repaired) throws(LinearReferencingError) {
        try self.init(roadID: network.road(of: stretch).id, fromMeters: stretch.fromMeters, toMeters: stretch.toMeters,
                      status: status)
    }

    /// The section as a stretch of a built network's road: the first road with its ``roadID``.
    ///
    /// - Parameter network: The network to find the road in.
    /// - Returns: The stretch (`fromMeters <= toMeters`), or `nil` when no road has the section's id.
    /// - Complexity: O(roads): a scan of ids. A caller placing many sections keeps its own
    ///   id-to-index table.
    ///
    /// ```swift
    /// if let s = section.stretch(in: network) {
    ///     let line = network.road(of: s).line.substring(from: s.fromMeters, to: s.toMeters)
    /// }
    /// ```
    public func stretch(in network: RoadNetwork) -> RoadStretch? {
        network.roads.firstIndex { $0.id == roadID }.map { RoadStretch(roadIndex: $0, fromMeters: fromMeters, toMeters: toMeters) }
    }
}
