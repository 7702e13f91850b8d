import Dispatch
import Foundation
import Synchronization

/// What a pyramid export wrote.
///
/// ```swift
/// let summary = try TilePyramid.export(tiler, zooms: 5...14, to: "/srv/tiles")
/// for z in summary.zooms { print("z\(z.zoom): \(z.tiles) tiles, \(z.bytes) bytes") }
/// ```
public struct PyramidSummary: Hashable, Sendable {
    /// Per zoom: zoom, non-empty tiles written, bytes written.
    public var zooms: [(zoom: Int, tiles: Int, bytes: Int)] {
        zoomList.indices.map { (zoomList[$0], tileCounts[$0], byteCounts[$0]) }
    }
    /// Total tiles written.
    public var tiles: Int { tileCounts.reduce(0, +) }
    /// Total bytes written (tile files only).
    public var bytes: Int { byteCounts.reduce(0, +) }
    /// Longitude/latitude box of the data.
    public var bounds: BoundingBox
    /// Candidate tiles rendered (written or empty).
    public var rendered: Int

    var zoomList: [Int]
    var tileCounts: [Int]
    var byteCounts: [Int]
}

/// The encoding of exported tiles.
///
/// ```swift
/// try TilePyramid.export(layers, zooms: 0...14, to: "/srv/tiles", format: .mvt)
/// ```
public enum TileFormat: String, Hashable, Sendable, CaseIterable {
    /// GeoJSON FeatureCollections (`.geojson`), each feature with its `layer` member.
    case geojson
    /// Mapbox Vector Tiles 2.1 (`.mvt`, uncompressed protobuf), one MVT layer per tile layer.
    case mvt
}

/// Static export of a tile pyramid: `DIR/z/x/y.geojson` for every non-empty tile plus
/// `DIR/metadata.json`, rendered in parallel; a static web server can serve it directly.
///
/// ```swift
/// let summary = try TilePyramid.export(tiler, zooms: 5...14, to: "/srv/tiles", threads: 8) { done, total in
///     print("\(done)/\(total)")
/// }
/// print(summary.tiles, summary.bytes)
/// ```
public enum TilePyramid {
    /// The tiles at `zoom` that some feature's (or report's) buffered box reaches: the
    /// candidates for non-empty tiles, sorted, without duplicates.
    ///
    /// - Parameters:
    ///   - tiler: The tiler.
    ///   - zoom: 0...24.
    /// - Precondition: `zoom` is within 0...24.
    /// - Complexity: O(features · tiles per feature + sort).
    ///
    /// ```swift
    /// let todo = TilePyramid.candidateTiles(tiler, zoom: 12)   // render these, skip the rest
    /// ```
    public static func candidateTiles(_ tiler: Tiler, zoom: Int) -> [TileID] {
        precondition((0...TileID.maxZoom).contains(zoom), "zoom out of range")
        var out: [TileID] = []
        tiler.appendCandidates(zoom: zoom, to: &out)
        return Tiler.sortedUnique(out)
    }

    /// The candidate tiles at `zoom` of every layer drawn there, sorted, without duplicates.
    ///
    /// - Parameters:
    ///   - layers: The layers.
    ///   - zoom: 0...24.
    /// - Precondition: `zoom` is within 0...24.
    /// - Complexity: O(items · tiles per item + sort).
    ///
    /// ```swift
    /// let todo = TilePyramid.candidateTiles(layers, zoom: 12)
    /// ```
    public static func candidateTiles(_ layers: TileLayers, zoom: Int) -> [TileID] {
        precondition((0...TileID.maxZoom).contains(zoom), "zoom out of range")
        var out: [TileID] = []
        for l in layers.layers where l.zooms.contains(zoom) {
            switch l.content {
            case .features(let tiler): tiler.appendCandidates(zoom: zoom, to: &out)
            case .clusters(let clusters): clusters.appendCandidates(zoom: zoom, to: &out)
            }
        }
        return Tiler.sortedUnique(out)
    }

