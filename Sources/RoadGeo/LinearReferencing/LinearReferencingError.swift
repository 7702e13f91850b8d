/// Bad linear-referencing input: unreadable chainage or date text, a measure that is not a
/// distance along a road, a non-positive split length.
///
/// ```swift
/// do { _ = try Chainage(parsing: "12+3") }
/// catch { print(error.kind, error) }
/// // invalid chainage  chainage '12+3': the metres after '+' need exactly 3 digits (write 12+003 or 12+300)
/// ```
///
/// Its kinds (see ``ErrorKind``):
/// - ``ErrorKind/invalidChainage``: Chainage text that is not kilometres+metres (`12+300`, `km 12+300.5`).
/// - ``ErrorKind/invalidDate``: Date text that is not `YYYY-MM-DD`, or names no such day.
/// - ``ErrorKind/invalidMeasure``: A measure (metres from a road's start) that is negative or not finite.
/// - ``ErrorKind/invalidSplitLength``: A split length that is not a finite number greater than 0.
/// - ``ErrorKind/tooManyPieces``: A split length so short that the line would become more pieces than the limit.
public typealias LinearReferencingError = RoadGeoError<LinearReferencingErrors>

/// The domain of ``LinearReferencingError``: errors from linear referencing.
///
/// ```swift
/// catch let error as RoadGeoError<LinearReferencingErrors> { print(error.kind, error) }   // the same as `as LinearReferencingError`
/// ```
public enum LinearReferencingErrors: ErrorDomain {}
