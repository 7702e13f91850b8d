import Foundation
import RoadGeo

/// GeoJSON input for `split`, `snap` and `tiles`: read with ``GeoJSONReader/importFeatures``,
/// so one bad feature skips only itself (or, with `--strict`, refuses the file), lines past
/// ±180 are cut at the antimeridian, and the line members of GeometryCollections are roads.
/// Every skipped feature and every change is printed to standard error.
enum RoadInput {
    /// The features of a GeoJSON file, with what was skipped or changed printed.
    static func features(_ path: String, strict: Bool, command: String) throws -> GeoJSONImport {
        let imported = try GeoJSONReader().importFeatures(contentsOf: path, strict: strict)
        print(findings: imported.skipped, "features skipped", path: path, command: command)
        print(findings: imported.notes, "features changed", path: path, command: command)
        return imported
    }

    /// The roads of a GeoJSON file: LineStrings, MultiLineStrings and GeometryCollections'
    /// line members, with what was skipped, changed or not a line printed.
    static func roads(_ path: String, strict: Bool, command: String) throws -> [GeoJSONRoad] {
        let imported = try features(path, strict: strict, command: command)
        let (roads, notes) = imported.roads()
        print(findings: notes, "features or members not read as roads", path: path, command: command)
        return roads
    }

    /// Prints a count and up to 20 findings to standard error.
    static func print(findings: [GeoJSONImport.Finding], _ what: String, path: String, command: String) {
        guard !findings.isEmpty else { return }
        var lines = ["roadgeo \(command): \(path): \(findings.count) \(what):"]
        for f in findings.prefix(20) { lines.append("  \(f)") }
        if findings.count > 20 { lines.append("  ... \(findings.count - 20) more") }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
