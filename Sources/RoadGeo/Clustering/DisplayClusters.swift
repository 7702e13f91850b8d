/// Report clusters for the map, per zoom, that change in place as reports arrive, are voted on
/// and close: a tile at zoom 8 holds a few dozen clusters instead of 50k pins, zooming in splits
/// them, and each change says exactly which tiles to redraw.
///
/// **Algorithm.** supercluster's greedy pass visits points in input order, so the same reports
/// added in another order cluster differently, and one new report can regroup clusters far
/// away. Here each zoom's clusters are a function of the set of reports alone. The items of the
/// next finer zoom (at the deepest, the reports) are bucketed in a grid of cells one cluster
/// radius wide. Each cell picks a *leader*: the heaviest cell among itself and its 8
/// neighbours whose centre lies within one radius of its own (ties to the lower cell). A cell
/// whose leader leads itself joins it; the others stay on their own. A group of at least
/// `minPoints` reports becomes one cluster at its point-weighted centre with summed counts and
/// votes and the worst status; a smaller group shows its reports alone. So a tight group of
/// reports on a cell boundary is one cluster, not two (the neighbour's centre is within the
/// radius), and no two clusters sit closer than a radius unless they are chained through a
/// third. Positions are summed as exact integers, so the state after any sequence of inserts,
/// removals and updates equals a fresh build over the same reports, tile for tile, byte for
/// byte. A cell's group depends only on cells within two of it, so a change costs a bounded
/// neighbourhood per zoom.
///
/// `DisplayClusters` is a value (`Sendable`): build it once, mutate it on one writer, and
/// share copies with readers.
///
/// ```swift
/// var clusters = try DisplayClusters(reports: stored.map { (key: $0.id, point: $0.point) })
/// let change = try clusters.insert(ReportPoint(Coordinate(74.6051, 42.8702), votes: 1), key: 90_001)
/// cache.evict(change.tiles)                             // exactly the tiles whose bytes changed
/// for c in clusters.clusters(in: bishkek, zoom: 12) { print(c.coordinate, c.pointCount, c.votes) }
/// ```
///
/// - Complexity: build O(n) expected per zoom; insert, remove and update O(zooms) expected
///   (a bounded neighbourhood of cells per zoom), plus the reports sharing a cell; a query
///   O(cells in the box + hits · log hits).
/// - Reference: mapbox/supercluster (radius, extent, zooms, output properties).
public struct DisplayClusters: Sendable {
    /// The options (validated).
    public let options: DisplayClusterOptions
    /// `tables[t]` holds the items of zoom `minZoom + t`; the last one the reports.
    var tables: [DisplayTable]
    var epoch: UInt32 = 0

    /// Positions are quantized to 1/2^31 of the unit square (about 2 cm at the equator) so that
    /// sums are exact and order-independent; 2^31 reports fit without overflow.
    static let quantum = Double(1 << 31)

    /// Reports held.
    public var count: Int { tables[tables.count - 1].byKey.count }

    /// Empty clusters.
    ///
    /// - Parameter options: See ``DisplayClusterOptions``.
    /// - Throws: ``TileError`` naming the option that cannot be honoured.
    /// - Complexity: O(zooms).
    ///
    /// ```swift
    /// var clusters = try DisplayClusters()
    /// ```
    public init(options: DisplayClusterOptions = DisplayClusterOptions()) throws(TileError) {
        try options.validate()
        self.options = options
        var tables: [DisplayTable] = []
        for z in options.minZoom...(options.maxZoom + 1) { tables.append(DisplayTable(cellSize: options.unitRadius(z - 1))) }
        self.tables = tables
    }

