/// Where one blob of an OSM PBF file lies: the framing of `fileformat.proto`.
///
/// A PBF file is a sequence of (4-byte big-endian BlobHeader length, BlobHeader, Blob). The
/// BlobHeader names the block type (`OSMHeader` or `OSMData`) and the Blob's size; the Blob
/// holds the block, raw or compressed.
///
/// ```swift
/// let file = try OSMPBFFile(contentsOf: "data/monaco.osm.pbf")
/// file.blobs.count               // blocks in the file, the header included
/// file.blobs[1].type             // "OSMData"
/// ```
public struct OSMBlobLocation: Hashable, Sendable {
    /// The blob's number in the file (0 is the first).
    public var index: Int
    /// Byte offset of its BlobHeader length field.
    public var offset: Int
    /// The BlobHeader's type: `OSMHeader`, `OSMData`, or another type the reader skips.
    public var type: String
    /// Byte range of the Blob message in the file.
    public var blobRange: Range<Int>
}

/// The largest BlobHeader the format allows (fileformat.proto: "SHOULD be less than 32 KiB, MUST be less than 64 KiB").
let maxBlobHeaderBytes = 64 * 1024
/// The largest Blob, compressed or not (fileformat.proto: "MUST be less than 32 MiB").
let maxBlobBytes = 32 * 1024 * 1024

extension OSMPBFFile {
    /// Splits a file into its blobs, checking every length against the format's limits and the file's end.
    static func frame(_ bytes: [UInt8], path: String) throws(OSMPBFError) -> [OSMBlobLocation] {
        var blobs: [OSMBlobLocation] = []
        var offset = 0
        let count = bytes.count
        try bytes.withUnsafeBufferPointer { (buffer) throws(OSMPBFError) in
            guard let base = buffer.baseAddress else { return }
            while offset < count {
                let index = blobs.count
                func fail(_ kind: OSMPBFError.Kind, _ message: String) -> OSMPBFError {
                    OSMPBFError(kind, message, path: path, blob: index, byteOffset: offset)
                }
                guard count - offset >= 4 else { throw fail(.truncated, "BlobHeader length needs 4 bytes, \(count - offset) left") }
                let headerLength = Int(base[offset]) << 24 | Int(base[offset + 1]) << 16 | Int(base[offset + 2]) << 8 | Int(base[offset + 3])
                guard headerLength < maxBlobHeaderBytes else {
                    throw fail(.tooLarge, "BlobHeader length \(headerLength) is over the format's 64 KiB limit")
                }
                let headerStart = offset + 4
                guard count - headerStart >= headerLength else {
                    throw fail(.truncated, "BlobHeader needs \(headerLength) bytes, \(count - headerStart) left")
                }
                var reader = ProtobufReader(base: base, range: headerStart..<(headerStart + headerLength))
                var type: String?
                var dataSize: UInt64?
                do throws(ProtobufError) {
                    while let (field, wire) = try reader.nextField() {
                        switch field {
                        case 1:
                            try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "BlobHeader")
                            type = try reader.string()
                        case 3:
                            try ProtobufReader.expect(wire, .varint, field: field, in: "BlobHeader")
                            dataSize = try reader.varint()
                        default: try reader.skip(wire)
                        }
                    }
                } catch {
                    throw fail(error.kind, "BlobHeader: \(error.message)")
                }
                guard let type else { throw fail(.malformed, "BlobHeader has no type (field 1)") }
                guard let dataSize else { throw fail(.malformed, "BlobHeader has no datasize (field 3)") }
                guard dataSize <= UInt64(maxBlobBytes) else {
                    throw fail(.tooLarge, "Blob size \(dataSize) is over the format's 32 MiB limit")
                }
                let blobStart = headerStart + headerLength
                guard UInt64(count - blobStart) >= dataSize else {
                    throw fail(.truncated, "Blob needs \(dataSize) bytes, \(count - blobStart) left")
                }
                let blobEnd = blobStart + Int(dataSize)
                blobs.append(OSMBlobLocation(index: index, offset: offset, type: type, blobRange: blobStart..<blobEnd))
                offset = blobEnd
            }
        }
        return blobs
    }
}
