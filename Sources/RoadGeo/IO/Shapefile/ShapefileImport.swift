import Foundation

/// Options for ``ShapefileImport``.
///
/// ```swift
/// var options = ShapefileImportOptions()
/// options.sourceCRS = "EPSG:32643"   // the .prj is missing
/// options.encoding = .cp866          // the .cpg lies
/// options.idField = "OSM_ID"
/// options.mergeBy = "REF"
/// ```
public struct ShapefileImportOptions: Hashable, Sendable {
    /// Source CRS definition (`EPSG:n`, `ESRI:n`, WKT, PROJ string) overriding the `.prj`.
    public var sourceCRS: String?
    /// Text encoding overriding the `.cpg` and the language driver.
    public var encoding: ShapefileEncoding?
    /// DBF field whose value becomes the road id; `nil` uses the record number.
    public var idField: String?
    /// DBF field whose equal values mark fragments of one road, merged with GEOS line merging.
    public var mergeBy: String?
    /// `false` ignores the `.shx` and walks the `.shp`.
    public var useIndex: Bool
    /// Threads for reprojection (each with its own PROJ transformer, about 2 ms to build);
    /// used only for batches of 32k points or more. 1 by default: on a busy 2-core server a
    /// second thread measured no faster (geo-bench W7 prints both).
    public var threads: Int

    /// Creates options; every default reads the files as they describe themselves.
    ///
    /// - Parameters:
    ///   - sourceCRS: Source CRS override.
    ///   - encoding: Encoding override.
    ///   - idField: Id field name.
    ///   - mergeBy: Merge key field name.
    ///   - useIndex: Whether to use the `.shx`.
    ///   - threads: Reprojection threads (1 by default; values below 1 become 1).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let options = ShapefileImportOptions(sourceCRS: "EPSG:32637", encoding: .windows1251, idField: "OSM_ID")
    /// ```
    public init(sourceCRS: String? = nil, encoding: ShapefileEncoding? = nil, idField: String? = nil,
                mergeBy: String? = nil, useIndex: Bool = true, threads: Int = 1) {
        self.sourceCRS = sourceCRS
        self.encoding = encoding
        self.idField = idField
        self.mergeBy = mergeBy
        self.useIndex = useIndex
        self.threads = max(1, threads)
    }
}

/// A road read from a shapefile: a stable id, its line parts in EPSG:4326 and its attributes.
///
/// ```swift
/// for road in result.roads { print(road.id, road.geometry.lengthMeters) }
/// ```
public struct ImportedRoad: Hashable, Sendable {
    /// The id: the value of the chosen id field, else the record number (as `.integer`).
    public var id: JSONValue
    /// The `.shp` record numbers (1-based) the road came from: one, or several after merging.
    public var recordNumbers: [Int]
    /// The line parts, EPSG:4326, longitude first (polygon rings become closed parts).
    public var geometry: MultiPolyline
    /// One value per ``ShapefileImport/fields`` entry (the first record's after merging).
    public var attributes: [JSONValue]
}

/// A point feature read from a Point or MultiPoint shapefile (bridges, culverts, offices):
/// its id, its positions in EPSG:4326 and its attributes.
///
/// ```swift
/// let offices = try ShapefileImport(path: "offices.shp")
/// for p in offices.points { print(p.id, p.coordinates[0]) }
/// ```
public struct ImportedPoint: Hashable, Sendable {
    /// The id: the value of the chosen id field, else the record number (as `.integer`).
    public var id: JSONValue
    /// The `.shp` record number (1-based) the point came from.
    public var recordNumber: Int
    /// The positions, EPSG:4326, longitude first: one for a Point record, one or more for a MultiPoint.
    public var coordinates: [Coordinate]
    /// One value per ``ShapefileImport/fields`` entry.
    public var attributes: [JSONValue]
}

