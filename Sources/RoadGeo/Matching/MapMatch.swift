/// A GPS trace matched to the roads by ``RoadNetwork/match(_:times:graph:options:scratch:)``:
/// where each fix was on the network, the route driven as stretches of road, and where and why
/// the trace could not be followed.
///
/// A trace is matched in **pieces**: a new piece starts where no route between two fixes is
/// plausible (a tunnel, a road missing from the network, a gap in the recording). Every fix is
/// accounted for in ``fixes``, matched or not, with its ``MatchedFix/status``.
///
/// ```swift
/// let result = network.match(trace.coordinates, graph: graph)
/// for piece in result.pieces {
///     print(piece.fixes, piece.lengthMeters, piece.stretches.map { network.road(of: $0).id })
/// }
/// for gap in result.breaks { print(gap) }
/// ```
public struct MapMatch: Hashable, Sendable {
    /// One connected stretch of the matched route.
    ///
    /// ```swift
    /// for piece in result.pieces { print(piece.fixes, piece.lengthMeters) }
    /// ```
    public struct Piece: Hashable, Sendable {
        /// The fixes this piece covers, first to last matched (unmatched fixes between them included).
        public var fixes: ClosedRange<Int>
        /// The route in travel order: stretches of road (``RoadStretch``, `fromMeters >
        /// toMeters` against the road's direction), the first entering at the first fix's
        /// position and the last leaving at the last fix's.
        public var stretches: [RoadStretch]
        /// The route's length, metres.
        public var lengthMeters: Double
    }

    /// Where the trace had to be broken between two fixes, and why.
    ///
    /// ```swift
    /// for gap in result.breaks { print("fixes \(gap.afterFix)-\(gap.beforeFix): \(gap)") }
    /// ```
    public struct Break: Hashable, Sendable, CustomStringConvertible {
        /// The last fix of the piece before the break.
        public var afterFix: Int
        /// The first fix of the piece after it.
        public var beforeFix: Int
        /// Straight-line metres between the two fixes.
        public var straightMeters: Double
        /// The longest route that was searched for, metres: no route between any of their
        /// candidates was found within it.
        public var searchedMeters: Double

        /// `no route within 350 m between fix 41 and fix 42 (120 m apart)`.
        public var description: String {
            "no route within \(Int(searchedMeters.rounded())) m between fix \(afterFix) and fix \(beforeFix) (\(Int(straightMeters.rounded())) m apart)"
        }
    }

    /// Per fix of the trace, in order: its match.
    public var fixes: [MatchedFix]
    /// The matched route, piece by piece, in trace order.
    public var pieces: [Piece]
    /// Where consecutive pieces were broken apart (one fewer than ``pieces``, or none).
    public var breaks: [Break]

    /// The number of fixes placed on a road.
    /// - Complexity: O(fixes).
    ///
    /// ```swift
    /// print("\(result.matchedCount) of \(result.fixes.count) fixes matched")
    /// ```
    public var matchedCount: Int { fixes.reduce(0) { $0 + ($1.snap != nil ? 1 : 0) } }

    /// The total length of the matched route, metres.
    /// - Complexity: O(pieces).
    ///
    /// ```swift
    /// let km = result.lengthMeters / 1000
    /// ```
    public var lengthMeters: Double { pieces.reduce(0) { $0 + $1.lengthMeters } }
}

/// One fix's match: the road position it was placed at, the piece it belongs to, and how it was
/// decided.
///
/// ```swift
/// if let snap = result.fixes[7].snap { print(network.road(of: snap).id, snap.measureMeters) }
/// ```
public struct MatchedFix: Hashable, Sendable {
    /// How a fix was treated.
    ///
    /// ```swift
    /// let lost = result.fixes.filter { $0.status == .noRoadWithinRadius }.count
    /// ```
    public enum Status: Hashable, Sendable {
        /// A step of the model, placed by Viterbi decoding.
        case matched
        /// Within the stationary distance of the previous step: placed at its nearest point on
        /// the route between the steps around it.
        case stationary
        /// Skipped by decoding as an outlier: far off the way between the fixes around it, and the
        /// route is likelier through them without it. Not placed.
        case outlier
        /// No road within the candidate radius: not placed (an outlier, or off the network).
        case noRoadWithinRadius
        /// Not a valid coordinate (NaN, out of range): not placed.
        case invalidCoordinate
    }

    /// Where on the roads the fix was placed (road, measure, position, distance), or `nil`.
    public var snap: RoadSnap?
    /// The index of its piece in ``MapMatch/pieces``, or `nil` when it was not placed.
    public var piece: Int?
    /// How it was treated.
    public var status: Status

    /// Creates a fix's match.
    /// - Parameters: snap: Where it was placed. piece: Its piece. status: How it was treated.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let lost = MatchedFix(snap: nil, piece: nil, status: .noRoadWithinRadius)
    /// ```
    public init(snap: RoadSnap?, piece: Int?, status: Status) {
        self.snap = snap
        self.piece = piece
        self.status = status
    }
}
