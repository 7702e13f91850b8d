import Foundation
import Testing
@testable import RoadGeo

@Suite("Road network snapshot")
struct RoadNetworkSnapshotTests {
    let network: RoadNetwork = (try? RoadNetwork(contentsOfGeoJSON: Fixtures.data("moscow_roads.geojson"))) ?? RoadNetwork(roads: [])

    @Test("save and load gives the same roads, attributes and snaps")
    func roundTrip() throws {
        #expect(network.roads.count == 588)
        let bytes = network.snapshot()
        let loaded = try RoadNetwork(snapshot: bytes)
        #expect(loaded.roads == network.roads)
        #expect(loaded.segmentCount == network.segmentCount)
        #expect(loaded.snapshot() == bytes)
        var rng = SplitMix64(seed: 31)
        let box = network.roads.reduce(BoundingBox.empty) { $0.union($1.line.line.boundingBox) }
        let points = (0..<2_000).map { _ in
            Coordinate(Double.random(in: box.minX...box.maxX, using: &rng), Double.random(in: box.minY...box.maxY, using: &rng))
        }
        #expect(loaded.snap(points, threads: 1) == network.snap(points, threads: 1))
        #expect(try RoadNetwork(snapshot: RoadNetwork(roads: []).snapshot()).roads.isEmpty)
    }

    @Test("a truncated snapshot is a typed error at every length")
    func truncated() {
        let bytes = network.snapshot()
        var lengths = Array(stride(from: 0, to: bytes.count, by: 997))
        lengths += [7, 39, 40, 41, bytes.count - 1]
        for n in lengths {
            #expect(throws: RoadNetworkError.self) { try RoadNetwork(snapshot: Array(bytes.prefix(n))) }
        }
        #expect(throws: RoadNetworkError.self) { try RoadNetwork(snapshot: bytes + [0]) }
    }

    @Test("flipped bits, a wrong version and an impossible road count are typed errors")
    func corrupt() {
        let bytes = network.snapshot()
        var rng = SplitMix64(seed: 32)
        for _ in 0..<50 {
            var copy = bytes
            let at = Int.random(in: 0..<copy.count, using: &rng)
            copy[at] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            #expect(throws: RoadNetworkError.self) { try RoadNetwork(snapshot: copy) }
        }
        var version = bytes
        version[8] = 9
        #expect(throws: RoadNetworkError.self) { try RoadNetwork(snapshot: version) }
        var count = bytes
        for k in 16..<24 { count[k] = 0xFF }
        do {
            _ = try RoadNetwork(snapshot: count)
            Issue.record("a road count of 2^64 - 1 must fail")
        } catch {
            #expect(error.message.contains("cannot fit"))
        }
    }

    @Test("an index built for other roads is refused even with a valid checksum")
    func mismatchedIndex() throws {
        let other = RoadNetwork(lines: TestRoadLines.moscow.reversed())
        let forged = RoadNetwork(roads: network.roads, tree: other.tree).snapshot()
        do {
            _ = try RoadNetwork(snapshot: forged)
            Issue.record("a foreign index must fail")
        } catch {
            #expect(error.message.contains("index"))
        }
    }
}
