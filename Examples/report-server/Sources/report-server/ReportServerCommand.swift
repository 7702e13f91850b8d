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
        subcommands: [Serve.self, Seed.self, ModeratorCommand.self],
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

    @Option(help: "Road network: GeoJSON lines, an ESRI shapefile (.shp), an OpenStreetMap .osm.pbf or a roadgeo network snapshot (recognised by content).")
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

    @Option(help: "Reports per citizen per minute (each IP address gets --ip-multiplier times as many); 0: unlimited.")
    var reportsPerMinute: Int = AbuseLimits().reportsPerMinute

    @Option(help: "Votes per citizen per minute (each IP address gets --ip-multiplier times as many); 0: unlimited.")
    var votesPerMinute: Int = AbuseLimits().votesPerMinute

    @Option(help: "Citizen tokens issued per IP address per hour; 0: unlimited.")
    var citizensPerHour: Int = AbuseLimits().citizensPerHour

    @Option(help: "Moderator login attempts per IP address per minute; 0: unlimited.")
    var loginsPerMinute: Int = AbuseLimits().loginsPerMinute

    @Option(help: "An IP address's report and vote buckets are this many times a citizen's (carrier NAT).")
    var ipMultiplier: Int = AbuseLimits().ipMultiplier

    @Option(help: "Seconds a keep-alive connection may sit idle.")
    var idleTimeout: Int64 = ConnectionLimits().idleTimeoutSeconds

    @Option(help: "Seconds from a request's first byte to the end of its headers.")
    var headerTimeout: Int64 = ConnectionLimits().headerTimeoutSeconds

    @Option(help: "Seconds from the end of a request's headers to the end of its body.")
    var bodyTimeout: Int64 = ConnectionLimits().bodyTimeoutSeconds

    @Option(help: "Connections served at once (more wait in the listen backlog).")
    var maxConnections: Int = ConnectionLimits().maxConnections

    @Option(help: "SQLite durability: full (survives power loss) or normal (survives a process crash).")
    var sync: String = SyncMode.full.rawValue

    @Option(help: "An origin (https://host[:port]) besides the server's own that may call the API from a browser (CORS); repeatable.")
    var allowedOrigin: [String] = []

    @Flag(help: "Mark the session cookie Secure (behind TLS).")
    var secureCookies = false

    @Flag(help: "Take the client address from X-Forwarded-For (only behind a proxy that sets it).")
    var trustForwardedFor = false

    @Flag(help: "Log every request.")
    var logRequests = false

    func validate() throws {
        guard snapDistance.isFinite, snapDistance > 0 else { throw ValidationError("--snap-distance must be > 0") }
        guard duplicateRadius.isFinite, duplicateRadius > 0 else { throw ValidationError("--duplicate-radius must be > 0") }
        guard (1...65535).contains(port) else { throw ValidationError("--port must be within 1...65535") }
        for (name, v) in [("--reports-per-minute", reportsPerMinute), ("--votes-per-minute", votesPerMinute),
                          ("--citizens-per-hour", citizensPerHour), ("--logins-per-minute", loginsPerMinute)] where v < 0 {
            throw ValidationError("\(name) must be >= 0 (0: unlimited)")
        }
        guard ipMultiplier >= 1 else { throw ValidationError("--ip-multiplier must be >= 1") }
        for (name, v) in [("--idle-timeout", idleTimeout), ("--header-timeout", headerTimeout), ("--body-timeout", bodyTimeout)]
        where !(1...86_400).contains(v) {
            throw ValidationError("\(name) must be within 1...86400 seconds")
        }
        guard maxConnections >= 1 else { throw ValidationError("--max-connections must be >= 1") }
        guard SyncMode(rawValue: sync) != nil else { throw ValidationError("--sync must be full or normal") }
        for origin in allowedOrigin where !(origin.hasPrefix("http://") || origin.hasPrefix("https://")) || origin.hasSuffix("/") {
            throw ValidationError("--allowed-origin '\(origin)': expected scheme://host[:port] with no path")
        }
    }

    func run() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let file = try RoadNetwork.load(contentsOf: network)
        let roads = file.network
        let loaded = clock.now
        var settings = EngineSettings()
        settings.snapDistanceMeters = snapDistance
        settings.duplicateRadiusMeters = duplicateRadius
        let syncMode = SyncMode(rawValue: sync) ?? .full
        settings.sync = syncMode
        let engine = try ReportEngine(network: roads, databasePath: db, settings: settings)
        var accessSettings = AccessSettings()
        accessSettings.limits.reportsPerMinute = reportsPerMinute
        accessSettings.limits.votesPerMinute = votesPerMinute
        accessSettings.limits.citizensPerHour = citizensPerHour
        accessSettings.limits.loginsPerMinute = loginsPerMinute
        accessSettings.limits.ipMultiplier = ipMultiplier
        accessSettings.allowedOrigins = allowedOrigin
        accessSettings.secureCookies = secureCookies
        accessSettings.trustForwardedFor = trustForwardedFor
        let access = try ServerAccess(databasePath: db, sync: syncMode, settings: accessSettings)
        let photos = try PhotoStore(databasePath: db, sync: syncMode)
        var connections = ConnectionLimits()
        connections.idleTimeoutSeconds = idleTimeout
        connections.headerTimeoutSeconds = headerTimeout
        connections.bodyTimeoutSeconds = bodyTimeout
        connections.maxConnections = maxConnections
        say("report-server: \(roads.roads.count) roads (\(roads.segmentCount) segments) from \(network) (\(file.format)) in \(loaded - start)")
        for finding in file.findings.prefix(20) { say("report-server: \(network): \(finding)") }
        if file.findings.count > 20 { say("report-server: \(network): ... \(file.findings.count - 20) more findings") }
        say("report-server: \(db): \(engine.startup)")
        let moderators = try access.store.moderators()
        say("report-server: \(moderators.count) moderator(s)\(moderators.isEmpty ? "; add one with: report-server moderator add NAME --db \(db)" : ""); sync=\(syncMode.rawValue)")
        let files = StaticFiles(publicDirectory: FileManager.default.fileExists(atPath: publicDirectory) ? publicDirectory : nil,
                                leafletDirectory: FileManager.default.fileExists(atPath: leafletDirectory) ? leafletDirectory : nil)
        if files.leafletDirectory == nil { say("report-server: no Leaflet at \(leafletDirectory) (apt-get install libjs-leaflet); the map page will not load") }
        say("report-server: map at http://\(host):\(port)/")
        try await buildApplication(engine: engine, access: access, photos: photos, files: files, host: host, port: port,
                                   connections: connections, logRequests: logRequests).runService()
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
        let roads = try RoadNetwork(contentsOf: network)
        let start = ContinuousClock.now
        let added = try ReportSeeder.seed(reports, network: roads, databasePath: db, seed: seed)
        say("seeded \(added) reports into \(db) in \(ContinuousClock.now - start)")
    }
}

