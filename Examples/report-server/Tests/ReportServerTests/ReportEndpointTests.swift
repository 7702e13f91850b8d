import HTTPTypes
import Foundation
import HummingbirdTesting
import RoadGeo
import Testing
@testable import ReportServer

@Suite("POST /reports, GET /reports/{id}, POST /reports/{id}/vote")
struct ReportEndpointTests {
    @Test("a report is snapped as RoadNetwork.snap does, and a second one nearby joins it")
    func snapAndDeduplicate() async throws {
        let engine = try makeEngine()
        let first = tap(road: testRoad, measure: 200, offset: 8)
        let second = tap(road: testRoad, measure: 206, offset: -4)   // other side, 6 m along: duplicate
        let other = tap(road: testRoad, measure: 203, offset: 2)     // same place, other category
        let far = tap(road: testRoad, measure: 260, offset: 2)       // 60 m on: not a duplicate
        try await withServer(engine) { client in
            let a = try await client.postReport(lon: first.point.longitude, lat: first.point.latitude)
            #expect(a.status == .created)
            let ra = try #require(a["report"] as? [String: Any])
            #expect(ra["road_id"] as? String == moscow.roads[first.snap.roadIndex].id)
            #expect(abs((ra["measure_meters"] as? Double ?? -1) - first.snap.measureMeters) < 0.001)
            #expect(abs((ra["distance_meters"] as? Double ?? -1) - first.snap.distanceMeters) < 0.01)
            #expect(ra["chainage"] as? String == Chainage(meters: first.snap.measureMeters)?.formatted())
            #expect(a["joined_existing"] as? Bool == false)
            #expect(a["outcome"] as? String == "noise")
            let idA = try #require(ra["id"] as? Int)

            let b = try await client.postReport(lon: second.point.longitude, lat: second.point.latitude)
            let rb = try #require(b["report"] as? [String: Any])
            #expect(b["joined_existing"] as? Bool == true)
            #expect(b["outcome"] as? String == "created")
            #expect(rb["duplicates"] as? [Int] == [idA])
            let cluster = try #require(rb["cluster_id"] as? Int)

            let c = try await client.postReport(lon: other.point.longitude, lat: other.point.latitude, category: "sign")
            #expect(c["joined_existing"] as? Bool == false)
            let d = try await client.postReport(lon: far.point.longitude, lat: far.point.latitude)
            #expect(d["joined_existing"] as? Bool == false)

            let shown = try await client.json(.get, "/reports/\(idA)")
            #expect(shown.status == .ok)
            #expect(shown["cluster_id"] as? Int == cluster)
            #expect(shown["duplicates"] as? [Int] == [rb["id"] as? Int ?? -1])
            #expect(shown["status"] as? String == "open")
        }
    }

    @Test("a stretch report snaps both taps to one road")
    func stretch() async throws {
        let engine = try makeEngine()
        let a = tap(road: testRoad, measure: 50, offset: 5), b = tap(road: testRoad, measure: 250, offset: 5)
        try await withServer(engine) { client in
            let answer = try await client.json(.post, "/reports", """
                {"lon":\(a.point.longitude),"lat":\(a.point.latitude),"category":"crack",
                 "end":{"lon":\(b.point.longitude),"lat":\(b.point.latitude)},"note":"long crack"}
                """)
            #expect(answer.status == .created)
            let r = try #require(answer["report"] as? [String: Any])
            #expect(r["road_id"] as? String == moscow.roads[testRoad].id)
            #expect(abs((r["measure_meters"] as? Double ?? 0) - 50) < 0.5)
            #expect(abs((r["measure_to_meters"] as? Double ?? 0) - 250) < 0.5)
            #expect(r["note"] as? String == "long crack")
        }
    }

