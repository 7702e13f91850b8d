// libFuzzer target: tile address parsing (`TileID(path:)`, `TileID(quadkey:)`) and rendering
// whatever parses.
//
// A parsed tile must round-trip through its description and quadkey, have consistent parent
// and children, and render on a small tiler (lines crossing the antimeridian and the mercator
// limits, a polygon and a point) as JSON the GeoJSON reader accepts.
// Build and run with `scripts/fuzz.sh tiles SECONDS`.
import RoadGeo

private let tiler: Tiler? = {
    let lines: [[Coordinate]] = [
        [Coordinate(-179.9, -85), Coordinate(0, 0), Coordinate(179.9, 85)],
        [Coordinate(179.5, 10), Coordinate(-179.5, 10.5)],
        [Coordinate(74.58, 42.86), Coordinate(74.60, 42.88), Coordinate(74.61, 42.87)],
    ]
    var features = lines.compactMap { try? Polyline($0) }.enumerated().map {
        TileFeature(geometry: .line($0.element), id: .integer(Int64($0.offset)), properties: ["name": .string("road \($0.offset)")])
    }
    let ring = [Coordinate(74, 42), Coordinate(75, 42), Coordinate(75, 43), Coordinate(74, 43), Coordinate(74, 42)]
    features.append(TileFeature(geometry: .polygon([ring]), id: "area"))
    features.append(TileFeature(geometry: .point(Coordinate(74.6, 42.87)), id: "point"))
    return try? Tiler(features: features)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func tileIDFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var parsed: [TileID] = []
    if let id = try? TileID(path: text) { parsed.append(id) }
    if let id = try? TileID(quadkey: text) { parsed.append(id) }
    for id in parsed {
        precondition(id.z >= 0 && id.z <= TileID.maxZoom && id.x >= 0 && id.y >= 0 && id.x < 1 << id.z && id.y < 1 << id.z,
                     "parsed an impossible tile \(id)")
        precondition((try? TileID(path: id.description)) == id, "\(id) does not round-trip through its path")
        precondition((try? TileID(quadkey: id.quadkey)) == id, "\(id) does not round-trip through its quadkey")
        if let parent = id.parent { precondition(parent.children.contains(id), "\(id) is not a child of its parent") }
        _ = id.bounds
        if let tiler {
            let tile = tiler.tile(id)
            precondition((try? GeoJSONReader().parse(tile.bytes)) != nil, "tile \(id) is not valid GeoJSON")
        }
    }
    return 0
}
