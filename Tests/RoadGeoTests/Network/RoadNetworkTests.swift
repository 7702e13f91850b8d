import Foundation
import Testing
@testable import RoadGeo

@Suite("Road network snapping")
struct RoadNetworkTests {
    let moscow = RoadNetwork(lines: TestRoadLines.moscow)

    /// A point `meters` from `c` towards `azimuth` (degrees from north), on the ellipsoid.
    func offset(_ c: Coordinate, _ azimuth: Double, _ meters: Double) -> Coordinate {
        Geodesic.wgs84.destination(from: c, azimuth: azimuth, meters: meters)
    }

    @Test("snap equals brute force over every road's locate, on seeded points near real roads", arguments: ["moscow", "andorra"])
    func bruteForce(_ name: String) {
        let moscow = name == "moscow" ? self.moscow : RoadNetwork(lines: TestRoadLines.andorra)
        var rng = SplitMix64(seed: 21)
        var scratch = RTreeQueryScratch()
        var matched = 0, missed = 0
        for _ in 0..<(name == "moscow" ? 1_500 : 400) {
            let road = moscow.roads[Int.random(in: 0..<moscow.roads.count, using: &rng)].line
            let on = road.coordinate(atMeasure: Double.random(in: 0...road.lengthMeters, using: &rng))
            let p = offset(on, Double.random(in: 0..<360, using: &rng), Double.random(in: 0...250, using: &rng))
            let all = moscow.roads.enumerated().map { ($0.offset, $0.element.line.locate(p)) }
                .sorted { ($0.1.distanceMeters, $0.0) < ($1.1.distanceMeters, $1.0) }
            let hit = moscow.snap(p, options: SnapOptions(maxDistanceMeters: 50), scratch: &scratch)
            let best = all[0]
            if abs(best.1.distanceMeters - 50) < 0.001 { continue }   // too close to the cut to judge
            if best.1.distanceMeters > 50 {
                #expect(hit == nil)
                missed += 1
                continue
            }
            guard let hit else { Issue.record("no match for a point \(best.1.distanceMeters) m from road \(best.0)"); continue }
            matched += 1
            #expect(abs(hit.distanceMeters - best.1.distanceMeters) < 1e-6)
            let tie = all.count > 1 && abs(all[1].1.distanceMeters - best.1.distanceMeters) < 1e-6
            if !tie {
                #expect(hit.roadIndex == best.0)
                #expect(hit.location == best.1)
            }
        }
        #expect(matched > 100 && missed > 50, "\(matched) matched, \(missed) beyond reach")
    }

