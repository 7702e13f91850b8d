import CZlib

/// The uncompressed bytes of one Blob (`fileformat.proto`): raw, or zlib through the system zlib.
///
/// The declared `raw_size` is checked against the format's 32 MiB limit before anything is
/// allocated, and the inflated size must equal it exactly.
extension OSMPBFFile {
    /// Where a blob's block bytes are once decoded.
    enum BlockBytes {
        /// Stored raw: this range of the file.
        case file(Range<Int>)
        /// Inflated: the first `count` bytes of the scratch buffer.
        case scratch(Int)
    }

    /// Decodes a blob, inflating into `scratch` (grown as needed, reused between calls).
    func blockBytes(_ blob: OSMBlobLocation, scratch: inout [UInt8]) throws(OSMPBFError) -> BlockBytes {
        func fail(_ kind: OSMPBFError.Kind, _ message: String) -> OSMPBFError {
            OSMPBFError(kind, message, path: path, blob: blob.index, byteOffset: blob.offset)
        }
        var raw: Range<Int>?, zlib: Range<Int>?, rawSize: UInt64?, other: String?
        try bytes.withUnsafeBufferPointer { (buffer) throws(OSMPBFError) in
            guard let base = buffer.baseAddress else { return }
            var reader = ProtobufReader(base: base, range: blob.blobRange)
            do throws(ProtobufError) {
                while let (field, wire) = try reader.nextField() {
                    switch field {
                    case 1: try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "Blob"); raw = try reader.lengthDelimited()
                    case 2: try ProtobufReader.expect(wire, .varint, field: field, in: "Blob"); rawSize = try reader.varint()
                    case 3: try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "Blob"); zlib = try reader.lengthDelimited()
                    case 4: other = "lzma"; try reader.skip(wire)
                    case 5: other = "bzip2"; try reader.skip(wire)
                    case 6: other = "lz4"; try reader.skip(wire)
                    case 7: other = "zstd"; try reader.skip(wire)
                    default: try reader.skip(wire)
                    }
                }
            } catch {
                throw fail(error.kind, "Blob: \(error.message)")
            }
        }
        if let raw { return .file(raw) }
        guard let zlib else {
            if let other { throw fail(.unsupported, "Blob is \(other)-compressed; only raw and zlib are supported") }
            throw fail(.malformed, "Blob has no data (none of raw, zlib_data)")
        }
        guard let rawSize else { throw fail(.malformed, "zlib Blob has no raw_size (field 2)") }
        guard rawSize <= UInt64(maxBlobBytes) else { throw fail(.tooLarge, "Blob raw_size \(rawSize) is over the format's 32 MiB limit") }
        let size = Int(rawSize)
        if scratch.count < Swift.max(size, 1) { scratch = [UInt8](repeating: 0, count: Swift.max(size, 1)) }
        var produced = uLongf(size)
        let status: Int32 = bytes.withUnsafeBufferPointer { source in
            scratch.withUnsafeMutableBufferPointer { target in
                guard let s = source.baseAddress, let t = target.baseAddress else { return size == 0 && zlib.isEmpty ? Z_OK : Z_BUF_ERROR }
                return uncompress(t, &produced, s + zlib.lowerBound, uLong(zlib.count))
            }
        }
        switch status {
        case Z_OK:
            guard Int(produced) == size else { throw fail(.badCompression, "zlib data inflates to \(produced) bytes, raw_size says \(size)") }
            return .scratch(size)
        case Z_BUF_ERROR:
            throw fail(.badCompression, "zlib data is cut short or inflates to more than raw_size \(size)")
        case Z_DATA_ERROR:
            throw fail(.badCompression, "zlib data is corrupt")
        default:
            throw fail(.badCompression, "zlib uncompress failed with status \(status)")
        }
    }
}
