// The zoom tables of DisplayClusters and the one update pass that both builds and maintains them.
//
// Table t holds the items shown at zoom minZoom + t (the last table: the reports themselves),
// bucketed in a grid whose cells are one cluster radius of zoom minZoom + t - 1 wide. Clustering
// that zoom is a pure function of the table's cells:
//
//   leader(c) = the heaviest cell among c and its 8 neighbours whose centroid lies within one
//               radius of c's centroid (ties: the lower cell key);
//   group(c)  = leader(c) when leader(c) leads itself, else c.
//
// A group of at least minPoints reports becomes one cluster item of the next coarser table,
// keyed by its root cell; a smaller group passes its items through unchanged. Sums are exact
// integers (positions quantized to 2^-31 of the world), so the state depends only on the set of
// reports, never on the order of changes. group(c) depends on cells within two of c, so one change
// touches a bounded neighbourhood per zoom: an update costs O(zooms · neighbourhood), not O(n).

/// A report or cluster at one zoom: what tiles write and coarser zooms sum.
struct DisplayValue: Hashable, Sendable {
    /// A report's key (>= 0) or a cluster's (`-rawValue - 1` of its ``ClusterID``).
    var key: Int64
    /// Sums of the members' positions, in units of 2^-31 of the unit mercator square.
    var sumX: Int64
    var sumY: Int64
    var votes: Int64
    var count: Int32
    var worst: Int32
    /// A report's category (0 for clusters).
    var category: Int32
    /// A report's own coordinate (0 for clusters), written exactly.
    var longitude: Double
    var latitude: Double

    var isReport: Bool { key >= 0 }

    /// Position in the unit mercator square: a report's own, a cluster's point-weighted centre.
    @inline(__always)
    var position: (x: Double, y: Double) {
        if isReport { return WebMercator.project(Coordinate(longitude, latitude)) }
        let n = Double(count) * DisplayClusters.quantum
        return (Double(sumX) / n, Double(sumY) / n)
    }

    /// The centre used for gridding and for the within-radius test (exact from the sums).
    @inline(__always)
    var centre: (x: Double, y: Double) {
        let n = Double(count) * DisplayClusters.quantum
        return (Double(sumX) / n, Double(sumY) / n)
    }
}

/// One change of one table: a key's value before and after (nil: absent).
struct DisplayChange: Sendable {
    var key: Int64
    var old: DisplayValue?
    var new: DisplayValue?
}

struct DisplayNode: Sendable {
    var value: DisplayValue
    var cell: Int32
    var prev: Int32
    var next: Int32
    /// Key of the item one zoom coarser that holds this one (`unlinked` until grouped).
    var parent: Int64
    static let unlinked = Int64.min
}

struct DisplayCell: Sendable {
    var cx: Int32, cy: Int32
    var first: Int32 = -1
    var members: Int32 = 0
    var count: Int64 = 0, sumX: Int64 = 0, sumY: Int64 = 0, votes: Int64 = 0
    var worst: Int32 = .min
    var leader: Int32 = -1
    var group: Int32 = -1
    var stampDirty: UInt32 = 0, stampLeader: UInt32 = 0, stampGroup: UInt32 = 0, stampRoot: UInt32 = 0
    var centreX = 0.0, centreY = 0.0
    var alive = true
    /// The live neighbour cells' slots (-1: none), in ``DisplayTable/directions`` order: kept
    /// as cells are born and die, so a neighbourhood costs no hash lookups.
    var around = InlineArray<8, Int32>(repeating: -1)

    var key: Int64 { DisplayTable.cellKey(cx, cy) }
}

/// The items of one zoom and the grid they are bucketed in.
struct DisplayTable: Sendable {
    var nodes: [DisplayNode] = []
    var freeNodes: [Int32] = []
    var byKey = SlotMap()
    var cells: [DisplayCell] = []
    var freeCells: [Int32] = []
    var cellByKey = SlotMap()
    /// Cell side in the unit square.
    let cellSize: Double
    let columns: Int32

    init(cellSize: Double) {
        self.cellSize = cellSize
        columns = Int32(min((1 / cellSize).rounded(.up) + 1, Double(DisplayClusterOptions.maxColumns)))
    }

    static func cellKey(_ cx: Int32, _ cy: Int32) -> Int64 { Int64(cy) << 32 | Int64(cx) }

    @inline(__always)
    func cellCoordinates(_ v: DisplayValue) -> (Int32, Int32) {
        let (x, y) = v.centre
        return (cellIndex(x), cellIndex(y))
    }

