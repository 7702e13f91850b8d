import Foundation
import RoadGeo
import Synchronization

/// RoadGeo behind the server: the immutable network and road tiler, and under one lock the mutable
/// part (SQLite store, incremental duplicate clusterer, report tile clusters, repair sections).
///
/// Every change is written to SQLite first and applied in memory only when the write succeeded;
/// the tiles it changes are evicted from the ``TileCache`` under the same lock and listed in the answer.
public final class ReportEngine: Sendable {
    /// The road network reports are snapped to.
    public let network: RoadNetwork
    /// Settings in force.
    public let settings: EngineSettings
    /// How long the start took.
    public let startup: StartupTimings

    let roadIndexByID: [String: Int]
    /// The network's extent: min lon, min lat, max lon, max lat.
    let bounds: [Double]
    let roadsTiler: Tiler
    let cache: TileCache
    let state: Mutex<EngineState>

    /// Opens the store at `databasePath` and rebuilds the clusterer, report clusters and sections
    /// overlay from what it holds.
    /// - Throws: ``StoreError`` when the database cannot be opened or read; `TileError` for a road
    ///   the tiler refuses.
    public init(network: RoadNetwork, databasePath: String, settings: EngineSettings = EngineSettings()) throws {
        self.network = network
        self.settings = settings
        var index: [String: Int] = [:]
        for (i, road) in network.roads.enumerated() where index[road.id] == nil { index[road.id] = i }
        roadIndexByID = index
        var box = BoundingBox.empty
        for road in network.roads { box = box.union(road.line.line.boundingBox) }
        bounds = box.isEmpty ? [-180, -85, 180, 85] : [box.minX, box.minY, box.maxX, box.maxY]
        roadsTiler = try Tiler(features: Self.roadFeatures(network), options: Self.tileOptions())
        cache = TileCache(capacityBytes: settings.tileCacheBytes)

        let clock = ContinuousClock()
        let t0 = clock.now
        let store = try ReportStore(path: databasePath, sync: settings.sync)
        let reports = try store.allReports()
        let votes = try store.voteTotals()
        let sections = try store.allSections()
        let t1 = clock.now
        var state = try EngineState(store: store, settings: settings)
        for r in reports { state.reports[r.id] = r }
        state.votes = votes
        state.loadClusterer()
        let t2 = clock.now
        try state.setSections(sections, network: network, roadIndex: index, today: settings.clock())
        state.loadPoints()
        try state.rebuildReportClusters(changed: [])
        let t3 = clock.now
        func ms(_ d: Duration) -> Double { ((Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15) * 10).rounded() / 10 }
        startup = StartupTimings(loadMilliseconds: ms(t1 - t0), clustererMilliseconds: ms(t2 - t1),
                                 tilesMilliseconds: ms(t3 - t2), openReports: state.clusterer.count)
        self.state = Mutex(state)
    }

    /// Counts for `GET /status`.
    public func status() -> StatusView {
        state.withLock { s in
            StatusView(roads: network.roads.count, segments: network.segmentCount, bounds: bounds, reports: s.reports.count,
                       openReports: s.clusterer.count, duplicateClusters: s.clusterer.clusterCount,
                       sections: s.sections.count, cachedTiles: cache.count, startup: startup)
        }
    }

    // MARK: Tile options and road features

    static func tileOptions() -> TilerOptions {
        var o = TilerOptions()
        o.coordinatePrecision = 6
        o.zoomRule = TileZoomRule(attribute: "highway", minZoomByValue: [
            "residential": 12, "unclassified": 12, "living_street": 13, "service": 14, "footway": 15,
            "path": 15, "steps": 15, "cycleway": 15, "bridleway": 15, "track": 14, "pedestrian": 14,
        ])
        return o
    }

