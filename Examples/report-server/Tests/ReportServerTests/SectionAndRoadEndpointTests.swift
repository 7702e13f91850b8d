import Foundation
import HummingbirdTesting
import RoadGeo
import Testing
@testable import ReportServer

@Suite("POST /sections, POST /sections/{id}/repaired, GET /roads/{id}")
struct SectionAndRoadEndpointTests {
    @Test("marking a section repaired closes the reports it covers; later reports list its warranty")
    func repairCycle() async throws {
        let engine = try makeEngine()
        let road = moscow.roads[testRoad]
        let inside = tap(road: testRoad, measure: 150, offset: 4)
        let outside = tap(road: testRoad, measure: 320, offset: 4)
        try await withServer(engine) { client in
            let a = try #require((try await client.postReport(lon: inside.point.longitude, lat: inside.point.latitude)["report"]
                as? [String: Any])?["id"] as? Int)
            let b = try #require((try await client.postReport(lon: outside.point.longitude, lat: outside.point.latitude)["report"]
                as? [String: Any])?["id"] as? Int)
            let created = try await client.json(.post, "/sections", """
                {"road_id":"\(road.id)","from_m":100,"to_m":250,"contractor":"Dorstroy","cost":1250000,
                 "procurement_url":"https://zakupki.example/123"}
                """)
            #expect(created.status == .created)
            let section = try #require(created["section"] as? [String: Any])
            let sectionID = try #require(section["id"] as? Int)
            #expect(section["status"] as? String == "planned")
            #expect(section["length_meters"] as? Double == 150)
            #expect(section["from_chainage"] as? String == "0+100")
            #expect((created["closed_reports"] as? [Int])?.isEmpty == true)
            #expect((created["invalidated_tiles"] as? [String])?.isEmpty == false)

            let repaired = try await client.json(.post, "/sections/\(sectionID)/repaired", #"{"year":2026,"warranty_until":"2099-12-31"}"#)
            #expect(repaired.status == .ok)
            #expect(repaired["closed_reports"] as? [Int] == [a])
            #expect((repaired["section"] as? [String: Any])?["under_warranty"] as? Bool == true)
            let closed = try await client.json(.get, "/reports/\(a)")
            #expect(closed["status"] as? String == "repaired")
            #expect(closed["closed_by_section"] as? Int == sectionID)
            #expect(try await client.json(.get, "/reports/\(b)")["status"] as? String == "open")
            // Voting on a repaired report is a conflict; repairing twice too.
            #expect(try await client.json(.post, "/reports/\(a)/vote", "{}").status == .conflict)
            #expect(try await client.json(.post, "/sections/\(sectionID)/repaired", "{}").status == .conflict)

            // A new defect inside the section: the warranty is listed, and it does not join the closed report.
            let again = try await client.postReport(lon: inside.point.longitude, lat: inside.point.latitude)
            let report = try #require(again["report"] as? [String: Any])
            #expect(again["joined_existing"] as? Bool == false)
            let warranty = report["warranty_sections"] as? [[String: Any]] ?? []
            #expect(warranty.map { $0["id"] as? Int } == [sectionID])
            #expect(warranty.first?["contractor"] as? String == "Dorstroy")

            let shown = try await client.json(.get, "/roads/\(road.id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? road.id)")
            #expect(shown.status == .ok)
            #expect((shown["sections"] as? [[String: Any]])?.map { $0["id"] as? Int } == [sectionID])
            let open = (shown["open_reports"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } ?? []
            #expect(open == [b, report["id"] as? Int ?? -1].sorted { x, y in
                let m = { (id: Int) in id == b ? 320.0 : 150.0 }
                return m(x) < m(y)
            })
            #expect(abs((shown["length_meters"] as? Double ?? 0) - road.line.lengthMeters) < 0.001)
            // Properties keep their types and their names (not snake-cased): the Moscow file's
            // osm_id is a number, highway a string, name null for this road or a string.
            let properties = try #require(shown["properties"] as? [String: Any])
            #expect(properties["osm_id"] as? Int == road.properties["osm_id"]?.int64Value.map(Int.init))
            #expect(properties["highway"] as? String == "secondary")
            #expect(Set(properties.keys) == Set(road.properties.keys))

            // The section is drawn in tiles with its condition.
            let tile = try TileID.containing(road.line.coordinate(atMeasure: 175), zoom: 16)
            let drawn = features(try await client.json(.get, "/tiles/\(tile).geojson"))
                .compactMap { $0["properties"] as? [String: Any] }.first { $0["kind"] as? String == "section" }
            #expect(drawn?["condition"] as? String == "repaired_under_warranty")
            #expect(drawn?["repair_year"] as? Int == 2026)
        }
    }

    @Test("a section from two taps, created repaired, closes at once; an expired warranty is not listed")
    func sectionFromTaps() async throws {
        let engine = try makeEngine()
        let s = tap(road: testRoad, measure: 20, offset: 3), e = tap(road: testRoad, measure: 180, offset: 3)
        let r = tap(road: testRoad, measure: 90, offset: 3)
        try await withServer(engine) { client in
            let id = (try await client.postReport(lon: r.point.longitude, lat: r.point.latitude)["report"] as? [String: Any])?["id"] as? Int
            let created = try await client.json(.post, "/sections", """
                {"start":{"lon":\(s.point.longitude),"lat":\(s.point.latitude)},"end":{"lon":\(e.point.longitude),"lat":\(e.point.latitude)},
                 "status":"repaired","year":2000,"warranty_until":"2001-06-30"}
                """)
            #expect(created.status == .created)
            #expect(created["closed_reports"] as? [Int] == [id ?? -1])
            let section = try #require(created["section"] as? [String: Any])
            #expect(section["road_id"] as? String == moscow.roads[testRoad].id)
            #expect(abs((section["from_meters"] as? Double ?? 0) - 20) < 0.5)
            #expect(section["under_warranty"] as? Bool == false)
            let later = try await client.postReport(lon: r.point.longitude, lat: r.point.latitude)
            #expect(((later["report"] as? [String: Any])?["warranty_sections"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("bad section requests are 4xx", arguments: [
        (#"{"road_id":"no-such-road","from_m":0,"to_m":10}"#, 422),
        (#"{"road_id":"ROAD","from_m":0,"to_m":1e9}"#, 422),
        (#"{"road_id":"ROAD","from_m":-5,"to_m":10}"#, 422),
        (#"{"road_id":"ROAD","from_m":10,"to_m":10.5}"#, 422),
        (#"{"road_id":"ROAD","from_m":0}"#, 400),
        (#"{"road_id":"ROAD","from_m":0,"to_m":10,"status":"done"}"#, 400),
        (#"{"road_id":"ROAD","from_m":0,"to_m":10,"warranty_until":"2027-02-30"}"#, 400),
        (#"{"road_id":"ROAD","from_m":0,"to_m":10,"year":12}"#, 400),
        (#"{"road_id":"ROAD","from_m":0,"to_m":10,"cost":-1}"#, 400),
        (#"{"contractor":"x"}"#, 400),
        (#"{"start":{"lon":0,"lat":0},"end":{"lon":0.001,"lat":0}}"#, 422),
        (#"{"road_id":5}"#, 400),
    ])
    func badSections(body: String, status: Int) async throws {
        let engine = try makeEngine()
        let json = body.replacingOccurrences(of: "ROAD", with: moscow.roads[testRoad].id)
        try await withServer(engine) { client in
            let answer = try await client.json(.post, "/sections", json)
            #expect(answer.status.code == status, "\(answer.text)")
            #expect(answer.errorMessage != nil)
        }
        #expect(engine.status().sections == 0)
    }

    @Test("a road's open reports come in pages of ?limit= in (measure, id) order, the cursor in next_after")
    func roadPages() async throws {
        let engine = try makeEngine()
        let road = moscow.roads[testRoad]
        let path = "/roads/\(road.id.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? road.id)"
        try await withServer(engine) { client in
            var posted: [(measure: Double, id: Int)] = []
            for measure in [250.0, 40, 180, 90, 320] {
                let t = tap(road: testRoad, measure: measure, offset: 3)
                let id = try #require((try await client.postReport(lon: t.point.longitude, lat: t.point.latitude)["report"]
                    as? [String: Any])?["id"] as? Int)
                posted.append((measure, id))
            }
            let expected = posted.sorted { $0.measure < $1.measure }.map(\.id)
            let whole = try await client.json(.get, path)
            #expect(whole["open_report_count"] as? Int == 5)
            #expect((whole["open_reports"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == expected)
            #expect(whole["next_after"] == nil)

            var seen: [Int] = [], sizes: [Int] = [], after: String?
            repeat {
                let cursor = after.map { "&after=\($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0)" } ?? ""
                let page = try await client.json(.get, path + "?limit=2" + cursor)
                #expect(page.status == .ok)
                #expect(page["open_report_count"] as? Int == 5)
                let ids = (page["open_reports"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } ?? []
                seen += ids
                sizes.append(ids.count)
                after = page["next_after"] as? String
            } while after != nil && sizes.count < 5
            #expect(sizes == [2, 2, 1])
            #expect(seen == expected)

            // A cursor still works when the report it names has gone: it is a position, not an id.
            let third = try #require(whole["open_reports"] as? [[String: Any]])[2]
            let cursor = "\(try #require(third["measure_meters"] as? Double) + 0.01):\(third["id"] as? Int ?? 0)"
            let rest = try await client.json(.get, path + "?after=" + cursor)
            #expect((rest["open_reports"] as? [[String: Any]])?.compactMap { $0["id"] as? Int } == Array(expected.suffix(2)))

            for bad in ["?limit=0", "?limit=1001", "?limit=x", "?after=12", "?after=a:1", "?after=1:b"] {
                let answer = try await client.json(.get, path + bad)
                #expect(answer.status == .badRequest, "\(bad)")
                #expect(answer.errorMessage != nil)
            }
        }
    }

    @Test("unknown sections and roads are 404; a bad repaired body is 400")
    func unknowns() async throws {
        let engine = try makeEngine()
        try await withServer(engine) { client in
            #expect(try await client.json(.post, "/sections/77/repaired", "{}").status == .notFound)
            #expect(try await client.json(.post, "/sections/x/repaired", "{}").status == .badRequest)
            #expect(try await client.json(.get, "/roads/no-such-road").status == .notFound)
            let created = try await client.json(.post, "/sections", #"{"road_id":"\#(moscow.roads[testRoad].id)","from_m":0,"to_m":50}"#)
            let id = (created["section"] as? [String: Any])?["id"] as? Int ?? -1
            #expect(try await client.json(.post, "/sections/\(id)/repaired", #"{"warranty_until":"soon"}"#).status == .badRequest)
            #expect(try await client.json(.post, "/sections/\(id)/repaired", #"{"year":"2026"}"#).status == .badRequest)
        }
    }
}

@Suite("Persistence")
struct PersistenceTests {
    @Test("a restart keeps reports, votes, sections, statuses and the duplicate groups")
    func restart() async throws {
        let database = temporaryDatabase()
        let first = try makeEngine(database: database)
        let a = tap(road: testRoad, measure: 60, offset: 4), b = tap(road: testRoad, measure: 66, offset: -3)
        let c = tap(road: testRoad, measure: 300, offset: 2)
        let ids = try await withServer(first) { client in
            var out: [Int] = []
            for p in [a, b, c] {
                out.append((try await client.postReport(lon: p.point.longitude, lat: p.point.latitude)["report"] as? [String: Any])?["id"] as? Int ?? -1)
            }
            _ = try await client.json(.post, "/reports/\(out[0])/vote", "{}")
            let other = try await client.newCitizen()
            _ = try await client.json(.post, "/reports/\(out[0])/vote", "{}", headers: [.authorization: "Bearer " + other])
            let s = try await client.json(.post, "/sections", #"{"road_id":"\#(moscow.roads[testRoad].id)","from_m":250,"to_m":350}"#)
            let sid = (s["section"] as? [String: Any])?["id"] as? Int ?? -1
            _ = try await client.json(.post, "/sections/\(sid)/repaired", #"{"warranty_until":"2099-01-01"}"#)
            return out
        }
        let before = first.status()
        let second = try makeEngine(database: database)
        let after = second.status()
        #expect(after.reports == 3 && before.reports == 3)
        #expect(after.openReports == 2)
        #expect(after.sections == 1)
        #expect(after.duplicateClusters == before.duplicateClusters)
        #expect(second.startup.openReports == 2)
        try await withServer(second) { client in
            let r0 = try await client.json(.get, "/reports/\(ids[0])")
            #expect(r0["votes"] as? Int == 2)
            #expect(r0["duplicates"] as? [Int] == [ids[1]])
            #expect(try await client.json(.get, "/reports/\(ids[2])")["status"] as? String == "repaired")
            // New ids continue after the stored ones.
            let d = try await client.postReport(lon: a.point.longitude, lat: a.point.latitude)
            let report = d["report"] as? [String: Any]
            #expect(report?["id"] as? Int == ids[2] + 1)
            #expect(d["joined_existing"] as? Bool == true)
        }
    }
}
