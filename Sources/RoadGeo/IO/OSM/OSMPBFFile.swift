import Foundation

/// An OpenStreetMap PBF file in memory, split into its blobs, with its header decoded.
///
/// Opening reads the file and checks its framing (every BlobHeader and Blob length against the
/// format's limits and the file's end) and its `OSMHeader` block (required features this reader
/// implements). The data blocks are decoded later, in parallel, by ``OSMRoadImport`` or
/// ``scan(filter:threads:)``.
///
/// Immutable and `Sendable`.
///
/// ```swift
/// let file = try OSMPBFFile(contentsOf: "data/monaco.osm.pbf")
/// print(file.header.writingProgram ?? "?", file.blobs.count)
/// ```
public struct OSMPBFFile: Sendable {
    /// The file's path (as given; used in errors).
    public let path: String
    /// The file's bytes.
    let bytes: [UInt8]
    /// Every blob, in file order (the `OSMHeader` first).
    public let blobs: [OSMBlobLocation]
    /// The decoded `OSMHeader` block.
    public let header: OSMHeader

    /// Reads and frames a file.
    /// - Parameter path: A `.osm.pbf` file.
    /// - Throws: ``OSMPBFError`` naming the file, blob and problem (unreadable, truncated,
    ///   oversized, malformed header, unsupported required feature).
    /// - Complexity: O(file size) to read; O(blobs) to frame.
    ///
    /// ```swift
    /// let file = try OSMPBFFile(contentsOf: "krems.osm.pbf")
    /// ```
    public init(contentsOf path: String) throws(OSMPBFError) {
        try self.init(bytes: try OSMPBFFile.readWholeFile(path), path: path)
    }

    /// The file's bytes, read straight into one array (no intermediate `Data` copy).
    private static func readWholeFile(_ path: String) throws(OSMPBFError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw OSMPBFError(.io, "cannot open the file (errno \(errno))", path: path) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_size >= 0 else { throw OSMPBFError(.io, "cannot stat the file", path: path) }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = 0
            guard let base = buffer.baseAddress else { return }
            while count < size {
                let n = read(fd, base + count, size - count)
                if n <= 0 { failed = n < 0; break }
                count += n
            }
        }
        guard !failed else { throw OSMPBFError(.io, "read failed (errno \(errno))", path: path) }
        guard bytes.count == size else { throw OSMPBFError(.io, "the file shrank while being read", path: path) }
        return bytes
    }

    /// Frames bytes already in memory.
    /// - Parameters:
    ///   - bytes: A whole PBF file.
    ///   - path: The name to use in errors.
    /// - Throws: ``OSMPBFError`` as ``init(contentsOf:)``.
    /// - Complexity: O(blobs) plus the header blob's size.
    ///
    /// ```swift
    /// let file = try OSMPBFFile(bytes: downloaded, path: "download.osm.pbf")
    /// ```
    public init(bytes: [UInt8], path: String) throws(OSMPBFError) {
        self.path = path
        self.bytes = bytes
        let blobs = try OSMPBFFile.frame(bytes, path: path)
        guard let first = blobs.first else {
            throw OSMPBFError(.unexpectedBlock, "the file is empty: no OSMHeader block", path: path)
        }
        guard first.type == "OSMHeader" else {
            throw OSMPBFError(.unexpectedBlock, "first block is '\(first.type)', expected OSMHeader", path: path, blob: 0, byteOffset: 0)
        }
        if let repeated = blobs.dropFirst().first(where: { $0.type == "OSMHeader" }) {
            throw OSMPBFError(.unexpectedBlock, "a second OSMHeader block", path: path, blob: repeated.index, byteOffset: repeated.offset)
        }
        self.blobs = blobs
        var scratch: [UInt8] = []
        let header = try OSMPBFFile.decodeHeader(bytes: bytes, blob: first, path: path, scratch: &scratch)
        if let missing = header.requiredFeatures.first(where: { !OSMHeader.supportedFeatures.contains($0) }) {
            throw OSMPBFError(.unsupportedFeature, "the file requires '\(missing)', which this reader does not implement",
                              path: path, blob: 0, byteOffset: 0)
        }
        self.header = header
    }

    /// Decodes the header block (a static step of init, before `self` is complete).
    private static func decodeHeader(bytes: [UInt8], blob: OSMBlobLocation, path: String,
                                     scratch: inout [UInt8]) throws(OSMPBFError) -> OSMHeader {
        let partial = OSMPBFFile(path: path, bytes: bytes, blobs: [blob], header: OSMHeader())
        return try partial.withBlock(blob, scratch: &scratch) { (reader) throws(ProtobufError) in
            var reader = reader
            return try OSMHeader.decode(&reader)
        }
    }

    private init(path: String, bytes: [UInt8], blobs: [OSMBlobLocation], header: OSMHeader) {
        self.path = path
        self.bytes = bytes
        self.blobs = blobs
        self.header = header
    }

    /// Decodes a blob and hands a reader over its block bytes to `body`; a ``ProtobufError``
    /// thrown inside becomes an ``OSMPBFError`` naming the blob.
    func withBlock<T>(_ blob: OSMBlobLocation, scratch: inout [UInt8],
                      _ body: (ProtobufReader) throws(ProtobufError) -> T) throws(OSMPBFError) -> T {
        let where_ = try blockBytes(blob, scratch: &scratch)
        let result: Result<T, ProtobufError>
        switch where_ {
        case .file(let range):
            result = bytes.withUnsafeBufferPointer { b in
                guard let base = b.baseAddress else { return .failure(ProtobufError("empty file")) }
                do throws(ProtobufError) { return .success(try body(ProtobufReader(base: base, range: range))) } catch { return .failure(error) }
            }
        case .scratch(let count):
            result = scratch.withUnsafeBufferPointer { b in
                // blockBytes keeps the scratch at least one byte long, so it has a base.
                guard let base = b.baseAddress else { return .failure(ProtobufError("no inflate buffer")) }
                do throws(ProtobufError) { return .success(try body(ProtobufReader(base: base, range: 0..<count))) } catch { return .failure(error) }
            }
        }
        switch result {
        case .success(let value): return value
        case .failure(let error):
            throw OSMPBFError(error.kind, error.message, path: path, blob: blob.index, byteOffset: blob.offset)
        }
    }
}