    @Test("votes: one per citizen, replaced on a second vote, totals in the answer and the tile")
    func votes() async throws {
        let engine = try makeEngine()
        let p = tap(road: testRoad, measure: 120, offset: 3)
        try await withServer(engine) { client in
            let posted = try await client.postReport(lon: p.point.longitude, lat: p.point.latitude)
            let id = try #require((posted["report"] as? [String: Any])?["id"] as? Int)
            // Cached before the votes: the votes must evict it (z19 and z15).
            let tile = try TileID.containing(p.snap.coordinate, zoom: 19)
            let low = try TileID.containing(p.snap.coordinate, zoom: 15)
            for t in [tile, low] {
                let before = features(try await client.json(.get, "/tiles/\(t).geojson")).first { $0["id"] as? Int == id }
                #expect((before?["properties"] as? [String: Any])?["votes"] as? Int == 0)
            }
            let bob: HTTPFields = [.authorization: "Bearer " + (try await client.newCitizen())]
            let v1 = try await client.json(.post, "/reports/\(id)/vote", #"{}"#)
            #expect(v1.status == .ok)
            #expect(v1["votes"] as? Int == 1)
            #expect((v1["invalidated_tiles"] as? [String])?.isEmpty == false)
            #expect(try await client.json(.post, "/reports/\(id)/vote", #"{"value":1}"#)["votes"] as? Int == 1)
            #expect(try await client.json(.post, "/reports/\(id)/vote", #"{"value":1}"#, headers: bob)["votes"] as? Int == 2)
            for t in [tile, low] {
                let shown = features(try await client.json(.get, "/tiles/\(t).geojson")).first { $0["id"] as? Int == id }
                #expect((shown?["properties"] as? [String: Any])?["votes"] as? Int == 2)
            }
            #expect(try await client.json(.post, "/reports/\(id)/vote", #"{"value":-1}"#)["votes"] as? Int == 0)
            let shown = features(try await client.json(.get, "/tiles/\(tile).geojson")).first { $0["id"] as? Int == id }
            #expect((shown?["properties"] as? [String: Any])?["votes"] as? Int == 0)

            let badValue = try await client.json(.post, "/reports/\(id)/vote", #"{"value":5}"#)
            #expect(badValue.status == .badRequest)
            #expect(badValue.errorMessage?.contains("value") == true)
            #expect(try await client.json(.post, "/reports/\(id)/vote", #"{"value":"1"}"#).status == .badRequest)
            #expect(try await client.json(.post, "/reports/987654/vote", "{}").status == .notFound)
            #expect(try await client.json(.post, "/reports/abc/vote", "{}").status == .badRequest)
        }
    }

    @Test("bad report bodies are 4xx with a message naming the problem", arguments: [
        (#"{"lon":37.6,"lat":91,"category":"pothole"}"#, 400, "lat"),
        (#"{"lon":-181,"lat":55.8,"category":"pothole"}"#, 400, "lon"),
        (#"{"lon":1e999,"lat":55.8,"category":"pothole"}"#, 400, ""),
        (#"{"lon":"NaN","lat":55.8,"category":"pothole"}"#, 400, "lon"),
        (#"{"lon":37.6,"lat":55.8}"#, 400, "category"),
        (#"{"lon":37.6,"lat":55.8,"category":"meteor"}"#, 400, "category"),
        (#"{"lon":37.6,"lat":55.8,"category":"pothole""#, 400, "JSON"),
        (#"[1,2,3]"#, 400, ""),
        ("", 400, "body"),
        (#"{"lon":0,"lat":0,"category":"pothole"}"#, 422, "no road"),
        (#"{"lon":37.6,"lat":55.8,"category":"pothole","end":{"lon":37.6}}"#, 400, "end.lat"),
    ])
    func badBodies(body: String, status: Int, mentions: String) async throws {
        let engine = try makeEngine()
        try await withServer(engine) { client in
            let answer = try await client.json(.post, "/reports", body)
            #expect(answer.status.code == status)
            let message = try #require(answer.errorMessage)
            #expect(mentions.isEmpty || message.contains(mentions), "\(message)")
        }
        #expect(engine.status().reports == 0)
    }

    @Test("a body over 16 KiB is 413; unknown reports 404; unknown routes 404 as JSON")
    func limits() async throws {
        let engine = try makeEngine()
        try await withServer(engine) { client in
            let big = #"{"lon":37.6,"lat":55.8,"category":"pothole","note":""# + String(repeating: "x", count: 20_000) + #""}"#
            let tooLarge = try await client.json(.post, "/reports", big)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.errorMessage != nil)
            let missing = try await client.json(.get, "/reports/424242")
            #expect(missing.status == .notFound)
            #expect(missing.errorMessage == "report 424242 not found")
            #expect(try await client.json(.get, "/reports/-x").status == .badRequest)
            let route = try await client.json(.get, "/nothing/here")
            #expect(route.status == .notFound)
            #expect(route.errorMessage != nil)
            let status = try await client.json(.get, "/status")
            #expect(status["roads"] as? Int == moscow.roads.count)
        }
    }
}
