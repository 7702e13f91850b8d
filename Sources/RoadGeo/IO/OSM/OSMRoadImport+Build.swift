import Dispatch
import Synchronization

extension OSMRoadImport {
    /// The roads of one block, its lost ways and counts.
    struct BlockRoads: Sendable {
        var roads: [OSMRoad] = []
        var lost: [OSMImportReport.LostWay] = []
        var areas = 0
        var imported = 0
    }

    /// Builds the roads of every block on the import's threads (each block by one worker, blocks
    /// taken from a shared counter); the results come back in block order.
    static func buildRoads(_ blocks: [OSMBlockContent], nodes: OSMNodeStore, junctions: [Int64],
                           options: OSMImportOptions, areaKey: Int) -> [BlockRoads] {
        let workers = Swift.max(1, Swift.min(options.threads, blocks.count))
        if workers == 1 {
            return blocks.map { build($0, nodes: nodes, junctions: junctions, options: options, areaKey: areaKey) }
        }
        var results = [BlockRoads](repeating: BlockRoads(), count: blocks.count)
        let next = Atomic<Int>(0)
        results.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let out = BuiltSlots(base)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard i < blocks.count else { break }
                    // Each slot is written by exactly one worker.
                    out.pointer[i] = build(blocks[i], nodes: nodes, junctions: junctions, options: options, areaKey: areaKey)
                }
            }
        }
        return results
    }

    /// A closed way tagged `area=yes`, when areas are skipped.
    static func isArea(_ w: OSMWayRecord, in b: OSMBlockContent, options: OSMImportOptions, areaKey: Int) -> Bool {
        guard options.skipAreas, w.refCount > 1, b.wayRefs[Int(w.refStart)] == b.wayRefs[Int(w.refStart + w.refCount - 1)] else { return false }
        return (Int(w.tagStart)..<Int(w.tagStart + w.tagCount)).contains { b.tagKeys[$0] == areaKey && b.tagValues[$0] == "yes" }
    }

    /// The roads of one block's ways: geometry from the node store, typed tags, optional split.
    static func build(_ b: OSMBlockContent, nodes: OSMNodeStore, junctions: [Int64], options: OSMImportOptions,
                      areaKey: Int) -> BlockRoads {
        let keys = OSMRoadTags.keys
        var out = BlockRoads()
        out.roads.reserveCapacity(b.ways.count)
        var coordinates: [Coordinate] = [], nodeIDs: [Int64] = []
        for w in b.ways {
            let tags = Int(w.tagStart)..<Int(w.tagStart + w.tagCount)
            if isArea(w, in: b, options: options, areaKey: areaKey) {
                out.areas += 1
                continue
            }
            coordinates.removeAll(keepingCapacity: true)
            nodeIDs.removeAll(keepingCapacity: true)
            var missing = 0, firstMissing: Int64?
            for r in Int(w.refStart)..<Int(w.refStart + w.refCount) {
                let ref = b.wayRefs[r]
                guard let location = nodes.location(of: ref) else {
                    missing += 1
                    if firstMissing == nil { firstMissing = ref }
                    continue
                }
                let c = Coordinate(Double(location.longitude) / 1e7, Double(location.latitude) / 1e7)
                // Consecutive repeated locations collapse (as osmium's `unique` does).
                if coordinates.last == c { continue }
                coordinates.append(c)
                nodeIDs.append(ref)
            }
            guard missing == 0 else {
                out.lost.append(.init(wayID: w.id, missingNodeCount: missing, firstMissingNodeID: firstMissing))
                continue
            }
            guard coordinates.count >= 2 else {
                out.lost.append(.init(wayID: w.id, missingNodeCount: 0, firstMissingNodeID: nil))
                continue
            }
            var properties = JSONObject()
            properties.members.reserveCapacity(keys.count + 2)
            properties.append("osm_id", .integer(w.id))
            var values = [JSONValue](repeating: .null, count: keys.count)
            for t in tags where Int(b.tagKeys[t]) < areaKey {
                let k = Int(b.tagKeys[t])
                values[k] = OSMRoadTags.typedValue(key: keys[k], value: b.tagValues[t])
            }
            out.imported += 1
            guard options.splitAtJunctions else {
                for (k, key) in keys.enumerated() { properties.append(key, values[k]) }
                out.roads.append(OSMRoad(wayID: w.id, part: nil, line: Polyline(uncheckedCoordinates: coordinates), nodeIDs: nodeIDs,
                                     properties: properties))
                continue
            }
            properties.append("part", .integer(0))
            for (k, key) in keys.enumerated() { properties.append(key, values[k]) }
            var start = 0, part = 0
            for i in 1..<coordinates.count where i == coordinates.count - 1 || contains(junctions, nodeIDs[i]) {
                let piece = Array(coordinates[start...i])
                // Distinct consecutive vertices, so two of them are two distinct places.
                var partProperties = properties
                partProperties.members[1].value = .integer(Int64(part))
                out.roads.append(OSMRoad(wayID: w.id, part: part, line: Polyline(uncheckedCoordinates: piece),
                                         nodeIDs: Array(nodeIDs[start...i]), properties: partProperties))
                start = i
                part += 1
            }
        }
        return out
    }

    /// Binary search in a sorted array.
    private static func contains(_ sorted: [Int64], _ id: Int64) -> Bool {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < id { lo = mid + 1 } else { hi = mid }
        }
        return lo < sorted.count && sorted[lo] == id
    }
}

/// The result slots handed to the road-building workers, which write disjoint entries.
private struct BuiltSlots: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<OSMRoadImport.BlockRoads>
    init(_ pointer: UnsafeMutablePointer<OSMRoadImport.BlockRoads>) { self.pointer = pointer }
}
