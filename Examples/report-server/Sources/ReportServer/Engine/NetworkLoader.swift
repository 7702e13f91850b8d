import Foundation
import RoadGeo

/// Loads the road network the server runs on: GeoJSON lines, an ESRI shapefile (reprojected from its
/// `.prj`, text decoded by its `.cpg`), or a network snapshot written by `roadgeo snapshot`.
public enum NetworkLoader {
    /// A network that could not be read, naming the file.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong.
        public var message: String
        /// The message.
        public var description: String { message }
    }

    /// Reads `path` by its content (snapshot magic) or extension (`.shp`), else as GeoJSON.
    public static func load(_ path: String) throws -> RoadNetwork {
        guard FileManager.default.fileExists(atPath: path) else {
            throw Failure(message: "network \(path): no such file")
        }
        if isSnapshot(path) { return try RoadNetwork(snapshotAt: path) }
        if path.lowercased().hasSuffix(".shp") {
            let imported = try ShapefileImport(path: path)
            var roads: [Road] = []
            for road in imported.roads {
                var attributes: [String: String] = [:]
                for member in road.properties(fields: imported.fields).members {
                    if let text = member.value.stringValue { attributes[member.key] = text }
                    else if let number = member.value.int64Value { attributes[member.key] = String(number) }
                }
                let base = road.id.stringValue ?? road.id.int64Value.map(String.init) ?? String(road.recordNumbers.first ?? roads.count)
                let parts = road.geometry.parts
                for (k, part) in parts.enumerated() {
                    roads.append(Road(id: parts.count > 1 ? "\(base)#\(k)" : base, line: part, attributes: attributes))
                }
            }
            return RoadNetwork(roads: roads)
        }
        return try RoadNetwork(contentsOfGeoJSON: path, skippingDegenerate: true)
    }

    /// Whether the file starts with the snapshot magic `RGNETSNP`.
    static func isSnapshot(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 8)) == Data("RGNETSNP".utf8)
    }
}
