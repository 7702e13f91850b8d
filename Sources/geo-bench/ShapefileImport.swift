import CProj
import Foundation
import RoadGeo

extension Workloads {
    /// W7: import the Heidelberg UTM 32N shapefile (25,359 roads, 190k segments, 10 DBF fields)
    /// with every attribute, reprojected to EPSG:4326. RoadGeo (memory-mapped records, batched
    /// `proj_trans_generic`, table-driven text decoding) against the naive Foundation path:
    /// `FileHandle` reads per record, `proj_trans` per point, `String(data:encoding:)` per field.
    /// Peer figure (PEERS.md): pyshp + pyproj about 17k roads/s on the 4.6k-road network.
    static let shapefileImport = Workload(id: "W7", title: "shapefile import, Heidelberg UTM 32N -> EPSG:4326, all attributes") { context, reporter in
        let path = context.dataFile("heidelberg_roads_utm32n.shp")
        let probe = try RoadGeo.ShapefileImport(path: path)
        let n = probe.roads.count
        let ours = try measure("W7", "RoadGeo import", n: n, context: context) {
            let result = try RoadGeo.ShapefileImport(path: path, options: .init(threads: 1))
            return result.roads.count + result.report.skipped.count
        }
        reporter.record(ours)
        let parallel = try measure("W7", "RoadGeo \(context.threads) threads", n: n, context: context) {
            let result = try RoadGeo.ShapefileImport(path: path, options: .init(threads: context.threads))
            return result.roads.count + result.report.skipped.count
        }
        reporter.record(parallel)
        let naive = try NaiveShapefileImport(path: path)
        let base = try measure("W7", "FileHandle+proj_trans", n: n, context: context) {
            try naive.run()
        }
        reporter.record(base)
        reporter.ratio(ours, over: base)
        reporter.ratio(parallel, over: base)

        // Same answer: every vertex and every attribute value of the naive path matches.
        let check = try naive.roads()
        var worst = 0.0, attributeMismatches = 0
        for (road, other) in zip(probe.roads, check) {
            var deduplicated: [Coordinate] = []  // RoadGeo drops consecutive repeated vertices
            for c in other.coordinates where deduplicated.last != c { deduplicated.append(c) }
            for (c, d) in zip(road.geometry.parts.flatMap(\.coordinates), deduplicated) {
                worst = max(worst, abs(c.longitude - d.longitude), abs(c.latitude - d.latitude))
            }
            for (v, text) in zip(road.attributes, other.attributes) where v.isNull != (text == nil) { attributeMismatches += 1 }
        }
        reporter.note("W7", String(format: "%.0f roads/s = %.1fx pyshp+pyproj (17k roads/s, PEERS.md), %.1fx with %d threads; %d roads, %d skipped; max |diff| vs naive %.1e deg, %d attribute mismatches",
                                   ours.opsPerSecond, ours.opsPerSecond / 17_000, parallel.opsPerSecond / 17_000, context.threads,
                                   n, probe.report.skipped.count, worst, attributeMismatches))

        // Code-page detection: the same shapefile with its DBF text in Windows-1252, no .cpg and
        // language driver 0, so the importer must find the encoding from the text. Its cost is
        // the DBF open with detection minus the open with the encoding given, against the import.
        let legacy = try Windows1252Copy(of: path)
        defer { legacy.remove() }
        let detected = try measure("W7", "import, detect 1252", n: n, context: context) {
            try RoadGeo.ShapefileImport(path: legacy.shp, options: .init(threads: 1)).roads.count
        }
        reporter.record(detected)
        let forced = try measure("W7", "import, 1252 given", n: n, context: context) {
            try RoadGeo.ShapefileImport(path: legacy.shp, options: .init(encoding: .windows1252, threads: 1)).roads.count
        }
        reporter.record(forced)
        reporter.ratio(detected, over: forced)
        let openDetect = try measure("W7", "DBF open, detect", n: n, context: context) {
            try DBFReader(path: legacy.dbf).recordCount
        }
        let openGiven = try measure("W7", "DBF open, given", n: n, context: context) {
            try DBFReader(path: legacy.dbf, encoding: .windows1252).recordCount
        }
        reporter.record(openDetect)
        reporter.record(openGiven)
        let decision = try DBFReader(path: legacy.dbf).encoding
        let cost = max(0, openDetect.seconds - openGiven.seconds)
        reporter.note("W7", String(format: "code-page detection: %.2f ms = %.1f%% of the import (limit 5%%); detected %@ with confidence %.3f from %d rows",
                                   cost * 1000, 100 * cost / forced.seconds, decision.encoding.rawValue, decision.confidence ?? 0, n))
    }
}

/// A temporary copy of a UTF-8 shapefile whose DBF text fields are re-encoded as Windows-1252,
/// with no .cpg and language driver 0: a legacy desktop-GIS export.
private struct Windows1252Copy {
    let directory: String
    var shp: String { directory + "/legacy.shp" }
    var dbf: String { directory + "/legacy.dbf" }

