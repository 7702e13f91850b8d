// PMTiles v3 (protomaps/PMTiles spec/v3/spec.md): the Hilbert tile ids, the 127-byte header and
// the directory encoding shared by the writer (TilePyramid+Archive.swift) and PMTilesArchive.

/// PMTiles v3 building blocks: Hilbert tile ids and the archive's enums.
///
/// A tile id counts every tile of the lower zooms first (`(4^z - 1) / 3`), then the tile's
/// position along the Hilbert curve of its zoom, so neighbouring tiles get near ids and a
/// directory of consecutive ids compresses well.
///
/// ```swift
/// PMTiles.tileID(try TileID(z: 1, x: 0, y: 0))   // 1
/// try PMTiles.tile(forID: 4)                     // 1/1/0
/// ```
public enum PMTiles {
    /// The header's length in bytes.
    public static let headerLength = 127
    /// The most bytes header + root directory may take (a client reads them in one 16 KiB request).
    public static let rootLimit = 16_384

    /// The `TileCompression` / `InternalCompression` enum of the header.
    ///
    /// ```swift
    /// if archive.header.tileCompression == .gzip { response.headers[.contentEncoding] = "gzip" }
    /// ```
    public enum Compression: UInt8, Hashable, Sendable {
        /// 0: unknown.
        case unknown = 0
        /// 1: not compressed.
        case none = 1
        /// 2: gzip.
        case gzip = 2
        /// 3: Brotli.
        case brotli = 3
        /// 4: Zstandard.
        case zstd = 4
    }

    /// The header's tile type (a hint for clients).
    ///
    /// ```swift
    /// let type = archive.header.tileType == .mvt ? "application/vnd.mapbox-vector-tile" : "application/octet-stream"
    /// ```
    public enum TileType: UInt8, Hashable, Sendable {
        /// 0: unknown or other (GeoJSON tiles are written so).
        case unknown = 0
        /// 1: Mapbox Vector Tile.
        case mvt = 1
        /// 2: PNG.
        case png = 2
        /// 3: JPEG.
        case jpeg = 3
        /// 4: WebP.
        case webp = 4
        /// 5: AVIF.
        case avif = 5
    }

    /// The Hilbert tile id of `tile`.
    ///
    /// - Parameter tile: The tile (zoom ≤ 24, so the id fits 64 bits with room to spare).
    /// - Returns: `(4^z - 1) / 3` plus the tile's distance along zoom z's Hilbert curve.
    /// - Complexity: O(z).
    ///
    /// ```swift
    /// PMTiles.tileID(try TileID(z: 0, x: 0, y: 0))   // 0
    /// PMTiles.tileID(try TileID(z: 1, x: 0, y: 1))   // 2
    /// PMTiles.tileID(try TileID(z: 2, x: 0, y: 0))   // 5
    /// ```
    public static func tileID(_ tile: TileID) -> UInt64 {
        let z = tile.z
        var x = UInt64(tile.x), y = UInt64(tile.y)
        var d: UInt64 = 0
        var s: UInt64 = z == 0 ? 0 : 1 << UInt64(z - 1)
        let n: UInt64 = 1 << UInt64(z)
        while s > 0 {
            let rx: UInt64 = x & s != 0 ? 1 : 0, ry: UInt64 = y & s != 0 ? 1 : 0
            d += s * s * ((3 * rx) ^ ry)
            rotate(n, &x, &y, rx, ry)
            s >>= 1
        }
        return zoomBase(z) + d
    }

    /// The tile with Hilbert id `id`, the inverse of ``tileID(_:)``.
    ///
    /// - Parameter id: A tile id.
    /// - Returns: The tile.
    /// - Throws: ``TileError`` when `id` is beyond zoom 24.
    /// - Complexity: O(z).
    ///
    /// ```swift
    /// try PMTiles.tile(forID: 3)   // 1/1/1
    /// ```
    public static func tile(forID id: UInt64) throws(TileError) -> TileID {
        var z = 0
        while z < TileID.maxZoom && id >= zoomBase(z + 1) { z += 1 }
        guard id < zoomBase(z + 1) else { throw TileError(.invalidTile, "PMTiles tile id \(id) is beyond zoom \(TileID.maxZoom)") }
        var t = id - zoomBase(z)
        var x: UInt64 = 0, y: UInt64 = 0
        var s: UInt64 = 1
        let n: UInt64 = 1 << UInt64(z)
        while s < n {
            let rx = 1 & (t / 2), ry = 1 & (t ^ rx)
            rotate(s, &x, &y, rx, ry)
            x += s * rx
            y += s * ry
            t /= 4
            s <<= 1
        }
        return TileID(uncheckedZ: z, x: Int(x), y: Int(y))
    }

    /// Tiles in all zooms below `z`: the id of zoom z's first tile.
    static func zoomBase(_ z: Int) -> UInt64 { ((1 << (2 * UInt64(z))) - 1) / 3 }

    private static func rotate(_ n: UInt64, _ x: inout UInt64, _ y: inout UInt64, _ rx: UInt64, _ ry: UInt64) {
        guard ry == 0 else { return }
        if rx == 1 { x = n &- 1 &- x; y = n &- 1 &- y }
        swap(&x, &y)
    }
}

