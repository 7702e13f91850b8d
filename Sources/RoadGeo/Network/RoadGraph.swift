/// The road network as a graph: nodes where roads meet, edges along the roads between them,
/// weighted by length in metres. Answers the shortest connected path between two snapped points.
///
/// **Where roads meet.** Two roads are connected where they share a vertex (OSM joins ways at
/// shared nodes, bridges and tunnels included), and where their segments cross or touch, but
/// only if both are on the same level: the same `layer` (absent means `0`) and the same
/// `bridge` and `tunnel` status (absent or `no` means not a bridge or tunnel). An overpass
/// therefore does not connect to the road below it. By default edges are two-way; built with
/// ``Options/oneway`` or ``Options/motorVehicle`` the graph honours one-way streets (and access
/// for cars), and paths never run against them (see ``Options``).
///
/// Immutable and `Sendable`, built once from a ``RoadNetwork``.
///
/// ```swift
/// let graph = RoadGraph(network)
/// if let a = network.snap(tapA), let b = network.snap(tapB), let path = graph.path(from: a, to: b) {
///     for s in path.stretches { print(network.road(of: s).id, s.fromMeters, s.toMeters) }
/// }
/// ```
public struct RoadGraph: Sendable {
    /// A connected route: its stretches in order and its total length.
    ///
    /// ```swift
    /// if let path = graph.path(from: a, to: b) { print(path.stretches.count, path.lengthMeters) }
    /// ```
    public struct Path: Hashable, Sendable {
        /// The stretches, from the start point to the end point.
        public var stretches: [RoadStretch]
        /// Total length in metres.
        public var lengthMeters: Double
    }

    /// Number of nodes (junctions, crossings, road ends).
    public let nodeCount: Int
    /// Per road: the measures where it meets nodes (ascending, first 0, last its length) and those nodes.
    let stops: [[Stop]]
    /// Compressed adjacency: the arcs leaving node `n` are `arcs[arcStart[n]..<arcStart[n + 1]]`.
    let arcStart: [Int32]
    /// Per arc, what the search reads: its target and length.
    let arcs: [Arc]
    /// Per arc, what a found path reads: its source, road and measures.
    let arcDetails: [ArcDetail]
    /// Per node, its position scaled by the smallest metres-per-degree of the network, so the
    /// planar distance between two nodes never exceeds any road distance between them.
    let nodePoints: [ScaledPoint]
    /// Per node, the road and measure that place it (``nodeCoordinate(_:in:)``).
    let nodeAnchors: [NodeAnchor]
    /// 360° of longitude in the scaled plane (for wrapping across the antimeridian).
    let scaledTurn: Double
    /// Per road, the directions it may be travelled in: bit 0 forward, bit 1 backward.
    let travel: [UInt8]
    /// The rules the graph was built with.
    public let options: Options

    /// Builds the graph.
    /// - Parameters:
    ///   - network: The roads.
    ///   - options: Two-way (default), one-way streets honoured, or for motor vehicles (``Options``).
    /// - Complexity: O(n log n + crossings) for n segments (the network's R-tree finds crossing candidates).
    ///
    /// ```swift
    /// let walk = RoadGraph(network)
    /// let drive = RoadGraph(network, options: .motorVehicle)
    /// ```
    public init(_ network: RoadNetwork, options: Options = .undirected) {
        let travel: [UInt8] = network.roads.map { road in
            let t = RoadGraph.travel(road, options: options)
            return (t.forward ? 1 : 0) | (t.backward ? 2 : 0)
        }
        var nodes = NodeUnion()
        var cuts = RoadGraph.vertexStops(network, nodes: &nodes)
        RoadGraph.addCrossingStops(network, nodes: &nodes, cuts: &cuts)
        let (stops, count) = RoadGraph.mergedStops(&cuts, nodes: &nodes)
        let (arcStart, arcs, details) = RoadGraph.arcs(stops, travel: travel, nodeCount: count)
        let (points, scaledTurn) = RoadGraph.scaledNodePoints(network, stops: stops, nodeCount: count)
        self.nodeCount = count
        self.stops = stops
        self.arcStart = arcStart
        self.arcs = arcs
        self.arcDetails = details
        self.nodePoints = points
        self.nodeAnchors = RoadGraph.nodeAnchors(stops, nodeCount: count)
        self.scaledTurn = scaledTurn
        self.travel = travel
        self.options = options
    }

