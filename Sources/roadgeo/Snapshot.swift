import ArgumentParser
import Foundation
import RoadGeo

/// `roadgeo snapshot`: builds a network from GeoJSON roads once and saves it (roads,
/// attributes, segment index) as one binary file that `snap`, `split` and servers load without
/// parsing GeoJSON or rebuilding the index.
struct Snapshot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Save a road network (roads, attributes, segment index) as a binary snapshot.",
        discussion: "Road ids come from the feature id, else osm_id, else the feature index. Given a snapshot, checks it and writes it again."
    )

    @Option(help: "Road network GeoJSON (or a snapshot).")
    var roads: String

    @Option(help: "Output snapshot file (e.g. roads.rgnet).")
    var out: String

    func run() throws {
        do {
            let network = RoadNetwork.isSnapshot(at: roads) ? try RoadNetwork(snapshotAt: roads) : try RoadNetwork(contentsOfGeoJSON: roads)
            try network.writeSnapshot(to: out)
            print("roadgeo snapshot: \(network.roads.count) roads, \(network.segmentCount) segments -> \(out)")
        } catch {
            FileHandle.standardError.write(Data("roadgeo snapshot: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
