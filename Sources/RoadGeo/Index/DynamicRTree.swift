/// An R-tree that changes while a server runs: insert, remove and update items at any time.
///
/// Items get an integer id from ``insert(_:)`` (ids of removed items are reused, smallest-last);
/// queries answer with those ids, like ``PackedRTree`` answers with positions. Nodes hold
/// `minEntries...maxEntries` children (the root fewer); inserts descend by least enlargement (ties
/// by smaller area) and split overflowing nodes with Guttman's quadratic split; removals condense
/// underfull nodes and reinsert their items, so the tree stays balanced after any mix of operations.
/// ``init(boxes:maxEntries:)`` bulk-loads in Hilbert order. ``checkInvariants()`` verifies the structure.
///
/// Nodes live in flat arrays (`maxEntries + 1` slots each, a free list for reuse): no per-node
/// objects, no reference counting in queries.
///
/// **Thread safety.** A value type with copy-on-write arrays: many threads may query one value at
/// once; mutation needs exclusive access (Swift's law of exclusivity enforces it for a `var`).
/// To serve reads while writing, mutate a copy and publish it (copying is O(n)).
///
/// ```swift
/// var live = DynamicRTree()
/// let id = live.insert(BoundingBox(Coordinate(74.6, 42.87)))
/// live.search(BoundingBox(minX: 74.5, minY: 42.8, maxX: 74.7, maxY: 42.9))   // [id]
/// live.remove(id)
/// ```
/// - Complexity: insert, remove and update O(log n) amortised (M² per split); memory ~
///   (M+1)/(fill) × 40 bytes per item.
/// Algorithm: A. Guttman, "R-trees: a dynamic index structure for spatial searching", SIGMOD 1984.
public struct DynamicRTree: Sendable {
    /// Most children per node (`DynamicRTree(maxEntries: 8).maxEntries == 8`).
    public let maxEntries: Int
    /// Fewest children per non-root node: 40% of `maxEntries`, at least 2 (6 for the default 16).
    public let minEntries: Int
    /// Slots per node: room for one overflowing child before a split.
    @usableFromInline let slots: Int
    @usableFromInline var slotBoxes: [BoundingBox] = []
    /// Child node id (internal nodes) or item id (leaves).
    @usableFromInline var slotRefs: [Int] = []
    @usableFromInline var counts: [Int] = []
    /// 0 for leaves; a node's children are one level lower.
    @usableFromInline var levels: [Int] = []
    @usableFromInline var parents: [Int] = []
    @usableFromInline var freeNodes: [Int] = []
    @usableFromInline var root: Int = 0
    /// Leaf holding each item id, or -1 for a free id.
    @usableFromInline var itemLeaf: [Int] = []
    @usableFromInline var freeItems: [Int] = []
    /// Number of live items (inserted and not removed): `tree.count`.
    public private(set) var count: Int = 0

    /// An empty tree.
    /// - Parameter maxEntries: Children per node, 4...255 (16 by default).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// var tree = DynamicRTree(maxEntries: 8)
    /// ```
    public init(maxEntries: Int = 16) {
        precondition(maxEntries >= 4 && maxEntries <= 255, "DynamicRTree: maxEntries must be 4...255")
        self.maxEntries = maxEntries
        self.minEntries = max(2, maxEntries * 2 / 5)
        self.slots = maxEntries + 1
        root = newNode(level: 0)
    }

