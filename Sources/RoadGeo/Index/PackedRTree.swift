/// A static R-tree packed into flat arrays, flatbush style (Hilbert or Sort-Tile-Recursive order).
///
/// Build it once over the bounding boxes of your items (road segments, report points); it answers
/// with item *indices* into the array you built it from, so you keep your own data. Nodes hold up
/// to `nodeSize` children; the leaf level is the item boxes in Hilbert (or STR, see ``Packing``) order,
/// every upper level groups `nodeSize` consecutive nodes of the level below. All boxes live in one
/// contiguous array (leaves first, root last) and one parallel array of 32-bit indices.
///
/// Boxes are lon/lat degrees (x = longitude). Distance queries (`nearest`, `within`) are in metres
/// and exact under the metric contract described on ``RTreeItemMetric``.
/// Boxes with NaN edges or `minX > maxX` (or `minY > maxY`) are kept as ``BoundingBox/empty`` and never found.
///
/// The tree is an immutable value and `Sendable`: any number of threads may query one tree at once.
///
/// ```swift
/// let boxes = segments.map { BoundingBox($0.a, $0.b) }
/// let tree = PackedRTree(boxes: boxes)
/// let hits = tree.search(BoundingBox(minX: 74.58, minY: 42.86, maxX: 74.60, maxY: 42.88))
/// ```
///
/// - Complexity: build O(n) (radix sorts on 32-bit keys); memory 36 bytes per item plus
///   ~1/(nodeSize-1) of that for the upper levels (38.4 bytes per item at node size 16).
/// Algorithm: V. Agafonkin's flatbush; Hilbert index by the bit-parallel method of
/// "Fast Hilbert curve" (rawrunprotected, public domain); STR by Leutenegger et al. (ICDE 1997).
public struct PackedRTree: Hashable, Sendable {
    /// Number of items the tree was built over (`tree.count == boxes.count`).
    public let count: Int
    /// Maximum children per node (`PackedRTree(boxes: b, nodeSize: 8).nodeSize == 8`).
    public let nodeSize: Int
    /// Every node's box: the `count` item boxes (packing order) first, then each upper level, root last.
    @usableFromInline let boxes: [BoundingBox]
    /// For leaf entries the original item index; for upper nodes the position of the first child.
    @usableFromInline let indices: [UInt32]
    /// `levelBounds[l]` is the end position (exclusive) of level `l` in `boxes`; level 0 is the items.
    @usableFromInline let levelBounds: [Int]

    /// The order items are packed in; both give the same flat layout and the same answers.
    ///
    /// ```swift
    /// let quickToBuild = PackedRTree(boxes: boxes)                                  // .hilbert
    /// let quickToQuery = PackedRTree(boxes: boxes, packing: .sortTileRecursive)
    /// ```
    public enum Packing: Hashable, Sendable {
        /// Items sorted by the Hilbert index of their box centres (flatbush): the fastest build.
        case hilbert
        /// Top-down Sort-Tile-Recursive tiling at every level: builds ~2-3x slower but its
        /// compact, little-overlapping nodes make nearest queries faster (snapping, W3).
        case sortTileRecursive
    }

    /// Builds the tree over item boxes.
    ///
    /// - Parameters:
    ///   - boxes: One box per item, lon/lat degrees; the item index is the position in this array.
    ///   - nodeSize: Children per node, 2...65,535 (16 is a good default for both build and query).
    ///   - packing: ``Packing/hilbert`` (default, fastest build) or ``Packing/sortTileRecursive``
    ///     (faster nearest queries).
    /// - Precondition: fewer than 2^32 - 1 items.
    /// - Complexity: O(n) time (radix sorts on 32-bit keys), O(n) memory.
    ///
    /// ```swift
    /// let tree = PackedRTree(boxes: [BoundingBox(Coordinate(74.6, 42.9))])
    /// tree.count   // 1
    /// let forSnapping = PackedRTree(boxes: segmentBoxes, packing: .sortTileRecursive)
    /// ```
    public init(boxes items: [BoundingBox], nodeSize: Int = 16, packing: Packing = .hilbert) {
        precondition(nodeSize >= 2 && nodeSize <= 65_535, "PackedRTree: nodeSize must be 2...65535")
        precondition(items.count < Int(UInt32.max), "PackedRTree: too many items")
        let n = items.count
        self.count = n
        self.nodeSize = nodeSize
        let bounds = packedLevelBounds(count: n, nodeSize: nodeSize)
        let total = bounds.last ?? 0
        levelBounds = bounds
        let order = packing == .hilbert ? hilbertOrder(items)
            : sortTileRecursiveOrder(items, nodeSize: nodeSize, levels: bounds.count - 1)
        var boxes = [BoundingBox](repeating: .empty, count: total)
        var indices = [UInt32](repeating: 0, count: total)
        boxes.withUnsafeMutableBufferPointer { b in
            indices.withUnsafeMutableBufferPointer { ix in
                items.withUnsafeBufferPointer { src in
                    for i in 0..<n {
                        let item = Int(order[i])
                        let box = src[item]
                        // NaN or inverted boxes become `.empty`, which no query ever reaches.
                        b[i] = box.minX <= box.maxX && box.minY <= box.maxY ? box : .empty
                        ix[i] = UInt32(truncatingIfNeeded: item)
                    }
                }
                // Each upper level: one node per run of `nodeSize` nodes of the level below.
                var position = n
                var childStart = 0
                for level in 1..<bounds.count {
                    let childEnd = bounds[level - 1]
                    var c = childStart
                    while c < childEnd {
                        let end = Swift.min(c + nodeSize, childEnd)
                        var minX = Double.infinity, minY = Double.infinity
                        var maxX = -Double.infinity, maxY = -Double.infinity
                        for k in c..<end {
                            let box = b[k]
                            if box.minX < minX { minX = box.minX }
                            if box.minY < minY { minY = box.minY }
                            if box.maxX > maxX { maxX = box.maxX }
                            if box.maxY > maxY { maxY = box.maxY }
                        }
                        b[position] = BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
                        ix[position] = UInt32(truncatingIfNeeded: c)
                        position += 1
                        c = end
                    }
                    childStart = childEnd
                }
            }
        }
        self.boxes = boxes
        self.indices = indices
    }

