import Foundation
import Testing
@testable import RoadGeo

@Suite("Tile invalidation and cache")
struct TileInvalidationTests {
    @Test("changed roads: the invalidated tiles include every tile whose bytes change, and few others")
    func featureChange() throws {
        let features = try TileTestSupport.moscow()
        let before = try Tiler(features: features)
        var rng = SplitMix64(seed: 21)
        let zooms = 11...16
        let all = try TileClipTests.tiles(features, zooms: Array(zooms))
        let oldBytes = all.map { before.tile($0).bytes }
        for _ in 0..<3 {
            let k = Int.random(in: 0..<features.count, using: &rng)
            guard case .line(let old) = features[k].geometry else { continue }
            let moved = try Polyline(old.coordinates.map { Coordinate($0.longitude + 0.0004, $0.latitude - 0.0002) })
            var changed = features
            changed[k].geometry = .line(moved)
            let after = try Tiler(features: changed)
            let differing = Set(all.indices.filter { after.tile(all[$0]).bytes != oldBytes[$0] }.map { all[$0] })
            let purge = try before.tilesAffected(by: [old.boundingBox, moved.boundingBox], zooms: zooms)
            #expect(!differing.isEmpty)
            #expect(differing.isSubset(of: Set(purge)), "missed \(differing.subtracting(purge))")
            #expect(purge.count < all.count / 4, "purge \(purge.count) of \(all.count)")
            #expect(purge == purge.sorted())
        }
    }

    @Test("LRU by bytes: least recently used tiles go first, evict and concurrent use keep the budget")
    func cache() throws {
        func tile(_ x: Int, bytes: Int) -> RenderedTile {
            RenderedTile(id: TileID(uncheckedZ: 10, x: x, y: 0), bytes: [UInt8](repeating: 1, count: bytes), featureCount: 1)
        }
        let cache = TileCache(capacityBytes: 300)
        cache.insert(tile(1, bytes: 100)); cache.insert(tile(2, bytes: 100)); cache.insert(tile(3, bytes: 100))
        #expect(cache.cached(TileID(uncheckedZ: 10, x: 1, y: 0)) != nil)   // 1 is now most recent
        cache.insert(tile(4, bytes: 100))                                     // evicts 2
        #expect(cache.cached(TileID(uncheckedZ: 10, x: 2, y: 0)) == nil)
        #expect(cache.count == 3 && cache.byteCount == 300)
        cache.insert(tile(5, bytes: 1_000))                                   // larger than the budget: not kept
        #expect(cache.cached(TileID(uncheckedZ: 10, x: 5, y: 0)) == nil && cache.byteCount == 300)
        #expect(cache.evict([TileID(uncheckedZ: 10, x: 1, y: 0), TileID(uncheckedZ: 10, x: 9, y: 0)]) == 1)
        #expect(cache.byteCount == 200)

        let features = try TileTestSupport.moscow()
        let tiler = try Tiler(features: features)
        let tiles = try TileClipTests.tiles(features, zooms: [13, 14, 15])
        let shared = TileCache(capacityBytes: 200_000)
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for i in 0..<(tiles.count * 3) {
                let t = tiles[(i * 7 + worker) % tiles.count]
                let got = shared.tile(t) { tiler.tile($0) }
                precondition(got.id == t)
            }
        }
        #expect(shared.byteCount <= 200_000 && shared.count > 0)
        #expect(tiles.allSatisfy { t in shared.cached(t).map { $0.bytes == tiler.tile(t).bytes } ?? true })
    }

    @Test("pyramid export writes exactly the non-empty tiles and a metadata.json")
    func pyramid() throws {
        let features = try TileTestSupport.moscow()
        let reports = try DisplayClusters(reports: [(0, ReportPoint(Coordinate(37.60, 55.81), votes: 2, status: 1))])
        let tiler = try TileLayers([TileLayer(name: "roads", content: .features(Tiler(features: features))),
                                    TileLayer(name: "reports", content: .clusters(reports))])
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let summary = try TilePyramid.export(tiler, zooms: 10...14, to: dir.path, threads: 2)
        var files = 0
        for z in 10...14 {
            for t in TilePyramid.candidateTiles(tiler, zoom: z) {
                let path = dir.appendingPathComponent("\(t.z)/\(t.x)/\(t.y).geojson").path
                let rendered = tiler.tile(t)
                if rendered.isEmpty { #expect(!FileManager.default.fileExists(atPath: path)) } else {
                    #expect(FileManager.default.contents(atPath: path) == Data(rendered.bytes)); files += 1
                }
            }
        }
        #expect(files == summary.tiles && files > 20)
        let meta = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("metadata.json"))) as? [String: Any]
        #expect(meta?["tile_count"] as? Int == summary.tiles && meta?["minzoom"] as? Int == 10 && meta?["reports"] as? Int == 1)
        #expect(throws: TileError.self) { try TilePyramid.export(tiler, zooms: 20...25, to: dir.path) }
    }
}
