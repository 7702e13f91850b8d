import ArgumentParser
import Foundation
import RoadGeo

/// `roadgeo snap`: snaps report points to the nearest road and writes them back as GeoJSON
/// with the road id, distance, measure and chainage added to their properties.
struct Snap: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Snap points to the nearest road within a maximum distance.",
        discussion: """
        Points come from GeoJSON (Point features; properties kept) or CSV (columns lon,lat, \
        or a header naming lon/lng/longitude/x and lat/latitude/y; other columns kept as text). \
        Each output feature is the input point with road_id, road_index, distance_m, measure_m, \
        chainage, snapped_lon and snapped_lat added (null when no road is within reach). \
        Roads may be GeoJSON or a snapshot from `roadgeo snapshot`.
        """
    )

    @Option(help: "Roads: GeoJSON lines or a network snapshot.")
    var roads: String

    @Option(help: "Points: GeoJSON Point features or CSV lon,lat.")
    var points: String

    @Option(help: "Maximum distance to a road, metres.")
    var maxDistance: Double = 50

    @Option(help: "Output GeoJSON file.")
    var out: String

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() throws {
        do {
            guard maxDistance.isFinite, maxDistance >= 0 else {
                throw ValidationError("--max-distance \(maxDistance) must be a finite number >= 0")
            }
            let network = try NetworkInput.load(roads)
            let input = try PointInput.load(points)
            let snaps = network.snap(input.map(\.coordinate), options: SnapOptions(maxDistanceMeters: maxDistance),
                                     threads: max(1, threads))
            let writer = try GeoJSONFileWriter(path: out)
            var matched = 0
            for (point, snap) in zip(input, snaps) {
                var properties = point.properties
                if let snap {
                    matched += 1
                    properties["road_id"] = .string(network.roads[snap.roadIndex].id)
                    properties["road_index"] = .integer(Int64(snap.roadIndex))
                    properties["distance_m"] = .number(rounded(snap.distanceMeters, 100))
                    properties["measure_m"] = .number(rounded(snap.measureMeters, 1_000))
                    properties["chainage"] = Chainage(meters: snap.measureMeters).map { .string($0.formatted()) } ?? .null
                    properties["snapped_lon"] = .number(snap.coordinate.longitude)
                    properties["snapped_lat"] = .number(snap.coordinate.latitude)
                } else {
                    for key in ["road_id", "road_index", "distance_m", "measure_m", "chainage", "snapped_lon", "snapped_lat"] {
                        properties[key] = .null
                    }
                }
                try writer.append(GeoJSONFeature(id: point.id, geometry: .point(point.coordinate), properties: properties))
            }
            try writer.finish()
            print("snapped \(matched) of \(input.count) points within \(maxDistance) m to \(network.roads.count) roads -> \(out)")
        } catch {
            throw NetworkInput.fail("snap", error)
        }
    }

    private func rounded(_ value: Double, _ scale: Double) -> Double { (value * scale).rounded() / scale }
}

/// One input point with what to carry into the output.
struct PointInput {
    var id: JSONValue?
    var coordinate: Coordinate
    var properties: JSONObject

    /// Bad point input, naming the file and the record.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Reads GeoJSON (by content: a file whose first non-blank byte is `{`) or CSV.
    static func load(_ path: String) throws -> [PointInput] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Failure(description: "\(path): cannot read the file")
        }
        let first = data.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
        if first == UInt8(ascii: "{") { return try geoJSON(path) }
        return try csv(String(decoding: data, as: UTF8.self), path: path)
    }

    static func geoJSON(_ path: String) throws -> [PointInput] {
        var out: [PointInput] = []
        try GeoJSONReader().forEachFeature(contentsOf: path) { (index, feature) throws(GeoJSONError) in
            guard case .point(let c)? = feature.geometry else {
                throw GeoJSONError(.invalidGeoJSON, "geometry is \(feature.geometry?.typeName ?? "null"), expected Point", path: path, featureIndex: index)
            }
            out.append(PointInput(id: feature.id, coordinate: c, properties: feature.properties))
        }
        return out
    }

    static func csv(_ text: String, path: String) throws -> [PointInput] {
        var lines = text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
            .map { fields(String($0)) }
        guard let head = lines.first else { return [] }
        var lonColumn = 0, latColumn = 1
        var names = head.indices.map { "column\($0 + 1)" }
        var firstRecord = 1
        if Double(head[0].trimmingCharacters(in: .whitespaces)) == nil {
            let lower = head.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let lon = lower.firstIndex(where: { ["lon", "lng", "long", "longitude", "x"].contains($0) }),
                  let lat = lower.firstIndex(where: { ["lat", "latitude", "y"].contains($0) }) else {
                throw Failure(description: "\(path): line 1: the header names no lon/lat columns (\(head.joined(separator: ",")))")
            }
            lonColumn = lon; latColumn = lat
            names = head.map { $0.trimmingCharacters(in: .whitespaces) }
        } else {
            firstRecord = 0
        }
        lines = Array(lines.dropFirst(firstRecord))
        var out: [PointInput] = []
        out.reserveCapacity(lines.count)
        for (k, row) in lines.enumerated() {
            let line = k + firstRecord + 1
            guard row.count > max(lonColumn, latColumn),
                  let lon = Double(row[lonColumn].trimmingCharacters(in: .whitespaces)),
                  let lat = Double(row[latColumn].trimmingCharacters(in: .whitespaces)) else {
                throw Failure(description: "\(path): line \(line): expected numbers in the lon and lat columns, got '\(row.joined(separator: ","))'")
            }
            let c = Coordinate(lon, lat)
            guard c.isValidGeographic else {
                throw Failure(description: "\(path): line \(line): \(lon), \(lat) is not a valid longitude, latitude")
            }
            var properties = JSONObject()
            for (i, value) in row.enumerated() where i != lonColumn && i != latColumn {
                properties.append(i < names.count ? names[i] : "column\(i + 1)", .string(value))
            }
            out.append(PointInput(id: nil, coordinate: c, properties: properties))
        }
        return out
    }

    /// Splits one CSV line on commas, honouring double-quoted fields ("" is a quote).
    static func fields(_ line: String) -> [String] {
        var out: [String] = [], current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let ch = iterator.next() {
            if quoted {
                if ch == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else {
                            quoted = false
                            if next == "," { out.append(current); current = "" } else { current.append(next) }
                        }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(ch)
                }
            } else if ch == "\"" && current.isEmpty {
                quoted = true
            } else if ch == "," {
                out.append(current); current = ""
            } else {
                current.append(ch)
            }
        }
        out.append(current)
        return out
    }
}
