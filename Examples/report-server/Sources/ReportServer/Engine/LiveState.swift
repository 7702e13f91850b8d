import Foundation
import RoadGeo

/// Everything a request reads that writes change: reports and votes, the duplicate clusterer,
/// open reports by road, repair sections, and the tile layers (sections, report clusters).
///
/// The engine keeps two copies in a ``LeftRight``: readers read the published one without
/// waiting, the writer applies each committed change to both. Every mutation here is
/// deterministic, so the two copies stay equal. Every member is a value (no class with
/// mutable state), so the two copies may start as one value sharing storage.
struct LiveState {
    var reports: [Int64: ReportRecord] = [:]
    var votes: [Int64: Int] = [:]
    var clusterer: IncrementalClusterer
    /// Clusterer slot of each open report, and the report of each slot (-1: free).
    var slotOfReport: [Int64: Int] = [:]
    var reportOfSlot: [Int64] = []
    /// Open reports per road index, ordered by (measure, id): `GET /roads/{id}` costs what the road holds.
    var openByRoad: [Int: [Int64]] = [:]
    var sections: [SectionRecord] = []
    var sectionPosition: [Int64: Int] = [:]
    var sectionStore = RepairSectionStore([])
    /// The section id of each entry of `sectionStore.sections`.
    var sectionStoreIDs: [Int64] = []
    /// Roads (static, shared by both copies), repair sections, report clusters.
    var layers: TileLayers
    /// Bumped by every applied change.
    var generation: UInt64 = 0

    static let roadsLayer = 0, sectionsLayer = 1, reportsLayer = 2

    /// Builds the state from what the store holds.
    /// - Parameter now: Seconds since 1970, deciding which warranties hold (one value for both copies).
    init(reports stored: [ReportRecord], votes: [Int64: Int], sections: [SectionRecord], engine: EngineContext, now: Double) throws {
        roadIndex = engine.roadIndexByID
        clusterer = IncrementalClusterer(epsMeters: engine.settings.duplicateRadiusMeters, minPoints: 2,
                                         constraints: ClusterConstraints(sameCategory: true))
        self.votes = votes
        // Room for a quarter more before the first rehash: growing a million-entry table stalls
        // the writer for a moment, so let it happen rarely, not soon after every start.
        reports.reserveCapacity(stored.count + stored.count / 4 + 1024)
        for r in stored { self.reports[r.id] = r }
        let open = stored.filter { $0.status == .open }   // id order: the store reads in id order
        slotOfReport.reserveCapacity(open.count + open.count / 4 + 1024)
        let slots = clusterer.bulkLoad(open.map { Coordinate($0.snappedLon, $0.snappedLat) },
                                       categories: open.map { DefectCategory.code($0.category) ?? Int32(DefectCategory.all.count - 1) },
                                       timesSeconds: open.map(\.createdAt))
        reportOfSlot = [Int64](repeating: -1, count: slots.count)
        for (r, slot) in zip(open, slots) { reportOfSlot[slot] = r.id; slotOfReport[r.id] = slot }
        // Open reports by road in (measure, id) order: one sort of small keys, then runs per road.
        var keyed: [(road: Int, measure: Double, id: Int64)] = []
        keyed.reserveCapacity(open.count)
        for r in open { if let road = roadIndex[r.roadID] { keyed.append((road, Self.order(r, r.id).0, r.id)) } }
        keyed.sort { ($0.road, $0.measure, $0.id) < ($1.road, $1.measure, $1.id) }
        var start = 0
        while start < keyed.count {
            var end = start + 1
            while end < keyed.count && keyed[end].road == keyed[start].road { end += 1 }
            openByRoad[keyed[start].road] = keyed[start..<end].map(\.id)
            start = end
        }
        let clusters = try DisplayClusters(reports: open.map { ($0.id, Self.point($0, votes: votes[$0.id] ?? 0)) },
                                           options: engine.clusterOptions)
        layers = try TileLayers([
            TileLayer(name: "roads", content: .features(engine.roadsTiler)),
            TileLayer(name: "sections", content: .features(Tiler(features: [], options: engine.overlayOptions))),
            TileLayer(name: "reports", content: .clusters(clusters)),
        ])
        _ = try setSections(sections, engine: engine, changed: [], now: now)
    }

