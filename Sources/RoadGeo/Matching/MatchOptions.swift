/// How ``RoadNetwork/match(_:times:graph:options:scratch:)`` weighs a GPS trace against the roads:
/// the hidden Markov model of Newson and Krumm (2009) and the limits that keep it fast.
///
/// - **Emission.** A fix `d` metres from a candidate road position scores `-½ (d / σ)²`
///   (a Gaussian GPS error of ``sigmaMeters``).
/// - **Transition.** Between consecutive fixes `g` metres apart in a straight line, a route of
///   `r` metres along the roads scores `-|r - g| / β` (an exponential of ``betaMeters``).
/// - **Candidates.** Up to ``candidates`` road positions within ``radiusMeters`` of each fix,
///   the nearest on each stretch of road between two junctions.
/// - **Routes.** No route longer than the straight line plus ``maxRouteExcessMeters`` (and, with
///   times, than ``maxSpeedMetersPerSecond`` allows) is considered; where none is left between
///   two fixes the trace is broken into pieces there.
///
/// ```swift
/// var options = MatchOptions(sigmaMeters: 20)   // a phone in a city
/// options.maxSpeedMetersPerSecond = 40
/// ```
public struct MatchOptions: Hashable, Sendable {
    /// Standard deviation of the GPS error, metres (Newson and Krumm measured 4.07 m; phones in
    /// cities are nearer 10 to 30 m).
    public var sigmaMeters: Double
    /// Scale of the transition score, metres: how much longer than the straight line a route
    /// may be before it becomes unlikely. `nil` uses half of ``sigmaMeters``, the best of σ/2,
    /// σ, 2σ and 4σ on simulated drives over Heidelberg (`MapMatchAccuracyTests`) at every noise
    /// level and sampling interval tried.
    public var betaMeters: Double?
    /// How far from a fix a road may be and still be a candidate, metres. `nil` uses
    /// `max(50, 4 σ)`.
    public var radiusMeters: Double?
    /// The most candidates kept per fix (the nearest ones).
    public var candidates: Int
    /// The most a route between two fixes may exceed their straight-line distance, metres.
    /// `nil` uses the larger of two radii and the straight line itself (a route up to twice the
    /// straight line, as around a block between sparse fixes). Larger values find routes
    /// around longer detours and cost more searching per fix.
    public var maxRouteExcessMeters: Double?
    /// With times, the highest speed a route between two fixes may imply, metres per second
    /// (`nil`: no limit). The route may also be two radii longer, for the GPS error at each end.
    public var maxSpeedMetersPerSecond: Double?
    /// A fix within this distance of the previous fix used is stationary: it is not a step of the
    /// model (Newson and Krumm drop fixes within 2 σ) and is placed on the matched path
    /// afterwards. `nil` uses `2 σ`; `0` uses every fix.
    public var stationaryMeters: Double?
    /// How far the matched position may move backwards along a road between fixes without the
    /// route turning round, metres: GPS noise along the road (the difference of two noisy
    /// positions), not a U-turn, and allowed on one-way roads too. Such a step counts as no
    /// movement and the route does not go back. `nil` uses `2 σ`.
    public var reverseToleranceMeters: Double?
    /// What turning round costs, as metres of route beyond the straight line: a step that
    /// leaves a candidate against the direction the route arrived at it in (a U-turn, or a
    /// spike into a side street and back, which noise near junctions invites). `nil` uses the
    /// candidate radius; `0` makes U-turns free, as in Newson and Krumm's model.
    public var uTurnMeters: Double?

    /// Creates options.
    /// - Parameters:
    ///   - sigmaMeters: GPS error σ, metres (default 10).
    ///   - betaMeters: Transition scale, metres (`nil`: σ / 2).
    ///   - radiusMeters: Candidate radius, metres (`nil`: `max(50, 4 σ)`).
    ///   - candidates: Candidates per fix (default 12).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let options = MatchOptions(sigmaMeters: 10, radiusMeters: 60)
    /// ```
    public init(sigmaMeters: Double = 10, betaMeters: Double? = nil, radiusMeters: Double? = nil, candidates: Int = 12) {
        self.sigmaMeters = sigmaMeters
        self.betaMeters = betaMeters
        self.radiusMeters = radiusMeters
        self.candidates = candidates
    }

    /// The values used: every `nil` replaced by its default, and non-finite or negative values
    /// replaced by defaults too.
    var resolved: ResolvedMatchOptions {
        func positive(_ v: Double?) -> Double? { v.flatMap { $0.isFinite && $0 > 0 ? $0 : nil } }
        let sigma = positive(sigmaMeters) ?? 10
        let radius = positive(radiusMeters) ?? Swift.max(50, 4 * sigma)
        let stationary = stationaryMeters.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } ?? 2 * sigma
        return ResolvedMatchOptions(sigma: sigma, beta: positive(betaMeters) ?? sigma / 2, radius: radius,
                                    candidates: Swift.max(1, Swift.min(candidates, 64)),
                                    excess: positive(maxRouteExcessMeters),
                                    maxSpeed: positive(maxSpeedMetersPerSecond),
                                    stationary: stationary,
                                    reverseTolerance: reverseToleranceMeters.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } ?? 2 * sigma,
                                    uTurn: uTurnMeters.flatMap { $0.isFinite && $0 >= 0 ? $0 : nil } ?? radius)
    }
}

/// ``MatchOptions`` with every default filled in.
struct ResolvedMatchOptions: Sendable {
    var sigma: Double
    var beta: Double
    var radius: Double
    var candidates: Int
    /// The given route excess, or nil for the default: the larger of two radii and the straight line.
    var excess: Double?
    var maxSpeed: Double?
    var stationary: Double
    var reverseTolerance: Double
    var uTurn: Double
}