    init(of path: String) throws {
        directory = NSTemporaryDirectory() + "geo-bench-w7-\(getpid())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let base = (path as NSString).deletingPathExtension
        for ext in ["shp", "shx", "prj"] {
            try? FileManager.default.removeItem(atPath: directory + "/legacy." + ext)
            try FileManager.default.copyItem(atPath: base + "." + ext, toPath: directory + "/legacy." + ext)
        }
        var d = [UInt8](try Data(contentsOf: URL(fileURLWithPath: base + ".dbf")))
        let header = Int(d[8]) | Int(d[9]) << 8, length = Int(d[10]) | Int(d[11]) << 8
        let rows = Int(d[4]) | Int(d[5]) << 8 | Int(d[6]) << 16 | Int(d[7]) << 24
        d[29] = 0
        var textFields: [Range<Int>] = []
        var o = 32, offset = 1
        while o + 32 <= header, d[o] != 0x0D {
            let width = Int(d[o + 16])
            if d[o + 11] == 0x43 { textFields.append(offset..<(offset + width)) }
            offset += width
            o += 32
        }
        for r in 0..<rows {
            let row = header + r * length
            for f in textFields {
                let range = (row + f.lowerBound)..<(row + f.upperBound)
                let text = String(decoding: d[range], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                var bytes = [UInt8](text.data(using: .windowsCP1252, allowLossyConversion: true) ?? Data())
                bytes = Array(bytes.prefix(f.count)) + [UInt8](repeating: 0x20, count: max(0, f.count - bytes.count))
                d.replaceSubrange(range, with: bytes)
            }
        }
        try Data(d).write(to: URL(fileURLWithPath: dbf))
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }
}

/// The naive import: what a first Foundation version would do.
private final class NaiveShapefileImport {
    struct Road { var coordinates: [Coordinate]; var attributes: [String?] }
    let path: String
    let context: OpaquePointer
    let transformer: OpaquePointer

    init(path: String) throws {
        self.path = path
        let prj = try String(contentsOfFile: path.replacingOccurrences(of: ".shp", with: ".prj"), encoding: .utf8)
        context = proj_context_create()
        guard let raw = proj_create_crs_to_crs(context, prj, "EPSG:4326", nil),
              let norm = proj_normalize_for_visualization(context, raw) else {
            throw ProjectionError(.noTransformation, "baseline: cannot create transformer")
        }
        proj_destroy(raw)
        transformer = norm
    }

    deinit { proj_destroy(transformer); proj_context_destroy(context) }

    func run() throws -> Int {
        try roads().reduce(0) { $0 + $1.coordinates.count }
    }

    func roads() throws -> [Road] {
        let shp = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        let shx = try FileHandle(forReadingFrom: URL(fileURLWithPath: path.replacingOccurrences(of: ".shp", with: ".shx")))
        let dbf = try FileHandle(forReadingFrom: URL(fileURLWithPath: path.replacingOccurrences(of: ".shp", with: ".dbf")))
        defer { try? shp.close(); try? shx.close(); try? dbf.close() }
        let shxSize = Int(try shx.seekToEnd())
        let count = (shxSize - 100) / 8
        try dbf.seek(toOffset: 0)
        let dbfHeader = try dbf.read(upToCount: 32) ?? Data()
        let headerLength = Int(dbfHeader[8]) | Int(dbfHeader[9]) << 8
        let recordLength = Int(dbfHeader[10]) | Int(dbfHeader[11]) << 8
        try dbf.seek(toOffset: 32)
        let descriptors = try dbf.read(upToCount: headerLength - 32) ?? Data()
        var fieldLengths: [Int] = []
        var o = 0
        while o + 32 <= descriptors.count, descriptors[o] != 0x0D { fieldLengths.append(Int(descriptors[o + 16])); o += 32 }

        var roads: [Road] = []
        for i in 0..<count {
            try shx.seek(toOffset: UInt64(100 + 8 * i))
            let entry = try shx.read(upToCount: 8) ?? Data()
            let offset = Int(entry.bigEndianInt32(at: 0)) * 2
            try shp.seek(toOffset: UInt64(offset + 8))
            let length = Int(entry.bigEndianInt32(at: 4)) * 2
            let content = try shp.read(upToCount: length) ?? Data()
            guard content.littleEndianInt32(at: 0) == 3 else { continue }
            let parts = Int(content.littleEndianInt32(at: 36)), points = Int(content.littleEndianInt32(at: 40))
            var coordinates: [Coordinate] = []
            for k in 0..<points {
                let base = 44 + 4 * parts + 16 * k
                var c = PJ_COORD()
                c.xy.x = content.littleEndianDouble(at: base)
                c.xy.y = content.littleEndianDouble(at: base + 8)
                let r = proj_trans(transformer, PJ_FWD, c)
                coordinates.append(Coordinate(r.lp.lam, r.lp.phi))
            }
            try dbf.seek(toOffset: UInt64(headerLength + i * recordLength))
            let row = try dbf.read(upToCount: recordLength) ?? Data()
            var attributes: [String?] = []
            var start = 1
            for length in fieldLengths {
                let text = String(data: row.subdata(in: start..<(start + length)), encoding: .utf8)?
                    .trimmingCharacters(in: .whitespaces) ?? ""
                attributes.append(text.isEmpty ? nil : (Int(text).map(String.init) ?? Double(text).map { String($0) } ?? text))
                start += length
            }
            roads.append(Road(coordinates: coordinates, attributes: attributes))
        }
        return roads
    }
}

private extension Data {
    func bigEndianInt32(at o: Int) -> Int32 {
        Int32(bitPattern: UInt32(self[o]) << 24 | UInt32(self[o + 1]) << 16 | UInt32(self[o + 2]) << 8 | UInt32(self[o + 3]))
    }
    func littleEndianInt32(at o: Int) -> Int32 {
        Int32(bitPattern: UInt32(self[o]) | UInt32(self[o + 1]) << 8 | UInt32(self[o + 2]) << 16 | UInt32(self[o + 3]) << 24)
    }
    func littleEndianDouble(at o: Int) -> Double {
        var bits: UInt64 = 0
        for b in 0..<8 { bits |= UInt64(self[o + b]) << (8 * UInt64(b)) }
        return Double(bitPattern: bits)
    }
}
