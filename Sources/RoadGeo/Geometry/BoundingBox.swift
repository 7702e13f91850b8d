/// An axis-aligned box: for geographic data x is longitude and y is latitude, in degrees.
///
/// The same type serves projected planes (web mercator, tile pixels) inside algorithms; the
/// units are then those of the plane. An empty box has `minX > maxX` and absorbs nothing.
///
/// ```swift
/// var box = BoundingBox.empty
/// box.extend(Coordinate(74.5, 42.8))
/// box.extend(Coordinate(74.7, 42.9))
/// box.contains(Coordinate(74.6, 42.85))   // true
/// ```
public struct BoundingBox: Hashable, Sendable {
    /// West edge (minimum longitude or x).
    public var minX: Double
    /// South edge (minimum latitude or y).
    public var minY: Double
    /// East edge (maximum longitude or x).
    public var maxX: Double
    /// North edge (maximum latitude or y).
    public var maxY: Double

    /// Creates a box from its edges, in degrees for geographic data (x = longitude, y = latitude).
    ///
    /// - Parameters:
    ///   - minX: West edge.
    ///   - minY: South edge.
    ///   - maxX: East edge.
    ///   - maxY: North edge.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let bishkek = BoundingBox(minX: 74.45, minY: 42.80, maxX: 74.75, maxY: 42.95)
    /// ```
    @inlinable
    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }

    /// The degenerate box of one point.
    ///
    /// - Parameter c: The point (longitude, latitude in degrees).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let box = BoundingBox(Coordinate(74.6, 42.87))   // width 0, height 0
    /// ```
    @inlinable
    public init(_ c: Coordinate) {
        self.init(minX: c.longitude, minY: c.latitude, maxX: c.longitude, maxY: c.latitude)
    }

    /// The smallest box holding both points (a segment's box); the order of the points does not matter.
    ///
    /// - Parameters:
    ///   - a: One end.
    ///   - b: The other end.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let box = BoundingBox(Coordinate(74.61, 42.88), Coordinate(74.60, 42.87))
    /// // minX 74.60, minY 42.87, maxX 74.61, maxY 42.88
    /// ```
    @inlinable
    public init(_ a: Coordinate, _ b: Coordinate) {
        self.init(minX: Swift.min(a.longitude, b.longitude), minY: Swift.min(a.latitude, b.latitude),
                  maxX: Swift.max(a.longitude, b.longitude), maxY: Swift.max(a.latitude, b.latitude))
    }

    /// The smallest box holding all the coordinates; ``empty`` for none.
    ///
    /// - Parameter coordinates: Any sequence of coordinates.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// let box = BoundingBox(covering: road.coordinates)   // same as road.boundingBox
    /// ```
    @inlinable
    public init<S: Sequence>(covering coordinates: S) where S.Element == Coordinate {
        self = .empty
        for c in coordinates { extend(c) }
    }

    /// The box that contains nothing; extending it by a point gives that point's box.
    public static let empty = BoundingBox(minX: .infinity, minY: .infinity, maxX: -.infinity, maxY: -.infinity)

    /// Whether the box contains nothing.
    @inlinable public var isEmpty: Bool { !(minX <= maxX && minY <= maxY) }
    /// East-west extent, in the box's units (degrees of longitude for a geographic box; negative when empty).
    @inlinable public var width: Double { maxX - minX }
    /// North-south extent, in the box's units (degrees of latitude for a geographic box; negative when empty).
    @inlinable public var height: Double { maxY - minY }
    /// The centre point.
    @inlinable public var center: Coordinate { Coordinate((minX + maxX) / 2, (minY + maxY) / 2) }

    /// Grows the box to include a point.
    ///
    /// - Parameter c: The point.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// var box = BoundingBox.empty
    /// box.extend(Coordinate(74.6, 42.87))   // now the box of that point
    /// ```
    @inlinable
    public mutating func extend(_ c: Coordinate) {
        extend(BoundingBox(c))   // the point's box: the same four comparisons once inlined
    }

    /// Grows the box to include another box; extending by ``empty`` changes nothing.
    ///
    /// - Parameter b: The other box.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// var all = BoundingBox.empty
    /// for road in roads { all.extend(road.boundingBox) }
    /// ```
    @inlinable
    public mutating func extend(_ b: BoundingBox) {
        if b.minX < minX { minX = b.minX }
        if b.maxX > maxX { maxX = b.maxX }
        if b.minY < minY { minY = b.minY }
        if b.maxY > maxY { maxY = b.maxY }
    }

    /// The smallest box holding both boxes.
    ///
    /// - Parameter b: The other box.
    /// - Returns: A new box; `self` is unchanged.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let both = roadA.boundingBox.union(roadB.boundingBox)
    /// ```
    @inlinable
    public func union(_ b: BoundingBox) -> BoundingBox {
        var r = self; r.extend(b); return r
    }

    /// Whether the boxes share at least one point (touching edges count).
    ///
    /// - Parameter b: The other box.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let a = BoundingBox(minX: 0, minY: 0, maxX: 1, maxY: 1)
    /// a.intersects(BoundingBox(minX: 1, minY: 1, maxX: 2, maxY: 2))   // true: they touch at (1, 1)
    /// ```
    @inlinable
    public func intersects(_ b: BoundingBox) -> Bool {
        b.minX <= maxX && b.maxX >= minX && b.minY <= maxY && b.maxY >= minY
    }

    /// Whether the point lies inside or on the edge.
    ///
    /// - Parameter c: The point.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// BoundingBox(minX: 74, minY: 42, maxX: 75, maxY: 43).contains(Coordinate(74.6, 42.87))   // true
    /// ```
    @inlinable
    public func contains(_ c: Coordinate) -> Bool {
        c.longitude >= minX && c.longitude <= maxX && c.latitude >= minY && c.latitude <= maxY
    }

    /// Whether `b` lies wholly inside this box (shared edges count as inside).
    ///
    /// - Parameter b: The other box.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let city = BoundingBox(minX: 74, minY: 42, maxX: 75, maxY: 43)
    /// city.contains(road.boundingBox)
    /// ```
    @inlinable
    public func contains(_ b: BoundingBox) -> Bool {
        b.minX >= minX && b.maxX <= maxX && b.minY >= minY && b.maxY <= maxY
    }

    /// The box grown by `dx` east and west and `dy` north and south, in the box's own units
    /// (degrees for a geographic box). Use ``expanded(byMeters:)`` for a margin in metres.
    ///
    /// - Parameters:
    ///   - dx: Horizontal margin.
    ///   - dy: Vertical margin.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let padded = box.expanded(by: 0.01, 0.01)   // 0.01° on every side
    /// ```
    @inlinable
    public func expanded(by dx: Double, _ dy: Double) -> BoundingBox {
        BoundingBox(minX: minX - dx, minY: minY - dy, maxX: maxX + dx, maxY: maxY + dy)
    }

    /// The box grown by `meters` on every side, for a geographic box.
    ///
    /// Uses the largest longitude degree length needed anywhere in the box so the result
    /// always contains every point within `meters` of the box (clamped to ±90 latitude).
    /// - Parameter meters: Margin in metres, ≥ 0.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let around = BoundingBox(Coordinate(74.6, 42.9)).expanded(byMeters: 50)
    /// ```
    public func expanded(byMeters meters: Double) -> BoundingBox {
        let dLat = meters / LocalRuler.minMetersPerDegreeLatitude
        let south = Swift.max(-90, minY - dLat), north = Swift.min(90, maxY + dLat)
        let polewardLat = Swift.max(abs(south), abs(north))
        let kx = LocalRuler(latitude: polewardLat).metersPerDegreeLongitude
        let dLon = kx > meters / 360 ? meters / kx : 360
        return BoundingBox(minX: minX - dLon, minY: south, maxX: maxX + dLon, maxY: north)
    }
}
