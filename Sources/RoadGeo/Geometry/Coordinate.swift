/// A position on the Earth as (longitude, latitude) in degrees, EPSG:4326, longitude first.
///
/// `Coordinate` is a plain value: constructing one never fails, so it can also carry
/// projected or tile coordinates inside algorithms. Use ``validated(_:_:)`` (or build a
/// ``Polyline``) to check that a value read from input is a real geographic position.
///
/// ```swift
/// let bishkek = Coordinate(74.5698, 42.8746)
/// print(bishkek.longitude, bishkek.latitude)
/// ```
public struct Coordinate: Hashable, Sendable {
    /// Longitude in degrees, east positive, within -180...180 for geographic data.
    public var longitude: Double
    /// Latitude in degrees, north positive, within -90...90 for geographic data.
    public var latitude: Double

    /// Creates a coordinate from longitude and latitude in degrees (longitude first).
    ///
    /// Never fails and does not validate; see ``validated(_:_:)``.
    ///
    /// - Parameters:
    ///   - longitude: Degrees east.
    ///   - latitude: Degrees north.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let osh = Coordinate(72.80, 40.53)
    /// ```
    @inlinable
    public init(_ longitude: Double, _ latitude: Double) {
        self.longitude = longitude
        self.latitude = latitude
    }

    /// Whether both components are finite, the latitude is within ±90 and the longitude within ±180.
    ///
    /// ```swift
    /// Coordinate(74.6, 42.9).isValidGeographic   // true
    /// Coordinate(42.9, 174.6).isValidGeographic  // false: latitude out of range
    /// ```
    /// - Complexity: O(1).
    @inlinable
    public var isValidGeographic: Bool {
        longitude.isFinite && latitude.isFinite
            && latitude >= -90 && latitude <= 90
            && longitude >= -180 && longitude <= 180
    }

    /// Returns a coordinate after checking that it is a real geographic position.
    ///
    /// - Parameters:
    ///   - longitude: Degrees east, -180...180.
    ///   - latitude: Degrees north, -90...90.
    /// - Throws: ``GeometryError`` naming the offending component.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let c = try Coordinate.validated(74.6, 42.9)
    /// ```
    public static func validated(_ longitude: Double, _ latitude: Double) throws(GeometryError) -> Coordinate {
        let c = Coordinate(longitude, latitude)
        if let problem = c.geographicProblem { throw GeometryError(.invalidCoordinate, problem) }
        return c
    }

    /// A sentence naming what makes this coordinate not a geographic position, or `nil` if it is one.
    @usableFromInline
    var geographicProblem: String? {
        if !longitude.isFinite || !latitude.isFinite {
            return "coordinate (\(longitude), \(latitude)) is not finite"
        }
        if latitude < -90 || latitude > 90 {
            let hint = (longitude >= -90 && longitude <= 90) ? " (are longitude and latitude swapped?)" : ""
            return "latitude \(latitude) is outside -90...90\(hint)"
        }
        if longitude < -180 || longitude > 180 {
            return "longitude \(longitude) is outside -180...180"
        }
        return nil
    }
}

extension Coordinate: CustomStringConvertible {
    /// `(lon, lat)` with full precision.
    public var description: String { "(\(longitude), \(latitude))" }
}
