import CGEOS
import Foundation
@testable import RoadGeo

/// Loads test GeoJSON line features (with properties) through Foundation, and calls GEOS.
enum TileTestSupport {
    struct Failure: Error { let message: String }

    /// The Moscow roads through RoadGeo's GeoJSON reader, each feature's id set to its index.
    static func moscow() throws -> [TileFeature] {
        let document = try GeoJSONReader().read(contentsOf: Fixtures.data("moscow_roads.geojson"))
        var features = try TileFeature.features(from: document)
        for i in features.indices { features[i].id = .integer(Int64(i)) }
        return features
    }

    /// Parses a rendered tile into features: geometry type, parts of (x, y) positions, properties.
    static func parse(_ tile: RenderedTile) throws -> [(type: String, parts: [[(Double, Double)]], properties: [String: Any], id: Int?)] {
        guard let root = try JSONSerialization.jsonObject(with: Data(tile.bytes)) as? [String: Any],
              root["type"] as? String == "FeatureCollection",
              let features = root["features"] as? [[String: Any]] else { throw Failure(message: "tile \(tile.id): not a FeatureCollection") }
        return try features.map { f in
            guard let g = f["geometry"] as? [String: Any], let type = g["type"] as? String else { throw Failure(message: "no geometry") }
            func pos(_ a: Any) -> (Double, Double) { let p = a as? [Double] ?? [.nan, .nan]; return (p[0], p[1]) }
            let parts: [[(Double, Double)]]
            switch type {
            case "Point": parts = [[pos(g["coordinates"] as Any)]]
            case "LineString", "MultiPoint": parts = [((g["coordinates"] as? [Any]) ?? []).map(pos)]
            case "MultiLineString", "Polygon": parts = ((g["coordinates"] as? [[Any]]) ?? []).map { $0.map(pos) }
            case "MultiPolygon": parts = ((g["coordinates"] as? [[[Any]]]) ?? []).flatMap { $0.map { $0.map(pos) } }
            default: throw Failure(message: "unknown type \(type)")
            }
            return (type, parts, f["properties"] as? [String: Any] ?? [:], f["id"] as? Int)
        }
    }

    static func length(_ part: [(Double, Double)]) -> Double {
        zip(part, part.dropFirst()).reduce(0) { s, p in s + hypot(p.1.0 - p.0.0, p.1.1 - p.0.1) }
    }

    /// GEOS `GEOSClipByRect_r` of a line given in unit-mercator coordinates: the parts' lengths.
    static func geosClipLengths(_ xy: [(Double, Double)], _ box: BoundingBox) -> [Double] {
        let ctx = GEOS_init_r()
        defer { GEOS_finish_r(ctx) }
        guard let seq = GEOSCoordSeq_create_r(ctx, UInt32(xy.count), 2) else { return [] }
        for (i, p) in xy.enumerated() { GEOSCoordSeq_setXY_r(ctx, seq, UInt32(i), p.0, p.1) }
        guard let line = GEOSGeom_createLineString_r(ctx, seq) else { return [] }
        defer { GEOSGeom_destroy_r(ctx, line) }
        guard let clipped = GEOSClipByRect_r(ctx, line, box.minX, box.minY, box.maxX, box.maxY) else { return [] }
        defer { GEOSGeom_destroy_r(ctx, clipped) }
        var out: [Double] = []
        let n = GEOSGetNumGeometries_r(ctx, clipped)
        for i in 0..<max(n, 0) {
            guard let g = GEOSGetGeometryN_r(ctx, clipped, i) else { continue }
            var len = 0.0
            if GEOSGeomTypeId_r(ctx, g) == Int32(GEOS_LINESTRING.rawValue), GEOSLength_r(ctx, g, &len) == 1, len > 0 { out.append(len) }
        }
        return out
    }
}
