import Foundation

/// One rendered tile: a GeoJSON FeatureCollection as UTF-8 bytes.
///
/// ```swift
/// let t = tiler.tile(try TileID(z: 12, x: 2896, y: 1502))
/// if !t.isEmpty { try Data(t.bytes).write(to: url) }
/// ```
public struct RenderedTile: Hashable, Sendable {
    /// The tile.
    public let id: TileID
    /// The FeatureCollection, UTF-8 JSON.
    public let bytes: [UInt8]
    /// Features written (clusters and single reports included).
    public let featureCount: Int
    /// Whether no feature reached the tile.
    public var isEmpty: Bool { featureCount == 0 }

    /// A tile made elsewhere, e.g. a server that composes the output of several tilers into one
    /// FeatureCollection and keeps it in a ``TileCache``.
    /// - Parameters:
    ///   - id: The tile.
    ///   - bytes: The FeatureCollection, UTF-8 JSON.
    ///   - featureCount: Features in it.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// cache.insert(RenderedTile(id: id, bytes: composed, featureCount: roads.featureCount + reports.featureCount))
    /// ```
    public init(id: TileID, bytes: [UInt8], featureCount: Int) {
        self.id = id
        self.bytes = bytes
        self.featureCount = featureCount
    }

    /// A FeatureCollection whose features `body` writes (each preceded by a comma but the
    /// first), returning how many it wrote: the one wrapper of every GeoJSON tile.
    static func featureCollection(_ id: TileID, capacity: Int, _ body: (inout TileJSONWriter) -> Int) -> RenderedTile {
        var w = TileJSONWriter(capacity: capacity)
        w.raw("{\"type\":\"FeatureCollection\",\"features\":[")
        let n = body(&w)
        w.raw("]}")
        return RenderedTile(id: id, bytes: w.bytes, featureCount: n)
    }
}

extension Tiler {
    /// Renders tile `z/x/y` as a GeoJSON FeatureCollection.
    ///
    /// Selects the features whose box meets the tile plus buffer through the packed R-tree
    /// (``PackedRTree``) over their mercator boxes, clips them
    /// (lines leaving and re-entering become several parts), drops vertices below the zoom's
    /// tolerance, drops parts that collapse, transforms to the output coordinates and writes
    /// each feature with the properties kept at this zoom.
    /// - Parameter id: The tile.
    /// - Returns: The tile's bytes (an empty FeatureCollection when nothing reaches it).
    /// - Complexity: O(vertices of the candidate features + output).
    ///
    /// ```swift
    /// let json = String(decoding: tiler.tile(try TileID(z: 10, x: 724, y: 375)).bytes, as: UTF8.self)
    /// ```
    public func tile(_ id: TileID) -> RenderedTile {
        RenderedTile.featureCollection(id, capacity: 16 << 10) { write(id, into: &$0, first: true, layer: nil) }
    }

    /// Writes the features of tile `id` (each preceded by a comma unless `first`), each with the
    /// `layer` member when given; returns how many.
    func write(_ id: TileID, into writer: inout TileJSONWriter, first: Bool, layer: ArraySlice<UInt8>?) -> Int {
        var context = RenderContext(tiler: self, id: id)
        context.layer = layer
        var written = 0
        var candidates: [Int32] = []
        for (query, shift) in context.queries {
            candidates.removeAll(keepingCapacity: true)
            index.search(query) { candidates.append(Int32(truncatingIfNeeded: $0)); return true }
            candidates.sort()   // input order: deterministic output
            for f in candidates {
                let record = records[Int(f)]
                guard Int(record.minZoom) <= id.z, id.z <= Int(record.maxZoom), record.box.intersects(query) else { continue }
                if context.render(record, shift: shift, into: &writer, first: first && written == 0) { written += 1 }
            }
        }
        return written
    }

    /// Renders tile `z/x/y` after validating it.
    ///
    /// - Parameters:
    ///   - z: Zoom 0...24.
    ///   - x: Column, 0..<2^z.
    ///   - y: Row, 0..<2^z (XYZ scheme, from the north).
    /// - Throws: ``TileError`` for a tile that does not exist.
    /// - Complexity: As ``tile(_:)``: O(vertices of the candidate features + output size).
    ///
    /// ```swift
    /// let t = try tiler.tile(z: 14, x: 11_586, y: 6_010)
    /// response.body = t.bytes   // a GeoJSON FeatureCollection
    /// ```
    public func tile(z: Int, x: Int, y: Int) throws(TileError) -> RenderedTile {
        tile(try TileID(z: z, x: x, y: y))
    }
}

/// How unit-mercator positions become output numbers for one tile.
struct TileTransform: Sendable {
    let mode: TilerOptions.CoordinateMode
    /// Tile origin (unit square) and unit-to-tile-units scale (extent · 2^z).
    let originX: Double, originY: Double, scale: Double
    /// Decimals written (0 in tile mode) and 10^digits.
    let digits: Int, power: Double

