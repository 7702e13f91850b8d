import ArgumentParser
import Foundation
import RoadGeo

/// Loading the roads a network subcommand works on: a GeoJSON file of lines, or a network
/// snapshot written by `roadgeo snapshot` (recognised by its magic bytes, whatever its name).
enum NetworkInput {
    /// Reads `path` as a snapshot if it starts with the snapshot magic, else as GeoJSON roads.
    static func load(_ path: String) throws -> RoadNetwork {
        if isSnapshot(path) { return try RoadNetwork(snapshotAt: path) }
        return try RoadNetwork(contentsOfGeoJSON: path, skippingDegenerate: true)
    }

    /// Whether the file starts with `RGNETSNP`.
    static func isSnapshot(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 8)) ?? Data()
        return head == Data("RGNETSNP".utf8)
    }

    /// Prints `roadgeo <command>: <error>` to standard error and exits with status 1.
    static func fail(_ command: String, _ error: Error) -> ExitCode {
        FileHandle.standardError.write(Data("roadgeo \(command): \(error)\n".utf8))
        return ExitCode(1)
    }
}
