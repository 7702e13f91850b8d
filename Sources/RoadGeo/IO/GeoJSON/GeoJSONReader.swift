#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads GeoJSON (RFC 7946): a FeatureCollection, a single Feature, or a bare geometry.
///
/// A hand-written single-pass byte parser: positions are parsed straight into `[Coordinate]`,
/// numbers with an exact fast path (Clinger) or `strtod`, so every number equals what
/// `Double("...")` gives. Properties keep their order and their integers exact (see
/// ``JSONValue``). Every position is checked to be geographic (finite, latitude within ±90,
/// longitude within ±180; a hint is given when longitude and latitude look swapped). Altitudes
/// are dropped. Bad input of any kind throws a ``GeoJSONError`` naming the file, line:column,
/// feature index and problem; no input makes the reader trap.
///
/// ```swift
/// let reader = GeoJSONReader()
/// let doc = try reader.read(contentsOf: "data/moscow_roads.geojson")
/// for feature in doc.features {
///     print(feature.properties["name"]?.stringValue ?? "-", feature.geometry?.typeName ?? "null")
/// }
/// ```
/// - Complexity: O(n) in the input size; memory is the input plus the parsed document.
public struct GeoJSONReader: Hashable, Sendable {
    /// The default largest file ``read(contentsOf:)`` accepts: 1 GiB.
    public static let defaultMaximumFileBytes = 1 << 30

    /// Files larger than this many bytes are refused with ``GeoJSONError/Kind-swift.struct/fileTooLarge``
    /// before anything is read. The whole file is held in memory while parsing.
    public var maximumFileBytes: Int
    /// How deeply arrays and objects may nest (properties included) before the reader refuses
    /// the input with ``GeoJSONError/Kind-swift.struct/tooDeep``; bounds the recursion.
    public var maximumDepth: Int

    /// Creates a reader.
    ///
    /// - Parameters:
    ///   - maximumFileBytes: Largest file accepted, in bytes (default 1 GiB).
    ///   - maximumDepth: Deepest nesting accepted (default 512).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let strict = GeoJSONReader(maximumFileBytes: 64 << 20, maximumDepth: 64)   // uploads: 64 MiB
    /// ```
    public init(maximumFileBytes: Int = GeoJSONReader.defaultMaximumFileBytes, maximumDepth: Int = 512) {
        self.maximumFileBytes = maximumFileBytes
        self.maximumDepth = maximumDepth
    }

    /// Reads and parses a GeoJSON file.
    ///
    /// The whole file is read into memory first; for very large files that need not be kept,
    /// see ``forEachFeature(contentsOf:_:)``.
    /// - Parameter path: The file.
    /// - Returns: The document.
    /// - Throws: ``GeoJSONError`` with the path set: the file cannot be read, is larger than
    ///   ``maximumFileBytes``, or is not valid GeoJSON.
    /// - Complexity: O(file size).
    ///
    /// ```swift
    /// let doc = try GeoJSONReader().read(contentsOf: "data/moscow_roads.geojson")
    /// print(doc.features.count)
    /// ```
    public func read(contentsOf path: String) throws(GeoJSONError) -> GeoJSONDocument {
        let bytes = try GeoJSONReader.loadFile(path, maximumBytes: maximumFileBytes)
        return try parse(bytes, path: path)
    }

