/// The formats ``TraceFile`` reads.
///
/// ```swift
/// let format = TraceFile.detectFormat(Array(upload.utf8))   // .gpx, .csv, .geoJSON or nil
/// ```
public enum TraceFormat: String, Hashable, Sendable, CaseIterable {
    /// GPX 1.0 or 1.1 (XML): tracks, track segments and routes.
    case gpx
    /// Comma-, semicolon- or tab-separated values with a header row.
    case csv
    /// GeoJSON (RFC 7946): LineString, MultiLineString, MultiPoint or Point features.
    case geoJSON
}

/// How ``TraceFile`` reads a trace file.
///
/// ```swift
/// var options = TraceReadOptions()
/// options.longitudeColumn = "GPS_Lon"
/// options.latitudeColumn = "GPS_Lat"
/// options.timeColumn = "UTC"
/// let traces = try TraceFile.read(contentsOf: "survey.csv", options: options)
/// ```
public struct TraceReadOptions: Hashable, Sendable {
    /// The default largest file accepted: 1 GiB.
    public static let defaultMaximumFileBytes = 1 << 30

    /// The CSV column holding longitudes (compared ignoring case); `nil` looks for `lon`,
    /// `lng`, `long`, `longitude`, `x`.
    public var longitudeColumn: String?
    /// The CSV column holding latitudes; `nil` looks for `lat`, `latitude`, `y`.
    public var latitudeColumn: String?
    /// The CSV column holding times (ISO 8601 or seconds since 1970); `nil` looks for `time`,
    /// `timestamp`, `datetime`, `t`, and reads no times when there is none.
    public var timeColumn: String?
    /// Read the content as this format instead of recognising it; `nil` recognises it.
    public var format: TraceFormat?
    /// Files larger than this many bytes are refused before anything is read (the whole file
    /// is held in memory while parsing).
    public var maximumFileBytes: Int

    /// Creates options.
    ///
    /// - Parameters:
    ///   - longitudeColumn: CSV longitude column, or `nil` to find it by name.
    ///   - latitudeColumn: CSV latitude column, or `nil` to find it by name.
    ///   - timeColumn: CSV time column, or `nil` to find it by name.
    ///   - format: A format to force, or `nil` to recognise it from the content.
    ///   - maximumFileBytes: Largest file accepted, in bytes (default 1 GiB).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let options = TraceReadOptions(longitudeColumn: "E", latitudeColumn: "N")
    /// ```
    public init(longitudeColumn: String? = nil, latitudeColumn: String? = nil, timeColumn: String? = nil,
                format: TraceFormat? = nil, maximumFileBytes: Int = TraceReadOptions.defaultMaximumFileBytes) {
        self.longitudeColumn = longitudeColumn
        self.latitudeColumn = latitudeColumn
        self.timeColumn = timeColumn
        self.format = format
        self.maximumFileBytes = maximumFileBytes
    }
}

/// Reads recorded drives (GPX, CSV or GeoJSON) into ``GPSTrace``s for map matching.
///
/// The format is recognised from the content, not the file name: after an optional UTF-8
/// byte order mark and white space, `<` is GPX, `{` or `[` GeoJSON, anything else CSV. Each
/// reader is strict: a fix with a missing or invalid coordinate, a bad time or number,
/// malformed or truncated input throws a ``TraceError`` naming the file, the 1-based line and
/// the problem; nothing is dropped silently and no input traps.
///
/// - GPX 1.0 / 1.1: one trace per `<trkseg>` and per `<rte>`; `<time>` and `<ele>` (and the
///   other numeric point elements GPX defines); namespaces and `<extensions>` handled.
/// - CSV: one trace per file, named after the file; lon/lat/time columns found by name;
///   every other all-numeric column becomes a value column.
/// - GeoJSON: LineString/MultiLineString features with `coordTimes`, or a collection of Points.
///
/// ```swift
/// for trace in try TraceFile.read(contentsOf: "Fixtures/traces/drive.gpx") {
///     print(trace.name, trace.count, trace.hasTimes)
/// }
/// ```
public enum TraceFile {
    /// Reads every trace in a file.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - options: Column names for CSV, a format to force, the size limit.
    /// - Returns: The traces in file order (at least one, each with at least one fix).
    /// - Throws: ``TraceError`` with the path and, where it applies, the line.
    /// - Complexity: O(file size); memory is the file plus the traces.
    ///
    /// ```swift
    /// let traces = try TraceFile.read(contentsOf: "drive.gpx")
    /// let fixes = traces.reduce(0) { $0 + $1.count }
    /// ```
    public static func read(contentsOf path: String, options: TraceReadOptions = TraceReadOptions()) throws(TraceError) -> [GPSTrace] {
        let bytes: [UInt8]
        do {
            bytes = try GeoJSONReader.loadFile(path, maximumBytes: options.maximumFileBytes)
        } catch {
            if error.kind == .tooLarge {
                throw TraceError(.tooLarge, "the file is larger than the limit of \(options.maximumFileBytes) bytes; raise TraceReadOptions.maximumFileBytes", path: path)
            }
            throw TraceError(.io, error.message, path: path)
        }
        let name = path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
        return try parse(bytes, name: name, path: path, options: options)
    }