/// Imports a road (or point) shapefile: `.shp` geometry cross-checked with its `.shx`, `.dbf`
/// attributes in the right encoding paired by record number, `.prj` reprojection to EPSG:4326,
/// the edges of the world (clamping, antimeridian cuts), optional merging of fragments, and a
/// report of everything skipped, guessed or changed.
///
/// Records are decoded one at a time from the memory-mapped files and their points gathered
/// into batches of 64k, each reprojected with one `proj_trans_generic` call; only the result
/// (the roads) grows with the file. Record-level problems never throw: they go to
/// ``report``. Z and M values are dropped (roads are 2-D); the report says so. PolyLine and
/// Polygon records become ``roads``; Point and MultiPoint records become ``points``.
///
/// Each shape is paired with the DBF row of the record number in its own `.shp` record header
/// (row `n - 1` for record `n`), not with the row at the same position, so a `.shx` with
/// swapped or wrong entries cannot put a shape on another record's attributes. After
/// reprojection, coordinates within 1e-9 degrees outside ±180/±90 are clamped onto the edge;
/// lines whose longitudes pass ±180 are cut at the antimeridian (``WorldEdges``); points that
/// are no position at all are dropped and noted.
///
/// ```swift
/// let result = try ShapefileImport(path: "data/moscow_roads_utm37n_cp1251.shp",
///                                  options: .init(idField: "OSM_ID"))
/// let name = result.fieldIndex(named: "NAME")!
/// print(result.roads[0].id, result.roads[0].attributes[name])   // .integer(…), .string("улица …")
/// print(result.report)
/// ```
///
/// - Complexity: O(points + records × fields), plus the GEOS merge when asked.
public struct ShapefileImport: Sendable {
    /// The DBF fields, in order (empty without a `.dbf`).
    public var fields: [DBFField]
    /// The roads, in record order (a merged road sits where its first record was).
    public var roads: [ImportedRoad]
    /// The point features of a Point or MultiPoint shapefile, in record order (empty for lines).
    public var points: [ImportedPoint]
    /// What the import did.
    public var report: ShapefileImportReport

    /// Imports a shapefile.
    ///
    /// - Parameters:
    ///   - path: The `.shp`; `.shx`, `.dbf`, `.prj`, `.cpg` siblings are used when present.
    ///   - options: Overrides and road assembly choices.
    /// - Throws: ``ShapefileError`` for file-level problems: unreadable or invalid `.shp` or
    ///   `.dbf` header, an id or merge field not in the DBF, a source CRS PROJ cannot use, or
    ///   no `.prj` with projected-looking coordinates and no override.
    /// - Complexity: O(points + records × fields), plus the GEOS line merge with `mergeBy`.
    ///
    /// ```swift
    /// let result = try ShapefileImport(path: "data/heidelberg_roads_utm32n.shp")
    /// let lines = result.roads.flatMap(\.geometry.parts)   // [Polyline], EPSG:4326
    /// print(result.report.skipped.count, "records skipped")
    /// ```
    public init(path: String, options: ShapefileImportOptions = ShapefileImportOptions()) throws(ShapefileError) {
        var importer = try Importer(path: path, options: options)
        try importer.run()
        self.fields = importer.dbf?.fields ?? []
        self.roads = importer.roads
        self.points = importer.points
        self.report = importer.report
        if let mergeIndex = importer.mergeIndex {
            mergeFragments(by: mergeIndex)
        }
        report.roads = roads.count
    }

    /// The index of the field called `name` (exact, then case-insensitive).
    ///
    /// - Parameter name: A field name.
    /// - Returns: The index into ``fields`` and each road's ``ImportedRoad/attributes``, or `nil`.
    /// - Complexity: O(fields × name length).
    ///
    /// ```swift
    /// if let ref = result.fieldIndex(named: "ref") { print(result.roads[0].attributes[ref]) }
    /// ```
    public func fieldIndex(named name: String) -> Int? {
        fields.index(named: name)
    }
}

