import Foundation
import Testing
@testable import RoadGeo

/// No reader allocates in proportion to a count or length read from a file before checking it
/// against the bytes really there. Each test hands a reader a header claiming billions of
/// items in a file of a few hundred bytes: a reader that reserved storage by the claim would
/// ask for tens of gigabytes and trap (or be killed); a correct one names the problem.
@Suite("Bounded allocation on huge header counts")
struct BoundedAllocationTests {
    /// A one-road PolyLine shapefile (`.shp` + `.shx`) in UTM-like metres.
    func oneLine() -> (shp: Data, shx: Data) {
        ShapefileTestFiles.shp(fileType: .polyLine, shapes: [
            .init(type: .polyLine, parts: [[(500_000, 4_500_000), (500_100, 4_500_050), (500_200, 4_500_000)]]),
        ])
    }

    /// `data` with a little-endian Int32 stored at `offset`.
    func patched(_ data: Data, le value: Int32, at offset: Int) -> Data {
        var d = data
        withUnsafeBytes(of: value.littleEndian) { d.replaceSubrange(offset..<(offset + 4), with: $0) }
        return d
    }

    /// `data` with a big-endian Int32 stored at `offset`.
    func patched(_ data: Data, be value: Int32, at offset: Int) -> Data {
        var d = data
        withUnsafeBytes(of: value.bigEndian) { d.replaceSubrange(offset..<(offset + 4), with: $0) }
        return d
    }