    static func order(_ r: ReportRecord?, _ id: Int64) -> (Double, Int64) { (r?.measureMeters ?? 0, id) }

    /// The display point of an open report: its snapped position, votes and category.
    static func point(_ r: ReportRecord, votes: Int) -> ReportPoint {
        ReportPoint(Coordinate(r.snappedLon, r.snappedLat), category: DefectCategory.code(r.category) ?? Int32(DefectCategory.all.count - 1),
                    timeSeconds: r.createdAt, votes: votes, status: 0)
    }

    // MARK: Changes (each deterministic: applied to both copies)

    /// Adds a stored report: clusterer, road index, display clusters. Returns the clusterer's
    /// answer and the report tiles that changed.
    mutating func add(_ r: ReportRecord) -> (IncrementalClusterer.AddResult, [TileID]) {
        reports[r.id] = r
        let added = clusterer.add(Coordinate(r.snappedLon, r.snappedLat),
                                  category: DefectCategory.code(r.category) ?? Int32(DefectCategory.all.count - 1), timeSeconds: r.createdAt)
        track(report: r.id, slot: added.report)
        insertOnRoad(r)
        let tiles = updateDisplay(r.id)
        generation &+= 1
        return (added, tiles)
    }

    /// Sets a report's vote total; returns the report tiles that changed.
    mutating func setVotes(_ total: Int, of report: Int64) -> [TileID] {
        votes[report] = total
        let tiles = updateDisplay(report)
        generation &+= 1
        return tiles
    }

    /// Re-reads an open report into the display clusters, or removes a closed one.
    private mutating func updateDisplay(_ id: Int64) -> [TileID] {
        let r = reports[id]
        let point = r.map { Self.point($0, votes: votes[id] ?? 0) }
        // Snapped positions are geographic, so insert cannot fail here.
        let change = layers.updateClusters(Self.reportsLayer) { c -> DisplayClusterChange? in
            if let r, r.status == .open, let point { return try? c.insert(point, key: id) }
            return c.remove(key: id)
        }
        return change.flatMap { $0 }?.tiles ?? []
    }

    mutating func track(report: Int64, slot: Int) {
        if slot >= reportOfSlot.count { reportOfSlot.append(contentsOf: repeatElement(-1, count: slot - reportOfSlot.count + 1)) }
        reportOfSlot[slot] = report
        slotOfReport[report] = slot
    }

    mutating func untrack(report: Int64) {
        guard let slot = slotOfReport.removeValue(forKey: report) else { return }
        _ = clusterer.remove(slot)
        reportOfSlot[slot] = -1
    }

    private mutating func insertOnRoad(_ r: ReportRecord) {
        guard let road = roadIndex[r.roadID] else { return }
        var list = openByRoad[road] ?? []
        openByRoad[road] = nil   // drop the second reference before mutating
        let key = Self.order(r, r.id)
        var lo = 0, hi = list.count
        while lo < hi { let mid = (lo + hi) / 2; if Self.order(reports[list[mid]], list[mid]) < key { lo = mid + 1 } else { hi = mid } }
        list.insert(r.id, at: lo)
        openByRoad[road] = list
    }

    private mutating func removeFromRoad(_ r: ReportRecord) {
        guard let road = roadIndex[r.roadID], var list = openByRoad[road] else { return }
        openByRoad[road] = nil
        list.removeAll { $0 == r.id }
        if !list.isEmpty { openByRoad[road] = list }
    }

    /// The engine's road indices by id (the same storage, never copied or changed).
    private let roadIndex: [String: Int]

