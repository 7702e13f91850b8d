import CProj
import Foundation

/// Transforms coordinates from any CRS PROJ understands to EPSG:4326 (longitude first), in batches.
///
/// Built once from an EPSG code (`"EPSG:32643"`), WKT1 or ESRI WKT (a shapefile's `.prj`),
/// WKT2, PROJJSON or a PROJ string; `proj_normalize_for_visualization` makes both ends
/// easting/longitude first. Whole arrays go through `proj_trans_generic` in one call.
///
/// **Threads.** A reprojector owns its own `PJ_CONTEXT` and transformer, which PROJ does not
/// allow to be used from two threads at once: the type is deliberately not `Sendable`. Give
/// each thread (or task) its own, created from the same definition string; creating one
/// costs about 2 ms, so build it once per thread and reuse it.
///
/// ```swift
/// let utm = try Reprojector(source: "EPSG:32643")      // UTM 43N, Bishkek
/// var x = [500_000.0], y = [4_747_000.0]
/// try utm.transform(x: &x, y: &y)                      // x = longitude, y = latitude
/// ```
public final class Reprojector {
    /// The source definition as given.
    public let source: String
    /// The target definition as given (EPSG:4326 unless chosen otherwise).
    public let target: String

    private let context: OpaquePointer
    private let transformer: OpaquePointer

    /// Builds a transformation from `source` to `target`.
    ///
    /// - Parameters:
    ///   - source: Any CRS definition PROJ accepts: `EPSG:n`, `ESRI:n`, WKT1/ESRI WKT text,
    ///     WKT2, PROJJSON, or a PROJ string.
    ///   - target: The target CRS, EPSG:4326 by default; axis order is normalised to
    ///     longitude/easting first either way.
    /// - Throws: ``ProjectionError`` with PROJ's message when either CRS is not understood,
    ///   when `source` is not a CRS, or when PROJ finds no transformation.
    /// - Complexity: About 2 ms (PROJ looks the operation up in proj.db).
    ///
    /// ```swift
    /// let prj = try String(contentsOfFile: "roads.prj", encoding: .utf8)   // ESRI WKT
    /// let toWGS84 = try Reprojector(source: prj)
    /// ```
    public init(source: String, target: String = "EPSG:4326") throws(ProjectionError) {
        guard let ctx = proj_context_create() else {
            throw ProjectionError(.contextUnavailable, "cannot create a PROJ context")
        }
        // Declared before the objects' `defer`s so it runs after them: PROJ objects must be
        // destroyed while their context is still alive.
        var built = false
        defer { if !built { proj_context_destroy(ctx) } }
        proj_log_level(ctx, PJ_LOG_NONE)
        func fail(_ kind: ProjectionError.Kind, _ what: String) -> ProjectionError {
            let code = proj_context_errno(ctx)
            let text = code != 0 ? String(cString: proj_context_errno_string(ctx, code)) : "not understood"
            return ProjectionError(kind, "\(what): \(text)")
        }
        guard let src = proj_create(ctx, source) else {
            throw fail(.unusableCRS, "cannot create CRS from '\(Reprojector.abbreviated(source))'")
        }
        defer { proj_destroy(src) }
        guard let dst = proj_create(ctx, target) else {
            throw fail(.unusableCRS, "cannot create CRS from '\(Reprojector.abbreviated(target))'")
        }
        defer { proj_destroy(dst) }
        guard proj_is_crs(src) != 0 else {
            throw ProjectionError(.unusableCRS, "'\(Reprojector.abbreviated(source))' is not a coordinate reference system")
        }
        guard let raw = proj_create_crs_to_crs_from_pj(ctx, src, dst, nil, nil) else {
            throw fail(.noTransformation, "no transformation from '\(Reprojector.abbreviated(source))' to '\(target)'")
        }
        defer { proj_destroy(raw) }
        guard let norm = proj_normalize_for_visualization(ctx, raw) else {
            throw fail(.noTransformation, "cannot normalise axis order for '\(Reprojector.abbreviated(source))'")
        }
        built = true
        self.context = ctx
        self.transformer = norm
        self.source = source
        self.target = target
    }

    deinit {
        proj_destroy(transformer)
        proj_context_destroy(context)
    }

    /// Transforms coordinates in place: `x` (easting or longitude) and `y` (northing or latitude).
    ///
    /// - Parameters:
    ///   - x: First axis values (metres for a projected source); replaced by longitudes in
    ///     degrees (or the target's first axis).
    ///   - y: Second axis values, same count as `x`; replaced by latitudes.
    ///   - inverse: `true` transforms from the target back to the source.
    /// - Returns: Indices of points PROJ could not transform (outside the CRS's domain); their
    ///   values are set to infinity. Empty when all succeeded.
    /// - Throws: ``ProjectionError`` when the arrays differ in length.
    /// - Complexity: O(n); several million points per second.
    ///
    /// ```swift
    /// let utm = try Reprojector(source: "EPSG:32643")
    /// var x = [500_000.0, 501_000.0], y = [4_747_000.0, 4_747_000.0]
    /// let failed = try utm.transform(x: &x, y: &y)   // x ≈ [75.0, 75.012], failed == []
    /// ```
    @discardableResult
    public func transform(x: inout [Double], y: inout [Double], inverse: Bool = false) throws(ProjectionError) -> [Int] {
        guard x.count == y.count else {
            throw ProjectionError(.invalidArgument, "x has \(x.count) values but y has \(y.count)")
        }
        let n = x.count
        if n == 0 { return [] }
        return x.withUnsafeMutableBufferPointer { xs in
            y.withUnsafeMutableBufferPointer { ys in
                transform(xs, ys, inverse: inverse, indexOffset: 0)
            }
        }
    }

