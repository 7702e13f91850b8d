import Foundation

/// Writes a PMTiles v3 archive from tiles arriving in Hilbert id order.
///
/// Tile blobs go to a temporary file beside the archive as they come; a tile equal to the
/// previous one at the next id extends that entry's run length, a tile equal to an earlier blob
/// (same FNV-1a hash and length, then compared byte for byte) points at it. `finish` writes
/// header, root directory, metadata and leaf directories, then the blobs, and removes the
/// temporary file.
final class PMTilesWriter: TileArchiveSink {
    let path: String
    private let dataPath: String
    private var data: BufferedFile
    private var entries: [PMTilesEntry] = []
    /// (hash, length) -> offsets of blobs with them.
    private var blobs: [BlobKey: [UInt64]] = [:]
    private var addressed: UInt64 = 0, contents: UInt64 = 0
    private var finished = false

    init(path: String) throws(TileError) {
        self.path = path
        dataPath = path + ".tiles-tmp"
        data = try BufferedFile(creating: dataPath, readable: true)
    }

    deinit {
        if !finished { data.close(); unlink(dataPath) }
    }

    func add(_ tile: TileID, tileID: UInt64, _ bytes: [UInt8]) throws(TileError) {
        addressed += 1
        let key = BlobKey(hash: fnv1a(bytes), length: bytes.count)
        var found: UInt64?
        for offset in blobs[key] ?? [] where try data.equals(bytes, at: offset) { found = offset; break }
        if let offset = found, let last = entries.last, last.offset == offset,
           last.tileID + UInt64(last.runLength) == tileID, last.runLength < UInt32.max {
            entries[entries.count - 1].runLength += 1
            return
        }
        let offset: UInt64
        if let found { offset = found } else {
            offset = data.offset
            try data.write(bytes)
            blobs[key, default: []].append(offset)
            contents += 1
        }
        entries.append(PMTilesEntry(tileID: tileID, offset: offset, length: UInt32(bytes.count), runLength: 1))
    }

    func finish(_ metadata: ArchiveMetadata) throws(TileError) {
        try data.flush()
        let encoder = try GzipEncoder()
        let (root, leaves) = PMTilesDirectory.build(entries, encoder: encoder)
        var json: [UInt8] = []
        encoder.compress(metadata.json, into: &json)
        var h = PMTilesHeader()
        h.rootOffset = UInt64(PMTiles.headerLength); h.rootLength = UInt64(root.count)
        h.metadataOffset = h.rootOffset + h.rootLength; h.metadataLength = UInt64(json.count)
        h.leafOffset = h.metadataOffset + h.metadataLength; h.leafLength = UInt64(leaves.count)
        h.dataOffset = h.leafOffset + h.leafLength; h.dataLength = data.offset
        h.addressedTiles = addressed; h.tileEntries = UInt64(entries.count); h.tileContents = contents
        h.clustered = true
        h.internalCompression = .gzip; h.tileCompression = .gzip
        h.tileType = metadata.format == .mvt ? .mvt : .unknown
        h.minZoom = UInt8(metadata.zooms.lowerBound); h.maxZoom = UInt8(metadata.zooms.upperBound)
        func e7(_ degrees: Double) -> Int32 { Int32((degrees * 1e7).rounded()) }
        h.minLonE7 = e7(metadata.bounds.minX); h.minLatE7 = e7(metadata.bounds.minY)
        h.maxLonE7 = e7(metadata.bounds.maxX); h.maxLatE7 = e7(metadata.bounds.maxY)
        h.centerZoom = UInt8(metadata.center.zoom)
        h.centerLonE7 = e7(metadata.center.longitude); h.centerLatE7 = e7(metadata.center.latitude)

        unlink(path)
        var out = try BufferedFile(creating: path, readable: false)
        defer { out.close() }
        try out.write(h.bytes)
        try out.write(root)
        try out.write(json)
        try out.write(leaves)
        // The blobs, copied from the temporary file in 1 MiB reads.
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var at: UInt64 = 0
        while at < data.offset {
            let n = min(UInt64(chunk.count), data.offset - at)
            try data.read(into: &chunk, count: Int(n), at: at)
            try out.write(chunk[0..<Int(n)])
            at += n
        }
        try out.flush()
        data.close()
        unlink(dataPath)
        finished = true
    }
}

private struct BlobKey: Hashable {
    var hash: UInt64
    var length: Int
}

/// FNV-1a, 64 bits: a cheap content hash whose matches are then compared in full.
private func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
}

/// A file written through a 1 MiB buffer with POSIX calls, readable back at any offset.
struct BufferedFile {
    let path: String
    private var fd: Int32
    private var buffer: [UInt8] = []
    /// Bytes written so far (flushed or buffered).
    private(set) var offset: UInt64 = 0
    private var flushed: UInt64 = 0

    init(creating path: String, readable: Bool) throws(TileError) {
        self.path = path
        fd = open(path, (readable ? O_RDWR : O_WRONLY) | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw TileError(.io, "cannot create (\(String(cString: strerror(errno))))", path: path) }
        buffer.reserveCapacity(1 << 20)
    }

    mutating func write<C: Collection<UInt8>>(_ bytes: C) throws(TileError) {
        buffer.append(contentsOf: bytes)
        offset += UInt64(bytes.count)
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func flush() throws(TileError) {
        let ok = buffer.withUnsafeBytes { b -> Bool in
            var done = 0
            while done < b.count {
                guard let base = b.baseAddress else { return false }
                let n = Foundation.write(fd, base + done, b.count - done)
                if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { return false }
            }
            return true
        }
        guard ok else { throw TileError(.io, "cannot write (\(String(cString: strerror(errno))))", path: path) }
        flushed += UInt64(buffer.count)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Reads `count` bytes at `at` (flushed or still buffered) into the front of `target`.
    func read(into target: inout [UInt8], count: Int, at: UInt64) throws(TileError) {
        precondition(count <= target.count && at + UInt64(count) <= offset)
        var done = 0
        // The flushed part from the file, the rest from the buffer.
        let fromFile = at < flushed ? Int(min(UInt64(count), flushed - at)) : 0
        let ok = target.withUnsafeMutableBytes { t -> Bool in
            guard let base = t.baseAddress else { return count == 0 }
            while done < fromFile {
                let n = pread(fd, base + done, fromFile - done, off_t(at) + off_t(done))
                if n > 0 { done += n } else if n < 0 && errno == EINTR { continue } else { return false }
            }
            return true
        }
        guard ok else { throw TileError(.io, "cannot read back (\(String(cString: strerror(errno))))", path: path) }
        if done < count {
            let from = Int(at + UInt64(done) - flushed)
            for k in 0..<(count - done) { target[done + k] = buffer[from + k] }
        }
    }

    /// Whether the `bytes.count` bytes at `at` equal `bytes`.
    func equals(_ bytes: [UInt8], at: UInt64) throws(TileError) -> Bool {
        var stored = [UInt8](repeating: 0, count: bytes.count)
        try read(into: &stored, count: bytes.count, at: at)
        return stored == bytes
    }

    func close() { Foundation.close(fd) }
}