/// The import's working state.
private struct Importer {
    let path: String
    let shp: ShapefileReader
    let dbf: DBFReader?
    let idIndex: Int?
    let mergeIndex: Int?
    let crs: SourceCRS
    let reprojector: Reprojector?
    let threads: Int
    /// Transformers for the other threads, built at the first batch big enough to share.
    var helpers: ReprojectorPool?
    var roads: [ImportedRoad] = []
    var points: [ImportedPoint] = []
    var report: ShapefileImportReport

    // The batch: points of pending records, and per record its parts.
    static let batchPoints = 65_536
    var xs: [Double] = []
    var ys: [Double] = []
    var partBounds: [Int] = []  // start of each part; a part ends where the next starts
    var pending: [Pending] = []

    struct Pending {
        var record: Int
        var id: JSONValue
        var attributes: [JSONValue]
        var firstPart: Int
        var partCount: Int
        var end: Int
        var isPoint: Bool
    }

    init(path: String, options: ShapefileImportOptions) throws(ShapefileError) {
        self.path = path
        self.threads = options.threads
        let shp = try ShapefileReader(path: path, useIndex: options.useIndex)
        self.shp = shp
        var warnings = shp.warnings
        var opened: DBFReader? = nil
        if let dbfPath = ShapefileReader.sibling(of: path, extension: "dbf") {
            let dbf = try DBFReader(path: dbfPath, encoding: options.encoding)
            opened = dbf
            warnings += dbf.warnings.map { "dbf: \($0)" }
            if dbf.recordCount != shp.recordCount {
                warnings.append("DBF/SHP record count mismatch: the .shp has \(shp.recordCount) records, the .dbf \(dbf.recordCount) rows; shapes are paired with rows by record number")
            }
        } else {
            warnings.append("no .dbf: roads have no attributes")
        }
        let dbf = opened
        self.dbf = dbf
        func field(_ name: String?, _ role: String) throws(ShapefileError) -> Int? {
            guard let name else { return nil }
            guard let dbf, let i = dbf.fieldIndex(named: name) else {
                let known = dbf?.fields.map(\.name).joined(separator: ", ") ?? "no .dbf"
                throw ShapefileError(.invalidOption, "\(role) field '\(name)' is not in the DBF (fields: \(known))", path: path)
            }
            return i
        }
        self.idIndex = try field(options.idField, "id")
        self.mergeIndex = try field(options.mergeBy, "merge")
        let crs = try SourceCRS.resolve(shapefile: path, extent: shp.header.boundingBox, override: options.sourceCRS)
        self.crs = crs
        if let definition = crs.definition {
            do {
                self.reprojector = try Reprojector(source: definition)
            } catch {
                let hint = crs.source == .caller ? "" : "; pass the source CRS (e.g. --source-crs EPSG:32643)"
                throw ShapefileError(.unusableCRS, "PROJ cannot use the source CRS \(crs.name): \(error.message)\(hint)", path: path)
            }
        } else {
            self.reprojector = nil
        }
        let box = shp.header.boundingBox
        if let reprojector = self.reprojector, !box.isEmpty,
           reprojector.transform(x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2) == nil {
            warnings.append("PROJ cannot transform the centre of the extent from \(crs.name); if every record is skipped, the CRS is wrong: pass the source CRS (e.g. --source-crs EPSG:32643)")
        }
        let type = shp.header.shapeType
        report = ShapefileImportReport(
            file: path, shapeType: type, recordsRead: 0, dbfRecords: dbf?.recordCount, recordsImported: 0,
            roads: 0, mergedGroups: 0, deletedRecords: 0, skipped: [], notes: [], warnings: warnings,
            encoding: dbf?.encoding, sourceCRS: crs, usedIndex: shp.indexPath != nil,
            droppedZ: type.hasZ, droppedM: type.hasM)
    }

