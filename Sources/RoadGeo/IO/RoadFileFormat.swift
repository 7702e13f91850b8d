#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The kinds of road file ``RoadNetwork/init(contentsOf:options:)`` opens, recognised by their
/// first bytes rather than their names (a snapshot called `roads.geojson` is still a snapshot).
///
/// | Format | Recognised by |
/// |---|---|
/// | ``snapshot`` | the magic `RGNETSNP` (``RoadNetwork/writeSnapshot(to:)``) |
/// | ``shapefile`` | file code 9994 (big-endian) and version 1000 (little-endian) in a 100-byte header |
/// | ``osmPBF`` | a first BlobHeader (4-byte length, then field 1) of type `OSMHeader` |
/// | ``geoJSON`` | a first character `{` after an optional UTF-8 byte order mark and white space |
///
/// ```swift
/// switch try RoadFileFormat(contentsOf: "data/monaco.osm.pbf") {
/// case .osmPBF: print("OpenStreetMap")
/// default: break
/// }
/// ```
public enum RoadFileFormat: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// A network snapshot written by ``RoadNetwork/writeSnapshot(to:)`` or `roadgeo snapshot`.
    case snapshot
    /// A GeoJSON object: a FeatureCollection, a Feature or a geometry (EPSG:4326).
    case geoJSON
    /// The `.shp` of an ESRI shapefile (its `.dbf`, `.prj`, `.cpg` beside it).
    case shapefile
    /// An OpenStreetMap PBF file (`.osm.pbf`).
    case osmPBF

    /// How many leading bytes ``init(head:)`` looks at; GeoJSON may start with this much white space.
    static let headLength = 4096

    /// The format a file's first bytes show.
    ///
    /// - Parameter path: Any file.
    /// - Throws: ``RoadNetworkLoadError`` naming the file: it cannot be opened or is not a
    ///   regular file (``RoadNetworkLoadError/Reason/unreadable(_:)``), or its first bytes are no
    ///   format here (``RoadNetworkLoadError/Reason/unrecognised(firstBytes:)``).
    /// - Complexity: O(1): reads at most 4 KiB.
    ///
    /// ```swift
    /// let format = try RoadFileFormat(contentsOf: "data/heidelberg_roads_utm32n.shp")   // .shapefile
    /// ```
    public init(contentsOf path: String) throws(RoadNetworkLoadError) {
        let head = try RoadFileFormat.readHead(path)
        guard let format = RoadFileFormat(head: head) else {
            throw RoadNetworkLoadError(path: path, reason: .unrecognised(firstBytes: Array(head.prefix(16))))
        }
        self = format
    }

    /// The format that bytes at the start of a file show, or `nil` when they show none of them.
    ///
    /// - Parameter head: The first bytes of a file (the first 4 KiB are enough; fewer for an
    ///   empty or small file).
    /// - Complexity: O(head.count).
    ///
    /// ```swift
    /// RoadFileFormat(head: Array("RGNETSNP".utf8))   // .snapshot
    /// RoadFileFormat(head: Array(" {\"type\"".utf8))  // .geoJSON
    /// ```
    public init?(head: [UInt8]) {
        if head.starts(with: RoadFileFormat.snapshotMagic) {
            self = .snapshot
        } else if RoadFileFormat.isShapefileHeader(head) {
            self = .shapefile
        } else if RoadFileFormat.isOSMHeaderBlob(head) {
            self = .osmPBF
        } else if RoadFileFormat.firstCharacter(head) == UInt8(ascii: "{") {
            self = .geoJSON
        } else {
            return nil
        }
    }

    /// The format's name as the error messages and tools print it.
    public var description: String {
        switch self {
        case .snapshot: return "network snapshot"
        case .geoJSON: return "GeoJSON"
        case .shapefile: return "shapefile"
        case .osmPBF: return "OpenStreetMap PBF"
        }
    }

    // MARK: - Private

    static let snapshotMagic = Array("RGNETSNP".utf8)

    /// File code 9994 big-endian at byte 0, version 1000 little-endian at byte 28.
    private static func isShapefileHeader(_ h: [UInt8]) -> Bool {
        h.count >= 100 && h[0] == 0 && h[1] == 0 && h[2] == 0x27 && h[3] == 0x0A
            && h[28] == 0xE8 && h[29] == 0x03 && h[30] == 0 && h[31] == 0
    }

    /// A BlobHeader length (below the format's 64 KiB limit) followed by field 1, wire type 2
    /// (tag byte 0x0A), length 9, `OSMHeader`: how every PBF file starts.
    private static func isOSMHeaderBlob(_ h: [UInt8]) -> Bool {
        guard h.count >= 15, h[0] == 0, h[1] == 0 else { return false }
        let length = Int(h[2]) << 8 | Int(h[3])
        return length > 11 && h[4] == 0x0A && h[5] == 9 && Array(h[6..<15]) == Array("OSMHeader".utf8)
    }

    /// The first byte after a UTF-8 byte order mark and JSON white space, or `nil`.
    private static func firstCharacter(_ h: [UInt8]) -> UInt8? {
        var i = h.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while i < h.count, h[i] == 0x20 || h[i] == 0x0A || h[i] == 0x0D || h[i] == 0x09 { i += 1 }
        return i < h.count ? h[i] : nil
    }

    /// Up to ``headLength`` bytes from the start of a regular file.
    private static func readHead(_ path: String) throws(RoadNetworkLoadError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw RoadNetworkLoadError(path: path, reason: .io("cannot open the file: \(String(cString: strerror(errno)))"))
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw RoadNetworkLoadError(path: path, reason: .io("cannot read the file's size: \(String(cString: strerror(errno)))"))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            let what = (info.st_mode & S_IFMT) == S_IFDIR ? "a directory" : "not a regular file"
            throw RoadNetworkLoadError(path: path, reason: .io("\(what); expected a road network file"))
        }
        var head = [UInt8](repeating: 0, count: headLength)
        var filled = 0
        while filled < headLength {
            let n = head.withUnsafeMutableBytes { raw -> Int in
                guard let start = raw.baseAddress else { return 0 }
                return read(fd, start + filled, headLength - filled)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw RoadNetworkLoadError(path: path, reason: .io("cannot read the file: \(String(cString: strerror(errno)))"))
            }
            if n == 0 { break }
            filled += n
        }
        head.removeSubrange(filled...)
        return head
    }
}
