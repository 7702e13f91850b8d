import CProj

/// Exact distances on the WGS84 ellipsoid through PROJ's implementation of Karney's
/// algorithms (`geod_inverse`, `geod_direct`).
///
/// Use it where a figure must be exact (reports, tests, long distances); hot paths use
/// ``LocalRuler``. The ellipsoid parameters are read-only after set-up, so the shared
/// ``wgs84`` value is safe to use from any thread.
///
/// ```swift
/// let g = Geodesic.wgs84.inverse(Coordinate(74.6, 42.87), Coordinate(76.9, 43.25))
/// print(g.distance, g.azimuth1)
/// ```
///
/// C. F. F. Karney, "Algorithms for geodesics", J. Geodesy 87 (2013).
public struct Geodesic: Sendable {
    private var g: geod_geodesic

    /// The WGS84 ellipsoid.
    public static let wgs84 = Geodesic(equatorialRadius: LocalRuler.equatorialRadius,
                                       flattening: LocalRuler.flattening)

    /// An ellipsoid with the given semi-major axis and flattening.
    ///
    /// - Parameters:
    ///   - equatorialRadius: Semi-major axis in metres.
    ///   - flattening: `(a - b) / a`; 0 gives a sphere.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let sphere = Geodesic(equatorialRadius: 6_371_008.8, flattening: 0)
    /// ```
    public init(equatorialRadius: Double, flattening: Double) {
        g = geod_geodesic()
        geod_init(&g, equatorialRadius, flattening)
    }

    /// The solution of the inverse problem between two points: length (metres) and azimuths (degrees).
    ///
    /// ```swift
    /// let g = Geodesic.wgs84.inverse(Coordinate(74.6, 42.87), Coordinate(74.6, 42.88))
    /// // g.distance ≈ 1,111 m, g.azimuth1 ≈ 0 (due north)
    /// ```
    public struct Inverse: Hashable, Sendable {
        /// Length of the geodesic in metres.
        public var distance: Double
        /// Azimuth at the first point, degrees clockwise from north.
        public var azimuth1: Double
        /// Azimuth at the second point, degrees clockwise from north.
        public var azimuth2: Double
    }

    /// Distance and azimuths between two points (Karney's solution of the inverse problem).
    ///
    /// - Parameters:
    ///   - a: Start (longitude, latitude in degrees).
    ///   - b: End.
    /// - Returns: The geodesic's length (metres) and azimuths (degrees clockwise from north).
    /// - Complexity: O(1), about a microsecond.
    ///
    /// ```swift
    /// let g = Geodesic.wgs84.inverse(Coordinate(74.6, 42.87), Coordinate(76.9, 43.25))
    /// print(g.distance / 1000, g.azimuth1)   // ≈ 191 km, heading east-north-east
    /// ```
    public func inverse(_ a: Coordinate, _ b: Coordinate) -> Inverse {
        var s12 = 0.0, azi1 = 0.0, azi2 = 0.0
        withUnsafePointer(to: g) { gp in
            geod_inverse(gp, a.latitude, a.longitude, b.latitude, b.longitude, &s12, &azi1, &azi2)
        }
        return Inverse(distance: s12, azimuth1: azi1, azimuth2: azi2)
    }

    /// Geodesic distance in metres.
    /// - Parameters:
    ///   - a: One point.
    ///   - b: The other.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// Geodesic.wgs84.distance(Coordinate(0, 0), Coordinate(1, 0))  // 111,319.49 m
    /// ```
    public func distance(_ a: Coordinate, _ b: Coordinate) -> Double {
        inverse(a, b).distance
    }

    /// The point reached from `start` along `azimuth` after `meters` (the direct problem).
    ///
    /// - Parameters:
    ///   - start: Origin (longitude, latitude in degrees).
    ///   - azimuth: Degrees clockwise from north.
    ///   - meters: Distance along the geodesic in metres (negative goes backwards).
    /// - Returns: The end point, longitude in -180...180.
    /// - Complexity: O(1), about a microsecond.
    ///
    /// ```swift
    /// let east = Geodesic.wgs84.destination(from: Coordinate(74.6, 42.87), azimuth: 90, meters: 1000)
    /// // ≈ (74.6123, 42.8700)
    /// ```
    public func destination(from start: Coordinate, azimuth: Double, meters: Double) -> Coordinate {
        var lat2 = 0.0, lon2 = 0.0, azi2 = 0.0
        withUnsafePointer(to: g) { gp in
            geod_direct(gp, start.latitude, start.longitude, azimuth, meters, &lat2, &lon2, &azi2)
        }
        return Coordinate(lon2, lat2)
    }
}
