import Dispatch
import Synchronization

/// Where ``TilePyramid/export(_:zooms:to:archive:threads:format:name:progress:)`` writes.
///
/// ```swift
/// let archive = TileArchive(path: "roads.pmtiles")   // .pmtiles
/// ```
public enum TileArchive: String, Hashable, Sendable, CaseIterable {
    /// `DIR/z/x/y.mvt` (or `.geojson`) files plus `DIR/metadata.json`, uncompressed.
    case directory
    /// One MBTiles 1.3 SQLite file: `tiles` rows in the TMS scheme (row flipped), gzip tile data,
    /// and `metadata` with name, format, bounds, center, zooms and `json` (`vector_layers`).
    case mbtiles
    /// One PMTiles v3 file: header, root and leaf directories with run-length entries over
    /// Hilbert tile ids, gzip tiles in id order (clustered), identical tiles stored once.
    case pmtiles

    /// The archive a path names by its extension: `.mbtiles`, `.pmtiles`, else a directory.
    ///
    /// - Parameter path: An output path.
    /// - Complexity: O(path length).
    ///
    /// ```swift
    /// TileArchive(path: "out/tiles")   // .directory
    /// ```
    public init(path: String) {
        let lower = path.lowercased()
        self = lower.hasSuffix(".mbtiles") ? .mbtiles : lower.hasSuffix(".pmtiles") ? .pmtiles : .directory
    }
}

extension TilePyramid {
    /// Renders every candidate tile of `zooms` of composed layers into a directory or an archive.
    ///
    /// Workers render and gzip tiles in windows of 2,048 (in Hilbert id order for PMTiles, in
    /// z/x/y order for MBTiles); one thread appends each window to the archive in that order,
    /// so the file is the same whatever the thread count. A directory export is
    /// ``export(_:zooms:to:threads:format:progress:)``.
    /// - Parameters:
    ///   - layers: The layers.
    ///   - zooms: Zoom range, within 0...24.
    ///   - path: The directory, `.mbtiles` or `.pmtiles` file (an existing file is replaced).
    ///   - archive: The kind of output; ``TileArchive/init(path:)`` picks it from the extension.
    ///   - threads: Worker threads (≥ 1).
    ///   - format: ``TileFormat/mvt`` or ``TileFormat/geojson`` tiles.
    ///   - name: The tileset name written into the archive's metadata.
    ///   - progress: Called now and then with (tiles done, tiles total), from worker threads.
    /// - Returns: Tiles and bytes per zoom; for archives the bytes are the stored (gzip) bytes.
    /// - Throws: ``TileError`` for a bad zoom range, or a file that cannot be written (naming it
    ///   and SQLite's or the system's message).
    /// - Complexity: O(rendering and compressing all candidate tiles) / threads + O(tiles · log tiles).
    ///
    /// ```swift
    /// let summary = try TilePyramid.export(layers, zooms: 0...14, to: "roads.pmtiles",
    ///                                      archive: .pmtiles, threads: 2)
    /// print(summary.tiles, summary.bytes)
    /// ```
    public static func export(_ layers: TileLayers, zooms: ClosedRange<Int>, to path: String, archive: TileArchive,
                              threads: Int = 1, format: TileFormat = .mvt, name: String = "roadgeo",
                              progress: (@Sendable (Int, Int) -> Void)? = nil) throws(TileError) -> PyramidSummary {
        guard zooms.lowerBound >= 0 && zooms.upperBound <= TileID.maxZoom else {
            throw TileError(.invalidTile, "zooms \(zooms): must be within 0...\(TileID.maxZoom)")
        }
        let metadata = ArchiveMetadata(layers: layers, zooms: zooms, format: format, name: name)
        switch archive {
        case .directory:
            return try export(layers, zooms: zooms, to: path, threads: threads, format: format, progress: progress)
        case .mbtiles:
            let sink = try MBTilesWriter(path: path)
            return try exportArchive(layers, zooms: zooms, into: sink, hilbertOrder: false, threads: threads,
                                     format: format, metadata: metadata, progress: progress)
        case .pmtiles:
            let sink = try PMTilesWriter(path: path)
            return try exportArchive(layers, zooms: zooms, into: sink, hilbertOrder: true, threads: threads,
                                     format: format, metadata: metadata, progress: progress)
        }
    }

