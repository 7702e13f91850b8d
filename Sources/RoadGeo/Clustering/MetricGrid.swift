import Foundation

/// A dynamic uniform grid over lon/lat whose cells are at least `cellMeters` on each side, for the
/// incremental clusterer's neighbour searches (insert, remove and radius queries in O(1) expected).
///
/// Why a grid and not an R-tree: the clusterer needs one fixed radius (eps) and O(1) updates;
/// a grid with cells of eps metres answers a radius query from the 3 x (2-3) cells around the point.
/// Rows have a fixed height in latitude (`cellMeters` over the smallest metres per degree of
/// latitude); each row's column width is `cellMeters` over the metres per degree of longitude at
/// the row's poleward edge, so cells stay at least `cellMeters` wide at 60° as at the equator
/// (near the poles a row is one cell). Queries widen the longitude reach by the scale at the
/// most poleward latitude a neighbour can have and wrap across the antimeridian, so they return a
/// superset of the points within the radius by ``LocalRuler/distance(_:_:)``.
///
/// Storage: a dictionary from cell key to the first slot of the cell, and intrusive doubly linked
/// lists through per-slot `next`/`previous` arrays: no per-point allocation.
struct MetricGrid: Sendable {
    /// Minimum cell side in metres.
    let cellMeters: Double
    /// Row height in degrees of latitude.
    let rowDegrees: Double
    private var heads: [Int64: Int32] = [:]
    private var next: [Int32] = []
    private var previous: [Int32] = []
    /// Per slot: its cell key, or `nil` when the slot is not in the grid.
    private var keys: [Int64?] = []

    init(cellMeters: Double) {
        self.cellMeters = Swift.max(cellMeters, 0.5)
        rowDegrees = self.cellMeters / LocalRuler.minMetersPerDegreeLatitude
    }

    /// Adds `slot` at `c`; coordinates that are not valid geographic positions are not stored.
    mutating func insert(_ slot: Int, at c: Coordinate) {
        while keys.count <= slot {
            keys.append(nil); next.append(-1); previous.append(-1)
        }
        guard c.isValidGeographic else { keys[slot] = nil; return }
        let row = Int(floor(c.latitude / rowDegrees))
        let key = cellKey(row: row, column: column(of: c.longitude, width: columnWidth(row: row)))
        keys[slot] = key
        let head = heads[key] ?? -1
        next[slot] = head
        previous[slot] = -1
        if head >= 0 { previous[Int(head)] = Int32(slot) }
        heads[key] = Int32(slot)
    }

    /// Removes `slot` (no effect if it is not in the grid).
    mutating func remove(_ slot: Int) {
        guard slot < keys.count, let key = keys[slot] else { return }
        keys[slot] = nil
        let n = next[slot], p = previous[slot]
        if p >= 0 { next[Int(p)] = n } else if n >= 0 { heads[key] = n } else { heads[key] = nil }
        if n >= 0 { previous[Int(n)] = p }
    }

    /// Calls `body` with every stored slot that may lie within `radiusMeters` (<= `cellMeters`)
    /// of `c` by ``LocalRuler/distance(_:_:)`` (a superset; the caller checks the distance).
    func forEachCandidate(near c: Coordinate, radiusMeters: Double, _ body: (Int) -> Void) {
        guard c.isValidGeographic else { return }
        let firstRow = Int(floor((c.latitude - rowDegrees) / rowDegrees))
        let lastRow = Int(floor((c.latitude + rowDegrees) / rowDegrees))
        // Longitude reach: metres per degree of longitude at the most poleward latitude a
        // neighbour (and so the pair's mid-latitude) can have.
        let poleward = Swift.min(90, abs(c.latitude) + 2 * rowDegrees)
        let kx = LocalRuler(latitude: poleward).metersPerDegreeLongitude
        let reach = kx > 1e-6 ? radiusMeters / kx * (1 + 1e-9) + 1e-12 : 360
        for row in firstRow...lastRow {
            let width = columnWidth(row: row)
            if reach >= 180 || width >= 360 {
                scanColumns(row: row, from: 0, to: column(of: 180, width: width), body)
                continue
            }
            let west = c.longitude - reach, east = c.longitude + reach
            scanColumns(row: row, from: column(of: Swift.max(west, -180), width: width),
                        to: column(of: Swift.min(east, 180), width: width), body)
            if west < -180 {
                scanColumns(row: row, from: column(of: west + 360, width: width), to: column(of: 180, width: width), body)
            }
            if east > 180 {
                scanColumns(row: row, from: 0, to: column(of: east - 360, width: width), body)
            }
        }
    }

    private func scanColumns(row: Int, from: Int, to: Int, _ body: (Int) -> Void) {
        guard from <= to else { return }
        for col in from...to {
            var s = heads[cellKey(row: row, column: col)] ?? -1
            while s >= 0 {
                body(Int(s))
                s = next[Int(s)]
            }
        }
    }

    /// Column width in degrees of longitude for a row: `cellMeters` at the row's poleward edge.
    private func columnWidth(row: Int) -> Double {
        let edge = Swift.min(90, Swift.max(abs(Double(row) * rowDegrees), abs(Double(row + 1) * rowDegrees)))
        let kx = LocalRuler(latitude: edge).metersPerDegreeLongitude
        guard kx > 1e-6 else { return 360 }
        return Swift.min(360, cellMeters / kx)
    }

    private func column(of longitude: Double, width: Double) -> Int {
        Int(floor((longitude + 180) / width))
    }

    private func cellKey(row: Int, column: Int) -> Int64 {
        Int64(truncatingIfNeeded: row) << 32 | Int64(UInt32(truncatingIfNeeded: column))
    }
}
