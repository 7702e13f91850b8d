import ArgumentParser
import Foundation
import RoadGeo

/// `roadgeo snapshot`: builds a network from a road file (GeoJSON, shapefile, OSM PBF) once and saves it (roads,
/// properties, segment index) as one binary file that `snap`, `split` and servers load without
/// parsing GeoJSON or rebuilding the index.
struct Snapshot: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Save a road network (roads, properties, segment index) as a binary snapshot.",
        discussion: "GeoJSON road ids come from the feature id, else osm_id, else the feature index; shapefile ids from the record number; OpenStreetMap ids are way ids. Given a snapshot, checks it and writes it again."
    )

    @OptionGroup var input: RoadNetworkOptions

    @Option(help: "Output snapshot file (e.g. roads.rgnet).")
    var out: String

    func run() throws {
        try reportingFailures("snapshot") {
            let network = try input.load(command: "snapshot").network
            try network.writeSnapshot(to: out)
            print("roadgeo snapshot: \(network.roads.count) roads, \(network.segmentCount) segments -> \(out)")
        }
    }
}
