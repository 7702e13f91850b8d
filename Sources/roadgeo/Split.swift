import ArgumentParser
import Foundation
import RoadGeo

/// `roadgeo split`: cuts every road into pieces of a fixed length (condition surveys use 100 m)
/// and writes them as GeoJSON, each piece keeping its road's properties.
struct Split: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Split every road into pieces of a fixed length; write GeoJSON pieces with road id, measures and chainage.",
        discussion: """
        Each piece keeps its road's properties and adds road_id, piece (0, 1, ...), from_m, to_m, \
        length_m, from_chainage and to_chainage (K+MMM). The last piece of a road holds the remainder. \
        A MultiLineString road is split part by part (road ids get #0, #1, ...); a GeometryCollection's \
        line members are its parts. A feature that cannot be read is skipped and listed (--strict refuses \
        the file instead); lines past +-180 are cut at the antimeridian.
        """
    )

    @OptionGroup var input: RoadNetworkOptions

    @Option(help: "Piece length in metres.")
    var every: Double = 100

    @Option(help: "Output GeoJSON file.")
    var out: String

    func validate() throws {
        guard every.isFinite, every > 0 else { throw ValidationError("--every must be a finite number > 0") }
    }

    func run() throws {
        try reportingFailures("split") {
            let loaded = try input.load(command: "split")
            let network = loaded.network
            let file = try GeoJSONFileWriter(path: out)
            var pieces = 0
            for road in network.roads {
                for (k, piece) in try road.line.split(every: every).enumerated() {
                    var p = road.properties
                    p["road_id"] = .string(road.id)
                    p["piece"] = .integer(Int64(k))
                    p["from_m"] = .number((piece.fromMeters * 1000).rounded() / 1000)
                    p["to_m"] = .number((piece.toMeters * 1000).rounded() / 1000)
                    p["length_m"] = .number(((piece.toMeters - piece.fromMeters) * 1000).rounded() / 1000)
                    p["from_chainage"] = Chainage(meters: piece.fromMeters).map { .string($0.formatted()) } ?? .null
                    p["to_chainage"] = Chainage(meters: piece.toMeters).map { .string($0.formatted()) } ?? .null
                    try file.append(GeoJSONFeature(geometry: GeoJSONGeometry(piece.line), properties: p))
                    pieces += 1
                }
            }
            try file.finish()
            print("roadgeo split: \(network.roads.count) roads into \(pieces) pieces of up to \(every) m -> \(out)")
        }
    }
}
