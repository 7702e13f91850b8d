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

    @Test("split every 100 m: pieces name their road, lengths add up, joining gives the original line")
    func splitEvery() throws {
        let pieces = try network.split(every: 100)
        var byRoad: [Int: [RoadPiece]] = [:]
        for p in pieces { byRoad[p.roadIndex, default: []].append(p) }
        #expect(byRoad.count == network.roads.count)
        for (r, list) in byRoad {
            let road = network.roads[r]
            #expect(list.allSatisfy { network.road(of: $0) == road && $0.stretch.roadIndex == r && !$0.stretch.isReversed })
            #expect(list.count == max(1, Int((road.line.lengthMeters / 100).rounded(.up))) || road.line.lengthMeters.truncatingRemainder(dividingBy: 100) < 1e-6)
            #expect(list.first?.stretch.fromMeters == 0 && list.last?.stretch.toMeters == road.line.lengthMeters)
            for (k, p) in list.enumerated().dropLast() { #expect(p.stretch.toMeters == Double(k + 1) * 100) }
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
        #expect(cut.map(\.stretch.fromMeters) == [0, 100, 300])
        #expect(cut.map(\.stretch.toMeters) == [100, 300, length])
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
            // The same answer as a stretch, in tap order, and as a repair section stored by road id.
            let stretch = try #require(answer.stretch)
            #expect(stretch == RoadStretch(roadIndex: road, fromMeters: a.measureMeters, toMeters: b.measureMeters))
            #expect(stretch.isReversed == (a.measureMeters > b.measureMeters))
            #expect(stretch.lengthMeters == abs(a.measureMeters - b.measureMeters))
            let section = try RepairSection(stretch, in: network, status: .planned)
            #expect(section.roadID == network.road(of: stretch).id && section.status == .planned)
            #expect(section.fromMeters == stretch.measures.lowerBound && section.toMeters == stretch.measures.upperBound)
            // Back to a stretch: the first road with that id (OSM ids can repeat after splitting).
            let back = try #require(section.stretch(in: network))
            #expect(network.roads[back.roadIndex].id == section.roadID && !back.isReversed)
            #expect(back.measures == stretch.measures)
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
            #expect(path.stretches.first?.roadIndex == a.roadIndex && path.stretches.last?.roadIndex == b.roadIndex)
            paths += 1
            if paths >= 20 { break }
        }
        #expect(paths > 0)
        let far = Coordinate(0, 0)
        let unmatched = network.snapSection(from: far, to: network.roads[0].line.coordinate(atMeasure: 0), graph: graph)
        #expect(unmatched == .unmatched(startMatched: false, endMatched: true))
        #expect(unmatched.stretch == nil)
        let unknown = try RepairSection(roadID: "no such road", fromMeters: 0, toMeters: 10)
        #expect(unknown.stretch(in: network) == nil)
    }
}

@Suite("RoadStretch")
struct RoadStretchTests {
    @Test("length, direction, measures and coverage, whichever way it runs")
    func basics() {
        let back = RoadStretch(roadIndex: 2, fromMeters: 900, toMeters: 400)
        #expect(back.lengthMeters == 500 && back.isReversed && back.measures == 400...900)
        #expect(back.covers(400) && back.covers(900) && back.covers(650) && !back.covers(399.99) && !back.covers(.nan))
        let ahead = RoadStretch(roadIndex: 2, fromMeters: 400, toMeters: 900)
        #expect(!ahead.isReversed && ahead.measures == back.measures && ahead != back)
        let point = RoadStretch(roadIndex: 0, fromMeters: 7, toMeters: 7)
        #expect(point.lengthMeters == 0 && !point.isReversed && point.covers(7))
    }
}
