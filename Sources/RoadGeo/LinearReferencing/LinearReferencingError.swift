/// Bad linear-referencing input: unreadable chainage or date text, a measure that is not a
/// distance along a road, a non-positive split length.
///
/// ```swift
/// do { _ = try Chainage(parsing: "12+3") }
/// catch { print(error.kind, error) }
/// // invalid chainage  chainage '12+3': the metres after '+' need exactly 3 digits (write 12+003 or 12+300)
/// ```
public struct LinearReferencingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The class of problem, for callers that branch on it. New kinds may be added.
    ///
    /// ```swift
    /// do { _ = try Chainage(parsing: cell) }
    /// catch where error.kind == .invalidChainage { report.append("row \(row): \(error.message)") }
    /// catch { print(error) }
    /// ```
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String
        /// Chainage text that is not kilometres+metres (`12+300`, `km 12+300.5`).
        public static let invalidChainage = Kind(name: "invalid chainage")
        /// Date text that is not `YYYY-MM-DD`, or names no such day.
        public static let invalidDate = Kind(name: "invalid date")
        /// A measure (metres from a road's start) that is negative or not finite.
        public static let invalidMeasure = Kind(name: "invalid measure")
        /// A split length that is not a finite number greater than 0.
        public static let invalidSplitLength = Kind(name: "invalid split length")
        /// A split length so short that the line would become more pieces than the limit.
        public static let tooManyPieces = Kind(name: "too many pieces")
        /// The kind's name.
        public var description: String { name }
    }

    /// The class of problem.
    public var kind: Kind
    /// What is wrong, quoting the offending input.
    public var message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - kind: The class of problem.
    ///   - message: What is wrong, quoting the offending input.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let e = LinearReferencingError(.invalidSplitLength, "split length 0.0 m must be a finite number greater than 0")
    /// print(e)   // split length 0.0 m must be a finite number greater than 0
    /// ```
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message (it quotes the input; there is no file or record to name).
    public var description: String { message }
}
