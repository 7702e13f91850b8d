/// Item positions in top-down Sort-Tile-Recursive order for a tree with `levels` levels above
/// the items: the items are cut into vertical slices by centre longitude, each slice ordered by
/// centre latitude and cut into runs that each fill one top-level subtree, and every run is tiled
/// the same way for the level below. Every run except the very last is full, so the flat
/// fixed-stride layout of ``PackedRTree`` holds (node `j` owns entries `j * nodeSize ..< (j + 1) *
/// nodeSize` of the level below) while every node, at every level, is a compact tile: nearest
/// searches visit few nodes.
///
/// Only two sorts: the items are sorted once by centre longitude and once by latitude (radix
/// sorts on quantised 32-bit centres, ties by position). Every run then keeps both orders of its
/// own items side by side, and cutting it is linear: a slice is a chunk of the run's longitude
/// order, and a stable pass over the latitude order, sending each item to its slice, gives every
/// slice its latitude order; likewise each child run's longitude order. So a level costs a few
/// linear passes instead of two sorts, as in k-d tree building over presorted arrays.
///
/// Algorithm: S. Leutenegger, M. Lopez, J. Edgington, "STR: a simple and efficient algorithm for
/// R-tree packing", ICDE 1997, applied top-down at every level (as in OMT bulk loading).
func sortTileRecursiveOrder(_ items: [BoundingBox], nodeSize: Int, levels: Int) -> [UInt32] {
    let n = items.count
    guard n > nodeSize else { return (0..<n).map { UInt32(truncatingIfNeeded: $0) } }
    var byX = [UInt64](repeating: 0, count: n), byY = [UInt64](repeating: 0, count: n)
    items.withUnsafeBufferPointer { src in
        let e = finiteExtent(count: n) { i in centre(src[i]) }
        let sx = e.maxX > e.minX ? 4_294_967_295 / (e.maxX - e.minX) : 0
        let sy = e.maxY > e.minY ? 4_294_967_295 / (e.maxY - e.minY) : 0
        for i in 0..<n {
            let (x, y) = centre(src[i])
            byX[i] = UInt64(quantized((x - e.minX) * sx)) << 32 | UInt64(i)
            byY[i] = UInt64(quantized((y - e.minY) * sy)) << 32 | UInt64(i)
        }
    }
    radixSortHighHalf(&byX)
    radixSortHighHalf(&byY)
    var xs = byX.map { UInt32(truncatingIfNeeded: $0) }   // each run's items in longitude order
    var ys = byY.map { UInt32(truncatingIfNeeded: $0) }   // the same items in latitude order
    byX = []; byY = []
    var capacity = 1
    for _ in 0..<levels where capacity <= n { capacity *= nodeSize }
    var part = [UInt32](repeating: 0, count: n)    // per item: the part it goes to in the current cut
    var moved = [UInt32](repeating: 0, count: n)
    xs.withUnsafeMutableBufferPointer { xs in
    ys.withUnsafeMutableBufferPointer { ys in
    part.withUnsafeMutableBufferPointer { part in
    moved.withUnsafeMutableBufferPointer { moved in
        /// Cuts `lo..<hi` of `by` into parts of `size` (the last may be short), then reorders
        /// `lo..<hi` of `other` stably so each part's items sit at the same positions there.
        func cut(_ lo: Int, _ hi: Int, chunksOf by: UnsafeMutableBufferPointer<UInt32>, size: Int,
                 reorder other: UnsafeMutableBufferPointer<UInt32>) {
            var p = lo, parts = 0
            while p < hi {
                let end = Swift.min(p + size, hi)
                let tag = UInt32(truncatingIfNeeded: parts)
                while p < end { part[Int(by[p])] = tag; p += 1 }
                parts += 1
            }
            for q in lo..<hi { moved[q] = other[q] }
            // Part j starts at lo + j * size: a stable counting distribution.
            withUnsafeTemporaryAllocation(of: Int.self, capacity: parts) { cursor in
                for j in 0..<parts { cursor[j] = lo + j * size }
                for q in lo..<hi {
                    let item = moved[q]
                    let j = Int(part[Int(item)])
                    other[cursor[j]] = item
                    cursor[j] += 1
                }
            }
        }
        func tile(_ lo: Int, _ hi: Int, _ cap: Int) {
            let count = hi - lo
            guard count > nodeSize && cap > nodeSize else { return }
            let child = cap / nodeSize
            let groups = (count + child - 1) / child
            var slices = 1
            while slices * slices < groups { slices += 1 }
            let perSlice = ((groups + slices - 1) / slices) * child
            // Slices: chunks of the longitude order; give each its latitude order.
            cut(lo, hi, chunksOf: xs, size: perSlice, reorder: ys)
            var start = lo
            while start < hi {
                let end = Swift.min(start + perSlice, hi)
                // Child runs: chunks of the slice's latitude order; give each its longitude order.
                cut(start, end, chunksOf: ys, size: child, reorder: xs)
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
    return ys
}

/// A scaled coordinate clamped into 0...2^32-1 (NaN goes to 0).
@inline(__always)
private func quantized(_ v: Double) -> UInt32 {
    if !(v > 0) { return 0 }
    if v >= 4_294_967_295 { return UInt32.max }
    return UInt32(v)
}
