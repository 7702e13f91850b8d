import Foundation
import RoadGeo

/// W8: live ingest, what a report server does per new report: snap it, add it to the duplicate
/// clusterer, update the map's display clusters and list the tiles to evict, with 100k and 1M
/// reports held; against the rebuild-per-report path it replaces (greedy supercluster-style
/// clusters rebuilt from every open report, then diffed against the previous build).
extension Workloads {
    static let liveIngest = Workload(id: "W8", title: "live ingest: snap + duplicate clusterer + display clusters + tiles to evict, per report") { context, reporter in
        let helds = (ProcessInfo.processInfo.environment["GEO_BENCH_LIVE_HELD"] ?? "100000,1000000")
            .split(separator: ",").compactMap { Int($0) }
        let network = RoadNetwork(lines: try context.roads())
        let adds = 2_000
        var clusterOptions = DisplayClusterOptions()
        clusterOptions.maxTileZoom = 20
        for held in helds {
            let all = SyntheticReports.near(try context.roads(), count: held + 10 * adds, seed: 88)   // room for any repetition count
            var scratch = RTreeQueryScratch()
            let snapOptions = SnapOptions(maxDistanceMeters: 50)
            func point(_ c: Coordinate, _ i: Int) -> ReportPoint {
                ReportPoint(c, category: Int32(i % 8), timeSeconds: Double(i), votes: i % 5, status: 0)
            }
            let buildStart = DispatchTime.now().uptimeNanoseconds
            var duplicates = IncrementalClusterer(epsMeters: 15, minPoints: 2, constraints: ClusterConstraints(sameCategory: true))
            duplicates.bulkLoad(Array(all.prefix(held)), categories: (0..<held).map { Int32($0 % 8) }, timesSeconds: (0..<held).map(Double.init))
            var display = try DisplayClusters(reports: (0..<held).map { (Int64($0), point(all[$0], $0)) }, options: clusterOptions)
            let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - buildStart) / 1e9
            var next = held
            func ingest() throws -> Int {
                let c = all[next]
                defer { next += 1 }
                guard let hit = network.snap(c, options: snapOptions, scratch: &scratch) else { return 0 }
                _ = duplicates.add(hit.coordinate, category: Int32(next % 8), timeSeconds: Double(next))
                return try display.insert(point(hit.coordinate, next), key: Int64(next)).tiles.count
            }
            var tilesListed = 0
            var ours = try measure("W8", "RoadGeo live (\(held / 1000)k held)", n: adds, context: context) {
                var s = 0
                for _ in 0..<(adds / max(context.repetitions, 1)) { s &+= try ingest() }
                tilesListed = s
                return s
            }
            ours.n = adds / max(context.repetitions, 1)
            var failure: Error?
            ours.latency = latencies(n: adds) { _ in
                do { return try ingest() } catch { failure = error; return 0 }
            }
            if let failure { throw failure }
            reporter.record(ours)
            // Display clusters alone: the library's in-place update, one report added.
            var insertOnly = 0
            let onlyLatency = latencies(n: adds) { _ in
                let c = all[next]; defer { next += 1 }
                insertOnly &+= (try? display.insert(point(c, next), key: Int64(next)))?.tiles.count ?? 0
                return insertOnly
            }

            // Baseline: the same report, then every open report's display clusters rebuilt and diffed.
            var points = (0..<held).map { BaselineClusterPoint(all[$0], votes: $0 % 5, status: 0, id: .integer(Int64($0)),
                                                               properties: ["kind": "report", "category": .string("pothole")]) }
            var before = try GreedyPointClusters(points: points)
            let base = try measure("W8", "rebuild per report (\(held / 1000)k held)", n: 1, context: context) {
                let c = all[next]; defer { next += 1 }
                guard let hit = network.snap(c, options: snapOptions, scratch: &scratch) else { return 0 }
                _ = duplicates.add(hit.coordinate, category: Int32(next % 8), timeSeconds: Double(next))
                points.append(BaselineClusterPoint(hit.coordinate, votes: 0, status: 0, id: .integer(Int64(next)),
                                                   properties: ["kind": "report", "category": .string("pothole")]))
                let after = try GreedyPointClusters(points: points)
                let tiles = try GreedyPointClusters.tilesChanged(from: before, to: after, zooms: 0...17)
                before = after
                return tiles.count
            }
            reporter.record(base)
            reporter.ratio(ours, over: base)
            reporter.note("W8", String(format: "%dk held: built in %.2f s (duplicate clusterer + display clusters); per report %.2f us median, p50/p99/p99.9 %.1f/%.1f/%.1f us; display-cluster insert alone p50/p99 %.1f/%.1f us; %.1f tiles listed per report; rebuild path %.1f ms per report",
                                       held / 1000, buildSeconds, 1e6 / ours.opsPerSecond, ours.latency?.p50 ?? 0, ours.latency?.p99 ?? 0,
                                       ours.latency?.p999 ?? 0, onlyLatency.p50, onlyLatency.p99, Double(tilesListed) / Double(max(ours.n, 1)), base.seconds * 1e3))
        }
    }
}
