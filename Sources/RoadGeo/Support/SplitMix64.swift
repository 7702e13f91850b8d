/// A small, fast, seeded random number generator (Steele, Lea and Flood's SplitMix64).
///
/// RoadGeo's benchmarks, synthetic data and property tests use it so that every run with
/// the same seed sees the same numbers. It is not cryptographically secure.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// let x = Double.random(in: 0..<1, using: &rng)
/// ```
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Creates a generator; equal seeds give equal sequences.
    ///
    /// - Parameter seed: Any 64-bit value.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// var a = SplitMix64(seed: 7), b = SplitMix64(seed: 7)
    /// a.next() == b.next()   // true
    /// ```
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    ///
    /// - Complexity: O(1): an add, two multiplies and three shifts.
    ///
    /// ```swift
    /// var rng = SplitMix64(seed: 42)
    /// let bits = rng.next()
    /// let index = Int.random(in: 0..<roads.count, using: &rng)
    /// ```
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
