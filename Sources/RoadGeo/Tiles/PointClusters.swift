import Foundation

/// One report point to cluster: where, how many votes it has, how bad its status is
/// (a severity: higher is worse), an optional id and properties written when it is shown alone.
///
/// ```swift
/// let p = ClusterPoint(Coordinate(74.61, 42.87), votes: 3, status: 2, id: 901)
/// ```
public struct ClusterPoint: Hashable, Sendable {
    /// Position, longitude/latitude degrees.
    public var coordinate: Coordinate
    /// Votes (summed in clusters).
    public var votes: Int
    /// Severity of the report's status (the maximum is kept in clusters).
    public var status: Int
    /// Written as the feature id when the point is shown alone.
    public var id: JSONValue?
    /// Written when the point is shown alone, after `votes` and `status`.
    public var properties: JSONObject

    /// Creates a point.
    /// - Parameters: coordinate: Position. votes: Votes. status: Severity. id: Optional id.
    ///   properties: Extra properties.
    public init(_ coordinate: Coordinate, votes: Int = 1, status: Int = 0, id: JSONValue? = nil, properties: JSONObject = JSONObject()) {
        self.coordinate = coordinate; self.votes = votes; self.status = status; self.id = id; self.properties = properties
    }
}

/// Options of ``PointClusters`` (supercluster's defaults where it has them).
public struct PointClusterOptions: Hashable, Sendable {
    /// Cluster radius in pixels of a tile `extent` wide (default 40).
    public var radius: Double = 40
    /// Pixels per tile side for `radius` (default 512).
    public var extent: Int = 512
    /// Lowest zoom with clusters (default 0).
    public var minZoom: Int = 0
    /// Highest zoom with clusters (default 16); above it points are shown alone.
    public var maxZoom: Int = 16
    /// Minimum points to form a cluster (default 2).
    public var minPoints: Int = 2
    /// Names for status severities (`statusNames[s]`); a severity without a name is written as a number.
    public var statusNames: [String] = []

    /// The defaults.
    public init() {}
}

/// Identifies a cluster (or a single point) at a zoom by the lowest input index among its
/// points: stable when reports elsewhere are added or removed, so tiles and CDN caches away
/// from a change keep their bytes.
///
/// ```swift
/// let id = ClusterID(rawValue: 1_234)      // as found in a tile's "cluster_id"
/// ```
public struct ClusterID: Hashable, Sendable {
    /// Zoom of the cluster.
    public var zoom: Int
    /// The lowest input point index inside the cluster.
    public var firstPoint: Int
    /// Creates an id. - Parameters: zoom: Zoom. firstPoint: Lowest member point index.
    public init(zoom: Int, firstPoint: Int) { self.zoom = zoom; self.firstPoint = firstPoint }
    /// The integer written as `cluster_id`: `firstPoint * 32 + zoom`.
    public var rawValue: Int64 { Int64(firstPoint) * 32 + Int64(zoom) }
    /// Decodes ``rawValue``. - Parameter rawValue: From a tile.
    public init(rawValue: Int64) { zoom = Int(rawValue & 31); firstPoint = Int(rawValue >> 5) }
}

/// A cluster or single point at some zoom, as returned by queries.
public struct PointClusterSummary: Hashable, Sendable {
    /// Weighted centre (clusters) or position (single points), degrees.
    public var coordinate: Coordinate
    /// Number of report points.
    public var pointCount: Int
    /// Total votes.
    public var votes: Int
    /// Worst (highest) status severity.
    public var worstStatus: Int
    /// The cluster's id, for ``PointClusters/children(of:)`` and ``PointClusters/leaves(of:)``.
    public var cluster: ClusterID
    /// Index of the input point when `pointCount == 1`.
    public var pointIndex: Int?
}

/// Supercluster-style hierarchical clustering of report points per zoom, so that a tile at
/// zoom 8 holds a few dozen clusters instead of 50k pins, and zooming in splits them.
///
/// From `maxZoom` down to `minZoom`, each zoom greedily merges the previous zoom's items that
/// lie within `radius` pixels of an unassigned item into one cluster at their point-weighted
/// centre, summing counts and votes and keeping the worst status. Items of each zoom are
/// stored sorted by a grid key (cells one radius wide), so neighbour searches and tile
/// queries are binary searches over rows of cells; parent/child links are flat arrays.
///
/// ```swift
/// let clusters = try PointClusters(points: reports.map { ClusterPoint($0) })
/// for c in clusters.clusters(in: BoundingBox(minX: 74, minY: 42, maxX: 75, maxY: 43), zoom: 8) {
///     print(c.coordinate, c.pointCount, c.votes)
///     let members = clusters.leaves(of: c.cluster)       // input point indices
/// }
/// ```
///
/// - Complexity: build O(n log n) per zoom level; a query O(rows · log n + hits).
/// - Reference: mapbox/supercluster.
public struct PointClusters: Sendable {
    /// The options.
    public let options: PointClusterOptions
    /// Number of input points.
    public var pointCount: Int { coordinates.count }

