import Foundation
import Testing
@testable import RoadGeo

@Suite("Splitting roads and snapping sections on real roads")
struct SplittingAndSectionTests {
    let network = TopologyFixtures.moscow

    /// Joins pieces dropping each repeated joint.
    func joined(_ pieces: [RoadPiece]) -> [Coordinate] {
        var out: [Coordinate] = []
        for p in pieces {
            for c in p.line.coordinates where out.last != c { out.append(c) }
        }
        return out
    }

    @Test("split every 100 m: pieces keep id and properties, lengths add up, joining gives the original line")
    func splitEvery() throws {
        let pieces = try network.split(every: 100)
        var byRoad: [Int: [RoadPiece]] = [:]
        for p in pieces { byRoad[p.roadIndex, default: []].append(p) }
        #expect(byRoad.count == network.roads.count)
        for (r, list) in byRoad {
            let road = network.roads[r]
            #expect(list.allSatisfy { $0.roadID == road.id && $0.properties == road.properties })
            #expect(list.count == max(1, Int((road.line.lengthMeters / 100).rounded(.up))) || road.line.lengthMeters.truncatingRemainder(dividingBy: 100) < 1e-6)
            #expect(list.first?.fromMeters == 0 && list.last?.toMeters == road.line.lengthMeters)
            for (k, p) in list.enumerated().dropLast() { #expect(p.toMeters == Double(k + 1) * 100) }
            let sum = list.reduce(0) { $0 + $1.line.lengthMeters }
            #expect(abs(sum - road.line.lengthMeters) < 1e-6 * max(1, road.line.lengthMeters))
            // The original vertices all come back, in order, with only cut points between them.
            let merged = joined(list)
            var k = 0
            for c in merged where k < road.line.line.coordinates.count && c == road.line.line.coordinates[k] { k += 1 }
            #expect(k == road.line.line.coordinates.count)
            #expect(merged.first == road.line.line.coordinates.first && merged.last == road.line.line.coordinates.last)
        }
        #expect(throws: LinearReferencingError.self) { try network.split(every: 0) }
        #expect(throws: LinearReferencingError.self) { try network.split(every: .nan) }
    }

    @Test("split at measures: only the named roads are cut, each at its measures")
    func splitAtMeasures() throws {
        let r = try #require(network.roads.indices.first { network.roads[$0].line.lengthMeters > 500 })
        let length = network.roads[r].line.lengthMeters
        let pieces = network.split(atMeasures: [r: [300, 100, -5, length + 1, .nan]])
        #expect(pieces.count == network.roads.count + 2)
        let cut = pieces.filter { $0.roadIndex == r }
        #expect(cut.map(\.fromMeters) == [0, 100, 300])
        #expect(cut.map(\.toMeters) == [100, 300, length])
        #expect(cut[1].line.coordinates.first == network.roads[r].line.coordinate(atMeasure: 100))
    }

    @Test("section snapping with the graph: one road gives its stretch; different roads a connected path; far points unmatched")
    func sectionSnapping() throws {
        let graph = try #require(TopologyFixtures.moscowGraph)
        var rng = SplitMix64(seed: 9)
        var sameRoad = 0, paths = 0
        for _ in 0..<200 {
            let r = Int.random(in: 0..<network.roads.count, using: &rng)
            let line = network.roads[r].line
            guard line.lengthMeters > 50 else { continue }
            let m1 = Double.random(in: 0...line.lengthMeters, using: &rng)
            let m2 = Double.random(in: 0...line.lengthMeters, using: &rng)
            let p1 = line.coordinate(atMeasure: m1), p2 = line.coordinate(atMeasure: m2)
            let answer = network.snapSection(from: p1, to: p2, options: SnapOptions(maxDistanceMeters: 20), graph: graph)
            guard case .section(let road, let a, let b) = answer else {
                Issue.record("two points on one road must give a section of a road they share: \(answer)")
                continue
            }
            sameRoad += 1
            // Both points lie on the chosen road, at the section's measures.
            let on = network.roads[road].line
            let l1 = on.locate(p1), l2 = on.locate(p2)
            #expect(l1.distanceMeters < 0.01 && l2.distanceMeters < 0.01)
            #expect(abs(l1.measureMeters - a.measureMeters) < 0.01 && abs(l2.measureMeters - b.measureMeters) < 0.01)
            if road == r { #expect(abs(a.measureMeters - m1) < 0.01 && abs(b.measureMeters - m2) < 0.01) }
        }
        #expect(sameRoad > 100)
        // Points on two roads far apart: a path between the nearest snaps, as long as Bellman-Ford's.
        for r in stride(from: 1, to: network.roads.count, by: 7) {
            let p = network.roads[0].line.coordinate(atMeasure: 10)
            let q = network.roads[r].line.coordinate(atMeasure: network.roads[r].line.lengthMeters / 2)
            guard LocalRuler.distance(p, q) > 300, let a = network.snap(p), let b = network.snap(q),
                  let expected = bellmanFordLength(graph, from: a, to: b) else { continue }
            guard case .path(let path, let x, let y) = network.snapSection(from: p, to: q, graph: graph) else {
                Issue.record("expected a path"); continue
            }
            #expect(x == a && y == b)
            #expect(abs(path.lengthMeters - expected) < 1e-6 * max(1, expected))
            #expect(path.sections.first?.roadIndex == a.roadIndex && path.sections.last?.roadIndex == b.roadIndex)
            paths += 1
            if paths >= 20 { break }
        }
        #expect(paths > 0)
        let far = Coordinate(0, 0)
        #expect(network.snapSection(from: far, to: network.roads[0].line.coordinate(atMeasure: 0), graph: graph)
                == .unmatched(startMatched: false, endMatched: true))
    }
}
