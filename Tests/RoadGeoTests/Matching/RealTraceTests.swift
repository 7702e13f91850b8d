import Foundation
import Testing
@testable import RoadGeo

/// Map matching on real GPS tracks and real OpenStreetMap roads, judged by what other map
/// matchers assert for the same files: GraphHopper's map-matching tests (matched length, street
/// names along the route) and FMM's published result for its Stockholm example (the edges it
/// matched). Fixtures and their origins: Fixtures/traces-real/ORIGIN.md.
@Suite("Map matching on real traces")
struct RealTraceTests {
    static let directory = "traces-real/"

    /// The ways a car may use, as GraphHopper's car profile imports them (no tracks, paths,
    /// footways, cycleways or steps).
    static func carImport() throws -> OSMImportOptions {
        let filter = try OSMTagFilter(include: [
            "w/highway=motorway,motorway_link,trunk,trunk_link,primary,primary_link,secondary,secondary_link,"
                + "tertiary,tertiary_link,unclassified,residential,living_street,service,road",
        ])
        return OSMImportOptions(filter: filter, threads: 1)
    }

    /// One GPX track matched on one OSM extract, and what the test needs to judge it.
    struct Matched {
        var network: RoadNetwork
        var trace: GPSTrace
        var result: MapMatch
        /// The trace's own length: the straight lines between consecutive fixes, metres
        /// (GraphHopper's `getGpxEntriesLength`).
        var traceLength: Double { Self.polylineLength(trace.coordinates) }
        /// Street names along the matched route, one entry per change of name, unnamed roads as
        /// "" (GraphHopper's `fetchStreets`).
        var streets: [String] {
            var out: [String] = []
            for s in result.pieces.flatMap(\.stretches) {
                let name = network.road(of: s).text("name") ?? ""
                if out.last != name { out.append(name) }
            }
            return out
        }
        /// Placed fixes whose position is more than half a metre from their piece's route (by
        /// geometry: a fix at a junction may be placed on a road that the route only touches).
        var fixesOffRoute: [Int] {
            let routes = result.pieces.map { piece in
                RoadNetwork(roads: piece.stretches.compactMap { s in
                    network.road(of: s).line.substring(from: min(s.fromMeters, s.toMeters), to: max(s.fromMeters, s.toMeters))
                        .map { Road(id: "", line: $0) }
                })
            }
            return result.fixes.indices.filter { i in
                guard let snap = result.fixes[i].snap, let piece = result.fixes[i].piece else { return false }
                guard !result.pieces[piece].stretches.isEmpty else { return false }  // a piece of no length
                return routes[piece].snap(snap.coordinate, options: SnapOptions(maxDistanceMeters: 0.5)) == nil
            }
        }
        /// Roads the route uses in more than one stretch (a U-turn, backtracking or a loop).
        var roadsRevisited: [String] {
            var seen: Set<Int> = [], again: [String] = []
            for s in result.pieces.flatMap(\.stretches) where !seen.insert(s.roadIndex).inserted {
                again.append(network.road(of: s).id)
            }
            return again
        }
        /// Matched length over the trace's length: above 1.5 is a detour (issue 19).
        var detourRatio: Double { result.lengthMeters / traceLength }

        static func polylineLength(_ points: [Coordinate]) -> Double {
            zip(points, points.dropFirst()).reduce(0) { $0 + LocalRuler.distance($1.0, $1.1) }
        }

        var summary: String {
            let statuses = result.fixes.map { "\($0.status)" }
            return "matched \(Int(result.lengthMeters.rounded())) m of a \(Int(traceLength.rounded())) m trace "
                + "(ratio \((detourRatio * 1000).rounded() / 1000)), \(result.pieces.count) pieces, breaks \(result.breaks), "
                + "streets \(streets), statuses \(statuses), fixes off the route \(fixesOffRoute), roads revisited \(roadsRevisited)"
        }
    }

    func match(map: String, track: String, sigma: Double) throws -> Matched {
        try match(map: map, track: track, options: MatchOptions(sigmaMeters: sigma))
    }

    func match(map: String, track: String, options: MatchOptions) throws -> Matched {
        let network = try RoadNetwork(osmPBF: Fixtures.path(Self.directory + map), options: Self.carImport())
        let graph = RoadGraph(network, options: .motorVehicle)
        let traces = try TraceFile.read(contentsOf: Fixtures.path(Self.directory + track))
        let trace = try #require(traces.first)
        #expect(traces.count == 1)
        var scratch = MatchScratch()
        let result = network.match(trace, graph: graph, options: options, scratch: &scratch)
        let matched = Matched(network: network, trace: trace, result: result)
        return matched
    }

    // MARK: - GraphHopper

