/// An immutable network of roads with a packed R-tree over all their segments, built once and
/// shared by any number of threads: the thing reports are snapped to.
///
/// Segments are stored flat (end points and the owning road), and the tree answers with segment
/// numbers, so a snap touches no per-road object until it has found its segment.
///
/// Where things live: building from GeoJSON (`RoadNetwork+GeoJSON`) or a shapefile import
/// (`RoadNetwork+Shapefile`); snapping, k candidates, filters and bearing (`RoadNetwork+Snapping`,
/// ``SnapOptions``, ``RoadSnap``); batches on all cores (`RoadNetwork+Batch`); two taps to a
/// section (`RoadNetwork+Sections`); the junction graph and paths (``RoadGraph``); save and load
/// (`RoadNetwork+Snapshot`); repair sections (``RepairSectionStore``). Along one road, measures,
/// substrings and chainage are ``MeasuredPolyline`` and ``Chainage``.
///
/// ```swift
/// let network = RoadNetwork(roads: roads)
/// if let hit = network.snap(Coordinate(74.6051, 42.8702), options: SnapOptions(maxDistanceMeters: 50)) {
///     print(network.road(of: hit).id, hit.distanceMeters, hit.measureMeters)
/// }
/// ```
public struct RoadNetwork: Sendable {
    /// The roads, in the order given.
    public let roads: [Road]
    /// The segment index: an STR-packed R-tree over every segment's box (item `s` is segment `s`)
    /// that measures candidates from its leaves.
    let index: SegmentRTree
    /// The R-tree of ``index``.
    var tree: PackedRTree { index.tree }
    /// End points of every segment, road after road.
    let segments: [SegmentEnds]
    /// The road and the segment number within it of every segment.
    let owners: [SegmentOwner]

    /// Builds the network and its segment index.
    /// - Parameter roads: The roads; their order defines ``RoadSnap/roadIndex``.
    /// - Precondition: Fewer than 4,294,967,295 segments in total.
    /// - Complexity: O(n log n) in the number of segments: a Sort-Tile-Recursive packed R-tree,
    ///   whose square, little-overlapping leaves answer nearest queries about 1.5x faster than
    ///   Hilbert packing on road networks (geo-bench W3), for a slower build (W1).
    ///
    /// ```swift
    /// let network = RoadNetwork(roads: [Road(id: "EM-01", line: line)])
    /// ```
    public init(roads: [Road]) {
        let (segments, owners, boxes) = RoadNetwork.flatten(roads)
        self.init(roads: roads, segments: segments, owners: owners, tree: PackedRTree(boxes: boxes, packing: .sortTileRecursive))
    }

    /// A network around an index already built for exactly these roads (a loaded snapshot).
    init(roads: [Road], tree: PackedRTree) {
        let (segments, owners, _) = RoadNetwork.flatten(roads)
        self.init(roads: roads, segments: segments, owners: owners, tree: tree)
    }

    private init(roads: [Road], segments: [SegmentEnds], owners: [SegmentOwner], tree: PackedRTree) {
        self.roads = roads
        self.segments = segments
        self.owners = owners
        index = segments.withUnsafeBufferPointer { ends in SegmentRTree(tree: tree) { s in (ends[s].a, ends[s].b) } }
    }

    /// Every segment's ends, owner and box, road after road.
    private static func flatten(_ roads: [Road]) -> ([SegmentEnds], [SegmentOwner], [BoundingBox]) {
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
        return (segments, owners, boxes)
    }

    /// Convenience: roads from bare polylines, with ids `"0"`, `"1"`, ... and no properties.
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
    /// let major = network.selection { ["primary", "secondary"].contains($0.text("highway") ?? "") }
    /// ```
    public func selection(where predicate: (Road) throws -> Bool) rethrows -> RoadSelection {
        RoadSelection(allowed: try roads.map(predicate))
    }
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
