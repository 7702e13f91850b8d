/// The `OSMHeader` block of a PBF file (`osmformat.proto` HeaderBlock): the features a reader
/// must support, the bounding box and the program that wrote it.
///
/// ```swift
/// let header = try OSMPBFFile(contentsOf: "data/monaco.osm.pbf").header
/// header.requiredFeatures    // ["OsmSchema-V0.6", "DenseNodes"]
/// header.bbox?.minX          // west edge, degrees
/// ```
public struct OSMHeader: Hashable, Sendable {
    /// Features a reader must understand (`OsmSchema-V0.6`, `DenseNodes`, ...).
    public var requiredFeatures: [String] = []
    /// Features a reader may use (`Sort.Type_then_ID`, `LocationsOnWays`, ...).
    public var optionalFeatures: [String] = []
    /// The bounding box the file claims (EPSG:4326), if any.
    public var bbox: BoundingBox?
    /// The program that wrote the file.
    public var writingProgram: String?
    /// The data source, if given.
    public var source: String?
    /// Replication timestamp, seconds since 1970, if given.
    public var replicationTimestamp: Int64?

    /// The required features this reader implements.
    public static let supportedFeatures: Set<String> = ["OsmSchema-V0.6", "DenseNodes", "HistoricalInformation"]

    /// Whether the file says its objects are sorted by type, then id.
    public var isSortedByTypeThenID: Bool { optionalFeatures.contains("Sort.Type_then_ID") }

    /// Decodes a HeaderBlock.
    static func decode(_ reader: inout ProtobufReader) throws(ProtobufError) -> OSMHeader {
        var header = OSMHeader()
        while let (field, wire) = try reader.nextField() {
            switch field {
            case 1:
                try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "HeaderBlock")
                var box = try reader.message()
                var edges: [Int: Int64] = [:]
                while let (f, w) = try box.nextField() {
                    if (1...4).contains(f), w == .varint { edges[f] = try box.signedVarint() } else { try box.skip(w) }
                }
                // HeaderBBox: left, right, top, bottom in nanodegrees.
                if let left = edges[1], let right = edges[2], let top = edges[3], let bottom = edges[4] {
                    let values = [left, right, top, bottom].map { Double($0) * 1e-9 }
                    guard values.allSatisfy({ abs($0) <= 180 }), abs(values[2]) <= 90, abs(values[3]) <= 90 else {
                        throw ProtobufError("HeaderBBox \(values) is outside the world", kind: .invalidCoordinate)
                    }
                    header.bbox = BoundingBox(minX: values[0], minY: values[3], maxX: values[1], maxY: values[2])
                } else {
                    throw ProtobufError("HeaderBBox lacks one of left, right, top, bottom")
                }
            case 4:
                try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "HeaderBlock")
                header.requiredFeatures.append(try reader.string())
            case 5:
                try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "HeaderBlock")
                header.optionalFeatures.append(try reader.string())
            case 16:
                try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "HeaderBlock")
                header.writingProgram = try reader.string()
            case 17:
                try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "HeaderBlock")
                header.source = try reader.string()
            case 32:
                try ProtobufReader.expect(wire, .varint, field: field, in: "HeaderBlock")
                header.replicationTimestamp = try reader.int64()
            default:
                try reader.skip(wire)
            }
        }
        return header
    }
}
