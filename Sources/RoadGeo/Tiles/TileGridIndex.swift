/// The tiler's feature selector: a uniform grid over the features' unit-mercator boxes, stored
/// as compressed rows (one flat array of feature indices, one offset array).
///
/// Each feature is listed in every cell its box touches; the cell size is chosen from the
/// data (about the mean feature size, at most ~4 cells per feature over the data extent), so
/// a tile query touches few cells and few duplicates. Queries return ascending, unique
/// feature indices, which makes tile output order deterministic.
///
/// - Complexity: build O(n + cells); query O(cells touched + hits log hits).
struct TileGridIndex: Hashable, Sendable {
    private let originX: Double, originY: Double, cellSize: Double
    private let columns: Int, rows: Int
    private let offsets: [Int32]
    private let items: [Int32]

    /// Builds the grid over `boxes` (unit-mercator, non-empty).
    init(boxes: [BoundingBox]) {
        var bounds = BoundingBox.empty
        var sumSize = 0.0
        for b in boxes { bounds.extend(b); sumSize += max(b.width, b.height) }
        guard !boxes.isEmpty, !bounds.isEmpty else {
            originX = 0; originY = 0; cellSize = 1; columns = 1; rows = 1
            offsets = [0, 0]; items = []
            return
        }
        let n = Double(boxes.count)
        let area = max(bounds.width * bounds.height, 1e-30)
        // No smaller than the mean feature, no more cells than ~4 per feature.
        var size = max(sumSize / n, (area / (4 * n)).squareRoot(), 1e-12)
        size = min(size, max(bounds.width, bounds.height, 1e-12))
        let cols = max(1, min(Int(bounds.width / size) + 1, 1 << 20))
        let rws = max(1, min(Int(bounds.height / size) + 1, 1 << 20))
        originX = bounds.minX; originY = bounds.minY; cellSize = size
        columns = cols; rows = rws
        var counts = [Int32](repeating: 0, count: cols * rws + 1)
        for b in boxes {
            let (c0, c1, r0, r1) = TileGridIndex.cells(b, bounds.minX, bounds.minY, size, cols, rws)
            for r in r0...r1 { for c in c0...c1 { counts[r * cols + c + 1] += 1 } }
        }
        for i in 1..<counts.count { counts[i] += counts[i - 1] }
        var fill = counts
        var list = [Int32](repeating: 0, count: Int(counts[counts.count - 1]))
        for (i, b) in boxes.enumerated() {
            let (c0, c1, r0, r1) = TileGridIndex.cells(b, bounds.minX, bounds.minY, size, cols, rws)
            for r in r0...r1 {
                for c in c0...c1 {
                    list[Int(fill[r * cols + c])] = Int32(i)
                    fill[r * cols + c] += 1
                }
            }
        }
        offsets = counts
        items = list
    }

    /// Appends to `out` the indices of boxes that may intersect `box` (ascending, unique),
    /// then the caller checks the exact box.
    func search(_ box: BoundingBox, into out: inout [Int32]) {
        let start = out.count
        guard box.maxX >= originX, box.maxY >= originY,
              box.minX <= originX + Double(columns) * cellSize, box.minY <= originY + Double(rows) * cellSize else { return }
        let (c0, c1, r0, r1) = TileGridIndex.cells(box, originX, originY, cellSize, columns, rows)
        for r in r0...r1 {
            let lo = Int(offsets[r * columns + c0]), hi = Int(offsets[r * columns + c1 + 1])
            out.append(contentsOf: items[lo..<hi])
        }
        if r1 > r0 || c1 > c0 {
            out[start...].sort()
            var w = start
            for i in start..<out.count where w == start || out[i] != out[w - 1] {
                out[w] = out[i]; w += 1
            }
            out.removeLast(out.count - w)
        }
    }

    private static func cells(_ b: BoundingBox, _ ox: Double, _ oy: Double, _ size: Double,
                              _ cols: Int, _ rws: Int) -> (Int, Int, Int, Int) {
        func clamp(_ v: Double, _ n: Int) -> Int {
            let i = v / size
            return i <= 0 ? 0 : (i >= Double(n - 1) ? n - 1 : Int(i))
        }
        return (clamp(b.minX - ox, cols), clamp(b.maxX - ox, cols), clamp(b.minY - oy, rws), clamp(b.maxY - oy, rws))
    }
}