    /// Reads every trace in bytes held in memory (an upload, a request body).
    ///
    /// - Parameters:
    ///   - bytes: The file's content.
    ///   - name: The file name: the CSV trace's name, and the path in error messages.
    ///   - options: Column names for CSV, a format to force.
    /// - Returns: The traces in file order.
    /// - Throws: ``TraceError`` with `name` as the path.
    /// - Complexity: O(bytes.count).
    ///
    /// ```swift
    /// let csv = "lon,lat,time\n74.60,42.87,2024-05-01T08:30:00Z\n74.61,42.87,2024-05-01T08:30:05Z\n"
    /// let trace = try TraceFile.parse(Array(csv.utf8), name: "upload.csv")[0]
    /// ```
    public static func parse(_ bytes: [UInt8], name: String, options: TraceReadOptions = TraceReadOptions()) throws(TraceError) -> [GPSTrace] {
        try parse(bytes, name: name, path: name, options: options)
    }

    /// Which format the content is, by its first bytes (see ``TraceFile``); `nil` for empty or
    /// white-space-only content and for binary content (a NUL byte, a zip or gzip header).
    ///
    /// - Parameter bytes: The file's content (only the first bytes are looked at, and for
    ///   binary content the first 512).
    /// - Returns: The format, or `nil`.
    /// - Complexity: O(leading white space + 512).
    ///
    /// ```swift
    /// TraceFile.detectFormat(Array("<?xml version=\"1.0\"?><gpx/>".utf8))   // .gpx
    /// ```
    public static func detectFormat(_ bytes: [UInt8]) -> TraceFormat? {
        if binaryHint(bytes) != nil { return nil }
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "<"): return .gpx
        case UInt8(ascii: "{"), UInt8(ascii: "["): return .geoJSON
        default: return .csv
        }
    }

    static func parse(_ bytes: [UInt8], name: String, path: String?, options: TraceReadOptions) throws(TraceError) -> [GPSTrace] {
        if let hint = binaryHint(bytes) {
            throw TraceError(.unrecognised, "not a GPS trace file: \(hint); expected GPX, CSV or GeoJSON text", path: path)
        }
        guard let format = options.format ?? detectFormat(bytes) else {
            throw TraceError(.empty, "the file is empty; expected GPX, CSV or GeoJSON", path: path)
        }
        switch format {
        case .gpx:
            return try GPXReader.parse(bytes, path: path)
        case .csv:
            let result = bytes.withUnsafeBufferPointer { buffer in
                Result { () throws(TraceError) in try TraceCSVReader.parse(buffer, name: name, path: path, options: options) }
            }
            return [try result.get()]
        case .geoJSON:
            let result = bytes.withUnsafeBufferPointer { buffer in
                Result { () throws(TraceError) in try TraceGeoJSON.parse(buffer, name: name, path: path) }
            }
            return try result.get()
        }
    }

    /// Why the bytes look binary (compressed, an archive, a NUL byte), or `nil`.
    private static func binaryHint(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0x1F, 0x8B]) { return "it is gzip-compressed: decompress it first" }
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return "it is a zip archive (a KMZ or zipped export?): unpack it first" }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) { return "it is UTF-16 text: save it as UTF-8" }
        if bytes.prefix(512).contains(0) { return "it holds NUL bytes, so it is binary" }
        return nil
    }
}
