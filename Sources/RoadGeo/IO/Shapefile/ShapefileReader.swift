import Foundation

/// The 100-byte main header of a `.shp` file.
///
/// ```swift
/// let h = try ShapefileReader(path: "roads.shp").header
/// print(h.shapeType, h.boundingBox)   // PolyLine, eastings/northings of the extent
/// ```
public struct ShapefileHeader: Hashable, Sendable {
    /// The shape type of every non-null record.
    public var shapeType: ShapeType
    /// The file length the header declares, in bytes (twice its 16-bit word count).
    public var declaredFileBytes: Int
    /// The real file length in bytes; reading is always bounded by this.
    public var fileBytes: Int
    /// The extent in the file's CRS (x = easting or longitude).
    public var boundingBox: BoundingBox
    /// The Z range declared by the header (zeros when the type has no Z).
    public var zRange: ClosedRange<Double>?
    /// The M range declared by the header.
    public var mRange: ClosedRange<Double>?
}

/// Reads a `.shp` file record by record, through its `.shx` index when there is a valid one
/// and by walking the record headers otherwise.
///
/// The file is memory-mapped, so only the pages of the records actually decoded are read:
/// memory stays bounded on large files. Every length and count read from a header is checked
/// against the real file size before it is used; nothing is allocated from a header field
/// alone. A problem confined to one record throws ``ShapefileError`` (code `.record`) from
/// ``record(at:)`` naming the record, so a caller can skip it and go on; file-level oddities
/// that do not stop reading (a header length that disagrees with the file size, trailing
/// bytes, an unusable `.shx`) are collected in ``warnings``.
///
/// Z and M values are decoded and kept in ``ShapeRecord``; the road importer drops them
/// (roads are 2-D lines) and says so in its report.
///
/// ```swift
/// let shp = try ShapefileReader(path: "data/heidelberg_roads_utm32n.shp")
/// for i in 0..<shp.recordCount {
///     let r = try shp.record(at: i)
///     print(r.number, r.shapeType, r.pointCount)
/// }
/// ```
///
/// Format: ESRI Shapefile Technical Description, July 1998.
public struct ShapefileReader: Sendable {
    /// The `.shp` path as given.
    public let path: String
    /// The main header.
    public let header: ShapefileHeader
    /// The `.shx` used to locate records, or `nil` when records were found by walking the file.
    public let indexPath: String?
    /// File-level problems that did not stop reading.
    public let warnings: [String]

    let shp: Data
    let locations: [RecordLocation]

    /// Where a record sits: the byte offset of its 8-byte record header, its content length in
    /// bytes as the index (or the walk) found it, and its record number (from its own header,
    /// which decides the DBF row it is paired with).
    struct RecordLocation: Hashable, Sendable {
        var offset: Int
        var contentBytes: Int
        var number: Int
    }

    /// Number of records (null shapes included).
    public var recordCount: Int { locations.count }

    /// The record number (1-based, from the record's header) of the record at `index`.
    ///
    /// - Parameter index: `0..<recordCount`.
    /// - Precondition: `index` is in range.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let numbers = (0..<shp.recordCount).map(shp.recordNumber)   // [1, 2, 3, ...]
    /// ```
    public func recordNumber(at index: Int) -> Int {
        precondition(index >= 0 && index < locations.count, "record index \(index) out of range")
        return locations[index].number
    }

    /// Opens a shapefile (memory-mapped) and builds its record table.
    ///
    /// The `.shp` is always walked record header by record header (resynchronising past
    /// padding or garbage by scanning for the next header whose counts fit its length), and
    /// the `.shx` is cross-checked against that walk: an entry that points to no record header,
    /// to another record's header, or with a length the header contradicts is reported in
    /// ``warnings`` and the record is taken from the walk; records the `.shx` does not list
    /// are added. Each record keeps the number written in its own header, so geometry is paired
    /// with the DBF row of its own record number, never with its neighbour's.
    /// - Parameters:
    ///   - path: The `.shp` file (a sibling `.shx` with the same base name is used when present).
    ///   - useIndex: `false` ignores any `.shx` and walks the record headers.
    /// - Throws: ``ShapefileError`` when the `.shp` cannot be read or its header is invalid.
    /// - Complexity: O(records) to build the record table (8 bytes per record).
    ///
    /// ```swift
    /// let shp = try ShapefileReader(path: "data/heidelberg_roads_utm32n.shp")
    /// print(shp.recordCount, shp.header.shapeType, shp.warnings)
    /// ```
    public init(path: String, useIndex: Bool = true) throws(ShapefileError) {
        self.path = path
        let shp = try Self.map(path)
        self.shp = shp
        let header = try Self.parseHeader(shp, path: path)
        self.header = header
        var warnings: [String] = []
        if header.declaredFileBytes != header.fileBytes {
            warnings.append("header declares \(header.declaredFileBytes) bytes but the file has \(header.fileBytes); reading only what is present")
        }
        let (walked, walkWarnings) = Self.walk(shp, fileType: header.shapeType)
        warnings += walkWarnings
        var table = walked
        var indexPath: String? = nil
        if useIndex, let shxPath = Self.sibling(of: path, extension: "shx") {
            let name = (shxPath as NSString).lastPathComponent
            switch Self.readIndex(shxPath, shpBytes: shp.count) {
            case .success(let (entries, indexWarnings)):
                indexPath = shxPath
                warnings += indexWarnings.map { "\(name): \($0)" }
                table = Self.reconcile(entries: entries, checked: Self.checkIndex(shp, entries, fileType: header.shapeType),
                                       walked: walked, indexName: name, warnings: &warnings)
            case .failure(let problem):
                warnings.append("\(name): \(problem); records found by walking the .shp instead")
            }
        }
        self.locations = Self.numbered(table, warnings: &warnings)
        self.indexPath = indexPath
        self.warnings = warnings
    }

