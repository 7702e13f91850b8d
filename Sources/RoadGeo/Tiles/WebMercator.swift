import Foundation

/// Spherical web mercator (EPSG:3857) in the unit square used by the tiler: x grows east from
/// 0 at longitude -180 to 1 at +180, y grows south from 0 at latitude +85.0511° to 1 at -85.0511°.
///
/// Tile `z/x/y` covers `[x, x+1] / 2^z` by `[y, y+1] / 2^z` in these units. Latitudes beyond
/// ±85.0511° are clamped to the square's edge (as every web map does).
///
/// ```swift
/// let p = WebMercator.project(Coordinate(74.6, 42.87))    // (0.7072.., 0.3685..)
/// let c = WebMercator.unproject(x: p.x, y: p.y)           // ≈ (74.6, 42.87)
/// let m = WebMercator.meters(Coordinate(74.6, 42.87))     // EPSG:3857 metres
/// ```
public enum WebMercator {
    /// The latitude of the square's north edge, degrees (`atan(sinh(π))`).
    public static let maxLatitude = 85.051128779806592
    /// Earth radius of EPSG:3857, metres.
    public static let earthRadiusMeters = 6_378_137.0
    /// Half the width of the EPSG:3857 plane, metres (`π R`).
    public static let halfWorldMeters = Double.pi * 6_378_137.0

    /// Projects a coordinate to the unit square.
    /// - Parameter c: Longitude and latitude in degrees.
    /// - Returns: `x` in 0...1 east, `y` in 0...1 south (latitude clamped to ±85.0511°).
    /// - Complexity: O(1).
    @inlinable
    public static func project(_ c: Coordinate) -> (x: Double, y: Double) {
        (projectX(c.longitude), projectY(c.latitude))
    }

    /// Projects a longitude to the unit square's x (0 at -180°, 1 at +180°).
    /// - Parameter longitude: Degrees.
    @inlinable
    public static func projectX(_ longitude: Double) -> Double { longitude / 360 + 0.5 }

    /// Projects a latitude to the unit square's y (0 at the north edge), clamped to 0...1.
    /// - Parameter latitude: Degrees.
    @inlinable
    public static func projectY(_ latitude: Double) -> Double {
        let s = sin(latitude * .pi / 180)
        let y = 0.5 - 0.25 * log((1 + s) / (1 - s)) / .pi
        return y < 0 ? 0 : (y > 1 ? 1 : y)
    }

    /// The coordinate at a unit-square position.
    /// - Parameters: x: 0...1 east. y: 0...1 south.
    /// - Returns: Longitude and latitude in degrees.
    /// - Complexity: O(1).
    @inlinable
    public static func unproject(x: Double, y: Double) -> Coordinate {
        Coordinate(unprojectX(x), unprojectY(y))
    }

    /// The longitude of a unit-square x, degrees.
    @inlinable
    public static func unprojectX(_ x: Double) -> Double { (x - 0.5) * 360 }

    /// The latitude of a unit-square y, degrees.
    @inlinable
    public static func unprojectY(_ y: Double) -> Double {
        atan(sinh(.pi * (1 - 2 * y))) * 180 / .pi
    }

    /// Projects a coordinate to EPSG:3857 metres (x east, y north).
    /// - Parameter c: Longitude and latitude in degrees (latitude clamped to ±85.0511°).
    /// - Complexity: O(1).
    @inlinable
    public static func meters(_ c: Coordinate) -> (x: Double, y: Double) {
        let p = project(c)
        return ((p.x * 2 - 1) * halfWorldMeters, (1 - p.y * 2) * halfWorldMeters)
    }

    /// The unit-square box of a geographic box (north and south swap: y grows south).
    /// - Parameter box: A box in longitude/latitude degrees.
    /// - Complexity: O(1).
    public static func project(_ box: BoundingBox) -> BoundingBox {
        if box.isEmpty { return .empty }
        return BoundingBox(minX: projectX(box.minX), minY: projectY(box.maxY),
                           maxX: projectX(box.maxX), maxY: projectY(box.minY))
    }
}
