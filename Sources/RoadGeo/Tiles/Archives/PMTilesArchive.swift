import Foundation

/// A PMTiles v3 archive read from a file: its header, metadata and tiles.
///
/// Every offset and length is checked against the file before it is used; directories are
/// gzip-decompressed with a 64 MiB limit and leaf directories followed at most three levels deep.
///
/// ```swift
/// let archive = try PMTilesArchive(contentsOf: "roads.pmtiles")
/// if let packed = try archive.tile(try TileID(z: 14, x: 8_585, y: 5_614)) {
///     let mvt = try Gzip.decompress(packed, limit: 16 << 20)
/// }
/// ```
public struct PMTilesArchive: Sendable {
    /// The header.
    public let header: PMTilesHeader
    /// The file's path.
    public let path: String
    private let bytes: [UInt8]
    private let root: [PMTilesEntry]

    /// Reads the archive into memory and decodes its header and root directory.
    ///
    /// - Parameter path: A `.pmtiles` file.
    /// - Throws: ``TileError`` naming the file for a missing file, a bad magic or version, a
    ///   section outside the file, an unsupported compression or a corrupt directory.
    /// - Complexity: O(file size) to read, O(root entries) to decode.
    ///
    /// ```swift
    /// let archive = try PMTilesArchive(contentsOf: "roads.pmtiles")
    /// print(archive.header.addressedTiles)
    /// ```
    public init(contentsOf path: String) throws(TileError) {
        guard let data = FileManager.default.contents(atPath: path) else { throw TileError(.io, "cannot read", path: path) }
        self.path = path
        bytes = [UInt8](data)
        header = try PMTilesHeader(bytes, file: path)
        for (name, offset, length) in [("root directory", header.rootOffset, header.rootLength),
                                       ("metadata", header.metadataOffset, header.metadataLength),
                                       ("leaf directories", header.leafOffset, header.leafLength),
                                       ("tile data", header.dataOffset, header.dataLength)] {
            let (end, overflow) = offset.addingReportingOverflow(length)
            guard !overflow, end <= UInt64(bytes.count) else {
                throw TileError(.corrupt, "PMTiles \(name) \(offset)+\(length) reaches past the file's \(bytes.count) bytes", path: path)
            }
        }
        guard header.internalCompression == .gzip || header.internalCompression == .none else {
            throw TileError(.unsupported, "PMTiles internal compression \(header.internalCompression) is not read (gzip and none are)", path: path)
        }
        root = try Self.directory(bytes, header, at: header.rootOffset, length: header.rootLength, file: path)
    }

    /// The archive's JSON metadata, decompressed.
    ///
    /// - Returns: UTF-8 JSON (with `vector_layers` for MVT archives).
    /// - Throws: ``TileError`` for corrupt compressed metadata.
    /// - Complexity: O(metadata size).
    ///
    /// ```swift
    /// let json = try JSONSerialization.jsonObject(with: Data(try archive.metadata()))
    /// ```
    public func metadata() throws(TileError) -> [UInt8] {
        try Self.section(bytes, header, at: header.metadataOffset, length: header.metadataLength, file: path)
    }

