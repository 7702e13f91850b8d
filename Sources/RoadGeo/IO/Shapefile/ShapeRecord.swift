/// One decoded `.shp` record: its shape type, parts and coordinates in the file's CRS.
///
/// Coordinates are kept as read (eastings/northings or longitudes/latitudes, whatever the
/// `.prj` says): ``x``, ``y`` and, for Z and M types, ``z`` and ``m`` hold one value per point;
/// ``partStarts`` holds the index of each part's first point (PolyLine and Polygon; a single
/// part starting at 0 for points and multipoints). An M of "no data" (any value below
/// -10^38, per the specification) is stored as `Double.nan`.
///
/// ```swift
/// let shp = try ShapefileReader(path: "roads.shp")
/// let r = try shp.record(at: 0)
/// for p in 0..<r.partCount { print(r.pointRange(ofPart: p)) }
/// ```
public struct ShapeRecord: Hashable, Sendable {
    /// The 1-based record number (position in the file).
    public var number: Int
    /// The record's shape type (``ShapeType/null`` for a null shape).
    public var shapeType: ShapeType
    /// Index into ``x``/``y`` of each part's first point, ascending, the first one 0.
    public var partStarts: [Int]
    /// First coordinate of every point (easting or longitude).
    public var x: [Double]
    /// Second coordinate of every point (northing or latitude).
    public var y: [Double]
    /// Elevation per point for Z types, else empty.
    public var z: [Double]
    /// Measure per point for M types and Z types that carry one, else empty; NaN = no data.
    public var m: [Double]

    /// An empty null-shape record.
    ///
    /// - Parameter number: The 1-based record number.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// var r = ShapeRecord(number: 1)   // shapeType == .null, no points
    /// ```
    public init(number: Int) {
        self.number = number
        self.shapeType = .null
        self.partStarts = []
        self.x = []
        self.y = []
        self.z = []
        self.m = []
    }

    /// Number of points.
    @inlinable public var pointCount: Int { x.count }
    /// Number of parts (0 for a null shape).
    @inlinable public var partCount: Int { partStarts.count }

    /// The range of point indices of part `part`.
    ///
    /// - Parameter part: A part index in `0..<partCount`.
    /// - Precondition: `part` is in range (an index trap otherwise).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// for p in 0..<r.partCount {
    ///     let range = r.pointRange(ofPart: p)
    ///     print("part \(p): \(range.count) points, first x \(r.x[range.lowerBound])")
    /// }
    /// ```
    @inlinable
    public func pointRange(ofPart part: Int) -> Range<Int> {
        let end = part + 1 < partStarts.count ? partStarts[part + 1] : x.count
        return partStarts[part]..<end
    }

    /// Clears the record for reuse, keeping the arrays' storage.
    mutating func reset(number: Int) {
        self.number = number
        shapeType = .null
        partStarts.removeAll(keepingCapacity: true)
        x.removeAll(keepingCapacity: true)
        y.removeAll(keepingCapacity: true)
        z.removeAll(keepingCapacity: true)
        m.removeAll(keepingCapacity: true)
    }
}
