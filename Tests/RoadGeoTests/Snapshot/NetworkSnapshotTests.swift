import Foundation
import Testing
@testable import RoadGeo

@Suite("Network snapshot")
struct NetworkSnapshotTests {
    func assertEqual(_ a: RoadNetwork, _ b: RoadNetwork) {
        #expect(a.roads == b.roads)
        #expect(a.segments == b.segments)
        #expect(a.owners == b.owners)
        #expect(a.tree.boxes == b.tree.boxes && a.tree.indices == b.tree.indices && a.tree.levelBounds == b.tree.levelBounds)
    }

    @Test("round trip through a file gives the same roads, attributes, segments and index; snaps agree", arguments: ["moscow", "andorra"])
    func roundTrip(_ name: String) throws {
        let network = name == "moscow" ? TopologyFixtures.moscow : TopologyFixtures.andorra
        #expect(network.roads.count > 500)
        #expect(network.roads.contains { !$0.attributes.isEmpty })
        let directory = try Fixtures.temporaryDirectory()
        let path = directory.appendingPathComponent("\(name).rgnet").path
        try network.writeSnapshot(to: path)
        let loaded = try RoadNetwork(snapshotAt: path)
        assertEqual(network, loaded)
        // Deterministic bytes (attribute keys sorted).
        #expect(loaded.snapshot() == network.snapshot())
        var rng = SplitMix64(seed: 77)
        let box = network.tree.boxes[network.tree.boxes.count - 1]
        for _ in 0..<500 {
            let p = Coordinate(Double.random(in: box.minX...box.maxX, using: &rng), Double.random(in: box.minY...box.maxY, using: &rng))
            #expect(network.snap(p, options: SnapOptions(maxDistanceMeters: 100)) == loaded.snap(p, options: SnapOptions(maxDistanceMeters: 100)))
        }
    }

    @Test("an empty network round-trips")
    func empty() throws {
        let bytes = RoadNetwork(roads: []).snapshot()
        let again = try bytes.withUnsafeBytes { try RoadNetwork(snapshot: $0) }
        #expect(again.roads.isEmpty && again.segmentCount == 0)
    }

    @Test("every truncation gives a typed error")
    func truncation() throws {
        let network = RoadNetwork(roads: Array(TopologyFixtures.moscow.roads.prefix(40)))
        let bytes = network.snapshot()
        var cuts = Array(stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)))
        cuts += [bytes.count - 1, 63, 64, 65]
        for n in cuts {
            let piece = Array(bytes.prefix(n))
            #expect(throws: NetworkSnapshotError.self) { try piece.withUnsafeBytes { try RoadNetwork(snapshot: $0) } }
        }
        let trailing = bytes + [0]
        #expect(throws: NetworkSnapshotError.self) { try trailing.withUnsafeBytes { try RoadNetwork(snapshot: $0) } }
    }

    @Test("every single-bit flip gives a typed error, never a crash or a different network")
    func bitFlips() throws {
        let network = RoadNetwork(roads: Array(TopologyFixtures.moscow.roads.prefix(25)))
        let bytes = network.snapshot()
        var rng = SplitMix64(seed: 3)
        var positions = Array(0..<64)   // the whole header
        positions += (0..<400).map { _ in Int.random(in: 64..<bytes.count, using: &rng) }
        for position in positions {
            var corrupt = bytes
            corrupt[position] ^= UInt8(1) << UInt8(Int.random(in: 0..<8, using: &rng))
            #expect(throws: NetworkSnapshotError.self) { try corrupt.withUnsafeBytes { try RoadNetwork(snapshot: $0) } }
        }
    }

    @Test("hostile headers: huge counts, wrong version, wrong magic, missing file")
    func hostileHeaders() throws {
        let bytes = RoadNetwork(roads: Array(TopologyFixtures.moscow.roads.prefix(3))).snapshot()
        func patched(_ offset: Int, _ value: UInt64) -> [UInt8] {
            var b = bytes
            withUnsafeBytes(of: value.littleEndian) { for (i, x) in $0.enumerated() { b[offset + i] = x } }
            return b
        }
        for offset in [16, 24, 32, 40, 48] {
            for value: UInt64 in [UInt64.max, UInt64(Int.max), 1 << 40] {
                let b = patched(offset, value)
                #expect(throws: NetworkSnapshotError.self) { try b.withUnsafeBytes { try RoadNetwork(snapshot: $0) } }
            }
        }
        var version = bytes
        version[8] = 9
        do {
            _ = try version.withUnsafeBytes { try RoadNetwork(snapshot: $0, source: "v.rgnet") }
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("v.rgnet") && "\(error)".contains("version 9"))
        }
        var magic = bytes
        magic[0] = UInt8(ascii: "X")
        #expect(throws: NetworkSnapshotError.self) { try magic.withUnsafeBytes { try RoadNetwork(snapshot: $0) } }
        #expect(throws: NetworkSnapshotError.self) { try RoadNetwork(snapshotAt: "/nonexistent/roads.rgnet") }
    }
}