    @inline(__always)
    func cellIndex(_ u: Double) -> Int32 {
        let i = (u / cellSize).rounded(.down)
        return i <= 0 ? 0 : (i >= Double(columns - 1) ? columns - 1 : Int32(i))
    }

    /// The eight neighbour offsets, row by row; direction `7 - d` is the opposite of `d`.
    static let directions: InlineArray<8, (Int32, Int32)> = [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)]

    /// The live cells among cell `c` and its 8 neighbours (`c` first, when live).
    @inline(__always)
    func neighbourhood(of c: Int32) -> Neighbourhood {
        var out = Neighbourhood()
        let cell = cells[Int(c)]
        guard cell.alive else { return neighbourhood(cell.cx, cell.cy) }
        out.append(c)
        for d in 0..<8 where cell.around[d] >= 0 { out.append(cell.around[d]) }
        return out
    }

    /// The live cells among (cx, cy) and its 8 neighbours (itself first, when live), by lookup:
    /// for a cell that has just died (and is no longer linked).
    func neighbourhood(_ cx: Int32, _ cy: Int32) -> Neighbourhood {
        var out = Neighbourhood()
        if let c = cellByKey.get(Self.cellKey(cx, cy)) { out.append(c) }
        for d in 0..<8 {
            let (dx, dy) = Self.directions[d]
            let x = cx + dx, y = cy + dy
            guard x >= 0 && x < columns && y >= 0 && y < columns, let c = cellByKey.get(Self.cellKey(x, y)) else { continue }
            out.append(c)
        }
        return out
    }

    // MARK: Membership

    mutating func cellSlot(_ cx: Int32, _ cy: Int32) -> Int32 {
        let key = Self.cellKey(cx, cy)
        if let c = cellByKey.get(key) { return c }
        let cell = DisplayCell(cx: cx, cy: cy)
        let slot: Int32
        if let free = freeCells.popLast() { slot = free; cells[Int(slot)] = cell } else { slot = Int32(cells.count); cells.append(cell) }
        cellByKey.set(key, slot)
        for d in 0..<8 {
            let (dx, dy) = Self.directions[d]
            let x = cx + dx, y = cy + dy
            guard x >= 0 && x < columns && y >= 0 && y < columns, let n = cellByKey.get(Self.cellKey(x, y)) else { continue }
            cells[Int(slot)].around[d] = n
            cells[Int(n)].around[7 - d] = slot
        }
        return slot
    }

    /// Takes a cell without members out of the grid: its neighbours forget it.
    mutating func retire(_ c: Int32) {
        cellByKey.remove(cells[Int(c)].key)
        for d in 0..<8 {
            let n = cells[Int(c)].around[d]
            if n >= 0 { cells[Int(n)].around[7 - d] = -1 }
        }
        cells[Int(c)].alive = false
        cells[Int(c)].count = 0
    }

    mutating func link(_ n: Int32, into c: Int32) {
        let head = cells[Int(c)].first
        nodes[Int(n)].cell = c; nodes[Int(n)].prev = -1; nodes[Int(n)].next = head
        if head >= 0 { nodes[Int(head)].prev = n }
        cells[Int(c)].first = n
        cells[Int(c)].members += 1
    }

    mutating func unlink(_ n: Int32) {
        let node = nodes[Int(n)]
        if node.prev >= 0 { nodes[Int(node.prev)].next = node.next } else { cells[Int(node.cell)].first = node.next }
        if node.next >= 0 { nodes[Int(node.next)].prev = node.prev }
        cells[Int(node.cell)].members -= 1
    }

    /// Recomputes a cell's sums from its members; returns whether count or position sums changed.
    mutating func resum(_ c: Int32) -> Bool {
        var count: Int64 = 0, sx: Int64 = 0, sy: Int64 = 0, votes: Int64 = 0, worst = Int32.min
        var n = cells[Int(c)].first
        while n >= 0 {
            let v = nodes[Int(n)].value
            count += Int64(v.count); sx += v.sumX; sy += v.sumY; votes += v.votes; worst = max(worst, v.worst)
            n = nodes[Int(n)].next
        }
        let old = cells[Int(c)]
        let moved = old.count != count || old.sumX != sx || old.sumY != sy
        cells[Int(c)].count = count; cells[Int(c)].sumX = sx; cells[Int(c)].sumY = sy
        cells[Int(c)].votes = votes; cells[Int(c)].worst = worst
        if count > 0 {
            let q = Double(count) * DisplayClusters.quantum
            cells[Int(c)].centreX = Double(sx) / q; cells[Int(c)].centreY = Double(sy) / q
        }
        return moved
    }
}