    /// Clusters reports in one pass (the same state as inserting them one by one, in any order).
    ///
    /// - Parameters:
    ///   - reports: Each report with its caller's key (a report id, >= 0, unique).
    ///   - options: See ``DisplayClusterOptions``.
    /// - Throws: ``TileError`` for bad options, a negative or repeated key, or a coordinate that
    ///   is not a geographic position (naming the key).
    /// - Complexity: O(n) expected per zoom.
    ///
    /// ```swift
    /// let clusters = try DisplayClusters(reports: reports.enumerated().map { (key: Int64($0.offset), point: $0.element) })
    /// ```
    public init(reports: [(key: Int64, point: ReportPoint)], options: DisplayClusterOptions = DisplayClusterOptions()) throws(TileError) {
        try self.init(options: options)
        guard reports.count < Int(Int32.max) else { throw TileError(.tooLarge, "display clusters: more than 2^31 reports") }
        var changes: [DisplayChange] = []
        changes.reserveCapacity(reports.count)
        var seen = SlotMap(capacity: reports.count)
        for r in reports {
            let value = try Self.value(r.point, key: r.key)
            guard seen.get(r.key) == nil else { throw TileError(.invalidKey, "display clusters: report key \(r.key) appears twice") }
            seen.set(r.key, 0)
            changes.append(DisplayChange(key: r.key, old: nil, new: value))
        }
        _ = propagate(changes, collectingTiles: false)
    }

    // MARK: Changes

    /// Adds a report, or replaces the one with the same key.
    ///
    /// - Parameters:
    ///   - point: The report (coordinate, votes, status and category are shown).
    ///   - key: The caller's key (a report id), >= 0.
    /// - Returns: The tiles whose bytes changed, per zoom.
    /// - Throws: ``TileError`` for a negative key or a coordinate that is not a geographic position.
    /// - Complexity: O(zooms) expected; see the type's discussion.
    ///
    /// ```swift
    /// let change = try clusters.insert(ReportPoint(Coordinate(74.61, 42.87), votes: 1), key: report.id)
    /// ```
    @discardableResult
    public mutating func insert(_ point: ReportPoint, key: Int64) throws(TileError) -> DisplayClusterChange {
        let value = try Self.value(point, key: key)
        let old = self.value(ofReport: key)
        guard old != value else { return DisplayClusterChange(tiles: []) }
        return DisplayClusterChange(tiles: propagate([DisplayChange(key: key, old: old, new: value)], collectingTiles: true))
    }

    /// Changes a report's votes, status, category or position (the same as ``insert(_:key:)``
    /// over an existing key).
    ///
    /// - Parameters:
    ///   - key: The report's key.
    ///   - point: Its new state.
    /// - Returns: The tiles whose bytes changed; nil when no report has this key.
    /// - Throws: ``TileError`` for a coordinate that is not a geographic position.
    /// - Complexity: O(zooms) expected.
    ///
    /// ```swift
    /// try clusters.update(key: report.id, to: ReportPoint(report.coordinate, votes: report.votes + 1))
    /// ```
    @discardableResult
    public mutating func update(key: Int64, to point: ReportPoint) throws(TileError) -> DisplayClusterChange? {
        guard value(ofReport: key) != nil else { return nil }
        return try insert(point, key: key)
    }

    /// Removes a report.
    ///
    /// - Parameter key: The report's key.
    /// - Returns: The tiles whose bytes changed; nil when no report has this key.
    /// - Complexity: O(zooms) expected.
    ///
    /// ```swift
    /// if let change = clusters.remove(key: closed.id) { cache.evict(change.tiles) }
    /// ```
    @discardableResult
    public mutating func remove(key: Int64) -> DisplayClusterChange? {
        guard let old = value(ofReport: key) else { return nil }
        return DisplayClusterChange(tiles: propagate([DisplayChange(key: key, old: old, new: nil)], collectingTiles: true))
    }

    /// Whether a report with this key is held.
    ///
    /// - Parameter key: A report key.
    /// - Complexity: O(1) expected.
    ///
    /// ```swift
    /// if !clusters.contains(key: id) { try clusters.insert(point, key: id) }
    /// ```
    public func contains(key: Int64) -> Bool { value(ofReport: key) != nil }

