import Foundation
import RoadGeo

extension Workloads {
    /// W9: OSM PBF road import, roads per second, as whole processes on the same file in the
    /// same run: `roadgeo import FILE --out roads.geojson` (2 threads) against `osmium tags-filter`
    /// (+ `-i` of the non-road values) + `osmium export` to GeoJSON (osmium-tool, multi-threaded
    /// C++), and against GDAL's OSM driver (`ogr2ogr -f GeoJSON ... lines -where highway ...`).
    /// Also the import in this process (1 and 2 threads, no output) and memory: peak RSS of each
    /// process and RoadGeo's peak per node of the file.
    ///
    /// Files: `GEO_BENCH_PBF` (colon-separated), else the bundled Monaco extract, Heidelberg from
    /// ../shared/data/osm and `.build/bench/synthetic-large.osm.pbf` (scripts/make-synthetic-pbf.py) when present.
    static let osmImport = Workload(id: "W9", title: "OSM PBF road import vs osmium tags-filter+export and ogr2ogr") { context, reporter in
        var files: [String] = []
        if let list = ProcessInfo.processInfo.environment["GEO_BENCH_PBF"] {
            files = list.split(separator: ":").map(String.init)
        } else {
            files = [context.dataFile("monaco.osm.pbf"), "../shared/data/osm/heidelberg.test.osm.pbf", ".build/bench/synthetic-large.osm.pbf"]
                .filter { FileManager.default.fileExists(atPath: $0) }
        }
        let binDir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let roadgeo = binDir.appendingPathComponent("roadgeo").path
        let osmium = ChildProcess.find(["/usr/bin/osmium", "/usr/local/bin/osmium"])
        let ogr2ogr = ChildProcess.find(["/usr/bin/ogr2ogr", "/usr/local/bin/ogr2ogr"])
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("geo-bench-w9-\(getpid())")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let config = tmp.appendingPathComponent("export.json").path
        try Data(#"{"attributes": {"id": "@id"}, "linear_tags": true, "area_tags": false, "exclude_tags": [], "include_tags": []}"#.utf8)
            .write(to: URL(fileURLWithPath: config))
        let nonRoads = OSMTagFilter.nonRoadHighwayValues

        for file in files {
            let name = URL(fileURLWithPath: file).lastPathComponent
            let probe = try OSMRoadImport(contentsOf: file, options: OSMImportOptions(threads: 2))
            let n = probe.roads.count, nodes = probe.report.nodeCount
            let fileMB = Double((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0) / 1_048_576
            reporter.note("W9", String(format: "%@: %.1f MB, %d nodes, %d ways, %d roads", name, fileMB, nodes, probe.report.wayCount, n))

            let one = try measure("W9", "RoadGeo in-process 1t", n: n, context: context) {
                try OSMRoadImport(contentsOf: file, options: OSMImportOptions(threads: 1)).roads.count
            }
            reporter.record(one)
            let two = try measure("W9", "RoadGeo in-process 2t", n: n, context: context) {
                try OSMRoadImport(contentsOf: file, options: OSMImportOptions(threads: 2)).roads.count
            }
            reporter.record(two)
            reporter.ratio(two, over: one)

            guard FileManager.default.isExecutableFile(atPath: roadgeo) else {
                reporter.note("W9", "\(roadgeo) not built: run `swift build -c release --product roadgeo` for the process comparison")
                continue
            }
            let out = tmp.appendingPathComponent("roads.geojson").path
            let ours = try ChildProcess.measure("W9", "roadgeo import 2t", n: n, repetitions: context.repetitions,
                                                [(roadgeo, ["import", file, "--out", out, "--threads", "2", "--allow-incomplete"])])
            reporter.record(ours)
            if let osmium {
                let a = tmp.appendingPathComponent("a.osm.pbf").path, b = tmp.appendingPathComponent("b.osm.pbf").path
                let seq = tmp.appendingPathComponent("o.geojson").path
                let base = try ChildProcess.measure("W9", "osmium filter+export", n: n, repetitions: context.repetitions, [
                    (osmium, ["tags-filter", file, "w/highway", "-o", a, "--overwrite"]),
                    (osmium, ["tags-filter", "-i", a, "w/highway=" + nonRoads.joined(separator: ","), "-o", b, "--overwrite"]),
                    (osmium, ["export", b, "-c", config, "--geometry-types=linestring", "-f", "geojson", "-o", seq, "--overwrite"]),
                ])
                reporter.record(base)
                reporter.ratio(ours, over: base)
            } else {
                reporter.note("W9", "osmium-tool not installed (scripts/install-deps.sh): no osmium baseline")
            }
            if let ogr2ogr {
                let gdalOut = tmp.appendingPathComponent("gdal.geojson").path
                let list = nonRoads.map { "'\($0)'" }.joined(separator: ",")
                let gdal = try ChildProcess.measure("W9", "ogr2ogr OSM driver", n: n, repetitions: context.repetitions,
                                                    prepare: { try? FileManager.default.removeItem(atPath: gdalOut) }, [
                    (ogr2ogr, ["-f", "GeoJSON", gdalOut, file, "lines", "-where", "highway IS NOT NULL AND highway NOT IN (\(list))"]),
                ])
                reporter.record(gdal)
                reporter.ratio(ours, over: gdal)
            } else {
                reporter.note("W9", "gdal-bin not installed: no ogr2ogr baseline")
            }
            reporter.note("W9", String(format: "%@: roadgeo peak RSS %.1f MiB = %.0f bytes per node of the file (node store: 16 bytes per node)",
                                       name, ours.peakRSSMB, ours.peakRSSMB * 1_048_576 / Double(max(1, nodes))))
        }
    }
}
