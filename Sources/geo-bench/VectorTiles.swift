import Foundation
import RoadGeo

extension Workloads {
    /// W6m: every z10 and z14 tile a road crosses as a Mapbox Vector Tile (one layer, the road
    /// attributes as typed tags), single thread, paired in the same run with the GeoJSON path in
    /// tile coordinates over the same tiles (the same geometry stage; only the writer differs).
    static let vectorTiles = Workload(id: "W6m", title: "MVT tiles: every z10 and z14 tile on the network vs the GeoJSON path, same tiler") { context, reporter in
        let document = try GeoJSONReader().read(contentsOf: context.roadsPath)
        let features = try TileFeature.features(from: document, skippingInvalid: true)
        var options = TilerOptions()
        options.coordinates = .tile
        let tiler = try Tiler(features: features, options: options)
        for zoom in [14, 10] {
            let ids = tilesTouching(features, zoom: zoom)
            var mvtBytes = 0, jsonBytes = 0
            let mvt = measure("W6m", "RoadGeo MVT z\(zoom)", n: ids.count, context: context) {
                mvtBytes = 0
                for id in ids { mvtBytes += tiler.vectorTile(id, layer: "roads").bytes.count }
                return mvtBytes
            }
            reporter.record(mvt)
            let json = measure("W6m", "RoadGeo GeoJSON z\(zoom) tile coords", n: ids.count, context: context) {
                jsonBytes = 0
                for id in ids { jsonBytes += tiler.tile(id).bytes.count }
                return jsonBytes
            }
            reporter.record(json)
            reporter.ratio(mvt, over: json)
            reporter.note("W6m", String(format: "z%d: %d tiles, MVT %.0f tiles/s %.2f MB, GeoJSON %.0f tiles/s %.2f MB: MVT bytes %.1fx smaller",
                                        zoom, ids.count, mvt.opsPerSecond, Double(mvtBytes) / 1e6,
                                        json.opsPerSecond, Double(jsonBytes) / 1e6, Double(jsonBytes) / Double(max(mvtBytes, 1))))
        }
        reporter.note("W6m", "peer: PostGIS ST_AsMVT(ST_AsMVTGeom(...)) makes ~1,800 z14 tiles/s on the medium network, 1,432 on large (PEERS.md, peers/postgis_peer.py); run with --roads <medium>/roads.geojson to compare")
    }
}