    /// Bulk-loads a tree over `boxes` in Hilbert order (much faster than inserting one by one, and
    /// better packed); item ids are the positions in `boxes`.
    /// - Parameters:
    ///   - boxes: One box per item, lon/lat degrees.
    ///   - maxEntries: Children per node, 4...255.
    /// - Complexity: O(n log n).
    ///
    /// ```swift
    /// var live = DynamicRTree(boxes: reports.map { BoundingBox($0) })
    /// ```
    public init(boxes: [BoundingBox], maxEntries: Int = 16) {
        self.init(maxEntries: maxEntries)
        guard !boxes.isEmpty else { return }
        freeNodes.removeAll(); counts.removeAll(); levels.removeAll(); parents.removeAll()
        slotBoxes.removeAll(); slotRefs.removeAll()
        let order = hilbertOrder(boxes)
        itemLeaf = [Int](repeating: -1, count: boxes.count)
        count = boxes.count
        // Level by level: runs of entries spread evenly over ceil(n / M) nodes, so every node
        // holds at least minEntries (n/nodes > M/2 whenever there are two or more nodes).
        var entries: [(box: BoundingBox, ref: Int)] = order.map { (normalized(boxes[Int($0)]), Int($0)) }
        var level = 0
        repeat {
            let nodeCount = (entries.count + maxEntries - 1) / maxEntries
            var next: [(box: BoundingBox, ref: Int)] = []
            next.reserveCapacity(nodeCount)
            var start = 0
            for k in 0..<nodeCount {
                let end = entries.count * (k + 1) / nodeCount
                let node = newNode(level: level)
                var box = BoundingBox.empty
                for e in entries[start..<end] {
                    appendSlot(node, e.box, e.ref)
                    box.extend(e.box)
                }
                next.append((box, node))
                start = end
            }
            entries = next
            level += 1
        } while entries.count > 1
        root = entries[0].ref
    }

    /// Whether the tree holds no items (`DynamicRTree().isEmpty == true`).
    @inlinable public var isEmpty: Bool { count == 0 }

    /// Height of the tree: 1 for a lone leaf root, about log_M(n) + 1 in general.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// DynamicRTree(boxes: boxes).height   // 4 for 50k boxes at 16 per node
    /// ```
    public var height: Int { levels[root] + 1 }

    /// The box of item `id`, or `nil` if no live item has that id.
    /// - Parameter id: An id returned by ``insert(_:)``.
    /// - Returns: The stored box (``BoundingBox/empty`` for an item inserted with a NaN box).
    /// - Complexity: O(maxEntries).
    ///
    /// ```swift
    /// let id = tree.insert(box)
    /// tree.box(of: id) == box   // true
    /// ```
    public func box(of id: Int) -> BoundingBox? {
        guard id >= 0 && id < itemLeaf.count, itemLeaf[id] >= 0 else { return nil }
        let leaf = itemLeaf[id]
        for s in 0..<counts[leaf] where slotRefs[leaf * slots + s] == id { return slotBoxes[leaf * slots + s] }
        return nil
    }

    /// Adds an item and returns its id.
    ///
    /// A NaN or inverted box (`minX > maxX`) is stored as ``BoundingBox/empty``: the item exists
    /// (it can be removed) but no query finds it.
    /// - Parameter box: The item's box, lon/lat degrees.
    /// - Returns: The new item's id (a freed id is reused first).
    /// - Complexity: O(log n) amortised.
    ///
    /// ```swift
    /// let id = tree.insert(BoundingBox(a, b))
    /// ```
    @discardableResult
    public mutating func insert(_ box: BoundingBox) -> Int {
        let id: Int
        if let reused = freeItems.popLast() {
            id = reused
        } else {
            id = itemLeaf.count
            itemLeaf.append(-1)
        }
        count += 1
        insertEntry(normalized(box), ref: id, level: 0)
        return id
    }

    /// Removes an item.
    /// - Parameter id: An id from ``insert(_:)``.
    /// - Returns: Whether the item was there.
    /// - Complexity: O(log n) amortised.
    ///
    /// ```swift
    /// tree.remove(id)
    /// ```
    @discardableResult
    public mutating func remove(_ id: Int) -> Bool {
        guard detach(id) else { return false }
        itemLeaf[id] = -1
        freeItems.append(id)
        count -= 1
        return true
    }

    /// Moves an item to a new box, keeping its id.
    /// - Parameters: id: An id from ``insert(_:)``. box: The new box.
    /// - Returns: Whether the item was there.
    /// - Complexity: O(log n) amortised.
    ///
    /// ```swift
    /// tree.update(id, to: BoundingBox(newPosition))
    /// ```
    @discardableResult
    public mutating func update(_ id: Int, to box: BoundingBox) -> Bool {
        guard detach(id) else { return false }
        insertEntry(normalized(box), ref: id, level: 0)
        return true
    }

