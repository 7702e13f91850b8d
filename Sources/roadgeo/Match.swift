import ArgumentParser
import Foundation
import RoadGeo

/// `roadgeo match`: GPS traces to roads (HMM map matching), and per-fix values aggregated onto
/// fixed stretches of road.
struct Match: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Match GPS traces (GPX, CSV, GeoJSON) to the roads; optionally aggregate a per-fix value per section of road.",
        discussion: """
            Writes a GeoJSON FeatureCollection: per matched stretch of road a LineString with kind \
            "stretch", trace, piece, road_index, road_id, from_m, to_m (travel order); per fix a Point \
            (at the matched position, or the raw fix when unmatched) with kind "fix", trace, fix, status, \
            piece, road_index, road_id, measure_m, distance_m. With --aggregate, per section of road that \
            received a value a LineString with kind "section": road_id, from_m, to_m, chainage, count, mean, \
            p50, p90, first_time, last_time. Breaks (where no route was plausible) are printed. \
            Example: roadgeo match --roads roads.geojson --trace drive.gpx --sigma 10 --aggregate IRI --out matched.geojson
            """
    )

    @OptionGroup var input: RoadNetworkOptions

    @Option(help: "Trace file: GPX 1.0/1.1, CSV (lon, lat, optional time and value columns) or GeoJSON (recognised by content). Repeat for several.")
    var trace: [String]

    @Option(help: "Output GeoJSON file.")
    var out: String

    @Option(help: "GPS error sigma, metres.")
    var sigma: Double = 10

    @Option(help: "Transition scale beta, metres (default sigma / 2).")
    var beta: Double?

    @Option(help: "Candidate radius, metres (default max(50, 4 sigma)).")
    var radius: Double?

    @Option(help: "Candidates kept per fix.")
    var candidates: Int = 12

    @Option(help: "Highest plausible speed between fixes, m/s (needs times; default: no limit).")
    var maxSpeed: Double?

    @OptionGroup var access: RoadAccessOptions

    @Option(help: "Aggregate this numeric per-fix column (e.g. IRI, speed, ele) per section of road.")
    var aggregate: String?

    @Option(help: "Section length for --aggregate, metres (chainage bins from each road's start).")
    var sectionLength: Double = 100

    @Option(help: "Also write the sections (and the matched stretches) as a GeoJSON tile pyramid in DIR for zooms --zooms.")
    var tiles: String?

    @Option(help: "Zoom range for --tiles, e.g. 10-16.")
    var zooms: String = "10-16"

    @Option(help: "CSV: the longitude column (default: lon, lng, long, longitude or x).")
    var lonColumn: String?

    @Option(help: "CSV: the latitude column (default: lat, latitude or y).")
    var latColumn: String?

    @Option(help: "CSV: the time column (default: time, timestamp, datetime or t).")
    var timeColumn: String?

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard !trace.isEmpty else { throw ValidationError("give at least one --trace") }
        guard sigma.isFinite, sigma > 0 else { throw ValidationError("--sigma must be a positive number of metres") }
        for (name, v) in [("--beta", beta), ("--radius", radius), ("--max-speed", maxSpeed)] {
            if let v, !(v.isFinite && v > 0) { throw ValidationError("\(name) must be a positive number") }
        }
        guard (1...64).contains(candidates) else { throw ValidationError("--candidates must be 1-64") }
        guard sectionLength.isFinite, sectionLength > 0 else { throw ValidationError("--section-length must be a positive number of metres") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        if tiles != nil { _ = try zoomRange() }
    }

    func run() throws {
        try reportingFailures("match") {
            let started = Date()
            let network = try input.load(command: "match").network
            let readOptions = TraceReadOptions(longitudeColumn: lonColumn, latitudeColumn: latColumn, timeColumn: timeColumn)
            var traces: [GPSTrace] = []
            for path in trace { traces += try TraceFile.read(contentsOf: path, options: readOptions) }
            let graph = RoadGraph(network, options: access.graphOptions)
            var options = MatchOptions(sigmaMeters: sigma, betaMeters: beta, radiusMeters: radius, candidates: candidates)
            options.maxSpeedMetersPerSecond = maxSpeed
            let results = network.match(traces.map(\.coordinates), times: traces.map(\.times), graph: graph,
                                        options: options, threads: threads)
            var bins = aggregate.map { _ in RoadConditionBins(network: network, sectionLengthMeters: sectionLength) }
            if let column = aggregate {
                for (t, (trace, result)) in zip(traces, results).enumerated() {
                    guard let c = trace.column(named: column) else {
                        throw CommandFailure("\(traceLabel(t, trace)): no numeric column \"\(column)\" (it has: \(trace.columns.isEmpty ? "none" : trace.columns.joined(separator: ", ")))")
                    }
                    bins?.add(result, values: trace.values(column: c), times: trace.times)
                }
            }
            let file = try GeoJSONFileWriter(path: out)
            var routeFeatures: [TileFeature] = []
            for (t, (trace, result)) in zip(traces, results).enumerated() {
                try write(result, trace: t, fixes: trace.coordinates, network: network, to: file, route: &routeFeatures)
                report(result, label: traceLabel(t, trace))
            }
            let sections = bins?.tileFeatures() ?? []
            for feature in sections {
                var properties = feature.properties
                properties.members.insert(JSONObject.Member("kind", .string("section")), at: 0)
                if case .line(let line) = feature.geometry {
                    try file.append(GeoJSONFeature(geometry: GeoJSONGeometry(line), properties: properties))
                } else if case .point(let c) = feature.geometry {
                    try file.append(GeoJSONFeature(geometry: .point(c), properties: properties))
                }
            }
            try file.finish()
            if let bins {
                print("roadgeo match: \(sections.count) sections of \(Int(sectionLength)) m with \(aggregate ?? "") values; \(bins.skippedNaN) placed fixes without a value, \(bins.skippedUnplaced) fixes not placed")
            }
            if let tiles { try writeTiles(tiles, route: routeFeatures, sections: sections) }
            let fixes = traces.reduce(0) { $0 + $1.count }, matched = results.reduce(0) { $0 + $1.matchedCount }
            print(String(format: "roadgeo match: %d traces, %d of %d fixes placed, %.1f km matched (%d roads) in %.2f s -> %@",
                         traces.count, matched, fixes, results.reduce(0) { $0 + $1.lengthMeters } / 1000, network.roads.count,
                         Date().timeIntervalSince(started), out))
        }
    }

    private func traceLabel(_ t: Int, _ trace: GPSTrace) -> String { "trace \(t) (\(trace.name))" }

    /// Stretches as lines, then fixes as points.
    private func write(_ result: MapMatch, trace t: Int, fixes: [Coordinate], network: RoadNetwork, to file: GeoJSONFileWriter,
                       route: inout [TileFeature]) throws {
        for (p, piece) in result.pieces.enumerated() {
            for s in piece.stretches {
                let line = network.road(of: s).line
                guard let geometry = line.substring(from: s.fromMeters, to: s.toMeters) else { continue }
                let properties: JSONObject = [
                    "kind": "stretch", "trace": .integer(Int64(t)), "piece": .integer(Int64(p)),
                    "road_index": .integer(Int64(s.roadIndex)), "road_id": .string(network.road(of: s).id),
                    "from_m": .number(rounded(s.fromMeters)), "to_m": .number(rounded(s.toMeters)),
                ]
                try file.append(GeoJSONFeature(geometry: GeoJSONGeometry(geometry), properties: properties))
                route.append(TileFeature(geometry: .line(geometry), properties: properties))
            }
        }
        for (i, fix) in result.fixes.enumerated() {
            var properties: JSONObject = ["kind": "fix", "trace": .integer(Int64(t)), "fix": .integer(Int64(i)),
                                          "status": .string(Self.statusName(fix.status))]
            properties.append("piece", fix.piece.map { .integer(Int64($0)) } ?? .null)
            if let snap = fix.snap {
                properties.append("road_index", .integer(Int64(snap.roadIndex)))
                properties.append("road_id", .string(network.road(of: snap).id))
                properties.append("measure_m", .number(rounded(snap.measureMeters)))
                properties.append("distance_m", .number(rounded(snap.distanceMeters)))
            } else {
                for key in ["road_index", "road_id", "measure_m", "distance_m"] { properties.append(key, .null) }
            }
            let at = fix.snap?.coordinate ?? fixes[i]
            // An invalid fix has no position to draw.
            try file.append(GeoJSONFeature(geometry: at.isValidGeographic ? .point(at) : nil, properties: properties))
        }
    }

    /// What happened to a trace, on standard output; every break with its reason.
    private func report(_ result: MapMatch, label: String) {
        var counts: [String: Int] = [:]
        for fix in result.fixes { counts[Self.statusName(fix.status), default: 0] += 1 }
        let summary = counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        print(String(format: "%@: %d fixes (%@); %d pieces, %.2f km", label, result.fixes.count, summary,
                     result.pieces.count, result.lengthMeters / 1000))
        for gap in result.breaks { print("  break: \(gap)") }
    }

    static func statusName(_ status: MatchedFix.Status) -> String {
        switch status {
        case .matched: return "matched"
        case .stationary: return "stationary"
        case .outlier: return "outlier"
        case .noRoadWithinRadius: return "no road within radius"
        case .invalidCoordinate: return "invalid coordinate"
        }
    }

    private func writeTiles(_ directory: String, route: [TileFeature], sections: [TileFeature]) throws {
        var layers = [TileLayer(name: "route", content: .features(try Tiler(features: route)))]
        if !sections.isEmpty { layers.append(TileLayer(name: "condition", content: .features(try Tiler(features: sections)))) }
        let summary = try TilePyramid.export(try TileLayers(layers), zooms: try zoomRange(), to: directory, threads: threads)
        print("roadgeo match: \(summary.tiles) tiles written to \(directory)")
    }

    private func zoomRange() throws -> ClosedRange<Int> { try RoadInput.zoomRange(zooms, example: "10-16") }

    /// Millimetres are enough for distances and measures in the output.
    private func rounded(_ meters: Double) -> Double { (meters * 1000).rounded() / 1000 }
}
