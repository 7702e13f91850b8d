/// A coordinate reference system PROJ could not understand, or a transformation that failed.
///
/// ```swift
/// do { _ = try Reprojector(source: "EPSG:999999") }
/// catch { print(error.kind, error) }  // unknown CRS  cannot create CRS from 'EPSG:999999': crs not found
/// ```
public struct ProjectionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of problem, for callers that branch on it. New kinds may be added.
    ///
    /// ```swift
    /// do { _ = try Reprojector(source: prj) }
    /// catch where error.kind == .unknownCRS { print("pass --source-crs EPSG:…: \(error.message)") }
    /// catch { print(error) }
    /// ```
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// PROJ could not create a context (out of memory).
        public static let contextUnavailable = Kind(name: "no PROJ context")
        /// A source or target PROJ cannot parse, or one that is not a coordinate reference system.
        public static let unknownCRS = Kind(name: "unknown CRS")
        /// PROJ knows both CRSs but found no transformation between them, or could not set its
        /// axis order to longitude, latitude.
        public static let noTransformation = Kind(name: "no transformation")
        /// Arguments that do not fit together (`x` and `y` of different lengths).
        public static let invalidArgument = Kind(name: "invalid argument")
        /// The kind's name.
        public var description: String { name }
    }

    /// The class of problem.
    public var kind: Kind
    /// What failed, with PROJ's own message where it gave one.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - kind: The class of problem.
    ///   - message: What failed, with PROJ's message where it gave one.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let e = ProjectionError(.unknownCRS, "cannot create CRS from 'EPSG:999999': crs not found")
    /// print(e)   // cannot create CRS from 'EPSG:999999': crs not found
    /// ```
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message (it quotes the CRS; there is no file to name).
    public var description: String { message }
}
