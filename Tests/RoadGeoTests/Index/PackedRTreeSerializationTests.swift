import Foundation
import Testing
@testable import RoadGeo

@Suite("PackedRTree serialization")
struct PackedRTreeSerializationTests {
    /// Segment boxes of the bundled Moscow road network (read with JSONSerialization).
    static func moscowSegmentBoxes() throws -> [BoundingBox] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Fixtures.data("moscow_roads.geojson")))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let features = try #require(root["features"] as? [[String: Any]])
        var boxes: [BoundingBox] = []
        for f in features {
            guard let g = f["geometry"] as? [String: Any], let type = g["type"] as? String else { continue }
            let parts: [[[Double]]]
            if type == "LineString" { parts = [g["coordinates"] as? [[Double]] ?? []] }
            else if type == "MultiLineString" { parts = g["coordinates"] as? [[[Double]]] ?? [] }
            else { continue }
            for part in parts where part.count >= 2 {
                for i in 1..<part.count {
                    boxes.append(BoundingBox(Coordinate(part[i - 1][0], part[i - 1][1]), Coordinate(part[i][0], part[i][1])))
                }
            }
        }
        return boxes
    }

    @Test("a real tree round-trips: same layout, same answers")
    func roundTrip() throws {
        let boxes = try Self.moscowSegmentBoxes()
        #expect(boxes.count > 1000)
        for nodeSize in [4, 16] {
            let tree = PackedRTree(boxes: boxes, nodeSize: nodeSize)
            let bytes = tree.serialized()
            #expect(bytes.count == 48 + tree.levelBounds.count * 8 + tree.boxes.count * 36)
            let back = try PackedRTree(serialized: bytes)
            #expect(back.count == tree.count && back.nodeSize == nodeSize)
            #expect(back.boxes == tree.boxes && back.indices == tree.indices && back.levelBounds == tree.levelBounds)
            var rng = SplitMix64(seed: 3)
            for _ in 0..<50 {
                let w = randomWindow(boxes, sizeDegrees: 0.005, rng: &rng)
                #expect(back.search(w).sorted() == (0..<boxes.count).filter { boxes[$0].intersects(w) })
            }
        }
        for n in [0, 1, 17] {
            let small = PackedRTree(boxes: Array(boxes.prefix(n)))
            let back = try PackedRTree(serialized: small.serialized())
            #expect(back.count == n && back.boxes == small.boxes)
        }
    }

    @Test("every truncation and trailing byte is rejected with a message")
    func truncations() throws {
        let tree = PackedRTree(boxes: Array(try Self.moscowSegmentBoxes().prefix(300)))
        let bytes = tree.serialized()
        for length in 0..<bytes.count {
            #expect(throws: RTreeError.self) { try PackedRTree(serialized: Array(bytes.prefix(length))) }
        }
        #expect(throws: RTreeError.self) { try PackedRTree(serialized: bytes + [0]) }
        do {
            _ = try PackedRTree(serialized: Array(bytes.prefix(20)))
            Issue.record("truncated header accepted")
        } catch {
            #expect(error == RTreeError(.truncated, "packed R-tree: buffer of 20 bytes is shorter than the 48-byte header"))
        }
    }

    @Test("every single-bit flip of a real serialized tree is rejected")
    func bitFlips() throws {
        let tree = PackedRTree(boxes: Array(try Self.moscowSegmentBoxes().prefix(60)), nodeSize: 4)
        let bytes = tree.serialized()
        var rejected = 0
        for bit in 0..<(bytes.count * 8) {
            var corrupt = bytes
            corrupt[bit / 8] ^= UInt8(1 << (bit % 8))
            do {
                _ = try PackedRTree(serialized: corrupt)
            } catch {
                #expect(!error.message.isEmpty)
                rejected += 1
            }
        }
        #expect(rejected == bytes.count * 8)
    }

    @Test("header fields are checked before use: huge counts do not allocate")
    func hostileHeader() throws {
        var bytes = PackedRTree(boxes: [BoundingBox(Coordinate(1, 2))]).serialized()
        // Item count 2^31 with a consistent-looking node count: rejected by size, not by allocating.
        bytes.replaceSubrange(16..<24, with: withUnsafeBytes(of: UInt64(1 << 31).littleEndian, Array.init))
        #expect(throws: RTreeError.self) { try PackedRTree(serialized: bytes) }
        var version = PackedRTree(boxes: []).serialized()
        version[8] = 9
        do {
            _ = try PackedRTree(serialized: version)
            Issue.record("unknown version accepted")
        } catch {
            #expect(error.message.contains("unsupported version 9"))
        }
    }
}