    // MARK: Queries

    /// Clusters and single reports at a zoom inside a box.
    ///
    /// - Parameters:
    ///   - box: Longitude/latitude box, degrees.
    ///   - zoom: Any zoom (below `minZoom` shows `minZoom`; above `maxZoom` every report is alone).
    /// - Returns: Items ordered by key (clusters first), as tiles write them.
    /// - Complexity: O(cells in the box + hits · log hits).
    ///
    /// ```swift
    /// let bishkek = BoundingBox(minX: 74.45, minY: 42.80, maxX: 74.75, maxY: 42.95)
    /// let pins = clusters.clusters(in: bishkek, zoom: 12)
    /// ```
    public func clusters(in box: BoundingBox, zoom: Int) -> [DisplayCluster] {
        let t = tableIndex(zoom)
        let u = WebMercator.project(box)
        return nodes(in: t, TileClipBox(minX: u.minX, minY: u.minY, maxX: u.maxX, maxY: u.maxY)).map { summary(tables[t].nodes[Int($0)].value, table: t) }
    }

    /// The items one zoom deeper that a cluster is made of.
    ///
    /// - Parameter cluster: A cluster id from a query or a tile's `cluster_id`.
    /// - Returns: Ordered by key; empty for an id that is not a cluster now.
    /// - Complexity: O(members of the cluster's cells).
    ///
    /// ```swift
    /// let parts = clusters.children(of: summary.cluster!)    // what the cluster splits into on zoom-in
    /// ```
    public func children(of cluster: ClusterID) -> [DisplayCluster] {
        childSlots(of: cluster).map { summary(tables[cluster.zoom - options.minZoom + 1].nodes[Int($0)].value, table: cluster.zoom - options.minZoom + 1) }
    }

    /// The keys of every report inside a cluster, ascending.
    ///
    /// - Parameter cluster: A cluster id.
    /// - Returns: Report keys; empty for an id that is not a cluster now.
    /// - Complexity: O(size of the cluster's subtree).
    ///
    /// ```swift
    /// let reportsInCluster = clusters.leaves(of: summary.cluster!)
    /// ```
    public func leaves(of cluster: ClusterID) -> [Int64] {
        var out: [Int64] = []
        var frontier = [cluster]
        while let c = frontier.popLast() {
            for child in children(of: c) {
                if let key = child.reportKey { out.append(key) } else if let id = child.cluster { frontier.append(id) }
            }
        }
        return out.sorted()
    }

    /// The first zoom at which a cluster splits into more than one item (where a map should
    /// zoom to when the cluster is clicked).
    ///
    /// - Parameter cluster: A cluster id.
    /// - Returns: A zoom above the cluster's own.
    /// - Complexity: O(zooms × members of the cells).
    ///
    /// ```swift
    /// let target = clusters.expansionZoom(of: ClusterID(rawValue: clickedClusterID))
    /// ```
    public func expansionZoom(of cluster: ClusterID) -> Int {
        var id = cluster
        while true {
            let kids = children(of: id)
            guard kids.count == 1, let next = kids[0].cluster else { return id.zoom + 1 }
            id = next
        }
    }

    // MARK: Internal

    /// The table shown at `zoom`.
    func tableIndex(_ zoom: Int) -> Int {
        min(max(zoom, options.minZoom), options.maxZoom + 1) - options.minZoom
    }

    func value(ofReport key: Int64) -> DisplayValue? {
        let t = tables[tables.count - 1]
        return t.byKey.get(key).map { t.nodes[Int($0)].value }
    }

