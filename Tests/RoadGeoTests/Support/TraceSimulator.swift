import Foundation
@testable import RoadGeo

/// Drives simulated vehicles along shortest paths of a real network and records GPS fixes with
/// known truth: the route (stretches of road) and the true position of every fix.
struct TraceSimulator {
    let network: RoadNetwork
    let graph: RoadGraph
    var random: SplitMix64

    struct Trace {
        var fixes: [Coordinate]
        var times: [Double]
        var truth: RoadGraph.Path
        /// True road position per fix.
        var truePositions: [(road: Int, measure: Double)]
    }

    /// A uniform random number in [0, 1).
    mutating func uniform() -> Double { Double(random.next() >> 11) * 0x1p-53 }

    /// A standard normal number (Box-Muller).
    mutating func normal() -> Double {
        let u = Swift.max(uniform(), 1e-300), v = uniform()
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    /// A random position on the network: a random road (weighted by nothing) at a random measure.
    mutating func randomSnap() -> RoadSnap {
        let r = Int(random.next() % UInt64(network.roads.count))
        let line = network.roads[r].line
        return RoadSnap(roadIndex: r, location: line.location(atMeasure: uniform() * line.lengthMeters))
    }

    /// A route between random positions whose length is within `lengths`, or nil after many tries.
    mutating func route(lengths: ClosedRange<Double>) -> (RoadSnap, RoadSnap, RoadGraph.Path)? {
        var scratch = RoadGraph.SearchScratch()
        for _ in 0..<400 {
            let a = randomSnap(), b = randomSnap()
            guard LocalRuler.distance(a.coordinate, b.coordinate) < lengths.upperBound,
                  let path = graph.path(from: a, to: b, scratch: &scratch), lengths.contains(path.lengthMeters) else { continue }
            return (a, b, path)
        }
        return nil
    }

    /// A trace along a route at `speed` m/s, a fix every `interval` s, Gaussian noise of `sigma`
    /// metres, and each fix an outlier 100-300 m off with probability `outliers`.
    mutating func trace(lengths: ClosedRange<Double> = 2_000...8_000, speed: Double = 12, interval: Double,
                        sigma: Double, outliers: Double = 0) -> Trace? {
        guard let (_, _, path) = route(lengths: lengths) else { return nil }
        var fixes: [Coordinate] = [], times: [Double] = [], positions: [(Int, Double)] = []
        let step = speed * interval
        var along = 0.0, passed = 0.0
        for s in path.stretches {
            let line = network.road(of: s).line
            while along <= passed + s.lengthMeters {
                let into = along - passed
                let m = s.fromMeters <= s.toMeters ? s.fromMeters + into : s.fromMeters - into
                let c = line.coordinate(atMeasure: m)
                let ruler = LocalRuler(latitude: c.latitude)
                var east = sigma * normal(), north = sigma * normal()
                if uniform() < outliers {
                    let angle = 2 * .pi * uniform(), off = 100 + 200 * uniform()
                    east += off * cos(angle)
                    north += off * sin(angle)
                }
                fixes.append(Coordinate(c.longitude + east / ruler.metersPerDegreeLongitude,
                                        c.latitude + north / ruler.metersPerDegreeLatitude))
                times.append(Double(times.count) * interval)
                positions.append((s.roadIndex, m))
                along += step
            }
            passed += s.lengthMeters
        }
        return Trace(fixes: fixes, times: times, truth: path, truePositions: positions)
    }

}
