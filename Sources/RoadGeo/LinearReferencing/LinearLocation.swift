/// Which side of a line a point lies on, looking along the line from its start to its end.
public enum LineSide: Hashable, Sendable {
    /// To the left of the direction of travel.
    case left
    /// To the right of the direction of travel.
    case right
    /// On the line itself (distance zero).
    case on
}

/// A position on a ``MeasuredPolyline``: where a point was located, or the point at a measure.
///
/// The JTS/cheap-ruler vocabulary: ``segmentIndex`` and ``fraction`` pin the position
/// exactly (segment `i` runs from vertex `i` to vertex `i + 1`); ``measureMeters`` is the
/// distance along the line from its start.
///
/// ```swift
/// let road = MeasuredPolyline(line)
/// let at = road.locate(Coordinate(74.6051, 42.8702))
/// print(at.measureMeters, at.distanceMeters, at.side)   // 412.7  9.8  left
/// ```
public struct LinearLocation: Hashable, Sendable {
    /// The segment the position lies on, `0..<line.segmentCount`.
    public var segmentIndex: Int
    /// Position within the segment, 0 (its start vertex) ... 1 (its end vertex).
    public var fraction: Double
    /// Metres along the line from its start.
    public var measureMeters: Double
    /// The position on the line (EPSG:4326, longitude first).
    public var coordinate: Coordinate
    /// Metres from the located point to ``coordinate``; 0 for a position made from a measure.
    public var distanceMeters: Double
    /// The side of the line the located point lies on; ``LineSide/on`` at distance 0.
    public var side: LineSide

    /// Creates a location.
    /// - Parameters:
    ///   - segmentIndex: Segment index. - fraction: 0...1 within it. - measureMeters: Metres from the start.
    ///   - coordinate: The point on the line. - distanceMeters: Metres off the line. - side: Side of the line.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// LinearLocation(segmentIndex: 0, fraction: 0.5, measureMeters: 50, coordinate: c, distanceMeters: 0, side: .on)
    /// ```
    public init(segmentIndex: Int, fraction: Double, measureMeters: Double, coordinate: Coordinate,
                distanceMeters: Double, side: LineSide) {
        self.segmentIndex = segmentIndex
        self.fraction = fraction
        self.measureMeters = measureMeters
        self.coordinate = coordinate
        self.distanceMeters = distanceMeters
        self.side = side
    }
}
