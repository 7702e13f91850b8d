#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Builds a FeatureCollection one feature at a time into a byte buffer that the caller drains.
///
/// The bytes are exactly what ``GeoJSONWriter/encode(_:)`` gives for the same collection.
/// Drain ``bytes`` with ``takeBytes()`` whenever convenient (for example when it passes a few
/// MiB) to keep memory flat.
///
/// ```swift
/// var stream = GeoJSONFeatureStream()
/// for road in roads { try stream.append(road) }
/// stream.finish()
/// let data = stream.takeBytes()
/// ```
public struct GeoJSONFeatureStream: Sendable {
    /// The writer that formats each feature.
    public let writer: GeoJSONWriter
    /// Output not yet taken.
    public private(set) var bytes: [UInt8] = []
    /// Features appended so far.
    public private(set) var featureCount = 0
    /// Whether ``finish()`` has been called.
    public private(set) var isFinished = false

    /// Starts a collection: writes `{"type":"FeatureCollection"`, the foreign members and `"features":[`.
    ///
    /// - Parameters:
    ///   - writer: Formats features (coordinate precision).
    ///   - foreignMembers: Top-level members to write before the features (e.g. a `name`).
    /// - Throws: ``GeoJSONError`` if a foreign member holds a non-finite number.
    /// - Complexity: O(size of the foreign members).
    ///
    /// ```swift
    /// var stream = try GeoJSONFeatureStream(foreignMembers: ["name": "open reports"])
    /// ```
    public init(writer: GeoJSONWriter = GeoJSONWriter(), foreignMembers: JSONObject = JSONObject()) throws(GeoJSONError) {
        self.writer = writer
        bytes.append(contentsOf: #"{"type":"FeatureCollection""#.utf8)
        for m in foreignMembers.members {
            bytes.append(UInt8(ascii: ","))
            try writer.append(.string(m.key), to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            try writer.append(m.value, to: &bytes)
        }
        bytes.append(contentsOf: #","features":["#.utf8)
    }

    /// Appends one feature.
    ///
    /// - Parameter feature: The feature.
    /// - Throws: ``GeoJSONError`` naming the feature's index if it holds a non-finite number;
    ///   the stream is unchanged then.
    /// - Precondition: ``finish()`` has not been called.
    /// - Complexity: O(feature size).
    ///
    /// ```swift
    /// for feature in doc.features {
    ///     try stream.append(feature)
    ///     if stream.bytes.count > 4 << 20 { socket.send(stream.takeBytes()) }
    /// }
    /// ```
    public mutating func append(_ feature: GeoJSONFeature) throws(GeoJSONError) {
        precondition(!isFinished, "GeoJSONFeatureStream: append after finish")
        let mark = bytes.count
        if featureCount > 0 { bytes.append(UInt8(ascii: ",")) }
        do {
            try writer.append(feature, to: &bytes)
        } catch {
            bytes.removeSubrange(mark...)
            var located = error
            located.featureIndex = featureCount
            throw located
        }
        featureCount += 1
    }

    /// Closes the collection (`]}`). Further calls do nothing.
    ///
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// stream.finish()
    /// socket.send(stream.takeBytes())   // the last bytes, ending in "]}"
    /// ```
    public mutating func finish() {
        guard !isFinished else { return }
        bytes.append(contentsOf: "]}".utf8)
        isFinished = true
    }

    /// Returns the pending bytes and empties the buffer (keeping its capacity).
    ///
    /// Concatenating every call's result gives the whole collection.
    /// - Returns: The bytes written since the last call.
    /// - Complexity: O(pending bytes).
    ///
    /// ```swift
    /// var out: [UInt8] = []
    /// out += stream.takeBytes()
    /// ```
    public mutating func takeBytes() -> [UInt8] {
        let out = bytes
        bytes.removeAll(keepingCapacity: true)
        return out
    }

    /// Hands the pending bytes to `body` without copying, then empties the buffer.
    mutating func drain(_ body: (UnsafeBufferPointer<UInt8>) throws(GeoJSONError) -> Void) throws(GeoJSONError) {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(GeoJSONError) in try body(buffer) }
        }
        try result.get()
        bytes.removeAll(keepingCapacity: true)
    }
}

/// Writes a FeatureCollection to a file one feature at a time, through a 1 MiB buffer.
///
/// Call ``finish()`` to close the collection and the file; a writer dropped without it closes
/// the file and leaves an unterminated (invalid) collection, so a crash mid-export is visible.
///
/// ```swift
/// let out = try GeoJSONFileWriter(path: "/tmp/roads.geojson", writer: GeoJSONWriter(coordinatePrecision: 6))
/// for feature in doc.features { try out.append(feature) }
/// try out.finish()
/// ```
public final class GeoJSONFileWriter {
    /// The file being written.
    public let path: String
    private var stream: GeoJSONFeatureStream
    private var fd: Int32
    private let flushThreshold = 1 << 20

