/// One road of a ``RoadNetwork``: an id, its measured geometry and its attributes.
///
/// ```swift
/// let road = Road(id: "EM-01", line: try Polyline(coords), attributes: ["highway": "primary"])
/// road.line.lengthMeters
/// ```
public struct Road: Hashable, Sendable {
    /// The road's identifier (an OSM way id, a national road number ...).
    public var id: String
    /// The geometry with its measures (metres from the start).
    public var line: MeasuredPolyline
    /// Attributes as text (`highway`, `name`, `layer` ...), for filters and output.
    public var attributes: [String: String]

    /// Creates a road.
    /// - Parameters:
    ///   - id: Identifier.
    ///   - line: Geometry (EPSG:4326); measured once here.
    ///   - attributes: Attributes as text.
    /// - Complexity: O(n) for the measures.
    ///
    /// ```swift
    /// Road(id: "EM-01", line: line, attributes: ["highway": "trunk"])
    /// ```
    public init(id: String, line: Polyline, attributes: [String: String] = [:]) {
        self.id = id
        self.line = MeasuredPolyline(line)
        self.attributes = attributes
    }
}

/// An immutable network of roads with a packed R-tree over all their segments, built once and
/// shared by any number of threads: the thing reports are snapped to.
///
/// Segments are stored flat (end points and the owning road), and the tree answers with segment
/// numbers, so a snap touches no per-road object until it has found its segment.
///
/// ```swift
/// let network = RoadNetwork(roads: roads)
/// if let hit = network.snap(Coordinate(74.6051, 42.8702), options: SnapOptions(maxDistanceMeters: 50)) {
///     print(network.roads[hit.roadIndex].id, hit.distanceMeters, hit.measureMeters)
/// }
/// ```
public struct RoadNetwork: Sendable {
    /// The roads, in the order given.
    public let roads: [Road]
    /// The R-tree over every segment's box; item `s` is segment `s`.
    let tree: PackedRTree
    /// End points of every segment, road after road.
    let segments: [SegmentEnds]
    /// The road and the segment number within it of every segment.
    let owners: [SegmentOwner]

    /// Builds the network and its segment index.
    /// - Parameter roads: The roads; their order defines ``RoadSnap/roadIndex``.
    /// - Precondition: Fewer than 4,294,967,295 segments in total.
    /// - Complexity: O(n) in the number of segments (Hilbert-packed R-tree, radix sort).
    ///
    /// ```swift
    /// let network = RoadNetwork(roads: [Road(id: "EM-01", line: line)])
    /// ```
    public init(roads: [Road]) {
        self.roads = roads
        var segments: [SegmentEnds] = [], owners: [SegmentOwner] = [], boxes: [BoundingBox] = []
        let total = roads.reduce(0) { $0 + $1.line.segmentCount }
        precondition(total < Int(UInt32.max), "RoadNetwork: too many segments")
        segments.reserveCapacity(total); owners.reserveCapacity(total); boxes.reserveCapacity(total)
        for (r, road) in roads.enumerated() {
            let c = road.line.line.coordinates
            for k in 0..<(c.count - 1) {
                segments.append(SegmentEnds(a: c[k], b: c[k + 1]))
                owners.append(SegmentOwner(road: UInt32(r), ordinal: UInt32(k)))
                boxes.append(BoundingBox(c[k], c[k + 1]))
            }
        }
        self.segments = segments
        self.owners = owners
        self.tree = PackedRTree(boxes: boxes)
    }

    /// Convenience: roads from bare polylines, with ids `"0"`, `"1"`, ... and no attributes.
    /// - Parameter lines: The geometries. - Complexity: O(n).
    ///
    /// ```swift
    /// let network = RoadNetwork(lines: polylines)   // ids "0", "1", ...
    /// ```
    public init(lines: [Polyline]) {
        self.init(roads: lines.enumerated().map { Road(id: String($0.offset), line: $0.element) })
    }

    /// Total number of segments.
    public var segmentCount: Int { segments.count }

    /// A set of roads chosen by a predicate, for ``SnapOptions/selection``.
    /// - Parameter predicate: Whether a road may be snapped to.
    /// - Returns: The selection (one flag per road).
    /// - Complexity: O(roads).
    ///
    /// ```swift
    /// let major = network.selection { ["primary", "secondary"].contains($0.attributes["highway"] ?? "") }
    /// ```
    public func selection(where predicate: (Road) throws -> Bool) rethrows -> RoadSelection {
        RoadSelection(allowed: try roads.map(predicate))
    }
}

/// The roads of one network a snap may use (a road filter resolved once to one flag per road).
///
/// ```swift
/// var options = SnapOptions(maxDistanceMeters: 30)
/// options.selection = network.selection { $0.attributes["highway"] != "footway" }
/// ```
public struct RoadSelection: Hashable, Sendable {
    /// One flag per road of the network it was made for; roads beyond the end are not selected.
    public let allowed: [Bool]

    /// Creates a selection from flags.
    /// - Parameter allowed: One flag per road.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// RoadSelection(allowed: network.roads.map { $0.attributes["highway"] == "primary" })
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

/// A segment's end points.
struct SegmentEnds: Hashable, Sendable {
    var a: Coordinate
    var b: Coordinate
}

/// The road a segment belongs to and its number within that road.
struct SegmentOwner: Hashable, Sendable {
    var road: UInt32
    var ordinal: UInt32
}
