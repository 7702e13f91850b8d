/// Every node's location, kept compactly: sorted id arrays (8 bytes per node) beside their
/// locations (two `Int32` in 1e-7 degrees, 8 bytes per node), one chunk per data block, found
/// by binary search: 16 bytes per node, never a dictionary per node.
///
/// Files sorted by id (the usual `Sort.Type_then_ID`) keep each block's arrays as they were
/// decoded; otherwise the nodes are merged into one chunk and sorted once.
struct OSMNodeStore: Sendable {
    private var ids: [[Int64]] = []
    private var locations: [[OSMLocation]] = []
    /// The first id of each chunk, ascending.
    private var firstIDs: [Int64] = []
    /// Node ids seen more than once (the first occurrence is kept).
    private(set) var duplicateCount = 0

    /// Number of nodes stored.
    private(set) var count = 0

    /// Takes the nodes out of decoded blocks (leaving their node arrays empty).
    init(takingNodesOf blocks: inout [OSMBlockContent]) {
        var sorted = true
        var last = Int64.min
        for b in blocks where !b.nodeIDs.isEmpty {
            if !b.nodesSorted || b.nodeIDs[0] <= last { sorted = false; break }
            last = b.nodeIDs[b.nodeIDs.count - 1]
        }
        if sorted {
            for i in blocks.indices where !blocks[i].nodeIDs.isEmpty {
                firstIDs.append(blocks[i].nodeIDs[0])
                count += blocks[i].nodeIDs.count
                ids.append(blocks[i].nodeIDs)
                locations.append(blocks[i].nodeLocations)
                blocks[i].nodeIDs = []
                blocks[i].nodeLocations = []
            }
            return
        }
        // Unsorted input: one chunk, sorted by id (stable, so the first occurrence wins).
        var allIDs: [Int64] = [], allLocations: [OSMLocation] = []
        let total = blocks.reduce(0) { $0 + $1.nodeIDs.count }
        allIDs.reserveCapacity(total)
        allLocations.reserveCapacity(total)
        for i in blocks.indices {
            allIDs.append(contentsOf: blocks[i].nodeIDs)
            allLocations.append(contentsOf: blocks[i].nodeLocations)
            blocks[i].nodeIDs = []
            blocks[i].nodeLocations = []
        }
        var order = Array(0..<allIDs.count)
        order.sort { (allIDs[$0], $0) < (allIDs[$1], $1) }
        var sortedIDs: [Int64] = [], sortedLocations: [OSMLocation] = []
        sortedIDs.reserveCapacity(total)
        sortedLocations.reserveCapacity(total)
        for i in order {
            if let previous = sortedIDs.last, previous == allIDs[i] { duplicateCount += 1; continue }
            sortedIDs.append(allIDs[i])
            sortedLocations.append(allLocations[i])
        }
        count = sortedIDs.count
        if let first = sortedIDs.first {
            firstIDs = [first]
            ids = [sortedIDs]
            locations = [sortedLocations]
        }
    }

    /// The location of a node, or `nil` when the file does not have it.
    /// - Complexity: O(log n).
    @inline(__always)
    func location(of id: Int64) -> OSMLocation? {
        // The last chunk whose first id is <= id.
        var lo = 0, hi = firstIDs.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if firstIDs[mid] <= id { lo = mid + 1 } else { hi = mid }
        }
        guard lo > 0 else { return nil }
        let chunk = ids[lo - 1]
        var a = 0, b = chunk.count
        while a < b {
            let mid = (a + b) / 2
            if chunk[mid] < id { a = mid + 1 } else { b = mid }
        }
        guard a < chunk.count, chunk[a] == id else { return nil }
        return locations[lo - 1][a]
    }

    /// Bytes held per node (ids and locations).
    static let bytesPerNode = MemoryLayout<Int64>.stride + MemoryLayout<OSMLocation>.stride
}