    @Test("GraphHopper issue 13 (Istanbul): one route, its length the GPX length within 2.5 m when every fix is a step")
    func graphHopperIssue13() throws {
        // MapMatching2Test.testIssue13: GraphHopper's default σ (10 m), car;
        // assertEquals(mr.getGpxEntriesLength(), mr.getMatchLength(), 2.5).
        let m = try match(map: "graphhopper-map-issue13.osm.pbf", track: "graphhopper-issue-13.gpx", sigma: 10)
        #expect(m.trace.count == 29)
        #expect(m.result.breaks.isEmpty && m.result.pieces.count == 1, "\(m.summary)")
        #expect(m.detourRatio <= 1.5, "\(m.summary)")
        #expect(m.result.fixes.allSatisfy { $0.status == .matched || $0.status == .stationary }, "\(m.summary)")
        #expect(m.roadsRevisited.isEmpty, "\(m.summary)")
        // The last fix is 8.3 m past fix 27, within 2 σ, but the last fix is always a step (as
        // GraphHopper keeps it), so the route reaches it.
        #expect(m.result.fixes[27].status == .matched && m.result.fixes[28].status == .matched)
        #expect(m.fixesOffRoute.isEmpty, "\(m.summary)")
        #expect(abs(m.result.lengthMeters - m.traceLength) <= 2.5, "\(m.summary)")
        // Every fix a step: the route runs from the first fix to the last, as GraphHopper's does.
        var everyFix = MatchOptions(sigmaMeters: 10)
        everyFix.stationaryMeters = 0
        let all = try match(map: "graphhopper-map-issue13.osm.pbf", track: "graphhopper-issue-13.gpx", options: everyFix)
        #expect(all.result.fixes.allSatisfy { $0.status == .matched }, "\(all.summary)")
        #expect(all.result.breaks.isEmpty && all.result.pieces.count == 1, "\(all.summary)")
        #expect(abs(all.result.lengthMeters - all.traceLength) <= 2.5, "\(all.summary)")
        #expect(all.fixesOffRoute.isEmpty && all.roadsRevisited.isEmpty, "\(all.summary)")
    }

    @Test("GraphHopper issue 127: two identical fixes match to a route of no length")
    func graphHopperIssue127() throws {
        // MapMatching2Test.testIssue127: assertEquals(0, mr.getMatchMillis(), 50).
        let m = try match(map: "graphhopper-map-issue13.osm.pbf", track: "graphhopper-issue-127.gpx", sigma: 10)
        #expect(m.trace.count == 2)
        // The last fix is always a step, even where it has not moved.
        #expect(m.result.fixes.map(\.status) == [.matched, .matched], "\(m.summary)")
        #expect(m.result.pieces.count == 1 && m.result.breaks.isEmpty, "\(m.summary)")
        #expect(m.result.lengthMeters < 0.01, "\(m.summary)")
        #expect(m.result.fixes[0].snap == m.result.fixes[1].snap)
    }

    @Test("GraphHopper issue 70 (Futog): the streets GraphHopper matches, in its order")
    func graphHopperIssue70() throws {
        // MapMatching2Test.testIssue70: GraphHopper's default σ (10 m), car; streets
        // ["Милана Видака", "Бранка Радичевића", "Здравка Челара"].
        let m = try match(map: "graphhopper-issue-70.osm.pbf", track: "graphhopper-issue-70.gpx", sigma: 10)
        #expect(m.trace.count == 17)
        #expect(m.streets == ["Милана Видака", "Бранка Радичевића", "Здравка Челара"], "\(m.summary)")
        #expect(m.result.breaks.isEmpty && m.result.pieces.count == 1, "\(m.summary)")
        #expect(m.detourRatio <= 1.5, "\(m.summary)")
        #expect(m.result.fixes.allSatisfy { $0.status == .matched }, "\(m.summary)")
        #expect(m.fixesOffRoute.isEmpty, "\(m.summary)")
        // Fixes 7 and 11 lie past the corners, 5 m and 17 m along the street the route leaves
        // or joins; a turn round there costs a U-turn, so the route takes the corners without
        // a spur (before the U-turn cost it drove past both and back).
        #expect(m.roadsRevisited.isEmpty, "\(m.summary)")
    }