    /// The shortest connected path along the roads between two snapped points.
    ///
    /// Allocates the search arrays for this call; to answer many queries on one thread without
    /// allocating, keep a ``SearchScratch`` and call ``path(from:to:scratch:)``.
    ///
    /// - Parameters:
    ///   - start: Where the path starts (a ``RoadNetwork/snap(_:options:scratch:)`` result).
    ///   - end: Where it ends.
    /// - Returns: The stretches in travel order (consecutive stretches on one road merged) and
    ///   the length, or `nil` when no connected path exists ("not connected").
    /// - Complexity: See ``path(from:to:scratch:)``; plus O(V) to allocate the search arrays.
    ///
    /// ```swift
    /// graph.path(from: a, to: b)?.lengthMeters
    /// ```
    public func path(from start: RoadSnap, to end: RoadSnap) -> Path? {
        var scratch = SearchScratch()
        return path(from: start, to: end, scratch: &scratch)
    }

    /// The shortest connected path along the roads between two snapped points, searching with
    /// reusable arrays (A* on the road lengths, guided by a straight-line lower bound).
    ///
    /// The bound is the planar distance at the smallest metres-per-degree found in the network,
    /// never more than a road distance, so the path is as short as plain Dijkstra's; among paths
    /// of exactly equal length the one returned may differ.
    ///
    /// - Parameters:
    ///   - start: Where the path starts (a ``RoadNetwork/snap(_:options:scratch:)`` result).
    ///   - end: Where it ends.
    ///   - scratch: Search arrays reused between calls on one thread (sized to the graph on first use).
    /// - Returns: The stretches in travel order (consecutive stretches on one road merged) and
    ///   the length, or `nil` when no connected path exists ("not connected").
    /// - Complexity: O((V + E) log V) for the nodes whose distance from the start plus the
    ///   straight-line bound to the end is below the path's length; no allocation but the result.
    ///
    /// ```swift
    /// var scratch = RoadGraph.SearchScratch()
    /// for (a, b) in pairs { print(graph.path(from: a, to: b, scratch: &scratch)?.lengthMeters ?? -1) }
    /// ```
    public func path(from start: RoadSnap, to end: RoadSnap, scratch: inout SearchScratch) -> Path? {
        guard stops.indices.contains(start.roadIndex), stops.indices.contains(end.roadIndex),
              !stops[start.roadIndex].isEmpty, !stops[end.roadIndex].isEmpty else { return nil }
        let (sa, sb) = around(start), (ta, tb) = around(end)
        let best = straightPath(from: start, to: end, sa, ta)
        let from = seeds(start, sa, sb), into = leaves(end, ta, tb)
        let bound = best?.lengthMeters ?? .infinity
        let (which, total) = scratch.search(self, from: (Int32(from[0].0.node), from[0].1), (Int32(from[1].0.node), from[1].1),
                                            to: (Int32(into[0].0.node), into[0].1), (Int32(into[1].0.node), into[1].1), bound: bound)
        guard which >= 0, total < bound else { return best }
        return layOut(from: start, sa, sb, to: end, via: which == 0 ? ta : tb, lengthMeters: total) { scratch.previousArc($0) }
    }

    /// The path along one road when both ends lie on its stretch between the same two stops
    /// (`sa` and `ta`, the stops before them) and the road may be travelled that way, else `nil`.
    func straightPath(from start: RoadSnap, to end: RoadSnap, _ sa: Stop, _ ta: Stop) -> Path? {
        guard start.roadIndex == end.roadIndex && sa.measure == ta.measure,
              allows(road: start.roadIndex, from: start.measureMeters, to: end.measureMeters) else { return nil }
        return Path(stretches: [RoadStretch(roadIndex: start.roadIndex, fromMeters: start.measureMeters, toMeters: end.measureMeters)],
                    lengthMeters: abs(end.measureMeters - start.measureMeters))
    }

