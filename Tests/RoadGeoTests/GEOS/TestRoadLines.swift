import Foundation
@testable import RoadGeo

/// Real road lines for tests, parsed minimally with JSONSerialization (the GeoJSON reader is
/// tested on its own), multi-part roads flattened: Moscow (data/moscow_roads.geojson, a city
/// grid) and Andorra (Fixtures/network/andorra_roads.geojson, long winding mountain roads).
enum TestRoadLines {
    static let moscow: [Polyline] = load(Fixtures.data("moscow_roads.geojson"))
    static let andorra: [Polyline] = load(Fixtures.path("network/andorra_roads.geojson"))

    /// The lines of a network by name: `"moscow"` or `"andorra"`.
    static func named(_ name: String) -> [Polyline] { name == "andorra" ? andorra : moscow }

    private static func load(_ path: String) -> [Polyline] {
        guard let data = FileManager.default.contents(atPath: path),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let features = root["features"] as? [[String: Any]] else { return [] }
        var out: [Polyline] = []
        for f in features {
            guard let g = f["geometry"] as? [String: Any], let type = g["type"] as? String else { continue }
            let parts: [Any]
            switch type {
            case "LineString": parts = [g["coordinates"] as Any]
            case "MultiLineString": parts = g["coordinates"] as? [Any] ?? []
            default: continue
            }
            for part in parts {
                guard let positions = part as? [[Double]] else { continue }
                let coords = positions.compactMap { $0.count >= 2 ? Coordinate($0[0], $0[1]) : nil }
                if let line = try? Polyline(coords) { out.append(line) }
            }
        }
        return out
    }
}