    /// Parses GeoJSON from UTF-8 bytes.
    ///
    /// - Parameters:
    ///   - bytes: The UTF-8 text.
    ///   - path: A file name to put in error messages, if the bytes came from one.
    /// - Returns: The document.
    /// - Throws: ``GeoJSONError`` with the byte offset, line and column of the problem.
    /// - Complexity: O(bytes.count).
    ///
    /// ```swift
    /// let body: [UInt8] = Array(#"{"type":"Point","coordinates":[74.6,42.9]}"#.utf8)   // e.g. an HTTP body
    /// let doc = try GeoJSONReader().parse(body, path: "upload")
    /// ```
    public func parse(_ bytes: [UInt8], path: String? = nil) throws(GeoJSONError) -> GeoJSONDocument {
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<GeoJSONDocument, GeoJSONError> in
            Result { () throws(GeoJSONError) in try parse(UnsafeRawBufferPointer(buffer), path: path) }
        }
        return try result.get()
    }

    /// Parses GeoJSON from a string.
    ///
    /// ```swift
    /// let doc = try GeoJSONReader().parse(#"{"type":"Point","coordinates":[74.6,42.9]}"#)
    /// ```
    /// - Parameter text: The GeoJSON text.
    /// - Throws: ``GeoJSONError``.
    /// - Complexity: O(text.utf8.count).
    public func parse(_ text: String) throws(GeoJSONError) -> GeoJSONDocument {
        try parse(Array(text.utf8))
    }

    /// Parses GeoJSON from raw UTF-8 bytes in memory (for example a memory-mapped file).
    ///
    /// - Parameters:
    ///   - buffer: The UTF-8 text; only read during the call.
    ///   - path: A file name for error messages, or `nil`.
    /// - Returns: The document; it holds no reference to `buffer`.
    /// - Throws: ``GeoJSONError``.
    /// - Complexity: O(buffer.count).
    ///
    /// ```swift
    /// let doc = try data.withUnsafeBytes { raw in try GeoJSONReader().parse(raw, path: "roads.geojson") }
    /// ```
    public func parse(_ buffer: UnsafeRawBufferPointer, path: String? = nil) throws(GeoJSONError) -> GeoJSONDocument {
        try parse(buffer, path: path, lenient: false, onFeature: nil)
    }

    /// Reads a GeoJSON file and hands each feature to `body` as soon as it is parsed, without
    /// keeping the features: memory stays at the file's bytes plus one feature. A single
    /// Feature or bare geometry gives one call (index 0).
    ///
    /// ```swift
    /// var names = Set<String>()
    /// try GeoJSONReader().forEachFeature(contentsOf: path) { index, feature in
    ///     if let name = feature.properties["name"]?.stringValue { names.insert(name) }
    /// }
    /// ```
    /// - Parameters:
    ///   - path: The file.
    ///   - body: Called with the zero-based feature index and the feature; a ``GeoJSONError``
    ///     it throws stops the reading and is rethrown with the file, feature and place set.
    /// - Returns: The document's top-level members other than `features` (a FeatureCollection
    ///   with no features), or the single Feature or geometry.
    /// - Throws: ``GeoJSONError`` as ``read(contentsOf:)``.
    /// - Complexity: O(file size).
    @discardableResult
    public func forEachFeature(contentsOf path: String,
                               _ body: (Int, GeoJSONFeature) throws(GeoJSONError) -> Void) throws(GeoJSONError) -> GeoJSONDocument {
        let bytes = try GeoJSONReader.loadFile(path, maximumBytes: maximumFileBytes)
        let result = bytes.withUnsafeBufferPointer { buffer -> Result<GeoJSONDocument, GeoJSONError> in
            Result { () throws(GeoJSONError) in
                try withoutActuallyEscaping(body) { (escapable) throws(GeoJSONError) in
                    try parse(UnsafeRawBufferPointer(buffer), path: path, lenient: false) { (i, f, _) throws(GeoJSONError) in try escapable(i, f) }
                }
            }
        }
        let document = try result.get()
        switch document {
        case .featureCollection: break
        case .feature(let f): try located(path: path) { () throws(GeoJSONError) in try body(0, f) }
        case .geometry(let g): try located(path: path) { () throws(GeoJSONError) in try body(0, GeoJSONFeature(geometry: g)) }
        }
        return document
    }

    private func located(path: String, _ body: () throws(GeoJSONError) -> Void) throws(GeoJSONError) {
        do {
            try body()
        } catch {
            var e = error
            e.path = path
            e.featureIndex = e.featureIndex ?? 0
            throw e
        }
    }

    func parse(_ buffer: UnsafeRawBufferPointer, path: String?, lenient: Bool,
               onFeature: GeoJSONParser.FeatureHandler?) throws(GeoJSONError) -> GeoJSONDocument {
        guard let base = buffer.baseAddress, buffer.count > 0 else {
            throw GeoJSONError(.truncated, "the input is empty; expected a GeoJSON object", path: path, byteOffset: 0)
        }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        var parser = GeoJSONParser(base: bytes, count: buffer.count, maximumDepth: maximumDepth, lenient: lenient)
        do {
            return try parser.parseDocument(onFeature: onFeature)
        } catch {
            var located = error
            located.path = path
            if let offset = error.byteOffset {
                let (line, column) = GeoJSONReader.lineAndColumn(of: offset, in: UnsafeBufferPointer(start: bytes, count: buffer.count))
                located.line = line
                located.column = column
            }
            throw located
        }
    }

    /// Reads a whole file after checking its size against `maximumBytes`.
    static func loadFile(_ path: String, maximumBytes: Int) throws(GeoJSONError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw GeoJSONError(.io, "cannot open the file: \(errnoText())", path: path)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw GeoJSONError(.io, "cannot read the file's size: \(errnoText())", path: path)
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw GeoJSONError(.io, "not a regular file", path: path)
        }
        let size = Int(info.st_size)
        guard size <= maximumBytes else {
            throw GeoJSONError(.tooLarge, "the file is \(size) bytes; the reader's limit is \(maximumBytes) bytes (\(maximumBytes >> 20) MiB). Split the file or raise GeoJSONReader.maximumFileBytes", path: path)
        }
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            guard let start = buffer.baseAddress else { return }
            while initialized < size {
                let n = systemRead(fd, start + initialized, size - initialized)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                if n == 0 { return }   // the file shrank while reading: parse what is there
                initialized += n
            }
        }
        if failure != 0 {
            throw GeoJSONError(.io, "cannot read the file: \(String(cString: strerror(failure)))", path: path)
        }
        return bytes
    }

    /// One-based line and column (in Unicode scalars) of a byte offset.
    static func lineAndColumn(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var line = 1, column = 1
        for i in 0..<min(offset, bytes.count) {
            let b = bytes[i]
            if b == 0x0A {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
        return (line, column)
    }
}

private func errnoText() -> String { String(cString: strerror(errno)) }

private func systemRead(_ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.read(fd, buffer, count)
    #else
    return Darwin.read(fd, buffer, count)
    #endif
}