    let coordinates: [Coordinate]
    let pointRecords: [ClusterPointRecord]
    let propertyBytes: [UInt8]
    /// `levels[z - minZoom]`; the last is the raw points (zoom maxZoom + 1).
    let levels: [ClusterLevel]

    /// Clusters the points.
    /// - Parameters: points: Report points. options: See ``PointClusterOptions``.
    /// - Throws: ``TileError`` naming the first point whose coordinate is not a geographic position.
    /// - Complexity: O(n log n · zoom levels).
    public init(points: [ClusterPoint], options: PointClusterOptions = PointClusterOptions()) throws(TileError) {
        var o = options
        o.minZoom = max(0, min(o.minZoom, 23)); o.maxZoom = max(o.minZoom, min(o.maxZoom, 23))
        o.radius = o.radius.isFinite && o.radius > 0 ? o.radius : 40
        o.extent = max(1, o.extent); o.minPoints = max(2, o.minPoints)
        self.options = o
        var coordinates: [Coordinate] = [], records: [ClusterPointRecord] = [], bytes: [UInt8] = []
        var items: [ClusterItem] = []
        var writer = TileJSONWriter()
        guard points.count < Int(Int32.max) else { throw TileError("report points: more than 2^31 points") }
        for (i, p) in points.enumerated() {
            guard p.coordinate.isValidGeographic else {
                throw TileError("report point \(i): \(p.coordinate) is not a geographic position")
            }
            let (x, y) = WebMercator.project(p.coordinate)
            writer.bytes.removeAll(keepingCapacity: true)
            for property in p.properties.members {
                writer.raw(","); writer.string(property.key); writer.raw(":"); writer.value(property.value)
            }
            let start = bytes.count
            bytes.append(contentsOf: writer.bytes)
            var idBytes: Range<Int32> = 0..<0
            if let id = p.id {
                writer.bytes.removeAll(keepingCapacity: true)
                writer.value(id)
                idBytes = Int32(bytes.count)..<Int32(bytes.count + writer.bytes.count)
                bytes.append(contentsOf: writer.bytes)
            }
            records.append(ClusterPointRecord(input: Int32(i), id: idBytes, start: Int32(start), end: Int32(bytes.count - idBytes.count)))
            // Votes clamped to ±2^31 so sums over up to 2^31 points cannot overflow.
            items.append(ClusterItem(x: x, y: y, count: 1, votes: Int64(max(min(p.votes, 1 << 31), -(1 << 31))),
                                     worst: Int32(clamping: p.status),
                                     origin: Int32(coordinates.count), seed: Int32(i), parent: -1))
            coordinates.append(p.coordinate)
        }
        self.coordinates = coordinates; self.pointRecords = records; self.propertyBytes = bytes
        let radius = { (z: Int) in o.radius / (Double(o.extent) * Double(1 << z)) }
        var top = ClusterLevel(items: items, cellSize: radius(o.maxZoom))
        var built: [ClusterLevel] = []
        for z in stride(from: o.maxZoom, through: o.minZoom, by: -1) {
            var next = PointClusters.cluster(&top, radius: radius(z), minPoints: o.minPoints, nextCell: radius(max(z - 1, 0)))
            swap(&top, &next)
            top.linkChildren(from: next)
            built.append(next)
        }
        built.append(top)
        levels = built.reversed()
    }

    /// Clusters and single points at a zoom inside a box.
    /// - Parameters: box: Longitude/latitude box. zoom: Any zoom (clamped to minZoom...maxZoom+1).
    /// - Returns: Items in a stable (grid) order.
    /// - Complexity: O(rows · log n + hits).
    public func clusters(in box: BoundingBox, zoom: Int) -> [PointClusterSummary] {
        let level = levelIndex(zoom)
        var out: [PointClusterSummary] = []
        let u = WebMercator.project(box)
        levels[level].forEach(in: u) { i in out.append(summary(level: level, index: i)) }
        return out
    }

    /// The items one zoom deeper that a cluster was made of.
    /// - Parameter cluster: A cluster id from a query or a tile.
    /// - Returns: Empty for an unknown id or a single point.
    public func children(of cluster: ClusterID) -> [PointClusterSummary] {
        let level = cluster.zoom - options.minZoom
        guard level >= 0, level + 1 < levels.count, let index = levels[level].item(seed: cluster.firstPoint) else { return [] }
        return levels[level].children(of: index).map { summary(level: level + 1, index: Int($0)) }
    }