    /// Creates (or truncates) the file and writes the collection's opening.
    ///
    /// - Parameters:
    ///   - path: The file to write.
    ///   - writer: Formats features (coordinate precision).
    ///   - foreignMembers: Top-level members written before the features.
    /// - Throws: ``GeoJSONError`` if the file cannot be created or a foreign member holds a
    ///   non-finite number.
    /// - Complexity: O(size of the foreign members).
    ///
    /// ```swift
    /// let out = try GeoJSONFileWriter(path: "/tmp/roads.geojson", foreignMembers: ["name": "roads"])
    /// ```
    public init(path: String, writer: GeoJSONWriter = GeoJSONWriter(), foreignMembers: JSONObject = JSONObject()) throws(GeoJSONError) {
        self.path = path
        stream = try GeoJSONFeatureStream(writer: writer, foreignMembers: foreignMembers)
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw GeoJSONError(.io, "cannot create the file: \(String(cString: strerror(errno)))", path: path)
        }
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// Features written so far.
    public var featureCount: Int { stream.featureCount }

    /// Appends one feature, flushing to the file when the buffer passes 1 MiB.
    ///
    /// - Parameter feature: The feature.
    /// - Throws: ``GeoJSONError`` for a non-finite number (feature not written) or a write failure.
    /// - Precondition: ``finish()`` has not been called.
    /// - Complexity: O(feature size), amortised.
    ///
    /// ```swift
    /// for road in roads { try out.append(road) }
    /// ```
    public func append(_ feature: GeoJSONFeature) throws(GeoJSONError) {
        precondition(fd >= 0, "GeoJSONFileWriter: append after finish")
        try stream.append(feature)
        if stream.bytes.count >= flushThreshold { try flush() }
    }

    /// Closes the collection, writes everything out and closes the file. Further calls do nothing.
    ///
    /// - Throws: ``GeoJSONError`` if writing or closing fails.
    /// - Complexity: O(pending bytes, at most about 1 MiB).
    ///
    /// ```swift
    /// try out.finish()   // the file is now a complete FeatureCollection
    /// ```
    public func finish() throws(GeoJSONError) {
        guard fd >= 0 else { return }
        stream.finish()
        try flush()
        let status = close(fd)
        fd = -1
        if status != 0 {
            throw GeoJSONError(.io, "cannot close the file: \(String(cString: strerror(errno)))", path: path)
        }
    }

    private func flush() throws(GeoJSONError) {
        let fd = self.fd, path = self.path
        try stream.drain { (buffer) throws(GeoJSONError) in
            guard let base = buffer.baseAddress else { return }
            var written = 0
            while written < buffer.count {
                let n = write(fd, base + written, buffer.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw GeoJSONError(.io, "cannot write the file: \(String(cString: strerror(errno)))", path: path)
                }
                written += n
            }
        }
    }
}
