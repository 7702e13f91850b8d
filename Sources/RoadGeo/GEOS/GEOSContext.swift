import CGEOS

/// One GEOS context (`GEOS_init_r`), with message handlers that turn GEOS's errors and
/// notices into ``GEOSError`` values.
///
/// Every operation takes Swift values (``Polyline``, ``MultiPolyline``, ``Coordinate``),
/// converts them to GEOS geometries through coordinate-sequence buffers, calls the reentrant
/// `_r` function, converts the result back and frees every GEOS object before returning.
///
/// **Threads.** GEOS forbids using one context from two threads at once, so this class is
/// deliberately not `Sendable`: keep one per thread (or task) and reuse it for batches. The
/// static functions on ``GEOS`` create a fresh context per call instead (about 0.15 µs), which
/// is thread-safe by construction.
///
/// **Units.** GEOS works in the plane of the coordinates it is given: for EPSG:4326 input,
/// lengths, distances and tolerances are in *planar degrees* (a mix of longitude and latitude
/// degrees), exactly as GEOS computes them. Converting to metres is RoadGeo's job
/// (``LocalRuler``, ``Geodesic``, ``MeasuredPolyline``), not GEOS's.
///
/// ```swift
/// let geos = try GEOSContext()
/// for road in roads {
///     let pieces = try geos.clip(road, to: box)   // reuses the same context
/// }
/// ```
public final class GEOSContext {
    /// The `GEOSContextHandle_t`.
    let handle: OpaquePointer
    /// The last error message GEOS sent during the current call, if any.
    public private(set) var lastError: String?
    /// The last notice (warning) GEOS sent during the current call, if any. A notice alone
    /// does not fail an operation (``isValid(_:)`` issues one for every invalid geometry).
    public private(set) var lastNotice: String?

    /// Creates a context and installs its error and notice handlers.
    /// - Throws: ``GEOSError`` if GEOS cannot allocate a context.
    /// - Complexity: O(1), about 0.15 µs.
    ///
    /// ```swift
    /// let geos = try GEOSContext()
    /// ```
    public init() throws(GEOSError) {
        guard let h = GEOS_init_r() else {
            throw GEOSError(.contextUnavailable, "GEOS could not allocate a context", operation: "GEOS_init_r")
        }
        handle = h
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = GEOSContext_setErrorMessageHandler_r(h, { message, userdata in
            guard let message, let userdata else { return }
            Unmanaged<GEOSContext>.fromOpaque(userdata).takeUnretainedValue().lastError = String(cString: message)
        }, me)
        _ = GEOSContext_setNoticeMessageHandler_r(h, { message, userdata in
            guard let message, let userdata else { return }
            Unmanaged<GEOSContext>.fromOpaque(userdata).takeUnretainedValue().lastNotice = String(cString: message)
        }, me)
    }

    deinit {
        GEOS_finish_r(handle)
    }

    /// The GEOS library version, e.g. `"3.11.1-CAPI-1.17.1"`.
    public static var version: String { String(cString: GEOSversion()) }

    /// Forgets the messages of the previous call; every operation starts with this.
    func resetMessages() {
        lastError = nil
        lastNotice = nil
    }

    /// The error for a failed call of `operation`, with GEOS's messages.
    func failure(_ operation: String, _ fallback: String = "GEOS reported a failure without a message") -> GEOSError {
        var text = lastError ?? fallback
        if let lastNotice { text += " (notice: \(lastNotice))" }
        return GEOSError(.geosFailure, text, operation: operation)
    }
}