    init(id: TileID, options: TilerOptions) {
        mode = options.coordinates
        let b = id.unitBounds
        originX = b.minX; originY = b.minY
        scale = Double(options.extent) * Double(1 << id.z)
        if mode == .tile {
            digits = 0
        } else if let p = options.coordinatePrecision {
            digits = p
        } else {
            // Enough decimals to resolve 1/extent of the tile: 360/scale degrees of longitude,
            // and cos(latitude) times that of latitude near the tile's poleward edge.
            let lat = max(abs(id.bounds.minY), abs(id.bounds.maxY))
            let perDegree = scale / 360 / max(cos(lat * .pi / 180), 1e-6)
            digits = max(0, min(12, Int(log10(perDegree).rounded(.up))))
        }
        power = TileJSONWriter.powersOfTen[digits]
    }

    /// The scaled integer output of a position (`source` >= 0: the original coordinate).
    @inline(__always)
    func output(_ x: Double, _ y: Double, source: Int32, coordinates: [Coordinate]) -> (Int64, Int64) {
        if mode == .tile {
            return (Int64(((x - originX) * scale).rounded()), Int64(((y - originY) * scale).rounded()))
        }
        let c = source >= 0 ? coordinates[Int(source)] : WebMercator.unproject(x: x, y: y)
        return (Int64((c.longitude * power).rounded()), Int64((c.latitude * power).rounded()))
    }
}

/// Per-call scratch and constants of one tile render.
struct RenderContext {
    let tiler: Tiler
    let zoom: Int
    let clip: TileClipBox
    let transform: TileTransform
    /// Squared tolerance (unit square); -1 keeps every vertex.
    let squaredTolerance: Double
    /// Minimum part length (unit square).
    let minLength: Double
    /// Boxes to query and the x shift (whole worlds) applied to what they find.
    var queries: [(BoundingBox, Double)] = []
    var clipped: [ClippedVertex] = []
    var partEnds: [Int] = []
    var partStartsPolygon: [Bool] = []
    var ringScratch: [ClippedVertex] = []
    var out: [Int64] = []
    var outParts: [(end: Int, startsPolygon: Bool)] = []
    /// The `"layer":"name",` member written in each feature of a composed tile.
    var layer: ArraySlice<UInt8>?

    /// - Parameters:
    ///   - forceTileUnits: Transform to integer tile units whatever the options say (the MVT
    ///     writer), so selection, clipping and simplification stay those of the GeoJSON path.
    init(tiler: Tiler, id: TileID, forceTileUnits: Bool = false) {
        self.tiler = tiler
        zoom = id.z
        var o = tiler.options
        if forceTileUnits { o.coordinates = .tile }
        clip = TileClipBox(id: id, options: o)
        transform = TileTransform(id: id, options: o)
        let tol = o.tolerance / transform.scale
        squaredTolerance = o.tolerance == 0 ? -1 : tol * tol
        minLength = tol
        queries = [(clip.box, 0)]
        if o.coordinates == .tile {
            if clip.minX < 0 { queries.append((BoundingBox(minX: clip.minX + 1, minY: clip.minY, maxX: 1, maxY: clip.maxY), -1)) }
            if clip.maxX > 1 { queries.append((BoundingBox(minX: 0, minY: clip.minY, maxX: clip.maxX - 1, maxY: clip.maxY), 1)) }
        }
        clipped.reserveCapacity(1024); out.reserveCapacity(2048)
    }

    /// Clips, simplifies and writes one feature as GeoJSON; false when nothing of it survives.
    mutating func render(_ record: FeatureRecord, shift: Double, into w: inout TileJSONWriter, first: Bool) -> Bool {
        guard prepare(record, shift: shift) else { return false }
        write(record, into: &w, first: first)
        return true
    }

    /// The geometry stage shared by every writer: clips `record` (shifted by `shift` worlds)
    /// to the tile plus buffer, simplifies at the zoom's tolerance and transforms to output
    /// integers in `out` / `outParts`; false when nothing of it survives.
    mutating func prepare(_ record: FeatureRecord, shift: Double) -> Bool {
        clipped.removeAll(keepingCapacity: true)
        partEnds.removeAll(keepingCapacity: true)
        partStartsPolygon.removeAll(keepingCapacity: true)
        let vertices = tiler.vertices
        var skipPolygon = false
        for p in Int(record.partStart)..<Int(record.partEnd) {
            let part = tiler.parts[p]
            let range = Int(part.start)..<Int(part.end)
            switch record.kind {
            case .point:
                let v = vertices[range.lowerBound]
                if clip.contains(v.x + shift, v.y) {
                    clipped.append(ClippedVertex(x: v.x + shift, y: v.y, importance: .infinity, source: Int32(range.lowerBound)))
                    partEnds.append(clipped.count)
                }
            case .line:
                clip.clipLine(vertices, range, shift: shift, into: &clipped, partEnds: &partEnds)
            case .polygon:
                if part.startsPolygon { skipPolygon = false } else if skipPolygon { continue }
                if clip.clipRing(vertices, range, shift: shift, into: &clipped, scratch: &ringScratch) {
                    partEnds.append(clipped.count)
                    partStartsPolygon.append(part.startsPolygon)
                } else if part.startsPolygon {
                    skipPolygon = true
                }
            }
        }
        guard !partEnds.isEmpty else { return false }
        simplifyAndTransform(record.kind)
        return !outParts.isEmpty
    }

