import Foundation
import Testing
@testable import RoadGeo

/// Truncated and corrupted PBF files give a typed error naming the blob, never a crash.
@Suite("OSM PBF: malformed input")
struct OSMPBFMalformedTests {
    let original = [UInt8](FileManager.default.contents(atPath: Fixtures.data("monaco.osm.pbf")) ?? Data())

    /// Opens and imports bytes; returns the error, if any.
    func attempt(_ bytes: [UInt8]) -> OSMPBFError? {
        do {
            let file = try OSMPBFFile(bytes: bytes, path: "fuzz.osm.pbf")
            _ = try OSMRoadImport(file: file, options: OSMImportOptions(threads: 2))
            return nil
        } catch {
            return error
        }
    }

    @Test("every truncation is a typed error naming the file")
    func truncated() throws {
        try #require(original.count > 100_000)
        var cuts = [0, 1, 3, 4, 5, 13, 100, original.count - 1]
        var rng = SplitMix64(seed: 18)
        for _ in 0..<60 { cuts.append(Int(rng.next() % UInt64(original.count))) }
        for cut in cuts {
            let error = try #require(attempt(Array(original.prefix(cut))), "cut at \(cut) was accepted")
            #expect(error.path == "fuzz.osm.pbf")
            #expect([.truncated, .unexpectedBlock].contains(error.kind), "cut at \(cut): \(error)")
        }
    }

    @Test("corrupted bytes never crash: each run reads or throws a typed error with a blob")
    func corrupted() throws {
        try #require(original.count > 100_000)
        let file = try OSMPBFFile(bytes: original, path: "fuzz.osm.pbf")
        var rng = SplitMix64(seed: 7)
        var errors = 0
        for round in 0..<150 {
            var bytes = original
            // Hit the framing and the zlib streams, and (for raw-encoded tests below) the protobuf.
            let blob = file.blobs[Int(rng.next() % UInt64(file.blobs.count))]
            for _ in 0..<(1 + Int(rng.next() % 4)) {
                let inside = rng.next() % 2 == 0
                let at = inside ? blob.blobRange.lowerBound + Int(rng.next() % UInt64(blob.blobRange.count))
                                : blob.offset + Int(rng.next() % 16)
                bytes[at] = UInt8(truncatingIfNeeded: rng.next())
            }
            if let error = attempt(bytes) {
                errors += 1
                #expect(error.blob != nil || error.kind == .unexpectedBlock, "round \(round): \(error)")
                #expect(!error.message.isEmpty)
            }
        }
        #expect(errors > 75)
    }

    @Test("malformed protobuf inside an uncompressed block: typed errors naming the problem")
    func rawBlocks() throws {
        // A header blob, then one raw OSMData blob holding `block`.
        func file(_ block: [UInt8]) -> [UInt8] {
            func frame(_ type: String, _ payload: [UInt8]) -> [UInt8] {
                let blob = [0x0a] + varint(UInt64(payload.count)) + payload            // Blob.raw
                let header = [0x0a] + varint(UInt64(type.utf8.count)) + Array(type.utf8) + [0x18] + varint(UInt64(blob.count))
                let n = UInt32(header.count)
                return [UInt8(n >> 24), UInt8(n >> 16 & 255), UInt8(n >> 8 & 255), UInt8(n & 255)] + header + blob
            }
            let feature = Array("OsmSchema-V0.6".utf8)
            let headerBlock = [0x22] + varint(UInt64(feature.count)) + feature
            return frame("OSMHeader", headerBlock) + frame("OSMData", block)
        }
        // A string table ["", "highway", "primary"], then a group.
        let strings: [UInt8] = [0x0a, 0x00, 0x0a, 0x07] + Array("highway".utf8) + [0x0a, 0x07] + Array("primary".utf8)
        let table = [0x0a] + varint(UInt64(strings.count)) + strings
        func block(group: [UInt8]) -> [UInt8] { table + [0x12] + varint(UInt64(group.count)) + group }
        func way(_ body: [UInt8]) -> [UInt8] { [0x1a] + varint(UInt64(body.count)) + body }
        func dense(_ body: [UInt8]) -> [UInt8] { [0x12] + varint(UInt64(body.count)) + body }

        // A good way referencing a missing node: imported as lost, not dropped silently.
        let good = way([0x08, 0x05, 0x12, 0x01, 0x01, 0x1a, 0x01, 0x02, 0x42, 0x02, 0x02, 0x02])
        let result = try OSMRoadImport(file: try OSMPBFFile(bytes: file(block(group: good)), path: "t.osm.pbf"))
        #expect(result.report.matchedWayCount == 1)
        #expect(result.report.lostWays == [OSMImportReport.LostWay(wayID: 5, missingNodeCount: 2, firstMissingNodeID: 1)])

        let cases: [(String, [UInt8], OSMPBFError.Kind)] = [
            ("tag index beyond the string table", way([0x08, 0x05, 0x12, 0x01, 0x09, 0x1a, 0x01, 0x02]), .badReference),
            ("more keys than values", way([0x08, 0x05, 0x12, 0x02, 0x01, 0x01, 0x1a, 0x01, 0x02]), .badReference),
            ("an 11-byte varint", way([0x08] + [UInt8](repeating: 0xff, count: 10) + [0x01]), .malformed),
            ("a length past the end", way([0x08, 0x05, 0x42, 0x7f, 0x02]), .malformed),
            ("dense lat array shorter than ids", [0x12, 0x06, 0x0a, 0x02, 0x02, 0x02, 0x42, 0x00] , .badReference),
            ("a node outside the world", dense([0x0a, 0x01, 0x02] + [0x42, 0x05] + varint(4_000_000_000) + [0x4a, 0x01, 0x00]), .invalidCoordinate),
        ]
        for (name, group, kind) in cases {
            let error = try #require(attempt(file(block(group: group))), "\(name) was accepted")
            #expect(error.kind == kind, "\(name): \(error)")
            #expect(error.blob == 1, "\(name): \(error)")
        }
    }