    /// The stored bytes of a tile (compressed as ``PMTilesHeader/tileCompression`` says), or
    /// `nil` when the archive has no such tile.
    ///
    /// - Parameter tile: The tile.
    /// - Returns: The tile's bytes as stored.
    /// - Throws: ``TileError`` for a corrupt leaf directory or a tile outside the data section.
    /// - Complexity: O(log entries) per directory level.
    ///
    /// ```swift
    /// let packed = try archive.tile(try TileID(z: 0, x: 0, y: 0))
    /// ```
    public func tile(_ tile: TileID) throws(TileError) -> [UInt8]? {
        let id = PMTiles.tileID(tile)
        var entries = root
        for _ in 0..<4 {
            // The last entry whose id is at most `id`.
            var lo = 0, hi = entries.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if entries[mid].tileID <= id { lo = mid + 1 } else { hi = mid }
            }
            guard lo > 0 else { return nil }
            let e = entries[lo - 1]
            if e.runLength == 0 {
                entries = try leaf(e)
                continue
            }
            guard id - e.tileID < UInt64(e.runLength) else { return nil }
            return try blob(e)
        }
        throw TileError(.corrupt, "PMTiles leaf directories nest deeper than 3 levels at tile \(tile)", path: path)
    }

    /// Every tile of the archive with its stored bytes, in tile id order (a run of identical
    /// tiles gives each of its tiles).
    ///
    /// - Returns: (tile, stored bytes) pairs.
    /// - Throws: ``TileError`` for a corrupt directory or a tile outside the data section.
    /// - Complexity: O(addressed tiles + directory bytes).
    ///
    /// ```swift
    /// for (tile, packed) in try archive.tiles() { print(tile, packed.count) }
    /// ```
    public func tiles() throws(TileError) -> [(tile: TileID, bytes: [UInt8])] {
        var out: [(tile: TileID, bytes: [UInt8])] = []
        try collect(root, depth: 0, into: &out)
        return out
    }

    private func collect(_ entries: [PMTilesEntry], depth: Int, into out: inout [(tile: TileID, bytes: [UInt8])]) throws(TileError) {
        guard depth < 4 else { throw TileError(.corrupt, "PMTiles leaf directories nest deeper than 3 levels", path: path) }
        for e in entries {
            if e.runLength == 0 {
                try collect(try leaf(e), depth: depth + 1, into: &out)
                continue
            }
            // A hostile run length cannot make a huge array: 2^26 tiles is far beyond any pyramid read whole.
            guard UInt64(out.count) + UInt64(e.runLength) <= 1 << 26, e.tileID <= UInt64.max - UInt64(e.runLength) else {
                throw TileError(.tooLarge, "PMTiles run of \(e.runLength) tiles from id \(e.tileID) is too long to list", path: path)
            }
            let b = try blob(e)
            for k in 0..<UInt64(e.runLength) { out.append((try PMTiles.tile(forID: e.tileID + k), b)) }
        }
    }

    private func leaf(_ e: PMTilesEntry) throws(TileError) -> [PMTilesEntry] {
        guard e.offset <= header.leafLength, UInt64(e.length) <= header.leafLength - e.offset else {
            throw TileError(.corrupt, "PMTiles leaf directory at \(e.offset)+\(e.length) is outside the leaf directories", path: path)
        }
        return try Self.directory(bytes, header, at: header.leafOffset + e.offset, length: UInt64(e.length), file: path)
    }

    private func blob(_ e: PMTilesEntry) throws(TileError) -> [UInt8] {
        guard e.offset <= header.dataLength, UInt64(e.length) <= header.dataLength - e.offset else {
            throw TileError(.corrupt, "PMTiles tile \(e.tileID) at \(e.offset)+\(e.length) is outside the tile data", path: path)
        }
        let start = Int(header.dataOffset + e.offset)
        return Array(bytes[start..<start + Int(e.length)])
    }

    private static func section(_ bytes: [UInt8], _ h: PMTilesHeader, at offset: UInt64, length: UInt64,
                                file: String) throws(TileError) -> [UInt8] {
        let (end, overflow) = offset.addingReportingOverflow(length)
        guard !overflow, end <= UInt64(bytes.count) else {
            throw TileError(.corrupt, "PMTiles section \(offset)+\(length) reaches past the file", path: file)
        }
        let raw = Array(bytes[Int(offset)..<Int(end)])
        return h.internalCompression == .gzip ? try Gzip.decompress(raw, limit: 64 << 20) : raw
    }

    private static func directory(_ bytes: [UInt8], _ h: PMTilesHeader, at offset: UInt64, length: UInt64,
                                  file: String) throws(TileError) -> [PMTilesEntry] {
        try PMTilesDirectory.deserialize(try section(bytes, h, at: offset, length: length, file: file), file: file)
    }
}
