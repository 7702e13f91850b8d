import HTTPTypes
import Foundation
import Hummingbird
import HummingbirdTesting
import RoadGeo
import Synchronization
import Testing
@testable import ReportServer

/// A section body on the test road.
let sectionJSON = #"{"road_id":"\#(moscow.roads[testRoad].id)","from_m":100,"to_m":200,"contractor":"ООО Дорстрой","cost":1250000}"#

@Suite("moderators, sessions and the audit log")
struct ModeratorTests {
    @Test("every moderator endpoint is 401 without credentials or with a bad token, 403 for a citizen",
          arguments: [(HTTPRequest.Method.post, "/sections", sectionJSON), (.post, "/sections/1/repaired", "{}"),
                      (.post, "/reports/1/hide", "{}"), (.get, "/audit", nil), (.get, "/session", nil), (.delete, "/session", nil)]
                      as [(HTTPRequest.Method, String, String?)])
    func unauthorizedAndForbidden(method: HTTPRequest.Method, path: String, body: String?) async throws {
        let engine = try makeEngine()
        try await withServer(engine) { client in
            let none = try await client.json(method, path, body, as: .nobody)
            #expect(none.status == .unauthorized, "\(none.text)")
            #expect(none.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            for bad in ["Bearer s1.bm90LWEtc2Vzc2lvbg", "Bearer c1.1.AAAA", "Basic dGVzdGVyOnBhc3N3b3Jk", "Bearer "] {
                let answer = try await client.json(method, path, body, headers: [.authorization: bad], as: .nobody)
                #expect(answer.status == .unauthorized, "\(bad): \(answer.text)")
            }
            let cookie = try await client.json(method, path, body, headers: [.cookie: "roadgeo_session=s1.forged"], as: .nobody)
            #expect(cookie.status == .unauthorized)
            let citizen = try await client.json(method, path, body, as: .citizen)
            #expect(citizen.status == .forbidden, "\(citizen.text)")
            #expect(citizen.errorMessage?.contains("moderators only") == true)
        }
        #expect(engine.status().sections == 0)
    }

    @Test("login: wrong password or unknown name 401, right one a bearer token and an HttpOnly SameSite=Strict cookie; logout ends it")
    func loginAndLogout() async throws {
        let engine = try makeEngine()
        try await withServer(engine) { client in
            for body in [#"{"name":"tester","password":"wrong password"}"#, #"{"name":"nobody","password":"\#(testPassword)"}"#] {
                let answer = try await client.json(.post, "/session", body, as: .nobody)
                #expect(answer.status == .unauthorized)
                #expect(answer.errorMessage == "name or password is wrong")
                #expect(answer.headers[.setCookie] == nil)
            }
            #expect(try await client.json(.post, "/session", #"{"name":"tester"}"#, as: .nobody).status == .badRequest)
            let login = try await client.json(.post, "/session", #"{"name":"tester","password":"\#(testPassword)"}"#, as: .nobody)
            #expect(login.status == .ok)
            let token = try #require(login["token"] as? String)
            let cookie = try #require(login.headers[.setCookie])
            #expect(cookie.hasPrefix("roadgeo_session=\(token);"))
            #expect(cookie.contains("; HttpOnly") && cookie.contains("; SameSite=Strict") && cookie.contains("Path=/"))
            #expect(login["moderator"] as? String == "tester")

            let byCookie = try await client.json(.get, "/session", headers: [.cookie: "roadgeo_session=\(token)"], as: .nobody)
            #expect(byCookie.status == .ok)
            #expect(byCookie["moderator"] as? String == "tester")
            let byBearer = try await client.json(.post, "/sections", sectionJSON, headers: [.authorization: "Bearer \(token)"])
            #expect(byBearer.status == .created)

            let out = try await client.json(.delete, "/session", headers: [.cookie: "roadgeo_session=\(token)"], as: .nobody)
            #expect(out.status == .noContent)
            #expect(out.headers[.setCookie]?.contains("Max-Age=0") == true)
            #expect(try await client.json(.get, "/session", headers: [.authorization: "Bearer \(token)"]).status == .unauthorized)
            // The other session (the test client's) is still valid.
            #expect(try await client.json(.get, "/session", as: .moderator).status == .ok)
        }
    }

    @Test("a session expires after its lifetime")
    func expiry() async throws {
        let now = Mutex<Double>(1_000_000)
        let access = try makeAccess(clock: { now.withLock { $0 } })
        try await withServer(try makeEngine(), access: access) { client in
            #expect(try await client.json(.get, "/session", as: .moderator).status == .ok)
            now.withLock { $0 += access.settings.sessionLifetimeSeconds + 1 }
            let expired = try await client.json(.get, "/session", as: .moderator)
            #expect(expired.status == .unauthorized)
            #expect(expired.errorMessage?.contains("expired") == true)
        }
    }

    @Test("moderator add: a second add replaces the password and ends the sessions; bad names and short passwords refused")
    func accounts() throws {
        let store = try AccessStore(path: temporaryDatabase())
        let (m, created) = try store.addModerator(name: "alice", password: "first password", cost: 4)
        #expect(created)
        #expect(try store.verifyModerator(name: "alice", password: "first password") == m)
        let session = try store.startSession(for: m, lifetimeSeconds: 60, now: 0)
        #expect(try store.moderator(sessionToken: session, now: 1) == m)
        let (again, createdAgain) = try store.addModerator(name: "alice", password: "second password", cost: 4)
        #expect(!createdAgain && again.id == m.id)
        #expect(try store.verifyModerator(name: "alice", password: "first password") == nil)
        #expect(try store.verifyModerator(name: "alice", password: "second password") == m)
        #expect(try store.moderator(sessionToken: session, now: 1) == nil)
        for (name, password) in [("", "long enough pw"), ("a\u{0}b", "long enough pw"), (" alice", "long enough pw"),
                                 ("bob", "short"), ("bob", String(repeating: "x", count: 73))] {
            #expect(throws: StoreError.self) { try store.addModerator(name: name, password: password, cost: 4) }
        }
        // bcrypt, as hummingbird-auth stores it: $2b$, the cost, 53 more characters.
        let hash = try #require(try store.db.withLock { db in
            let s = try db.statement("SELECT password_hash FROM moderators WHERE name='alice'")
            return try s.step() ? s.text(0) : nil
        })
        #expect(hash.hasPrefix("$2b$04$") && hash.count == 60)
    }

    @Test("the audit log keeps who, when, what, before and after of every moderator action; readable by moderators")
    func audit() async throws {
        let database = temporaryDatabase()
        let engine = try makeEngine(database: database)
        let access = try makeAccess(database: database, clock: { fixedNow })
        let p = tap(road: testRoad, measure: 150, offset: 3)
        try await withServer(engine, access: access) { client in
            let report = try await client.postReport(lon: p.point.longitude, lat: p.point.latitude)
            let reportID = try #require((report["report"] as? [String: Any])?["id"] as? Int)
            let section = try await client.json(.post, "/sections", sectionJSON)
            let sectionID = try #require((section["section"] as? [String: Any])?["id"] as? Int)
            let repaired = try await client.json(.post, "/sections/\(sectionID)/repaired", #"{"year":2026,"warranty_until":"2099-12-31"}"#)
            #expect(repaired.status == .ok)
            #expect(repaired["closed_reports"] as? [Int] == [reportID])

            let other = tap(road: testRoad, measure: 400, offset: 2)
            let spam = try await client.postReport(lon: other.point.longitude, lat: other.point.latitude)
            let spamID = try #require((spam["report"] as? [String: Any])?["id"] as? Int)
            let hidden = try await client.json(.post, "/reports/\(spamID)/hide", "{}")
            #expect(hidden.status == .ok)
            #expect((hidden["report"] as? [String: Any])?["status"] as? String == "hidden")
            #expect(try await client.json(.post, "/reports/\(spamID)/hide", "{}").status == .conflict)
            #expect(try await client.json(.post, "/reports/\(spamID)/vote", "{}").status == .conflict)
            // Hidden from everyone but moderators.
            #expect(try await client.json(.get, "/reports/\(spamID)").status == .notFound)
            #expect(try await client.json(.get, "/reports/\(spamID)", as: .citizen).status == .notFound)
            #expect(try await client.json(.get, "/reports/\(spamID)", as: .moderator)["status"] as? String == "hidden")
            #expect(engine.status().openReports == 0)

            let log = try await client.json(.get, "/audit")
            #expect(log.status == .ok)
            let entries = try #require(log["entries"] as? [[String: Any]])
            #expect(entries.map { $0["action"] as? String } == ["report.hide", "section.repaired", "section.create", "session.login"])
            #expect(entries.allSatisfy { $0["moderator"] as? String == "tester" && $0["at"] as? String == isoTime(fixedNow) })
            let repair = entries[1]
            #expect(repair["target"] as? String == "section \(sectionID)")
            #expect((repair["before"] as? [String: Any])?["status"] as? String == "planned")
            let after = try #require(repair["after"] as? [String: Any])
            #expect((after["section"] as? [String: Any])?["status"] as? String == "repaired")
            #expect(after["closed_reports"] as? [Int] == [reportID])
            #expect((entries[0]["before"] as? [String: Any])?["status"] as? String == "open")
            #expect((entries[0]["after"] as? [String: Any])?["status"] as? String == "hidden")
            #expect(entries[2]["before"] is NSNull)

            let page = try await client.json(.get, "/audit?limit=2&before=\(entries[1]["id"] as? Int ?? 0)")
            #expect((page["entries"] as? [[String: Any]])?.map { $0["action"] as? String } == ["section.create", "session.login"])
            #expect(try await client.json(.get, "/audit?limit=0").status == .badRequest)
            #expect(try await client.json(.get, "/audit", as: .citizen).status == .forbidden)
        }
        // A restart keeps the hidden report hidden and the log.
        let again = try makeEngine(database: database)
        #expect(again.status().openReports == 0)
        #expect(try AccessStore(path: database).auditEntries(limit: 10, before: nil).count == 4)
    }
}

