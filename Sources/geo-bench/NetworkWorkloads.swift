import Foundation
import RoadGeo

extension Workloads {
    /// N1: restart a server: load the network from a snapshot vs rebuild it from GeoJSON
    /// (parse, build roads, pack the segment R-tree).
    static let networkSnapshot = Workload(id: "N1", title: "network snapshot load vs rebuild from GeoJSON") { context, reporter in
        let network = try RoadNetwork(contentsOfGeoJSON: context.roadsPath)
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("geo-bench-\(getpid()).rgnet")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writeStart = DispatchTime.now().uptimeNanoseconds
        try network.writeSnapshot(to: path)
        let writeSeconds = Double(DispatchTime.now().uptimeNanoseconds - writeStart) / 1e9
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        // Loaded networks stay alive until both are timed: freeing one is not part of loading it.
        var alive: [RoadNetwork] = []
        alive.reserveCapacity(2 * context.repetitions + 2)
        let load = try measure("N1", "snapshot load", n: 1, context: context) {
            let loaded = try RoadNetwork(snapshotAt: path)
            alive.append(loaded)
            return loaded.segmentCount
        }
        reporter.record(load)
        let rebuild = try measure("N1", "GeoJSON + rebuild", n: 1, context: context) {
            let built = try RoadNetwork(contentsOfGeoJSON: context.roadsPath)
            alive.append(built)
            return built.segmentCount
        }
        reporter.record(rebuild)
        alive.removeAll()
        reporter.ratio(load, over: rebuild)
        reporter.note("N1", String(format: "%d roads, %d segments; snapshot %.1f MB written in %.3f s; load %.1f ms",
                                   network.roads.count, network.segmentCount, Double(bytes) / 1e6, writeSeconds, load.seconds * 1e3))
    }

    /// N2: the road graph (GEOS noding per level class) and shortest paths between snapped
    /// points: RoadGeo's binary-heap Dijkstra against a textbook Dijkstra that scans for the
    /// nearest unsettled node (no heap), on the same graph and the same queries.
    static let shortestPaths = Workload(id: "N2", title: "road graph build and shortest paths between snapped points") { context, reporter in
        let network = try RoadNetwork(contentsOfGeoJSON: context.roadsPath)
        let buildStart = DispatchTime.now().uptimeNanoseconds
        let graph = try RoadGraph(network: network)
        let buildSeconds = Double(DispatchTime.now().uptimeNanoseconds - buildStart) / 1e9
        reporter.note("N2", String(format: "graph: %d nodes, %d edges, %d level classes, built (GEOS noding) in %.3f s",
                                   graph.nodes.count, graph.edges.count, graph.levelClasses.count, buildSeconds))
        var rng = SplitMix64(seed: 42)
        func randomSnap() -> RoadSnap {
            let r = Int.random(in: 0..<network.roads.count, using: &rng)
            let line = network.roads[r].line
            return RoadSnap(roadIndex: r, location: line.location(atMeasure: Double.random(in: 0...line.lengthMeters, using: &rng)))
        }
        let queries = 400
        let pairs = (0..<queries).map { _ in (randomSnap(), randomSnap()) }
        var ours = [Double](repeating: .nan, count: queries)
        let heap = measure("N2", "RoadGeo Dijkstra+heap", n: queries, context: context) {
            var scratch = RoadGraph.PathScratch()
            var found = 0
            for (i, (a, b)) in pairs.enumerated() {
                if let p = graph.shortestPath(from: a, to: b, scratch: &scratch) { ours[i] = p.lengthMeters; found += 1 } else { ours[i] = .infinity }
            }
            return found
        }
        reporter.record(heap)
        // The scan baseline is O(V²) per query: time it on a few queries.
        let baselineQueries = graph.nodes.count > 20_000 ? 8 : 60
        let naive = NaiveDijkstra(graph)
        var theirs = [Double](repeating: .nan, count: baselineQueries)
        let base = measure("N2", "Dijkstra, no heap", n: baselineQueries, context: context) {
            var found = 0
            for i in 0..<baselineQueries {
                theirs[i] = naive.length(from: pairs[i].0, to: pairs[i].1)
                if theirs[i].isFinite { found += 1 }
            }
            return found
        }
        reporter.record(base)
        reporter.ratio(heap, over: base)
        let agree = (0..<baselineQueries).filter { ours[$0] == theirs[$0] || abs(ours[$0] - theirs[$0]) <= 1e-6 * max(1, theirs[$0]) }.count
        let connected = ours.filter(\.isFinite).count
        reporter.note("N2", "\(connected) of \(queries) random pairs connected; lengths equal to the baseline on \(agree) of \(baselineQueries)")
    }
}

/// Dijkstra without a priority queue: each step scans every node for the nearest unsettled
/// one (the 1959 formulation), O(V²) per query. Same virtual start and end as RoadGeo.
private struct NaiveDijkstra {
    let graph: RoadGraph
    let start: [Int]
    let targets: [(node: Int, length: Double)]

    init(_ graph: RoadGraph) {
        self.graph = graph
        var start = [Int](repeating: 0, count: graph.nodes.count + 1)
        for e in graph.edges { start[e.fromNode + 1] += 1; start[e.toNode + 1] += 1 }
        for v in 0..<graph.nodes.count { start[v + 1] += start[v] }
        var fill = start
        var targets = [(node: Int, length: Double)](repeating: (0, 0), count: graph.edges.count * 2)
        for e in graph.edges {
            targets[fill[e.fromNode]] = (e.toNode, e.lengthMeters); fill[e.fromNode] += 1
            targets[fill[e.toNode]] = (e.fromNode, e.lengthMeters); fill[e.toNode] += 1
        }
        self.start = start
        self.targets = targets
    }

    func length(from a: RoadSnap, to b: RoadSnap) -> Double {
        guard let se = graph.edge(onRoad: a.roadIndex, atMeasure: a.measureMeters),
              let te = graph.edge(onRoad: b.roadIndex, atMeasure: b.measureMeters) else { return .infinity }
        let s = graph.edges[se], t = graph.edges[te]
        let n = graph.nodes.count
        var dist = [Double](repeating: .infinity, count: n)
        var settled = [Bool](repeating: false, count: n)
        dist[s.fromNode] = min(dist[s.fromNode], a.measureMeters - s.fromMeters)
        dist[s.toNode] = min(dist[s.toNode], s.toMeters - a.measureMeters)
        var best = se == te ? abs(b.measureMeters - a.measureMeters) : .infinity
        while true {
            var v = -1, d = Double.infinity
            for i in 0..<n where !settled[i] && dist[i] < d { d = dist[i]; v = i }
            if v < 0 || d >= best { break }
            settled[v] = true
            if v == t.fromNode { best = min(best, d + b.measureMeters - t.fromMeters) }
            if v == t.toNode { best = min(best, d + t.toMeters - b.measureMeters) }
            for k in start[v]..<start[v + 1] {
                let (w, l) = targets[k]
                if d + l < dist[w] { dist[w] = d + l }
            }
        }
        return best
    }
}
