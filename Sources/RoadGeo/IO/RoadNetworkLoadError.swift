/// A road network file that ``RoadNetwork/init(contentsOf:options:)`` could not open: the file,
/// and either why it was not recognised or the error of the format's own reader.
///
/// ```swift
/// do { _ = try RoadNetwork(contentsOf: "notes.txt") }
/// catch { print(error) }
/// // notes.txt: not a road network file: it starts with 48 65 6C 6C 6F ("Hello"); expected a
/// // network snapshot, GeoJSON, a shapefile's .shp or an OpenStreetMap PBF file
/// ```
public struct RoadNetworkLoadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why the file could not be loaded.
    ///
    /// ```swift
    /// if case .geoJSON(let e) = error.reason, e.kind == .truncated { print("download it again") }
    /// ```
    public enum Reason: Hashable, Sendable {
        /// The file cannot be opened or read, or is not a regular file (the message says which).
        case io(String)
        /// The first bytes are none of the ``RoadFileFormat``s (up to 16 of them, for the message).
        case unrecognised(firstBytes: [UInt8])
        /// A snapshot that is truncated, corrupt or of another version.
        case snapshot(RoadNetworkError)
        /// GeoJSON that cannot be read (malformed JSON; with `strict`, the first bad feature).
        case geoJSON(GeoJSONError)
        /// A shapefile that cannot be read (bad header, missing `.prj` for projected data ...).
        case shapefile(ShapefileError)
        /// An OpenStreetMap PBF file that cannot be read.
        case osmPBF(OSMPBFError)
    }

    /// The file asked for.
    public var path: String
    /// Why it could not be loaded.
    public var reason: Reason

    /// Creates an error.
    /// - Parameters:
    ///   - path: The file.
    ///   - reason: Why it could not be loaded.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let e = RoadNetworkLoadError(path: "roads.bin", reason: .unrecognised(firstBytes: [0x50, 0x4B, 0x03, 0x04]))
    /// ```
    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    /// `path: problem`; a format reader's error as that reader words it (it names the file,
    /// and the feature, record or blob).
    public var description: String {
        switch reason {
        case .io(let message): return errorDescription(message, path: path)
        case .unrecognised(let head):
            return errorDescription("not a road network file: \(RoadNetworkLoadError.describe(head: head, path: path))", path: path)
        case .snapshot(let e): return e.path == nil ? errorDescription(e.description, path: path) : e.description
        case .geoJSON(let e): return e.description
        case .shapefile(let e): return e.description
        case .osmPBF(let e): return e.description
        }
    }

    /// What the first bytes look like, with a hint for the files people most often pass by mistake.
    private static func describe(head: [UInt8], path: String) -> String {
        let expected = "expected a network snapshot, GeoJSON, a shapefile's .shp or an OpenStreetMap PBF file"
        guard !head.isEmpty else { return "the file is empty; \(expected)" }
        let hex = head.prefix(8).map { b in
            let s = String(b, radix: 16, uppercase: true)
            return s.count == 1 ? "0" + s : s
        }.joined(separator: " ")
        let text = head.prefix(8).allSatisfy { $0 >= 0x20 && $0 < 0x7F }
            ? " (\"\(String(decoding: head.prefix(8), as: UTF8.self))\")" : ""
        var hint = ""
        let lower = path.lowercased()
        if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) {
            hint = "; it is a zip archive: unpack it and pass the file inside"
        } else if head.starts(with: [0x1F, 0x8B]) {
            hint = "; it is gzip-compressed: decompress it first"
        } else if [".dbf", ".prj", ".cpg"].contains(where: lower.hasSuffix) {
            hint = "; a shapefile is opened by its .shp"
        }
        return "it starts with \(hex)\(text); \(expected)\(hint)"
    }
}