    @Test("a .shp record claiming 2^31 parts and points is a record error, not a 34 GB reservation")
    func shapefileRecordCounts() throws {
        let (shp, shx) = oneLine()
        let content = 108   // record 1's content: after the 100-byte header and 8-byte record header
        var bad = patched(shp, le: Int32.max, at: content + 36)   // parts
        bad = patched(bad, le: Int32.max, at: content + 40)       // points
        let path = try ShapefileTestFiles.write(["shp": bad, "shx": shx])
        let reader = try ShapefileReader(path: path)
        #expect(reader.recordCount == 1)
        #expect {
            _ = try reader.record(at: 0)
        } throws: { error in
            let e = error as? ShapefileError
            return e?.kind == .invalidRecord && e?.record == 1 && e?.message.contains("\(Int32.max) points") == true
        }
        let imported = try ShapefileImport(path: path, options: .init(sourceCRS: "EPSG:32643"))
        #expect(imported.roads.isEmpty)
        #expect(imported.report.skippedCount(.corruptRecord) == 1)
    }

    @Test("a .shx and .shp header declaring a 4 GB file of a few hundred bytes: records come from the real size")
    func shapefileDeclaredLengths() throws {
        let (shp, shx) = oneLine()
        let path = try ShapefileTestFiles.write([
            "shp": patched(shp, be: Int32.max, at: 24),
            "shx": patched(patched(shx, be: Int32.max, at: 24), be: Int32.max, at: 100),   // entry 1 offset
        ])
        let reader = try ShapefileReader(path: path)
        #expect(reader.recordCount == 1)
        #expect(reader.header.declaredFileBytes == Int(Int32.max) * 2)
        #expect(reader.warnings.contains { $0.contains("header declares \(Int(Int32.max) * 2) bytes") })
        // The index entry points 4 GB in: reported, and record 1 is taken from the walk of the .shp.
        #expect(reader.warnings.contains { $0.contains("entry 1 (byte \(Int(Int32.max) * 2)") && $0.contains("record 1 found at byte 100") })
        #expect(try reader.record(at: 0).pointCount == 3)
    }

    @Test("a .dbf declaring 4 billion records reads the ones present and says so")
    func dbfRecordCount() throws {
        let dbf = ShapefileTestFiles.dbf(fields: [.init(name: Array("NAME".utf8), type: "C", length: 8)],
                                         rows: [[Array("a".utf8)], [Array("b".utf8)]])
        let path = try ShapefileTestFiles.write(["dbf": patched(dbf, le: Int32(bitPattern: 4_000_000_000), at: 4)])
        let table = try DBFReader(path: (path as NSString).deletingPathExtension + ".dbf")
        #expect(table.declaredRecordCount == 4_000_000_000)
        #expect(table.recordCount == 2)
        #expect(table.record(at: 1) == [.string("b")])
        #expect(table.warnings.contains { $0.contains("declares 4000000000 records but the file holds only 2") })
    }

    @Test("a packed R-tree header claiming 4 billion items or a huge level count is rejected by size")
    func packedRTreeCounts() throws {
        let tree = PackedRTree(boxes: (0..<40).map { BoundingBox(Coordinate(74 + Double($0) * 0.01, 42)) }, nodeSize: 4)
        let good = tree.serialized()
        func with(_ bytes: [UInt8], u64 value: UInt64, at offset: Int) -> [UInt8] {
            var b = bytes
            for k in 0..<8 { b[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
            return b
        }
        func with(_ bytes: [UInt8], u32 value: UInt32, at offset: Int) -> [UInt8] {
            var b = bytes
            for k in 0..<4 { b[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(k))) }
            return b
        }
        // Item count 2^32 - 2 with the node and level counts that go with it: consistent, but
        // the payload it implies (150 GB) is not in the buffer.
        let items = UInt64(UInt32.max) - 1
        let bounds = packedLevelBounds(count: Int(items), nodeSize: 4)
        var huge = with(good, u64: items, at: 16)
        huge = with(huge, u64: UInt64(bounds.last!), at: 24)
        huge = with(huge, u32: UInt32(bounds.count), at: 32)
        #expect {
            _ = try PackedRTree(serialized: huge)
        } throws: { error in
            (error as? RTreeError)?.message.contains("payload is \(good.count - 48) bytes, header says") == true
        }
        #expect(throws: RTreeError.self) { _ = try PackedRTree(serialized: with(good, u64: UInt64.max, at: 16)) }
        #expect {
            _ = try PackedRTree(serialized: with(good, u32: UInt32.max, at: 32))
        } throws: { error in
            (error as? RTreeError)?.message.contains("level count \(UInt32.max)") == true
        }
    }

    @Test("a network snapshot header claiming billions of roads, coordinates or attributes is rejected by size")
    func networkSnapshotCounts() throws {
        let line = try Polyline([Coordinate(74.60, 42.87), Coordinate(74.61, 42.88)])
        let good = RoadNetwork(roads: [Road(id: "a", line: line, properties: ["name": "Чуй"])]).snapshot()
        func with(_ value: UInt64, at offset: Int) -> [UInt8] {
            var b = good
            for k in 0..<8 { b[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
            return b
        }
        // Header: magic 8, version 4, reserved 4, roads 8 (offset 16), payload length 8 (24), checksum 8.
        // The road count is checked against the payload's size before anything is reserved.
        for claim in [UInt64(UInt32.max) * 16, UInt64.max] {
            #expect {
                _ = try RoadNetwork(snapshot: with(claim, at: 16))
            } throws: { error in
                let m = (error as? RoadNetworkError)?.message ?? ""
                return m.contains("road count \(claim) cannot fit in \(good.count - 40) bytes")
            }
            #expect {
                _ = try RoadNetwork(snapshot: with(claim, at: 24))
            } throws: { error in
                let m = (error as? RoadNetworkError)?.message ?? ""
                return m.contains("payload is \(good.count - 40) bytes, header says \(claim)")
            }
        }
    }

    @Test("a GeoJSON file larger than the reader's limit is refused from its size, before reading")
    func geoJSONFileSize() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("huge.geojson").path
        // A sparse 64 GiB file: reading it would take minutes and all memory.
        #expect(FileManager.default.createFile(atPath: path, contents: Data("{\"type\":".utf8)))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 64 << 30)
        try handle.close()
        for read in [{ _ = try GeoJSONReader().read(contentsOf: path) },
                     { _ = try GeoJSONSummary(contentsOf: path) },
                     { _ = try GeoJSONReader().readRoads(contentsOf: path) }] as [() throws -> Void] {
            #expect {
                try read()
            } throws: { error in
                let e = error as? GeoJSONError
                return e?.kind == .tooLarge && e?.path == path && e?.message.contains("\(Int64(64) << 30) bytes") == true
            }
        }
    }
}
