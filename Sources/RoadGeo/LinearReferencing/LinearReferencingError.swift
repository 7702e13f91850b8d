/// Bad linear-referencing input: unreadable chainage text, a non-positive split length.
///
/// ```swift
/// do { _ = try Chainage(parsing: "12+3") }
/// catch { print(error) }  // "chainage '12+3': the metres after '+' need exactly 3 digits (write 12+003 or 12+300)"
/// ```
public struct LinearReferencingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, quoting the offending input.
    public var message: String
    /// Creates an error.
    /// - Parameter message: What is wrong.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// LinearReferencingError("split length 0 m must be a finite number greater than 0")
    /// ```
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
