import ArgumentParser
import Foundation
import RoadGeo

/// `roadgeo graph`: writes the road graph (``RoadGraph``) as JSON nodes and edges, for tools that
/// take a graph that way (networkx, other map matchers, scripts/compare_matchers.py).
struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the road graph as JSON: nodes with coordinates, edges between consecutive stops along each road.",
        discussion: """
        Output: {"nodes": [[lon, lat], ...], "edges": [{"from", "to", "road_index", "road_id", \
        "from_m", "to_m", "length_m", "forward", "backward", "coordinates": [[lon, lat], ...]}, ...]}. \
        Nodes are where roads meet (shared vertices, same-level crossings) and road ends; an edge \
        is one stretch of one road between two consecutive nodes along it, in the road's \
        direction (from_m < to_m, metres from the road's start), with its geometry. forward and \
        backward say which ways it may be travelled: both, unless --oneway (or --motor-vehicle) \
        is given.
        """
    )

    @OptionGroup var input: RoadNetworkOptions

    @Option(help: "Output JSON file.")
    var out: String

    @OptionGroup var access: RoadAccessOptions

    func run() throws {
        try reportingFailures("graph") {
            let network = try input.load(command: "graph").network
            let graph = RoadGraph(network, options: access.graphOptions)
            let edges = graph.edges()
            let writer = GeoJSONWriter()
            var text = "{\"nodes\":["
            text.reserveCapacity(64 * graph.nodeCount + 160 * edges.count)
            for (n, c) in graph.nodeCoordinates(in: network).enumerated() {
                if n > 0 { text += "," }
                text += position(c)
            }
            text += "],\n\"edges\":["
            for (k, e) in edges.enumerated() {
                let road = network.road(of: e)
                let coordinates = road.line.substring(from: e.fromMeters, to: e.toMeters)?.coordinates
                    ?? [graph.nodeCoordinate(e.from, in: network), graph.nodeCoordinate(e.to, in: network)]
                text += k > 0 ? ",\n" : "\n"
                text += "{\"from\":\(e.from),\"to\":\(e.to),\"road_index\":\(e.roadIndex),\"road_id\":\(String(decoding: try writer.encode(.string(road.id)), as: UTF8.self)),"
                text += "\"from_m\":\(millimetres(e.fromMeters)),\"to_m\":\(millimetres(e.toMeters)),\"length_m\":\(millimetres(e.lengthMeters)),"
                text += "\"forward\":\(e.forward),\"backward\":\(e.backward),\"coordinates\":["
                text += coordinates.map(position).joined(separator: ",")
                text += "]}"
            }
            text += "\n]}\n"
            guard FileManager.default.createFile(atPath: out, contents: Data(text.utf8)) else {
                throw CommandFailure("cannot write \(out)")
            }
            let oneWay = edges.filter { $0.forward != $0.backward }.count, closed = edges.filter { !$0.forward && !$0.backward }.count
            print("roadgeo graph: \(network.roads.count) roads -> \(graph.nodeCount) nodes, \(edges.count) edges"
                  + " (\(oneWay) one-way, \(closed) closed) -> \(out)")
        }
    }

    /// `[lon,lat]`, shortest round-trip decimal form.
    private func position(_ c: Coordinate) -> String { "[\(c.longitude),\(c.latitude)]" }

    /// Metres rounded to the millimetre (measures are exact in memory; the file needs no more).
    private func millimetres(_ meters: Double) -> Double { (meters * 1000).rounded() / 1000 }
}
