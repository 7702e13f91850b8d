import Foundation
import RoadGeo

/// RoadGeo behind the server: the immutable network and road tiles, and the live state (reports,
/// votes, duplicate clusters, report tile clusters, repair sections) in two copies.
///
/// Readers (tiles, reports, roads, status) read the published copy and never wait. Writes go
/// through one writer thread (``ReportWriter``): each batch is one SQLite transaction (group
/// commit), then applied to both copies (``LeftRight``), then the tiles it changed are evicted,
/// and only then is each request answered. So nothing is acknowledged before it is durable, and a
/// tile request that starts after an answer shows the change.
public final class ReportEngine: Sendable {
    /// The road network reports are snapped to.
    public let network: RoadNetwork
    /// Settings in force.
    public let settings: EngineSettings
    /// How long the start took.
    public let startup: StartupTimings

    let context: EngineContext
    var roadIndexByID: [String: Int] { context.roadIndexByID }
    /// The network's extent: min lon, min lat, max lon, max lat.
    let bounds: [Double]
    let live: LeftRight<LiveState>
    /// Composed tiles (evicted per change, generation-checked) and the static road layer's parts.
    let cache: TileCache
    let roadsCache: TileCache
    /// Composed Mapbox Vector Tiles, evicted with `cache`.
    let vectorCache: TileCache
    private let writer: ReportWriter
    private let store: ReportStore

    /// Opens the store at `databasePath` and rebuilds the live state from what it holds.
    /// - Throws: ``StoreError`` when the database cannot be opened or read; `TileError` for a road
    ///   the tiler refuses.
    public init(network: RoadNetwork, databasePath: String, settings: EngineSettings = EngineSettings()) throws {
        self.network = network
        self.settings = settings
        let clock = ContinuousClock()
        let t0 = clock.now
        var index: [String: Int] = [:]
        for (i, road) in network.roads.enumerated() where index[road.id] == nil { index[road.id] = i }
        var box = BoundingBox.empty
        for road in network.roads { box = box.union(road.line.line.boundingBox) }
        bounds = box.isEmpty ? [-180, -85, 180, 85] : [box.minX, box.minY, box.maxX, box.maxY]
        let overlay = Self.overlayOptions()
        var clusterOptions = DisplayClusterOptions()
        clusterOptions.maxZoom = settings.reportClusterMaxZoom
        clusterOptions.statusNames = ["open"]
        clusterOptions.categoryNames = DefectCategory.all
        clusterOptions.tiles = overlay
        clusterOptions.maxTileZoom = settings.maxTileZoom
        let context = EngineContext(network: network, settings: settings, roadIndexByID: index,
                                    roadsTiler: try Tiler(features: Self.roadFeatures(network), options: Self.tileOptions()),
                                    overlayOptions: overlay, clusterOptions: clusterOptions)
        self.context = context
        cache = TileCache(capacityBytes: settings.tileCacheBytes)
        roadsCache = TileCache(capacityBytes: settings.tileCacheBytes)
        vectorCache = TileCache(capacityBytes: settings.tileCacheBytes)

        let t1 = clock.now
        let store = try ReportStore(path: databasePath, sync: settings.sync)
        let reports = try store.allReports()
        let votes = try store.voteTotals()
        let sections = try store.allSections()
        self.store = store
        let t2 = clock.now
        // Built once; the second copy starts as the same value. Its storage is shared (copy on
        // write) until the writer's first change to it copies what that change touches: a one-time
        // copy of those buffers on the first write after start, instead of a second build.
        let state = try LiveState(reports: reports, votes: votes, sections: sections, engine: context, now: settings.clock())
        let t3 = clock.now
        func ms(_ d: Duration) -> Double { ((Double(d.components.seconds) * 1e3 + Double(d.components.attoseconds) * 1e-15) * 10).rounded() / 10 }
        startup = StartupTimings(roadsMilliseconds: ms(t1 - t0), loadMilliseconds: ms(t2 - t1),
                                 liveStateMilliseconds: ms(t3 - t2), openReports: state.clusterer.count)
        let live = LeftRight(state, state)
        self.live = live
        let caches = [cache, vectorCache]
        writer = ReportWriter { [store] jobs in Self.commit(jobs, store: store, live: live, caches: caches) }
    }

