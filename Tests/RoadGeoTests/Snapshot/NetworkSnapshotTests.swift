import Foundation
import Testing
@testable import RoadGeo

@Suite("Network snapshot files")
struct NetworkSnapshotFileTests {
    func assertEqual(_ a: RoadNetwork, _ b: RoadNetwork) {
        #expect(a.roads == b.roads)
        #expect(a.segments == b.segments)
        #expect(a.owners == b.owners)
        #expect(a.tree.boxes == b.tree.boxes && a.tree.indices == b.tree.indices && a.tree.levelBounds == b.tree.levelBounds)
    }

    @Test("round trip through a file: same roads, properties, segments and index; snaps agree", arguments: ["moscow", "andorra"])
    func roundTrip(_ name: String) throws {
        let network = name == "moscow" ? TopologyFixtures.moscow : TopologyFixtures.andorra
        #expect(network.roads.count > 500)
        #expect(network.roads.contains { !$0.properties.isEmpty })
        let path = try Fixtures.temporaryDirectory().appendingPathComponent("\(name).rgnet").path
        try network.writeSnapshot(to: path)
        #expect(try RoadFileFormat(contentsOf: path) == .snapshot)
        #expect(try RoadFileFormat(contentsOf: Fixtures.data("moscow_roads.geojson")) == .geoJSON)
        let loaded = try RoadNetwork(snapshotAt: path)
        assertEqual(network, loaded)
        #expect(loaded.snapshot() == network.snapshot())   // deterministic bytes (keys sorted)
        var rng = SplitMix64(seed: 77)
        let box = network.tree.boxes[network.tree.boxes.count - 1]
        for _ in 0..<500 {
            let p = Coordinate(Double.random(in: box.minX...box.maxX, using: &rng), Double.random(in: box.minY...box.maxY, using: &rng))
            let options = SnapOptions(maxDistanceMeters: 100)
            #expect(network.snap(p, options: options) == loaded.snap(p, options: options))
        }
    }

    @Test("hostile header counts, a truncated file and a missing file give typed errors naming the file")
    func hostile() throws {
        let bytes = RoadNetwork(roads: Array(TopologyFixtures.moscow.roads.prefix(30))).snapshot()
        func patched(_ offset: Int, _ value: UInt64) -> [UInt8] {
            var b = bytes
            withUnsafeBytes(of: value.littleEndian) { for (i, x) in $0.enumerated() { b[offset + i] = x } }
            return b
        }
        // Road count, payload length, checksum.
        for offset in [16, 24, 32] {
            for value: UInt64 in [UInt64.max, UInt64(Int.max), 1 << 40, UInt64(bytes.count)] {
                let b = patched(offset, value)
                #expect(throws: RoadNetworkError.self) { try RoadNetwork(snapshot: b) }
            }
        }
        let directory = try Fixtures.temporaryDirectory()
        let cut = directory.appendingPathComponent("cut.rgnet").path
        try Data(bytes.prefix(bytes.count / 2)).write(to: URL(fileURLWithPath: cut))
        do {
            _ = try RoadNetwork(snapshotAt: cut)
            Issue.record("expected an error")
        } catch {
            #expect(error.path == cut && error.kind == .truncated && "\(error)".hasPrefix("\(cut): network snapshot: "))
        }
        let none = directory.appendingPathComponent("none.rgnet").path
        #expect { try RoadNetwork(snapshotAt: none) } throws: { error in
            let e = error as? RoadNetworkError
            return e?.kind == .io && e?.path == none && e?.message.hasPrefix("cannot read the network snapshot") == true
                && "\(error)".hasPrefix("\(none): cannot read the network snapshot")
        }
        #expect(throws: RoadNetworkError.self) { try RoadNetwork(roads: []).writeSnapshot(to: "/nonexistent-dir/x.rgnet") }
    }

    @Test("seeded bit flips anywhere in a real snapshot give a typed error, never a crash")
    func bitFlips() throws {
        let bytes = RoadNetwork(roads: Array(TopologyFixtures.andorra.roads.prefix(40))).snapshot()
        var rng = SplitMix64(seed: 3)
        for _ in 0..<300 {
            var corrupt = bytes
            let position = Int.random(in: 0..<bytes.count, using: &rng)
            corrupt[position] ^= UInt8(1) << UInt8(Int.random(in: 0..<8, using: &rng))
            #expect(throws: RoadNetworkError.self) { try RoadNetwork(snapshot: corrupt) }
        }
    }
}