    static func value(_ p: ReportPoint, key: Int64) throws(TileError) -> DisplayValue {
        guard key >= 0 else { throw TileError(.invalidKey, "display clusters: report key \(key) must be >= 0") }
        guard p.coordinate.isValidGeographic else {
            throw TileError(.invalidGeometry, "display clusters: report \(key): \(p.coordinate) is not a geographic position")
        }
        let (x, y) = WebMercator.project(p.coordinate)
        let qx = Int64(min(max((x * quantum).rounded(.down), 0), quantum - 1))
        let qy = Int64(min(max((y * quantum).rounded(.down), 0), quantum - 1))
        // Votes clamped to ±2^31 so sums over up to 2^31 reports cannot overflow.
        return DisplayValue(key: key, sumX: qx, sumY: qy, votes: Int64(max(min(p.votes, 1 << 31), -(1 << 31))), count: 1,
                            worst: p.status, category: p.category, longitude: p.coordinate.longitude, latitude: p.coordinate.latitude)
    }

    /// Slots of table `t` whose position lies in the unit box, ordered by key.
    func nodes(in t: Int, _ box: TileClipBox) -> [Int32] {
        let (minX, minY, maxX, maxY) = (box.minX, box.minY, box.maxX, box.maxY)
        let table = tables[t]
        // Cells hold items by their quantized centre; a report's exact position may differ by a quantum.
        let slack = 4 / Self.quantum
        let c0 = table.cellIndex(minX - slack), c1 = table.cellIndex(maxX + slack)
        let r0 = table.cellIndex(minY - slack), r1 = table.cellIndex(maxY + slack)
        var out: [Int32] = []
        guard minX <= maxX, minY <= maxY else { return out }
        func scan(_ c: Int32) {
            var n = table.cells[Int(c)].first
            while n >= 0 {
                let (x, y) = table.nodes[Int(n)].value.position
                if x >= minX && x <= maxX && y >= minY && y <= maxY { out.append(n) }
                n = table.nodes[Int(n)].next
            }
        }
        if Int64(c1 - c0 + 1) * Int64(r1 - r0 + 1) > Int64(table.cellByKey.count) {
            // A box wider than the data: visit the live cells instead of the box's.
            for (c, cell) in table.cells.enumerated() where cell.alive && cell.members > 0
                && cell.cx >= c0 && cell.cx <= c1 && cell.cy >= r0 && cell.cy <= r1 { scan(Int32(c)) }
        } else {
            for row in r0...r1 {
                for column in c0...c1 {
                    if let c = table.cellByKey.get(DisplayTable.cellKey(column, row)) { scan(c) }
                }
            }
        }
        out.sort { table.nodes[Int($0)].value.key < table.nodes[Int($1)].value.key }
        return out
    }

    /// The slots (in the next finer table) of a cluster's members, ordered by key.
    func childSlots(of cluster: ClusterID) -> [Int32] {
        let t = cluster.zoom - options.minZoom + 1
        guard t >= 1, t < tables.count else { return [] }
        let table = tables[t]
        guard cluster.column < Int(table.columns), cluster.row < Int(table.columns),
              let root = table.cellByKey.get(DisplayTable.cellKey(Int32(cluster.column), Int32(cluster.row))) else { return [] }
        let key = cluster.nodeKey
        var out: [Int32] = []
        let nb = table.neighbourhood(of: root)
        for i in 0..<nb.count where table.cells[Int(nb[i])].group == root {
            var n = table.cells[Int(nb[i])].first
            while n >= 0 {
                if table.nodes[Int(n)].parent == key { out.append(n) }
                n = table.nodes[Int(n)].next
            }
        }
        out.sort { table.nodes[Int($0)].value.key < table.nodes[Int($1)].value.key }
        return out
    }

    func summary(_ v: DisplayValue, table t: Int) -> DisplayCluster {
        let (x, y) = v.position
        let coordinate = v.isReport ? Coordinate(v.longitude, v.latitude) : WebMercator.unproject(x: x, y: y)
        return DisplayCluster(coordinate: coordinate, pointCount: Int(v.count), votes: Int(v.votes), worstStatus: Int(v.worst),
                              cluster: v.isReport ? nil : ClusterID(nodeKey: v.key), reportKey: v.isReport ? v.key : nil)
    }
}

