import Foundation
import RoadGeo

extension Workloads {
    /// W6m: every z10 and z14 tile a road crosses as a Mapbox Vector Tile (one layer, the road
    /// attributes as typed tags), single thread, paired in the same run with the GeoJSON path in
    /// tile coordinates over the same tiles (the same geometry stage; only the writer differs),
    /// and with tolerance 0 (no simplification beyond the integer grid, like `ST_AsMVTGeom`).
    /// With `--peers` PostGIS `ST_AsMVT` renders the same tiles in a child process (one backend).
    static let vectorTiles = Workload(id: "W6m", title: "MVT tiles: every z10 and z14 tile on the network vs the GeoJSON path and PostGIS ST_AsMVT") { context, reporter in
        let document = try GeoJSONReader().read(contentsOf: context.roadsPath)
        let features = try TileFeature.features(from: document, skippingInvalid: true)
        var options = TilerOptions()
        options.coordinates = .tile
        let tiler = try Tiler(features: features, options: options)
        options.tolerance = 0
        let exact = try Tiler(features: features, options: options)
        var list = "# geo-bench W6m tiles of \(context.roadsPath): z x y, RoadGeo MVT bytes and features with tolerance 3/4096, the same with tolerance 0\n"
        var ours: [MVTZoomResult] = []
        for zoom in [14, 10] {
            let ids = tilesTouching(features, zoom: zoom)
            var mvtBytes = 0, jsonBytes = 0, exactBytes = 0
            let mvt = measure("W6m", "RoadGeo MVT z\(zoom)", n: ids.count, context: context) {
                mvtBytes = 0
                for id in ids { mvtBytes += tiler.vectorTile(id, layer: "roads").bytes.count }
                return mvtBytes
            }
            reporter.record(mvt)
            let mvt0 = measure("W6m", "RoadGeo MVT z\(zoom) tolerance 0", n: ids.count, context: context) {
                exactBytes = 0
                for id in ids { exactBytes += exact.vectorTile(id, layer: "roads").bytes.count }
                return exactBytes
            }
            reporter.record(mvt0)
            let json = measure("W6m", "RoadGeo GeoJSON z\(zoom) tile coords", n: ids.count, context: context) {
                jsonBytes = 0
                for id in ids { jsonBytes += tiler.tile(id).bytes.count }
                return jsonBytes
            }
            reporter.record(json)
            reporter.ratio(mvt, over: json)
            reporter.note("W6m", String(format: "z%d: %d tiles, MVT %.0f tiles/s %.2f MB (tolerance 0: %.0f tiles/s %.2f MB), GeoJSON %.0f tiles/s %.2f MB: MVT bytes %.1fx smaller",
                                        zoom, ids.count, mvt.opsPerSecond, Double(mvtBytes) / 1e6, mvt0.opsPerSecond,
                                        Double(exactBytes) / 1e6, json.opsPerSecond, Double(jsonBytes) / 1e6,
                                        Double(jsonBytes) / Double(max(mvtBytes, 1))))
            for id in ids {
                let a = tiler.vectorTile(id, layer: "roads"), b = exact.vectorTile(id, layer: "roads")
                list += "\(id.z) \(id.x) \(id.y) \(a.bytes.count) \(a.featureCount) \(b.bytes.count) \(b.featureCount)\n"
            }
            ours.append(MVTZoomResult(zoom: zoom, simplified: mvt, exact: mvt0, simplifiedBytes: mvtBytes, exactBytes: exactBytes))
        }
        if let path = context.tileListPath {
            guard FileManager.default.createFile(atPath: path, contents: Data(list.utf8)) else {
                throw ChildProcess.Failure(description: "cannot write the tile list \(path)")
            }
            reporter.note("W6m", "tile list written to \(path)")
        }
        if context.peers {
            try PostGISPeer.compare(ours, tileList: list, context: context, reporter: reporter)
        } else {
            reporter.note("W6m", "PostGIS ST_AsMVT on the same tiles: run with --peers (needs PostgreSQL + PostGIS and psycopg2; scripts/peers/postgis-mvt.sh --roads \(context.roadsPath) --tiles LIST, LIST from --write-tile-list)")
        }
    }
}

/// RoadGeo's W6m figures at one zoom, for the comparison with the PostGIS peer.
struct MVTZoomResult {
    var zoom: Int
    var simplified: Measurement
    var exact: Measurement
    var simplifiedBytes: Int
    var exactBytes: Int
}
