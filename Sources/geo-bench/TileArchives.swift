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
        let load = loadAverage()
        var cpu = processCPUSeconds()
        let one = try measure("W6p", "RoadGeo PMTiles z0-14, 1 thread", n: tiles, context: context) { try run(.pmtiles, "one.pmtiles", threads: 1) }
        let oneCPU = (processCPUSeconds() - cpu) / Double(context.repetitions + 1)
        reporter.record(one)
        cpu = processCPUSeconds()
        let many = try measure("W6p", "RoadGeo PMTiles z0-14, \(threads) threads", n: tiles, context: context) { try run(.pmtiles, "many.pmtiles", threads: threads) }
        let manyCPU = (processCPUSeconds() - cpu) / Double(context.repetitions + 1)
        reporter.record(many)
        reporter.ratio(many, over: one)
        // Scaling needs idle cores: show how many the run got (CPU seconds per export over its wall time).
        reporter.note("W6p", String(format: "CPU per PMTiles export: %.2f s with 1 thread, %.2f s with %d (%.2f cores busy on average); load average before: %@",
                                    oneCPU, manyCPU, threads, manyCPU / many.seconds, load))
        guard FileManager.default.contents(atPath: "\(dir)/one.pmtiles") == FileManager.default.contents(atPath: "\(dir)/many.pmtiles") else {
            throw ChildProcess.Failure(description: "W6p: the 1- and \(threads)-thread PMTiles files differ")
        }
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

/// User + system CPU seconds of this process so far (all threads).
func processCPUSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

/// The 1, 5 and 15 minute load averages from /proc/loadavg ("?" where unavailable).
func loadAverage() -> String {
    guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
    return text.split(separator: " ").prefix(3).joined(separator: " ")
}
