import Dispatch
import Synchronization

extension OSMRoadImport {
    /// Everything decoded before roads are built: the blocks' ways, the node store, the junctions.
    struct Prepared: Sendable {
        var blocks: [OSMBlockContent]
        var nodes: OSMNodeStore
        var junctions: [Int64]
        var report: OSMImportReport
        var areaKey: Int
    }

    /// Decodes every block in parallel, moves the nodes into the store and finds the junctions.
    static func prepare(_ file: OSMPBFFile, options: OSMImportOptions) throws(OSMPBFError) -> Prepared {
        let keys = OSMRoadTags.keys
        // `area` is read (not output) to tell squares from streets.
        let areaKey = keys.count
        let plan = OSMBlockPlan(filter: options.filter, keptKeys: keys + ["area"])
        var blocks = try file.decodeBlocks(plan: plan, threads: options.threads)
        var report = OSMImportReport(file: file.path)
        report.blobCount = file.blobs.count
        report.skippedBlobCount = file.blobs.filter { $0.type != "OSMHeader" && $0.type != "OSMData" }.count
        report.threads = Swift.max(1, Swift.min(options.threads, blocks.count))
        for b in blocks {
            report.nodeCount += b.nodeCount
            report.wayCount += b.wayCount
            report.relationCount += b.relationCount
            report.matchedWayCount += b.ways.count
        }
        let nodes = OSMNodeStore(takingNodesOf: &blocks)
        report.duplicateNodeCount = nodes.duplicateCount

        // Junctions: nodes referenced more than once by the matching ways.
        var junctions: [Int64] = []
        if options.splitAtJunctions {
            var all: [Int64] = []
            all.reserveCapacity(blocks.reduce(0) { $0 + $1.wayRefs.count })
            for b in blocks {
                for w in b.ways where !OSMRoadImport.isArea(w, in: b, options: options, areaKey: areaKey) {
                    // A closed way's end repeats its start: count it once.
                    let refs = b.wayRefs[Int(w.refStart)..<Int(w.refStart + w.refCount)]
                    let closed = refs.count > 1 && refs.first == refs.last
                    all.append(contentsOf: closed ? refs.dropLast() : refs)
                }
            }
            all.sort()
            var k = 0
            while k < all.count {
                var j = k + 1
                while j < all.count && all[j] == all[k] { j += 1 }
                if j - k > 1 { junctions.append(all[k]) }
                k = j
            }
        }

        return Prepared(blocks: blocks, nodes: nodes, junctions: junctions, report: report, areaKey: areaKey)
    }

    /// Imports a file's roads without holding them all: blocks are built (and `transform`ed, e.g.
    /// encoded as GeoJSON) in parallel a few at a time, and handed to `consume` in file order on
    /// the calling thread, then released. Memory: the file, the node store and the ways' refs,
    /// plus a window of 4 blocks per thread, instead of every road at once.
    ///
    /// - Parameters:
    ///   - file: The opened file.
    ///   - options: Filter, splitting, threads.
    ///   - transform: Runs on a worker thread for each block's roads (in file order within the block).
    ///   - consume: Receives each block's transformed roads, in file order.
    /// - Returns: The report (as ``report`` of a full import).
    /// - Throws: ``OSMPBFError`` from decoding, or what `consume` throws.
    /// - Complexity: As ``init(file:options:)``.
    ///
    /// ```swift
    /// let report = try OSMRoadImport.stream(file: file, transform: { $0.count }, consume: { total += $0 })
    /// ```
    public static func stream<T: Sendable>(file: OSMPBFFile, options: OSMImportOptions = OSMImportOptions(),
                                           transform: @escaping @Sendable ([OSMRoad]) -> T,
                                           consume: (T) throws -> Void) throws -> OSMImportReport {
        let prepared = try prepare(file, options: options)
        var report = prepared.report
        let window = Swift.max(1, options.threads) * 4
        var start = 0
        while start < prepared.blocks.count {
            let range = start..<Swift.min(prepared.blocks.count, start + window)
            let built = buildRoads(prepared, range: range, options: options, transform: transform)
            for (part, value) in built {
                report.lostWays.append(contentsOf: part.lost)
                report.areaWayCount += part.areas
                report.importedWayCount += part.imported
                report.roadCount += part.roadCount
                if let value { try consume(value) }  // always set: a transform was given
            }
            start = range.upperBound
        }
        return report
    }
    struct BlockRoads: Sendable {
        var roads: [OSMRoad] = []
        var roadCount = 0
        var lost: [OSMImportReport.LostWay] = []
        var areas = 0
        var imported = 0
    }

    /// Builds the roads of blocks `range` on the import's threads (each block by one worker,
    /// blocks taken from a shared counter); the results come back in block order.
    static func buildRoads(_ p: Prepared, range: Range<Int>, options: OSMImportOptions) -> [BlockRoads] {
        let keepRoads: (@Sendable ([OSMRoad]) -> Int)? = nil
        return buildRoads(p, range: range, options: options, transform: keepRoads).map(\.0)
    }

    /// As ``buildRoads(_:range:options:)``, also applying `transform` to each block's roads on
    /// its worker; when `transform` is given the roads themselves are not kept.
    static func buildRoads<T: Sendable>(_ p: Prepared, range: Range<Int>, options: OSMImportOptions,
                                        transform: (@Sendable ([OSMRoad]) -> T)?) -> [(BlockRoads, T?)] {
        @Sendable func one(_ i: Int) -> (BlockRoads, T?) {
            var built = build(p.blocks[i], nodes: p.nodes, junctions: p.junctions, options: options, areaKey: p.areaKey)
            built.roadCount = built.roads.count
            guard let transform else { return (built, nil) }
            let value = transform(built.roads)
            built.roads = []
            return (built, value)
        }
        let workers = Swift.max(1, Swift.min(options.threads, range.count))
        if workers == 1 { return range.map(one) }
        var results = [(BlockRoads, T?)](repeating: (BlockRoads(), nil), count: range.count)
        let next = Atomic<Int>(0)
        results.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let out = BuiltSlots(base)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard k < range.count else { break }
                    // Each slot is written by exactly one worker.
                    out.pointer[k] = one(range.lowerBound + k)
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
private struct BuiltSlots<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<(OSMRoadImport.BlockRoads, T?)>
    init(_ pointer: UnsafeMutablePointer<(OSMRoadImport.BlockRoads, T?)>) { self.pointer = pointer }
}
