import Foundation
import RoadGeo

// The W8 baseline: RoadGeo's report clusters before they could change in place (supercluster's
// greedy pass, rebuilt from all open reports on every change, then diffed level by level against
// the previous build to find the tiles to evict). Kept here, outside the library, only to measure
// the live path against it in the same run.

struct BaselineError: Error { let message: String; init(_ m: String) { message = m } }

/// One report point to cluster: where, how many votes it has, how bad its status is
/// (a severity: higher is worse), an optional id and properties written when it is shown alone.
///
/// ```swift
/// let p = ClusterPoint(Coordinate(74.61, 42.87), votes: 3, status: 2, id: 901)
/// ```
struct BaselineClusterPoint: Hashable, Sendable {
    /// Position, longitude/latitude degrees.
    var coordinate: Coordinate
    /// Votes (summed in clusters).
    var votes: Int
    /// Severity of the report's status (the maximum is kept in clusters).
    var status: Int
    /// Written as the feature id when the point is shown alone.
    var id: JSONValue?
    /// Written when the point is shown alone, after `votes` and `status`.
    var properties: JSONObject

    /// Creates a point.
    ///
    /// - Parameters:
    ///   - coordinate: Position, longitude/latitude degrees; must be a geographic position
    ///     (checked by ``GreedyPointClusters/init(points:options:)``).
    ///   - votes: Votes (clamped to ±2^31 when clustered).
    ///   - status: Severity, higher is worse.
    ///   - id: Optional feature id.
    ///   - properties: Extra properties, written after `votes` and `status`.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let p = ClusterPoint(Coordinate(74.61, 42.87), votes: 5, status: 1, id: "r-1021", properties: ["kind": "pothole"])
    /// ```
    init(_ coordinate: Coordinate, votes: Int = 1, status: Int = 0, id: JSONValue? = nil, properties: JSONObject = JSONObject()) {
        self.coordinate = coordinate; self.votes = votes; self.status = status; self.id = id; self.properties = properties
    }
}

/// Options of ``GreedyPointClusters`` (supercluster's defaults where it has them).
///
/// Out-of-range values are corrected when the clusters are built: zooms are clamped to 0...23
/// (and `maxZoom >= minZoom`), a non-positive or non-finite radius becomes 40, `extent` at least
/// 1 and `minPoints` at least 2.
///
/// ```swift
/// var options = BaselineClusterOptions()
/// options.radius = 60                         // pixels of a 512-pixel tile
/// options.maxZoom = 15
/// options.statusNames = ["new", "confirmed", "urgent"]
/// let clusters = try GreedyPointClusters(points: points, options: options)
/// ```
struct BaselineClusterOptions: Hashable, Sendable {
    /// Cluster radius in pixels of a tile `extent` wide (default 40).
    var radius: Double = 40
    /// Pixels per tile side for `radius` (default 512).
    var extent: Int = 512
    /// Lowest zoom with clusters (default 0).
    var minZoom: Int = 0
    /// Highest zoom with clusters (default 16); above it points are shown alone.
    var maxZoom: Int = 16
    /// Minimum points to form a cluster (default 2).
    var minPoints: Int = 2
    /// Names for status severities (`statusNames[s]`); a severity without a name is written as a number.
    var statusNames: [String] = []

    /// The defaults: radius 40 px of a 512 px tile, zooms 0...16, at least 2 points, no status names.
    ///
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let options = BaselineClusterOptions()
    /// ```
    init() {}
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
/// let clusters = try GreedyPointClusters(points: reports.map { ClusterPoint($0) })
/// for c in clusters.clusters(in: BoundingBox(minX: 74, minY: 42, maxX: 75, maxY: 43), zoom: 8) {
///     print(c.coordinate, c.pointCount, c.votes)
///     let members = clusters.leaves(of: c.cluster)       // input point indices
/// }
/// ```
///
/// - Complexity: build O(n log n) per zoom level; a query O(rows · log n + hits).
/// - Reference: mapbox/supercluster.
struct GreedyPointClusters: Sendable {
    /// The options.
    let options: BaselineClusterOptions
    /// Number of input points.
    var pointCount: Int { coordinates.count }

