import CSQLite3
import Foundation
import Testing
@testable import RoadGeo

/// MBTiles and PMTiles archives against the directory export of the same layers (and, in
/// scripts/check-tile-archives.sh, against GDAL and the Python pmtiles package).
@Suite("Tile archives")
struct TileArchiveTests {
    @Test("Hilbert tile ids: the spec's z0/z1 examples, z2 by hand, round trips and no gaps to z8")
    func hilbertIDs() throws {
        #expect(PMTiles.tileID(try TileID(z: 0, x: 0, y: 0)) == 0)
        #expect(PMTiles.tileID(try TileID(z: 1, x: 0, y: 0)) == 1)
        #expect(PMTiles.tileID(try TileID(z: 1, x: 0, y: 1)) == 2)
        #expect(PMTiles.tileID(try TileID(z: 1, x: 1, y: 1)) == 3)
        #expect(PMTiles.tileID(try TileID(z: 1, x: 1, y: 0)) == 4)
        // z2 starts at 1 + 4 = 5; the curve (x, y): (0,0) (1,0) (1,1) (0,1) (0,2) (0,3) (1,3) (1,2) ...
        let z2: [(Int, Int)] = [(0, 0), (1, 0), (1, 1), (0, 1), (0, 2), (0, 3), (1, 3), (1, 2),
                                (2, 2), (2, 3), (3, 3), (3, 2), (3, 1), (2, 1), (2, 0), (3, 0)]
        for (k, (x, y)) in z2.enumerated() {
            #expect(PMTiles.tileID(try TileID(z: 2, x: x, y: y)) == UInt64(5 + k), "2/\(x)/\(y)")
        }
        #expect(PMTiles.tileID(try TileID(z: 3, x: 0, y: 0)) == 21)
        // The example of the pmtiles packages' tests.
        #expect(PMTiles.tileID(try TileID(z: 12, x: 3423, y: 1763)) == 19_078_479)
        // Every id from 0 to the last of z8 is one tile, and back.
        var seen = Set<UInt64>()
        for z in 0...8 {
            for x in 0..<(1 << z) {
                for y in 0..<(1 << z) {
                    let t = try TileID(z: z, x: x, y: y), id = PMTiles.tileID(t)
                    #expect(try PMTiles.tile(forID: id) == t)
                    seen.insert(id)
                }
            }
        }
        #expect(seen.count == Int(PMTiles.zoomBase(9)) && seen.max() == PMTiles.zoomBase(9) - 1)
        let deep = try TileID(z: 24, x: 16_000_000, y: 3)
        #expect(try PMTiles.tile(forID: PMTiles.tileID(deep)) == deep)
        #expect(throws: TileError.self) { try PMTiles.tile(forID: PMTiles.zoomBase(25)) }
    }

