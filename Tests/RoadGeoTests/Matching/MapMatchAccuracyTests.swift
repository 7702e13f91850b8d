import Foundation
import Testing
@testable import RoadGeo

/// Map matching on simulated drives over the real Heidelberg network (routes between random
/// positions, Gaussian GPS noise, sampling intervals), against the known route.
@Suite("Map matching accuracy on Heidelberg")
struct MapMatchAccuracyTests {
    /// The roads a car can drive on (OSM highway classes; footways, paths, tracks and steps left out).
    static let network: RoadNetwork? = {
        guard let all = try? RoadNetwork(contentsOf: Fixtures.data("heidelberg_roads.geojson")) else { return nil }
        let drivable: Set<String> = ["motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
                                     "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified",
                                     "residential", "living_street", "service", "road"]
        return RoadNetwork(roads: all.roads.filter { drivable.contains($0.text("highway") ?? "") })
    }()

    struct Outcome {
        var mismatch: Double
        var naiveMismatch: Double
        var detours: Int
        var traces: Int
    }

    /// Mean route mismatch of the matcher and of snapping each fix to its nearest road (joined by
    /// shortest paths), over `count` traces.
    static func evaluate(_ network: RoadNetwork, graph: RoadGraph, sigma: Double, interval: Double, count: Int,
                         outliers: Double = 0, seed: UInt64) -> Outcome {
        var sim = TraceSimulator(network: network, graph: graph, random: SplitMix64(seed: seed))
        var scratch = MatchScratch(), paths = RoadGraph.SearchScratch()
        var total = 0.0, naive = 0.0, detours = 0, n = 0
        for _ in 0..<count {
            guard let trace = sim.trace(interval: interval, sigma: sigma, outliers: outliers) else { continue }
            let result = network.match(trace.fixes, times: trace.times, graph: graph,
                                       options: MatchOptions(sigmaMeters: sigma), scratch: &scratch)
            let matched = result.pieces.flatMap(\.stretches)
            let m = MapMatch.routeMismatch(truth: trace.truth.stretches, matched: matched)
            total += m
            if result.lengthMeters > 1.5 * trace.truth.lengthMeters { detours += 1 }
            // The baseline: every fix to its nearest road, consecutive snaps joined by shortest paths.
            let snaps = trace.fixes.compactMap { network.snap($0, options: SnapOptions(maxDistanceMeters: 4 * sigma + 50)) }
            var joined: [RoadStretch] = []
            for (a, b) in zip(snaps, snaps.dropFirst()) {
                if let p = graph.path(from: a, to: b, scratch: &paths) { joined += p.stretches }
            }
            naive += MapMatch.routeMismatch(truth: trace.truth.stretches, matched: RoadGraph.merged(joined))
            n += 1
        }
        return Outcome(mismatch: total / Double(max(n, 1)), naiveMismatch: naive / Double(max(n, 1)), detours: detours, traces: n)
    }

    @Test("sigma 10 m, a fix every 5 s: under 5% route mismatch, no detours, far better than nearest-road snapping")
    func sigma10interval5() throws {
        let network = try #require(Self.network)
        let graph = RoadGraph(network)
        let o = Self.evaluate(network, graph: graph, sigma: 10, interval: 5, count: 30, seed: 19)
        print("sigma 10, 5 s: mismatch \(o.mismatch), nearest-road \(o.naiveMismatch), detours \(o.detours) of \(o.traces)")
        #expect(o.traces == 30)
        #expect(o.mismatch < 0.05)
        #expect(o.detours == 0)
        #expect(o.mismatch < o.naiveMismatch / 2)
    }

    @Test("noise and sampling grid: better than nearest-road snapping, no detours up to 20 m of noise", arguments: [(5.0, 1.0), (20.0, 10.0), (30.0, 30.0), (20.0, 1.0), (30.0, 1.0)])
    func grid(sigma: Double, interval: Double) throws {
        let network = try #require(Self.network)
        let graph = RoadGraph(network)
        let o = Self.evaluate(network, graph: graph, sigma: sigma, interval: interval, count: 20, outliers: 0.01, seed: 7)
        print("sigma \(sigma), \(interval) s, 1% outliers: mismatch \(o.mismatch), nearest-road \(o.naiveMismatch), detours \(o.detours) of \(o.traces)")
        #expect(o.mismatch < o.naiveMismatch)
        // Up to 20 m of noise no matched route is 1.5x the true one; at 30 m with a fix every
        // second some still are (the matched positions jitter by more than the 2 σ tolerance).
        if sigma <= 20 { #expect(o.detours == 0) }
    }
}