    mutating func run() throws(ShapefileError) {
        var record = ShapeRecord(number: 0)
        var values: [JSONValue] = []
        var anyM = false
        var rowUsed = [Bool](repeating: false, count: dbf?.recordCount ?? 0)
        var decimalCommaRows = 0
        xs.reserveCapacity(Self.batchPoints + 1024)
        ys.reserveCapacity(Self.batchPoints + 1024)
        for i in 0..<shp.recordCount {
            let number = shp.recordNumber(at: i)
            report.recordsRead += 1
            // The row is this record's whatever becomes of the record (a null or corrupt shape is
            // reported as such, not again as a row without a shape).
            if number - 1 < rowUsed.count { rowUsed[number - 1] = true }
            do {
                try shp.read(at: i, into: &record)
            } catch {
                skip(number, error.kind == .unsupported ? .unsupportedShape : .corruptRecord, error.message)
                continue
            }
            let isPoint: Bool
            switch record.shapeType.family {
            case .null:
                skip(number, .nullShape, "")
                continue
            case .multiPatch:
                skip(number, .unsupportedShape, "MultiPatch shapes are not read")
                continue
            case .point, .multiPoint:
                isPoint = true
            case .polyLine, .polygon:
                isPoint = false
            }
            anyM = anyM || !record.m.isEmpty
            var rowValues: [JSONValue] = []
            if let dbf {
                let row = number - 1
                guard row < dbf.recordCount else {
                    skip(number, .noAttributes, "the .dbf has only \(dbf.recordCount) rows")
                    continue
                }
                if dbf.isDeleted(row) {
                    report.deletedRecords += 1
                    skip(number, .deleted, "")
                    continue
                }
                let flags = dbf.read(at: row, into: &values)
                if !flags.isEmpty {
                    if flags.contains(.decimalComma) { decimalCommaRows += 1 }
                    if flags.contains(.memoUnreadable) { report.unreadableMemoRows += 1 }
                }
                rowValues = values
            }
            if let bad = firstNonFinite(record) {
                skip(number, .notFinite, "point \(bad) is (\(record.x[bad]), \(record.y[bad]))")
                continue
            }
            var id = JSONValue.integer(Int64(number))
            if let idIndex {
                if rowValues[idIndex] != .null {
                    id = rowValues[idIndex]
                } else {
                    report.notes.append(ImportIssue(record: number, kind: .blankID, message: "id field blank; record number \(number) used"))
                }
            }
            let firstPart = partBounds.count
            for p in 0..<record.partCount { partBounds.append(xs.count + record.partStarts[p]) }
            xs.append(contentsOf: record.x)
            ys.append(contentsOf: record.y)
            pending.append(Pending(record: number, id: id, attributes: rowValues, firstPart: firstPart,
                                   partCount: record.partCount, end: xs.count, isPoint: isPoint))
            if xs.count >= Self.batchPoints { try flush() }
        }
        try flush()
        if report.droppedM && !anyM { report.droppedM = false }  // Z types whose records carry no M
        if decimalCommaRows > 0 {
            report.warnings.append("\(decimalCommaRows) DBF rows have numbers written with a decimal comma (68,500); read as numbers (68.5)")
        }
        let unpaired = rowUsed.indices.filter { !rowUsed[$0] }
        if !unpaired.isEmpty {
            let rows = unpaired.prefix(20).map { String($0 + 1) }.joined(separator: ", ") + (unpaired.count > 20 ? ", ..." : "")
            report.unpairedDBFRows = unpaired.count
            report.warnings.append("the .dbf has \(unpaired.count) rows without a shape (rows \(rows)); their attributes are not imported")
        }
    }

