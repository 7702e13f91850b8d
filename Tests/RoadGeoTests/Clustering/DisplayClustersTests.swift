import Foundation
import Testing
@testable import RoadGeo

@Suite("Display clusters")
struct DisplayClustersTests {
    /// Seeded reports: spots along a few streets of Bishkek, some repeated, with votes and status.
    static func reports(_ n: Int, seed: UInt64, box: BoundingBox = BoundingBox(minX: 74.50, minY: 42.82, maxX: 74.70, maxY: 42.92),
                        spread: Double = 0.0001) -> [(key: Int64, point: ReportPoint)] {
        var rng = SplitMix64(seed: seed)
        var out: [(key: Int64, point: ReportPoint)] = []
        while out.count < n {
            let spot = Coordinate(Double.random(in: box.minX...box.maxX, using: &rng), Double.random(in: box.minY...box.maxY, using: &rng))
            for _ in 0..<Int.random(in: 1...4, using: &rng) where out.count < n {
                let c = Coordinate(spot.longitude + Double.random(in: -spread...spread, using: &rng),
                                   spot.latitude + Double.random(in: -spread...spread, using: &rng))
                out.append((Int64(out.count) * 3 + 7, ReportPoint(c, category: Int32.random(in: 0...2, using: &rng),
                                                                votes: Int.random(in: 1...9, using: &rng),
                                                                status: Int32.random(in: 0...3, using: &rng))))
            }
        }
        return out
    }

    static let world = BoundingBox(minX: -180, minY: -85, maxX: 180, maxY: 85)

    /// Every table's items by key: the whole observable state.
    static func state(_ c: DisplayClusters) -> [[Int64: DisplayValue]] {
        c.tables.map { t in
            var out: [Int64: DisplayValue] = [:]
            for n in t.nodes where n.cell >= 0 { out[n.value.key] = n.value }
            return out
        }
    }

