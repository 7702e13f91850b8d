/// A GeoJSON geometry (RFC 7946 section 3.1), coordinates in EPSG:4326, longitude first.
///
/// Positions are 2D: an altitude (third number) is accepted on reading and dropped.
/// Polygon rings are closed (first position equals last) with at least four positions, the
/// first ring is the exterior. Empty `coordinates` arrays (`"LineString", []`) are kept as
/// empty geometries, as RFC 7946 allows.
///
/// ```swift
/// let g = GeoJSONGeometry.lineString([Coordinate(74.60, 42.87), Coordinate(74.61, 42.87)])
/// print(g.typeName, g.boundingBox)   // LineString, (74.6, 42.87)-(74.61, 42.87)
/// ```
public enum GeoJSONGeometry: Hashable, Sendable {
    /// One position.
    case point(Coordinate)
    /// Positions without order.
    case multiPoint([Coordinate])
    /// Two or more positions (or none: an empty LineString).
    case lineString([Coordinate])
    /// Several lines.
    case multiLineString([[Coordinate]])
    /// Rings: exterior first, then holes.
    case polygon([[Coordinate]])
    /// Several polygons.
    case multiPolygon([[[Coordinate]]])
    /// Several geometries of any type.
    case geometryCollection([GeoJSONGeometry])

    /// The RFC 7946 type name, e.g. `"MultiLineString"`.
    public var typeName: String { kind.name }

    /// The geometry's type, whose raw value is its RFC 7946 name.
    var kind: GeometryKind {
        switch self {
        case .point: return .point
        case .multiPoint: return .multiPoint
        case .lineString: return .lineString
        case .multiLineString: return .multiLineString
        case .polygon: return .polygon
        case .multiPolygon: return .multiPolygon
        case .geometryCollection: return .geometryCollection
        }
    }

    /// Whether the geometry has no positions at all.
    /// - Complexity: O(parts).
    public var isEmpty: Bool { positionCount == 0 }

    /// The number of positions, over all parts.
    /// - Complexity: O(parts).
    public var positionCount: Int {
        switch self {
        case .point: return 1
        case .multiPoint(let c), .lineString(let c): return c.count
        case .multiLineString(let p), .polygon(let p): return p.reduce(0) { $0 + $1.count }
        case .multiPolygon(let p): return p.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
        case .geometryCollection(let g): return g.reduce(0) { $0 + $1.positionCount }
        }
    }

    /// The box around every position; ``BoundingBox/empty`` for an empty geometry.
    /// - Complexity: O(positions).
    public var boundingBox: BoundingBox {
        var box = BoundingBox.empty
        forEachPosition { box.extend($0) }
        return box
    }

    /// Calls `body` with every position, in order (rings and parts in order, collections recursively).
    ///
    /// - Parameter body: Called once per position; an error it throws stops the walk and is rethrown.
    /// - Complexity: O(positions).
    ///
    /// ```swift
    /// var count = 0
    /// geometry.forEachPosition { _ in count += 1 }
    /// ```
    public func forEachPosition(_ body: (Coordinate) throws -> Void) rethrows {
        switch self {
        case .point(let c): try body(c)
        case .multiPoint(let cs), .lineString(let cs): for c in cs { try body(c) }
        case .multiLineString(let parts), .polygon(let parts):
            for p in parts { for c in p { try body(c) } }
        case .multiPolygon(let polys):
            for poly in polys { for ring in poly { for c in ring { try body(c) } } }
        case .geometryCollection(let gs): for g in gs { try g.forEachPosition(body) }
        }
    }
}

extension GeoJSONGeometry {
    /// A LineString of a polyline's vertices.
    ///
    /// ```swift
    /// let g = GeoJSONGeometry(try Polyline([Coordinate(74.60, 42.87), Coordinate(74.61, 42.87)]))
    /// ```
    /// - Complexity: O(1) (the coordinate array is shared).
    public init(_ line: Polyline) { self = .lineString(line.coordinates) }

    /// A MultiLineString of the parts' vertices.
    ///
    /// ```swift
    /// let g = GeoJSONGeometry(road.line)   // road: GeoJSONRoad
    /// ```
    /// - Complexity: O(parts).
    public init(_ line: MultiPolyline) { self = .multiLineString(line.parts.map(\.coordinates)) }
}