    let coordinates: [Coordinate]
    let pointRecords: [BaselineRecord]
    let propertyBytes: [UInt8]
    /// `levels[z - minZoom]`; the last is the raw points (zoom maxZoom + 1).
    let levels: [BaselineLevel]

    /// Clusters the points.
    ///
    /// - Parameters:
    ///   - points: Report points (longitude/latitude degrees).
    ///   - options: See ``BaselineClusterOptions``; out-of-range values are corrected, not rejected.
    /// - Throws: ``TileError`` naming the first point whose coordinate is not a geographic position,
    ///   or for 2^31 points or more.
    /// - Complexity: O(n log n · zoom levels).
    ///
    /// ```swift
    /// let clusters = try GreedyPointClusters(points: reports.map { ClusterPoint($0.coordinate, votes: $0.votes) })
    /// ```
    init(points: [BaselineClusterPoint], options: BaselineClusterOptions = BaselineClusterOptions()) throws {
        var o = options
        o.minZoom = max(0, min(o.minZoom, 23)); o.maxZoom = max(o.minZoom, min(o.maxZoom, 23))
        o.radius = o.radius.isFinite && o.radius > 0 ? o.radius : 40
        o.extent = max(1, o.extent); o.minPoints = max(2, o.minPoints)
        self.options = o
        var coordinates: [Coordinate] = [], records: [BaselineRecord] = [], bytes: [UInt8] = []
        var items: [BaselineItem] = []
        var writer = TileJSONWriter()
        guard points.count < Int(Int32.max) else { throw BaselineError("report points: more than 2^31 points") }
        for (i, p) in points.enumerated() {
            guard p.coordinate.isValidGeographic else {
                throw BaselineError("report point \(i): \(p.coordinate) is not a geographic position")
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
                writer.bytes.removeAll(keepingCapacity: true); writer.value(id)
                let at = bytes.count; bytes.append(contentsOf: writer.bytes)
                idBytes = Int32(at)..<Int32(bytes.count)
            }
            records.append(BaselineRecord(input: Int32(i), id: idBytes, start: Int32(start), end: Int32(bytes.count - idBytes.count)))
            // Votes clamped to ±2^31 so sums over up to 2^31 points cannot overflow.
            items.append(BaselineItem(x: x, y: y, count: 1, votes: Int64(max(min(p.votes, 1 << 31), -(1 << 31))),
                                     worst: Int32(clamping: p.status),
                                     origin: Int32(coordinates.count), seed: Int32(i), parent: -1))
            coordinates.append(p.coordinate)
        }
        self.coordinates = coordinates; self.pointRecords = records; self.propertyBytes = bytes
        let radius = { (z: Int) in o.radius / (Double(o.extent) * Double(1 << z)) }
        var top = BaselineLevel(items: items, cellSize: radius(o.maxZoom))
        var built: [BaselineLevel] = []
        for z in stride(from: o.maxZoom, through: o.minZoom, by: -1) {
            var next = GreedyPointClusters.cluster(&top, radius: radius(z), minPoints: o.minPoints, nextCell: radius(max(z - 1, 0)))
            swap(&top, &next)
            top.linkChildren(from: next)
            built.append(next)
        }
        built.append(top)
        levels = built.reversed()
    }

    /// Builds the next coarser level from `level` (sorted with cell size `radius`), setting
    /// each of its items' parent; the result is sorted with cell size `nextCell`.
    func levelIndex(_ zoom: Int) -> Int {
        min(max(zoom, options.minZoom), options.maxZoom + 1) - options.minZoom
    }

