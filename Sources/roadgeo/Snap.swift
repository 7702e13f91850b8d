import ArgumentParser
import Foundation
import RoadGeo

/// `roadgeo snap`: snaps report points to the nearest road and writes them back as GeoJSON with
/// the road id, distance, measure and chainage added to each point's own properties.
struct Snap: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Snap points to the nearest road within a distance; write GeoJSON with road id, distance, measure and chainage.",
        discussion: """
        Points come from GeoJSON (Point features; other geometries are skipped) or CSV (a header \
        naming lon/lng/longitude/x and lat/latitude/y columns, or no header and longitude, latitude \
        in the first two columns; other columns become properties). Each output feature keeps the \
        point's properties and adds road_id, distance_m, measure_m, chainage, side, snapped_lon and \
        snapped_lat (null when no road is within --max-distance).
        """
    )

    @OptionGroup var input: RoadNetworkOptions

    @Option(help: "Points: GeoJSON, or CSV (.csv) with longitude and latitude.")
    var points: String

    @Option(help: "Maximum distance from a point to its road, metres.")
    var maxDistance: Double = 50

    @Option(help: "Output GeoJSON file.")
    var out: String

    @Flag(help: "Write the snapped point as each feature's geometry instead of the original point.")
    var snappedGeometry = false

    func validate() throws {
        guard maxDistance.isFinite, maxDistance >= 0 else { throw ValidationError("--max-distance must be a finite number >= 0") }
    }

    func run() throws {
        try reportingFailures("snap") {
            let network = try self.input.load(command: "snap").network
            let input = try SnapInput.load(points, strict: self.input.strict)
            let snaps = network.snap(input.map(\.coordinate), options: SnapOptions(maxDistanceMeters: maxDistance))
            let file = try GeoJSONFileWriter(path: out)
            var matched = 0
            for (point, snap) in zip(input, snaps) {
                var properties = point.properties
                if let snap {
                    matched += 1
                    properties["road_id"] = .string(network.road(of: snap).id)
                    properties["distance_m"] = .number(rounded(snap.distanceMeters))
                    properties["measure_m"] = .number(rounded(snap.measureMeters))
                    properties["chainage"] = Chainage(meters: snap.measureMeters).map { .string($0.formatted()) } ?? .null
                    properties["side"] = .string(snap.side == .left ? "left" : snap.side == .right ? "right" : "on")
                    properties["snapped_lon"] = .number(snap.coordinate.longitude)
                    properties["snapped_lat"] = .number(snap.coordinate.latitude)
                } else {
                    for key in ["road_id", "distance_m", "measure_m", "chainage", "side", "snapped_lon", "snapped_lat"] {
                        properties[key] = .null
                    }
                }
                let at = snappedGeometry ? (snap?.coordinate ?? point.coordinate) : point.coordinate
                try file.append(GeoJSONFeature(id: point.id, geometry: .point(at), properties: properties))
            }
            try file.finish()
            print("roadgeo snap: \(matched) of \(input.count) points within \(maxDistance) m of a road (\(network.roads.count) roads) -> \(out)")
        }
    }

    /// Millimetres are enough for distances and measures in the output.
    private func rounded(_ meters: Double) -> Double { (meters * 1000).rounded() / 1000 }
}

/// One input point with its id and properties.
struct SnapInput {
    var id: JSONValue?
    var coordinate: Coordinate
    var properties: JSONObject

    /// A problem with the points file, naming the file and line or feature.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Points from a GeoJSON or CSV file (by extension).
    static func load(_ path: String, strict: Bool) throws -> [SnapInput] {
        path.lowercased().hasSuffix(".csv") ? try csv(path) : try geoJSON(path, strict: strict)
    }

    private static func geoJSON(_ path: String, strict: Bool) throws -> [SnapInput] {
        var out: [SnapInput] = []
        for feature in try RoadInput.features(path, strict: strict, command: "snap").features {
            if case .point(let c)? = feature.geometry {
                out.append(SnapInput(id: feature.id, coordinate: c, properties: feature.properties))
            }
        }
        return out
    }

    private static func csv(_ path: String) throws -> [SnapInput] {
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(description: "\(path): cannot read the file") }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        guard let first = lines.first else { return [] }
        let firstFields = fields(first)
        let lonNames: Set<String> = ["lon", "lng", "long", "longitude", "x"], latNames: Set<String> = ["lat", "latitude", "y"]
        let lowered = firstFields.map { $0.lowercased() }
        var lonColumn = 0, latColumn = 1, header: [String]? = nil
        if let x = lowered.firstIndex(where: lonNames.contains), let y = lowered.firstIndex(where: latNames.contains) {
            lonColumn = x; latColumn = y; header = firstFields
        } else if firstFields.count >= 2, Double(firstFields[0]) == nil || Double(firstFields[1]) == nil {
            throw Failure(description: "\(path): line 1: no lon/lat header and the first two columns are not numbers")
        }
        var out: [SnapInput] = []
        for (n, line) in lines.enumerated().dropFirst(header == nil ? 0 : 1) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let f = fields(line)
            guard f.count > max(lonColumn, latColumn), let lon = Double(f[lonColumn]), let lat = Double(f[latColumn]) else {
                throw Failure(description: "\(path): line \(n + 1): expected numeric longitude and latitude in columns \(lonColumn + 1) and \(latColumn + 1)")
            }
            let c: Coordinate
            do { c = try Coordinate.validated(lon, lat) } catch { throw Failure(description: "\(path): line \(n + 1): \(error.message)") }
            var properties = JSONObject()
            for (k, value) in f.enumerated() where k != lonColumn && k != latColumn {
                let name = header.map { k < $0.count ? $0[k] : "column\(k + 1)" } ?? "column\(k + 1)"
                properties.append(name, .string(value))
            }
            out.append(SnapInput(id: nil, coordinate: c, properties: properties))
        }
        return out
    }

    /// Comma-separated fields; a field in double quotes may hold commas and doubled quotes.
    private static func fields(_ line: String) -> [String] {
        var out: [String] = [], current = "", quoted = false
        var chars = line.makeIterator()
        var pending: Character? = nil
        while let ch = pending ?? chars.next() {
            pending = nil
            if quoted {
                if ch == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { current.append(ch) }
            } else if ch == "\"" && current.isEmpty {
                quoted = true
            } else if ch == "," {
                out.append(current.trimmingCharacters(in: .whitespaces)); current = ""
            } else {
                current.append(ch)
            }
        }
        out.append(current.trimmingCharacters(in: .whitespaces))
        return out
    }
}