    static func roadFeatures(_ network: RoadNetwork) -> [TileFeature] {
        network.roads.map { road in
            var p = JSONObject()
            p.append("kind", "road")
            p.append("road_id", .string(road.id))
            p.append("name", road.attributes["name"].map(JSONValue.string) ?? .null)
            p.append("highway", road.attributes["highway"].map(JSONValue.string) ?? .null)
            return TileFeature(geometry: .line(road.line.line), id: .string(road.id), properties: p)
        }
    }
}

/// The mutable part of the engine, only touched under its lock.
struct EngineState {
    let store: ReportStore
    let settings: EngineSettings
    var reports: [Int64: ReportRecord] = [:]
    var votes: [Int64: Int] = [:]
    var clusterer: IncrementalClusterer
    /// Clusterer slot of each open report, and the report of each slot (-1: free).
    var slotOfReport: [Int64: Int] = [:]
    var reportOfSlot: [Int64] = []
    var sections: [SectionRecord] = []
    var sectionPosition: [Int64: Int] = [:]
    var sectionStore = RepairSectionStore([])
    /// The section id of each entry of `sectionStore.sections`.
    var sectionStoreIDs: [Int64] = []
    var reportClusters: PointClusters
    /// The tile points of the open reports, in report id order (`pointIDs`).
    var points: [ClusterPoint] = []
    var pointIDs: [Int64] = []
    var overlay: Tiler
    /// Bumped on every change; a tile rendered from an older overlay is not cached.
    var generation: UInt64 = 0

    init(store: ReportStore, settings: EngineSettings) throws {
        self.store = store
        self.settings = settings
        clusterer = IncrementalClusterer(epsMeters: settings.duplicateRadiusMeters, minPoints: 2,
                                         constraints: ClusterConstraints(sameCategory: true))
        reportClusters = try PointClusters(points: [], options: Self.clusterOptions(settings))
        overlay = try Tiler(features: [], options: Self.overlayOptions())
    }

    /// The overlay (sections and reports) is drawn at every zoom: no highway rule.
    static func overlayOptions() -> TilerOptions {
        var o = ReportEngine.tileOptions()
        o.zoomRule = nil
        return o
    }

    static func clusterOptions(_ settings: EngineSettings) -> PointClusterOptions {
        var o = PointClusterOptions()
        o.maxZoom = settings.reportClusterMaxZoom
        o.statusNames = ["open"]
        return o
    }

