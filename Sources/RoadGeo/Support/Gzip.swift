import CZlib

/// Gzip (RFC 1952) members through the system zlib: tile data in MBTiles and PMTiles archives,
/// PMTiles directories and metadata, and HTTP `Content-Encoding: gzip`.
///
/// ```swift
/// let packed = try Gzip.compress(tile.bytes)
/// let back = try Gzip.decompress(packed, limit: 64 << 20)
/// ```
public enum Gzip {
    /// Compresses `bytes` into one gzip member.
    ///
    /// - Parameters:
    ///   - bytes: The data.
    ///   - level: zlib's level, 1 (fastest) ... 9 (smallest); 6 is zlib's default.
    /// - Returns: The gzip member (10-byte header, deflate data, CRC-32 and size trailer).
    /// - Throws: ``TileError`` when zlib cannot start (out of memory).
    /// - Complexity: O(bytes).
    ///
    /// ```swift
    /// response.body = try Gzip.compress(mvt.bytes)   // Content-Encoding: gzip
    /// ```
    public static func compress(_ bytes: [UInt8], level: Int32 = 6) throws(TileError) -> [UInt8] {
        let encoder = try GzipEncoder(level: level)
        var out: [UInt8] = []
        encoder.compress(bytes, into: &out)
        return out
    }

    /// Decompresses one or more concatenated gzip members (or a zlib stream).
    ///
    /// - Parameters:
    ///   - bytes: The compressed data.
    ///   - limit: The most bytes the output may have; more is an error, so a small corrupt or
    ///     hostile input cannot make a large allocation.
    /// - Returns: The decompressed bytes.
    /// - Throws: ``TileError`` for corrupt or truncated data, or output over `limit`.
    /// - Complexity: O(output).
    ///
    /// ```swift
    /// let mvt = try Gzip.decompress(archive.tile(id) ?? [], limit: 16 << 20)
    /// ```
    public static func decompress(_ bytes: [UInt8], limit: Int) throws(TileError) -> [UInt8] {
        var stream = z_stream()
        // 15 + 32: a gzip or zlib header, detected.
        guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw TileError(.compressionUnavailable, "gzip: zlib cannot start inflating")
        }
        defer { inflateEnd(&stream) }
        var out = [UInt8](repeating: 0, count: min(max(bytes.count * 4, 256), max(limit, 1)))
        var produced = 0
        var status: Int32 = Z_OK
        bytes.withUnsafeBufferPointer { source in
            stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.avail_in = uInt(source.count)
            while true {
                if produced == out.count {
                    guard out.count < limit else { status = Z_BUF_ERROR; return }
                    out.append(contentsOf: repeatElement(0, count: min(out.count, limit - out.count)))
                }
                status = out.withUnsafeMutableBufferPointer { target in
                    stream.next_out = target.baseAddress.map { $0 + produced }
                    stream.avail_out = uInt(target.count - produced)
                    let s = inflate(&stream, Z_NO_FLUSH)
                    produced = target.count - Int(stream.avail_out)
                    return s
                }
                // Concatenated members: start the next one where this one ended.
                if status == Z_STREAM_END && stream.avail_in > 0 {
                    guard inflateReset(&stream) == Z_OK else { status = Z_DATA_ERROR; return }
                    continue
                }
                if status != Z_OK { return }
                if stream.avail_in == 0 && stream.avail_out > 0 { status = Z_BUF_ERROR; return }
            }
        }
        switch status {
        case Z_STREAM_END: return Array(out[0..<produced])
        case Z_BUF_ERROR:
            throw produced >= limit ? TileError(.tooLarge, "gzip: data inflates to more than \(limit) bytes")
                                    : TileError(.corrupt, "gzip: data is cut short after \(produced) bytes")
        default: throw TileError(.corrupt, "gzip: data is corrupt (zlib status \(status))")
        }
    }
}

/// One reusable zlib deflate stream writing gzip members: a worker keeps one and resets it per
/// tile instead of allocating zlib's ~270 kB state for each.
///
/// Not `Sendable`: one per thread.
final class GzipEncoder {
    private var stream = z_stream()

    init(level: Int32 = 6) throws(TileError) {
        // 15 + 16: a gzip wrapper around a 32 kB window.
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
                            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw TileError(.compressionUnavailable, "gzip: zlib cannot start deflating")
        }
    }

    deinit { deflateEnd(&stream) }

    /// Replaces `out` with the gzip member of `bytes`.
    func compress(_ bytes: [UInt8], into out: inout [UInt8]) {
        deflateReset(&stream)
        let bound = Int(deflateBound(&stream, uLong(bytes.count))) + 32
        if out.count != bound { out = [UInt8](repeating: 0, count: bound) }
        var produced = 0
        bytes.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = uInt(target.count)
                // deflateBound guarantees one Z_FINISH call completes the member.
                _ = deflate(&stream, Z_FINISH)
                produced = target.count - Int(stream.avail_out)
            }
        }
        out.removeLast(out.count - produced)
    }
}
