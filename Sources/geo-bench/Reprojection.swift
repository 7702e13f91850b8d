import CProj
import RoadGeo

extension Workloads {
    /// 1M UTM 43N points around Bishkek to EPSG:4326: RoadGeo's batch path (one
    /// `proj_trans_generic` call, then all cores) against PROJ called point by point.
    static let reprojection = Workload(id: "reproject", title: "reproject 1M UTM 43N points to EPSG:4326") { context, reporter in
        let n = 1_000_000
        var rng = SplitMix64(seed: 7)
        let eastings = (0..<n).map { _ in Double.random(in: 300_000...700_000, using: &rng) }
        let northings = (0..<n).map { _ in Double.random(in: 4_500_000...4_850_000, using: &rng) }
        let source = "EPSG:32643"
        let single = try Reprojector(source: source)

        let ours = try measure("reproject", "RoadGeo batch", n: n, context: context) {
            var x = eastings, y = northings
            let failed = try single.transform(x: &x, y: &y)
            return failed.count + Int(x[n / 2])
        }
        reporter.record(ours)
        let parallel = try measure("reproject", "RoadGeo \(context.threads) threads", n: n, context: context) {
            var x = eastings, y = northings
            let failed = try Reprojector.transform(source: source, x: &x, y: &y, threads: context.threads)
            return failed.count + Int(x[n / 2])
        }
        reporter.record(parallel)

        let baseline = try PointByPointPROJ(source: source)
        let base = measure("reproject", "PROJ proj_trans/point", n: n, context: context) {
            var checksum = 0.0
            for i in 0..<n { checksum += baseline.transform(eastings[i], northings[i]).0 }
            return Int(checksum)
        }
        reporter.record(base)
        reporter.ratio(ours, over: base)
        reporter.ratio(parallel, over: base)
    }
}

/// The naive way: one `proj_trans` call per point (also the naive shapefile import's reprojection).
final class PointByPointPROJ {
    let context: OpaquePointer
    let transformer: OpaquePointer
    init(source: String) throws {
        context = proj_context_create()
        guard let raw = proj_create_crs_to_crs(context, source, "EPSG:4326", nil),
              let norm = proj_normalize_for_visualization(context, raw) else {
            throw ProjectionError(.noTransformation, "baseline: cannot create transformer")
        }
        proj_destroy(raw)
        transformer = norm
    }
    deinit { proj_destroy(transformer); proj_context_destroy(context) }
    func transform(_ x: Double, _ y: Double) -> (Double, Double) {
        var c = PJ_COORD()
        c.xy.x = x; c.xy.y = y
        let r = proj_trans(transformer, PJ_FWD, c)
        return (r.lp.lam, r.lp.phi)
    }
}