/// One directory entry: `runLength` tiles from `tileID` on share the bytes at `offset`
/// (relative to the tile data section); `runLength` 0 points at a leaf directory instead
/// (`offset` relative to the leaf directories section).
struct PMTilesEntry: Hashable, Sendable {
    var tileID: UInt64
    var offset: UInt64
    var length: UInt32
    var runLength: UInt32
}

/// The fields of the 127-byte header, in the spec's order.
///
/// ```swift
/// let archive = try PMTilesArchive(contentsOf: "roads.pmtiles")
/// print(archive.header.minZoom, archive.header.maxZoom, archive.header.addressedTiles)
/// ```
public struct PMTilesHeader: Hashable, Sendable {
    /// Offset and length of the root directory.
    public var rootOffset: UInt64 = 0, rootLength: UInt64 = 0
    /// Offset and length of the JSON metadata.
    public var metadataOffset: UInt64 = 0, metadataLength: UInt64 = 0
    /// Offset and length of the leaf directories.
    public var leafOffset: UInt64 = 0, leafLength: UInt64 = 0
    /// Offset and length of the tile data.
    public var dataOffset: UInt64 = 0, dataLength: UInt64 = 0
    /// Tiles addressed (the sum of run lengths).
    public var addressedTiles: UInt64 = 0
    /// Entries with a run length above 0.
    public var tileEntries: UInt64 = 0
    /// Distinct tile blobs in the data section.
    public var tileContents: UInt64 = 0
    /// Whether blobs are in tile id order (offsets contiguous, or back to an earlier blob).
    public var clustered = false
    /// Compression of directories and metadata.
    public var internalCompression = PMTiles.Compression.gzip
    /// Compression of each tile.
    public var tileCompression = PMTiles.Compression.gzip
    /// What the tiles are.
    public var tileType = PMTiles.TileType.mvt
    /// Zoom range.
    public var minZoom: UInt8 = 0, maxZoom: UInt8 = 0
    /// Bounds, degrees times 10^7 (longitude, latitude).
    public var minLonE7: Int32 = 0, minLatE7: Int32 = 0, maxLonE7: Int32 = 0, maxLatE7: Int32 = 0
    /// The zoom and position a viewer opens at, degrees times 10^7.
    public var centerZoom: UInt8 = 0, centerLonE7: Int32 = 0, centerLatE7: Int32 = 0

    /// Creates a header with every offset and count 0 (the writer fills them).
    ///
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// var header = PMTilesHeader()
    /// header.tileType = .mvt
    /// ```
    public init() {}

    /// The 127 bytes, little-endian.
    var bytes: [UInt8] {
        var b: [UInt8] = Array("PMTiles".utf8) + [3]
        for v in [rootOffset, rootLength, metadataOffset, metadataLength, leafOffset, leafLength,
                  dataOffset, dataLength, addressedTiles, tileEntries, tileContents] { appendLE(v, 8, to: &b) }
        b += [clustered ? 1 : 0, internalCompression.rawValue, tileCompression.rawValue, tileType.rawValue, minZoom, maxZoom]
        for v in [minLonE7, minLatE7, maxLonE7, maxLatE7] { appendLE(UInt64(UInt32(bitPattern: v)), 4, to: &b) }
        b.append(centerZoom)
        for v in [centerLonE7, centerLatE7] { appendLE(UInt64(UInt32(bitPattern: v)), 4, to: &b) }
        return b
    }

    /// Reads the header from the first 127 bytes of `b`.
    init(_ b: [UInt8], file: String) throws(TileError) {
        guard b.count >= PMTiles.headerLength, b[0..<7].elementsEqual("PMTiles".utf8) else {
            throw TileError(.unrecognised, "not a PMTiles archive (no \"PMTiles\" magic in the first \(PMTiles.headerLength) bytes)", path: file)
        }
        guard b[7] == 3 else { throw TileError(.unsupported, "PMTiles version \(b[7]); only version 3 is read", path: file) }
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(b[at + $1]) << (8 * UInt64($1)) } }
        func i32(_ at: Int) -> Int32 { Int32(bitPattern: (0..<4).reduce(0) { $0 | UInt32(b[at + $1]) << (8 * UInt32($1)) }) }
        rootOffset = u64(8); rootLength = u64(16); metadataOffset = u64(24); metadataLength = u64(32)
        leafOffset = u64(40); leafLength = u64(48); dataOffset = u64(56); dataLength = u64(64)
        addressedTiles = u64(72); tileEntries = u64(80); tileContents = u64(88)
        clustered = b[96] == 1
        guard let ic = PMTiles.Compression(rawValue: b[97]), let tc = PMTiles.Compression(rawValue: b[98]) else {
            throw TileError(.unsupported, "unknown compression \(b[97]) / \(b[98]) in the PMTiles header", path: file)
        }
        internalCompression = ic; tileCompression = tc
        tileType = PMTiles.TileType(rawValue: b[99]) ?? .unknown
        minZoom = b[100]; maxZoom = b[101]
        minLonE7 = i32(102); minLatE7 = i32(106); maxLonE7 = i32(110); maxLatE7 = i32(114)
        centerZoom = b[118]; centerLonE7 = i32(119); centerLatE7 = i32(123)
    }
}

