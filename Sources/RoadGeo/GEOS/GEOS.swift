/// The GEOS operations the library itself calls, on Swift values, one fresh ``GEOSContext`` per
/// call: thread-safe by construction, at a cost of about 0.15 µs per call for the context.
///
/// Everything else GEOS offers RoadGeo (lengths, distances, projection, noding, clipping,
/// simplification, validity) is on ``GEOSContext``: create one and call its methods, on one
/// thread at a time.
///
/// **Units.** GEOS computes in the plane of the coordinates: for EPSG:4326 lengths and
/// tolerances are *planar degrees*. Metres are RoadGeo's job: see ``LocalRuler``, ``Geodesic``
/// and ``MeasuredPolyline``.
///
/// ```swift
/// let merged = try GEOS.lineMerge([a, b])        // one line when a ends where b starts
/// let length = try GEOSContext().length(merged[0])
/// ```
public enum GEOS {
    /// Merges lines that share end points (`GEOSLineMerge_r`).
    /// - Parameter lines: The lines.
    /// - Returns: The merged lines.
    /// - Throws: ``GEOSError``.
    /// - Complexity: O(n log n).
    ///
    /// ```swift
    /// try GEOS.lineMerge([a, b])   // one line when a ends where b starts
    /// ```
    public static func lineMerge(_ lines: [Polyline]) throws(GEOSError) -> [Polyline] {
        try GEOSContext().lineMerge(lines)
    }
}
