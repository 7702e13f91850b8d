import ArgumentParser
import Foundation
import RoadGeo

/// `roadgeo snapshot`: builds a network from GeoJSON roads once and saves it (roads,
/// attributes, segment index) as one binary file that `snap`, `split` and servers load in
/// milliseconds.
struct Snapshot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Save a road network (roads, attributes, segment index) as a binary snapshot.",
        discussion: "Ids come from the feature id, else osm_id, else the feature index. Loading the snapshot skips parsing and index building."
    )

    @Option(help: "Roads: GeoJSON lines (or a snapshot, to check and rewrite it).")
    var roads: String

    @Option(help: "Output snapshot file (e.g. roads.rgnet).")
    var out: String

    func run() throws {
        do {
            let network = try NetworkInput.load(roads)
            try network.writeSnapshot(to: out)
            print("saved \(network.roads.count) roads, \(network.segmentCount) segments -> \(out)")
        } catch {
            throw NetworkInput.fail("snapshot", error)
        }
    }
}
