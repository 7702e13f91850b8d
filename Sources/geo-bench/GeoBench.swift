import ArgumentParser
import Foundation
import RoadGeo

/// `geo-bench`: runs RoadGeo's workloads on real road data, each beside a GEOS or Foundation
/// baseline in the same process, and prints medians, ratios and query latencies.
@main
struct GeoBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geo-bench",
        abstract: "Benchmark RoadGeo against GEOS and Foundation baselines on road data.",
        discussion: "Workloads: \(Workloads.all.map { "\($0.id) (\($0.title))" }.joined(separator: ", "))."
    )

    @Option(help: "Road network GeoJSON (EPSG:4326). Default: the bundled Heidelberg network.")
    var roads: String = "data/heidelberg_roads.geojson"

    @Option(help: "Report points GeoJSON. Default: 100k seeded synthetic reports near the roads.")
    var reports: String?

    @Option(help: "Directory of the bundled data, for workloads that read other files.")
    var dataDir: String = "data"

    @Option(help: "Comma-separated workload ids to run, e.g. W1,W3 (default: all).")
    var workloads: String?

    @Option(help: "Threads for batch workloads.")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Timed repetitions per measurement (after one warm-up run).")
    var repetitions: Int = 3

    @Flag(help: "Run the installed peers as child processes in the same run (W6m: PostGIS ST_AsMVT, scripts/peers/postgis-mvt.sh).")
    var peers = false

    @Option(help: "W6m: write its tile list (z x y, RoadGeo's MVT bytes and features at tolerance 3 and 0) to this file.")
    var writeTileList: String?

    @Flag(help: "Print one JSON object per measurement instead of the table.")
    var json = false

    @Flag(help: "List the workloads and exit.")
    var list = false

    func validate() throws {
        guard repetitions >= 1 else { throw ValidationError("--repetitions must be at least 1") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        if list {
            for w in Workloads.all { print("\(w.id)\t\(w.title)") }
            return
        }
        let wanted = workloads.map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }) }
        if let wanted {
            let known = Set(Workloads.all.map { $0.id.lowercased() })
            let unknown = wanted.subtracting(known)
            guard unknown.isEmpty else {
                throw ValidationError("unknown workload(s) \(unknown.sorted().joined(separator: ", ")); see --list")
            }
        }
        let context = BenchContext(roadsPath: roads, reportsPath: reports, dataDirectory: dataDir,
                                   threads: threads, repetitions: repetitions)
        context.peers = peers
        context.tileListPath = writeTileList
        var reporter = Reporter(json: json)
        reporter.header(context)
        for w in Workloads.all where wanted?.contains(w.id.lowercased()) ?? true {
            reporter.section(w)
            do {
                try w.run(context, &reporter)
            } catch {
                reporter.failure(w, error)
            }
        }
        reporter.footer()
        if reporter.failures > 0 { throw ExitCode(1) }
    }
}