/// `report-server moderator add NAME`, `report-server moderator list`.
struct ModeratorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moderator", abstract: "Moderator accounts.", subcommands: [Add.self, List.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a moderator, or set a new password (which ends their sessions). The password is read from standard input.")

        @Argument(help: "Login name.")
        var name: String

        @Option(help: "SQLite database of the server.")
        var db: String = "reports.sqlite"

        func run() throws {
            let interactive = isatty(STDIN_FILENO) == 1
            if interactive { FileHandle.standardError.write(Data("password for \(name): ".utf8)) }
            guard let line = readPassword(echo: !interactive) else { throw ValidationError("no password on standard input") }
            let store = try AccessStore(path: db)
            let (moderator, created) = try store.addModerator(name: name, password: line)
            say(created ? "moderator \(moderator.name) created (id \(moderator.id)) in \(db)"
                        : "moderator \(moderator.name): password replaced, sessions ended")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the moderators.")

        @Option(help: "SQLite database of the server.")
        var db: String = "reports.sqlite"

        func run() throws {
            for m in try AccessStore(path: db).moderators() { say("\(m.id)\t\(m.name)") }
        }
    }
}

/// One line from standard input without its line end; with `echo` false the terminal does not show it.
func readPassword(echo: Bool) -> String? {
    var saved = termios()
    let hide = !echo && tcgetattr(STDIN_FILENO, &saved) == 0
    if hide {
        var quiet = saved
        quiet.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
    }
    defer {
        if hide {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
    }
    return readLine(strippingNewline: true)
}

/// Writes one line to standard output at once (unbuffered, so it shows when redirected to a file).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
