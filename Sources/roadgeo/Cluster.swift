import ArgumentParser
import Foundation
import RoadGeo

/// `roadgeo cluster`: groups duplicate reports (GeoJSON points) with DBSCAN in metres and writes
/// one GeoJSON point feature per cluster, at its representative report, with its summary.
struct Cluster: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cluster duplicate reports (GeoJSON points) with DBSCAN in metres.",
        discussion: """
            Writes a FeatureCollection with one Point feature per cluster, placed at the cluster's \
            representative report (its medoid), with properties cluster, member_count, members \
            (input feature indices), member_ids (the features' ids, when they have them), \
            representative, with --along-roads roads (road id, from_m, to_m, count), and with --time-property first_time, last_time; with \
            --category-property categories (count per value); priority (see ClusterSummary.priority). \
            Times are numbers (seconds) or ISO 8601 strings. Exits with status 1 and a one-line message on bad input.
            """
    )

    @Option(help: "Report points, GeoJSON (EPSG:4326).")
    var reports: String

    @Option(help: "Neighbourhood radius in metres.")
    var eps: Double = 15

    @Option(name: .customLong("min-points"), help: "Reports (itself included) a report needs within eps to be a core report.")
    var minPoints: Int = 2

    @Option(name: .customLong("category-property"), help: "Property holding the report's category; only equal categories cluster.")
    var categoryProperty: String?

    @Option(name: .customLong("time-property"), help: "Property holding the report's time (seconds or ISO 8601).")
    var timeProperty: String?

    @Option(name: .customLong("time-window"), help: "Reports further apart in time than this many seconds never cluster (needs --time-property).")
    var timeWindow: Double?

    @Option(name: .customLong("along-roads"), help: "Road network GeoJSON: snap reports to it and cluster by distance along the roads (junctions are shared end points).")
    var alongRoads: String?

    @Option(name: .customLong("snap-distance"), help: "With --along-roads: reports farther than this many metres from every road stay unclustered.")
    var snapDistance: Double = 50

    @Option(help: "Output GeoJSON file.")
    var out: String

    func validate() throws {
        guard eps.isFinite && eps >= 0 else { throw ValidationError("--eps must be a finite number of metres >= 0") }
        guard minPoints >= 1 else { throw ValidationError("--min-points must be at least 1") }
        guard snapDistance.isFinite && snapDistance >= 0 else { throw ValidationError("--snap-distance must be metres >= 0") }
        if let timeWindow {
            guard timeWindow.isFinite && timeWindow >= 0 else { throw ValidationError("--time-window must be seconds >= 0") }
            guard timeProperty != nil else { throw ValidationError("--time-window needs --time-property") }
        }
    }

    func run() throws {
        try reportingFailures("cluster") {
            let input = try ReportInput.load(reports, categoryProperty: categoryProperty, timeProperty: timeProperty)
            let constraints = ClusterConstraints(sameCategory: categoryProperty != nil, timeWindowSeconds: timeWindow)
            var labels: ClusterLabels
            var positions: [RoadPosition]?
            var network: RoadNetwork?
            var unsnapped = 0
            if let alongRoads {
                let roads = try RoadInput.network(alongRoads, strict: false, command: "cluster").network
                let snaps = roads.snap(input.points, options: SnapOptions(maxDistanceMeters: snapDistance))
                // An unsnapped report gets a road of its own (a negative id), so it has no neighbours.
                let onRoads = snaps.enumerated().map { i, hit in
                    hit.map { RoadPosition(roadIndex: $0.roadIndex, measureMeters: $0.measureMeters) } ?? RoadPosition(roadIndex: -1 - i, measureMeters: 0)
                }
                unsnapped = snaps.count - snaps.compactMap { $0 }.count
                labels = AlongRoadClustering(epsMeters: eps, minPoints: minPoints, constraints: constraints,
                                             connections: RoadConnections(network: roads))
                    .cluster(onRoads, categories: input.categories, timesSeconds: input.times)
                positions = onRoads
                network = roads
            } else {
                labels = DBSCAN(epsMeters: eps, minPoints: minPoints, constraints: constraints)
                    .cluster(input.points, categories: input.categories, timesSeconds: input.times)
            }
            let summaries = ClusterSummary.summarize(labels, points: input.points, positions: positions,
                                                     categories: input.categories, timesSeconds: input.times)
            let members = labels.members()
            let now = input.times?.filter { !$0.isNaN }.max() ?? 0
            let writer = try GeoJSONFileWriter(path: out)
            for s in summaries {
                try writer.append(feature(for: s, members: members[s.cluster], input: input, network: network, now: now))
            }
            try writer.finish()
            print("roadgeo cluster: \(input.points.count) reports, \(labels.clusterCount) clusters, "
                  + "\(labels.noiseCount) noise" + (alongRoads != nil ? " (\(unsnapped) not within \(snapDistance) m of a road)" : "")
                  + " -> \(out)")
        }
    }

    private func feature(for s: ClusterSummary, members: [Int], input: ReportInput, network: RoadNetwork?, now: Double) -> GeoJSONFeature {
        var p = JSONObject()
        p.append("cluster", .integer(Int64(s.cluster)))
        p.append("member_count", .integer(Int64(s.memberCount)))
        p.append("members", .array(members.map { .integer(Int64($0)) }))
        let ids = members.compactMap { input.ids[$0] }
        if ids.count == members.count { p.append("member_ids", .array(ids)) }
        p.append("representative", .integer(Int64(s.representative)))
        if let first = s.firstTimeSeconds, let last = s.lastTimeSeconds {
            p.append("first_time", .number(first))
            p.append("last_time", .number(last))
        }
        if !s.categoryCounts.isEmpty {
            var counts = JSONObject()
            for (code, n) in s.categoryCounts.sorted(by: { $0.key < $1.key }) {
                counts.append(input.categoryNames[Int(code)], .integer(Int64(n)))
            }
            p.append("categories", .object(counts))
        }
        if let network, !s.roadRanges.isEmpty {
            p.append("roads", .array(s.roadRanges.filter { $0.roadIndex >= 0 }.map { r in
                .object(["road": .string(network.road(of: r).id), "from_m": .number(r.stretch.fromMeters),
                         "to_m": .number(r.stretch.toMeters), "count": .integer(Int64(r.count))])
            }))
        }
        p.append("priority", .number(s.priority(nowSeconds: now)))
        let b = s.boundingBox
        return GeoJSONFeature(geometry: .point(s.representativeCoordinate), properties: p,
                              bbox: [b.minX, b.minY, b.maxX, b.maxY])
    }
}

