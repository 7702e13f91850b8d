import Foundation

/// W6m's peer: PostGIS `ST_AsMVT(ST_AsMVTGeom(...))` on the same network and the same tiles,
/// run as a child process (scripts/peers/postgis-mvt.sh: a throwaway cluster on a unix socket,
/// one backend, only the rendering queries timed), its result read back as JSON.
enum PostGISPeer {
    /// Runs the peer on `tileList` (W6m's list) and prints its measurements and the ratios:
    /// RoadGeo single-thread tiles/s over `ST_AsMVT`'s and RoadGeo bytes over `ST_AsMVT`'s, for
    /// RoadGeo's default tolerance and tolerance 0. When the peer cannot run, prints why.
    static func compare(_ ours: [MVTZoomResult], tileList: String, context: BenchContext, reporter: Reporter) throws {
        let candidates = ["scripts/peers/postgis-mvt.sh",
                          ((context.dataDirectory as NSString).deletingLastPathComponent as NSString)
                              .appendingPathComponent("scripts/peers/postgis-mvt.sh")]
        guard let script = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            reporter.note("W6m", "PostGIS peer: scripts/peers/postgis-mvt.sh not found (run geo-bench from the repository root)")
            return
        }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("geo-bench-w6m-\(getpid())").path
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let listPath = "\(tmp)/tiles.txt", outPath = "\(tmp)/postgis.json"
        guard FileManager.default.createFile(atPath: listPath, contents: Data(tileList.utf8)) else {
            throw ChildProcess.Failure(description: "cannot write \(listPath)")
        }
        do {
            _ = try ChildProcess.run("/bin/sh", [script, "--roads", context.roadsPath, "--tiles", listPath,
                                                 "--out", outPath, "--reps", "\(context.repetitions)"])
        } catch {
            reporter.note("W6m", "PostGIS peer did not run (\(error)); run \(script) --roads \(context.roadsPath) --tiles LIST by hand to see why (LIST from --write-tile-list)")
            return
        }
        guard let data = FileManager.default.contents(atPath: outPath),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let zooms = root["zooms"] as? [[String: Any]] else {
            throw ChildProcess.Failure(description: "PostGIS peer: no readable result in \(outPath)")
        }
        let version = "PostGIS \(root["postgis"] as? String ?? "?") on PostgreSQL \(root["postgres"] as? String ?? "?")"
        reporter.note("W6m", "\(version), one backend; properties in both: \((root["properties"] as? [String] ?? []).joined(separator: ", ")) (nulls left out by both)")
        for z in ours {
            var peers: [String: (Measurement, Int, [String: Any])] = [:]
            for e in zooms where e["zoom"] as? Int == z.zoom {
                guard let variant = e["variant"] as? String, let tiles = e["tiles"] as? Int,
                      let seconds = e["seconds"] as? Double, let bytes = e["bytes"] as? Int else { continue }
                guard tiles == z.simplified.n else {
                    throw ChildProcess.Failure(description: "PostGIS peer rendered \(tiles) z\(z.zoom) tiles, RoadGeo \(z.simplified.n)")
                }
                let name = variant == "projected" ? "ST_AsMVT z\(z.zoom) 3857 column" : "ST_AsMVT z\(z.zoom) ST_Transform"
                let m = Measurement(workload: "W6m", implementation: name, n: tiles, seconds: seconds,
                                    minSeconds: e["min_seconds"] as? Double ?? seconds,
                                    maxSeconds: e["max_seconds"] as? Double ?? seconds, peakRSSMB: 0, latency: nil)
                reporter.record(m)
                peers[variant] = (m, bytes, e)
            }
            guard let (best, bytes, detail) = peers["projected"] else { continue }
            reporter.ratio(z.exact, over: best)
            reporter.ratio(z.simplified, over: best)
            if let (transform, _, _) = peers["transform"] { reporter.ratio(z.exact, over: transform) }
            func perTile(_ label: String, _ key: String) -> String {
                guard let c = detail[key] as? [String: Any] else { return "" }
                return String(format: "; %@ per tile median %.3fx, max %.3fx, %d of %d tiles larger, %d with another feature count",
                              label, c["per_tile_ratio_median"] as? Double ?? .nan, c["per_tile_ratio_max"] as? Double ?? .nan,
                              c["tiles_larger_than_postgis"] as? Int ?? -1, z.exact.n, c["tiles_with_other_feature_count"] as? Int ?? -1)
            }
            reporter.note("W6m", String(format: "z%d vs ST_AsMVT (3857 column, its fastest): tiles/s %.2fx with tolerance 0, %.2fx with tolerance 3; bytes %.3fx with tolerance 0 (%d vs %d), %.3fx with tolerance 3 (%d)",
                                        z.zoom, z.exact.opsPerSecond / best.opsPerSecond, z.simplified.opsPerSecond / best.opsPerSecond,
                                        Double(z.exactBytes) / Double(max(bytes, 1)), z.exactBytes, bytes,
                                        Double(z.simplifiedBytes) / Double(max(bytes, 1)), z.simplifiedBytes)
                          + perTile("tolerance 0", "roadgeo_tol0") + perTile("tolerance 3", "roadgeo_default"))
        }
    }
}
