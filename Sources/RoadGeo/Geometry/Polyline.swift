/// A line through two or more distinct geographic coordinates (EPSG:4326, longitude first).
///
/// Validated at construction: every coordinate is finite with latitude within ±90 and
/// longitude within ±180, consecutive duplicate coordinates are dropped (they would make
/// zero-length segments), and at least two distinct coordinates remain. Algorithms can
/// therefore rely on every segment having a positive length.
///
/// ```swift
/// let road = try Polyline([Coordinate(74.60, 42.87), Coordinate(74.61, 42.87), Coordinate(74.61, 42.88)])
/// print(road.count, road.lengthMeters)   // 3, ≈ 1,929
/// ```
public struct Polyline: Hashable, Sendable {
    /// The vertices, at least two, no two consecutive ones equal.
    public let coordinates: [Coordinate]

    /// Validates and creates a polyline.
    ///
    /// - Parameter coordinates: Vertices in order (longitude, latitude in degrees);
    ///   consecutive duplicates are removed.
    /// - Throws: ``GeometryError`` naming the first bad vertex, or too few distinct vertices.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// let road = try Polyline([Coordinate(74.60, 42.87), Coordinate(74.60, 42.87), Coordinate(74.61, 42.87)])
    /// road.count   // 2: the repeated vertex was dropped
    /// ```
    public init(_ coordinates: [Coordinate]) throws(GeometryError) {
        var kept: [Coordinate] = []
        kept.reserveCapacity(coordinates.count)
        for (i, c) in coordinates.enumerated() {
            if let problem = c.geographicProblem {
                throw GeometryError(.invalidCoordinate, "vertex \(i): \(problem)")
            }
            if kept.last != c { kept.append(c) }
        }
        guard kept.count >= 2 else {
            throw GeometryError(.tooFewPoints, "a polyline needs at least 2 distinct coordinates, got \(kept.count)")
        }
        self.coordinates = kept
    }

    /// Creates a polyline from vertices the caller has already validated.
    ///
    /// - Precondition: At least two coordinates, all valid, no consecutive duplicates
    ///   (checked in debug builds only).
    /// - Parameter coordinates: The vertices.
    /// - Complexity: O(1) in release builds.
    ///
    /// ```swift
    /// // A sub-line of a validated polyline is valid too.
    /// let head = Polyline(uncheckedCoordinates: Array(road.coordinates.prefix(2)))
    /// ```
    public init(uncheckedCoordinates coordinates: [Coordinate]) {
        assert(coordinates.count >= 2 && coordinates.allSatisfy(\.isValidGeographic)
               && zip(coordinates, coordinates.dropFirst()).allSatisfy { $0 != $1 })
        self.coordinates = coordinates
    }

    /// Number of vertices.
    @inlinable public var count: Int { coordinates.count }
    /// Number of segments (`count - 1`).
    @inlinable public var segmentCount: Int { coordinates.count - 1 }
    /// First vertex.
    @inlinable public var start: Coordinate { coordinates[0] }
    /// Last vertex.
    @inlinable public var end: Coordinate { coordinates[coordinates.count - 1] }

    /// The bounding box of all vertices.
    /// - Complexity: O(n).
    public var boundingBox: BoundingBox { BoundingBox(covering: coordinates) }

    /// Length in metres: the sum of the segments' ``LocalRuler/distance(_:_:)``.
    /// - Complexity: O(n).
    public var lengthMeters: Double {
        var total = 0.0
        for i in 1..<coordinates.count {
            total += LocalRuler.distance(coordinates[i - 1], coordinates[i])
        }
        return total
    }

    /// The same line traversed from end to start.
    /// - Complexity: O(n).
    public var reversed: Polyline { Polyline(uncheckedCoordinates: coordinates.reversed()) }
}

/// A line made of several parts, each a ``Polyline`` (a GeoJSON MultiLineString, a multipart
/// shapefile PolyLine).
///
/// ```swift
/// let m = MultiPolyline(parts: [roadA, roadB])
/// print(m.lengthMeters)
/// ```
public struct MultiPolyline: Hashable, Sendable {
    /// The parts, in order.
    public var parts: [Polyline]

    /// Creates a multi-part line.
    ///
    /// - Parameter parts: The parts (possibly none).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let m = MultiPolyline(parts: [try Polyline([Coordinate(74.60, 42.87), Coordinate(74.61, 42.87)])])
    /// ```
    public init(parts: [Polyline]) { self.parts = parts }

    /// Sum of the parts' lengths in metres.
    /// - Complexity: O(total vertices).
    public var lengthMeters: Double { parts.reduce(0) { $0 + $1.lengthMeters } }

    /// The box around every part; ``BoundingBox/empty`` when there are none.
    public var boundingBox: BoundingBox {
        parts.reduce(BoundingBox.empty) { $0.union($1.boundingBox) }
    }
}
