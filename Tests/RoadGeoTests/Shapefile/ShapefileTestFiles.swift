import Foundation
@testable import RoadGeo

/// Writes small shapefiles byte by byte, straight from the 1998 specification, so tests can
/// cover every shape type and damage files on purpose.
enum ShapefileTestFiles {
    /// One shape to write; `parts` empty and type `.null` for a null shape.
    struct Shape {
        var type: ShapeType
        var parts: [[(Double, Double)]]
        var z: [Double]? = nil
        var m: [Double]? = nil
    }

    /// A `.shp` and its `.shx`.
    static func shp(fileType: ShapeType, shapes: [Shape]) -> (shp: Data, shx: Data) {
        var records = Data(), index = Data()
        var offset = 100
        var box = BoundingBox.empty
        for (i, s) in shapes.enumerated() {
            var c = Data()
            c.le32(s.type.rawValue)
            let points = s.parts.flatMap { $0 }
            for p in points { box = box.union(BoundingBox(Coordinate(p.0, p.1))) }
            let pb = BoundingBox(covering: points.map { Coordinate($0.0, $0.1) })
            switch s.type.family {
            case .null, .multiPatch:
                break
            case .point:
                c.leDouble(points[0].0); c.leDouble(points[0].1)
                if let z = s.z { c.leDouble(z[0]) }
                if let m = s.m { c.leDouble(m[0]) }
            case .multiPoint, .polyLine, .polygon:
                for v in [pb.minX, pb.minY, pb.maxX, pb.maxY] { c.leDouble(v) }
                if s.type.family != .multiPoint { c.le32(Int32(s.parts.count)) }
                c.le32(Int32(points.count))
                if s.type.family != .multiPoint {
                    var start = 0
                    for part in s.parts { c.le32(Int32(start)); start += part.count }
                }
                for p in points { c.leDouble(p.0); c.leDouble(p.1) }
                for block in [s.z, s.m].compactMap({ $0 }) {
                    c.leDouble(block.min() ?? 0); c.leDouble(block.max() ?? 0)
                    for v in block { c.leDouble(v) }
                }
            }
            records.be32(Int32(i + 1)); records.be32(Int32(c.count / 2)); records.append(c)
            index.be32(Int32(offset / 2)); index.be32(Int32(c.count / 2))
            offset += 8 + c.count
        }
        if box.isEmpty { box = BoundingBox(minX: 0, minY: 0, maxX: 0, maxY: 0) }
        func header(_ bytes: Int) -> Data {
            var h = Data()
            h.be32(9994); for _ in 0..<5 { h.be32(0) }
            h.be32(Int32(bytes / 2)); h.le32(1000); h.le32(fileType.rawValue)
            for v in [box.minX, box.minY, box.maxX, box.maxY, 0, 0, 0, 0] { h.leDouble(v) }
            return h
        }
        return (header(100 + records.count) + records, header(100 + index.count) + index)
    }

    /// A field of a `.dbf` to write.
    struct Field {
        var name: [UInt8]
        var type: Character
        var length: Int
        var decimals = 0
    }

    /// A `.dbf` with the given fields and raw (already encoded) cell bytes, space-padded.
    static func dbf(fields: [Field], rows: [[[UInt8]]], deleted: Set<Int> = [], languageDriver: UInt8 = 0) -> Data {
        var d = Data()
        let recordLength = 1 + fields.reduce(0) { $0 + $1.length }
        let headerLength = 32 + 32 * fields.count + 1
        d.append(0x03); d.append(contentsOf: [126, 11, 29])
        d.le32(Int32(rows.count)); d.le16(UInt16(headerLength)); d.le16(UInt16(recordLength))
        d.append(contentsOf: [UInt8](repeating: 0, count: 17)); d.append(languageDriver); d.append(contentsOf: [0, 0])
        for f in fields {
            var name = Array(f.name.prefix(10)); name += [UInt8](repeating: 0, count: 11 - name.count)
            d.append(contentsOf: name); d.append(f.type.asciiValue!); d.append(contentsOf: [0, 0, 0, 0])
            d.append(UInt8(f.length)); d.append(UInt8(f.decimals)); d.append(contentsOf: [UInt8](repeating: 0, count: 14))
        }
        d.append(0x0D)
        for (i, row) in rows.enumerated() {
            d.append(deleted.contains(i) ? 0x2A : 0x20)
            for (f, cell) in zip(fields, row) {
                var bytes = Array(cell.prefix(f.length))
                bytes += [UInt8](repeating: 0x20, count: f.length - bytes.count)
                d.append(contentsOf: bytes)
            }
        }
        d.append(0x1A)
        return d
    }

    /// Writes `files` (extension -> bytes) as `name.ext` into a fresh directory; returns the `.shp` path.
    static func write(_ files: [String: Data], name: String = "test") throws -> String {
        let dir = try Fixtures.temporaryDirectory()
        for (ext, data) in files {
            try data.write(to: dir.appendingPathComponent("\(name).\(ext)"))
        }
        return dir.appendingPathComponent("\(name).shp").path
    }

    /// Copies every sibling of `shp` (same base name) into a fresh directory, letting `change`
    /// rewrite or drop (return nil) each file by extension; returns the new `.shp` path.
    static func copy(_ shp: String, change: (String, Data) -> Data? = { $1 }) throws -> String {
        let base = (shp as NSString).deletingPathExtension
        let dir = (base as NSString).deletingLastPathComponent, stem = (base as NSString).lastPathComponent
        var files: [String: Data] = [:]
        for entry in try FileManager.default.contentsOfDirectory(atPath: dir) where (entry as NSString).deletingPathExtension == stem {
            let ext = (entry as NSString).pathExtension
            let data = try Data(contentsOf: URL(fileURLWithPath: (dir as NSString).appendingPathComponent(entry)))
            if let changed = change(ext, data) { files[ext] = changed }
        }
        return try write(files, name: stem)
    }
}

fileprivate extension Data {
    mutating func be32(_ v: Int32) { Swift.withUnsafeBytes(of: v.bigEndian) { append(contentsOf: $0) } }
    mutating func le32(_ v: Int32) { Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) } }
    mutating func le16(_ v: UInt16) { Swift.withUnsafeBytes(of: v.littleEndian) { append(contentsOf: $0) } }
    mutating func leDouble(_ v: Double) { Swift.withUnsafeBytes(of: v.bitPattern.littleEndian) { append(contentsOf: $0) } }
}