    /// Replaces the sections (and the sections layer) and returns the tiles the sections in
    /// `changed` reach.
    /// `now` (seconds) decides which warranties still hold; the writer passes one value to both copies.
    mutating func setSections(_ all: [SectionRecord], engine: EngineContext, changed: [SectionRecord], now: Double) throws -> [TileID] {
        sections = all
        sectionPosition = [:]
        for (i, s) in all.enumerated() { sectionPosition[s.id] = i }
        var repairSections: [RepairSection] = []
        sectionStoreIDs = []
        for s in all {
            guard let r = try? RepairSection(
                roadID: s.roadID, fromMeters: s.fromMeters, toMeters: s.toMeters, contractor: s.contractor, cost: s.cost,
                year: s.year, warrantyUntil: s.warrantyUntil.flatMap { try? CivilDate(parsing: $0) },
                status: RepairStatus(rawValue: s.status) ?? .planned) else { continue }
            repairSections.append(r)
            sectionStoreIDs.append(s.id)
        }
        sectionStore = RepairSectionStore(repairSections)
        let date = CivilDate.of(seconds: now)
        var features: [TileFeature] = []
        var boxes: [BoundingBox] = []
        let changedIDs = Set(changed.map(\.id))
        for s in all {
            guard let r = roadIndex[s.roadID], let line = engine.network.roads[r].line.substring(from: s.fromMeters, to: s.toMeters) else { continue }
            var p = JSONObject()
            p.append("kind", "section")
            p.append("section_id", .integer(s.id))
            p.append("road_id", .string(s.roadID))
            p.append("status", .string(s.status))
            p.append("repair_year", s.year.map { .integer(Int64($0)) } ?? .null)
            p.append("warranty_until", s.warrantyUntil.map(JSONValue.string) ?? .null)
            p.append("contractor", s.contractor.map(JSONValue.string) ?? .null)
            p.append("condition", .string(Self.condition(s, today: date)))
            features.append(TileFeature(geometry: .line(line), id: .integer(s.id), properties: p))
            if changedIDs.contains(s.id) { boxes.append(line.boundingBox) }
        }
        let tiler = try Tiler(features: features, options: engine.overlayOptions)
        layers.replace(Self.sectionsLayer, with: .features(tiler))
        generation &+= 1
        return try tiler.tilesAffected(by: boxes, zooms: 0...engine.settings.maxTileZoom)
    }

    /// Marks `section` repaired with the open reports it covers (already written to the store);
    /// returns every tile that changed.
    mutating func repair(_ section: SectionRecord, closing: [Int64], engine: EngineContext, now: Double) throws -> Set<TileID> {
        var out = Set<TileID>()
        for id in closing { out.formUnion(close(id, as: .repaired, bySection: section.id)) }
        var all = sections
        if let p = sectionPosition[section.id] { all[p] = section } else { all.append(section) }
        out.formUnion(try setSections(all, engine: engine, changed: [section], now: now))
        return out
    }

    /// Closes an open report (repaired by a section, or hidden by a moderator): it leaves the
    /// duplicate clusterer, its road's list and the map. Returns the report tiles that changed.
    mutating func close(_ id: Int64, as status: ReportStatus, bySection section: Int64?) -> [TileID] {
        guard var r = reports[id], r.status == .open else { return [] }
        r.status = status
        if let section { r.closedBySection = section }
        reports[id] = r
        untrack(report: id)
        removeFromRoad(r)
        let tiles = updateDisplay(id)
        generation &+= 1
        return tiles
    }

    /// The open reports a repaired section covers (a point report at its measure, a stretch wholly).
    func covered(by section: SectionRecord) -> [Int64] {
        guard let road = roadIndex[section.roadID] else { return [] }
        let range = section.fromMeters...section.toMeters
        return (openByRoad[road] ?? []).filter { id in
            guard let r = reports[id], r.status == .open else { return false }
            return range.contains(r.measureRange.lowerBound) && range.contains(r.measureRange.upperBound)
        }.sorted()
    }

    /// `repaired_under_warranty`, `repaired`, `in_progress` or `planned`.
    static func condition(_ s: SectionRecord, today: CivilDate?) -> String {
        guard s.status == RepairStatus.repaired.rawValue else { return s.status }
        if let until = s.warrantyUntil.flatMap({ try? CivilDate(parsing: $0) }), let today, today <= until {
            return "repaired_under_warranty"
        }
        return "repaired"
    }

    /// The duplicate cluster of an open report and the other reports in it.
    func duplicates(of report: Int64) -> (cluster: Int?, others: [Int64]) {
        guard let slot = slotOfReport[report], let c = clusterer.cluster(of: slot) else { return (nil, []) }
        let others = clusterer.members(of: c).map { reportOfSlot[$0] }.filter { $0 != report && $0 >= 0 }.sorted()
        return (c, others)
    }
}

/// The immutable parts of the engine that building and changing the state needs.
struct EngineContext: Sendable {
    let network: RoadNetwork
    let settings: EngineSettings
    let roadIndexByID: [String: Int]
    let roadsTiler: Tiler
    let overlayOptions: TilerOptions
    let clusterOptions: DisplayClusterOptions
}