    private static func cluster(_ level: inout BaselineLevel, radius r: Double, minPoints: Int, nextCell: Double) -> BaselineLevel {
        let items = level.items
        var assigned = [Bool](repeating: false, count: items.count)
        var parent = [Int32](repeating: -1, count: items.count)
        var made: [BaselineItem] = []
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
                made.append(BaselineItem(x: wx / Double(total), y: wy / Double(total), count: Int32(total),
                                        votes: votes, worst: worst, origin: -1, seed: seed, parent: -1))
            } else {
                parent[i] = Int32(made.count)
                made.append(BaselineItem(x: p.x, y: p.y, count: p.count, votes: p.votes, worst: p.worst, origin: p.origin, seed: p.seed, parent: -1))
                for j in neighbours {
                    assigned[j] = true; parent[j] = Int32(made.count)
                    let q = items[j]
                    made.append(BaselineItem(x: q.x, y: q.y, count: q.count, votes: q.votes, worst: q.worst, origin: q.origin, seed: q.seed, parent: -1))
                }
            }
        }
        let (next, newIndex) = BaselineLevel.sorted(made, cellSize: nextCell)
        for i in parent.indices { parent[i] = newIndex[Int(parent[i])] }
        level.setParents(parent)
        return next
    }
}

/// A point's output record: input index, id, and its pre-encoded `,"key":value` properties.
struct BaselineRecord: Hashable, Sendable {
    var input: Int32
    /// The pre-encoded id in `propertyBytes` (empty: none).
    var id: Range<Int32>
    var start: Int32, end: Int32
}

/// A cluster or single point at one zoom (unit-mercator position).
struct BaselineItem: Hashable, Sendable {
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
struct BaselineLevel: Hashable, Sendable {
    private(set) var items: [BaselineItem]
    private(set) var keys: [Int64]
    private let cellSize: Double
    private let columns: Int64
    /// Children (indices into the finer level) grouped by parent: `childIndices[childOffsets[i]..<childOffsets[i+1]]`.
    private var childOffsets: [Int32] = []
    private var childIndices: [Int32] = []
    /// Item indices ordered by seed, for finding an item by its ``ClusterID``.
    private var bySeed: [Int32] = []

    init(items: [BaselineItem], cellSize: Double) {
        let (sorted, _) = BaselineLevel.sorted(items, cellSize: cellSize)
        self = sorted
    }

    private init(sortedItems: [BaselineItem], keys: [Int64], cellSize: Double, columns: Int64) {
        self.items = sortedItems; self.keys = keys; self.cellSize = cellSize; self.columns = columns
    }

