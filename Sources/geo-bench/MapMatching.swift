import Foundation
import RoadGeo

extension Workloads {
    /// W10: GPS traces to roads. Simulated drives on the network's drivable roads (shortest
    /// paths between random positions, 2-8 km, 12 m/s, Gaussian noise σ 10 m) sampled every
    /// 1 s and every 10 s; `RoadNetwork.match` (HMM + Viterbi) on one thread and on all,
    /// against the baseline a user writes without it in the same run: each fix snapped to its
    /// nearest road and consecutive snaps joined by A* paths. Fixes/s and the route mismatch
    /// fraction of each against the true routes.
    static let mapMatching = Workload(id: "W10", title: "map matching: HMM fixes/s, 1 and N threads, vs nearest road + A*") { context, reporter in
        let all = try RoadNetwork(contentsOf: context.roadsPath)
        let network = RoadNetwork(roads: all.roads.filter { drivable.contains($0.text("highway") ?? "") })
        let graph = RoadGraph(network)
        let sigma = 10.0
        let options = MatchOptions(sigmaMeters: sigma)
        for (interval, count) in [(1.0, 60), (10.0, 400)] {
            var rng = SplitMix64(seed: 10)
            let drives = (0..<count).compactMap { _ in simulateDrive(network, graph, interval: interval, sigma: sigma, rng: &rng) }
            let traces = drives.map(\.fixes)
            let fixes = traces.reduce(0) { $0 + $1.count }
            let label = "\(Int(interval)) s"
            var matched: [MapMatch] = []
            let one = measure("W10", "match, \(label), 1 thread", n: fixes, context: context) {
                matched = network.match(traces, graph: graph, options: options, threads: 1)
                return matched.count
            }
            reporter.record(one)
            let many = measure("W10", "match, \(label), \(context.threads) threads", n: fixes, context: context) {
                network.match(traces, graph: graph, options: options, threads: context.threads).count
            }
            reporter.record(many)
            var joined: [[RoadStretch]] = []
            let naive = measure("W10", "nearest road + A*, \(label), 1 thread", n: fixes, context: context) {
                var query = RTreeQueryScratch(), paths = RoadGraph.SearchScratch()
                joined = traces.map { fixes in
                    let snaps = fixes.compactMap { network.snap($0, options: SnapOptions(maxDistanceMeters: 50), scratch: &query) }
                    var stretches: [RoadStretch] = []
                    for (a, b) in zip(snaps, snaps.dropFirst()) {
                        if let p = graph.path(from: a, to: b, scratch: &paths) { stretches += p.stretches }
                    }
                    return stretches
                }
                return joined.count
            }
            reporter.record(naive)
            reporter.ratio(many, over: one)
            reporter.ratio(one, over: naive)
            let ours = zip(drives, matched).map { MapMatch.routeMismatch(truth: $0.truth, matched: $1.pieces.flatMap(\.stretches)) }
            let theirs = zip(drives, joined).map { MapMatch.routeMismatch(truth: $0.truth, matched: $1) }
            let detours = zip(drives, matched).filter { $1.lengthMeters > 1.5 * $0.lengthMeters }.count
            reporter.note("W10", String(format: "%@: %d traces, %d fixes; route mismatch %.1f%% (HMM) vs %.1f%% (nearest road + A*); %d detours over 1.5x; %.0f fixes/s on 1 thread",
                                        label, drives.count, fixes, 100 * mean(ours), 100 * mean(theirs), detours,
                                        Double(fixes) / one.seconds))
        }
    }

    /// OSM highway classes a car drives on.
    static let drivable: Set<String> = ["motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
                                        "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified",
                                        "residential", "living_street", "service", "road"]
}

/// A simulated drive: noisy fixes along a shortest path, and that path.
private struct Drive {
    var fixes: [Coordinate]
    var truth: [RoadStretch]
    var lengthMeters: Double
}

private func simulateDrive(_ network: RoadNetwork, _ graph: RoadGraph, interval: Double, sigma: Double,
                           rng: inout SplitMix64) -> Drive? {
    func position() -> RoadSnap {
        let r = Int.random(in: 0..<network.roads.count, using: &rng)
        let line = network.roads[r].line
        return RoadSnap(roadIndex: r, location: line.location(atMeasure: Double.random(in: 0...line.lengthMeters, using: &rng)))
    }
    for _ in 0..<200 {
        let a = position(), b = position()
        guard LocalRuler.distance(a.coordinate, b.coordinate) < 8_000, let path = graph.path(from: a, to: b),
              (2_000...8_000).contains(path.lengthMeters) else { continue }
        var fixes: [Coordinate] = []
        var along = 0.0, passed = 0.0
        for s in path.stretches {
            let line = network.road(of: s).line
            while along <= passed + s.lengthMeters {
                let m = s.fromMeters <= s.toMeters ? s.fromMeters + (along - passed) : s.fromMeters - (along - passed)
                let c = line.coordinate(atMeasure: m)
                let ruler = LocalRuler(latitude: c.latitude)
                let u = Swift.max(Double.random(in: 0..<1, using: &rng), 1e-300), v = Double.random(in: 0..<1, using: &rng)
                let r = sigma * (-2 * log(u)).squareRoot()
                fixes.append(Coordinate(c.longitude + r * cos(2 * .pi * v) / ruler.metersPerDegreeLongitude,
                                        c.latitude + r * sin(2 * .pi * v) / ruler.metersPerDegreeLatitude))
                along += 12 * interval
            }
            passed += s.lengthMeters
        }
        return Drive(fixes: fixes, truth: path.stretches, lengthMeters: path.lengthMeters)
    }
    return nil
}

private func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count) }