    /// Inserts many items: a packed bulk load when the tree is empty, else one by one.
    /// - Parameter boxes: The new items' boxes.
    /// - Returns: Their ids, in order.
    /// - Complexity: O(n log n) into an empty tree, O(n log n) amortised otherwise.
    ///
    /// ```swift
    /// let ids = tree.insert(contentsOf: newReports.map { BoundingBox($0) })
    /// ```
    @discardableResult
    public mutating func insert(contentsOf boxes: [BoundingBox]) -> [Int] {
        if count == 0 && itemLeaf.isEmpty {
            self = DynamicRTree(boxes: boxes, maxEntries: maxEntries)
            return Array(0..<boxes.count)
        }
        return boxes.map { insert($0) }
    }
}

// MARK: - Structure (internal)

extension DynamicRTree {
    /// A new empty node at `level`, reusing a freed one if any.
    mutating func newNode(level: Int) -> Int {
        if let n = freeNodes.popLast() {
            counts[n] = 0; levels[n] = level; parents[n] = -1
            return n
        }
        let n = counts.count
        counts.append(0); levels.append(level); parents.append(-1)
        slotBoxes.append(contentsOf: repeatElement(.empty, count: slots))
        slotRefs.append(contentsOf: repeatElement(-1, count: slots))
        return n
    }

    /// Appends a child entry to `node` and records the back link.
    mutating func appendSlot(_ node: Int, _ box: BoundingBox, _ ref: Int) {
        let s = node * slots + counts[node]
        slotBoxes[s] = box
        slotRefs[s] = ref
        counts[node] += 1
        if levels[node] == 0 { itemLeaf[ref] = node } else { parents[ref] = node }
    }

    /// Removes slot `s` of `node` by moving the last slot into it.
    mutating func removeSlot(_ node: Int, _ s: Int) {
        let last = counts[node] - 1
        slotBoxes[node * slots + s] = slotBoxes[node * slots + last]
        slotRefs[node * slots + s] = slotRefs[node * slots + last]
        counts[node] = last
    }

    /// The union of a node's slot boxes.
    func nodeBox(_ node: Int) -> BoundingBox {
        var b = BoundingBox.empty
        for s in 0..<counts[node] { b.extend(slotBoxes[node * slots + s]) }
        return b
    }

    /// The slot of `parent` that points at `child`.
    func slotIndex(of child: Int, in parent: Int) -> Int {
        var s = 0
        while slotRefs[parent * slots + s] != child { s += 1 }
        return s
    }

    /// Inserts an entry (an item at level 0, a subtree root above) into a node at `level`.
    mutating func insertEntry(_ box: BoundingBox, ref: Int, level: Int) {
        // Choose: least enlargement, then least area.
        var node = root
        while levels[node] > level {
            var bestSlot = 0
            var bestGrowth = Double.infinity, bestArea = Double.infinity
            for s in 0..<counts[node] {
                let b = slotBoxes[node * slots + s]
                let area = boxArea(b)
                let growth = boxArea(b.union(box)) - area
                if growth < bestGrowth || (growth == bestGrowth && area < bestArea) {
                    bestSlot = s; bestGrowth = growth; bestArea = area
                }
            }
            node = slotRefs[node * slots + bestSlot]
        }
        appendSlot(node, box, ref)
        // Split upwards while nodes overflow.
        while counts[node] > maxEntries {
            let sibling = split(node)
            if node == root {
                let newRoot = newNode(level: levels[node] + 1)
                appendSlot(newRoot, nodeBox(node), node)
                appendSlot(newRoot, nodeBox(sibling), sibling)
                root = newRoot
                return
            }
            let parent = parents[node]
            slotBoxes[parent * slots + slotIndex(of: node, in: parent)] = nodeBox(node)
            appendSlot(parent, nodeBox(sibling), sibling)
            node = parent
        }
        // Grow the ancestors' boxes by the new entry (node ∪ sibling covers exactly old ∪ box).
        while node != root {
            let parent = parents[node]
            slotBoxes[parent * slots + slotIndex(of: node, in: parent)].extend(box)
            node = parent
        }
    }