/// Up to nine cell slots, without allocating.
struct Neighbourhood {
    private var slots = InlineArray<9, Int32>(repeating: -1)
    private(set) var count = 0
    @inline(__always) mutating func append(_ c: Int32) { slots[count] = c; count += 1 }
    @inline(__always) subscript(i: Int) -> Int32 { slots[i] }
}

/// What applying one table's changes touched.
struct AppliedChanges {
    /// Cells whose count or position sums changed (dead ones included).
    var moved: [Int32] = []
    /// Cells whose votes or worst status changed only.
    var retouched: [Int32] = []
    /// Cells left without members.
    var dead: [Int32] = []
    /// Removed items and the coarser item that held them.
    var removed: [(key: Int64, parent: Int64)] = []
}

extension DisplayClusters {
    /// Runs changes of the report table through every zoom, coarser and coarser, stopping where
    /// nothing changes; with `collectingTiles`, returns the tiles whose bytes change.
    mutating func propagate(_ reportChanges: [DisplayChange], collectingTiles: Bool) -> [TileID] {
        var changes = reportChanges
        var tiles: [TileID] = []
        var t = tables.count - 1
        while !changes.isEmpty {
            if collectingTiles { collectTiles(changes, table: t, into: &tiles) }
            epoch &+= 1
            let applied = apply(changes, table: t)
            changes = t > 0 ? regroup(t, applied) : []
            for c in applied.dead { tables[t].cells[Int(c)] = DisplayCell(cx: 0, cy: 0, alive: false); tables[t].freeCells.append(c) }
            t -= 1
        }
        return tiles
    }

    /// Applies changes to table `t`'s items and cells.
    private mutating func apply(_ changes: [DisplayChange], table t: Int) -> AppliedChanges {
        let stamp = epoch
        var touched: [Int32] = []
        var out = AppliedChanges()
        func touch(_ c: Int32, _ table: inout DisplayTable) {
            if table.cells[Int(c)].stampDirty != stamp { table.cells[Int(c)].stampDirty = stamp; touched.append(c) }
        }
        for change in changes {
            if let slot = tables[t].byKey.get(change.key) {
                let old = tables[t].nodes[Int(slot)]
                touch(old.cell, &tables[t])
                guard let value = change.new else {
                    tables[t].unlink(slot)
                    tables[t].nodes[Int(slot)].cell = -1
                    tables[t].byKey.remove(change.key)
                    tables[t].freeNodes.append(slot)
                    out.removed.append((change.key, old.parent))
                    continue
                }
                let (cx, cy) = tables[t].cellCoordinates(value)
                tables[t].nodes[Int(slot)].value = value
                let oldCell = tables[t].cells[Int(old.cell)]
                if oldCell.cx != cx || oldCell.cy != cy {
                    tables[t].unlink(slot)
                    let c = tables[t].cellSlot(cx, cy)
                    tables[t].link(slot, into: c)
                    touch(c, &tables[t])
                }
            } else if let value = change.new {
                let (cx, cy) = tables[t].cellCoordinates(value)
                let node = DisplayNode(value: value, cell: -1, prev: -1, next: -1, parent: DisplayNode.unlinked)
                let slot: Int32
                if let free = tables[t].freeNodes.popLast() { slot = free; tables[t].nodes[Int(slot)] = node } else {
                    slot = Int32(tables[t].nodes.count); tables[t].nodes.append(node)
                }
                tables[t].byKey.set(value.key, slot)
                let c = tables[t].cellSlot(cx, cy)
                tables[t].link(slot, into: c)
                touch(c, &tables[t])
            }
        }
        for c in touched {
            if tables[t].cells[Int(c)].members == 0 {
                tables[t].retire(c)
                out.dead.append(c); out.moved.append(c)
            } else if tables[t].resum(c) {
                out.moved.append(c)
            } else {
                out.retouched.append(c)
            }
        }
        return out
    }

    /// Re-derives leaders and groups around the touched cells of table `t` and returns the
    /// changes of table `t - 1` (the clusters and pass-through items of zoom minZoom + t - 1).
    private mutating func regroup(_ t: Int, _ applied: AppliedChanges) -> [DisplayChange] {
        let coarser = tables[t - 1]
        return Self.regroup(&tables[t], zoom: options.minZoom + t - 1, applied: applied, coarser: coarser,
                            options: options, stamp: epoch)
    }