    @Test("a point taken on a road snaps onto it at distance ~0 and its own measure")
    func onLine() {
        var rng = SplitMix64(seed: 22)
        for _ in 0..<1_000 {
            let r = Int.random(in: 0..<moscow.roads.count, using: &rng)
            let road = moscow.roads[r].line
            let m = Double.random(in: 0...road.lengthMeters, using: &rng)
            guard let hit = moscow.snap(road.coordinate(atMeasure: m)) else { Issue.record("no match"); continue }
            #expect(hit.distanceMeters < 1e-6)
            // On a shared stretch another road may be as close; on this road the measure round-trips.
            if hit.roadIndex == r { #expect(abs(hit.measureMeters - m) < 0.001) }
        }
    }

    @Test("a shared junction vertex: the lower road index wins, whatever the input order")
    func sharedVertexTie() throws {
        let j = Coordinate(74.6, 42.87)
        let west = try Polyline([Coordinate(74.59, 42.87), j])
        let north = try Polyline([j, Coordinate(74.6, 42.88)])
        let p = offset(j, 135, 10)   // south-east of the junction: the vertex is nearest on both
        for order in [[west, north], [north, west]] {
            let network = RoadNetwork(lines: order)
            let hit = try #require(network.snap(p))
            #expect(hit.roadIndex == 0)
            #expect(hit.coordinate == j)
            let both = network.candidates(near: p, limit: 5)
            #expect(both.map(\.roadIndex) == [0, 1])
            #expect(both[0].distanceMeters == both[1].distanceMeters)
        }
    }

    @Test("divided carriageway: the bearing picks the lane driven in, candidates offer both")
    func dividedRoad() throws {
        let ruler = LocalRuler(latitude: 42.87)
        let dLat = 10 / ruler.metersPerDegreeLatitude
        let eastbound = try Polyline([Coordinate(74.60, 42.87 - dLat), Coordinate(74.62, 42.87 - dLat)])
        let westbound = try Polyline([Coordinate(74.62, 42.87 + dLat), Coordinate(74.60, 42.87 + dLat)])
        let network = RoadNetwork(lines: [eastbound, westbound])
        let p = Coordinate(74.61, 42.87 + dLat / 2)   // 5 m from westbound, 15 m from eastbound
        #expect(network.snap(p)?.roadIndex == 1)
        let driving = SnapOptions(maxDistanceMeters: 50, bearingDegrees: 88, bearingToleranceDegrees: 20, bearingMatchesReverse: false)
        let hit = try #require(network.snap(p, options: driving))
        #expect(hit.roadIndex == 0 && abs(hit.distanceMeters - 15) < 0.01 && hit.side == .left)
        // Reverse allowed: both lanes run east-west, so the nearer one wins again.
        #expect(network.snap(p, options: SnapOptions(bearingDegrees: 88, bearingToleranceDegrees: 20))?.roadIndex == 1)
        // A northbound driver matches neither.
        #expect(network.snap(p, options: SnapOptions(bearingDegrees: 0, bearingToleranceDegrees: 20)) == nil)
        let two = network.candidates(near: p, limit: 2)
        #expect(two.map(\.roadIndex) == [1, 0])
        #expect(abs(two[0].distanceMeters - 5) < 0.01 && two[0].side == .left)
    }

    @Test("maximum distance: 49.99 m matches, 50.01 m does not")
    func maxDistanceEdge() throws {
        let road = try Polyline([Coordinate(74.60, 42.87), Coordinate(74.62, 42.87)])
        let network = RoadNetwork(lines: [road])
        let mid = Coordinate(74.61, 42.87)
        #expect(network.snap(offset(mid, 0, 49.99), options: SnapOptions(maxDistanceMeters: 50)) != nil)
        #expect(network.snap(offset(mid, 0, 50.01), options: SnapOptions(maxDistanceMeters: 50)) == nil)
        #expect(network.snap(offset(mid, 180, 50.01), options: SnapOptions(maxDistanceMeters: 50)) == nil)
        #expect(network.snap(mid, options: SnapOptions(maxDistanceMeters: -1)) == nil)
        #expect(network.snap(Coordinate(.nan, 42.87)) == nil)
        #expect(RoadNetwork(roads: []).snap(mid) == nil)
        #expect(network.candidates(near: mid, limit: 0).isEmpty)
    }

    @Test("a selection leaves out roads: the next allowed road matches")
    func selection() throws {
        let a = try Polyline([Coordinate(74.60, 42.870), Coordinate(74.62, 42.870)])
        let b = try Polyline([Coordinate(74.60, 42.8703), Coordinate(74.62, 42.8703)])
        let network = RoadNetwork(roads: [Road(id: "a", line: a, properties: ["highway": "footway"]),
                                          Road(id: "b", line: b, properties: ["highway": "primary"])])
        let p = Coordinate(74.61, 42.8699)
        #expect(network.snap(p)?.roadIndex == 0)
        let roadsOnly = network.selection { $0.text("highway") != "footway" }
        let hit = try #require(network.snap(p, options: SnapOptions(selection: roadsOnly)))
        #expect(network.road(of: hit).id == "b")
        #expect(network.snap(p, options: SnapOptions(selection: RoadSelection(allowed: []))) == nil)
    }

    @Test("k candidates are distinct roads, nearest first, the first one equal to snap()")
    func candidates() {
        var rng = SplitMix64(seed: 23)
        for _ in 0..<300 {
            let road = moscow.roads[Int.random(in: 0..<moscow.roads.count, using: &rng)].line
            let p = offset(road.coordinate(atMeasure: Double.random(in: 0...road.lengthMeters, using: &rng)),
                           Double.random(in: 0..<360, using: &rng), Double.random(in: 0...40, using: &rng))
            let options = SnapOptions(maxDistanceMeters: 200)
            let list = moscow.candidates(near: p, limit: 4, options: options)
            #expect(list.first == moscow.snap(p, options: options))
            #expect(Set(list.map(\.roadIndex)).count == list.count)
            for (x, y) in zip(list, list.dropFirst()) { #expect(x.distanceMeters <= y.distanceMeters) }
            // Brute force: the k nearest roads by their own locate.
            let brute = moscow.roads.map { $0.line.locate(p).distanceMeters }.filter { $0 <= 200 }.sorted().prefix(4)
            #expect(list.map(\.distanceMeters).count == brute.count)
            for (x, y) in zip(list.map(\.distanceMeters), brute) { #expect(abs(x - y) < 1e-6) }
        }
    }

    @Test("batch snapping on 1, 2 and 3 threads equals snapping one by one, in input order")
    func batch() {
        var rng = SplitMix64(seed: 24)
        let points = (0..<9_000).map { _ -> Coordinate in
            let road = moscow.roads[Int.random(in: 0..<moscow.roads.count, using: &rng)].line
            return offset(road.coordinate(atMeasure: Double.random(in: 0...road.lengthMeters, using: &rng)),
                          Double.random(in: 0..<360, using: &rng), Double.random(in: 0...80, using: &rng))
        }
        let options = SnapOptions(maxDistanceMeters: 50)
        let batch = moscow.snap(points, options: options, threads: 2)
        var scratch = RTreeQueryScratch()
        let single = points.map { moscow.snap($0, options: options, scratch: &scratch) }
        #expect(batch == single)
        #expect(moscow.snap(points, options: options, threads: 3) == single)
        #expect(moscow.snap(points, options: options, threads: 1) == single)
        #expect(moscow.snap([], options: options, threads: 2).isEmpty)
    }
}

@Suite("Road network from GeoJSON")
struct RoadNetworkGeoJSONTests {
    @Test("Moscow: ids from osm_id, properties as the file has them, the same geometry as the plain lines")
    func moscow() throws {
        let network = try RoadNetwork(contentsOfGeoJSON: Fixtures.data("moscow_roads.geojson"))
        #expect(network.roads.count == TestRoadLines.moscow.count)
        #expect(network.segmentCount == 2_522)
        #expect(network.roads[0].id == "14418612")
        #expect(network.roads[0].text("highway") == "secondary")
        #expect(network.roads[0].text("bridge") == "yes")
        #expect(network.roads[0].text("name") == nil)   // null has no text
        #expect(network.roads[0].properties["name"] == .null)
        #expect(network.roads[0].properties["osm_id"] == .integer(14_418_612))
        #expect(network.roads.map(\.line.line) == TestRoadLines.moscow)
        // A filter by attribute, as a server would set it up.
        let bridges = network.selection { $0.text("bridge") == "yes" }
        #expect(bridges.allowed.contains(true) && bridges.allowed.contains(false))
    }

    @Test("feature ids win over osm_id, multi-part roads get #k, properties keep their types and order")
    func idsAndParts() throws {
        let a = try Polyline([Coordinate(0, 0), Coordinate(0.001, 0)])
        let b = try Polyline([Coordinate(0, 0.001), Coordinate(0.001, 0.001)])
        let roads = [
            GeoJSONRoad(featureIndex: 0, id: .string("EM-01"), line: MultiPolyline(parts: [a]),
                        properties: ["osm_id": 5, "lanes": 2, "oneway": true, "ref": .null, "maxspeed": 60.5]),
            GeoJSONRoad(featureIndex: 1, id: nil, line: MultiPolyline(parts: [a, b]), properties: ["osm_id": 7, "tags": ["a", "b"]]),
            GeoJSONRoad(featureIndex: 2, id: nil, line: MultiPolyline(parts: [b]), properties: [:]),
        ]
        let network = RoadNetwork(geoJSONRoads: roads)
        #expect(network.roads.map(\.id) == ["EM-01", "7#0", "7#1", "2"])
        #expect(network.roads[0].properties == ["osm_id": 5, "lanes": 2, "oneway": true, "ref": .null, "maxspeed": 60.5])
        #expect(network.roads[0].properties.keys == ["osm_id", "lanes", "oneway", "ref", "maxspeed"])
        #expect(network.roads[0].text("oneway") == "true" && network.roads[0].text("maxspeed") == "60.5")
        #expect(network.roads[1].properties == network.roads[2].properties)   // both parts of feature 1
        #expect(network.roads[1].text("tags") == "[\"a\",\"b\"]")
    }

    @Test("a file that is not GeoJSON is a typed error")
    func badFile() throws {
        let dir = try Fixtures.temporaryDirectory()
        let path = dir.appendingPathComponent("bad.geojson").path
        try Data("{\"type\":\"FeatureCollection\",\"features\":[".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: GeoJSONError.self) { try RoadNetwork(contentsOfGeoJSON: path) }
    }
}

@Suite("Section snapping")
struct SectionSnapTests {
    let ruler = LocalRuler(latitude: 42.87)
    /// A point `east` and `north` metres from (74.60, 42.87).
    func at(_ east: Double, _ north: Double) -> Coordinate {
        Coordinate(74.60 + east / ruler.metersPerDegreeLongitude, 42.87 + north / ruler.metersPerDegreeLatitude)
    }

    @Test("two taps beside one road become a section between their measures, in tap order")
    func sameRoad() throws {
        let main = try Polyline([at(0, 0), at(2_000, 0)])
        let network = RoadNetwork(roads: [Road(id: "EM-01", line: main)])
        guard case .section(let road, let a, let b) = network.snapSection(from: at(300, 8), to: at(1_500, -6)) else {
            Issue.record("expected a section"); return
        }
        #expect(road == 0)
        #expect(abs(a.measureMeters - 300) < 0.05 && abs(b.measureMeters - 1_500) < 0.05)
        guard case .section(_, let c, let d) = network.snapSection(from: at(1_500, -6), to: at(300, 8)) else {
            Issue.record("expected a section"); return
        }
        #expect(c.measureMeters > d.measureMeters)   // marked against the road's direction
    }

    @Test("a tap nearer a side street at a junction still marks the main road both taps reach")
    func junction() throws {
        let main = try Polyline([at(0, 0), at(2_000, 0)])
        let side = try Polyline([at(1_000, 0), at(1_000, 800)])
        let network = RoadNetwork(lines: [side, main])
        let tap = at(1_002, 6)   // 2 m from the side street, 6 m from the main road
        #expect(network.snap(tap)?.roadIndex == 0)
        guard case .section(let road, let a, let b) = network.snapSection(from: at(300, 5), to: tap) else {
            Issue.record("expected a section"); return
        }
        #expect(road == 1)
        #expect(abs(a.measureMeters - 300) < 0.05 && abs(b.measureMeters - 1_002) < 0.05)
    }

    @Test("taps on roads no single road reaches are different roads; a tap out of reach is unmatched")
    func differentAndUnmatched() throws {
        let north = try Polyline([at(0, 500), at(2_000, 500)])
        let south = try Polyline([at(0, 0), at(2_000, 0)])
        let network = RoadNetwork(lines: [north, south])
        guard case .differentRoads(let a, let b) = network.snapSection(from: at(100, 495), to: at(900, 3)) else {
            Issue.record("expected different roads"); return
        }
        #expect(a.roadIndex == 0 && b.roadIndex == 1)
        // With the graph: these two parallel roads never meet.
        guard case .notConnected = network.snapSection(from: at(100, 495), to: at(900, 3), graph: RoadGraph(network)) else {
            Issue.record("expected not connected"); return
        }
        // A link road joins them: the answer is the path across it.
        let link = try Polyline([at(2_000, 0), at(2_000, 500)])
        let linked = RoadNetwork(lines: [north, south, link])
        guard case .path(let path, _, _) = linked.snapSection(from: at(100, 495), to: at(900, 3), graph: RoadGraph(linked)) else {
            Issue.record("expected a path"); return
        }
        #expect(path.stretches.map(\.roadIndex) == [0, 2, 1])
        #expect(abs(path.lengthMeters - (1_900 + 500 + 1_100)) < 0.5)
        #expect(network.snapSection(from: at(100, 495), to: at(900, 250)) == .unmatched(startMatched: true, endMatched: false))
        #expect(network.snapSection(from: at(100, 250), to: at(900, 250)) == .unmatched(startMatched: false, endMatched: false))
    }
}