    /// Transforms equal-length buffers in place with one `proj_trans_generic` call; points PROJ
    /// cannot transform are set to infinity and their indices (plus `indexOffset`) returned.
    func transform(_ xs: UnsafeMutableBufferPointer<Double>, _ ys: UnsafeMutableBufferPointer<Double>,
                   inverse: Bool, indexOffset: Int) -> [Int] {
        let n = Swift.min(xs.count, ys.count)
        guard n > 0, let xBase = xs.baseAddress, let yBase = ys.baseAddress else { return [] }
        proj_errno_reset(transformer)
        let stride = MemoryLayout<Double>.stride
        _ = proj_trans_generic(transformer, inverse ? PJ_INV : PJ_FWD,
                               xBase, stride, n, yBase, stride, n, nil, 0, 0, nil, 0, 0)
        var failed: [Int] = []
        for i in 0..<n where !(xs[i].isFinite && ys[i].isFinite) {
            xs[i] = .infinity; ys[i] = .infinity
            failed.append(i + indexOffset)
        }
        return failed
    }

    /// Transforms one coordinate.
    ///
    /// - Parameters:
    ///   - x: Easting (metres) or longitude (degrees).
    ///   - y: Northing (metres) or latitude (degrees).
    ///   - inverse: `true` transforms from the target back to the source.
    /// - Returns: The transformed pair, or `nil` when PROJ cannot transform it.
    /// - Complexity: O(1), but allocates two one-element arrays; prefer the array form for many points.
    ///
    /// ```swift
    /// let utm = try Reprojector(source: "EPSG:32643")
    /// if let (lon, lat) = utm.transform(x: 500_000, y: 4_747_000) { print(lon, lat) }   // 75.0, ≈ 42.87
    /// ```
    public func transform(x: Double, y: Double, inverse: Bool = false) -> (x: Double, y: Double)? {
        var xs = [x], ys = [y]
        guard (try? transform(x: &xs, y: &ys, inverse: inverse))?.isEmpty == true else { return nil }
        return (xs[0], ys[0])
    }

    private static func abbreviated(_ s: String) -> String {
        s.count <= 80 ? s : String(s.prefix(77)) + "..."
    }
}

extension Reprojector {
    /// Transforms large arrays on several threads, each with its own context and transformer.
    ///
    /// The arrays are cut into one contiguous chunk per thread; each thread builds a
    /// ``Reprojector`` from the same definitions (about 2 ms each) and transforms its chunk
    /// with `proj_trans_generic`.
    ///
    /// - Parameters:
    ///   - source: Source CRS definition (see ``init(source:target:)``).
    ///   - target: Target CRS definition, EPSG:4326 by default.
    ///   - x: Eastings or longitudes, replaced in place.
    ///   - y: Northings or latitudes, replaced in place.
    ///   - inverse: Transform from target to source instead.
    ///   - threads: Worker count; defaults to the number of active cores.
    /// - Returns: Indices (ascending) of points that could not be transformed; they are set to infinity.
    /// - Throws: ``ProjectionError`` if a CRS is not understood or the arrays differ in length.
    /// - Complexity: O(n / threads) wall time.
    ///
    /// ```swift
    /// var x = eastings, y = northings
    /// let failed = try Reprojector.transform(source: "EPSG:32643", x: &x, y: &y)
    /// ```
    @discardableResult
    public static func transform(source: String, target: String = "EPSG:4326",
                                 x: inout [Double], y: inout [Double], inverse: Bool = false,
                                 threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws(ProjectionError) -> [Int] {
        guard x.count == y.count else { throw ProjectionError(.invalidArgument, "x has \(x.count) values but y has \(y.count)") }
        let n = x.count
        let workers = Swift.max(1, Swift.min(threads, n / 65_536 + 1))
        if workers == 1 {
            return try Reprojector(source: source, target: target).transform(x: &x, y: &y, inverse: inverse)
        }
        let chunk = (n + workers - 1) / workers
        let results = ChunkResults<[Int]>(count: workers)
        x.withUnsafeMutableBufferPointer { xs in
            y.withUnsafeMutableBufferPointer { ys in
                guard let xStart = xs.baseAddress, let yStart = ys.baseAddress else { return }
                let xBase = UnsafeSendablePointer(xStart), yBase = UnsafeSendablePointer(yStart)
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    let lo = w * chunk, hi = Swift.min(n, lo + chunk)
                    guard lo < hi else { return }
                    do throws(ProjectionError) {
                        let r = try Reprojector(source: source, target: target)
                        let failed = r.transform(UnsafeMutableBufferPointer(start: xBase.pointer + lo, count: hi - lo),
                                                 UnsafeMutableBufferPointer(start: yBase.pointer + lo, count: hi - lo),
                                                 inverse: inverse, indexOffset: lo)
                        results.set(w, .success(failed))
                    } catch {
                        results.set(w, .failure(error))
                    }
                }
            }
        }
        var failed: [Int] = []
        for r in results.all() {
            switch r {
            case .success(let f): failed += f
            case .failure(let e): throw e
            case nil: continue
            }
        }
        return failed
    }
}

/// A raw pointer handed to worker threads that write disjoint ranges of one buffer.
struct UnsafeSendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}

/// Per-worker results of a parallel batch, written once each under a lock.
final class ChunkResults<T: Sendable>: @unchecked Sendable {
    private var values: [Result<T, ProjectionError>?]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ v: Result<T, ProjectionError>) { lock.lock(); values[i] = v; lock.unlock() }
    func all() -> [Result<T, ProjectionError>?] { lock.lock(); defer { lock.unlock() }; return values }
}
