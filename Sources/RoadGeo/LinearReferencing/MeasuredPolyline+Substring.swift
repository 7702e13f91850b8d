extension MeasuredPolyline {
    /// A piece of a road between two measures, as ``split(atMeasures:)`` and ``split(every:)`` return it.
    ///
    /// ```swift
    /// for piece in try measured.split(every: 100) {
    ///     print(piece.fromMeters, piece.toMeters, piece.line.count)   // 0 100 …, 100 200 …
    /// }
    /// ```
    public struct Piece: Hashable, Sendable {
        /// Metres from the road's start where the piece begins.
        public var fromMeters: Double
        /// Metres from the road's start where the piece ends (> ``fromMeters``).
        public var toMeters: Double
        /// The piece's geometry, in the road's direction.
        public var line: Polyline
    }

    /// The part of the line between two measures (metres from the start).
    ///
    /// Both ends are exact: each is interpolated on its own segment (the same point
    /// ``coordinate(atMeasure:)`` gives), never found by intersecting points with the line;
    /// the original vertices in between are kept as they are. Measures are clamped to
    /// `0...lengthMeters`. When `from > to` the substring runs backwards: it is the
    /// substring from `to` to `from`, reversed (a section marked against the road's direction).
    ///
    /// - Parameters:
    ///   - from: Start measure in metres.
    ///   - to: End measure in metres.
    /// - Returns: The substring, or `nil` when the two measures meet at one point after
    ///   clamping (a zero-length substring is not a polyline) or either is NaN.
    /// - Complexity: O(log n + k) for k vertices in the substring.
    ///
    /// ```swift
    /// let broken = road.substring(from: 12_000, to: 14_000)   // "km 12 to km 14"
    /// broken?.lengthMeters                                    // ≈ 2,000
    /// ```
    public func substring(from: Double, to: Double) -> Polyline? {
        guard !from.isNaN, !to.isNaN else { return nil }
        if from > to { return substring(from: to, to: from)?.reversed }
        let a = clamped(from), b = clamped(to)
        guard a < b else { return nil }
        let (i, t) = position(atMeasure: a, preferEnd: false)
        let (j, u) = position(atMeasure: b, preferEnd: true)
        var coords: [Coordinate] = [point(segment: i, fraction: t)]
        coords.reserveCapacity(j - i + 2)
        if j > i {
            for k in (i + 1)...j where coords[coords.count - 1] != line.coordinates[k] {
                coords.append(line.coordinates[k])
            }
        }
        let last = point(segment: j, fraction: u)
        if coords[coords.count - 1] != last { coords.append(last) }
        return coords.count >= 2 ? Polyline(uncheckedCoordinates: coords) : nil
    }

    /// Cuts the line at the given measures into consecutive pieces.
    ///
    /// Measures outside `(0, lengthMeters)` and NaN are ignored, the rest sorted and
    /// de-duplicated. Neighbouring pieces share their cut point exactly, so joining the pieces
    /// (dropping each repeated joint) gives the original vertices with the cut points inserted,
    /// and their lengths add up to ``lengthMeters``. A cut so close to another that the piece
    /// between them would have no length is dropped.
    ///
    /// - Parameter cuts: Measures in metres, any order.
    /// - Returns: At least one piece; exactly one (the whole line) when no cut applies.
    /// - Complexity: O((n + c) log n) for c cuts.
    ///
    /// ```swift
    /// let sections = road.split(atMeasures: [1_250, 3_800])   // three repair sections
    /// ```
    public func split(atMeasures cuts: [Double]) -> [Piece] {
        let length = lengthMeters
        var boundaries = cuts.filter { $0 > 0 && $0 < length }.sorted()
        boundaries.append(length)
        var pieces: [Piece] = []
        var start = 0.0
        for end in boundaries where end > start {
            guard let piece = substring(from: start, to: end) else { continue }
            pieces.append(Piece(fromMeters: start, toMeters: end, line: piece))
            start = end
        }
        if start < length {
            // The last cut sat (numerically) on the end: let the previous piece run to the end.
            if let previous = pieces.popLast(), let piece = substring(from: previous.fromMeters, to: length) {
                pieces.append(Piece(fromMeters: previous.fromMeters, toMeters: length, line: piece))
            }
        }
        if pieces.isEmpty { pieces = [Piece(fromMeters: 0, toMeters: length, line: line)] }
        return pieces
    }

    /// Cuts the line into pieces of a fixed length from the start (condition surveys use 100 m);
    /// the last piece holds the remainder.
    ///
    /// - Parameter meters: Piece length in metres, finite and > 0.
    /// - Returns: `ceil(lengthMeters / meters)` pieces (fewer only if a remainder is too short to
    ///   be a line, when it joins the previous piece).
    /// - Throws: ``LinearReferencingError`` for a non-positive or non-finite length, or one so
    ///   small that the line would make more than 10 million pieces.
    /// - Complexity: O(n + pieces).
    ///
    /// ```swift
    /// let survey = try road.split(every: 100)
    /// survey.map(\.fromMeters)   // [0, 100, 200, ...]
    /// ```
    public func split(every meters: Double) throws(LinearReferencingError) -> [Piece] {
        guard meters.isFinite, meters > 0 else {
            throw LinearReferencingError(.invalidSplitLength, "split length \(meters) m must be a finite number greater than 0")
        }
        let count = (lengthMeters / meters).rounded(.up)
        guard count <= 10_000_000 else {
            throw LinearReferencingError(.tooManyPieces, "splitting \(lengthMeters) m every \(meters) m would make \(count) pieces (limit 10,000,000)")
        }
        var cuts: [Double] = []
        cuts.reserveCapacity(Int(count))
        var k = 1.0
        while k * meters < lengthMeters { cuts.append(k * meters); k += 1 }
        return split(atMeasures: cuts)
    }
}