    /// The input point indices inside a cluster (all of them), ascending.
    /// - Parameter cluster: A cluster id.
    /// - Complexity: O(size of the cluster's subtree).
    public func leaves(of cluster: ClusterID) -> [Int] {
        var level = cluster.zoom - options.minZoom
        guard level >= 0, level < levels.count, let index = levels[level].item(seed: cluster.firstPoint) else { return [] }
        var frontier: [Int32] = [Int32(index)]
        while level + 1 < levels.count {
            var next: [Int32] = []
            for i in frontier { next.append(contentsOf: levels[level].children(of: Int(i))) }
            frontier = next; level += 1
        }
        return frontier.map { Int(pointRecords[Int(levels[level].items[Int($0)].origin)].input) }.sorted()
    }

    /// The first zoom at which a cluster splits into more than one item (where a map should
    /// zoom to when the cluster is clicked).
    /// - Parameter cluster: A cluster id.
    public func expansionZoom(of cluster: ClusterID) -> Int {
        var id = cluster
        while true {
            let kids = children(of: id)
            if kids.count != 1 { return id.zoom + 1 }
            id = kids[0].cluster
        }
    }

    // MARK: - Internal

    func levelIndex(_ zoom: Int) -> Int {
        min(max(zoom, options.minZoom), options.maxZoom + 1) - options.minZoom
    }

    func summary(level: Int, index: Int) -> PointClusterSummary {
        let item = levels[level].items[index]
        let single = item.count == 1
        let c = single ? coordinates[Int(item.origin)] : WebMercator.unproject(x: item.x, y: item.y)
        return PointClusterSummary(coordinate: c, pointCount: Int(item.count), votes: Int(item.votes), worstStatus: Int(item.worst),
                              cluster: ClusterID(zoom: level + options.minZoom, firstPoint: Int(item.seed)),
                              pointIndex: single ? Int(pointRecords[Int(item.origin)].input) : nil)
    }

    /// Writes the items of `zoom` inside `clip` as GeoJSON features; returns how many.
    func write(zoom: Int, transform: TileTransform, clip: TileClipBox, into w: inout TileJSONWriter, first: Bool) -> Int {
        let level = levelIndex(zoom)
        let l = levels[level]
        var written = 0
        let box = BoundingBox(minX: clip.minX, minY: clip.minY, maxX: clip.maxX, maxY: clip.maxY)
        l.forEach(in: box) { i in
            let item = l.items[i]
            let single = item.count == 1
            let (ox, oy) = transform.output(item.x, item.y, source: -1, coordinates: coordinates)
            var (lon, lat) = (ox, oy)
            if single && transform.mode == .longitudeLatitude {
                let c = coordinates[Int(item.origin)]
                lon = Int64((c.longitude * transform.power).rounded()); lat = Int64((c.latitude * transform.power).rounded())
            }
            w.raw(first && written == 0 ? "{\"type\":\"Feature\"," : ",{\"type\":\"Feature\",")
            let record = single ? pointRecords[Int(item.origin)] : nil
            if single {
                if let id = record?.id, !id.isEmpty {
                    w.raw("\"id\":"); w.raw(propertyBytes[Int(id.lowerBound)..<Int(id.upperBound)]); w.raw(",")
                }
            } else {
                w.raw("\"id\":"); w.integer(ClusterID(zoom: level + options.minZoom, firstPoint: Int(item.seed)).rawValue); w.raw(",")
            }
            w.raw("\"geometry\":{\"type\":\"Point\",\"coordinates\":[")
            w.scaled(lon, digits: transform.digits); w.raw(","); w.scaled(lat, digits: transform.digits)
            w.raw("]},\"properties\":{")
            if let record {
                w.raw("\"votes\":"); w.integer(item.votes); w.raw(",\"status\":"); writeStatus(item.worst, &w)
                w.raw(propertyBytes[Int(record.start)..<Int(record.end)])
            } else {
                w.raw("\"cluster\":true,\"cluster_id\":"); w.integer(ClusterID(zoom: level + options.minZoom, firstPoint: Int(item.seed)).rawValue)
                w.raw(",\"point_count\":"); w.integer(Int64(item.count))
                w.raw(",\"votes\":"); w.integer(item.votes)
                w.raw(",\"worst_status\":"); writeStatus(item.worst, &w)
            }
            w.raw("}}")
            written += 1
        }
        return written
    }

