import ArgumentParser
import Foundation
import ReportServer
import RoadGeo

/// `report-server`: RoadGeo's reference report server (serve), and a seeder for load and start-up checks.
@main
struct ReportServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report-server",
        abstract: "Road defect reports on a RoadGeo network: tiles, snapping, duplicates, repair sections.",
        subcommands: [Serve.self, Seed.self],
        defaultSubcommand: Serve.self
    )
}

/// Paths next to this package, so `swift run report-server` works from the example's folder.
enum Defaults {
    static let exampleDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let network = exampleDirectory.appendingPathComponent("../../data/moscow_roads.geojson").standardized.path
    static let publicDirectory = exampleDirectory.appendingPathComponent("Public").path
    static let leafletDirectory = "/usr/share/javascript/leaflet"
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP server (the default).")

    @Option(help: "Road network: GeoJSON lines, an ESRI shapefile (.shp) or a roadgeo network snapshot.")
    var network: String = Defaults.network

    @Option(help: "SQLite database for reports, votes and sections (created if missing).")
    var db: String = "reports.sqlite"

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    @Option(help: "Directory of the map page.")
    var publicDirectory: String = Defaults.publicDirectory

    @Option(help: "Directory of Leaflet (Debian's libjs-leaflet).")
    var leafletDirectory: String = Defaults.leafletDirectory

    @Option(help: "Maximum distance from a report to its road, metres.")
    var snapDistance: Double = 50

    @Option(help: "Duplicate radius: reports of one category this close are merged, metres.")
    var duplicateRadius: Double = 15

    @Flag(help: "Log every request.")
    var logRequests = false

    func validate() throws {
        guard snapDistance.isFinite, snapDistance > 0 else { throw ValidationError("--snap-distance must be > 0") }
        guard duplicateRadius.isFinite, duplicateRadius > 0 else { throw ValidationError("--duplicate-radius must be > 0") }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be within 1...65535") }
    }

    func run() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let roads = try NetworkLoader.load(network)
        let loaded = clock.now
        var settings = EngineSettings()
        settings.snapDistanceMeters = snapDistance
        settings.duplicateRadiusMeters = duplicateRadius
        let engine = try ReportEngine(network: roads, databasePath: db, settings: settings)
        say("report-server: \(roads.roads.count) roads (\(roads.segmentCount) segments) from \(network) in \(loaded - start)")
        say("report-server: \(db): \(engine.startup)")
        let files = StaticFiles(publicDirectory: FileManager.default.fileExists(atPath: publicDirectory) ? publicDirectory : nil,
                                leafletDirectory: FileManager.default.fileExists(atPath: leafletDirectory) ? leafletDirectory : nil)
        if files.leafletDirectory == nil { say("report-server: no Leaflet at \(leafletDirectory) (apt-get install libjs-leaflet); the map page will not load") }
        say("report-server: map at http://\(host):\(port)/")
        try await buildApplication(engine: engine, files: files, host: host, port: port, logRequests: logRequests).runService()
    }
}

struct Seed: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add synthetic reports (seeded, within 20 m of the roads) to a database, for load and start-up checks.")

    @Option(help: "Road network the reports are placed along.")
    var network: String = Defaults.network

    @Option(help: "SQLite database to add the reports to.")
    var db: String = "reports.sqlite"

    @Option(help: "How many reports.")
    var reports: Int = 100_000

    @Option(help: "Random seed.")
    var seed: UInt64 = 42

    func run() throws {
        guard reports >= 0 else { throw ValidationError("--reports must be >= 0") }
        let roads = try NetworkLoader.load(network)
        let start = ContinuousClock.now
        let added = try ReportSeeder.seed(reports, network: roads, databasePath: db, seed: seed)
        say("seeded \(added) reports into \(db) in \(ContinuousClock.now - start)")
    }
}

/// Writes one line to standard output at once (unbuffered, so it shows when redirected to a file).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