    @Test("every zoom accounts for every report, vote and the worst status; leaves and children agree")
    func conservation() throws {
        let reports = Self.reports(3_000, seed: 3)
        let byKey = Dictionary(uniqueKeysWithValues: reports.map { ($0.key, $0.point) })
        let clusters = try DisplayClusters(reports: reports)
        let totalVotes = reports.reduce(0) { $0 + $1.point.votes }
        var previous = 1
        for z in 0...17 {
            let items = clusters.clusters(in: Self.world, zoom: z)
            #expect(items.reduce(0) { $0 + $1.pointCount } == reports.count)
            #expect(items.reduce(0) { $0 + $1.votes } == totalVotes)
            #expect(items.count >= previous)
            previous = items.count
            for c in items.prefix(60) {
                guard let id = c.cluster else { #expect(c.pointCount == 1 && c.reportKey != nil); continue }
                let leaves = clusters.leaves(of: id)
                #expect(leaves.count == c.pointCount)
                #expect(leaves.reduce(0) { $0 + (byKey[$1]?.votes ?? 0) } == c.votes)
                #expect(leaves.compactMap { byKey[$0].map { Int($0.status) } }.max() == c.worstStatus)
                #expect(clusters.children(of: id).reduce(0) { $0 + $1.pointCount } == c.pointCount)
                // Members lie within the radius summed over the finer zooms (and the cells' reach) of the centre.
                let r = 40.0 / 512 / Double(1 << z)
                let centre = WebMercator.project(c.coordinate)
                for l in leaves {
                    guard let p = byKey[l].map({ WebMercator.project($0.coordinate) }) else { continue }
                    #expect(hypot(p.x - centre.x, p.y - centre.y) <= 8 * r)
                }
                let e = clusters.expansionZoom(of: id)
                #expect(e > z && e <= 17)
            }
        }
        #expect(clusters.clusters(in: Self.world, zoom: 17).count == reports.count)
        #expect(clusters.clusters(in: Self.world, zoom: 8).count < 40)
    }

    @Test("the same reports in any order, in one build or one by one, give the same state")
    func orderIndependence() throws {
        let reports = Self.reports(2_000, seed: 11)
        let built = try DisplayClusters(reports: reports)
        var rng = SplitMix64(seed: 12)
        var one = try DisplayClusters()
        for r in reports.shuffled(using: &rng) { try one.insert(r.point, key: r.key) }
        #expect(Self.state(one) == Self.state(built))
        let reversed = try DisplayClusters(reports: reports.reversed())
        #expect(Self.state(reversed) == Self.state(built))
    }

    @Test("seeded inserts, removals and updates: state equals a fresh build at every step, and the tiles returned are exactly those whose bytes changed")
    func incrementalEqualsFresh() throws {
        let area = BoundingBox(minX: 74.58, minY: 42.86, maxX: 74.60, maxY: 42.875)
        var options = DisplayClusterOptions()
        options.maxTileZoom = 18
        options.statusNames = ["new", "confirmed"]
        options.categoryNames = ["pothole", "crack"]
        let pool = Self.reports(400, seed: 21, box: area, spread: 0.0003)
        var held: [Int64: ReportPoint] = [:]
        var clusters = try DisplayClusters(options: options)
        var rng = SplitMix64(seed: 22)
        let grown = area.expanded(by: 0.01, 0.01)
        var allTiles: [TileID] = []
        for z in 0...options.maxTileZoom { allTiles += try TileID.covering(grown, zoom: z) }
        func render(_ c: DisplayClusters) -> [TileID: [UInt8]] {
            var out: [TileID: [UInt8]] = [:]
            for t in allTiles { out[t] = c.tile(t).bytes }
            return out
        }
        var before = render(clusters)
        for step in 0..<160 {
            let change: DisplayClusterChange?
            let roll = Int.random(in: 0..<10, using: &rng)
            if roll < 5 || held.count < 5 {
                let r = pool[Int.random(in: 0..<pool.count, using: &rng)]
                change = try clusters.insert(r.point, key: r.key)
                held[r.key] = r.point
            } else if roll < 8, let key = held.keys.sorted().randomElement(using: &rng) {
                change = clusters.remove(key: key)
                held[key] = nil
            } else if let key = held.keys.sorted().randomElement(using: &rng), var p = held[key] {
                p.votes += Int.random(in: -1...3, using: &rng)
                if Bool.random(using: &rng) { p.status = Int32.random(in: 0...3, using: &rng) }
                if Bool.random(using: &rng) { p.category = Int32.random(in: 0...2, using: &rng) }
                change = try clusters.update(key: key, to: p)
                held[key] = p
            } else { continue }
            let fresh = try DisplayClusters(reports: held.map { ($0.key, $0.value) }, options: options)
            #expect(Self.state(clusters) == Self.state(fresh), "step \(step): state differs from a fresh build")
            let after = render(clusters)
            let changed = Set(allTiles.filter { before[$0] != after[$0] })
            let returned = Set(change?.tiles ?? [])
            #expect(returned == changed, "step \(step): returned \(returned.subtracting(changed).count) extra, missed \(changed.subtracting(returned).sorted().prefix(3))")
            if step % 20 == 0 { #expect(allTiles.allSatisfy { fresh.tile($0).bytes == after[$0] }) }
            before = after
        }
    }

    @Test("the clusters follow the documented rule (a plain re-implementation over dictionaries)")
    func matchesReference() throws {
        let reports = Self.reports(1_500, seed: 31, box: BoundingBox(minX: 74.55, minY: 42.85, maxX: 74.65, maxY: 42.90), spread: 0.002)
        let options = DisplayClusterOptions()
        let clusters = try DisplayClusters(reports: reports, options: options)
        let reference = ReferenceClusters(reports: reports, options: options)
        for z in options.minZoom...options.maxZoom {
            let got = clusters.clusters(in: Self.world, zoom: z).map { ($0.pointCount, $0.votes, $0.reportKey ?? -1) }.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
            let want = (reference.levels[z] ?? []).map { ($0.count, $0.votes, $0.key >= 0 ? $0.key : -1) }.sorted { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
            #expect(got.count == want.count, "zoom \(z)")
            #expect(zip(got, want).allSatisfy { $0 == $1 }, "zoom \(z)")
        }
    }

    @Test("reports in one tight group on a grid line form one cluster, not two")
    func noGridSplit() throws {
        // Cell side at zoom 12 is 40/512/4096 of the world; put 10 reports within a few metres on both sides of a cell edge.
        let cell = 40.0 / 512 / Double(1 << 12)
        let edgeX = (WebMercator.projectX(74.6) / cell).rounded() * cell
        let y = WebMercator.projectY(42.87)
        var reports: [(key: Int64, point: ReportPoint)] = []
        for i in 0..<10 {
            let x = edgeX + (Double(i) - 4.5) * cell * 0.02
            reports.append((Int64(i), ReportPoint(WebMercator.unproject(x: x, y: y))))
        }
        let clusters = try DisplayClusters(reports: reports)
        let items = clusters.clusters(in: Self.world, zoom: 12)
        #expect(items.count == 1 && items.first?.pointCount == 10)
    }

    @Test("bad input: a negative key, a repeated key, an impossible coordinate or options are TileErrors naming them")
    func badInput() throws {
        #expect(throws: TileError.self) { _ = try DisplayClusters(reports: [(-1, ReportPoint(Coordinate(74.6, 42.9)))]) }
        #expect(throws: TileError.self) { _ = try DisplayClusters(reports: [(1, ReportPoint(Coordinate(74.6, 42.9))), (1, ReportPoint(Coordinate(74.6, 42.9)))]) }
        do {
            _ = try DisplayClusters(reports: [(4, ReportPoint(Coordinate(.nan, 42.9)))])
            Issue.record("accepted NaN")
        } catch { #expect(error.message.contains("report 4")) }
        var o = DisplayClusterOptions(); o.radius = 0
        #expect(throws: TileError.self) { _ = try DisplayClusters(options: o) }
        o = DisplayClusterOptions(); o.maxZoom = 23
        #expect(throws: TileError.self) { _ = try DisplayClusters(options: o) }
        var c = try DisplayClusters()
        #expect(c.remove(key: 5) == nil)
        #expect(try c.update(key: 5, to: ReportPoint(Coordinate(74.6, 42.9))) == nil)
        // Absurd vote counts are clamped instead of overflowing the sums.
        try c.insert(ReportPoint(Coordinate(74.6, 42.9), votes: .max), key: 1)
        try c.insert(ReportPoint(Coordinate(74.6, 42.9), votes: .max), key: 2)
        #expect(c.clusters(in: BoundingBox(minX: 74, minY: 42, maxX: 75, maxY: 43), zoom: 5).first?.votes == 2 << 31)
    }

    @Test("a layered tile: one layer writes its tiler's bytes, several mark each feature's layer")
    func layers() throws {
        let roads = try Tiler(features: TileTestSupport.moscow())
        let reports = try DisplayClusters(reports: [(1, ReportPoint(Coordinate(37.61705, 55.80869), votes: 2))])
        let id = try TileID.containing(Coordinate(37.61705, 55.80869), zoom: 14)
        let single = try TileLayers([TileLayer(name: "roads", content: .features(roads))])
        #expect(single.tile(id).bytes == roads.tile(id).bytes)
        let both = try TileLayers([TileLayer(name: "roads", content: .features(roads)), TileLayer(name: "reports", content: .clusters(reports))])
        let tile = both.tile(id)
        let json = try JSONSerialization.jsonObject(with: Data(tile.bytes)) as? [String: Any]
        let features = json?["features"] as? [[String: Any]] ?? []
        #expect(features.count == roads.tile(id).featureCount + 1)
        #expect(features.filter { $0["layer"] as? String == "reports" }.count == 1)
        #expect(features.filter { $0["layer"] as? String == "roads" }.count == roads.tile(id).featureCount)
        #expect(TileLayers.compose([both.layerTile(id, layer: 0), both.layerTile(id, layer: 1)]).bytes == tile.bytes)
        #expect(throws: TileError.self) { _ = try TileLayers([TileLayer(name: "a", content: .features(roads)), TileLayer(name: "a", content: .features(roads))]) }
    }
}

/// The documented rule, written plainly over dictionaries and recomputed from scratch per zoom.
struct ReferenceClusters {
    struct Item { var key: Int64; var sumX: Int64; var sumY: Int64; var count: Int; var votes: Int }
    var levels: [Int: [Item]] = [:]

    init(reports: [(key: Int64, point: ReportPoint)], options: DisplayClusterOptions) {
        let q = DisplayClusters.quantum
        var items = reports.map { r -> Item in
            let (x, y) = WebMercator.project(r.point.coordinate)
            return Item(key: r.key, sumX: Int64((x * q).rounded(.down)), sumY: Int64((y * q).rounded(.down)), count: 1, votes: r.point.votes)
        }
        for z in stride(from: options.maxZoom, through: options.minZoom, by: -1) {
            let r = options.radius / (Double(options.extent) * Double(1 << z))
            let columns = Int32(min((1 / r).rounded(.up) + 1, Double(1 << 24)))
            func index(_ u: Double) -> Int32 { let i = (u / r).rounded(.down); return i <= 0 ? 0 : (i >= Double(columns - 1) ? columns - 1 : Int32(i)) }
            struct Cell: Hashable { var x: Int32; var y: Int32 }
            var cells: [Cell: [Item]] = [:]
            for it in items {
                let n = Double(it.count) * q
                cells[Cell(x: index(Double(it.sumX) / n), y: index(Double(it.sumY) / n)), default: []].append(it)
            }
            func total(_ c: Cell) -> (Int, Int64, Int64) {
                let m = cells[c] ?? []
                return (m.reduce(0) { $0 + $1.count }, m.reduce(0) { $0 + $1.sumX }, m.reduce(0) { $0 + $1.sumY })
            }
            func centre(_ c: Cell) -> (Double, Double) { let (n, sx, sy) = total(c); return (Double(sx) / (Double(n) * q), Double(sy) / (Double(n) * q)) }
            func key(_ c: Cell) -> Int64 { Int64(c.y) << 32 | Int64(c.x) }
            var leader: [Cell: Cell] = [:]
            for c in cells.keys {
                var best = c
                for dy in Int32(-1)...1 { for dx in Int32(-1)...1 where dx != 0 || dy != 0 {
                    let n = Cell(x: c.x + dx, y: c.y + dy)
                    guard cells[n] != nil else { continue }
                    let (a, b) = (centre(c), centre(n))
                    guard (a.0 - b.0) * (a.0 - b.0) + (a.1 - b.1) * (a.1 - b.1) <= r * r else { continue }
                    if total(n).0 > total(best).0 || (total(n).0 == total(best).0 && key(n) < key(best)) { best = n }
                } }
                leader[c] = best
            }
            var groups: [Cell: [Cell]] = [:]
            for c in cells.keys {
                let l = leader[c] ?? c
                groups[leader[l] == l ? l : c, default: []].append(c)
            }
            var next: [Item] = []
            for (root, members) in groups {
                let all = members.flatMap { cells[$0] ?? [] }
                let count = all.reduce(0) { $0 + $1.count }
                if count >= options.minPoints {
                    next.append(Item(key: -(((Int64(root.y) << 24 | Int64(root.x)) << 5) | Int64(z)) - 1, sumX: all.reduce(0) { $0 + $1.sumX },
                                     sumY: all.reduce(0) { $0 + $1.sumY }, count: count, votes: all.reduce(0) { $0 + $1.votes }))
                } else {
                    next += all
                }
            }
            levels[z] = next
            items = next
        }
    }
}

@Suite("One report-point type for every clustering")
struct ReportPointTests {
    @Test("DBSCAN and the incremental clusterer read categories and times from the reports, as with parallel arrays")
    func sameAsArrays() {
        let reports = DisplayClustersTests.reports(600, seed: 41).map(\.point).enumerated().map { i, p in
            var q = p; q.timeSeconds = Double(i * 60); return q
        }
        let constraints = ClusterConstraints(sameCategory: true, timeWindowSeconds: 3_600)
        let dbscan = DBSCAN(epsMeters: 15, minPoints: 2, constraints: constraints)
        let byArrays = dbscan.cluster(reports.map(\.coordinate), categories: reports.map(\.category), timesSeconds: reports.map(\.timeSeconds))
        #expect(dbscan.cluster(reports: reports) == byArrays)
        #expect(byArrays.clusterCount > 10)
        var a = IncrementalClusterer(epsMeters: 15, minPoints: 2, constraints: constraints)
        var b = a
        a.bulkLoad(reports: reports)
        b.bulkLoad(reports.map(\.coordinate), categories: reports.map(\.category), timesSeconds: reports.map(\.timeSeconds))
        #expect(a.clusterCount == b.clusterCount && a.clusterCount > 10)
        let extra = ReportPoint(reports[0].coordinate, category: reports[0].category, timeSeconds: 10)
        #expect(a.add(report: extra).cluster != nil)
    }
}