@Suite("citizens: signed tokens, one vote per citizen")
struct CitizenTests {
    @Test("reports and votes are 401 without a citizen token or with a forged one, 403 with a moderator session")
    func tokens() async throws {
        let engine = try makeEngine()
        let p = tap(road: testRoad, measure: 120, offset: 3)
        try await withServer(engine) { client in
            let posted = try await client.postReport(lon: p.point.longitude, lat: p.point.latitude)
            let id = try #require((posted["report"] as? [String: Any])?["id"] as? Int)
            let citizenID = try #require(Int(client.citizenToken.split(separator: ".")[1]))
            let signature = client.citizenToken.split(separator: ".")[2]
            let foreign = CitizenTokens(secret: Array(repeating: 7, count: 32)).token(for: Int64(citizenID))
            // The last character of the 43-character signature carries 4 bits of the MAC and 2 unused
            // bits: `other` changes the MAC, `sameBytes` only the unused bits (a second spelling of it).
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
            let lastCharacter = try #require(signature.last)
            let last = try #require(alphabet.firstIndex(of: lastCharacter))
            let other = "c1.\(citizenID).\(signature.dropLast())\(alphabet[(last + 16) % 64])"
            let sameBytes = "c1.\(citizenID).\(signature.dropLast())\(alphabet[last ^ 1])"
            let forged = ["c1.\(citizenID + 1).\(signature)", other, sameBytes, foreign,
                          "c1.0\(citizenID).\(signature)", "c1.\(citizenID)", "c1.x.y"]
            for (method, path, body) in [(HTTPRequest.Method.post, "/reports", #"{"lon":\#(p.point.longitude),"lat":\#(p.point.latitude),"category":"crack"}"#),
                                         (.post, "/reports/\(id)/vote", "{}")] {
                let none = try await client.json(method, path, body, as: .nobody)
                #expect(none.status == .unauthorized)
                #expect(none.errorMessage?.contains("POST /citizens") == true)
                for token in forged {
                    let answer = try await client.json(method, path, body, headers: [.authorization: "Bearer \(token)"])
                    #expect(answer.status == .unauthorized, "\(token)")
                }
                #expect(try await client.json(method, path, body, as: .moderator).status == .forbidden)
            }
            #expect(engine.status().reports == 1)
            #expect(try await client.json(.get, "/reports/\(id)")["votes"] as? Int == 0)
        }
    }

    @Test("a citizen token stays valid across a restart (the secret file beside the database)")
    func secretFile() throws {
        let database = temporaryDatabase()
        let first = try CitizenTokens.load(forDatabase: database)
        let token = first.token(for: 42)
        let path = try #require(CitizenTokens.secretPath(forDatabase: database))
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try CitizenTokens.load(forDatabase: database).citizen(of: token) == 42)
        #expect(try CitizenTokens.load(forDatabase: temporaryDatabase()).citizen(of: token) == nil)
        try "tooshort".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: StoreError.self) { try CitizenTokens.load(forDatabase: database) }
    }

    @Test("200 votes under 200 voter names from one citizen count once")
    func stuffing() async throws {
        let engine = try makeEngine()
        let p = tap(road: testRoad, measure: 90, offset: 3)
        try await withServer(engine) { client in
            let posted = try await client.postReport(lon: p.point.longitude, lat: p.point.latitude)
            let id = try #require((posted["report"] as? [String: Any])?["id"] as? Int)
            for i in 0..<200 {
                let answer = try await client.json(.post, "/reports/\(id)/vote", #"{"voter":"voter-\#(i)","value":1}"#)
                #expect(answer.status == .ok)
            }
            #expect(try await client.json(.get, "/reports/\(id)")["votes"] as? Int == 1)
        }
    }
}