    private func writeStatus(_ s: Int32, _ w: inout TileJSONWriter) {
        if s >= 0 && Int(s) < options.statusNames.count { w.string(options.statusNames[Int(s)]) } else { w.integer(Int64(s)) }
    }

    /// Builds the next coarser level from `level` (sorted with cell size `radius`), setting
    /// each of its items' parent; the result is sorted with cell size `nextCell`.
    private static func cluster(_ level: inout ClusterLevel, radius r: Double, minPoints: Int, nextCell: Double) -> ClusterLevel {
        let items = level.items
        var assigned = [Bool](repeating: false, count: items.count)
        var parent = [Int32](repeating: -1, count: items.count)
        var made: [ClusterItem] = []
        var neighbours: [Int] = []
        let r2 = r * r
        for i in items.indices where !assigned[i] {
            assigned[i] = true
            let p = items[i]
            neighbours.removeAll(keepingCapacity: true)
            var total = Int(p.count)
            level.forEach(in: BoundingBox(minX: p.x - r, minY: p.y - r, maxX: p.x + r, maxY: p.y + r)) { j in
                guard !assigned[j] else { return }
                let dx = items[j].x - p.x, dy = items[j].y - p.y
                if dx * dx + dy * dy <= r2 { neighbours.append(j); total += Int(items[j].count) }
            }
            if total >= minPoints {
                var wx = p.x * Double(p.count), wy = p.y * Double(p.count)
                var votes = p.votes, worst = p.worst, seed = p.seed
                let index = Int32(made.count)
                parent[i] = index
                for j in neighbours {
                    let q = items[j]
                    assigned[j] = true; parent[j] = index
                    wx += q.x * Double(q.count); wy += q.y * Double(q.count)
                    votes += q.votes; worst = max(worst, q.worst); seed = min(seed, q.seed)
                }
                made.append(ClusterItem(x: wx / Double(total), y: wy / Double(total), count: Int32(total),
                                        votes: votes, worst: worst, origin: -1, seed: seed, parent: -1))
            } else {
                parent[i] = Int32(made.count)
                made.append(ClusterItem(x: p.x, y: p.y, count: p.count, votes: p.votes, worst: p.worst, origin: p.origin, seed: p.seed, parent: -1))
                for j in neighbours {
                    assigned[j] = true; parent[j] = Int32(made.count)
                    let q = items[j]
                    made.append(ClusterItem(x: q.x, y: q.y, count: q.count, votes: q.votes, worst: q.worst, origin: q.origin, seed: q.seed, parent: -1))
                }
            }
        }
        let (next, newIndex) = ClusterLevel.sorted(made, cellSize: nextCell)
        for i in parent.indices { parent[i] = newIndex[Int(parent[i])] }
        level.setParents(parent)
        return next
    }
}

/// A point's output record: input index, id, and its pre-encoded `,"key":value` properties.
struct ClusterPointRecord: Hashable, Sendable {
    var input: Int32
    /// The pre-encoded id in `propertyBytes` (empty: none).
    var id: Range<Int32>
    var start: Int32, end: Int32
}

/// A cluster or single point at one zoom (unit-mercator position).
struct ClusterItem: Hashable, Sendable {
    var x: Double, y: Double
    var count: Int32
    var votes: Int64
    var worst: Int32
    /// Index into the point arrays when `count == 1`, else -1.
    var origin: Int32
    /// The lowest input point index inside (identifies the item at its zoom).
    var seed: Int32
    /// Index of the item one zoom coarser that contains this one.
    var parent: Int32
}

/// The items of one zoom, sorted by grid key, with child lists from the next finer level.
struct ClusterLevel: Hashable, Sendable {
    private(set) var items: [ClusterItem]
    private(set) var keys: [Int64]
    private let cellSize: Double
    private let columns: Int64
    /// Children (indices into the finer level) grouped by parent: `childIndices[childOffsets[i]..<childOffsets[i+1]]`.
    private var childOffsets: [Int32] = []
    private var childIndices: [Int32] = []
    /// Item indices ordered by seed, for finding an item by its ``ClusterID``.
    private var bySeed: [Int32] = []

    init(items: [ClusterItem], cellSize: Double) {
        let (sorted, _) = ClusterLevel.sorted(items, cellSize: cellSize)
        self = sorted
    }

    private init(sortedItems: [ClusterItem], keys: [Int64], cellSize: Double, columns: Int64) {
        self.items = sortedItems; self.keys = keys; self.cellSize = cellSize; self.columns = columns
    }