    /// Rebuilds a tree from its validated parts (deserialization).
    @usableFromInline
    init(count: Int, nodeSize: Int, boxes: [BoundingBox], indices: [UInt32], levelBounds: [Int]) {
        self.count = count
        self.nodeSize = nodeSize
        self.boxes = boxes
        self.indices = indices
        self.levelBounds = levelBounds
    }

    /// Whether the tree holds no items (`PackedRTree(boxes: []).isEmpty == true`).
    @inlinable public var isEmpty: Bool { count == 0 }

    /// The box covering every item (``BoundingBox/empty`` for an empty tree), lon/lat degrees.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let all = tree.search(tree.bounds)   // every item with a real box
    /// ```
    public var bounds: BoundingBox { boxes.last ?? .empty }

    /// Bytes held by the tree's arrays (boxes, indices, level table): its memory footprint,
    /// about 38.4 bytes per item at node size 16.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// print(Double(tree.memoryBytes) / Double(tree.count), "bytes per item")
    /// ```
    public var memoryBytes: Int {
        boxes.count * MemoryLayout<BoundingBox>.stride + indices.count * 4 + levelBounds.count * 8
    }
}

// MARK: - Hilbert packing (private)

/// Item positions sorted by the Hilbert index of their box centres (ties by position).
func hilbertOrder(_ items: [BoundingBox]) -> [UInt32] {
    items.withUnsafeBufferPointer { src in
        hilbertSortedKeys(count: src.count) { i in centre(src[i]) }.map { UInt32(truncatingIfNeeded: $0) }
    }
}

