import CGEOS
import Foundation
import Testing
@testable import RoadGeo

@Suite("Tiler")
struct TilerTests {
    /// GEOS length of lon/lat parts clipped to a lon/lat box.
    static func clippedLength(_ parts: [[(Double, Double)]], _ box: BoundingBox) -> Double {
        parts.reduce(0) { $0 + TileTestSupport.geosClipLengths($1, box).reduce(0, +) }
    }

    /// Child and parent share every original vertex; they differ only where each cuts a
    /// segment at its own buffered edge (a point on the mercator chord, unprojected), which
    /// moves the lon/lat length by ~1e-6 relative on these 100 m segments: tolerance 1e-5.
    @Test("no gaps: a feature's parts in the four children add up to its part in the parent")
    func childrenCoverParent() throws {
        let features = try TileTestSupport.moscow()
        var options = TilerOptions()
        options.tolerance = 0
        options.coordinatePrecision = 10
        let tiler = try Tiler(features: features, options: options)
        var compared = 0
        for parent in try TileClipTests.tiles(features, zooms: [13, 14]) {
            var inParent: [Int: Double] = [:], inChildren: [Int: Double] = [:]
            for f in try TileTestSupport.parse(tiler.tile(parent)) {
                inParent[f.id ?? -1, default: 0] += Self.clippedLength(f.parts, parent.bounds)
            }
            for child in parent.children {
                for f in try TileTestSupport.parse(tiler.tile(child)) {
                    inChildren[f.id ?? -1, default: 0] += Self.clippedLength(f.parts, child.bounds)
                }
            }
            for (id, length) in inParent where length > 0 {
                let c = inChildren[id] ?? 0
                #expect(abs(c - length) <= 1e-5 * length + 1e-10, "parent \(parent) feature \(id): children \(c) vs parent \(length)")
                compared += 1
            }
            for (id, length) in inChildren where length > 1e-12 { #expect(inParent[id] != nil, "feature \(id) only in children of \(parent)") }
        }
        #expect(compared > 300)
    }

    @Test("simplification keeps at least 2 distinct points per kept line and thins low zooms")
    func simplificationKeepsTwoPoints() throws {
        let features = try TileTestSupport.moscow()
        let tiler = try Tiler(features: features)
        var vertices: [Int: Int] = [:]
        for z in [8, 10, 12, 14, 16] {
            for t in try TileClipTests.tiles(features, zooms: [z]) {
                for f in try TileTestSupport.parse(tiler.tile(t)) {
                    #expect(f.type == "LineString" || f.type == "MultiLineString")
                    for p in f.parts {
                        #expect(p.count >= 2, "tile \(t): part with \(p.count) points")
                        for (a, b) in zip(p, p.dropFirst()) { #expect(a != b, "tile \(t): repeated point") }
                        vertices[z, default: 0] += p.count
                    }
                }
            }
        }
        #expect(vertices[8]! < vertices[12]! && vertices[12]! < vertices[16]!)
    }

    @Test("importance thresholds equal classic Douglas-Peucker at every tolerance (seeded random lines)")
    func importanceEqualsDouglasPeucker() {
        var rng = SplitMix64(seed: 5)
        func classic(_ p: [TileVertex], _ a: Int, _ b: Int, _ tol2: Double, _ keep: inout [Bool]) {
            guard b - a > 1 else { return }
            var best = -1.0, index = a + 1
            for i in (a + 1)..<b {
                let d = TileSimplify.squaredSegmentDistance(p[i].x, p[i].y, p[a].x, p[a].y, p[b].x, p[b].y)
                if d > best { best = d; index = i }
            }
            if best > tol2 { keep[index] = true; classic(p, a, index, tol2, &keep); classic(p, index, b, tol2, &keep) }
        }
        for _ in 0..<200 {
            let n = Int.random(in: 2...60, using: &rng)
            var v = (0..<n).map { _ in TileVertex(x: Double.random(in: 0...1, using: &rng), y: Double.random(in: 0...1, using: &rng), importance: 0) }
            TileSimplify.assignImportance(&v, 0..<n)
            for tol in [0.001, 0.01, 0.05, 0.2] {
                var keep = [Bool](repeating: false, count: n)
                keep[0] = true; keep[n - 1] = true
                classic(v, 0, n - 1, tol * tol, &keep)
                #expect(v.map { $0.importance > tol * tol } == keep)
            }
        }
    }

    @Test("same input gives the same bytes, from separate builds and concurrent threads")
    func deterministicBytes() throws {
        let features = try TileTestSupport.moscow()
        let a = try Tiler(features: features), b = try Tiler(features: features)
        let tiles = try TileClipTests.tiles(features, zooms: [12, 15])
        let expected = tiles.map { a.tile($0).bytes }
        #expect(tiles.map { b.tile($0).bytes } == expected)
        let results = RenderedBytes()   // an NSLock-guarded dictionary: a lock ThreadSanitizer sees
        DispatchQueue.concurrentPerform(iterations: tiles.count) { i in
            let bytes = a.tile(tiles[i]).bytes
            results.lock.withLock { results.byTile[i] = bytes }
        }
        let concurrent = results.lock.withLock { tiles.indices.map { results.byTile[$0] ?? [] } }
        #expect(concurrent == expected)
        // Valid JSON, properties written in the input order (sorted by the loader) with the values.
        let first = try TileTestSupport.parse(a.tile(tiles[0]))
        #expect(!first.isEmpty && first.allSatisfy { $0.properties["highway"] != nil })
    }

    @Test("antimeridian: tile coordinates wrap into the opposite edge's buffer; lon/lat output stays in range")
    func dateline() throws {
        let east = try Polyline([Coordinate(179.90, 10), Coordinate(179.99, 10.05)])
        let west = try Polyline([Coordinate(-179.99, 10.02), Coordinate(-179.95, 10.03)])
        let features = [TileFeature(geometry: .line(east), id: 1), TileFeature(geometry: .line(west), id: 2)]
        var options = TilerOptions()
        options.coordinates = .tile
        let wrapped = try Tiler(features: features, options: options)
        let z = 4, row = try TileID.containing(Coordinate(0, 10), zoom: z).y
        let left = try TileTestSupport.parse(wrapped.tile(TileID(z: z, x: 0, y: row)))
        let right = try TileTestSupport.parse(wrapped.tile(TileID(z: z, x: 15, y: row)))
        #expect(Set(left.compactMap(\.id)) == [1, 2] && Set(right.compactMap(\.id)) == [1, 2])
        let eastInLeft = left.first { $0.id == 1 }!.parts.flatMap { $0 }
        #expect(eastInLeft.allSatisfy { $0.0 < 0 && $0.0 >= -64 })
        let westInRight = right.first { $0.id == 2 }!.parts.flatMap { $0 }
        #expect(westInRight.allSatisfy { $0.0 > 4096 && $0.0 <= 4096 + 64 })
        let lonLat = try Tiler(features: features)
        let l = try TileTestSupport.parse(lonLat.tile(TileID(z: z, x: 0, y: row)))
        #expect(l.compactMap(\.id) == [2])
        #expect(l[0].parts[0].map(\.0) == [-179.99, -179.95])
        let r = try TileTestSupport.parse(lonLat.tile(TileID(z: z, x: 15, y: row)))
        #expect(r.compactMap(\.id) == [1])
    }

    @Test("high latitudes: features near 85° land in row 0 with finer latitude decimals; beyond it clamp")
    func highLatitude() throws {
        let arctic = try Polyline([Coordinate(20, 84.90), Coordinate(20.5, 85.0), Coordinate(21, 89.0)])
        let tiler = try Tiler(features: [TileFeature(geometry: .line(arctic), id: 7)])
        let t = try TileID.containing(Coordinate(20.2, 84.95), zoom: 6)
        #expect(t.y == 0)
        let f = try TileTestSupport.parse(tiler.tile(t))
        #expect(f.count == 1 && f[0].parts[0].first! == (20, 84.9))
        #expect(f[0].parts[0].allSatisfy { $0.1 <= 89 && $0.1 >= 84.9 })
        let high = TileTransform(id: t, options: TilerOptions()).digits
        let equator = TileTransform(id: try TileID.containing(Coordinate(20, 0), zoom: 6), options: TilerOptions()).digits
        #expect(high >= equator + 1)
    }

    @Test("zoom rule, per-feature zooms and per-zoom properties decide what a tile carries")
    func zoomsAndProperties() throws {
        let line = try Polyline([Coordinate(74.60, 42.87), Coordinate(74.61, 42.875)])
        let features = [
            TileFeature(geometry: .line(line), id: 1, properties: ["class": "primary", "name": "Чуй \"A\""]),
            TileFeature(geometry: .line(line), id: 2, properties: ["class": "residential", "year": 2023]),
            TileFeature(geometry: .line(line), id: 3, properties: ["class": "primary"], minZoom: 0, maxZoom: 10),
        ]
        var options = TilerOptions()
        options.zoomRule = TileZoomRule(attribute: "class", minZoomByValue: ["residential": 12])
        options.keptProperties = [TilePropertySelection(fromZoom: 0, keys: ["class"]), TilePropertySelection(fromZoom: 13, keys: nil)]
        let tiler = try Tiler(features: features, options: options)
        func ids(_ z: Int) throws -> [Int] { try TileTestSupport.parse(tiler.tile(TileID.containing(Coordinate(74.605, 42.872), zoom: z))).compactMap(\.id) }
        #expect(try ids(10) == [1, 3])
        #expect(try ids(11) == [1])
        #expect(try ids(12) == [1, 2])
        let z12 = try TileTestSupport.parse(tiler.tile(TileID.containing(Coordinate(74.605, 42.872), zoom: 12)))
        #expect(z12[0].properties.keys.sorted() == ["class"])
        let z13 = try TileTestSupport.parse(tiler.tile(TileID.containing(Coordinate(74.605, 42.872), zoom: 13)))
        #expect(z13[0].properties["name"] as? String == "Чуй \"A\"" && z13[1].properties["year"] as? Int == 2023)
        #expect(throws: TileError(.invalidGeometry, "ring 0 must be closed with at least 4 positions", featureIndex: 0)) {
            try Tiler(features: [TileFeature(geometry: .polygon([[Coordinate(0, 0), Coordinate(1, 0), Coordinate(0, 0)]]))])
        }
        #expect(TileError(.invalidGeometry, "ring 0 must be closed with at least 4 positions", featureIndex: 0).description
                == "feature 0: ring 0 must be closed with at least 4 positions")
        #expect(throws: TileError.self) { try Tiler(features: [TileFeature(geometry: .point(Coordinate(0, 95)))]) }
        // Impossible zoom ranges hide the feature instead of trapping.
        let hidden = try Tiler(features: [TileFeature(geometry: .line(line), minZoom: 30, maxZoom: -3),
                                          TileFeature(geometry: .line(line), minZoom: 9, maxZoom: 4)])
        #expect(try (0...24).allSatisfy { z in try hidden.tile(TileID.containing(Coordinate(74.605, 42.872), zoom: z)).isEmpty })
        var bad = TilerOptions(); bad.extent = 0
        #expect(throws: TileError(.invalidOption, "options: extent 0 must be within 16...65536")) { try Tiler(features: [], options: bad) }
    }

