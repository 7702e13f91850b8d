import HeapModule

/// The road network as a graph: nodes where roads meet, edges along the roads between them,
/// weighted by length in metres. Answers the shortest connected path between two snapped points.
///
/// **Where roads meet.** Two roads are connected where they share a vertex (OSM joins ways at
/// shared nodes, bridges and tunnels included), and where their segments cross or touch, but
/// only if both are on the same level: the same `layer` (absent means `0`) and the same
/// `bridge` and `tunnel` status (absent or `no` means not a bridge or tunnel). An overpass
/// therefore does not connect to the road below it. Edges are two-way (`oneway` is not applied).
///
/// Immutable and `Sendable`, built once from a ``RoadNetwork``.
///
/// ```swift
/// let graph = RoadGraph(network)
/// if let a = network.snap(tapA), let b = network.snap(tapB), let path = graph.path(from: a, to: b) {
///     for s in path.sections { print(network.roads[s.roadIndex].id, s.fromMeters, s.toMeters) }
/// }
/// ```
public struct RoadGraph: Sendable {
    /// One stretch of a road between two measures, in travel order (`fromMeters > toMeters`
    /// means against the road's direction).
    public struct Section: Hashable, Sendable {
        /// Index of the road in ``RoadNetwork/roads``.
        public var roadIndex: Int
        /// Measure where the stretch starts, metres.
        public var fromMeters: Double
        /// Measure where it ends, metres.
        public var toMeters: Double
        /// Length in metres.
        public var lengthMeters: Double { abs(toMeters - fromMeters) }
    }

    /// A connected route: its sections in order and its total length.
    public struct Path: Hashable, Sendable {
        /// The sections, from the start point to the end point.
        public var sections: [Section]
        /// Total length in metres.
        public var lengthMeters: Double
    }

    /// Number of nodes (junctions, crossings, road ends).
    public let nodeCount: Int
    /// Per road: the measures where it meets nodes (ascending, first 0, last its length) and those nodes.
    let stops: [[Stop]]
    /// Per node: the edges leaving it.
    let adjacency: [[Edge]]

    /// Builds the graph.
    /// - Parameter network: The roads.
    /// - Complexity: O(n log n + crossings) for n segments (the network's R-tree finds crossing candidates).
    public init(_ network: RoadNetwork) {
        var nodes = NodeUnion()
        var cuts: [[Stop]] = Array(repeating: [], count: network.roads.count)
        // Shared vertices (and both ends of every road).
        var vertexNode: [Coordinate: Int] = [:]
        var seen: [Coordinate: Int] = [:]
        for road in network.roads { for c in road.line.line.coordinates { seen[c, default: 0] += 1 } }
        for (r, road) in network.roads.enumerated() {
            let coords = road.line.line.coordinates
            for (k, c) in coords.enumerated() where k == 0 || k == coords.count - 1 || (seen[c] ?? 0) > 1 {
                let node: Int
                if let existing = vertexNode[c] { node = existing } else { node = nodes.make(); vertexNode[c] = node }
                cuts[r].append(Stop(measure: road.line.measures[k], node: node))
            }
        }
        // Crossings and touches between segments on the same level.
        let level = network.roads.map(RoadGraph.level)
        for s in 0..<network.segmentCount {
            let e = network.segments[s], o = network.owners[s]
            network.tree.search(BoundingBox(e.a, e.b)) { t in
                guard t > s else { return true }
                let f = network.segments[t], p = network.owners[t]
                guard level[Int(o.road)] == level[Int(p.road)] else { return true }
                if o.road == p.road && (o.ordinal + 1 == p.ordinal || p.ordinal + 1 == o.ordinal) { return true }
                guard let (u, v) = RoadGraph.intersection(e, f) else { return true }
                // Shared vertices are already joined.
                if (u == 0 || u == 1) && (v == 0 || v == 1) { return true }
                let node = nodes.make()
                let ra = network.roads[Int(o.road)].line, rb = network.roads[Int(p.road)].line
                cuts[Int(o.road)].append(Stop(measure: ra.measure(segment: Int(o.ordinal), fraction: u), node: node))
                cuts[Int(p.road)].append(Stop(measure: rb.measure(segment: Int(p.ordinal), fraction: v), node: node))
                return true
            }
        }
        // Stops at the same measure of a road are one place: merge their nodes.
        for r in cuts.indices {
            cuts[r].sort { ($0.measure, $0.node) < ($1.measure, $1.node) }
            for k in 1..<Swift.max(1, cuts[r].count) where cuts[r][k].measure == cuts[r][k - 1].measure {
                nodes.union(cuts[r][k].node, cuts[r][k - 1].node)
            }
        }
        let (canonical, count) = nodes.compacted()
        var adjacency: [[Edge]] = Array(repeating: [], count: count)
        var stops: [[Stop]] = []
        stops.reserveCapacity(cuts.count)
        for (r, list) in cuts.enumerated() {
            var merged: [Stop] = []
            for stop in list {
                let node = canonical[stop.node]
                if let last = merged.last, last.measure == stop.measure { continue }
                merged.append(Stop(measure: stop.measure, node: node))
            }
            for k in 1..<Swift.max(1, merged.count) {
                let a = merged[k - 1], b = merged[k]
                let edge = b.measure - a.measure
                adjacency[a.node].append(Edge(from: a.node, to: b.node, road: r, fromMeters: a.measure, toMeters: b.measure, lengthMeters: edge))
                adjacency[b.node].append(Edge(from: b.node, to: a.node, road: r, fromMeters: b.measure, toMeters: a.measure, lengthMeters: edge))
            }
            stops.append(merged)
        }
        self.nodeCount = count
        self.stops = stops
        self.adjacency = adjacency
    }