@Suite("CSRF and content types")
struct RequestGuardTests {
    @Test("state-changing requests that are not JSON are 415, and change nothing", arguments: [
        "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", "application/jsonx", "",
    ])
    func contentTypes(type: String) async throws {
        let engine = try makeEngine()
        let p = tap(road: testRoad, measure: 150, offset: 3)
        try await withServer(engine) { client in
            let section = try await client.json(.post, "/sections", sectionJSON)
            let sectionID = try #require((section["section"] as? [String: Any])?["id"] as? Int)
            let posted = try await client.postReport(lon: p.point.longitude, lat: p.point.latitude)
            let reportID = try #require((posted["report"] as? [String: Any])?["id"] as? Int)
            var headers: HTTPFields = [:]
            if !type.isEmpty { headers[.contentType] = type }
            let attempts: [(String, String, Role)] = [
                ("/sections/\(sectionID)/repaired", "year=2026", .moderator),
                ("/sections", sectionJSON, .moderator),
                ("/reports", #"{"lon":\#(p.point.longitude),"lat":\#(p.point.latitude),"category":"crack"}"#, .citizen),
                ("/citizens", "{}", .nobody), ("/session", #"{"name":"tester","password":"\#(testPassword)"}"#, .nobody),
                ("/reports/\(reportID)/vote", "value=1", .citizen), ("/reports/\(reportID)/hide", "{}", .moderator),
            ]
            for (path, body, role) in attempts {
                let answer: JSONAnswer
                if type.isEmpty {
                    var h = headers
                    h[.authorization] = role == .moderator ? "Bearer " + client.moderatorToken : role == .citizen ? "Bearer " + client.citizenToken : nil
                    answer = try await client.raw.execute(uri: path, method: .post, headers: h, body: ByteBuffer(string: body)) { r in
                        JSONAnswer(status: r.status, headers: r.headers, object: [:], text: String(buffer: r.body))
                    }
                } else {
                    answer = try await client.json(.post, path, body, headers: headers, as: role)
                }
                #expect(answer.status == .unsupportedMediaType, "\(path) \(type): \(answer.text)")
            }
            #expect(try await client.json(.get, "/status")["sections"] as? Int == 1)
            #expect(engine.status().reports == 1)
            #expect(try engine.report(id: Int64(reportID)).votes == 0 && (try engine.report(id: Int64(reportID))).status == "open")
            #expect(engine.sectionView(id: Int64(sectionID))?.status == "planned")
            // application/json with parameters is fine.
            let ok = try await client.json(.post, "/sections/\(sectionID)/repaired", "{}", headers: [.contentType: "application/json; charset=utf-8"])
            #expect(ok.status == .ok)
            // DELETE with a body of another type is refused; without a body it needs no type.
            if !type.isEmpty {
                let refused = try await client.json(.delete, "/session", "bye", headers: [.contentType: type], as: .moderator)
                #expect(refused.status == .unsupportedMediaType, "\(refused.text)")
            }
            let logout = try await client.raw.execute(uri: "/session", method: .delete,
                                                      headers: [.authorization: "Bearer " + client.moderatorToken]) { $0.status }
            #expect(logout == .noContent)
        }
    }

    @Test("a foreign Origin is 403; the server's own origin and configured ones pass, with CORS for the configured only")
    func origins() async throws {
        let engine = try makeEngine()
        let access = try makeAccess(origins: ["https://jol.example.kg"])
        try await withServer(engine, access: access) { client in
            for origin in ["https://evil.example", "null", "http://localhost:9999"] {
                let answer = try await client.json(.post, "/sections", sectionJSON, headers: [.origin: origin])
                #expect(answer.status == .forbidden, "\(origin)")
                #expect(answer.headers[.accessControlAllowOrigin] == nil)
            }
            let crossSite = try await client.json(.post, "/sections", sectionJSON, headers: [HTTPField.Name("Sec-Fetch-Site")!: "cross-site"])
            #expect(crossSite.status == .forbidden)
            #expect(engine.status().sections == 0)

            let same = try await client.json(.post, "/sections", sectionJSON, headers: [.origin: "http://localhost"])
            #expect(same.status == .created, "\(same.text)")
            #expect(same.headers[.accessControlAllowOrigin] == nil)
            let configured = try await client.json(.post, "/sections", sectionJSON, headers: [.origin: "https://jol.example.kg"])
            #expect(configured.status == .created)
            #expect(configured.headers[.accessControlAllowOrigin] == "https://jol.example.kg")
            #expect(configured.headers[.accessControlAllowCredentials] == nil)

            let preflight = try await client.json(.options, "/reports", headers: [.origin: "https://jol.example.kg", .accessControlRequestMethod: "POST"])
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            let foreign = try await client.json(.options, "/reports", headers: [.origin: "https://evil.example", .accessControlRequestMethod: "POST"])
            #expect(foreign.status == .forbidden)
            #expect(foreign.headers[.accessControlAllowOrigin] == nil)
            // Reads stay open to anyone (tiles on other sites' maps), without CORS unless configured.
            let read = try await client.json(.get, "/status", headers: [.origin: "https://evil.example"])
            #expect(read.status == .ok)
            #expect(read.headers[.accessControlAllowOrigin] == nil)
        }
    }
}

@Suite("abuse limits: token buckets per citizen and per IP address")
struct LimitTests {
    @Test("reports: the bucket of a citizen, then of the address, run dry with 429 and Retry-After; refilled with time")
    func reports() async throws {
        let now = Mutex<Double>(fixedNow)
        var limits = AbuseLimits.unlimited
        limits.reportsPerMinute = 2
        limits.ipMultiplier = 2
        let access = try makeAccess(limits: limits, clock: { now.withLock { $0 } })
        let engine = try makeEngine()
        try await withServer(engine, access: access) { client in
            func post(_ i: Int, _ token: String? = nil) async throws -> JSONAnswer {
                let p = tap(road: testRoad, measure: 20 + Double(i) * 40, offset: 2)
                let body = #"{"lon":\#(p.point.longitude),"lat":\#(p.point.latitude),"category":"pothole"}"#
                return try await client.json(.post, "/reports", body, headers: token.map { [.authorization: "Bearer " + $0] } ?? [:])
            }
            #expect(try await post(0).status == .created)
            #expect(try await post(1).status == .created)
            let third = try await post(2)
            #expect(third.status == .tooManyRequests)
            #expect(third.headers[.retryAfter] == "30")
            #expect(third.errorMessage?.contains("too many reports") == true)
            // A second citizen from the same address: 2 more, then the address's bucket (4) is dry.
            let second = try await client.newCitizen()
            #expect(try await post(3, second).status == .created)
            #expect(try await post(4, second).status == .created)
            let third2 = try await post(5, try await client.newCitizen())
            #expect(third2.status == .tooManyRequests)
            #expect(engine.status().reports == 4)
            now.withLock { $0 += 30 }
            #expect(try await post(6).status == .created)
            #expect(try await post(7).status == .tooManyRequests)
        }
    }

    @Test("votes, citizen tokens and logins are limited too; 0 is unlimited")
    func others() async throws {
        var limits = AbuseLimits.unlimited
        limits.votesPerMinute = 3
        limits.citizensPerHour = 4
        limits.loginsPerMinute = 3
        let access = try makeAccess(limits: limits, clock: { fixedNow })
        let p = tap(road: testRoad, measure: 90, offset: 3)
        try await withServer(try makeEngine(), access: access) { client in
            // withServer used one citizen and one login already.
            let posted = try await client.postReport(lon: p.point.longitude, lat: p.point.latitude)
            let id = try #require((posted["report"] as? [String: Any])?["id"] as? Int)
            for _ in 0..<3 { #expect(try await client.json(.post, "/reports/\(id)/vote", "{}").status == .ok) }
            let vote = try await client.json(.post, "/reports/\(id)/vote", "{}")
            #expect(vote.status == .tooManyRequests)
            #expect(Int(vote.headers[.retryAfter] ?? "") == 20)
            for _ in 0..<3 { #expect(try await client.json(.post, "/citizens", "{}").status == .created) }
            let citizen = try await client.json(.post, "/citizens", "{}")
            #expect(citizen.status == .tooManyRequests)
            #expect(Int(citizen.headers[.retryAfter] ?? "") == 900)
            for _ in 0..<2 { #expect(try await client.json(.post, "/session", #"{"name":"tester","password":"nope nope"}"#).status == .unauthorized) }
            let login = try await client.json(.post, "/session", #"{"name":"tester","password":"\#(testPassword)"}"#)
            #expect(login.status == .tooManyRequests)
        }
        // Unlimited: 50 reports from one citizen all go in.
        let engine = try makeEngine()
        try await withServer(engine) { client in
            for i in 0..<50 {
                let q = tap(road: testRoad, measure: 5 + Double(i) * 8, offset: 2)
                let answer = try await client.postReport(lon: q.point.longitude, lat: q.point.latitude)
                #expect(answer.status == .created)
            }
        }
        #expect(engine.status().reports == 50)
    }

    @Test("RateLimiter: capacity per period, refill, all-or-nothing charges, bounded keys")
    func limiter() {
        let a = RateLimiter(capacity: 3, periodSeconds: 60, maxKeys: 4)
        let b = RateLimiter(capacity: 1, periodSeconds: 60)
        #expect(RateLimiter.charge([(a, "x"), (b, "y")], now: 0) == nil)
        // b is dry: nothing taken from a.
        #expect(RateLimiter.charge([(a, "x"), (b, "y")], now: 0) == 60)
        #expect(a.take("x", now: 0) == nil)
        #expect(a.take("x", now: 0) == nil)
        #expect(a.take("x", now: 0) == 20)
        #expect(a.take("x", now: 10) == 10)
        #expect(a.take("x", now: 20) == nil)
        for i in 0..<10 { _ = a.take("k\(i)", now: 1000 + Double(i) * 100) }
        #expect(a.keyCount <= 4)
        #expect(RateLimiter(capacity: 0).take("x", now: 0) == nil)
    }
}

@Suite("strings are stored with their length; --sync sets SQLite's synchronous mode")
struct StringTests {
    @Test("sync full and normal reach PRAGMA synchronous on every connection (2 = FULL, 1 = NORMAL)",
          arguments: [(SyncMode.full, 2), (.normal, 1)] as [(SyncMode, Int64)])
    func sync(mode: SyncMode, pragma: Int64) throws {
        let database = temporaryDatabase()
        let store = try ReportStore(path: database, sync: mode)
        let access = try AccessStore(path: database, sync: mode)
        func synchronous(_ db: SQLiteDatabase) throws -> Int64 {
            let s = try db.statement("PRAGMA synchronous")
            return try s.step() ? s.int64(0) : -1
        }
        #expect(try synchronous(store.database) == pragma)
        #expect(try access.db.withLock { try synchronous($0) } == pragma)
        let journal = try store.database.statement("PRAGMA journal_mode")
        #expect(try journal.step() && journal.text(0) == "wal")
    }

    @Test("a note and a contractor with NUL and multi-byte characters come back whole, before and after a restart")
    func nul() async throws {
        let database = temporaryDatabase()
        let p = tap(road: testRoad, measure: 150, offset: 3)
        let note = "before\u{0}after — яма ⚠️"
        let encoded = String(decoding: try JSONEncoder().encode(note), as: UTF8.self)
        let ids = try await withServer(try makeEngine(database: database)) { client in
            let r = try await client.json(.post, "/reports", #"{"lon":\#(p.point.longitude),"lat":\#(p.point.latitude),"category":"crack","note":\#(encoded)}"#)
            #expect((r["report"] as? [String: Any])?["note"] as? String == note)
            let s = try await client.json(.post, "/sections", #"{"road_id":"\#(moscow.roads[testRoad].id)","from_m":1,"to_m":9,"contractor":\#(encoded)}"#)
            return ((r["report"] as? [String: Any])?["id"] as? Int ?? -1, (s["section"] as? [String: Any])?["id"] as? Int ?? -1)
        }
        let again = try makeEngine(database: database)
        #expect(try again.report(id: Int64(ids.0)).note == note)
        #expect(again.sectionView(id: Int64(ids.1))?.contractor == note)
        let store = try ReportStore(path: database)
        #expect(try store.allReports().first?.note?.utf8.count == note.utf8.count)
    }
}