    /// Renders every candidate tile of `zooms` and writes the non-empty ones.
    ///
    /// - Parameters:
    ///   - tiler: The tiler.
    ///   - zooms: Zoom range, within 0...24.
    ///   - directory: Output directory (created if missing).
    ///   - threads: Worker threads (≥ 1).
    ///   - progress: Called now and then with (tiles done, tiles total), from worker threads.
    /// - Returns: Counts and bytes per zoom.
    /// - Throws: ``TileError`` for a bad zoom range or a file that cannot be written (naming it).
    /// - Complexity: O(rendering all candidate tiles) / threads.
    ///
    /// ```swift
    /// let summary = try TilePyramid.export(tiler, zooms: 0...12, to: "/srv/tiles", threads: 2)
    /// print(summary.tiles, summary.bytes, summary.bounds)
    /// ```
    public static func export(_ tiler: Tiler, zooms: ClosedRange<Int>, to directory: String, threads: Int = 1,
                              progress: (@Sendable (Int, Int) -> Void)? = nil) throws(TileError) -> PyramidSummary {
        try export(TileLayers([TileLayer(name: "features", content: .features(tiler))]), zooms: zooms, to: directory,
                   threads: threads, progress: progress)
    }

    /// Renders every candidate tile of `zooms` of composed layers and writes the non-empty ones.
    ///
    /// - Parameters:
    ///   - layers: The layers (one layer writes exactly its tiler's tiles).
    ///   - zooms: Zoom range, within 0...24.
    ///   - directory: Output directory (created if missing).
    ///   - threads: Worker threads (≥ 1).
    ///   - format: ``TileFormat/geojson`` (`z/x/y.geojson`) or ``TileFormat/mvt`` (`z/x/y.mvt`).
    ///   - progress: Called now and then with (tiles done, tiles total), from worker threads.
    /// - Returns: Counts and bytes per zoom.
    /// - Throws: ``TileError`` for a bad zoom range or a file that cannot be written (naming it).
    /// - Complexity: O(rendering all candidate tiles) / threads.
    ///
    /// ```swift
    /// let layers = try TileLayers([TileLayer(name: "roads", content: .features(roads)),
    ///                              TileLayer(name: "reports", content: .clusters(clusters))])
    /// let summary = try TilePyramid.export(layers, zooms: 0...14, to: "/srv/tiles", threads: 2)
    /// ```
    public static func export(_ layers: TileLayers, zooms: ClosedRange<Int>, to directory: String, threads: Int = 1,
                              format: TileFormat = .geojson,
                              progress: (@Sendable (Int, Int) -> Void)? = nil) throws(TileError) -> PyramidSummary {
        guard zooms.lowerBound >= 0 && zooms.upperBound <= TileID.maxZoom else {
            throw TileError(.invalidTile, "zooms \(zooms): must be within 0...\(TileID.maxZoom)")
        }
        let work = candidateTiles(layers, zooms: zooms, threads: threads).flatMap { $0 }
        let fm = FileManager.default
        // An empty pyramid (no feature reaches any tile) still gets its directory and metadata.json.
        if !fm.fileExists(atPath: directory) {
            guard (try? fm.createDirectory(atPath: directory, withIntermediateDirectories: true)) != nil else {
                throw TileError(.io, "pyramid: cannot create directory \(directory)")
            }
        }
        for (z, x) in Set(work.map { PairKey(a: $0.z, b: $0.x) }).map({ ($0.a, $0.b) }) {
            let path = "\(directory)/\(z)/\(x)"
            if !fm.fileExists(atPath: path) {
                guard (try? fm.createDirectory(atPath: path, withIntermediateDirectories: true)) != nil else {
                    throw TileError(.io, "pyramid: cannot create directory \(path)")
                }
            }
        }
        let zoomList = Array(zooms)
        let next = Atomic<Int>(0), done = Atomic<Int>(0)
        let totals = PyramidTotals(zooms: zoomList.count)
        let items = work
        let total = items.count
        let step = max(1, total / 100)
        DispatchQueue.concurrentPerform(iterations: max(1, threads)) { _ in
            var tiles = [Int](repeating: 0, count: zoomList.count), bytes = tiles
            var failure: String? = nil
            while true {
                let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard i < total else { break }
                let id = items[i]
                let tile = format == .mvt ? layers.vectorTile(id) : layers.tile(id)
                if !tile.isEmpty && failure == nil {
                    let path = "\(directory)/\(id.z)/\(id.x)/\(id.y).\(format == .mvt ? "mvt" : "geojson")"
                    if writeFile(path, tile.bytes) {
                        tiles[id.z - zooms.lowerBound] += 1
                        bytes[id.z - zooms.lowerBound] += tile.bytes.count
                    } else {
                        failure = "pyramid: cannot write \(path)"
                    }
                }
                let d = done.wrappingAdd(1, ordering: .relaxed).newValue
                if let progress, d % step == 0 || d == total { progress(d, total) }
            }
            totals.add(tiles: tiles, bytes: bytes, failure: failure)
        }
        let (tileCounts, byteCounts, failure) = totals.result()
        if let failure { throw TileError(.io, failure) }
        var bounds = BoundingBox.empty
        var features = 0, reports = 0
        for l in layers.layers {
            switch l.content {
            case .features(let tiler): for r in tiler.records { bounds.extend(r.box) }; features += tiler.featureCount
            case .clusters(let clusters): bounds.extend(clusters.unitBounds); reports += clusters.count
            }
        }
        let lonLat = bounds.isEmpty ? BoundingBox.empty
            : BoundingBox(minX: WebMercator.unprojectX(bounds.minX), minY: WebMercator.unprojectY(bounds.maxY),
                          maxX: WebMercator.unprojectX(bounds.maxX), maxY: WebMercator.unprojectY(bounds.minY))
        let summary = PyramidSummary(bounds: lonLat, rendered: total, zoomList: zoomList, tileCounts: tileCounts, byteCounts: byteCounts)
        let metadata = Data(metadataJSON(summary, options: layers.tilerOptions, features: features, reports: reports,
                                         layers: layers.layers.map(\.name), format: format))
        guard fm.createFile(atPath: "\(directory)/metadata.json", contents: metadata) else {
            throw TileError(.io, "pyramid: cannot write \(directory)/metadata.json")
        }
        return summary
    }

