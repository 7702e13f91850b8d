import Dispatch
import Foundation
import Synchronization
import Testing
@testable import RoadGeo

/// Many threads query one immutable network, one packed R-tree and one tiler (through one shared
/// tile cache) at once, while another thread keeps invalidating and rebuilding cache entries;
/// every answer must equal the one a single thread computed first. Run under
/// `swift test --sanitize=thread` these tests are also the race detector's workload (mismatch
/// counters are atomics and shared boxes use `NSLock`, both of which ThreadSanitizer models;
/// `Synchronization.Mutex`'s contended futex path it cannot see).
@Suite("Concurrency stress")
struct ConcurrencyStressTests {
    /// The shared, immutable state and the sequential answers.
    struct World: Sendable {
        let network: RoadNetwork
        let tree: PackedRTree
        let boxes: [BoundingBox]
        let tiler: Tiler
        let points: [Coordinate]
        let windows: [BoundingBox]
        let tiles: [TileID]
        let snaps: [RoadSnap?]
        let windowHits: [[Int]]
        let nearest: [[Int]]
        let rendered: [RenderedTile]

        init() throws {
            let lines = Array(TestRoadLines.moscow.prefix(2_000))
            let network = RoadNetwork(lines: lines)
            let boxes = lines.map(\.boundingBox)
            let tree = PackedRTree(boxes: boxes)
            let tiler = try Tiler(features: lines.enumerated().map {
                TileFeature(geometry: .line($0.element), id: .integer(Int64($0.offset)))
            })
            var rng = SplitMix64(seed: 8)
            var points: [Coordinate] = [], windows: [BoundingBox] = []
            let extent = boxes.reduce(BoundingBox.empty) { $0.union($1) }
            for _ in 0..<600 {
                let p = Coordinate(Double.random(in: extent.minX...extent.maxX, using: &rng),
                                   Double.random(in: extent.minY...extent.maxY, using: &rng))
                points.append(p)
                windows.append(BoundingBox(p).expanded(byMeters: Double.random(in: 50...1_500, using: &rng)))
            }
            let tiles = try points.prefix(60).enumerated().map { (i, p) throws(TileError) in try TileID.containing(p, zoom: 11 + i % 5) }
            var scratch = RTreeQueryScratch()
            snaps = points.map { network.snap($0, options: SnapOptions(maxDistanceMeters: 300), scratch: &scratch) }
            windowHits = windows.map { tree.search($0).sorted() }
            nearest = points.map { p in tree.nearest(to: p, k: 5).map(\.index) }
            rendered = tiles.map { tiler.tile($0) }
            self.network = network
            self.boxes = boxes
            self.tree = tree
            self.tiler = tiler
            self.points = points
            self.windows = windows
            self.tiles = tiles
        }
    }

    static let world = Result { try World() }

    /// Runs `body(thread, round)` on `threads` threads at once with `DispatchQueue.concurrentPerform`.
    func onManyThreads(_ threads: Int, _ body: @Sendable (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: threads, execute: body)
    }

    @Test("snapping one network from 8 threads equals the sequential answers")
    func networkSnaps() throws {
        let w = try Self.world.get()
        let mismatches = Atomic<Int>(0)
        onManyThreads(8) { t in
            var scratch = RTreeQueryScratch()
            var bad = 0
            for k in 0..<w.points.count {
                let i = (k + t * 71) % w.points.count   // every thread in a different order
                if w.network.snap(w.points[i], options: SnapOptions(maxDistanceMeters: 300), scratch: &scratch) != w.snaps[i] { bad += 1 }
            }
            mismatches.add(bad, ordering: .relaxed)
        }
        #expect(mismatches.load(ordering: .relaxed) == 0)
        #expect(w.snaps.contains { $0 != nil } && w.snaps.contains { $0 == nil })
        // The batch API (its own worker threads) gives the same answers too.
        #expect(w.network.snap(w.points, options: SnapOptions(maxDistanceMeters: 300), threads: 4) == w.snaps)
    }

    @Test("window and nearest queries on one packed R-tree from a task group equal the sequential answers")
    func packedRTreeQueries() async throws {
        let w = try Self.world.get()
        let bad = await withTaskGroup(of: Int.self) { group in
            for t in 0..<8 {
                group.addTask {
                    var bad = 0
                    var scratch = RTreeQueryScratch()
                    for k in 0..<w.points.count {
                        let i = (k * 7 + t * 13) % w.points.count
                        if w.tree.search(w.windows[i]).sorted() != w.windowHits[i] { bad += 1 }
                        if collected({ w.tree.forEachNearest(to: w.points[i], k: 5, scratch: &scratch, $0) }).map(\.index) != w.nearest[i] { bad += 1 }
                    }
                    return bad
                }
            }
            return await group.reduce(0, +)
        }
        #expect(bad == 0)
        // The answers are not trivial: brute force agrees with the sequential run.
        for i in stride(from: 0, to: w.windows.count, by: 37) {
            #expect(w.windowHits[i] == w.boxes.indices.filter { w.boxes[$0].intersects(w.windows[i]) })
        }
    }

    @Test("rendering tiles through one shared cache from 8 threads while another thread evicts equals the sequential tiles")
    func tilerAndCache() throws {
        let w = try Self.world.get()
        let cache = TileCache(capacityBytes: 256 << 10)   // small: forces evictions under load
        let mismatches = Atomic<Int>(0)
        onManyThreads(9) { t in
            if t == 8 {
                // The writer: evicts tiles the readers are using, over and over.
                for round in 0..<200 {
                    let start = (round * 17) % w.tiles.count
                    _ = cache.evict(w.tiles[start..<min(w.tiles.count, start + 10)])
                    if round % 50 == 49 { cache.removeAll() }
                }
                return
            }
            var bad = 0
            for round in 0..<2 {
                for k in 0..<w.tiles.count {
                    let i = (k + t * 11 + round * 5) % w.tiles.count
                    let tile = cache.tile(w.tiles[i]) { w.tiler.tile($0) }
                    if tile != w.rendered[i] { bad += 1 }
                }
            }
            mismatches.add(bad, ordering: .relaxed)
        }
        #expect(mismatches.load(ordering: .relaxed) == 0)
        #expect(w.rendered.contains { !$0.isEmpty })
    }

    @Test("importing one shapefile with parallel reprojection, from two tasks at once, equals the single-threaded import")
    func parallelShapefileImport() async throws {
        let path = Fixtures.path("shapefile/andorra_roads_utm31n.shp")
        let single = try ShapefileImport(path: path, options: .init(threads: 1))
        #expect(single.roads.count > 1_000)
        let results = try await withThrowingTaskGroup(of: [ImportedRoad].self) { group in
            for _ in 0..<2 {
                group.addTask { try ShapefileImport(path: path, options: .init(threads: 4)).roads }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.count == 2)
        for roads in results { #expect(roads == single.roads) }
    }
}
