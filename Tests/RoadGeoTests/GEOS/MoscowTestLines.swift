import Foundation
@testable import RoadGeo

/// The Moscow road lines from data/moscow_roads.geojson, parsed minimally with
/// JSONSerialization (the GeoJSON reader is tested on its own), multi-part roads flattened.
enum MoscowTestLines {
    static let all: [Polyline] = load()

    private static func load() -> [Polyline] {
        guard let data = FileManager.default.contents(atPath: Fixtures.data("moscow_roads.geojson")),
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