    /// Sorts items by grid key; returns the level and the old-to-new index map.
    static func sorted(_ items: [ClusterItem], cellSize: Double) -> (ClusterLevel, [Int32]) {
        let columns = Int64((1 / cellSize).rounded(.up)) + 1
        func key(_ it: ClusterItem) -> Int64 { Int64(it.y / cellSize) * columns + Int64(it.x / cellSize) }
        var keyed: [KeyedIndex] = []
        keyed.reserveCapacity(items.count)
        for (i, it) in items.enumerated() { keyed.append(KeyedIndex(key: key(it), seed: it.seed, index: Int32(i))) }
        keyed.sort()
        var newIndex = [Int32](repeating: 0, count: items.count)
        var sortedItems: [ClusterItem] = [], keys: [Int64] = []
        sortedItems.reserveCapacity(items.count); keys.reserveCapacity(items.count)
        for (n, k) in keyed.enumerated() {
            newIndex[Int(k.index)] = Int32(n)
            sortedItems.append(items[Int(k.index)]); keys.append(k.key)
        }
        var level = ClusterLevel(sortedItems: sortedItems, keys: keys, cellSize: cellSize, columns: columns)
        level.bySeed = sortedItems.indices.map { Int32($0) }.sorted { sortedItems[Int($0)].seed < sortedItems[Int($1)].seed }
        return (level, newIndex)
    }

    /// Records each item's parent (an index into the next coarser level).
    mutating func setParents(_ parents: [Int32]) {
        for i in items.indices { items[i].parent = parents[i] }
    }

    /// Calls `body` with the index of every item whose cell row/column range meets `box`
    /// and whose position lies inside it, in ascending index order.
    func forEach(in box: BoundingBox, _ body: (Int) -> Void) {
        guard !items.isEmpty else { return }
        let c0 = max(0, Int64((max(box.minX, 0) / cellSize).rounded(.down)))
        let c1 = min(columns - 1, Int64((min(box.maxX, 1) / cellSize).rounded(.down)))
        let r0 = max(0, Int64((max(box.minY, 0) / cellSize).rounded(.down)))
        let r1 = min(columns - 1, Int64((min(box.maxY, 1) / cellSize).rounded(.down)))
        guard c0 <= c1, r0 <= r1 else { return }
        var row = r0
        while row <= r1 {
            var i = lowerBound(row * columns + c0)
            let end = row * columns + c1
            while i < keys.count && keys[i] <= end {
                let it = items[i]
                if it.x >= box.minX && it.x <= box.maxX && it.y >= box.minY && it.y <= box.maxY { body(i) }
                i += 1
            }
            row += 1
        }
    }

    private func lowerBound(_ key: Int64) -> Int {
        var lo = 0, hi = keys.count
        while lo < hi { let mid = (lo + hi) >> 1; if keys[mid] < key { lo = mid + 1 } else { hi = mid } }
        return lo
    }
}

extension ClusterLevel {
    /// The index of the item with this seed, or nil.
    func item(seed: Int) -> Int? {
        var lo = 0, hi = bySeed.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if Int(items[Int(bySeed[mid])].seed) < seed { lo = mid + 1 } else { hi = mid }
        }
        return lo < bySeed.count && Int(items[Int(bySeed[lo])].seed) == seed ? Int(bySeed[lo]) : nil
    }

    /// The finer-level indices whose parent is `index`, given this level's child lists.
    func children(of index: Int) -> [Int32] {
        guard index + 1 < childOffsets.count else { return [] }
        return Array(childIndices[Int(childOffsets[index])..<Int(childOffsets[index + 1])])
    }

    /// Builds child lists from the finer level's parent links.
    mutating func linkChildren(from finer: ClusterLevel) {
        var offsets = [Int32](repeating: 0, count: items.count + 1)
        for it in finer.items where it.parent >= 0 { offsets[Int(it.parent) + 1] += 1 }
        for i in 1..<offsets.count { offsets[i] += offsets[i - 1] }
        var fill = offsets
        var list = [Int32](repeating: 0, count: Int(offsets[offsets.count - 1]))
        for (j, it) in finer.items.enumerated() where it.parent >= 0 {
            list[Int(fill[Int(it.parent)])] = Int32(j); fill[Int(it.parent)] += 1
        }
        childOffsets = offsets; childIndices = list
    }
}

/// A grid key and the item it belongs to; sorts by key, then seed, so the order depends only
/// on the set of items (deterministic and stable under unrelated changes).
private struct KeyedIndex: Comparable {
    var key: Int64
    var seed: Int32
    var index: Int32
    static func < (a: KeyedIndex, b: KeyedIndex) -> Bool { a.key < b.key || (a.key == b.key && a.seed < b.seed) }
}