/// The tiles whose bytes one change of ``DisplayClusters`` changed.
///
/// ```swift
/// let change = try clusters.insert(point, key: id)
/// cache.evict(change.tiles)
/// for z in 10...14 { print(z, change.tiles(atZoom: z).count) }
/// ```
public struct DisplayClusterChange: Hashable, Sendable {
    /// Unique tiles sorted by zoom, row, column.
    public let tiles: [TileID]

    init(tiles: [TileID]) { self.tiles = Tiler.sortedUnique(tiles) }

    /// The changed tiles of one zoom.
    ///
    /// - Parameter zoom: A zoom.
    /// - Complexity: O(log tiles + result).
    ///
    /// ```swift
    /// let z12 = change.tiles(atZoom: 12)
    /// ```
    public func tiles(atZoom zoom: Int) -> ArraySlice<TileID> {
        func first(_ below: (TileID) -> Bool) -> Int {
            var lo = 0, hi = tiles.count
            while lo < hi { let mid = (lo + hi) / 2; if below(tiles[mid]) { lo = mid + 1 } else { hi = mid } }
            return lo
        }
        return tiles[first { $0.z < zoom }..<first { $0.z <= zoom }]
    }
}

/// A cluster or single report at some zoom, as returned by queries.
///
/// ```swift
/// for s in clusters.clusters(in: viewport, zoom: 10) where s.pointCount > 1 {
///     print(s.coordinate, s.pointCount, s.votes, s.worstStatus)
/// }
/// ```
public struct DisplayCluster: Hashable, Sendable {
    /// Point-weighted centre (clusters) or the report's position, degrees.
    public var coordinate: Coordinate
    /// Number of reports.
    public var pointCount: Int
    /// Total votes.
    public var votes: Int
    /// Worst (highest) status severity.
    public var worstStatus: Int
    /// The cluster's id (nil for a single report).
    public var cluster: ClusterID?
    /// The report's key (nil for a cluster).
    public var reportKey: Int64?
}

/// Identifies a cluster at a zoom by its root grid cell: stable while the reports near it do
/// not change, so tiles and CDN caches away from a change keep their bytes.
///
/// The raw form, written as `cluster_id` and the feature id in tiles, is
/// `((row << 24 | column) << 5) | zoom`, below 2^53 (a JSON-safe integer).
///
/// ```swift
/// let id = ClusterID(rawValue: 1_234)      // as found in a tile's "cluster_id"
/// let zoomTo = clusters.expansionZoom(of: id)
/// ```
public struct ClusterID: Hashable, Sendable {
    /// Zoom of the cluster.
    public var zoom: Int
    /// Column of the cluster's root cell in its zoom's grid.
    public var column: Int
    /// Row of the cluster's root cell.
    public var row: Int

    /// Creates an id.
    ///
    /// - Parameters:
    ///   - zoom: Zoom, 0...31.
    ///   - column: Root cell column, 0..<2^24.
    ///   - row: Root cell row, 0..<2^24.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let id = ClusterID(zoom: 8, column: 120, row: 75)
    /// ```
    public init(zoom: Int, column: Int, row: Int) { self.zoom = zoom; self.column = column; self.row = row }

    /// The integer written as `cluster_id`.
    public var rawValue: Int64 { ((Int64(row) << 24 | Int64(column)) << 5) | Int64(zoom) }

    /// Decodes ``rawValue``.
    ///
    /// - Parameter rawValue: The `cluster_id` read from a tile.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let id = ClusterID(rawValue: 1224)
    /// ```
    public init(rawValue: Int64) {
        zoom = Int(rawValue & 31); column = Int((rawValue >> 5) & 0xFF_FFFF); row = Int(rawValue >> 29)
    }

    /// The internal key: negative, so it never meets a report key.
    var nodeKey: Int64 { -rawValue - 1 }
    init(nodeKey: Int64) { self.init(rawValue: -nodeKey - 1) }
}