    /// A found path as stretches in travel order: from `start` (between its stops `sa` and `sb`)
    /// along the arcs that `previousArc` walks back from the end road's stop `last`, to `end`.
    func layOut(from start: RoadSnap, _ sa: Stop, _ sb: Stop, to end: RoadSnap, via last: Stop, lengthMeters: Double,
                previousArc: (Int) -> Int?) -> Path {
        var stretches = [RoadStretch(roadIndex: end.roadIndex, fromMeters: last.measure, toMeters: end.measureMeters)]
        var node = last.node, steps = 0
        while let arc = previousArc(node), steps <= nodeCount {
            let d = arcDetails[arc]
            stretches.append(RoadStretch(roadIndex: Int(d.road), fromMeters: d.fromMeters, toMeters: d.toMeters))
            node = Int(d.from)
            steps += 1
        }
        // On a ring road both stops around the start are one node: it was left by the nearer one.
        let leave = leaveMeasure(node, sa, sb, at: start.measureMeters, road: start.roadIndex)
        stretches.append(RoadStretch(roadIndex: start.roadIndex, fromMeters: start.measureMeters, toMeters: leave))
        stretches.reverse()
        return Path(stretches: RoadGraph.merged(stretches), lengthMeters: lengthMeters)
    }

    /// Reusable arrays for ``path(from:to:scratch:)``: tentative distances, the arc each node was
    /// reached by, a generation stamp per node (so nothing is cleared between queries) and the
    /// queue. One per thread; it grows to the largest graph it is used with.
    /// - Complexity: 16 bytes per node of memory, allocated on first use; nothing per query.
    ///
    /// ```swift
    /// var scratch = RoadGraph.SearchScratch()
    /// let path = graph.path(from: a, to: b, scratch: &scratch)
    /// ```
    public struct SearchScratch: Sendable {
        private var distances: [Double] = []
        private var previous: [Int32] = []
        private var stamps: [UInt32] = []
        private var generation: UInt32 = 0
        private var heap: [QueueEntry] = []

        /// Empty scratch; sized on first use.
        /// - Complexity: O(1).
        ///
        /// ```swift
        /// var scratch = RoadGraph.SearchScratch()
        /// ```
        public init() {}

        /// The distance found to a node in the last search (infinity when not reached).
        func distance(_ node: Int) -> Double { stamps[node] == generation ? distances[node] : .infinity }

        /// The arc the last search reached a node by (nil at the start nodes or when not reached).
        func previousArc(_ node: Int) -> Int? {
            guard stamps[node] == generation, previous[node] >= 0 else { return nil }
            return Int(previous[node])
        }

        /// A* from two seeds (node, distance already travelled) until nothing can beat the best
        /// way to either target (node, distance still to go from it). Returns which target (0 or
        /// 1) the best way ends at and its total, or -1 when no way under `bound` exists.
        mutating func search(_ graph: RoadGraph, from s0: (Int32, Double), _ s1: (Int32, Double),
                             to a: (Int32, Double), _ b: (Int32, Double), bound: Double) -> (Int, Double) {
            let n = graph.nodeCount
            if stamps.count < n {
                distances = [Double](repeating: .infinity, count: n)
                previous = [Int32](repeating: -1, count: n)
                stamps = [UInt32](repeating: 0, count: n)
                generation = 0
            }
            generation &+= 1
            if generation == 0 {
                for i in stamps.indices { stamps[i] = 0 }
                generation = 1
            }
            // Work on local arrays (moved out, not copied) so the loop owns them exclusively.
            var dist: [Double] = [], prev: [Int32] = [], stamp: [UInt32] = [], heap = FlatHeap()
            swap(&dist, &distances); swap(&prev, &previous); swap(&stamp, &stamps); swap(&heap.entries, &self.heap)
            defer { swap(&dist, &distances); swap(&prev, &previous); swap(&stamp, &stamps); swap(&heap.entries, &self.heap) }
            heap.entries.removeAll(keepingCapacity: true)
            let gen = generation
            let points = graph.nodePoints
            let pa = points[Int(a.0)], pb = points[Int(b.0)]
            let turn = graph.scaledTurn, half = turn / 2
            // Lower bound on the way from a node to the end point, through either target; one
            // micrometre of slack for crossings whose position differs by rounding between roads.
            @inline(__always) func lowerBound(_ node: Int) -> Double {
                let p = points[node]
                var ax = abs(p.x - pa.x), bx = abs(p.x - pb.x)
                if ax > half { ax = turn - ax }
                if bx > half { bx = turn - bx }
                let ay = p.y - pa.y, by = p.y - pb.y
                return Swift.max(0, Swift.min((ax * ax + ay * ay).squareRoot() + a.1, (bx * bx + by * by).squareRoot() + b.1) - 1e-6)
            }
            for (node, d) in [s0, s1] where d.isFinite {
                let i = Int(node)
                if stamp[i] == gen && dist[i] <= d { continue }
                stamp[i] = gen
                dist[i] = d
                prev[i] = -1
                heap.push(QueueEntry(key: d + lowerBound(i), distance: d, node: node))
            }
            var best = bound, which = -1
            let start = graph.arcStart, arcs = graph.arcs
            while let top = heap.popMin() {
                let u = Int(top.node)
                guard top.distance == dist[u] else { continue }
                if top.key >= best { break }
                if top.node == a.0, top.distance + a.1 < best { best = top.distance + a.1; which = 0 }
                if top.node == b.0, top.distance + b.1 < best { best = top.distance + b.1; which = 1 }
                for k in Int(start[u])..<Int(start[u + 1]) {
                    let arc = arcs[k]
                    let v = Int(arc.to)
                    let d = top.distance + arc.lengthMeters
                    guard stamp[v] != gen || d < dist[v] else { continue }
                    stamp[v] = gen
                    dist[v] = d
                    prev[v] = Int32(k)
                    let key = d + lowerBound(v)
                    if key < best { heap.push(QueueEntry(key: key, distance: d, node: arc.to)) }
                }
            }
            return (which, best)
        }
    }