    /// Decodes record `index` (0-based position in record-number order; the record's number,
    /// from its header, is ``ShapeRecord/number``, usually `index + 1`).
    ///
    /// Coordinates are returned as stored, in the file's CRS (see ``SourceCRS``).
    /// - Parameter index: `0..<recordCount`.
    /// - Precondition: `index` is in range (a programmer error otherwise).
    /// - Returns: The decoded record.
    /// - Throws: ``ShapefileError`` (code `.record`, or `.unsupported` for MultiPatch) naming
    ///   the record and the problem: truncated, part index out of range, more points than the
    ///   record holds, a shape type other than the file's.
    /// - Complexity: O(points in the record).
    ///
    /// ```swift
    /// for i in 0..<shp.recordCount {
    ///     guard let r = try? shp.record(at: i), r.shapeType.family == .polyLine else { continue }
    ///     print(r.number, r.pointCount)
    /// }
    /// ```
    public func record(at index: Int) throws(ShapefileError) -> ShapeRecord {
        var r = ShapeRecord(number: 0)
        try read(at: index, into: &r)
        return r
    }

    /// Decodes record `index` into `record`, reusing its storage (the importer's hot path).
    func read(at index: Int, into record: inout ShapeRecord) throws(ShapefileError) {
        precondition(index >= 0 && index < locations.count, "record index \(index) out of range")
        let location = locations[index]
        record.reset(number: location.number)
        let fileType = header.shapeType
        let failure: RecordProblem? = shp.withUnsafeBytes { raw in
            Self.decode(raw, at: location, fileType: fileType, into: &record)
        }
        if let failure {
            throw ShapefileError(failure.unsupported ? .unsupported : .invalidRecord, failure.message, path: path, record: location.number)
        }
    }
}

extension ShapefileReader {
    /// A record-level decoding problem.
    struct RecordProblem: Error {
        var message: String
        var unsupported = false
        init(_ message: String, unsupported: Bool = false) {
            self.message = message
            self.unsupported = unsupported
        }
    }

    /// Memory-maps a file.
    static func map(_ path: String) throws(ShapefileError) -> Data {
        // Foundation on Linux leaks a 4 KB buffer on every `Data(contentsOf:)` of an empty
        // file (found by the shapefile fuzzer under LeakSanitizer): an empty regular file is
        // empty data without asking Foundation.
        var info = stat()
        if stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && info.st_size == 0 { return Data() }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw ShapefileError(.io, "cannot read: \(error.localizedDescription)", path: path)
        }
    }

    /// Reads a small side file (`.prj`, `.cpg`) whole, checking its size before allocating.
    ///
    /// - Returns: The bytes, or `nil` when the file cannot be opened, is not a regular file or
    ///   is larger than `limit` bytes (nothing is read then).
    static func readSmallFile(_ path: String, limit: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size <= limit else { return nil }
        let size = Int(info.st_size)
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            guard let start = buffer.baseAddress else { return }
            while initialized < size {
                let n = posixRead(fd, start + initialized, size - initialized)
                if n < 0 && errno == EINTR { continue }
                if n < 0 { failed = true; return }
                if n == 0 { return }   // the file shrank while reading
                initialized += n
            }
        }
        return failed ? nil : bytes
    }

    /// The sibling file with the same base name and `ext` (lower or upper case), if it exists.
    static func sibling(of path: String, extension ext: String) -> String? {
        let base = (path as NSString).deletingPathExtension
        for candidate in [base + "." + ext.lowercased(), base + "." + ext.uppercased()]
        where FileManager.default.fileExists(atPath: candidate) {
            return candidate
        }
        return nil
    }
}

// MARK: - Private helpers

/// `read(2)` under a name the reader's own `read(at:into:)` does not shadow.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutablePointer<UInt8>, _ count: Int) -> Int {
    read(fd, buffer, count)
}