    /// Bulk-loads the clusterer with the open reports, in id order.
    mutating func loadClusterer() {
        let open = reports.values.filter { $0.status == .open }.sorted { $0.id < $1.id }
        let slots = clusterer.bulkLoad(open.map { Coordinate($0.snappedLon, $0.snappedLat) },
                                       categories: open.map { DefectCategory.code($0.category) ?? Int32(DefectCategory.all.count - 1) },
                                       timesSeconds: open.map(\.createdAt))
        reportOfSlot = [Int64](repeating: -1, count: slots.count)
        for (r, slot) in zip(open, slots) { track(report: r.id, slot: slot) }
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

    /// The duplicate cluster of an open report and the other reports in it.
    func duplicates(of report: Int64) -> (cluster: Int?, others: [Int64]) {
        guard let slot = slotOfReport[report], let c = clusterer.cluster(of: slot) else { return (nil, []) }
        let others = clusterer.members(of: c).map { reportOfSlot[$0] }.filter { $0 != report && $0 >= 0 }.sorted()
        return (c, others)
    }

    /// The tile point of an open report: its snapped position, votes, id and category.
    func clusterPoint(_ r: ReportRecord) -> ClusterPoint {
        var p = JSONObject()
        p.append("kind", "report")
        p.append("category", .string(r.category))
        return ClusterPoint(Coordinate(r.snappedLon, r.snappedLat), votes: votes[r.id] ?? 0, status: 0, id: .integer(r.id), properties: p)
    }

    /// Fills the tile points from the open reports (start-up).
    mutating func loadPoints() {
        let open = reports.values.filter { $0.status == .open }.sorted { $0.id < $1.id }
        pointIDs = open.map(\.id)
        points = open.map(clusterPoint)
    }

    /// Adds, updates (votes) or removes the tile points of `changed` reports, keeping id order.
    mutating func updatePoints(_ changed: [Int64]) {
        for id in changed {
            let at = lowerBound(pointIDs, id)
            let present = at < pointIDs.count && pointIDs[at] == id
            if let r = reports[id], r.status == .open {
                if present { points[at] = clusterPoint(r) } else { pointIDs.insert(id, at: at); points.insert(clusterPoint(r), at: at) }
            } else if present {
                pointIDs.remove(at: at); points.remove(at: at)
            }
        }
    }

    /// Rebuilds the report clusters drawn in tiles after `changed` reports were added, voted on or
    /// closed, and returns the tiles whose output changed: the library's diff of the two cluster
    /// pyramids up to the first zoom that shows single reports, and above it (where the levels no
    /// longer differ) the tiles around the changed reports.
    @discardableResult
    mutating func rebuildReportClusters(changed: [Int64]) throws -> [TileID] {
        let boxes = changed.compactMap { id in reports[id].map { BoundingBox(Coordinate($0.snappedLon, $0.snappedLat), Coordinate($0.snappedLon, $0.snappedLat)) } }
        updatePoints(changed)
        let new = try PointClusters(points: points, options: Self.clusterOptions(settings))
        let singles = min(settings.reportClusterMaxZoom + 1, settings.maxTileZoom)
        var tiles = try PointClusters.tilesChanged(from: reportClusters, to: new, zooms: 0...singles,
                                                   tileOptions: Self.overlayOptions())
        if singles < settings.maxTileZoom {
            tiles += try overlay.tilesAffected(by: boxes, zooms: (singles + 1)...settings.maxTileZoom)
        }
        reportClusters = new
        overlay = overlay.replacingReports(new)
        return tiles
    }

    /// Replaces the sections (and the overlay tiler that draws them) and returns the tiles that the
    /// sections in `changed` reach.
    @discardableResult
    mutating func setSections(_ all: [SectionRecord], network: RoadNetwork, roadIndex: [String: Int], today: Double,
                              changed: [SectionRecord] = []) throws -> [TileID] {
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
        let date = CivilDate.of(seconds: today)
        var features: [TileFeature] = []
        var boxes: [BoundingBox] = []
        for s in all {
            guard let r = roadIndex[s.roadID], let line = network.roads[r].line.substring(from: s.fromMeters, to: s.toMeters) else { continue }
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
            if changed.contains(where: { $0.id == s.id }) { boxes.append(line.boundingBox) }
        }
        overlay = try Tiler(features: features, reports: reportClusters, options: Self.overlayOptions())
        return try overlay.tilesAffected(by: boxes, zooms: 0...settings.maxTileZoom)
    }

    /// `repaired_under_warranty`, `repaired`, `in_progress` or `planned`.
    static func condition(_ s: SectionRecord, today: CivilDate?) -> String {
        guard s.status == RepairStatus.repaired.rawValue else { return s.status }
        if let until = s.warrantyUntil.flatMap({ try? CivilDate(parsing: $0) }), let today, today <= until {
            return "repaired_under_warranty"
        }
        return "repaired"
    }
}

extension CivilDate {
    /// The UTC calendar day of a time in seconds since 1970.
    static func of(seconds: Double) -> CivilDate? {
        let c = Calendar(identifier: .gregorian)
        var utc = c
        utc.timeZone = TimeZone(identifier: "UTC") ?? .current
        let d = utc.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: seconds))
        return CivilDate(year: d.year ?? 1970, month: d.month ?? 1, day: d.day ?? 1)
    }
}

/// The first index of sorted `values` not below `value`.
func lowerBound(_ values: [Int64], _ value: Int64) -> Int {
    var lo = 0, hi = values.count
    while lo < hi {
        let mid = (lo + hi) / 2
        if values[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