    // MARK: - Private

    /// The stops on either side of a snapped point (equal when it sits on a stop).
    func around(_ snap: RoadSnap) -> (Stop, Stop) {
        let list = stops[snap.roadIndex]
        var lo = 0, hi = list.count - 1
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if list[mid].measure <= snap.measureMeters { lo = mid } else { hi = mid }
        }
        return (list[lo], list[hi])
    }

    /// The measure at which a path that starts at `measure` left its road, given the node it
    /// went on from and the stops on either side (the nearer one when both are that node).
    func leaveMeasure(_ node: Int, _ sa: Stop, _ sb: Stop, at measure: Double, road: Int) -> Double {
        if sa.node == sb.node {
            // On a one-way ring only one of them could be left by.
            if travel[road] == 1 { return sb.measure }
            if travel[road] == 2 { return sa.measure }
            return abs(measure - sa.measure) <= abs(sb.measure - measure) ? sa.measure : sb.measure
        }
        return node == sa.node ? sa.measure : sb.measure
    }

    /// Drops empty stretches and joins consecutive ones that continue along one road.
    static func merged(_ stretches: [RoadStretch]) -> [RoadStretch] {
        var out: [RoadStretch] = []
        for s in stretches where s.fromMeters != s.toMeters {
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
            guard let v = road.text(key)?.lowercased() else { return false }
            return v != "no" && v != "false" && v != "0" && !v.isEmpty
        }
        let layer = road.text("layer").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
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

// MARK: - Building the graph, step by step

extension RoadGraph {
    /// Step 1: a node at both ends of every road and at every vertex that occurs more than once
    /// in the network (a shared vertex); per road, its stops so far (unsorted).
    private static func vertexStops(_ network: RoadNetwork, nodes: inout NodeUnion) -> [[Stop]] {
        var cuts: [[Stop]] = Array(repeating: [], count: network.roads.count)
        var vertexNode: [Coordinate: Int] = [:]
        var seen: [Coordinate: Int] = [:]
        seen.reserveCapacity(network.segmentCount + network.roads.count)
        for road in network.roads { for c in road.line.line.coordinates { seen[c, default: 0] += 1 } }
        for (r, road) in network.roads.enumerated() {
            let coords = road.line.line.coordinates
            for (k, c) in coords.enumerated() where k == 0 || k == coords.count - 1 || (seen[c] ?? 0) > 1 {
                let node: Int
                if let existing = vertexNode[c] { node = existing } else { node = nodes.make(); vertexNode[c] = node }
                cuts[r].append(Stop(measure: road.line.measures[k], node: node))
            }
        }
        return cuts
    }

    /// Step 2: a node where two segments on the same level cross or touch away from their shared
    /// vertices, with a stop on each road (candidates from the network's R-tree).
    private static func addCrossingStops(_ network: RoadNetwork, nodes: inout NodeUnion, cuts: inout [[Stop]]) {
        // Levels as small integers, so the crossing test compares numbers, not strings.
        var levelIDs: [String: Int32] = [:]
        let level = network.roads.map { road in
            let name = RoadGraph.level(road)
            if let id = levelIDs[name] { return id }
            let id = Int32(levelIDs.count)
            levelIDs[name] = id
            return id
        }
        // Locals, so that the closure below captures arrays, not a copy of the whole network
        // per segment.
        let segments = network.segments, owners = network.owners, roads = network.roads, tree = network.tree
        for s in 0..<segments.count {
            let e = segments[s], o = owners[s]
            tree.search(BoundingBox(e.a, e.b)) { t in
                guard t > s else { return true }
                let f = segments[t], p = owners[t]
                guard level[Int(o.road)] == level[Int(p.road)] else { return true }
                if o.road == p.road && (o.ordinal + 1 == p.ordinal || p.ordinal + 1 == o.ordinal) { return true }
                guard let (u, v) = RoadGraph.intersection(e, f) else { return true }
                // Shared vertices are already joined.
                if (u == 0 || u == 1) && (v == 0 || v == 1) { return true }
                let node = nodes.make()
                let ra = roads[Int(o.road)].line, rb = roads[Int(p.road)].line
                cuts[Int(o.road)].append(Stop(measure: ra.measure(segment: Int(o.ordinal), fraction: u), node: node))
                cuts[Int(p.road)].append(Stop(measure: rb.measure(segment: Int(p.ordinal), fraction: v), node: node))
                return true
            }
        }
    }

    /// Step 3: each road's stops sorted by measure, stops at the same measure merged into one
    /// node, and node ids made dense; returns the stops and the node count. Sorts `cuts` in
    /// place (a copy would copy every road's list when it is sorted).
    private static func mergedStops(_ cuts: inout [[Stop]], nodes: inout NodeUnion) -> (stops: [[Stop]], nodeCount: Int) {
        for r in cuts.indices {
            cuts[r].sort { ($0.measure, $0.node) < ($1.measure, $1.node) }
            for k in 1..<Swift.max(1, cuts[r].count) where cuts[r][k].measure == cuts[r][k - 1].measure {
                nodes.union(cuts[r][k].node, cuts[r][k - 1].node)
            }
        }
        let (canonical, count) = nodes.compacted()
        var stops: [[Stop]] = []
        stops.reserveCapacity(cuts.count)
        for list in cuts {
            var merged: [Stop] = []
            merged.reserveCapacity(list.count)
            for stop in list {
                if let last = merged.last, last.measure == stop.measure { continue }
                merged.append(Stop(measure: stop.measure, node: canonical[stop.node]))
            }
            stops.append(merged)
        }
        return (stops, count)
    }

    /// Step 4: the compressed adjacency, one arc per allowed direction of each stretch between
    /// consecutive stops, in the order the roads give them (the order the search relaxes them in).
    private static func arcs(_ stops: [[Stop]], travel: [UInt8], nodeCount count: Int)
        -> (arcStart: [Int32], arcs: [Arc], details: [ArcDetail]) {
        var degree = [Int32](repeating: 0, count: count + 1)
        for (r, merged) in stops.enumerated() {
            let t = travel[r]
            for k in 1..<Swift.max(1, merged.count) {
                if t & 1 != 0 { degree[merged[k - 1].node] += 1 }
                if t & 2 != 0 { degree[merged[k].node] += 1 }
            }
        }
        var arcStart = [Int32](repeating: 0, count: count + 1)
        for n in 0..<count { arcStart[n + 1] = arcStart[n] + degree[n] }
        var fill = Array(arcStart.dropLast())
        let arcCount = Int(arcStart[count])
        var arcs = [Arc](repeating: Arc(lengthMeters: 0, to: 0), count: arcCount)
        var details = [ArcDetail](repeating: ArcDetail(from: 0, road: 0, fromMeters: 0, toMeters: 0), count: arcCount)
        for (r, merged) in stops.enumerated() {
            let t = travel[r]
            for k in 1..<Swift.max(1, merged.count) {
                let a = merged[k - 1], b = merged[k]
                let length = b.measure - a.measure
                // One at a time: a ring road's single stretch starts and ends at the same node.
                if t & 1 != 0 {
                    let ia = Int(fill[a.node])
                    fill[a.node] += 1
                    arcs[ia] = Arc(lengthMeters: length, to: Int32(b.node))
                    details[ia] = ArcDetail(from: Int32(a.node), road: Int32(r), fromMeters: a.measure, toMeters: b.measure)
                }
                if t & 2 != 0 {
                    let ib = Int(fill[b.node])
                    fill[b.node] += 1
                    arcs[ib] = Arc(lengthMeters: length, to: Int32(a.node))
                    details[ib] = ArcDetail(from: Int32(b.node), road: Int32(r), fromMeters: b.measure, toMeters: a.measure)
                }
            }
        }
        return (arcStart, arcs, details)
    }

    /// Step 5: node positions in a plane scaled by the smallest metres per degree any segment is
    /// measured with (longitude scale shrinks and latitude scale grows away from the equator), for
    /// the A* lower bound; and 360° of longitude in that plane.
    private static func scaledNodePoints(_ network: RoadNetwork, stops: [[Stop]], nodeCount count: Int)
        -> (points: [ScaledPoint], scaledTurn: Double) {
        var minLatitude = Double.infinity, maxLatitude = -Double.infinity
        for road in network.roads {
            let box = road.line.line.boundingBox
            minLatitude = Swift.min(minLatitude, box.minY)
            maxLatitude = Swift.max(maxLatitude, box.maxY)
        }
        var kx = 0.0, ky = LocalRuler.minMetersPerDegreeLatitude
        if minLatitude <= maxLatitude {
            kx = LocalRuler(latitude: Swift.max(abs(minLatitude), abs(maxLatitude))).metersPerDegreeLongitude
            if minLatitude > 0 || maxLatitude < 0 {
                ky = LocalRuler(latitude: Swift.min(abs(minLatitude), abs(maxLatitude))).metersPerDegreeLatitude
            }
        }
        // A hair below the true scales, so rounding never lifts the bound above a road distance.
        kx = Swift.max(0, kx * (1 - 1e-9))
        ky *= 1 - 1e-9
        var points = [ScaledPoint](repeating: ScaledPoint(x: 0, y: 0), count: count)
        for (r, merged) in stops.enumerated() {
            let line = network.roads[r].line
            for stop in merged {
                let c = line.coordinate(atMeasure: stop.measure)
                points[stop.node] = ScaledPoint(x: c.longitude * kx, y: c.latitude * ky)
            }
        }
        return (points, 360 * kx)
    }
}

/// A node at a measure of a road.
struct Stop: Hashable, Sendable {
    var measure: Double
    var node: Int
}

/// What the search reads of an arc (a directed half of an edge): its length and target.
struct Arc: Hashable, Sendable {
    var lengthMeters: Double
    var to: Int32
}

/// The rest of an arc, read only to lay out a found path: source node, road and measures.
struct ArcDetail: Hashable, Sendable {
    var from: Int32
    var road: Int32
    var fromMeters: Double
    var toMeters: Double
}

/// A node's position in a plane scaled by the network's smallest metres per degree.
struct ScaledPoint: Hashable, Sendable {
    var x: Double
    var y: Double
}

/// The A* queue: a binary min-heap (``BinaryHeap``) of queue entries kept in one array.
struct FlatHeap {
    var entries: [QueueEntry] = []

    mutating func push(_ entry: QueueEntry) {
        entries.append(entry)
        var n = entries.count - 1
        entries.withUnsafeMutableBufferPointer { b in
            guard let h = b.baseAddress else { return }
            BinaryHeap.push(h, &n, entry, by: <)
        }
    }

    mutating func popMin() -> QueueEntry? {
        guard let top = entries.first else { return nil }
        var n = entries.count
        entries.withUnsafeMutableBufferPointer { b in
            guard let h = b.baseAddress else { return }
            _ = BinaryHeap.pop(h, &n, by: <)
        }
        entries.removeLast()
        return top
    }
}

/// An A* queue entry: ordered by key (distance + lower bound to the end), then node.
struct QueueEntry: Hashable, Sendable {
    var key: Double
    var distance: Double
    var node: Int32
    static func < (a: QueueEntry, b: QueueEntry) -> Bool { a.key < b.key || (a.key == b.key && a.node < b.node) }
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