    private static func regroup(_ table: inout DisplayTable, zoom: Int, applied: AppliedChanges, coarser: DisplayTable,
                                options: DisplayClusterOptions, stamp: UInt32) -> [DisplayChange] {
        let r = options.unitRadius(zoom)
        let r2 = r * r

        // 1. Leaders can change only within one cell of a cell whose sums changed.
        var leaderChanged: [Int32] = []
        for d in applied.moved {
            let nb = table.neighbourhood(of: d)
            for i in 0..<nb.count {
                let c = nb[i]
                guard table.cells[Int(c)].stampLeader != stamp else { continue }
                table.cells[Int(c)].stampLeader = stamp
                let l = leader(of: c, in: table, r2: r2)
                if l != table.cells[Int(c)].leader { table.cells[Int(c)].leader = l; leaderChanged.append(c) }
            }
        }
        // 2. A group changes when its cell's leader, or that leader's leader, changed.
        var roots: [Int32] = []
        func addRoot(_ c: Int32, _ table: inout DisplayTable) {
            guard c >= 0, table.cells[Int(c)].stampRoot != stamp else { return }
            table.cells[Int(c)].stampRoot = stamp
            roots.append(c)
        }
        func regroupCell(_ c: Int32, _ table: inout DisplayTable) {
            guard table.cells[Int(c)].stampGroup != stamp else { return }
            table.cells[Int(c)].stampGroup = stamp
            let old = table.cells[Int(c)].group
            let l = table.cells[Int(c)].leader
            let g = table.cells[Int(l)].leader == l ? l : c
            if g != old { table.cells[Int(c)].group = g; addRoot(old, &table) }
            addRoot(g, &table)
        }
        for c in leaderChanged {
            regroupCell(c, &table)
            let nb = table.neighbourhood(of: c)
            for i in 0..<nb.count where table.cells[Int(nb[i])].leader == c { regroupCell(nb[i], &table) }
        }
        for c in applied.moved where table.cells[Int(c)].alive { addRoot(table.cells[Int(c)].group, &table) }
        for c in applied.retouched { addRoot(table.cells[Int(c)].group, &table) }
        for c in applied.dead { addRoot(table.cells[Int(c)].group, &table) }

        // 3. Each affected root yields its cluster, or passes its items through.
        var out: [DisplayChange] = []
        func emit(_ key: Int64, _ new: DisplayValue?) {
            let old = coarser.byKey.get(key).map { coarser.nodes[Int($0)].value }
            if old != new { out.append(DisplayChange(key: key, old: old, new: new)) }
        }
        for (key, parent) in applied.removed where parent == key { emit(key, nil) }
        for root in roots {
            let cell = table.cells[Int(root)]
            let clusterKey = ClusterID(zoom: zoom, column: Int(cell.cx), row: Int(cell.cy)).nodeKey
            var total = DisplayValue(key: clusterKey, sumX: 0, sumY: 0, votes: 0, count: 0, worst: .min,
                                     category: 0, longitude: 0, latitude: 0)
            var count: Int64 = 0
            var members = Neighbourhood()
            if cell.alive && cell.group == root {
                let nb = table.neighbourhood(of: root)
                for i in 0..<nb.count {
                    let m = table.cells[Int(nb[i])]
                    guard m.group == root else { continue }
                    members.append(nb[i])
                    count += m.count; total.sumX += m.sumX; total.sumY += m.sumY; total.votes += m.votes
                    total.worst = max(total.worst, m.worst)
                }
            }
            let clustered = count >= Int64(options.minPoints)
            total.count = Int32(clamping: count)
            emit(clusterKey, clustered ? total : nil)
            for i in 0..<members.count {
                var n = table.cells[Int(members[i])].first
                while n >= 0 {
                    let node = table.nodes[Int(n)]
                    if clustered {
                        if node.parent == node.value.key { emit(node.value.key, nil) }
                        table.nodes[Int(n)].parent = clusterKey
                    } else {
                        emit(node.value.key, node.value)
                        table.nodes[Int(n)].parent = node.value.key
                    }
                    n = node.next
                }
            }
        }
        return out
    }

    /// The heaviest cell among `c` and its neighbours whose centre lies within the radius.
    @inline(__always)
    private static func leader(of c: Int32, in table: DisplayTable, r2: Double) -> Int32 {
        let cell = table.cells[Int(c)]
        var best = c, bestCount = cell.count, bestKey = cell.key
        let nb = table.neighbourhood(of: c)
        for i in 0..<nb.count where nb[i] != c {
            let m = table.cells[Int(nb[i])]
            let dx = m.centreX - cell.centreX, dy = m.centreY - cell.centreY
            guard dx * dx + dy * dy <= r2 else { continue }
            let key = m.key
            if m.count > bestCount || (m.count == bestCount && key < bestKey) { best = nb[i]; bestCount = m.count; bestKey = key }
        }
        return best
    }
}