/// A problem with the reports file that is not GeoJSON syntax (a wrong geometry type, a bad time).
struct ClusterInputError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Report points and their attributes read from a GeoJSON file.
struct ReportInput {
    var points: [Coordinate] = []
    var ids: [JSONValue?] = []
    /// Category codes (index into `categoryNames`), when a category property was named.
    var categories: [Int32]?
    var categoryNames: [String] = []
    /// Times in seconds, when a time property was named (NaN where missing).
    var times: [Double]?

    static func load(_ path: String, categoryProperty: String?, timeProperty: String?) throws -> ReportInput {
        let document = try GeoJSONReader().read(contentsOf: path)
        var input = ReportInput()
        var codes: [String: Int32] = [:]
        var categories: [Int32] = [], times: [Double] = []
        let iso = ISO8601DateFormatter()
        let isoFractional = ISO8601DateFormatter()
        isoFractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        for (index, feature) in document.features.enumerated() {
            guard case .point(let c)? = feature.geometry else {
                let kind = feature.geometry?.typeName ?? "null"
                throw ClusterInputError(message: "\(path): feature \(index): geometry is \(kind), expected Point")
            }
            input.points.append(c)
            input.ids.append(feature.id)
            if let categoryProperty {
                let value = feature.properties[categoryProperty]
                let name: String
                switch value {
                case .string(let s)?: name = s
                case .integer(let i)?: name = String(i)
                case .number(let d)?: name = String(d)
                case .bool(let b)?: name = String(b)
                default: name = ""   // missing or null: its own category
                }
                if codes[name] == nil {
                    codes[name] = Int32(input.categoryNames.count)
                    input.categoryNames.append(name)
                }
                categories.append(codes[name] ?? 0)
            }
            if let timeProperty {
                switch feature.properties[timeProperty] {
                case .integer(let i)?: times.append(Double(i))
                case .number(let d)?: times.append(d)
                case .string(let s)?:
                    guard let date = iso.date(from: s) ?? isoFractional.date(from: s) else {
                        throw ClusterInputError(message: "\(path): feature \(index): \(timeProperty) \"\(s)\" is not an ISO 8601 time")
                    }
                    times.append(date.timeIntervalSince1970)
                case nil, .null?: times.append(.nan)   // never within a time window of anything
                default:
                    throw ClusterInputError(message: "\(path): feature \(index): \(timeProperty) is not a number or an ISO 8601 string")
                }
            }
        }
        if categoryProperty != nil { input.categories = categories }
        if timeProperty != nil { input.times = times }
        return input
    }
}
