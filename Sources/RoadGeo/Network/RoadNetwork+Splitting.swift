/// A piece of a road cut by ``RoadNetwork/split(atMeasures:)`` or ``RoadNetwork/split(every:)``,
/// with the road's id and properties.
///
/// ```swift
/// for piece in try network.split(every: 100) {
///     print(piece.roadID, piece.fromMeters, piece.toMeters, piece.properties["highway"]?.text ?? "")
/// }
/// ```
public struct RoadPiece: Hashable, Sendable {
    /// Index of the road in ``RoadNetwork/roads``.
    public var roadIndex: Int
    /// The road's id.
    public var roadID: String
    /// Start measure on the road, metres.
    public var fromMeters: Double
    /// End measure on the road, metres.
    public var toMeters: Double
    /// The piece's geometry, in the road's direction.
    public var line: Polyline
    /// The road's properties, unchanged.
    public var properties: JSONObject

    /// Creates a piece.
    /// - Parameters: roadIndex, roadID: The road. fromMeters/toMeters: Measures. line: Geometry. properties: The road's.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// RoadPiece(roadIndex: 0, roadID: "EM-01", fromMeters: 0, toMeters: 100, line: piece, properties: [:])
    /// ```
    public init(roadIndex: Int, roadID: String, fromMeters: Double, toMeters: Double, line: Polyline,
                properties: JSONObject) {
        self.roadIndex = roadIndex
        self.roadID = roadID
        self.fromMeters = fromMeters
        self.toMeters = toMeters
        self.line = line
        self.properties = properties
    }

    /// Length in metres (`toMeters - fromMeters`). - Complexity: O(1).
    public var lengthMeters: Double { toMeters - fromMeters }
}

extension RoadNetwork {
    /// Cuts roads at given measures (the ends of repair sections), keeping every road's id and
    /// properties on its pieces; roads without cuts come back whole.
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
                out.append(RoadPiece(roadIndex: r, roadID: road.id, fromMeters: 0, toMeters: road.line.lengthMeters,
                                     line: road.line.line, properties: road.properties))
                continue
            }
            for p in road.line.split(atMeasures: measures) {
                out.append(RoadPiece(roadIndex: r, roadID: road.id, fromMeters: p.fromMeters, toMeters: p.toMeters,
                                     line: p.line, properties: road.properties))
            }
        }
        return out
    }

    /// Cuts every road into pieces of a fixed length from its start (condition surveys use
    /// 100 m); each road's last piece holds its remainder. Ids and properties are kept.
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
                out.append(RoadPiece(roadIndex: r, roadID: road.id, fromMeters: p.fromMeters, toMeters: p.toMeters,
                                     line: p.line, properties: road.properties))
            }
        }
        return out
    }
}
