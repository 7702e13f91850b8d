import ArgumentParser
import Foundation
import RoadGeo

/// `roadgeo split`: cuts every road into pieces of a fixed length (condition surveys) and
/// writes them as GeoJSON lines with the road's attributes and the piece's measures.
struct Split: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cut every road into pieces of a fixed length.",
        discussion: """
        Each output LineString keeps its road's attributes (as text) and adds road_id, \
        road_index, from_m, to_m, length_m and the chainage of both ends (e.g. 0+100). The \
        last piece of a road holds the remainder. Roads may be GeoJSON or a snapshot.
        """
    )

    @Option(help: "Roads: GeoJSON lines or a network snapshot.")
    var roads: String

    @Option(help: "Piece length, metres.")
    var every: Double = 100

    @Option(help: "Output GeoJSON file.")
    var out: String

    func run() throws {
        do {
            let network = try NetworkInput.load(roads)
            let pieces = try network.split(every: every)
            let writer = try GeoJSONFileWriter(path: out)
            for piece in pieces {
                var properties = JSONObject()
                for key in piece.attributes.keys.sorted() { properties.append(key, .string(piece.attributes[key] ?? "")) }
                properties["road_id"] = .string(piece.roadID)
                properties["road_index"] = .integer(Int64(piece.roadIndex))
                properties["from_m"] = .number((piece.fromMeters * 1_000).rounded() / 1_000)
                properties["to_m"] = .number((piece.toMeters * 1_000).rounded() / 1_000)
                properties["length_m"] = .number((piece.lengthMeters * 1_000).rounded() / 1_000)
                properties["chainage_from"] = Chainage(meters: piece.fromMeters).map { .string($0.formatted()) } ?? .null
                properties["chainage_to"] = Chainage(meters: piece.toMeters).map { .string($0.formatted()) } ?? .null
                try writer.append(GeoJSONFeature(geometry: GeoJSONGeometry(piece.line), properties: properties))
            }
            try writer.finish()
            print("split \(network.roads.count) roads every \(every) m into \(pieces.count) pieces -> \(out)")
        } catch {
            throw NetworkInput.fail("split", error)
        }
    }
}
