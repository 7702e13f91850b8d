import Foundation
import RoadGeo

extension Workloads {
    /// W6p: the whole z0-14 pyramid of the network as MVT into one PMTiles v3 file (render, gzip,
    /// Hilbert order, dedup, directories), with 1 thread and with `--threads`, paired in the same
    /// run; then the same pyramid into MBTiles 1.3 and into a z/x/y.mvt directory with `--threads`.
    /// Issue 17's targets: Heidelberg under 5 s with 2 threads and at least 1.8x one thread.
    static let tileArchives = Workload(id: "W6p", title: "z0-14 MVT pyramid into PMTiles (1 vs N threads), MBTiles and a directory") { context, reporter in
        let document = try GeoJSONReader().read(contentsOf: context.roadsPath)
        let features = try TileFeature.features(from: document, skippingInvalid: true)
        let layers = try TileLayers([TileLayer(name: "roads", content: .features(try Tiler(features: features)))])
        let zooms = 0...14
        let tiles = zooms.reduce(0) { $0 + TilePyramid.candidateTiles(layers, zoom: $1).count }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("geo-bench-w6p-\(getpid())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let threads = max(2, context.threads)
        var summary: PyramidSummary?
        func run(_ archive: TileArchive, _ path: String, threads: Int) throws -> Int {
            let s = try TilePyramid.export(layers, zooms: zooms, to: "\(dir)/\(path)", archive: archive, threads: threads)
            summary = s
            return s.bytes
        }
        let one = try measure("W6p", "RoadGeo PMTiles z0-14, 1 thread", n: tiles, context: context) { try run(.pmtiles, "one.pmtiles", threads: 1) }
        reporter.record(one)
        let many = try measure("W6p", "RoadGeo PMTiles z0-14, \(threads) threads", n: tiles, context: context) { try run(.pmtiles, "many.pmtiles", threads: threads) }
        reporter.record(many)
        reporter.ratio(many, over: one)
        let pmBytes = (try? FileManager.default.attributesOfItem(atPath: "\(dir)/many.pmtiles")[.size] as? Int) ?? 0
        let written = summary?.tiles ?? 0
        let mb = try measure("W6p", "RoadGeo MBTiles z0-14, \(threads) threads", n: tiles, context: context) { try run(.mbtiles, "roads.mbtiles", threads: threads) }
        reporter.record(mb)
        reporter.ratio(many, over: mb)
        let plain = try measure("W6p", "RoadGeo MVT directory z0-14, \(threads) threads", n: tiles, context: context) {
            try? FileManager.default.removeItem(atPath: "\(dir)/mvt")
            return try run(.directory, "mvt", threads: threads)
        }
        reporter.record(plain)
        reporter.ratio(many, over: plain)
        reporter.note("W6p", String(format: "%d candidate tiles, %d written; PMTiles %.2f s with 1 thread, %.2f s with %d (%.2fx; targets < 5 s and >= 1.8x with 2), file %.2f MB; MBTiles %.2f s; directory %.2f s",
                                    tiles, written, one.seconds, many.seconds, threads, one.seconds / many.seconds,
                                    Double(pmBytes) / 1e6, mb.seconds, plain.seconds))
    }
}
