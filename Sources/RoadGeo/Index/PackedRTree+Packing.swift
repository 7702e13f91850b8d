/// Item positions in top-down Sort-Tile-Recursive order for a tree with `levels` levels above
/// the items: the items are cut into vertical slices by centre longitude, each slice sorted by
/// centre latitude and cut into runs that each fill one top-level subtree, and every run is tiled
/// the same way for the level below. Every run except the very last is full, so the flat
/// fixed-stride layout of ``PackedRTree`` holds (node `j` owns entries `j * nodeSize ..< (j + 1) *
/// nodeSize` of the level below) while every node, at every level, is a compact tile: nearest
/// searches visit few nodes.
///
/// Sorting works on quantised centres packed with the item position into 64-bit keys: for large
/// runs 16-bit keys rescaled to the run's range and two LSD radix passes, for small runs 32-bit
/// keys and the standard library's sort.
///
/// Algorithm: S. Leutenegger, M. Lopez, J. Edgington, "STR: a simple and efficient algorithm for
/// R-tree packing", ICDE 1997, applied top-down at every level (as in OMT bulk loading).
func sortTileRecursiveOrder(_ items: [BoundingBox], nodeSize: Int, levels: Int) -> [UInt32] {
    let n = items.count
    var order = (0..<n).map { UInt32(truncatingIfNeeded: $0) }
    guard n > nodeSize else { return order }
    var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
    for b in items where !b.isEmpty {
        let cx = (b.minX + b.maxX) / 2, cy = (b.minY + b.maxY) / 2
        if cx < minX { minX = cx }
        if cx > maxX { maxX = cx }
        if cy < minY { minY = cy }
        if cy > maxY { maxY = cy }
    }
    let sx = maxX > minX ? 4_294_967_295 / (maxX - minX) : 0
    let sy = maxY > minY ? 4_294_967_295 / (maxY - minY) : 0
    var qx = [UInt32](repeating: 0, count: n), qy = [UInt32](repeating: 0, count: n)
    for i in 0..<n {
        let b = items[i]
        qx[i] = quantized(((b.minX + b.maxX) / 2 - minX) * sx)
        qy[i] = quantized(((b.minY + b.maxY) / 2 - minY) * sy)
    }
    var capacity = 1
    for _ in 0..<levels where capacity <= n { capacity *= nodeSize }
    var keys = [UInt64](repeating: 0, count: n)
    var scratch = [UInt64](repeating: 0, count: n)
    var counts = [Int](repeating: 0, count: 1024)
    counts.withUnsafeMutableBufferPointer { histogram in
    order.withUnsafeMutableBufferPointer { o in
        keys.withUnsafeMutableBufferPointer { k in
            scratch.withUnsafeMutableBufferPointer { s in
                qx.withUnsafeBufferPointer { qx in
                    qy.withUnsafeBufferPointer { qy in
                        /// Sorts `o[lo..<hi]` by `q`.
                        func sortRun(_ lo: Int, _ hi: Int, by q: UnsafeBufferPointer<UInt32>) {
                            if hi - lo > 64 {
                                // 16-bit keys rescaled to this run's own range: two radix passes
                                // (the uniform low bytes are skipped), ample for tiling.
                                var qMin = UInt32.max, qMax: UInt32 = 0
                                for i in lo..<hi {
                                    let v = q[Int(o[i])]
                                    if v < qMin { qMin = v }
                                    if v > qMax { qMax = v }
                                }
                                let scale = qMax > qMin ? 65_535 / Double(qMax - qMin) : 0
                                for i in lo..<hi {
                                    let key = Swift.min(UInt64(Double(q[Int(o[i])] - qMin) * scale), 65_535)
                                    k[i] = key << 48 | UInt64(o[i])
                                }
                                radixSortHighHalf(UnsafeMutableBufferPointer(rebasing: k[lo..<hi]),
                                                  scratch: UnsafeMutableBufferPointer(rebasing: s[lo..<hi]), counts: histogram)
                            } else {
                                for i in lo..<hi { k[i] = UInt64(q[Int(o[i])]) << 32 | UInt64(o[i]) }
                                var run = UnsafeMutableBufferPointer(rebasing: k[lo..<hi])
                                run.sort()
                            }
                            for i in lo..<hi { o[i] = UInt32(truncatingIfNeeded: k[i]) }
                        }
                        func tile(_ lo: Int, _ hi: Int, _ cap: Int) {
                            let count = hi - lo
                            guard count > nodeSize && cap > nodeSize else { return }
                            let child = cap / nodeSize
                            let groups = (count + child - 1) / child
                            var slices = 1
                            while slices * slices < groups { slices += 1 }
                            let perSlice = ((groups + slices - 1) / slices) * child
                            sortRun(lo, hi, by: qx)
                            var start = lo
                            while start < hi {
                                let end = Swift.min(start + perSlice, hi)
                                sortRun(start, end, by: qy)
                                var c = start
                                while c < end {
                                    let ce = Swift.min(c + child, end)
                                    tile(c, ce, child)
                                    c = ce
                                }
                                start = end
                            }
                        }
                        tile(0, n, capacity)
                    }
                }
            }
        }
    }
    }
    return order
}

/// A scaled coordinate clamped into 0...2^32-1 (NaN goes to 0).
@inline(__always)
private func quantized(_ v: Double) -> UInt32 {
    if !(v > 0) { return 0 }
    if v >= 4_294_967_295 { return UInt32.max }
    return UInt32(v)
}
