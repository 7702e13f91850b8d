/// A point snapped to a road: which road, where on it, how far away and on which side.
///
/// ```swift
/// if let hit = network.snap(report) {
///     let road = network.road(of: hit)
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
