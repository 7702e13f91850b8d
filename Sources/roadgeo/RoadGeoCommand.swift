import ArgumentParser

/// `roadgeo`: tools for the people who maintain road data (inspect, import, snap, split,
/// cluster, tile, export the graph). One subcommand per file.
@main
struct RoadGeoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "roadgeo",
        abstract: "Inspect, import and process road networks with RoadGeo.",
        subcommands: [Info.self, Import.self, Snapshot.self, Snap.self, Split.self, Cluster.self, Tiles.self, Graph.self, Match.self]
    )
}