    /// The shortest connected path along the roads between two snapped points (Dijkstra).
    ///
    /// - Parameters:
    ///   - start: Where the path starts (a ``RoadNetwork/snap(_:options:scratch:)`` result).
    ///   - end: Where it ends.
    /// - Returns: The sections in travel order (consecutive sections on one road merged) and
    ///   the length, or `nil` when no connected path exists ("not connected").
    /// - Complexity: O((V + E) log V) for the part of the graph nearer the start than the end
    ///   (the search stops as soon as nothing can beat the best way found); allocates O(V).
    ///
    /// ```swift
    /// graph.path(from: a, to: b)?.lengthMeters
    /// ```
    public func path(from start: RoadSnap, to end: RoadSnap) -> Path? {
        guard stops.indices.contains(start.roadIndex), stops.indices.contains(end.roadIndex) else { return nil }
        let (sa, sb) = around(start), (ta, tb) = around(end)
        // Straight along one road when both ends share its stretch between two stops.
        var best: Path?
        if start.roadIndex == end.roadIndex && sa.measure == ta.measure {
            let d = abs(end.measureMeters - start.measureMeters)
            best = Path(sections: [Section(roadIndex: start.roadIndex, fromMeters: start.measureMeters, toMeters: end.measureMeters)], lengthMeters: d)
        }
        var distance = [Double](repeating: .infinity, count: nodeCount)
        var previous = [Edge?](repeating: nil, count: nodeCount)
        var heap = Heap<QueueEntry>()
        for (stop, d) in [(sa, abs(start.measureMeters - sa.measure)), (sb, abs(sb.measure - start.measureMeters))] where d < distance[stop.node] {
            distance[stop.node] = d
            heap.insert(QueueEntry(distance: d, node: stop.node))
        }
        // Stop once nothing left in the queue can beat the best way found to the end point.
        var bound = best?.lengthMeters ?? .infinity
        while let top = heap.popMin() {
            guard top.distance == distance[top.node] else { continue }
            if top.distance >= bound { break }
            if top.node == ta.node { bound = Swift.min(bound, top.distance + abs(end.measureMeters - ta.measure)) }
            if top.node == tb.node { bound = Swift.min(bound, top.distance + abs(tb.measure - end.measureMeters)) }
            for edge in adjacency[top.node] {
                let d = top.distance + edge.lengthMeters
                if d < distance[edge.to] {
                    distance[edge.to] = d
                    previous[edge.to] = edge
                    heap.insert(QueueEntry(distance: d, node: edge.to))
                }
            }
        }
        for stop in [ta, tb] where distance[stop.node].isFinite {
            let total = distance[stop.node] + abs(end.measureMeters - stop.measure)
            guard total < best?.lengthMeters ?? .infinity else { continue }
            var edges: [Edge] = []
            var node = stop.node
            while let edge = previous[node], edges.count <= nodeCount {
                edges.append(edge)
                node = edge.from
            }
            edges.reverse()
            // `node` is where the path left the start road: one of the stops around the start.
            let leave = node == sa.node ? sa.measure : sb.measure
            var sections = [Section(roadIndex: start.roadIndex, fromMeters: start.measureMeters, toMeters: leave)]
            for e in edges { sections.append(Section(roadIndex: e.road, fromMeters: e.fromMeters, toMeters: e.toMeters)) }
            sections.append(Section(roadIndex: end.roadIndex, fromMeters: stop.measure, toMeters: end.measureMeters))
            best = Path(sections: RoadGraph.merged(sections), lengthMeters: total)
        }
        return best
    }

