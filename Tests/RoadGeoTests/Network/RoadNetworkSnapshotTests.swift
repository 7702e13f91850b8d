import Foundation
import Testing
@_spi(Fuzzing) @testable import RoadGeo

@Suite("Road network snapshot")
struct RoadNetworkSnapshotTests {
    let network: RoadNetwork = (try? RoadNetwork(contentsOfGeoJSON: Fixtures.data("moscow_roads.geojson"))) ?? RoadNetwork(roads: [])

    @Test("save and load gives the same roads, properties and snaps")
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
        #expect(throws: RoadNetworkError(.truncated, "network snapshot: 7 bytes is shorter than the 40-byte header")) {
            try RoadNetwork(snapshot: Array(bytes.prefix(7)))
        }
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
        #expect { try RoadNetwork(snapshot: version) } throws: { error in
            let e = error as? RoadNetworkError
            return e?.kind == .unsupportedVersion && e?.message.hasPrefix("network snapshot: unsupported version 9 (this build reads") == true
        }
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

    @Test("every property type comes back as it was, in its order, nested values included")
    func typedProperties() throws {
        let line = try Polyline([Coordinate(74.60, 42.87), Coordinate(74.61, 42.88)])
        let properties: JSONObject = [
            "name": "Чуй проспект", "lanes": 4, "width": 12.5, "paved": true, "lit": false, "ref": .null,
            "big": .integer(.max), "tiny": .number(-1e-300), "surface": ["asphalt", 3, .null, .object(["nested": [1, 2]])],
            "repair": .object(["year": 2024, "cost_som": 1_250_000.75, "contractor": "Кыргызжолкурулуш"]), "": "",
        ]
        let network = RoadNetwork(roads: [Road(id: "EM-01", line: line, properties: properties),
                                          Road(id: "EM-02", line: line, properties: [:])])
        let loaded = try RoadNetwork(snapshot: network.snapshot())
        #expect(loaded.roads[0].properties == properties)
        #expect(loaded.roads[0].properties.keys == properties.keys)
        #expect(loaded.roads[0].properties["lanes"] == .integer(4))     // still an integer, not "4"
        #expect(loaded.roads[0].properties["big"]?.int64Value == .max)
        #expect(loaded.roads[1].properties.isEmpty)
        // The Moscow file's nulls and integers survive as such.
        let first = try RoadNetwork(snapshot: self.network.snapshot()).roads[0].properties
        #expect(first["osm_id"] == .integer(14_418_612) && first["name"] == .null)
    }

    @Test("an older snapshot is refused naming its version; bad property bytes name the road and the property")
    func versionsAndPropertyErrors() throws {
        let line = try Polyline([Coordinate(74.60, 42.87), Coordinate(74.61, 42.88)])
        let bytes = RoadNetwork(roads: [Road(id: "a", line: line, properties: ["k": 1])]).snapshot()
        func repaired(_ b: [UInt8]) -> [UInt8] {
            var b = b
            let sum = b.withUnsafeBytes { RoadNetwork.snapshotPayloadChecksum(UnsafeRawBufferPointer(rebasing: $0[40...])) }
            for k in 0..<8 { b[32 + k] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(k))) }
            return b
        }
        var old = bytes
        old[8] = 2
        #expect { try RoadNetwork(snapshot: old) } throws: { error in
            let m = (error as? RoadNetworkError)?.message ?? ""
            return m.contains("unsupported version 2 (this build reads 3)") && m.contains("older RoadGeo")
        }
        // Payload: id (4 + 1 bytes), member count (4), key (4 + 1), then the value's tag at 54.
        #expect(bytes[54] == 3 && repaired(bytes) == bytes)
        var tag = bytes
        tag[54] = 9
        #expect { try RoadNetwork(snapshot: repaired(tag)) } throws: { error in
            (error as? RoadNetworkError)?.message == "network snapshot: road 0 ('a'): properties: 'k': unknown value tag 9"
        }
        var count = bytes
        for k in 45..<49 { count[k] = 0xFF }
        #expect { try RoadNetwork(snapshot: repaired(count)) } throws: { error in
            (error as? RoadNetworkError)?.message.contains("road 0 ('a'): properties: member count truncated or too large") == true
        }
        // Nesting deeper than 64 is refused, not recursed into until the stack runs out.
        var deep: JSONValue = 1
        for _ in 0..<70 { deep = .array([deep]) }
        let nested = RoadNetwork(roads: [Road(id: "a", line: line, properties: ["k": deep])]).snapshot()
        #expect { try RoadNetwork(snapshot: nested) } throws: { error in
            (error as? RoadNetworkError)?.message.contains("nested deeper than 64") == true
        }
    }
}
