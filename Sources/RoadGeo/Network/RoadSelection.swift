/// The roads of one network a snap may use (a road filter resolved once to one flag per road).
///
/// ```swift
/// var options = SnapOptions(maxDistanceMeters: 30)
/// options.selection = network.selection { $0.text("highway") != "footway" }
/// ```
public struct RoadSelection: Hashable, Sendable {
    /// One flag per road of the network it was made for; roads beyond the end are not selected.
    public let allowed: [Bool]

    /// Creates a selection from flags.
    /// - Parameter allowed: One flag per road.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// RoadSelection(allowed: network.roads.map { $0.text("highway") == "primary" })
    /// ```
    public init(allowed: [Bool]) { self.allowed = allowed }

    /// Whether road `index` is selected.
    @inlinable
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// selection.contains(hit.roadIndex)
    /// ```
    public func contains(_ index: Int) -> Bool { index >= 0 && index < allowed.count && allowed[index] }
}