    /// The `metadata.json` text: format, bounds, zooms, options and per-zoom counts.
    static func metadataJSON(_ s: PyramidSummary, options o: TilerOptions, features: Int, reports: Int, layers: [String],
                             format: TileFormat = .geojson) -> [UInt8] {
        var w = TileJSONWriter()
        w.raw(format == .mvt ? "{\"format\":\"pbf\",\"scheme\":\"xyz\",\"tiles\":\"{z}/{x}/{y}.mvt\",\"bounds\":["
                             : "{\"format\":\"geojson\",\"scheme\":\"xyz\",\"tiles\":\"{z}/{x}/{y}.geojson\",\"bounds\":[")
        if s.bounds.isEmpty { w.raw("]") } else {
            w.fixed(s.bounds.minX, digits: 7); w.raw(","); w.fixed(s.bounds.minY, digits: 7); w.raw(",")
            w.fixed(s.bounds.maxX, digits: 7); w.raw(","); w.fixed(s.bounds.maxY, digits: 7); w.raw("]")
        }
        w.raw(",\"minzoom\":"); w.integer(Int64(s.zoomList.first ?? 0))
        w.raw(",\"maxzoom\":"); w.integer(Int64(s.zoomList.last ?? 0))
        w.raw(",\"extent\":"); w.integer(Int64(o.extent))
        w.raw(",\"buffer\":"); w.integer(Int64(o.buffer))
        w.raw(",\"tolerance\":"); w.number(o.tolerance)
        w.raw(o.coordinates == .tile || format == .mvt ? ",\"coordinates\":\"tile\"" : ",\"coordinates\":\"lonlat\"")
        w.raw(",\"layers\":[")
        for (k, name) in layers.enumerated() { if k > 0 { w.raw(",") }; w.string(name) }
        w.raw("],\"features\":"); w.integer(Int64(features))
        w.raw(",\"reports\":"); w.integer(Int64(reports))
        w.raw(",\"tile_count\":"); w.integer(Int64(s.tiles))
        w.raw(",\"bytes\":"); w.integer(Int64(s.bytes))
        w.raw(",\"zooms\":[")
        for (k, z) in s.zooms.enumerated() {
            w.raw(k == 0 ? "{\"zoom\":" : ",{\"zoom\":"); w.integer(Int64(z.zoom))
            w.raw(",\"tiles\":"); w.integer(Int64(z.tiles))
            w.raw(",\"bytes\":"); w.integer(Int64(z.bytes)); w.raw("}")
        }
        w.raw("]}\n")
        return w.bytes
    }
}