    /// Sorts items by grid key; returns the level and the old-to-new index map.
    static func sorted(_ items: [BaselineItem], cellSize: Double) -> (BaselineLevel, [Int32]) {
        let columns = Int64((1 / cellSize).rounded(.up)) + 1
        func key(_ it: BaselineItem) -> Int64 { Int64(it.y / cellSize) * columns + Int64(it.x / cellSize) }
        var keyed: [BaselineKeyedIndex] = []
        keyed.reserveCapacity(items.count)
        for (i, it) in items.enumerated() { keyed.append(BaselineKeyedIndex(key: key(it), seed: it.seed, index: Int32(i))) }
        keyed.sort()
        var newIndex = [Int32](repeating: 0, count: items.count)
        var sortedItems: [BaselineItem] = [], keys: [Int64] = []
        sortedItems.reserveCapacity(items.count); keys.reserveCapacity(items.count)
        for (n, k) in keyed.enumerated() {
            newIndex[Int(k.index)] = Int32(n)
            sortedItems.append(items[Int(k.index)]); keys.append(k.key)
        }
        var level = BaselineLevel(sortedItems: sortedItems, keys: keys, cellSize: cellSize, columns: columns)
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

extension BaselineLevel {
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
    mutating func linkChildren(from finer: BaselineLevel) {
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
private struct BaselineKeyedIndex: Comparable {
    var key: Int64
    var seed: Int32
    var index: Int32
    static func < (a: BaselineKeyedIndex, b: BaselineKeyedIndex) -> Bool { a.key < b.key || (a.key == b.key && a.seed < b.seed) }
}

extension GreedyPointClusters {
    /// The tiles whose report clusters differ between two clusterings (before and after
    /// reports were added, removed, re-voted or re-statused).
    ///
    /// Clustering is greedy, so one new report can regroup clusters beyond its radius; rather
    /// than bound that, this compares the two clusterings level by level (both are sorted by
    /// grid cell and first point, so it is one merge pass per zoom) and returns the tiles
    /// whose buffered box holds an item that appeared, vanished or changed. Items are
    /// identified by their first point, so clusters elsewhere keep their ids and bytes.
    /// - Parameters:
    ///   - old: The clustering the cached tiles were rendered with.
    ///   - new: The new clustering (same options).
    ///   - zooms: Zooms served.
    ///   - tileOptions: The tiler's options (extent and buffer decide the tiles' reach).
    /// - Returns: Unique tiles sorted by zoom, row, column.
    /// - Throws: ``TileError`` for zooms outside 0...24.
    /// - Complexity: O(items of both clusterings per zoom).
    ///
    /// ```swift
    /// let purge = try GreedyPointClusters.tilesChanged(from: before, to: after, zooms: 0...16, tileOptions: tiler.options)
    /// ```
    static func tilesChanged(from old: GreedyPointClusters, to new: GreedyPointClusters, zooms: ClosedRange<Int>,
                                    tileOptions: TilerOptions = TilerOptions()) throws -> [TileID] {
        guard zooms.lowerBound >= 0 && zooms.upperBound <= TileID.maxZoom else {
            throw BaselineError("zooms \(zooms): must be within 0...\(TileID.maxZoom)")
        }
        var out: [TileID] = []
        for z in zooms {
            let a = old.levels[old.levelIndex(z)], b = new.levels[new.levelIndex(z)]
            let pad = Double(tileOptions.buffer) / Double(tileOptions.extent) / Double(1 << z)
            func mark(_ item: BaselineItem) {
                out.append(contentsOf: TileRange(unitBox: BoundingBox(minX: item.x - pad, minY: item.y - pad,
                                                                      maxX: item.x + pad, maxY: item.y + pad), zoom: z))
            }
            var i = 0, j = 0
            while i < a.items.count || j < b.items.count {
                if j == b.items.count || (i < a.items.count && (a.keys[i], a.items[i].seed) < (b.keys[j], b.items[j].seed)) {
                    mark(a.items[i]); i += 1
                } else if i == a.items.count || (a.keys[i], a.items[i].seed) > (b.keys[j], b.items[j].seed) {
                    mark(b.items[j]); j += 1
                } else {
                    if !sameOutput(old, a.items[i], new, b.items[j]) { mark(a.items[i]); mark(b.items[j]) }
                    i += 1; j += 1
                }
            }
        }
        return Array(Set(out)).sorted()
    }

    private static func sameOutput(_ p: GreedyPointClusters, _ a: BaselineItem, _ q: GreedyPointClusters, _ b: BaselineItem) -> Bool {
        guard a.x == b.x, a.y == b.y, a.count == b.count, a.votes == b.votes, a.worst == b.worst else { return false }
        guard a.count == 1 else { return true }
        let ra = p.pointRecords[Int(a.origin)], rb = q.pointRecords[Int(b.origin)]
        return p.propertyBytes[Int(ra.id.lowerBound)..<Int(ra.id.upperBound)].elementsEqual(q.propertyBytes[Int(rb.id.lowerBound)..<Int(rb.id.upperBound)])
            && p.coordinates[Int(a.origin)] == q.coordinates[Int(b.origin)]
            && p.propertyBytes[Int(ra.start)..<Int(ra.end)].elementsEqual(q.propertyBytes[Int(rb.start)..<Int(rb.end)])
    }
}
