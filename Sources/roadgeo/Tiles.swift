import ArgumentParser
import Foundation
import RoadGeo

/// `roadgeo tiles`: exports a tile pyramid (a DIR/z/x/y.geojson|mvt directory with metadata.json,
/// or one MBTiles or PMTiles file) of a road network and, optionally, its clustered report points.
struct Tiles: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write every non-empty web-mercator tile of a road network to DIR/z/x/y.geojson|mvt (+ metadata.json), FILE.mbtiles or FILE.pmtiles.",
        discussion: """
            Roads are clipped to each tile plus a buffer and simplified for the zoom; reports are \
            clustered per zoom (radius 40 px of 512) with point counts, summed votes and the worst status. \
            An --out ending in .mbtiles writes an MBTiles 1.3 file, .pmtiles a PMTiles v3 file (both with \
            gzip tiles and vector_layers metadata); anything else a directory. \
            Example: roadgeo tiles --roads roads.geojson --reports reports.geojson --zooms 0-14 --format mvt --out roads.pmtiles
            """
    )

    @Option(help: "Road network GeoJSON (LineString/MultiLineString features, EPSG:4326).")
    var roads: String

    @Option(help: "Report points GeoJSON (Point features), clustered per zoom.")
    var reports: String?

    @Option(help: "Zoom range, e.g. 5-14 (or a single zoom).")
    var zooms: String = "5-14"

    @Option(help: "Output: a directory (created if missing), FILE.mbtiles or FILE.pmtiles (replaced if present).")
    var out: String

    @Option(help: "Tile format: geojson (z/x/y.geojson) or mvt (z/x/y.mvt, Mapbox Vector Tile 2.1, one MVT layer per layer: roads, reports).")
    var format: String = "geojson"

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Tile extent in tile units.")
    var extent: Int = 4096

    @Option(help: "Buffer around each tile, in tile units.")
    var buffer: Int = 64

    @Option(help: "Simplification tolerance, in tile units (0 keeps every vertex).")
    var tolerance: Double = 3

    @Flag(help: "Write integer tile coordinates (0...extent) instead of longitude/latitude.")
    var tileCoordinates = false

    @Option(help: "Show some roads only from a zoom, by attribute: ATTR:value=zoom,value=zoom (e.g. highway:residential=12,service=14).")
    var minZoomRule: String?

    @Option(help: "Report property holding the vote count.")
    var votesProperty: String = "votes"

    @Option(help: "Report property holding the status (a number, or a name from --statuses).")
    var statusProperty: String = "status"

    @Option(help: "Status names from least to most severe, comma-separated (e.g. fixed,new,confirmed,dangerous).")
    var statuses: String?

    @Flag(help: "Refuse the roads file at the first feature that cannot be read, instead of skipping that feature.")
    var strict = false

    func validate() throws {
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        _ = try zoomRange()
        _ = try zoomRule()
        _ = try tileFormat()
    }

    private func tileFormat() throws -> TileFormat {
        guard let f = TileFormat(rawValue: format) else { throw ValidationError("--format \(format): expected geojson or mvt") }
        return f
    }

    func run() throws {
        try reportingFailures("tiles") {
            let zoomRange = try zoomRange()
            let started = Date()
            // Lenient import: bad features skipped and listed, lines cut at the antimeridian,
            // GeometryCollections tiled member by member.
            let imported = try RoadInput.features(roads, strict: strict, command: "tiles")
            let flat = imported.flatteningCollections()
            let document = GeoJSONDocument.featureCollection(GeoJSONFeatureCollection(features: flat))
            let features = try TileFeature.features(from: document, skippingInvalid: true)
            if features.count < flat.count {
                printError("tiles", "\(roads): \(flat.count - features.count) features the tiler cannot draw (no geometry, or a line without 2 distinct positions) skipped")
            }
            let archive = TileArchive(path: out)
            var options = TilerOptions()
            options.extent = extent; options.buffer = buffer; options.tolerance = tolerance
            options.coordinates = tileCoordinates ? .tile : .longitudeLatitude
            options.zoomRule = try zoomRule()
            let clusters = try reports.map { try loadReports($0, tiles: options) }
            var layers = [TileLayer(name: "roads", content: .features(try Tiler(features: features, options: options)))]
            if let clusters { layers.append(TileLayer(name: "reports", content: .clusters(clusters))) }
            print("roadgeo tiles: \(features.count) road features, \(clusters?.count ?? 0) reports, zooms \(zoomRange.lowerBound)-\(zoomRange.upperBound), \(threads) threads")
            let name = URL(fileURLWithPath: roads).deletingPathExtension().lastPathComponent
            let summary = try TilePyramid.export(try TileLayers(layers), zooms: zoomRange, to: out, archive: archive,
                                                 threads: threads, format: try tileFormat(), name: name) { done, total in
                let width = 30, filled = total == 0 ? width : done * width / total
                let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                FileHandle.standardError.write(Data("\r[\(bar)] \(done * 100 / max(total, 1))% \(done)/\(total) tiles".utf8))
            }
            FileHandle.standardError.write(Data("\n".utf8))
            let stored = archive == .directory ? "" : " gzip"
            for z in summary.zooms { print(String(format: "  z%-2d %7d tiles %10.2f MB\(stored)", z.zoom, z.tiles, Double(z.bytes) / 1e6)) }
            let what = archive == .directory ? "metadata.json written" : "\(archive.rawValue) archive"
            print(String(format: "wrote %d tiles (%.2f MB\(stored)) of %d rendered to %@ in %.2f s; \(what) (\(format))",
                         summary.tiles, Double(summary.bytes) / 1e6, summary.rendered, out, Date().timeIntervalSince(started)))
        }
    }

    private func zoomRange() throws -> ClosedRange<Int> { try RoadInput.zoomRange(zooms, example: "5-14") }

    private func zoomRule() throws -> TileZoomRule? {
        guard let minZoomRule else { return nil }
        let halves = minZoomRule.split(separator: ":", maxSplits: 1)
        guard halves.count == 2 else { throw ValidationError("--min-zoom-rule \(minZoomRule): expected ATTR:value=zoom,...") }
        var table: [String: Int] = [:]
        for pair in halves[1].split(separator: ",") {
            let kv = pair.split(separator: "=", maxSplits: 1)
            guard kv.count == 2, let z = Int(kv[1]), (0...TileID.maxZoom).contains(z) else {
                throw ValidationError("--min-zoom-rule: \"\(pair)\" is not value=zoom")
            }
            table[String(kv[0])] = z
        }
        return TileZoomRule(attribute: String(halves[0]), minZoomByValue: table)
    }

    private func loadReports(_ path: String, tiles: TilerOptions) throws -> DisplayClusters {
        let names = statuses.map { $0.split(separator: ",").map { String($0) } } ?? []
        var reports: [(key: Int64, point: ReportPoint)] = []
        var skipped = 0
        for (i, f) in try GeoJSONReader().read(contentsOf: path).features.enumerated() {
            guard case .point(let c)? = f.geometry, c.isValidGeographic else { skipped += 1; continue }
            let votes = f.properties[votesProperty]?.int64Value.map { Int($0) } ?? 1
            var status: Int32 = 0
            if let s = f.properties[statusProperty] {
                if let n = s.int64Value { status = Int32(clamping: n) } else if let text = s.stringValue, let k = names.firstIndex(of: text) { status = Int32(k) }
            }
            let key = f.id?.int64Value.flatMap { $0 >= 0 ? $0 : nil } ?? Int64(i)
            reports.append((key, ReportPoint(c, votes: votes, status: status)))
        }
        if skipped > 0 { printError("tiles", "\(skipped) report features are not valid Points and were skipped") }
        var options = DisplayClusterOptions()
        options.statusNames = names
        options.tiles = tiles
        return try DisplayClusters(reports: reports, options: options)
    }
}