extension TilePyramid {
    /// Every zoom's candidate tiles (`candidateTiles(_:zoom:)` on the layers), in zoom order,
    /// the zooms shared among up to `threads` threads (each zoom walks every feature once).
    static func candidateTiles(_ layers: TileLayers, zooms: ClosedRange<Int>, threads: Int) -> [[TileID]] {
        let zoomList = Array(zooms)
        let slots = ResultSlots<[TileID]>(count: zoomList.count, empty: [])
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: max(1, min(threads, zoomList.count))) { _ in
            while true {
                let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard k < zoomList.count else { break }
                // The deepest zooms first: they have the most tiles to sort.
                let slot = zoomList.count - 1 - k
                slots.store(slot, candidateTiles(layers, zoom: zoomList[slot]))
            }
        }
        return slots.values
    }
}

/// One result per index, written by whichever worker computes it (each index exactly once).
final class ResultSlots<T>: @unchecked Sendable {
    private var slots: [T]
    private let lock = NSLock()

    init(count: Int, empty: T) { slots = [T](repeating: empty, count: count) }

    func store(_ i: Int, _ value: T) {
        lock.lock()
        defer { lock.unlock() }
        slots[i] = value
    }

    var values: [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}

private struct PairKey: Hashable { var a: Int, b: Int }

/// Writes a whole file with open/write/close (FileManager.createFile writes a temporary file
/// and renames it, several times slower for thousands of small tiles).
private func writeFile(_ path: String, _ bytes: [UInt8]) -> Bool {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    return bytes.withUnsafeBytes { buffer -> Bool in
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return false }
        }
        return true
    }
}

/// The export workers' running totals per zoom, behind an `NSLock` (a pthread mutex, which
/// ThreadSanitizer models; `Synchronization.Mutex`'s contended futex path it cannot see).
/// `@unchecked Sendable` is sound: the `var`s are only touched while holding `lock`.
private final class PyramidTotals: @unchecked Sendable {
    private let lock = NSLock()
    private var tiles: [Int], bytes: [Int]
    private var failure: String?

    init(zooms: Int) {
        tiles = [Int](repeating: 0, count: zooms)
        bytes = tiles
    }

    /// Adds one worker's counts; the first failure reported is kept.
    func add(tiles t: [Int], bytes b: [Int], failure f: String?) {
        lock.lock()
        defer { lock.unlock() }
        for k in t.indices { tiles[k] += t[k]; bytes[k] += b[k] }
        if failure == nil { failure = f }
    }

    func result() -> (tiles: [Int], bytes: [Int], failure: String?) {
        lock.lock()
        defer { lock.unlock() }
        return (tiles, bytes, failure)
    }
}

extension Tiler {
    /// Appends the tiles at `zoom` that some feature's buffered box reaches.
    func appendCandidates(zoom: Int, to out: inout [TileID]) {
        let pad = options.bufferReach(atZoom: zoom)
        for r in records where Int(r.minZoom) <= zoom && zoom <= Int(r.maxZoom) {
            out.append(contentsOf: TileRange(unitBox: r.box.expanded(by: pad, pad), zoom: zoom))
        }
    }
}

extension DisplayClusters {
    /// Appends the tiles at `zoom` that some cluster or report reaches.
    func appendCandidates(zoom: Int, to out: inout [TileID]) {
        let pad = options.tiles.bufferReach(atZoom: zoom)
        for node in tables[tableIndex(zoom)].nodes where node.cell >= 0 {
            let (x, y) = node.value.position
            out.append(contentsOf: TileRange(unitBox: BoundingBox(minX: x - pad, minY: y - pad, maxX: x + pad, maxY: y + pad), zoom: zoom))
        }
    }

    /// The unit-mercator box of every report held.
    var unitBounds: BoundingBox {
        var b = BoundingBox.empty
        for node in tables[tables.count - 1].nodes where node.cell >= 0 {
            let (x, y) = node.value.position
            b.extend(Coordinate(x, y))
        }
        return b
    }
}

extension TileLayers {
    /// The drawing options of the first feature layer (else of the first cluster layer's tiles).
    var tilerOptions: TilerOptions {
        for l in layers { if case .features(let t) = l.content { return t.options } }
        for l in layers { if case .clusters(let c) = l.content { return c.options.tiles } }
        return TilerOptions()
    }
}