    /// Reprojects the batch and turns its pending records into roads and points.
    mutating func flush() throws(ShapefileError) {
        defer {
            xs.removeAll(keepingCapacity: true)
            ys.removeAll(keepingCapacity: true)
            partBounds.removeAll(keepingCapacity: true)
            pending.removeAll(keepingCapacity: true)
        }
        guard !pending.isEmpty else { return }
        if let reprojector { try reproject(with: reprojector) }
        let what = reprojector == nil ? "not longitude/latitude" : "PROJ cannot transform them to EPSG:4326"

        for p in pending {
            let start = partBounds[p.firstPart]
            if p.isPoint {
                var coordinates: [Coordinate] = []
                coordinates.reserveCapacity(p.end - start)
                var dropped = 0, clamped = 0
                for k in start..<p.end {
                    let c = Coordinate(xs[k], ys[k])
                    if c.isValidGeographic { coordinates.append(c) }
                    else if let e = WorldEdges.clamped(c) { coordinates.append(e); clamped += 1 }
                    else if c.longitude.isFinite, c.latitude.isFinite, abs(c.longitude) <= 540, abs(c.latitude) <= 90 {
                        // Past ±180 (0...360 data): the same meridian on the other side.
                        coordinates.append(WorldEdges.split([c])[0][0]); clamped += 1
                    } else { dropped += 1 }
                }
                if coordinates.isEmpty {
                    skip(p.record, .outsideCRSArea, "\(dropped) of \(p.end - start) points: \(what)")
                    continue
                }
                if dropped > 0 {
                    report.notes.append(ImportIssue(record: p.record, kind: .droppedPoints, message: "\(dropped) points dropped (\(what))"))
                }
                if clamped > 0 {
                    report.notes.append(ImportIssue(record: p.record, kind: .worldEdge, message: "\(clamped) positions moved onto -180...180 / -90...90"))
                }
                report.recordsImported += 1
                points.append(ImportedPoint(id: p.id, recordNumber: p.record, coordinates: coordinates, attributes: p.attributes))
                continue
            }
            var parts: [Polyline] = []
            parts.reserveCapacity(p.partCount)
            var dropped = 0, droppedParts = 0
            var edges = WorldEdges.Outcome()
            for q in p.firstPart..<(p.firstPart + p.partCount) {
                let lo = partBounds[q], hi = q + 1 < p.firstPart + p.partCount ? partBounds[q + 1] : p.end
                var coordinates: [Coordinate] = []
                coordinates.reserveCapacity(hi - lo)
                var regular = true
                for k in lo..<hi {
                    let c = Coordinate(xs[k], ys[k])
                    guard c.isValidGeographic else { regular = false; break }
                    if coordinates.last != c { coordinates.append(c) }
                }
                var pieces: [[Coordinate]] = []
                if regular {
                    pieces = [coordinates]
                } else {
                    // The slow path: clamp, drop what is no position, cut at the antimeridian.
                    var raw: [Coordinate] = []
                    raw.reserveCapacity(hi - lo)
                    for k in lo..<hi { raw.append(Coordinate(xs[k], ys[k])) }
                    let (cut, outcome) = WorldEdges.normalize(raw)
                    dropped += outcome.invalid
                    edges.clamped += outcome.clamped
                    edges.antimeridianCuts += outcome.antimeridianCuts
                    for piece in cut {
                        var deduplicated: [Coordinate] = []
                        deduplicated.reserveCapacity(piece.count)
                        for c in piece where deduplicated.last != c { deduplicated.append(c) }
                        pieces.append(deduplicated)
                    }
                }
                for piece in pieces {
                    if piece.count >= 2 {
                        parts.append(Polyline(uncheckedCoordinates: piece))
                    } else {
                        droppedParts += 1
                    }
                }
            }
            if parts.isEmpty {
                if dropped > 0 {
                    skip(p.record, .outsideCRSArea, "\(dropped) of \(p.end - start) points: \(what)")
                } else {
                    skip(p.record, .tooFewPoints, "no part has 2 distinct points")
                }
                continue
            }
            if dropped > 0 || droppedParts > 0 {
                var detail: [String] = []
                if dropped > 0 { detail.append("\(dropped) points dropped (\(what))") }
                if droppedParts > 0 { detail.append("\(droppedParts) parts with fewer than 2 distinct points dropped") }
                report.notes.append(ImportIssue(record: p.record, kind: .droppedPoints, message: detail.joined(separator: ", ")))
            }
            if edges.clamped > 0 || edges.antimeridianCuts > 0 {
                var detail: [String] = []
                if edges.clamped > 0 { detail.append("\(edges.clamped) positions within \(WorldEdges.clampTolerance) degrees outside the valid range clamped onto it") }
                if edges.antimeridianCuts > 0 { detail.append("cut at the antimeridian \(edges.antimeridianCuts) time\(edges.antimeridianCuts == 1 ? "" : "s")") }
                report.notes.append(ImportIssue(record: p.record, kind: .worldEdge, message: detail.joined(separator: ", ")))
            }
            report.recordsImported += 1
            roads.append(ImportedRoad(id: p.id, recordNumbers: [p.record], geometry: MultiPolyline(parts: parts),
                                      attributes: p.attributes))
        }
    }

