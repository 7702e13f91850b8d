import ArgumentParser
import Foundation
import RoadGeo

/// Input files for the subcommands. Road networks (`snap`, `split`, `snapshot`, `cluster
/// --along-roads`) are opened by ``RoadNetwork/load(contentsOf:options:)``, whatever their kind
/// (snapshot, GeoJSON, shapefile, OpenStreetMap PBF); GeoJSON features (the tiler's roads, the
/// points of `snap`) by ``GeoJSONReader/importFeatures``, so one bad feature skips only itself
/// (or, with `--strict`, refuses the file). Every skipped feature and every change is printed
/// to standard error.
enum RoadInput {
    /// The road network in a file of any kind RoadGeo reads, with what was skipped or changed printed.
    static func network(_ path: String, strict: Bool, command: String) throws -> LoadedRoadNetwork {
        let loaded = try RoadNetwork.load(contentsOf: path, options: RoadNetworkLoadOptions(strict: strict))
        for kind in LoadedRoadNetwork.Finding.Kind.allCases {
            let messages = loaded.findings.filter { $0.kind == kind }.map(\.message)
            let what: String
            switch kind {
            case .skipped: what = "skipped"
            case .changed: what = "changed"
            case .notRoad: what = "not read as roads"
            case .warning: what = "warnings"
            }
            print(messages, what, path: path, command: command)
        }
        return loaded
    }

    /// The features of a GeoJSON file, with what was skipped or changed printed.
    static func features(_ path: String, strict: Bool, command: String) throws -> GeoJSONImport {
        let imported = try GeoJSONReader().importFeatures(contentsOf: path, strict: strict)
        print(imported.skipped.map(\.description), "features skipped", path: path, command: command)
        print(imported.notes.map(\.description), "features changed", path: path, command: command)
        return imported
    }

    /// Prints a count and up to 20 findings to standard error.
    private static func print(_ findings: [String], _ what: String, path: String, command: String) {
        guard !findings.isEmpty else { return }
        var lines = ["roadgeo \(command): \(path): \(findings.count) \(what):"]
        for f in findings.prefix(20) { lines.append("  \(f)") }
        if findings.count > 20 { lines.append("  ... \(findings.count - 20) more") }
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}

extension RoadInput {
    /// A `--zooms` value: `FROM-TO` or a single zoom, within 0 and the deepest web-mercator zoom.
    static func zoomRange(_ text: String, example: String) throws -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard (1...2).contains(parts.count), let lo = parts.first ?? nil, let hi = parts.last ?? nil,
              lo >= 0, hi <= TileID.maxZoom, lo <= hi else {
            throw ValidationError("--zooms \(text): expected FROM-TO within 0-\(TileID.maxZoom), e.g. \(example)")
        }
        return lo...hi
    }
}