    @Test("unsupported required features and compressions are named")
    func unsupported() throws {
        let feature = Array("LocationsOnWays-Required".utf8)
        let headerBlock = [0x22] + varint(UInt64(feature.count)) + feature
        let blob = [0x0a] + varint(UInt64(headerBlock.count)) + headerBlock
        let header = [0x0a, 0x09] + Array("OSMHeader".utf8) + [0x18] + varint(UInt64(blob.count))
        let bytes = [0, 0, 0, UInt8(header.count)] + header + blob
        let error = try #require(attempt(bytes))
        #expect(error.kind == .unsupportedFeature)
        #expect(error.message.contains("LocationsOnWays-Required"))
    }

    @Test("tag filter expressions parse as osmium's do")
    func filters() throws {
        let f = try OSMTagFilter(include: ["w/highway=primary,secondary", "name=Avenue*"], exclude: ["access!=yes"])
        #expect(f.matches(["highway": "primary"]))
        #expect(!f.matches(["highway": "primary", "access": "no"]))
        #expect(f.matches(["highway": "primary", "access": "yes"]))
        #expect(f.matches(["name": "Avenue de la Costa"]))
        #expect(!f.matches(["highway": "footway"]))
        #expect(!OSMTagFilter.roads.matches(["highway": "proposed"]))
        #expect(OSMTagFilter.roads.matches(["highway": "track"]))
        #expect(throws: OSMPBFError.self) { try OSMTagFilter(include: ["n/amenity"]) }
        #expect(throws: OSMPBFError.self) { try OSMTagFilter(include: ["=x"]) }
        #expect(throws: OSMPBFError.self) { try OSMTagFilter(include: ["highway=a,,b"]) }
        // The filter applied while decoding agrees with matches(_:) on the real file.
        let motorways = try OSMRoadImport(contentsOf: Fixtures.data("monaco.osm.pbf"),
                                          options: OSMImportOptions(filter: try OSMTagFilter(include: ["highway=primary,secondary"])))
        #expect(!motorways.roads.isEmpty)
        #expect(motorways.roads.allSatisfy { ["primary", "secondary"].contains($0.properties["highway"]?.stringValue ?? "") })
    }

    @Test("split at junctions: the parts of each way join back into the way, and cut only at shared nodes")
    func splitting() throws {
        let whole = try OSMRoadImport(contentsOf: Fixtures.data("monaco.osm.pbf"))
        let split = try OSMRoadImport(contentsOf: Fixtures.data("monaco.osm.pbf"), options: OSMImportOptions(splitAtJunctions: true))
        #expect(split.roads.count > whole.roads.count)
        var parts: [Int64: [Coordinate]] = [:]
        // Uses of each node by the imported ways (a closed way's end counted once), by brute force.
        var uses: [Int64: Int] = [:]
        for road in whole.roads {
            let n = road.nodeIDs
            #expect(n.count == road.line.count)
            for x in (n.count > 1 && n.first == n.last ? Array(n.dropLast()) : n) { uses[x, default: 0] += 1 }
        }
        for road in split.roads {
            let c = road.line.coordinates
            if var joined = parts[road.wayID] { #expect(joined.last == c.first); joined += c.dropFirst(); parts[road.wayID] = joined }
            else { parts[road.wayID] = c }
            for x in road.nodeIDs.dropFirst().dropLast() { #expect((uses[x] ?? 0) <= 1, "way \(road.wayID) not cut at shared node \(x)") }
            #expect(road.nodeIDs.count == c.count)
        }
        for road in whole.roads { #expect(parts[road.wayID] == road.line.coordinates, "way \(road.wayID)") }
    }
}

/// A protobuf varint.
func varint(_ value: UInt64) -> [UInt8] {
    var v = value, out: [UInt8] = []
    while v >= 0x80 { out.append(UInt8(v & 0x7f) | 0x80); v >>= 7 }
    out.append(UInt8(v))
    return out
}