    /// Reprojects the batch in place: on one thread, or split in contiguous chunks over
    /// `threads` transformers (points PROJ cannot transform become infinity either way).
    mutating func reproject(with reprojector: Reprojector) throws(ShapefileError) {
        let n = xs.count
        let minimumChunk = 16_384
        let workers = min(threads, n / minimumChunk)
        if workers > 1 && helpers == nil, let definition = crs.definition {
            helpers = ReprojectorPool(definition: definition, count: threads - 1)
        }
        guard workers > 1, let pool = helpers, pool.members.count >= workers - 1 else {
            do { try reprojector.transform(x: &xs, y: &ys) } catch {
                throw ShapefileError(.unusableCRS, error.message, path: path)
            }
            return
        }
        let all = ReprojectorPool(members: [reprojector] + pool.members)
        let chunk = (n + workers - 1) / workers
        xs.withUnsafeMutableBufferPointer { xb in
            ys.withUnsafeMutableBufferPointer { yb in
                guard let xBase = xb.baseAddress, let yBase = yb.baseAddress else { return }
                let xp = UnsafeSendablePointer(xBase), yp = UnsafeSendablePointer(yBase)
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    let lo = w * chunk, hi = min(n, lo + chunk)
                    guard lo < hi else { return }
                    var cx = Array(UnsafeBufferPointer(start: xp.pointer + lo, count: hi - lo))
                    var cy = Array(UnsafeBufferPointer(start: yp.pointer + lo, count: hi - lo))
                    // Equal lengths: transform cannot throw; failed points come back as infinity.
                    _ = try? all.members[w].transform(x: &cx, y: &cy)
                    for i in 0..<(hi - lo) { xp.pointer[lo + i] = cx[i]; yp.pointer[lo + i] = cy[i] }
                }
            }
        }
    }

    mutating func skip(_ record: Int, _ kind: ImportIssue.Kind, _ message: String) {
        report.skipped.append(ImportIssue(record: record, kind: kind, message: message))
    }

    func firstNonFinite(_ r: ShapeRecord) -> Int? {
        for k in 0..<r.pointCount where !(r.x[k].isFinite && r.y[k].isFinite) { return k }
        return nil
    }
}

/// Transformers handed to worker threads, one per thread: each is used by exactly one thread
/// at a time (worker `w` uses member `w`), which is what PROJ requires of a transformer.
struct ReprojectorPool: @unchecked Sendable {
    let members: [Reprojector]

    init(members: [Reprojector]) { self.members = members }

    /// `count` transformers from `definition`; fewer (none) if PROJ refuses, and the batch then
    /// runs on one thread.
    init(definition: String, count: Int) {
        members = (0..<max(0, count)).compactMap { _ in try? Reprojector(source: definition) }
    }
}