    /// Keeps the vertices above the tolerance, drops collapsed parts and rings (and the holes
    /// of a dropped exterior), converts to output integers without consecutive duplicates.
    private mutating func simplifyAndTransform(_ kind: FeatureRecord.Kind) {
        out.removeAll(keepingCapacity: true)
        outParts.removeAll(keepingCapacity: true)
        let coordinates = tiler.coordinates
        var start = 0
        var dropHoles = false
        for (p, end) in partEnds.enumerated() {
            defer { start = end }
            let isPolygon = kind == .polygon
            let startsPolygon = isPolygon ? partStartsPolygon[p] : false
            if isPolygon && !startsPolygon && dropHoles { continue }
            let mark = out.count
            var length = 0.0, area = 0.0
            var px = 0.0, py = 0.0, have = false
            for i in start..<end {
                let v = clipped[i]
                guard v.importance > squaredTolerance else { continue }
                if have {
                    if isPolygon { area += px * v.y - v.x * py } else {
                        let dx = v.x - px, dy = v.y - py
                        length += (dx * dx + dy * dy).squareRoot()
                    }
                }
                px = v.x; py = v.y; have = true
                let (ox, oy) = transform.output(v.x, v.y, source: v.source, coordinates: coordinates)
                let n = out.count
                if n > mark && out[n - 2] == ox && out[n - 1] == oy { continue }
                out.append(ox); out.append(oy)
            }
            let points = (out.count - mark) / 2
            let keep: Bool
            switch kind {
            case .point: keep = points == 1
            case .line: keep = points >= 2 && (squaredTolerance < 0 || length >= minLength)
            case .polygon: keep = points >= 4 && (squaredTolerance < 0 || abs(area) / 2 >= squaredTolerance)
            }
            if keep {
                outParts.append((out.count, startsPolygon))
            } else {
                out.removeLast(out.count - mark)
                if startsPolygon { dropHoles = true }
            }
            if startsPolygon && keep { dropHoles = false }
        }
    }

    private func write(_ record: FeatureRecord, into w: inout TileJSONWriter, first: Bool) {
        w.raw(first ? "{\"type\":\"Feature\"," : ",{\"type\":\"Feature\",")
        if let layer { w.raw(layer) }
        if !record.id.isEmpty {
            w.raw("\"id\":"); w.raw(tiler.propertyBytes[Int(record.id.lowerBound)..<Int(record.id.upperBound)]); w.raw(",")
        }
        w.raw("\"geometry\":{\"type\":")
        let digits = transform.digits
        var start = 0
        func line(_ end: Int) {
            w.raw("[")
            var i = start
            while i < end {
                w.raw(i == start ? "[" : ",[")
                w.scaled(out[i], digits: digits); w.raw(","); w.scaled(out[i + 1], digits: digits)
                w.raw("]")
                i += 2
            }
            w.raw("]")
            start = end
        }
        switch record.kind {
        case .point:
            if outParts.count == 1 {
                w.raw("\"Point\",\"coordinates\":[")
                w.scaled(out[0], digits: digits); w.raw(","); w.scaled(out[1], digits: digits)
                w.raw("]")
            } else {
                w.raw("\"MultiPoint\",\"coordinates\":")
                line(out.count)
            }
        case .line:
            if outParts.count == 1 {
                w.raw("\"LineString\",\"coordinates\":")
                line(outParts[0].end)
            } else {
                w.raw("\"MultiLineString\",\"coordinates\":[")
                for (k, part) in outParts.enumerated() { if k > 0 { w.raw(",") }; line(part.end) }
                w.raw("]")
            }
        case .polygon:
            let polygons = outParts.reduce(0) { $0 + ($1.startsPolygon ? 1 : 0) }
            w.raw(polygons == 1 ? "\"Polygon\",\"coordinates\":[" : "\"MultiPolygon\",\"coordinates\":[[")
            for (k, part) in outParts.enumerated() {
                if k > 0 { w.raw(part.startsPolygon && polygons > 1 ? "],[" : ",") }
                line(part.end)
            }
            w.raw(polygons == 1 ? "]" : "]]")
        }
        w.raw("},\"properties\":{")
        var firstProperty = true
        let keyBase = zoom * tiler.keyCount
        for p in Int(record.propertyStart)..<Int(record.propertyEnd) {
            let property = tiler.propertyRecords[p]
            guard tiler.keptKey[keyBase + Int(property.key)] else { continue }
            if !firstProperty { w.raw(",") }
            w.raw(tiler.propertyBytes[Int(property.start)..<Int(property.end)])
            firstProperty = false
        }
        w.raw("}}")
    }
}