enum PMTilesDirectory {
    /// The entries as the spec lays them out: count, then columns of delta tile ids, run
    /// lengths, lengths and offsets (0 for "right after the previous entry", else offset + 1),
    /// all varints; not compressed.
    static func serialize(_ entries: ArraySlice<PMTilesEntry>) -> [UInt8] {
        var b: [UInt8] = []
        b.reserveCapacity(entries.count * 6 + 8)
        appendVarint(UInt64(entries.count), to: &b)
        var last: UInt64 = 0
        for e in entries { appendVarint(e.tileID - last, to: &b); last = e.tileID }
        for e in entries { appendVarint(UInt64(e.runLength), to: &b) }
        for e in entries { appendVarint(UInt64(e.length), to: &b) }
        var previous: PMTilesEntry?
        for e in entries {
            if let p = previous, e.offset == p.offset + UInt64(p.length) { b.append(0) } else { appendVarint(e.offset + 1, to: &b) }
            previous = e
        }
        return b
    }

    /// Reads a serialized directory; every count is checked against the bytes left before
    /// anything is allocated.
    static func deserialize(_ b: [UInt8], file: String) throws(TileError) -> [PMTilesEntry] {
        var at = 0
        func next() throws(TileError) -> UInt64 {
            var v: UInt64 = 0, shift: UInt64 = 0
            while at < b.count {
                let byte = b[at]; at += 1
                guard shift < 64 else { break }
                v |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return v }
                shift += 7
            }
            throw TileError(.corrupt, "PMTiles directory is cut short or has a varint over 64 bits at byte \(at)", path: file)
        }
        let count = try next()
        // Each entry takes at least 4 bytes (one varint per column).
        guard count <= UInt64(b.count / 4) else {
            throw TileError(.corrupt, "PMTiles directory claims \(count) entries in \(b.count) bytes", path: file)
        }
        var entries = [PMTilesEntry](repeating: PMTilesEntry(tileID: 0, offset: 0, length: 0, runLength: 0), count: Int(count))
        var id: UInt64 = 0
        for i in entries.indices {
            let (sum, overflow) = id.addingReportingOverflow(try next())
            guard !overflow else { throw TileError(.corrupt, "PMTiles directory tile id overflows at entry \(i)", path: file) }
            id = sum; entries[i].tileID = id
        }
        for i in entries.indices {
            let v = try next()
            guard v <= UInt64(UInt32.max) else { throw TileError(.corrupt, "PMTiles run length \(v) at entry \(i) is over 32 bits", path: file) }
            entries[i].runLength = UInt32(v)
        }
        for i in entries.indices {
            let v = try next()
            guard v <= UInt64(UInt32.max) else { throw TileError(.corrupt, "PMTiles length \(v) at entry \(i) is over 32 bits", path: file) }
            entries[i].length = UInt32(v)
        }
        for i in entries.indices {
            let v = try next()
            if v == 0 {
                guard i > 0 else { throw TileError(.corrupt, "the first PMTiles directory entry has offset code 0", path: file) }
                entries[i].offset = entries[i - 1].offset + UInt64(entries[i - 1].length)
            } else {
                entries[i].offset = v - 1
            }
        }
        return entries
    }

    /// The root directory, and the leaf directories it points to, for `entries` (sorted by
    /// tile id): one root when it fits beside the header in 16 KiB gzipped, else leaves of
    /// 4096 entries or more (grown by 1.2x until the root fits), each gzipped.
    static func build(_ entries: [PMTilesEntry], encoder: GzipEncoder) -> (root: [UInt8], leaves: [UInt8]) {
        var root: [UInt8] = []
        encoder.compress(serialize(entries[...]), into: &root)
        if root.count <= PMTiles.rootLimit - PMTiles.headerLength { return (root, []) }
        var leafSize = max(4096, entries.count / 3500)
        while true {
            var leaves: [UInt8] = [], rootEntries: [PMTilesEntry] = [], packed: [UInt8] = []
            var start = 0
            while start < entries.count {
                let end = min(start + leafSize, entries.count)
                encoder.compress(serialize(entries[start..<end]), into: &packed)
                rootEntries.append(PMTilesEntry(tileID: entries[start].tileID, offset: UInt64(leaves.count),
                                                length: UInt32(packed.count), runLength: 0))
                leaves += packed
                start = end
            }
            encoder.compress(serialize(rootEntries[...]), into: &root)
            if root.count <= PMTiles.rootLimit - PMTiles.headerLength { return (root, leaves) }
            leafSize += leafSize / 5
        }
    }
}

func appendVarint(_ value: UInt64, to b: inout [UInt8]) {
    var v = value
    while v >= 0x80 { b.append(UInt8(v & 0x7F) | 0x80); v >>= 7 }
    b.append(UInt8(v))
}

private func appendLE(_ v: UInt64, _ count: Int, to b: inout [UInt8]) {
    for k in 0..<count { b.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) }
}