    private static func exportArchive<Sink: TileArchiveSink>(
        _ layers: TileLayers, zooms: ClosedRange<Int>, into sink: Sink, hilbertOrder: Bool, threads: Int,
        format: TileFormat, metadata: ArchiveMetadata, progress: (@Sendable (Int, Int) -> Void)?
    ) throws(TileError) -> PyramidSummary {
        var work: [(id: UInt64, tile: TileID)] = []
        for list in candidateTiles(layers, zooms: zooms, threads: threads) {
            for t in list { work.append((hilbertOrder ? PMTiles.tileID(t) : 0, t)) }
        }
        if hilbertOrder { work.sort { $0.id < $1.id } }
        let total = work.count, window = 2048
        let step = max(1, total / 100)
        let done = Atomic<Int>(0)
        var tiles = [Int](repeating: 0, count: zooms.count), bytes = tiles
        let slots = TileSlots(count: min(window, max(total, 1)))
        var start = 0
        while start < total {
            let end = min(start + window, total), first = start
            let next = Atomic<Int>(start)
            let items = work
            DispatchQueue.concurrentPerform(iterations: max(1, min(threads, end - start))) { _ in
                // Only fails when zlib cannot allocate its state; that worker then leaves its
                // tiles to the others (and to the check below).
                guard let encoder = try? GzipEncoder() else { return }
                var packed: [UInt8] = []
                while true {
                    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard i < end else { break }
                    let id = items[i].tile
                    let tile = format == .mvt ? layers.vectorTile(id) : layers.tile(id)
                    if tile.isEmpty {
                        slots.store(i - first, nil)
                    } else {
                        encoder.compress(tile.bytes, into: &packed)
                        slots.store(i - first, packed)
                    }
                    let d = done.wrappingAdd(1, ordering: .relaxed).newValue
                    if let progress, d % step == 0 || d == total { progress(d, total) }
                }
            }
            guard next.load(ordering: .relaxed) >= end else { throw TileError(.compressionUnavailable, "zlib cannot allocate a deflate stream", path: sink.path) }
            for i in start..<end {
                guard let data = slots.take(i - start) else { continue }
                let t = work[i].tile
                try sink.add(t, tileID: work[i].id, data)
                tiles[t.z - zooms.lowerBound] += 1
                bytes[t.z - zooms.lowerBound] += data.count
            }
            start = end
        }
        let summary = PyramidSummary(bounds: metadata.bounds, rendered: total, zoomList: Array(zooms),
                                     tileCounts: tiles, byteCounts: bytes)
        try sink.finish(metadata)
        return summary
    }
}

/// The archive metadata: what MBTiles' `metadata` table and PMTiles' header and JSON say.
struct ArchiveMetadata {
    var name: String
    var format: TileFormat
    var zooms: ClosedRange<Int>
    var bounds: BoundingBox
    var center: (longitude: Double, latitude: Double, zoom: Int)
    /// `[{"id":…,"fields":…},…]`.
    var vectorLayers: [UInt8]

    init(layers: TileLayers, zooms: ClosedRange<Int>, format: TileFormat, name: String) {
        self.name = name
        self.format = format
        self.zooms = zooms
        bounds = layers.lonLatBounds
        center = TileLayers.center(of: bounds, zooms: zooms)
        var w = TileJSONWriter()
        layers.writeVectorLayers(zooms: zooms, into: &w)
        vectorLayers = w.bytes
    }

    /// The JSON object PMTiles stores (and MBTiles' `json` row, without the name keys):
    /// `vector_layers` plus name, format, type and version.
    var json: [UInt8] {
        var w = TileJSONWriter()
        w.raw("{\"name\":"); w.string(name)
        w.raw(",\"format\":"); w.string(format == .mvt ? "pbf" : "geojson")
        w.raw(",\"type\":\"overlay\",\"version\":\"1\",\"generator\":\"RoadGeo\",\"vector_layers\":")
        w.raw(vectorLayers[...])
        w.raw("}")
        return w.bytes
    }
}

/// An archive being written: tiles arrive in the order the archive wants, then the metadata.
protocol TileArchiveSink {
    var path: String { get }
    /// Stores one gzip tile; `tileID` is the Hilbert id (0 when the archive does not use it).
    func add(_ tile: TileID, tileID: UInt64, _ data: [UInt8]) throws(TileError)
    /// Writes the metadata and closes the archive.
    func finish(_ metadata: ArchiveMetadata) throws(TileError)
}

/// One window of rendered tiles, filled by the workers at distinct indices.
/// `@unchecked Sendable` is sound: each slot is written by exactly one worker (the index it
/// claimed from an atomic counter), and read by the appending thread only after
/// `concurrentPerform` has returned.
private final class TileSlots: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<[UInt8]?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        _ = slots.deinitialize()
        slots.deallocate()
    }

    func store(_ i: Int, _ data: [UInt8]?) { slots[i] = data }

    func take(_ i: Int) -> [UInt8]? {
        let d = slots[i]
        slots[i] = nil
        return d
    }
}