    @Test("GraphHopper issue 3023 (Soldeu, Andorra): no dead-end detours, matched under 1.5 × the GPX length")
    func graphHopperAndorra() throws {
        // MapMatchingAndorraTest.testIssue3023_noDeadEndDetours: σ 20 m;
        // assertTrue(matchLength / gpxLength < 1.5). The trace follows the CG-2 near Soldeu.
        let m = try match(map: "graphhopper-andorra-soldeu.osm.pbf", track: "graphhopper-andorra_for_map_matching.gpx", sigma: 20)
        #expect(m.trace.count == 21)
        #expect(m.detourRatio < 1.5, "\(m.summary)")
        #expect(m.result.breaks.isEmpty && m.result.pieces.count == 1, "\(m.summary)")
        #expect(m.result.fixes.allSatisfy { $0.status == .matched || $0.status == .stationary }, "\(m.summary)")
        // The last fix (20) is within 2 σ of fix 19 and still a step: the route reaches it.
        #expect(m.fixesOffRoute.isEmpty, "\(m.summary)")
        // No dead-end spur driven in and out: no road twice. In this 2013 extract the trace
        // follows the CG-3 (primary, "Carretera General") and then an unnamed secondary way,
        // the only car roads there; the test's comment names the CG-2.
        #expect(m.roadsRevisited.isEmpty, "\(m.summary)")
        let highways = m.result.pieces.flatMap(\.stretches).map { m.network.road(of: $0) }
        #expect(highways.first?.text("ref") == "CG-3" && highways.allSatisfy { ["primary", "secondary"].contains($0.text("highway") ?? "") },
                "\(m.summary)")
    }

    // MARK: - FMM

    /// FMM's Stockholm network (an OSMnx export, one feature per direction of travel) with each
    /// two-way street kept once: FMM's edge ids, and their twins, mapped to our roads.
    struct Stockholm {
        var network: RoadNetwork
        /// Per FMM edge id (`fid`): our road and whether the edge runs along it (true) or
        /// against it (its twin, reversed).
        var edges: [Int: (road: Int, forward: Bool)]

        init() throws {
            let path = Fixtures.path(RealTraceTests.directory + "fmm-stockholm/edges.shp")
            let imported = RoadNetwork(shapefile: try ShapefileImport(path: path, options: ShapefileImportOptions(idField: "fid")))
            #expect(imported.roads.count == 1308)
            var kept: [Road] = []
            var keptBy: [String: Int] = [:]  // unordered node pair and key of a two-way edge
            var edges: [Int: (road: Int, forward: Bool)] = [:]
            for road in imported.roads {
                guard let fid = Int(road.id), let u = road.text("u"), let v = road.text("v") else {
                    Issue.record("edge \(road.id) lacks fid, u or v")
                    continue
                }
                let twoWay = road.text("oneway") == "0"
                let pair = (u < v ? u + "-" + v : v + "-" + u) + "#" + (road.text("key") ?? "0")
                if twoWay, let twin = keptBy[pair] {
                    let same = kept[twin].line.line.coordinates.first == road.line.line.coordinates.first
                    edges[fid] = (twin, same)
                    continue
                }
                if twoWay { keptBy[pair] = kept.count }
                edges[fid] = (kept.count, true)
                kept.append(road)
            }
            network = RoadNetwork(roads: kept)
            self.edges = edges
        }

        /// FMM's complete path (`cpath`) as our stretches: the edges in order, the first from
        /// where FMM's matched line starts and the last to where it ends.
        func stretches(cpath: [Int], start: Coordinate, end: Coordinate) throws -> [RoadStretch] {
            var out: [RoadStretch] = []
            for (k, fid) in cpath.enumerated() {
                let edge = try #require(edges[fid], "FMM edge \(fid) not in the network")
                let line = network.roads[edge.road].line
                var from = edge.forward ? 0 : line.lengthMeters, to = edge.forward ? line.lengthMeters : 0
                if k == 0 { from = line.measure(of: start) }
                if k == cpath.count - 1 { to = line.measure(of: end) }
                out.append(RoadStretch(roadIndex: edge.road, fromMeters: from, toMeters: to))
            }
            return out
        }
    }

    /// The coordinates of a `LINESTRING(x y,x y,...)`.
    func wktPoints(_ text: Substring) throws -> [Coordinate] {
        guard let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")") else {
            throw FixtureError(message: "not a LINESTRING: \(text.prefix(40))")
        }
        return try text[text.index(after: open)..<close].split(separator: ",").map { pair in
            let xy = pair.split(separator: " ").compactMap { Double($0) }
            guard xy.count == 2 else { throw FixtureError(message: "bad point '\(pair)'") }
            return Coordinate(xy[0], xy[1])
        }
    }

    struct FixtureError: Error { var message: String }

    /// `id;...` rows of a semicolon-separated FMM file, header skipped, by id.
    func fmmRows(_ file: String) throws -> [Int: [Substring]] {
        let text = try String(contentsOfFile: Fixtures.path(Self.directory + "fmm-stockholm/" + file), encoding: .utf8)
        var rows: [Int: [Substring]] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let fields = line.split(separator: ";", omittingEmptySubsequences: false)
            guard let id = fields.first.flatMap({ Int($0) }) else { throw FixtureError(message: "bad row \(line.prefix(40))") }
            rows[id] = fields
        }
        return rows
    }

    @Test("FMM's Stockholm example: the route FMM matched, from the same fixes on the same network", arguments: [1, 2])
    func fmmStockholm(trip: Int) throws {
        // FMM's osmnx_example: fmm -k 8 -r 0.003 -e 0.0005 (degrees: σ ≈ 28 m east-west and 56 m
        // north-south at 59.3° N, radius ≈ 170 to 330 m); its result is stockholm/mr.txt.
        let stockholm = try Stockholm()
        let network = stockholm.network
        // OSMnx's "drive" network has only car roads; its `oneway` is 1 or 0 per edge.
        let graph = RoadGraph(network, options: .oneway)
        let trips = try fmmRows("trips.csv"), results = try fmmRows("mr.txt")
        let fixes = try wktPoints(try #require(trips[trip]?.last))
        let fmm = try #require(results[trip])
        #expect(fmm.count == 4)
        let cpath = fmm[2].split(separator: ",").compactMap { Int($0) }
        let fmmLine = try wktPoints(fmm[3])
        let truth = try stockholm.stretches(cpath: cpath, start: try #require(fmmLine.first), end: try #require(fmmLine.last))

        let options = MatchOptions(sigmaMeters: 40, radiusMeters: 250, candidates: 8)
        var scratch = MatchScratch()
        let result = network.match(fixes, graph: graph, options: options, scratch: &scratch)
        let ours = result.pieces.flatMap(\.stretches)
        let mismatch = MapMatch.routeMismatch(truth: truth, matched: ours)
        let fmmLength = Matched.polylineLength(fmmLine), traceLength = Matched.polylineLength(fixes)
        var fmmRoads: [Int] = [], ourRoads: [Int] = []
        for s in truth where fmmRoads.last != s.roadIndex { fmmRoads.append(s.roadIndex) }
        for s in ours where ourRoads.last != s.roadIndex { ourRoads.append(s.roadIndex) }
        let summary = "trip \(trip): mismatch \(mismatch), ours \(Int(result.lengthMeters)) m, FMM \(Int(fmmLength)) m, "
            + "trace \(Int(traceLength)) m, breaks \(result.breaks), statuses \(result.fixes.map { "\($0.status)" }), "
            + "roads ours \(ourRoads.map { network.roads[$0].id }) FMM \(fmmRoads.map { network.roads[$0].id })"
        // On the ground: points every 5 m along either route, and their distance to the other.
        let fmmRoute = RoadNetwork(lines: [try Polyline(fmmLine)])
        func samples(_ stretches: [RoadStretch]) -> [Coordinate] {
            stretches.flatMap { s in
                stride(from: 0.0, through: s.lengthMeters, by: 5).map { d in
                    network.road(of: s).line.coordinate(atMeasure: s.fromMeters + (s.toMeters > s.fromMeters ? d : -d))
                }
            }
        }
        let ourPoints = samples(ours), fmmPoints = samples(truth)
        let ourRoute = RoadNetwork(roads: ours.compactMap { s in
            network.road(of: s).line.substring(from: min(s.fromMeters, s.toMeters), to: max(s.fromMeters, s.toMeters))
                .map { Road(id: "", line: $0) }
        })
        let far = SnapOptions(maxDistanceMeters: 1000)
        let oursOff = ourPoints.map { fmmRoute.snap($0, options: far)?.distanceMeters ?? .infinity }.max() ?? .infinity
        let fmmOff = fmmPoints.map { ourRoute.snap($0, options: far)?.distanceMeters ?? .infinity }.max() ?? .infinity
        let offs = "ours at most \(oursOff) m off FMM's line, FMM's at most \(fmmOff) m off ours"
        #expect(result.breaks.isEmpty && result.pieces.count == 1, "\(summary)")
        #expect(result.fixes.allSatisfy { $0.status == .matched }, "\(summary)")
        #expect(result.lengthMeters <= 1.5 * traceLength, "\(summary)")
        #expect(abs(result.lengthMeters - fmmLength) < 0.02 * fmmLength, "\(summary)")
        // The same route on the ground: every point of either within 10 m of the other
        // (Odengatan's two carriageways are 8 m apart).
        #expect(oursOff < 10 && fmmOff < 10, "\(offs); \(summary)")
        if trip == 1 {
            // The same 24 edges.
            #expect(ourRoads == fmmRoads, "\(summary)")
            #expect(mismatch < 0.01, "\(summary)")
        } else {
            // The same edges but on Odengatan: FMM takes the two-way unclassified carriageway (edge
            // 494, 249 m), we take the one-way main carriageway beside it (341, 549, 418),
            // eastbound as driven: 0.35 of the route by edge, none of it 10 m off.
            #expect(Array(ourRoads.prefix(6)) == Array(fmmRoads.prefix(6)) && Array(ourRoads.suffix(5)) == Array(fmmRoads.suffix(5)),
                    "\(summary)")
            #expect(mismatch < 0.4, "\(summary)")
        }
    }
}
