import ArgumentParser
import Foundation
import RoadGeo

/// `roadgeo import FILE.osm.pbf --out roads.geojson`: the roads of an OpenStreetMap PBF file
/// to GeoJSON, with typed tags and the import report. ``Import`` hands a PBF file here.
struct OSMImportFlags: ParsableArguments {
    @Option(name: .customLong("filter"), help: "OSM PBF: osmium-style tag expression a way must match (repeatable; default highway minus non-roads), e.g. highway=primary,secondary.")
    var include: [String] = []

    @Option(name: .customLong("exclude"), help: "OSM PBF: tag expression a way must not match (repeatable).")
    var exclude: [String] = []

    @Flag(help: "OSM PBF: split ways at nodes shared with other imported ways.")
    var splitAtJunctions = false

    @Option(help: "OSM PBF: threads to decode blobs on (default: all cores).")
    var threads: Int?

    @Flag(help: "OSM PBF: exit 0 even when matching ways had nodes outside the extract (they are still reported).")
    var allowIncomplete = false
}

extension Import {
    /// Whether a file is an OSM PBF: its first blob header names `OSMHeader`, or it ends in `.pbf`.
    static func isOSMPBF(_ path: String) -> Bool {
        if path.lowercased().hasSuffix(".pbf") { return true }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 32)) ?? Data()
        return head.count > 13 && head.range(of: Data("OSMHeader".utf8)) != nil
    }

    /// Imports the roads of a PBF file to GeoJSON.
    func runOSM(_ flags: OSMImportFlags) throws {
        try reportingFailures("import") {
            var options = OSMImportOptions(splitAtJunctions: flags.splitAtJunctions)
            if !flags.include.isEmpty || !flags.exclude.isEmpty {
                options.filter = try OSMTagFilter(include: flags.include.isEmpty ? ["highway"] : flags.include, exclude: flags.exclude)
            }
            if let threads = flags.threads { options.threads = Swift.max(1, threads) }
            // Blocks are built and encoded on the worker threads and written in file order,
            // so the roads are never all in memory at once.
            let pbf = try OSMPBFFile(contentsOf: file)
            guard FileManager.default.createFile(atPath: out, contents: nil), let handle = FileHandle(forWritingAtPath: out) else {
                throw CommandFailure("cannot create \(out)")
            }
            defer { try? handle.close() }
            let writer = GeoJSONWriter(coordinatePrecision: precision)
            try handle.write(contentsOf: Data(#"{"type":"FeatureCollection","features":["#.utf8))
            var written = 0
            let report = try OSMRoadImport.stream(file: pbf, options: options, transform: { roads -> Result<[UInt8], GeoJSONError> in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(roads.count * 512)
                do throws(GeoJSONError) {
                    for (k, road) in roads.enumerated() {
                        if k > 0 { bytes.append(contentsOf: ",\n".utf8) }
                        try writer.append(road.feature, to: &bytes)
                    }
                } catch {
                    return .failure(error)
                }
                return .success(bytes)
            }, consume: { encoded in
                let bytes = try encoded.get()
                guard !bytes.isEmpty else { return }
                try handle.write(contentsOf: Data((written > 0 ? Array(",\n".utf8) : Array("\n".utf8)) + bytes))
                written += 1
            })
            try handle.write(contentsOf: Data("\n]}\n".utf8))
            print(report)
            print("wrote \(report.roadCount) features to \(out)")
            if report.lostWayCount > 0 && !flags.allowIncomplete {
                printError("import", "\(report.lostWayCount) matching ways were not imported (listed above); --allow-incomplete to accept")
                throw ExitCode(2)
            }
        }
    }
}
