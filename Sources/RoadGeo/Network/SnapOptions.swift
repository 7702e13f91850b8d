/// How a point is snapped to a ``RoadNetwork``: how far to look, which roads, which direction.
///
/// ```swift
/// var options = SnapOptions(maxDistanceMeters: 30)
/// options.bearingDegrees = 90            // the reporter was driving east
/// options.bearingToleranceDegrees = 30
/// ```
public struct SnapOptions: Hashable, Sendable {
    /// Only roads at most this far (metres) match; farther points get no match, never a wrong road.
    public var maxDistanceMeters: Double
    /// Only these roads may match (`nil`: all roads).
    public var selection: RoadSelection?
    /// The direction of travel when the report was taken, degrees clockwise from north (`nil`: any).
    public var bearingDegrees: Double?
    /// How far (degrees) a segment's direction may differ from ``bearingDegrees``.
    public var bearingToleranceDegrees: Double
    /// Whether a segment running the opposite way also matches the bearing (two-way roads drawn
    /// once). Set it to `false` for divided carriageways drawn as one line per direction.
    public var bearingMatchesReverse: Bool

    /// Creates options.
    /// - Parameters:
    ///   - maxDistanceMeters: Reach in metres (default 50).
    ///   - selection: Allowed roads, or `nil` for all.
    ///   - bearingDegrees: Direction of travel, or `nil`.
    ///   - bearingToleranceDegrees: Allowed difference in degrees (default 30).
    ///   - bearingMatchesReverse: Accept segments running the other way (default `true`).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// SnapOptions(maxDistanceMeters: 30, bearingDegrees: 90)
    /// ```
    public init(maxDistanceMeters: Double = 50, selection: RoadSelection? = nil, bearingDegrees: Double? = nil,
                bearingToleranceDegrees: Double = 30, bearingMatchesReverse: Bool = true) {
        self.maxDistanceMeters = maxDistanceMeters
        self.selection = selection
        self.bearingDegrees = bearingDegrees
        self.bearingToleranceDegrees = bearingToleranceDegrees
        self.bearingMatchesReverse = bearingMatchesReverse
    }
}

/// A point snapped to a road: which road, where on it, how far away and on which side.
///
/// ```swift
/// if let hit = network.snap(report) {
///     let road = network.roads[hit.roadIndex]
///     print(road.id, Chainage(meters: hit.measureMeters)!, hit.distanceMeters, hit.side)
/// }
/// ```
public struct RoadSnap: Hashable, Sendable {
    /// Index of the road in ``RoadNetwork/roads``.
    public var roadIndex: Int
    /// Segment, fraction, measure, snapped point, distance and side on that road.
    public var location: LinearLocation

    /// Creates a result.
    /// - Parameters: roadIndex: The road. location: Where on it.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// RoadSnap(roadIndex: 0, location: road.line.locate(p))
    /// ```
    public init(roadIndex: Int, location: LinearLocation) {
        self.roadIndex = roadIndex
        self.location = location
    }

    /// The snapped point on the road (EPSG:4326).
    public var coordinate: Coordinate { location.coordinate }
    /// Metres from the point to the road.
    public var distanceMeters: Double { location.distanceMeters }
    /// Metres along the road from its start.
    public var measureMeters: Double { location.measureMeters }
    /// Segment of the road (`0..<segmentCount`).
    public var segmentIndex: Int { location.segmentIndex }
    /// Position within the segment, 0...1.
    public var fraction: Double { location.fraction }
    /// Side of the road the point is on, looking along the road.
    public var side: LineSide { location.side }
}