    @Test("directory serialization: delta ids, run lengths, lengths, offset 0 for contiguous, round trip")
    func directoryEncoding() throws {
        let entries = [PMTilesEntry(tileID: 0, offset: 0, length: 10, runLength: 1),
                       PMTilesEntry(tileID: 1, offset: 10, length: 5, runLength: 3),
                       PMTilesEntry(tileID: 300, offset: 0, length: 10, runLength: 1)]
        let b = PMTilesDirectory.serialize(entries[...])
        // 3 entries; ids 0, +1, +299 (0xAB 0x02); runs 1, 3, 1; lengths 10, 5, 10; offsets 0+1, contiguous (0), 0+1.
        #expect(b == [3, 0, 1, 0xAB, 0x02, 1, 3, 1, 10, 5, 10, 1, 0, 1])
        #expect(try PMTilesDirectory.deserialize(b, file: "t") == entries)
        #expect(throws: TileError.self) { try PMTilesDirectory.deserialize([200, 1, 1], file: "t") }
        #expect { try PMTilesDirectory.deserialize([200, 1, 1], file: "t") } throws: { error in
            let e = error as? TileError
            return e?.kind == .corrupt && e?.path == "t" && "\(error)".hasPrefix("t: PMTiles directory")
        }
        #expect(throws: TileError.self) { try PMTilesDirectory.deserialize([1, 0, 1, 5, 0], file: "t") }
    }

    @Test("gzip round trip through zlib, limits and corrupt data as typed errors")
    func gzip() throws {
        let text = [UInt8](String(repeating: "road tiles ", count: 2000).utf8)
        let packed = try Gzip.compress(text)
        #expect(packed.count < text.count / 10 && packed[0] == 0x1f && packed[1] == 0x8b)
        #expect(try Gzip.decompress(packed, limit: 1 << 20) == text)
        #expect(try Gzip.decompress(try Gzip.compress([]), limit: 10) == [])
        #expect(throws: TileError.self) { try Gzip.decompress(packed, limit: 100) }
        #expect(throws: TileError.self) { try Gzip.decompress(Array(packed.prefix(packed.count / 2)), limit: 1 << 20) }
        #expect(throws: TileError.self) { try Gzip.decompress([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8], limit: 1 << 20) }
    }

    @Test("Heidelberg z0-14: the PMTiles and MBTiles archives hold exactly the directory export's tiles")
    func heidelbergArchives() throws {
        let layers = try Self.heidelberg()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roadgeo-archives-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plain = try TilePyramid.export(layers, zooms: 0...14, to: "\(dir)/tiles", threads: 2, format: .mvt)
        var expected: [TileID: [UInt8]] = [:]
        for z in 0...14 {
            for t in TilePyramid.candidateTiles(layers, zoom: z) {
                if let data = FileManager.default.contents(atPath: "\(dir)/tiles/\(t.z)/\(t.x)/\(t.y).mvt") { expected[t] = [UInt8](data) }
            }
        }
        #expect(expected.count == plain.tiles && plain.tiles > 300)

        // PMTiles, read back with the reader here (the pmtiles package reads it in CI).
        let pm = try TilePyramid.export(layers, zooms: 0...14, to: "\(dir)/roads.pmtiles", archive: .pmtiles, threads: 2)
        #expect(pm.tiles == plain.tiles && pm.zooms.map(\.tiles) == plain.zooms.map(\.tiles))
        let archive = try PMTilesArchive(contentsOf: "\(dir)/roads.pmtiles")
        let h = archive.header
        #expect(h.clustered && h.tileType == .mvt && h.tileCompression == .gzip && h.internalCompression == .gzip)
        #expect(h.minZoom == 0 && h.maxZoom == 14 && h.addressedTiles == UInt64(plain.tiles))
        #expect(h.tileContents <= h.tileEntries && h.tileEntries <= h.addressedTiles)
        #expect(h.rootOffset == 127 && h.rootOffset + h.rootLength <= 16_384)
        #expect(abs(Double(h.minLonE7) / 1e7 - plain.bounds.minX) < 1e-6 && abs(Double(h.maxLatE7) / 1e7 - plain.bounds.maxY) < 1e-6)
        let all = try archive.tiles()
        #expect(all.count == expected.count)
        #expect(zip(all, all.dropFirst()).allSatisfy { PMTiles.tileID($0.tile) < PMTiles.tileID($1.tile) })
        for (t, packed) in all { #expect(try Gzip.decompress(packed, limit: 1 << 24) == expected[t], "tile \(t)") }
        for t in expected.keys.sorted().prefix(300) { #expect(try archive.tile(t) .map { try Gzip.decompress($0, limit: 1 << 24) } == expected[t]) }
        #expect(try archive.tile(try TileID(z: 14, x: 0, y: 0)) == nil)
        let meta = try JSONSerialization.jsonObject(with: Data(try archive.metadata())) as? [String: Any]
        let vectorLayers = meta?["vector_layers"] as? [[String: Any]]
        #expect(vectorLayers?.first?["id"] as? String == "roads")
        #expect((vectorLayers?.first?["fields"] as? [String: String])?["highway"] == "String")

        // One thread writes the same bytes.
        _ = try TilePyramid.export(layers, zooms: 0...14, to: "\(dir)/one.pmtiles", archive: .pmtiles, threads: 1)
        #expect(FileManager.default.contents(atPath: "\(dir)/one.pmtiles") == FileManager.default.contents(atPath: "\(dir)/roads.pmtiles"))

        // MBTiles, read back through SQLite: TMS rows, gzip blobs, metadata.
        let mb = try TilePyramid.export(layers, zooms: 0...14, to: "\(dir)/roads.mbtiles", archive: .mbtiles, threads: 2)
        #expect(mb.tiles == plain.tiles)
        let rows = try Self.sqlite("\(dir)/roads.mbtiles", "SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles")
        #expect(rows.count == expected.count)
        for row in rows {
            guard case .int(let z) = row[0], case .int(let x) = row[1], case .int(let tms) = row[2], case .blob(let b) = row[3] else {
                Issue.record("bad row \(row)"); continue
            }
            let t = try TileID(z: Int(z), x: Int(x), y: (1 << Int(z)) - 1 - Int(tms))
            #expect(try Gzip.decompress(b, limit: 1 << 24) == expected[t], "tile \(t)")
        }
        var metadata: [String: String] = [:]
        for row in try Self.sqlite("\(dir)/roads.mbtiles", "SELECT name, value FROM metadata") {
            if case .text(let n) = row[0], case .text(let v) = row[1] { metadata[n] = v }
        }
        #expect(metadata["format"] == "pbf" && metadata["minzoom"] == "0" && metadata["maxzoom"] == "14")
        #expect(metadata["name"] == "roadgeo" && metadata["bounds"]?.split(separator: ",").count == 4)
        #expect(metadata["center"]?.split(separator: ",").count == 3)
        let json = try JSONSerialization.jsonObject(with: Data((metadata["json"] ?? "").utf8)) as? [String: Any]
        #expect((json?["vector_layers"] as? [[String: Any]])?.first?["id"] as? String == "roads")
        let index = try Self.sqlite("\(dir)/roads.mbtiles", "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'tile_index'")
        #expect(index.first?.first == .int(1))
    }

    @Test("PMTiles: a repeated tile extends the run length, an earlier one is pointed at; leaves when the root is too big")
    func dedupAndLeaves() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roadgeo-pm-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let writer = try PMTilesWriter(path: "\(dir)/d.pmtiles")
        let a = try Gzip.compress(Array("tile a".utf8)), b = try Gzip.compress(Array("tile b".utf8))
        // z1: ids 1, 2, 3 the same, 4 different; z2 id 5 = the first again.
        let tiles: [(TileID, [UInt8])] = [(try .init(z: 1, x: 0, y: 0), a), (try .init(z: 1, x: 0, y: 1), a),
                                          (try .init(z: 1, x: 1, y: 1), a), (try .init(z: 1, x: 1, y: 0), b),
                                          (try .init(z: 2, x: 0, y: 0), a)]
        for (t, d) in tiles { try writer.add(t, tileID: PMTiles.tileID(t), d) }
        let layers = try Self.heidelberg()
        try writer.finish(ArchiveMetadata(layers: layers, zooms: 1...2, format: .mvt, name: "d"))
        let archive = try PMTilesArchive(contentsOf: "\(dir)/d.pmtiles")
        #expect(archive.header.addressedTiles == 5 && archive.header.tileEntries == 3 && archive.header.tileContents == 2)
        #expect(archive.header.dataLength == UInt64(a.count + b.count))
        for (t, d) in tiles { #expect(try archive.tile(t) == d) }

        // 60,000 distinct tiles at random gaps (1...255, seeded): their directory does not gzip
        // into a 16 KiB root, so leaf directories.
        let big = try PMTilesWriter(path: "\(dir)/big.pmtiles")
        var ids: [UInt64] = [], id = PMTiles.zoomBase(10), seed: UInt64 = 42
        for k in 0..<60_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            id += 1 + (seed >> 33) % 255
            ids.append(id)
            try big.add(try PMTiles.tile(forID: id), tileID: id, try Gzip.compress(Array("\(k)".utf8), level: 1))
        }
        try big.finish(ArchiveMetadata(layers: layers, zooms: 10...14, format: .mvt, name: "big"))
        let leafy = try PMTilesArchive(contentsOf: "\(dir)/big.pmtiles")
        #expect(leafy.header.leafLength > 0 && leafy.header.rootLength + 127 <= 16_384)
        let back = try leafy.tiles()
        #expect(back.count == 60_000)
        #expect(back.map { PMTiles.tileID($0.tile) } == ids)
        for k in stride(from: 0, to: 60_000, by: 997) {
            let t = try PMTiles.tile(forID: ids[k])
            #expect(try leafy.tile(t).map { try Gzip.decompress($0, limit: 100) } == Array("\(k)".utf8))
            #expect(try leafy.tile(try PMTiles.tile(forID: ids[k] - 1)) == (k > 0 && ids[k - 1] == ids[k] - 1 ? back[k - 1].bytes : nil))
        }
    }

    @Test("bad archives are typed errors naming the file, not traps")
    func badArchives() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("roadgeo-bad-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let layers = try Self.heidelberg()
        _ = try TilePyramid.export(layers, zooms: 0...6, to: "\(dir)/ok.pmtiles", archive: .pmtiles)
        let good = [UInt8](FileManager.default.contents(atPath: "\(dir)/ok.pmtiles") ?? Data())
        var cases: [[UInt8]] = [Array(good.prefix(100)), Array("MBTiles".utf8) + good.dropFirst(7)]
        var version = good; version[7] = 2; cases.append(version)
        var past = good; past[16] = 0xFF; past[17] = 0xFF; past[18] = 0xFF; cases.append(past)
        var root = good; for k in 127..<140 { root[k] ^= 0x5A }; cases.append(root)
        for (k, bytes) in cases.enumerated() {
            let path = "\(dir)/bad\(k).pmtiles"
            _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
            #expect(throws: TileError.self, "case \(k)") {
                let a = try PMTilesArchive(contentsOf: path)
                _ = try a.tiles()
            }
        }
        #expect(throws: TileError.self) { try TilePyramid.export(layers, zooms: 0...25, to: "\(dir)/x.pmtiles", archive: .pmtiles) }
        #expect(throws: TileError.self) { try TilePyramid.export(layers, zooms: 0...3, to: "\(dir)/no/such/x.mbtiles", archive: .mbtiles) }
        #expect(throws: TileError.self) { try TilePyramid.export(layers, zooms: 0...3, to: "\(dir)/no/such/x.pmtiles", archive: .pmtiles) }
        #expect(TileArchive(path: "a/b.PMTiles") == .pmtiles && TileArchive(path: "x.mbtiles") == .mbtiles && TileArchive(path: "tiles") == .directory)
    }

    @Test("TileJSON 3.0: tiles, zooms, bounds, center and vector_layers with field types")
    func tileJSON() throws {
        let layers = try Self.heidelberg()
        let bytes = layers.tileJSON(tiles: ["http://localhost/tiles/{z}/{x}/{y}.mvt"], zooms: 5...14, name: "hd")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(json["tilejson"] as? String == "3.0.0" && json["name"] as? String == "hd")
        #expect(json["tiles"] as? [String] == ["http://localhost/tiles/{z}/{x}/{y}.mvt"])
        #expect(json["minzoom"] as? Int == 5 && json["maxzoom"] as? Int == 14)
        let b = try #require(json["bounds"] as? [Double]), c = try #require(json["center"] as? [Double])
        #expect(b.count == 4 && b[0] > 7.5 && b[2] < 9.5 && b[1] > 49.2 && b[3] < 49.6 && b[0] < b[2] && b[1] < b[3])
        #expect(c.count == 3 && c[0] > b[0] && c[0] < b[2] && (5...14).contains(Int(c[2])))
        let vl = try #require(json["vector_layers"] as? [[String: Any]])
        #expect(vl.count == 1 && vl[0]["id"] as? String == "roads" && vl[0]["minzoom"] as? Int == 5)
    }

    // MARK: - Helpers

    /// The Heidelberg roads as one `roads` layer, ids set to feature indices.
    static func heidelberg() throws -> TileLayers {
        let document = try GeoJSONReader().read(contentsOf: Fixtures.data("heidelberg_roads.geojson"))
        var features = try TileFeature.features(from: document, skippingInvalid: true)
        for i in features.indices { features[i].id = .integer(Int64(i)) }
        return try TileLayers([TileLayer(name: "roads", content: .features(try Tiler(features: features)))])
    }

    enum Cell: Equatable { case int(Int64), text(String), blob([UInt8]), null }

    /// Runs a query with SQLite itself (not the writer's code) and returns every row.
    static func sqlite(_ path: String, _ sql: String) throws -> [[Cell]] {
        struct Failure: Error { let message: String }
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else { throw Failure(message: "cannot open \(path)") }
        defer { sqlite3_close(db) }
        var st: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &st, nil) == SQLITE_OK else { throw Failure(message: String(cString: sqlite3_errmsg(db))) }
        defer { sqlite3_finalize(st) }
        var rows: [[Cell]] = []
        while sqlite3_step(st) == SQLITE_ROW {
            rows.append((0..<sqlite3_column_count(st)).map { c in
                switch sqlite3_column_type(st, c) {
                case SQLITE_INTEGER: return .int(sqlite3_column_int64(st, c))
                case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(st, c)))
                case SQLITE_BLOB:
                    let n = Int(sqlite3_column_bytes(st, c))
                    guard let p = sqlite3_column_blob(st, c) else { return .blob([]) }
                    return .blob([UInt8](UnsafeRawBufferPointer(start: p, count: n)))
                default: return .null
                }
            })
        }
        return rows
    }
}
