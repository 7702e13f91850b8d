/// The shape types of the ESRI shapefile specification (July 1998), by their numeric code.
///
/// Every non-null record of a file has the file's shape type. The Z variants carry an
/// elevation per point and optionally a measure; the M variants carry a measure.
///
/// ```swift
/// ShapeType(rawValue: 13)?.hasZ   // true: PolyLineZ
/// ```
public enum ShapeType: Int32, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// No geometry (a record whose shape was deleted or never drawn).
    case null = 0
    /// One point.
    case point = 1
    /// One or more lines (parts).
    case polyLine = 3
    /// One or more rings.
    case polygon = 5
    /// A set of points.
    case multiPoint = 8
    /// Point with Z (and optional M).
    case pointZ = 11
    /// PolyLine with Z (and optional M).
    case polyLineZ = 13
    /// Polygon with Z (and optional M).
    case polygonZ = 15
    /// MultiPoint with Z (and optional M).
    case multiPointZ = 18
    /// Point with M.
    case pointM = 21
    /// PolyLine with M.
    case polyLineM = 23
    /// Polygon with M.
    case polygonM = 25
    /// MultiPoint with M.
    case multiPointM = 28
    /// Surface patches (triangle strips, fans, rings): recognised, not read.
    case multiPatch = 31

    /// The geometry family, ignoring Z and M.
    ///
    /// ```swift
    /// ShapeType.polyLineZ.family == .polyLine   // true: roads with elevations are still lines
    /// ```
    public enum Family: Hashable, Sendable {
        /// ``ShapeType/null``.
        case null
        /// Point, PointZ, PointM.
        case point
        /// MultiPoint, MultiPointZ, MultiPointM.
        case multiPoint
        /// PolyLine, PolyLineZ, PolyLineM.
        case polyLine
        /// Polygon, PolygonZ, PolygonM.
        case polygon
        /// MultiPatch.
        case multiPatch
    }

    /// The geometry family.
    public var family: Family {
        switch self {
        case .null: return .null
        case .point, .pointZ, .pointM: return .point
        case .multiPoint, .multiPointZ, .multiPointM: return .multiPoint
        case .polyLine, .polyLineZ, .polyLineM: return .polyLine
        case .polygon, .polygonZ, .polygonM: return .polygon
        case .multiPatch: return .multiPatch
        }
    }

    /// Whether records carry a Z value per point (and may carry M).
    public var hasZ: Bool {
        switch self {
        case .pointZ, .polyLineZ, .polygonZ, .multiPointZ, .multiPatch: return true
        default: return false
        }
    }

    /// Whether records carry (or, for Z types, may carry) an M value per point.
    public var hasM: Bool {
        switch self {
        case .pointM, .polyLineM, .polygonM, .multiPointM: return true
        default: return hasZ
        }
    }

    /// The specification's name, e.g. `PolyLineZ`.
    public var description: String {
        switch self {
        case .null: return "Null"
        case .point: return "Point"
        case .polyLine: return "PolyLine"
        case .polygon: return "Polygon"
        case .multiPoint: return "MultiPoint"
        case .pointZ: return "PointZ"
        case .polyLineZ: return "PolyLineZ"
        case .polygonZ: return "PolygonZ"
        case .multiPointZ: return "MultiPointZ"
        case .pointM: return "PointM"
        case .polyLineM: return "PolyLineM"
        case .polygonM: return "PolygonM"
        case .multiPointM: return "MultiPointM"
        case .multiPatch: return "MultiPatch"
        }
    }
}
