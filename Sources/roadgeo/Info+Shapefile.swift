import Foundation
import RoadGeo

extension InfoReport {
    /// A shapefile: header, record counts by shape type, extent (reprojected to lon/lat when
    /// the CRS is known), CRS and how it was decided, DBF encoding and fields with fill counts.
    init(shapefileAt path: String) throws {
        let shp = try ShapefileReader(path: path)
        self.path = path
        var notes: [String] = []
        notes.append("records: \(shp.recordCount), " + (shp.indexPath != nil ? "indexed by .shx" : "no usable .shx (read sequentially)"))
        var types: [ShapeType: Int] = [:]
        var positions = 0, corrupt = 0
        var record = ShapeRecord(number: 0)
        for i in 0..<shp.recordCount {
            do { record = try shp.record(at: i) } catch { corrupt += 1; continue }
            types[record.shapeType, default: 0] += 1
            positions += record.pointCount
        }
        format = "ESRI Shapefile (\(shp.header.shapeType))"
        featureCount = shp.recordCount
        geometryTypes = types.sorted { $0.key.rawValue < $1.key.rawValue }.map { (name: "\($0.key)", count: $0.value) }
        positionCount = positions
        if corrupt > 0 { notes.append("\(corrupt) record(s) cannot be decoded") }
        let native = shp.header.boundingBox
        notes.append(String(format: "extent in the file's CRS: %.3f, %.3f, %.3f, %.3f", native.minX, native.minY, native.maxX, native.maxY))
        if let z = shp.header.zRange, shp.header.shapeType.hasZ { notes.append("Z range: \(z.lowerBound)...\(z.upperBound)") }

        var box = BoundingBox.empty
        do {
            let crs = try SourceCRS.resolve(shapefile: path, extent: native)
            self.crs = "\(crs)"
            if let definition = crs.definition {
                let r = try Reprojector(source: definition)
                // The extent's outline, 16 points a side: enough for a box of a projected extent.
                var xs: [Double] = [], ys: [Double] = []
                for k in 0...16 {
                    let t = Double(k) / 16
                    let x = native.minX + (native.maxX - native.minX) * t, y = native.minY + (native.maxY - native.minY) * t
                    xs += [x, x, native.minX, native.maxX]
                    ys += [native.minY, native.maxY, y, y]
                }
                try r.transform(x: &xs, y: &ys)
                for (x, y) in zip(xs, ys) where Coordinate(x, y).isValidGeographic { box = box.union(BoundingBox(Coordinate(x, y))) }
            } else {
                box = native
            }
        } catch {
            self.crs = "unknown: \(error)"
        }
        boundingBox = box
        for w in shp.warnings { notes.append("shp: \(w)") }

        var fields: [Field] = []
        if let dbfPath = Self.sibling(path, "dbf") {
            let dbf = try DBFReader(path: dbfPath)
            notes.append("encoding: \(dbf.encoding)")
            var nonNull = [Int](repeating: 0, count: dbf.fields.count)
            var deleted = 0
            for i in 0..<dbf.recordCount {
                if dbf.isDeleted(i) { deleted += 1; continue }
                for (k, v) in dbf.record(at: i).enumerated() where !v.isNull { nonNull[k] += 1 }
            }
            notes.append("DBF: \(dbf.recordCount) records (\(deleted) deleted), version 0x\(String(dbf.version, radix: 16)), language driver 0x\(String(dbf.languageDriver, radix: 16))")
            if dbf.recordCount != shp.recordCount { notes.append("DBF/SHP record count mismatch: \(dbf.recordCount) vs \(shp.recordCount)") }
            for w in dbf.warnings { notes.append("dbf: \(w)") }
            for (k, f) in dbf.fields.enumerated() {
                let type = f.decimalCount > 0 ? "\(f.type)(\(f.length),\(f.decimalCount))" : "\(f.type)(\(f.length))"
                fields.append(Field(name: f.name, present: dbf.recordCount - deleted, nonNull: nonNull[k], types: [type]))
            }
        } else {
            notes.append("no .dbf")
        }
        self.fields = fields
        self.notes = notes
    }

    private static func sibling(_ path: String, _ ext: String) -> String? {
        let base = (path as NSString).deletingPathExtension
        return [base + "." + ext, base + "." + ext.uppercased()].first { FileManager.default.fileExists(atPath: $0) }
    }
}
