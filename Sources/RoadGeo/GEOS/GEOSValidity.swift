/// The answer of a GEOS validity check: whether the geometry is valid, and GEOS's reason.
///
/// ```swift
/// let v = try GEOSContext().validity(ofPolygonRings: [bowTie])
/// print(v.isValid, v.reason)   // false  "Self-intersection[0.5 0.5]"
/// ```
public struct GEOSValidity: Hashable, Sendable {
    /// `GEOSisValid_r`'s verdict.
    public var isValid: Bool
    /// `GEOSisValidReason_r`'s text: `"Valid Geometry"`, or the problem and where it is.
    public var reason: String
}