    @Test("points and polygons: points inside the buffer only, polygons clipped to the buffered tile")
    func pointsAndPolygons() throws {
        let t = try TileID(z: 10, x: 715, y: 380)
        let b = t.bounds
        let square = [Coordinate(b.minX - 1, b.minY - 1), Coordinate(b.maxX + 1, b.minY - 1), Coordinate(b.maxX + 1, b.maxY + 1),
                      Coordinate(b.minX - 1, b.maxY + 1), Coordinate(b.minX - 1, b.minY - 1)]
        let c = b.center
        let hole = [Coordinate(c.longitude - 0.01, c.latitude - 0.01), Coordinate(c.longitude - 0.01, c.latitude + 0.01),
                    Coordinate(c.longitude + 0.01, c.latitude + 0.01), Coordinate(c.longitude + 0.01, c.latitude - 0.01),
                    Coordinate(c.longitude - 0.01, c.latitude - 0.01)]
        var options = TilerOptions()
        options.coordinates = .tile
        let tiler = try Tiler(features: [
            TileFeature(geometry: .polygon([square, hole]), id: 1),
            TileFeature(geometry: .multiPoint([c, Coordinate(b.maxX + 1, c.latitude)]), id: 2),
            TileFeature(geometry: .point(Coordinate(b.maxX + 1, c.latitude)), id: 3),
        ], options: options)
        let f = try TileTestSupport.parse(tiler.tile(t))
        #expect(f.map(\.id) == [1, 2])
        #expect(f[0].type == "Polygon" && f[0].parts.count == 2)
        let xs = f[0].parts[0].map(\.0), ys = f[0].parts[0].map(\.1)
        #expect(xs.min() == -64 && xs.max() == 4160 && ys.min() == -64 && ys.max() == 4160)
        #expect(f[1].type == "Point")
    }
}

/// Tile bytes rendered on several threads, keyed by tile position; `byTile` is only touched under `lock`.
private final class RenderedBytes: @unchecked Sendable {
    let lock = NSLock()
    var byTile: [Int: [UInt8]] = [:]
}