/// A box's centre (NaN for ``BoundingBox/empty``).
@inline(__always)
func centre(_ b: BoundingBox) -> (x: Double, y: Double) {
    ((b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2)
}

/// The extent of the finite points among `point(0..<n)`: infinite minima and maxima when none.
@inline(__always)
func finiteExtent(count n: Int, _ point: (Int) -> (x: Double, y: Double)) -> (minX: Double, minY: Double, maxX: Double, maxY: Double) {
    var minX = Double.infinity, minY = Double.infinity, maxX = -Double.infinity, maxY = -Double.infinity
    for i in 0..<n {
        let (x, y) = point(i)
        guard x.isFinite && y.isFinite else { continue }
        if x < minX { minX = x }
        if x > maxX { maxX = x }
        if y < minY { minY = y }
        if y > maxY { maxY = y }
    }
    return (minX, minY, maxX, maxY)
}

/// Positions `0..<n` sorted by the Hilbert index of `point(i)` on a 65536² grid over the finite
/// points' extent (ties by position), as keys with the index in the high half and the position
/// in the low. A non-finite point goes to an edge cell (NaN to cell 0): it still appears once.
/// - Complexity: O(n): a key per point and a radix sort.
@inline(__always)
func hilbertSortedKeys(count n: Int, _ point: (Int) -> (x: Double, y: Double)) -> [UInt64] {
    guard n > 0 else { return [] }
    let e = finiteExtent(count: n, point)
    let sx = e.maxX > e.minX ? 65_535 / (e.maxX - e.minX) : 0
    let sy = e.maxY > e.minY ? 65_535 / (e.maxY - e.minY) : 0
    var keys = [UInt64](unsafeUninitializedCapacity: n) { k, initialized in
        for i in 0..<n {
            let (x, y) = point(i)
            k[i] = UInt64(hilbertIndex(gridCell((x - e.minX) * sx), gridCell((y - e.minY) * sy))) << 32 | UInt64(i)
        }
        initialized = n
    }
    radixSortHighHalf(&keys)
    return keys
}

/// A scaled coordinate clamped into 0...65535 (NaN goes to 0).
@inline(__always)
func gridCell(_ v: Double) -> UInt32 {
    if !(v > 0) { return 0 }
    if v >= 65_535 { return 65_535 }
    return UInt32(v)
}

/// Stable LSD radix sort of 64-bit keys by their upper 32 bits, one byte per pass; passes where
/// every key has the same byte are skipped.
func radixSortHighHalf(_ keys: inout [UInt64]) {
    var scratch = [UInt64](repeating: 0, count: keys.count)
    var counts = [Int](repeating: 0, count: 1024)
    keys.withUnsafeMutableBufferPointer { k in
        scratch.withUnsafeMutableBufferPointer { s in
            counts.withUnsafeMutableBufferPointer { c in radixSortHighHalf(k, scratch: s, counts: c) }
        }
    }
}

/// ``radixSortHighHalf(_:)`` in place over raw buffers; `scratch` holds at least `keys.count`
/// keys and `counts` 1,024 integers (overwritten).
func radixSortHighHalf(_ keys: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>,
                       counts c: UnsafeMutableBufferPointer<Int>) {
    let n = keys.count
    guard n > 1, scratch.count >= n, c.count >= 1024 else { return }
    for i in 0..<1024 { c[i] = 0 }
    for i in 0..<n {
        let key = keys[i]
        c[Int((key >> 32) & 0xFF)] += 1
        c[256 + Int((key >> 40) & 0xFF)] += 1
        c[512 + Int((key >> 48) & 0xFF)] += 1
        c[768 + Int(key >> 56)] += 1
    }
    var inKeys = true   // whether the current order is in `keys` (else in `scratch`)
    for pass in 0..<4 {
        let base = pass * 256
        let shift = UInt64(32 + pass * 8)
        var uniform = false
        for d in 0..<256 where c[base + d] == n { uniform = true }
        if uniform { continue }
        var sum = 0
        for d in 0..<256 { let v = c[base + d]; c[base + d] = sum; sum += v }
        if inKeys {
            for i in 0..<n {
                let key = keys[i]
                let d = base + Int((key >> shift) & 0xFF)
                scratch[c[d]] = key
                c[d] += 1
            }
        } else {
            for i in 0..<n {
                let key = scratch[i]
                let d = base + Int((key >> shift) & 0xFF)
                keys[c[d]] = key
                c[d] += 1
            }
        }
        inKeys.toggle()
    }
    if !inKeys { for i in 0..<n { keys[i] = scratch[i] } }
}

/// The position of cell (x, y), each 0...65535, along a Hilbert curve over the 65536² grid.
///
/// Bit-parallel: the curve's orientation state for all 16 levels is resolved with prefix scans of
/// 1, 2, 4 and 8 bits instead of a loop over levels.
@inline(__always)
func hilbertIndex(_ x: UInt32, _ y: UInt32) -> UInt32 {
    var a = x ^ y
    var b = 0xFFFF ^ a
    var c = 0xFFFF ^ (x | y)
    var d = x & (y ^ 0xFFFF)

    var pa = a | (b >> 1)
    var pb = (a >> 1) ^ a
    var pc = ((c >> 1) ^ (b & (d >> 1))) ^ c
    var pd = ((a & (c >> 1)) ^ (d >> 1)) ^ d

    a = pa; b = pb; c = pc; d = pd
    pa = (a & (a >> 2)) ^ (b & (b >> 2))
    pb = (a & (b >> 2)) ^ (b & ((a ^ b) >> 2))
    pc ^= (a & (c >> 2)) ^ (b & (d >> 2))
    pd ^= (b & (c >> 2)) ^ ((a ^ b) & (d >> 2))

    a = pa; b = pb; c = pc; d = pd
    pa = (a & (a >> 4)) ^ (b & (b >> 4))
    pb = (a & (b >> 4)) ^ (b & ((a ^ b) >> 4))
    pc ^= (a & (c >> 4)) ^ (b & (d >> 4))
    pd ^= (b & (c >> 4)) ^ ((a ^ b) & (d >> 4))

    a = pa; b = pb; c = pc; d = pd
    pc ^= (a & (c >> 8)) ^ (b & (d >> 8))
    pd ^= (b & (c >> 8)) ^ ((a ^ b) & (d >> 8))

    a = pc ^ (pc >> 1)
    b = pd ^ (pd >> 1)
    var i0 = x ^ y
    var i1 = b | (0xFFFF ^ (i0 | a))
    i0 = spreadBits(i0)
    i1 = spreadBits(i1)
    return (i1 << 1) | i0
}

/// Interleaves zeros between the low 16 bits of `v` (bit k moves to bit 2k).
@inline(__always)
private func spreadBits(_ value: UInt32) -> UInt32 {
    var v = value & 0xFFFF
    v = (v | (v << 8)) & 0x00FF_00FF
    v = (v | (v << 4)) & 0x0F0F_0F0F
    v = (v | (v << 2)) & 0x3333_3333
    v = (v | (v << 1)) & 0x5555_5555
    return v
}
