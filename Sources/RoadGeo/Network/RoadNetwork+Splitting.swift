/// A piece of a road cut by ``RoadNetwork/split(atMeasures:)`` or ``RoadNetwork/split(every:)``:
/// the stretch it covers (in the road's direction) and its geometry. The road's id and
/// properties are ``RoadNetwork/road(of:)``'s.
///
/// ```swift
/// for piece in try network.split(every: 100) {
///     let road = network.road(of: piece)
///     print(road.id, piece.stretch.fromMeters, piece.stretch.toMeters, road.properties["highway"]?.text ?? "")
/// }
/// ```
public struct RoadPiece: RoadReference, Hashable, Sendable {
    /// The stretch of road it covers, `fromMeters < toMeters`.
    public var stretch: RoadStretch
    /// The piece's geometry, in the road's direction.
    public var line: Polyline

    /// Index of the road in ``RoadNetwork/roads``: the stretch's.
    public var roadIndex: Int { stretch.roadIndex }
}

extension RoadNetwork {
    /// Cuts roads at given measures (the ends of repair sections); roads without cuts come back
    /// whole. Each piece names its road by index (``RoadNetwork/road(of:)`` gives its id and properties).
    ///
    /// Per road this is ``MeasuredPolyline/split(atMeasures:)``: measures outside the road and
    /// NaN are ignored, neighbouring pieces share their cut point exactly, lengths add up.
    ///
    /// - Parameter cuts: Measures in metres per road index; indices out of range are ignored.
    /// - Returns: Pieces road after road, each road's in measure order.
    /// - Complexity: O(n + c log c) for n vertices and c cuts.
    ///
    /// ```swift
    /// let pieces = network.split(atMeasures: [3: [1_250, 3_800]])   // road 3 in three pieces
    /// ```
    public func split(atMeasures cuts: [Int: [Double]]) -> [RoadPiece] {
        var out: [RoadPiece] = []
        out.reserveCapacity(roads.count + cuts.values.reduce(0) { $0 + $1.count })
        for (r, road) in roads.enumerated() {
            guard let measures = cuts[r], !measures.isEmpty else {
                out.append(RoadPiece(stretch: RoadStretch(roadIndex: r, fromMeters: 0, toMeters: road.line.lengthMeters),
                                     line: road.line.line))
                continue
            }
            for p in road.line.split(atMeasures: measures) {
                out.append(RoadPiece(stretch: RoadStretch(roadIndex: r, fromMeters: p.fromMeters, toMeters: p.toMeters),
                                     line: p.line))
            }
        }
        return out
    }

    /// Cuts every road into pieces of a fixed length from its start (condition surveys use
    /// 100 m); each road's last piece holds its remainder.
    ///
    /// - Parameter meters: Piece length in metres, finite and > 0.
    /// - Returns: Pieces road after road, each road's in measure order.
    /// - Throws: ``LinearReferencingError`` for a bad length, or one that would make more than
    ///   10 million pieces of one road.
    /// - Complexity: O(n + pieces).
    ///
    /// ```swift
    /// let survey = try network.split(every: 100)
    /// ```
    public func split(every meters: Double) throws(LinearReferencingError) -> [RoadPiece] {
        var out: [RoadPiece] = []
        for (r, road) in roads.enumerated() {
            for p in try road.line.split(every: meters) {
                out.append(RoadPiece(stretch: RoadStretch(roadIndex: r, fromMeters: p.fromMeters, toMeters: p.toMeters),
                                     line: p.line))
            }
        }
        return out
    }
}