    deinit { writer.stop() }

    /// Counts for `GET /status`.
    public func status() -> StatusView {
        live.read { s in
            StatusView(roads: network.roads.count, segments: network.segmentCount, bounds: bounds, reports: s.reports.count,
                       openReports: s.clusterer.count, duplicateClusters: s.clusterer.clusterCount,
                       sections: s.sections.count, cachedTiles: cache.count, startup: startup)
        }
    }

    // MARK: Writing

    /// Queues a change for the writer and waits for its answer (after the commit and the state change).
    ///
    /// `stage` runs on the writer thread inside the batch's transaction: it validates against the
    /// live state (``LeftRight/read(_:)``; the writer is its only mutator) and writes the rows, and
    /// returns the change to apply to each copy of the state, which yields the answer and the
    /// tiles it changed.
    func write<R: Sendable>(alone: Bool = false,
                            _ stage: @escaping @Sendable (ReportStore) throws -> (inout LiveState) -> (R, [TileID])) async throws -> R {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<R, Error>) in
            writer.submit(ReportWriter.Job(alone: alone, stage: { store in
                let apply = try stage(store)
                let box = ResultBox<(R, [TileID])>()
                return ReportWriter.Staged(
                    apply: { state in let r = apply(&state); if box.value == nil { box.value = r } },
                    answer: {
                        if let r = box.value { continuation.resume(returning: r.0) } else {
                            continuation.resume(throwing: APIError.internalError("change not applied"))
                        }
                    },
                    tiles: { box.value?.1 ?? [] })
            }, fail: { continuation.resume(throwing: $0) }))
        }
    }

    /// One batch on the writer thread: stage every job in one transaction, commit, apply to both
    /// copies, evict the changed tiles, answer.
    private static func commit(_ jobs: [ReportWriter.Job], store: ReportStore, live: LeftRight<LiveState>, caches: [TileCache]) {
        var staged: [ReportWriter.Staged] = []
        var stagedJobs: [ReportWriter.Job] = []
        do {
            try store.begin()
            for (i, job) in jobs.enumerated() {
                do {
                    try store.savepoint(i)
                    let s = try job.stage(store)
                    try store.release(i)
                    staged.append(s); stagedJobs.append(job)
                } catch {
                    try? store.rollback(to: i)
                    job.fail(error)   // answered now; not part of the batch any more
                }
            }
            try store.commit()
        } catch {
            store.rollbackQuietly()
            for job in stagedJobs { job.fail(APIError.internalError("the change could not be stored: \(error)")) }
            return
        }
        guard !staged.isEmpty else { return }
        let generation = live.write { state -> UInt64 in
            for s in staged { s.apply(&state) }
            return state.generation
        }
        var tiles = Set<TileID>()
        for s in staged { tiles.formUnion(s.tiles()) }
        for cache in caches { cache.evict(tiles, generation: generation) }
        for s in staged { s.answer() }
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

    /// The overlay (sections and reports) is drawn at every zoom: no highway rule.
    static func overlayOptions() -> TilerOptions {
        var o = tileOptions()
        o.zoomRule = nil
        return o
    }

    static func roadFeatures(_ network: RoadNetwork) -> [TileFeature] {
        network.roads.map { road in
            var p = JSONObject()
            p.append("kind", "road")
            p.append("road_id", .string(road.id))
            p.append("name", road.properties["name"] ?? .null)
            p.append("highway", road.properties["highway"] ?? .null)
            return TileFeature(geometry: .line(road.line.line), id: .string(road.id), properties: p)
        }
    }
}

/// The result of a job's first application, read by its answer on the same (writer) thread.
/// `@unchecked Sendable` is sound: written and read on the writer thread only.
final class ResultBox<R>: @unchecked Sendable { var value: R? }
