extension DynamicRTree {
    /// Verifies the tree's structure; throws on the first violation.
    ///
    /// Checks: every node's box in its parent is exactly the union of its children's boxes; every
    /// non-root node holds `minEntries...maxEntries` children and an internal root at least 2; all
    /// leaves are at level 0 and every child is one level below its parent; parent links and the
    /// item-to-leaf table agree with the slots; every live item appears exactly once; the item count
    /// matches.
    /// - Throws: ``RTreeError`` describing the violation.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try live.checkInvariants()
    /// ```
    public func checkInvariants() throws(RTreeError) {
        var seen = [Bool](repeating: false, count: itemLeaf.count)
        var items = 0
        try check(node: root, isRoot: true, seen: &seen, items: &items)
        guard items == count else { throw RTreeError(.brokenInvariant, "dynamic R-tree: \(items) items in leaves, count says \(count)") }
        for id in 0..<itemLeaf.count where (itemLeaf[id] >= 0) != seen[id] {
            throw RTreeError(.brokenInvariant, "dynamic R-tree: item \(id) is \(seen[id] ? "in a leaf but marked free" : "marked live but in no leaf")")
        }
        guard Set(freeItems).count == freeItems.count, freeItems.allSatisfy({ itemLeaf[$0] < 0 }) else {
            throw RTreeError(.brokenInvariant, "dynamic R-tree: free id list is inconsistent")
        }
    }

    private func check(node: Int, isRoot: Bool, seen: inout [Bool], items: inout Int) throws(RTreeError) {
        let n = counts[node]
        guard n <= maxEntries else { throw RTreeError(.brokenInvariant, "dynamic R-tree: node \(node) holds \(n) > \(maxEntries) children") }
        if isRoot {
            guard parents[node] == -1 else { throw RTreeError(.brokenInvariant, "dynamic R-tree: root \(node) has a parent") }
            if levels[node] > 0 && n < 2 { throw RTreeError(.brokenInvariant, "dynamic R-tree: internal root holds \(n) < 2 children") }
        } else if n < minEntries {
            throw RTreeError(.brokenInvariant, "dynamic R-tree: node \(node) holds \(n) < \(minEntries) children")
        }
        for s in 0..<n {
            let e = node * slots + s
            let ref = slotRefs[e]
            if levels[node] == 0 {
                guard ref >= 0 && ref < itemLeaf.count, !seen[ref] else {
                    throw RTreeError(.brokenInvariant, "dynamic R-tree: leaf \(node) holds item \(ref) out of range or twice")
                }
                guard itemLeaf[ref] == node else { throw RTreeError(.brokenInvariant, "dynamic R-tree: item \(ref) is in leaf \(node) but recorded in \(itemLeaf[ref])") }
                seen[ref] = true
                items += 1
            } else {
                guard ref >= 0 && ref < counts.count else { throw RTreeError(.brokenInvariant, "dynamic R-tree: node \(node) points at missing node \(ref)") }
                guard levels[ref] == levels[node] - 1 else {
                    throw RTreeError(.brokenInvariant, "dynamic R-tree: node \(ref) at level \(levels[ref]) under node \(node) at level \(levels[node])")
                }
                guard parents[ref] == node else { throw RTreeError(.brokenInvariant, "dynamic R-tree: node \(ref) records parent \(parents[ref]), not \(node)") }
                let union = nodeBox(ref)
                guard union == slotBoxes[e] || (union.isEmpty && slotBoxes[e].isEmpty) else {
                    throw RTreeError(.brokenInvariant, "dynamic R-tree: node \(ref)'s box \(slotBoxes[e]) is not the union of its children \(union)")
                }
                try check(node: ref, isRoot: false, seen: &seen, items: &items)
            }
        }
    }
}
