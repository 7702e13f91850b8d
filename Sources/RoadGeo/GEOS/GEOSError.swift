/// A GEOS operation that failed, carrying GEOS's own message.
///
/// GEOS reports problems through the message handlers of its context (see ``GEOSContext``):
/// the error handler's text, and any notice GEOS issued during the same call, end up in
/// ``message``; ``operation`` names the GEOS function that failed.
///
/// ```swift
/// do { _ = try GEOSContext().validity(ofPolygonRings: [[Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1)]]) }
/// catch { print(error.kind, error) }
/// // GEOS failure  GEOSGeom_createLinearRing_r: IllegalArgumentException: Invalid number of points in LinearRing found 3 - must be 0 or >= 4
/// ```
public struct GEOSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of problem, for callers that branch on it. New kinds may be added.
    ///
    /// ```swift
    /// do { _ = try GEOS.simplify(lines, tolerance: -1) }
    /// catch where error.kind == .invalidArgument { print("fix the call: \(error.message)") }
    /// catch { print(error) }
    /// ```
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// GEOS could not allocate a context.
        public static let contextUnavailable = Kind(name: "no GEOS context")
        /// GEOS raised an exception (`IllegalArgumentException`, `TopologyException` ...) or a
        /// GEOS function returned its failure value; the message is GEOS's where it gave one.
        public static let geosFailure = Kind(name: "GEOS failure")
        /// An argument RoadGeo refuses before calling GEOS (a negative tolerance, more
        /// coordinates than GEOS takes in one sequence).
        public static let invalidArgument = Kind(name: "invalid argument")
        /// GEOS answered with something RoadGeo cannot use (an empty point, a non-geographic
        /// coordinate, collections nested too deeply, the wrong number of points).
        public static let unexpectedResult = Kind(name: "unexpected result")
        /// The kind's name.
        public var description: String { name }
    }

    /// The class of problem.
    public var kind: Kind
    /// What went wrong, in GEOS's words where GEOS gave any.
    public var message: String
    /// The GEOS C function (or conversion step) that failed, e.g. `"GEOSNode_r"`.
    public var operation: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - kind: The class of problem.
    ///   - message: What went wrong.
    ///   - operation: The GEOS function or conversion step that failed.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let e = GEOSError(.geosFailure, "TopologyException: side location conflict", operation: "GEOSNode_r")
    /// print(e)   // GEOSNode_r: TopologyException: side location conflict
    /// ```
    public init(_ kind: Kind, _ message: String, operation: String) {
        self.kind = kind
        self.message = message
        self.operation = operation
    }

    /// `operation: message`.
    public var description: String { errorDescription(message, context: [operation]) }
}