    // MARK: - Private

    /// The stops on either side of a snapped point (equal when it sits on a stop).
    private func around(_ snap: RoadSnap) -> (Stop, Stop) {
        let list = stops[snap.roadIndex]
        var lo = 0, hi = list.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if list[mid].measure <= snap.measureMeters { lo = mid } else { hi = mid }
        }
        return (list[lo], list[hi])
    }

    /// Drops empty sections and joins consecutive ones that continue along one road.
    private static func merged(_ sections: [Section]) -> [Section] {
        var out: [Section] = []
        for s in sections where s.fromMeters != s.toMeters {
            if let last = out.last, last.roadIndex == s.roadIndex, last.toMeters == s.fromMeters,
               (last.toMeters - last.fromMeters) * (s.toMeters - s.fromMeters) > 0 {
                out[out.count - 1].toMeters = s.toMeters
            } else {
                out.append(s)
            }
        }
        return out
    }

    /// The level a road is on: layer, bridge, tunnel.
    private static func level(_ road: Road) -> String {
        func flag(_ key: String) -> Bool {
            guard let v = road.attributes[key]?.lowercased() else { return false }
            return v != "no" && v != "false" && v != "0" && !v.isEmpty
        }
        let layer = road.attributes["layer"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
        return "\(layer)|\(flag("bridge"))|\(flag("tunnel"))"
    }

    /// Where segments e and f meet, as fractions along each, in a local plane; nil when they
    /// do not meet or are parallel.
    private static func intersection(_ e: SegmentEnds, _ f: SegmentEnds) -> (Double, Double)? {
        let plane = QueryPlane(e.a)
        func xy(_ c: Coordinate) -> (Double, Double) {
            (LocalRuler.wrapLongitudeDelta(c.longitude - e.a.longitude) * plane.kx, (c.latitude - e.a.latitude) * plane.ky)
        }
        let (bx, by) = xy(e.b), (cx, cy) = xy(f.a), (dx, dy) = xy(f.b)
        let rx = bx, ry = by, sx = dx - cx, sy = dy - cy
        let denominator = rx * sy - ry * sx
        guard denominator != 0 else { return nil }
        var u = (cx * sy - cy * sx) / denominator
        var v = (cx * ry - cy * rx) / denominator
        guard u >= 0, u <= 1, v >= 0, v <= 1 else { return nil }
        // Ends that coincide exactly are shared vertices; keep them exact.
        if e.a == f.a || e.a == f.b { u = 0 } else if e.b == f.a || e.b == f.b { u = 1 }
        if f.a == e.a || f.a == e.b { v = 0 } else if f.b == e.a || f.b == e.b { v = 1 }
        return (u, v)
    }
}

/// A node at a measure of a road.
struct Stop: Hashable, Sendable {
    var measure: Double
    var node: Int
}

/// A directed half of an edge: to a node along a road between two measures.
struct Edge: Hashable, Sendable {
    var from: Int
    var to: Int
    var road: Int
    var fromMeters: Double
    var toMeters: Double
    var lengthMeters: Double
}

/// Dijkstra's queue entry, ordered by distance.
private struct QueueEntry: Comparable {
    var distance: Double
    var node: Int
    static func < (a: QueueEntry, b: QueueEntry) -> Bool { (a.distance, a.node) < (b.distance, b.node) }
}

/// Union-find over node ids, for stops that turn out to be one place.
private struct NodeUnion {
    var parent: [Int] = []
    mutating func make() -> Int { parent.append(parent.count); return parent.count - 1 }
    mutating func find(_ x: Int) -> Int {
        var root = x
        while parent[root] != root { root = parent[root] }
        var y = x
        while parent[y] != root { let next = parent[y]; parent[y] = root; y = next }
        return root
    }
    mutating func union(_ a: Int, _ b: Int) {
        let ra = find(a), rb = find(b)
        if ra != rb { parent[Swift.max(ra, rb)] = Swift.min(ra, rb) }
    }
    /// Dense ids 0..<count for the roots, and that count.
    mutating func compacted() -> ([Int], Int) {
        var id = [Int](repeating: -1, count: parent.count), count = 0
        var out = [Int](repeating: 0, count: parent.count)
        for x in parent.indices {
            let r = find(x)
            if id[r] < 0 { id[r] = count; count += 1 }
            out[x] = id[r]
        }
        return (out, count)
    }
}