    /// Guttman's quadratic split of an overflowing node: keeps one group, moves the other to a new
    /// sibling at the same level, and returns the sibling.
    mutating func split(_ node: Int) -> Int {
        let n = counts[node]
        let base = node * slots
        var boxes: [BoundingBox] = []
        var refs: [Int] = []
        for s in 0..<n { boxes.append(slotBoxes[base + s]); refs.append(slotRefs[base + s]) }
        // Seeds: the pair wasting the most area together.
        var seedA = 0, seedB = 1, worst = -Double.infinity
        for i in 0..<n {
            for j in (i + 1)..<n {
                let waste = boxArea(boxes[i].union(boxes[j])) - boxArea(boxes[i]) - boxArea(boxes[j])
                if waste > worst { worst = waste; seedA = i; seedB = j }
            }
        }
        var group = [Int](repeating: -1, count: n)
        group[seedA] = 0; group[seedB] = 1
        var cover = [boxes[seedA], boxes[seedB]]
        var sizes = [1, 1]
        var left = n - 2
        while left > 0 {
            // If one group needs all that is left to reach minEntries, give it all.
            for g in 0..<2 where sizes[g] + left <= minEntries {
                for i in 0..<n where group[i] < 0 { group[i] = g; cover[g].extend(boxes[i]); sizes[g] += 1 }
                left = 0
            }
            if left == 0 { break }
            // Pick the entry with the strongest preference for one group.
            var pick = -1, pickDiff = -Double.infinity, growth0 = 0.0, growth1 = 0.0
            for i in 0..<n where group[i] < 0 {
                let g0 = boxArea(cover[0].union(boxes[i])) - boxArea(cover[0])
                let g1 = boxArea(cover[1].union(boxes[i])) - boxArea(cover[1])
                if abs(g0 - g1) > pickDiff { pickDiff = abs(g0 - g1); pick = i; growth0 = g0; growth1 = g1 }
            }
            let a0 = boxArea(cover[0]), a1 = boxArea(cover[1])
            let g = growth0 < growth1 ? 0 : growth1 < growth0 ? 1 : a0 < a1 ? 0 : a1 < a0 ? 1 : sizes[0] <= sizes[1] ? 0 : 1
            group[pick] = g; cover[g].extend(boxes[pick]); sizes[g] += 1
            left -= 1
        }
        let sibling = newNode(level: levels[node])
        counts[node] = 0
        for i in 0..<n {
            appendSlot(group[i] == 0 ? node : sibling, boxes[i], refs[i])
        }
        return sibling
    }

    /// Takes an item out of its leaf and condenses the tree; the id stays allocated.
    mutating func detach(_ id: Int) -> Bool {
        guard id >= 0 && id < itemLeaf.count, itemLeaf[id] >= 0 else { return false }
        let leaf = itemLeaf[id]
        removeSlot(leaf, slotIndex(of: id, in: leaf))
        // Condense: underfull nodes leave the tree and their items are reinserted.
        var orphans: [(box: BoundingBox, ref: Int)] = []
        var node = leaf
        while node != root {
            let parent = parents[node]
            let s = slotIndex(of: node, in: parent)
            if counts[node] < minEntries {
                removeSlot(parent, s)
                collectItems(node, into: &orphans)
            } else {
                slotBoxes[parent * slots + s] = nodeBox(node)
            }
            node = parent
        }
        while levels[root] > 0 && counts[root] == 1 {
            let old = root
            root = slotRefs[old * slots]
            parents[root] = -1
            freeNodes.append(old)
        }
        if counts[root] == 0 { levels[root] = 0 }
        for o in orphans { insertEntry(o.box, ref: o.ref, level: 0) }
        return true
    }

    /// Moves every item under `node` into `items` and frees the subtree's nodes.
    mutating func collectItems(_ node: Int, into items: inout [(box: BoundingBox, ref: Int)]) {
        for s in 0..<counts[node] {
            let e = node * slots + s
            if levels[node] == 0 {
                items.append((slotBoxes[e], slotRefs[e]))
            } else {
                collectItems(slotRefs[e], into: &items)
            }
        }
        counts[node] = 0
        freeNodes.append(node)
    }
}

/// Area in square degrees; 0 for an empty box (so empty items never distort choices).
@inline(__always)
private func boxArea(_ b: BoundingBox) -> Double {
    b.isEmpty ? 0 : (b.maxX - b.minX) * (b.maxY - b.minY)
}

/// NaN or inverted boxes become `.empty`.
@inline(__always)
private func normalized(_ b: BoundingBox) -> BoundingBox {
    b.minX <= b.maxX && b.minY <= b.maxY ? b : .empty
}
