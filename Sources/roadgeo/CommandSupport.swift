import ArgumentParser
import Foundation
import RoadGeo

/// The road network a subcommand reads: `--roads FILE` and `--strict`, loaded by
/// ``RoadInput/network(_:strict:command:)`` whatever the file's kind.
struct RoadNetworkOptions: ParsableArguments {
    @Option(help: "Road network: GeoJSON (EPSG:4326), a shapefile's .shp, an OpenStreetMap .osm.pbf, or a snapshot from `roadgeo snapshot` (recognised by content).")
    var roads: String

    @Flag(help: "Refuse an input file at the first feature that cannot be read, instead of skipping that feature.")
    var strict = false

    /// The network, with what was skipped or changed printed under `roadgeo COMMAND:`.
    func load(command: String) throws -> LoadedRoadNetwork {
        try RoadInput.network(roads, strict: strict, command: command)
    }
}

/// Which ways a road may be travelled in the graph a subcommand builds: `--oneway` and
/// `--motor-vehicle` (which also honours one-way streets).
struct RoadAccessOptions: ParsableArguments {
    @Flag(help: "Honour one-way streets (oneway=yes/-1/..., implied on motorways and roundabouts).")
    var oneway = false

    @Flag(help: "Honour one-way streets and motor-vehicle access (a car's network: footways, paths, access=no ... closed).")
    var motorVehicle = false

    /// The graph options the flags ask for; `--motor-vehicle` includes `--oneway`.
    var graphOptions: RoadGraph.Options { motorVehicle ? .motorVehicle : oneway ? .oneway : .undirected }
}

/// A failure with its message, for the command's error line.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs a subcommand's work the way every subcommand reports failure: an `ExitCode` thrown by
/// `body` (a status the command chose) passes through; any other error becomes one line
/// `roadgeo COMMAND: error` on standard error and exit status 1.
func reportingFailures<R>(_ command: String, _ body: () throws -> R) throws -> R {
    do {
        return try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        printError(command, "\(error)")
        throw ExitCode(1)
    }
}

/// Writes `roadgeo COMMAND: message` and a newline to standard error.
func printError(_ command: String, _ message: String) {
    FileHandle.standardError.write(Data("roadgeo \(command): \(message)\n".utf8))
}
