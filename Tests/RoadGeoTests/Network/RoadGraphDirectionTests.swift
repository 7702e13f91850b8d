import Testing
@testable import RoadGeo

@Suite("Road graph: one-way streets and motor-vehicle access")
struct RoadGraphDirectionTests {
    let ruler = LocalRuler(latitude: 42.87)
    func at(_ east: Double, _ north: Double) -> Coordinate {
        Coordinate(74.60 + east / ruler.metersPerDegreeLongitude, 42.87 + north / ruler.metersPerDegreeLatitude)
    }

    /// A 200 m square block of four streets, each drawn clockwise from the south-west corner.
    func block(oneway: String?, extra: [Road] = []) throws -> RoadNetwork {
        let corners = [at(0, 0), at(0, 200), at(200, 200), at(200, 0)]
        var roads: [Road] = []
        for k in 0..<4 {
            var properties: JSONObject = ["highway": "residential"]
            if let oneway { properties["oneway"] = .string(oneway) }
            roads.append(Road(id: "side\(k)", line: try Polyline([corners[k], corners[(k + 1) % 4]]), properties: properties))
        }
        return RoadNetwork(roads: roads + extra)
    }

    @Test("against a one-way street the path goes round the block; two-way it goes straight")
    func roundTheBlock() throws {
        let network = try block(oneway: "yes")
        // On the west side (drawn northward): from 150 m north back to 50 m north.
        let a = try #require(network.snap(at(0, 150))), b = try #require(network.snap(at(0, 50)))
        let two = try #require(RoadGraph(network).path(from: a, to: b))
        #expect(abs(two.lengthMeters - 100) < 0.01)
        let graph = RoadGraph(network, options: .oneway)
        let one = try #require(graph.path(from: a, to: b))
        #expect(abs(one.lengthMeters - 700) < 0.05)   // 50 + 200 + 200 + 200 + 50
        let reference = try #require(graph.dijkstraPath(from: a, to: b))
        #expect(abs(reference.lengthMeters - one.lengthMeters) < 1e-6)
        for s in one.stretches { #expect(graph.allows(road: s.roadIndex, from: s.fromMeters, to: s.toMeters)) }
        // With the flow: straight along.
        let forward = try #require(graph.path(from: b, to: a))
        #expect(abs(forward.lengthMeters - 100) < 0.01)
        // oneway=-1 reverses it.
        let reversed = try block(oneway: "-1")
        let r = try #require(RoadGraph(reversed, options: .oneway).path(from: a, to: b))
        #expect(abs(r.lengthMeters - 100) < 0.01)
    }

    @Test("oneway values, implied one-way on motorways and roundabouts, oneway=no overriding")
    func travelRules() throws {
        let line = try Polyline([at(0, 0), at(10, 0)])
        func t(_ a: JSONObject, _ o: RoadGraph.Options = .oneway) -> [Bool] {
            let r = RoadGraph.travel(Road(id: "x", line: line, properties: a), options: o)
            return [r.forward, r.backward]
        }
        #expect(t(["oneway": "yes"]) == [true, false])
        #expect(t(["oneway": "1"]) == [true, false])
        #expect(t(["oneway": "true"]) == [true, false])
        #expect(t(["oneway": "-1"]) == [false, true])
        #expect(t(["highway": "motorway"]) == [true, false])
        #expect(t(["highway": "motorway", "oneway": "no"]) == [true, true])
        #expect(t(["highway": "primary", "junction": "roundabout"]) == [true, false])
        #expect(t(["highway": "primary"]) == [true, true])
        #expect(t(["oneway": "yes"], .undirected) == [true, true])
        #expect(t(["highway": "footway"], .motorVehicle) == [false, false])
        #expect(t(["highway": "footway"], .oneway) == [true, true])
        #expect(t(["highway": "service", "access": "private"], .motorVehicle) == [false, false])
        #expect(t(["highway": "service", "access": "no", "motor_vehicle": "yes"], .motorVehicle) == [true, true])
        #expect(t(["highway": "residential", "motor_vehicle": "no"], .motorVehicle) == [false, false])
    }

    @Test("for motor vehicles a footway shortcut is not taken")
    func footwayShortcut() throws {
        // A footway across the block's diagonal.
        let foot = Road(id: "foot", line: try Polyline([at(0, 100), at(200, 100)]), properties: ["highway": "footway"])
        let network = try block(oneway: nil, extra: [foot])
        let a = try #require(network.snap(at(0, 100), options: SnapOptions(maxDistanceMeters: 1)))
        let b = try #require(network.snap(at(200, 100)))
        let walk = try #require(RoadGraph(network).path(from: a, to: b))
        #expect(abs(walk.lengthMeters - 200) < 0.05)
        let drive = RoadGraph(network, options: .motorVehicle)
        // Snapped onto the streets only, as a car would be.
        let streets = network.selection { $0.text("highway") != "footway" }
        let ca = try #require(network.snap(at(0, 100), options: SnapOptions(maxDistanceMeters: 1, selection: streets)))
        let cb = try #require(network.snap(at(200, 100), options: SnapOptions(maxDistanceMeters: 1, selection: streets)))
        let path = try #require(drive.path(from: ca, to: cb))
        #expect(abs(path.lengthMeters - 400) < 0.05)
        #expect(path.stretches.allSatisfy { network.road(of: $0).id != "foot" })
        // From the middle of the footway itself there is no way for a car.
        let footOnly = network.selection { $0.id == "foot" }
        let onFoot = try #require(network.snap(at(100, 100), options: SnapOptions(maxDistanceMeters: 1, selection: footOnly)))
        #expect(drive.path(from: onFoot, to: cb) == nil)
        #expect(RoadGraph(network).path(from: onFoot, to: cb) != nil)
    }

    @Test("on Monaco's real one-way streets A* equals the reference Dijkstra and never runs against the flow")
    func monaco() throws {
        let network = try RoadNetwork(osmPBF: Fixtures.data("monaco.osm.pbf"))
        for options in [RoadGraph.Options.oneway, .motorVehicle] {
            let graph = RoadGraph(network, options: options)
            let undirected = RoadGraph(network)
            var rng = SplitMix64(seed: 18)
            var scratch = RoadGraph.SearchScratch()
            var longer = 0, found = 0
            for _ in 0..<150 {
                // A vertex of a random road.
                func point() -> Coordinate {
                    let c = network.roads[Int(rng.next() % UInt64(network.roads.count))].line.line.coordinates
                    return c[Int(rng.next() % UInt64(c.count))]
                }
                guard let a = network.snap(point()), let b = network.snap(point()) else { continue }
                let fast = graph.path(from: a, to: b, scratch: &scratch), slow = graph.dijkstraPath(from: a, to: b)
                #expect((fast == nil) == (slow == nil))
                if let fast, let slow { #expect(abs(fast.lengthMeters - slow.lengthMeters) < 1e-6) }
                guard let fast else { continue }
                found += 1
                for s in fast.stretches { #expect(graph.allows(road: s.roadIndex, from: s.fromMeters, to: s.toMeters)) }
                let free = try #require(undirected.path(from: a, to: b))
                #expect(free.lengthMeters <= fast.lengthMeters + 1e-6)
                if fast.lengthMeters > free.lengthMeters + 1 { longer += 1 }
            }
            #expect(found > (options == .oneway ? 100 : 20))
            #expect(longer > 5)   // one-way streets make real detours
        }
    }
}
