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
