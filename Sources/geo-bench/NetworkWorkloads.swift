import Foundation
import RoadGeo

extension Workloads {
    /// N2: road topology. Building `RoadGraph` (shared vertices + same-level crossings found
    /// through the segment R-tree) against what a GEOS pipeline does first: `GEOSNode_r` on each
    /// level class (layer, bridge, tunnel) of the same roads. Then shortest paths between
    /// random snapped points on the graph: A* with a reused scratch against the plain Dijkstra
    /// that allocates per query (the previous search), same pairs, same run.
    static let roadGraph = Workload(id: "N2", title: "road graph build (vs GEOSNode_r per level) and shortest paths") { context, reporter in
        let network = try RoadNetwork(contentsOfGeoJSON: context.roadsPath)
        var classes: [String: [Polyline]] = [:]
        for road in network.roads { classes[levelClass(road), default: []].append(road.line.line) }
        let groups = Array(classes.values)
        let ours = measure("N2", "RoadGraph build", n: network.segmentCount, context: context) {
            RoadGraph(network).nodeCount
        }
        reporter.record(ours)
        var pieces = 0
        let geos = try measure("N2", "GEOSNode_r per level", n: network.segmentCount, context: context) {
            let context = try GEOSContext()
            var count = 0
            for lines in groups where lines.count > 1 { count += try context.node(lines).count }
            pieces = count
            return count
        }
        reporter.record(geos)
        reporter.ratio(ours, over: geos)
        let graph = RoadGraph(network)
        reporter.note("N2", "\(graph.nodeCount) nodes over \(groups.count) level classes; GEOS noding gives \(pieces) pieces (before any graph is built from them)")

        var rng = SplitMix64(seed: 42)
        func randomSnap() -> RoadSnap {
            let r = Int.random(in: 0..<network.roads.count, using: &rng)
            let line = network.roads[r].line
            return RoadSnap(roadIndex: r, location: line.location(atMeasure: Double.random(in: 0...line.lengthMeters, using: &rng)))
        }
        let pairs = (0..<50).map { _ in (randomSnap(), randomSnap()) }
        var connected = 0
        var scratch = RoadGraph.SearchScratch()
        var lengths: [Double] = []
        let paths = measure("N2", "paths, A* + reused scratch", n: pairs.count, context: context) {
            lengths = pairs.map { graph.path(from: $0.0, to: $0.1, scratch: &scratch)?.lengthMeters ?? -1 }
            connected = lengths.filter { $0 >= 0 }.count
            return connected
        }
        reporter.record(paths)
        var baselineLengths: [Double] = []
        let plain = DijkstraPaths(graph)
        let dijkstra = measure("N2", "paths, plain Dijkstra (previous)", n: pairs.count, context: context) {
            baselineLengths = pairs.map { plain.lengthMeters(from: $0.0, to: $0.1) ?? -1 }
            return baselineLengths.filter { $0 >= 0 }.count
        }
        reporter.record(dijkstra)
        reporter.ratio(paths, over: dijkstra)
        let differing = zip(lengths, baselineLengths).filter { abs($0 - $1) > 1e-9 * Swift.max(1, abs($1)) }.count
        reporter.note("N2", String(format: "%d of %d random pairs across the whole network connected; paths/s: A* %.0f, Dijkstra %.0f; %d lengths differ",
                                   connected, pairs.count, Double(pairs.count) / paths.seconds, Double(pairs.count) / dijkstra.seconds, differing))
    }
}

/// The level class of a road as RoadGraph reads it: layer (default 0), bridge, tunnel.
private func levelClass(_ road: Road) -> String {
    func flag(_ key: String) -> Bool {
        guard let v = road.text(key)?.lowercased() else { return false }
        return v != "no" && v != "false" && v != "0" && !v.isEmpty
    }
    let layer = road.text("layer").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
    return "\(layer)|\(flag("bridge"))|\(flag("tunnel"))"
}
