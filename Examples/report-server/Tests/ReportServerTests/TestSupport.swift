import HTTPTypes
import Foundation
import Hummingbird
import HummingbirdTesting
import RoadGeo
import Testing
@testable import ReportServer

/// The bundled Moscow network, loaded once.
let moscow: RoadNetwork = {
    let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../../data/moscow_roads.geojson")
        .standardized.path
    do { return try RoadNetwork(contentsOf: path) } catch { fatalError("test network: \(error)") }
}()

/// 2026-06-01T12:00:00Z: warranties until 2099 hold, until 2001 have run out.
let fixedNow: Double = 1_780_315_200

/// A fresh database file in a temporary folder.
func temporaryDatabase() -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-server-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir.appendingPathComponent("reports.sqlite").path
}

func makeEngine(database: String = temporaryDatabase()) throws -> ReportEngine {
    var settings = EngineSettings()
    settings.clock = { fixedNow }
    return try ReportEngine(network: moscow, databasePath: database, settings: settings)
}

/// Access tables for a test server: no rate limits unless given.
func makeAccess(database: String = ":memory:", limits: AbuseLimits = .unlimited, origins: [String] = [],
                clock: @escaping @Sendable () -> Double = { Date.now.timeIntervalSince1970 }) throws -> ServerAccess {
    var settings = AccessSettings()
    settings.limits = limits
    settings.allowedOrigins = origins
    return try ServerAccess(databasePath: database, settings: settings, clock: clock)
}

/// The password of the moderator every test server has.
let testPassword = "correct horse battery"

/// Who a test request is sent as.
enum Role: Sendable {
    /// Moderator for `/sections`, `/audit`, `/reports/{id}/hide`; citizen for posting reports,
    /// votes and photos; nobody otherwise.
    case auto
    case nobody
    case citizen
    case moderator
}

/// A test client that sends the credentials a route needs (a citizen token, a moderator's
/// bearer token), unless told otherwise.
struct APIClient: Sendable {
    let raw: any TestClientProtocol
    let citizenToken: String
    let moderatorToken: String

    func json(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, headers: HTTPFields = [:],
              as role: Role = .auto) async throws -> JSONAnswer {
        var h = headers
        if h[.authorization] == nil {
            switch resolve(role, method, uri) {
            case .citizen: h[.authorization] = "Bearer " + citizenToken
            case .moderator: h[.authorization] = "Bearer " + moderatorToken
            case .nobody, .auto: break
            }
        }
        return try await raw.json(method, uri, body, headers: h)
    }

    func postReport(lon: Double, lat: Double, category: String = "pothole", as role: Role = .auto) async throws -> JSONAnswer {
        try await json(.post, "/reports", #"{"lon":\#(lon),"lat":\#(lat),"category":"\#(category)"}"#, as: role)
    }

    /// A new citizen's token.
    func newCitizen() async throws -> String {
        let answer = try await raw.json(.post, "/citizens", "{}")
        guard let token = answer["token"] as? String else { throw TestFailure("POST /citizens: \(answer.status) \(answer.text)") }
        return token
    }

    private func resolve(_ role: Role, _ method: HTTPRequest.Method, _ uri: String) -> Role {
        guard role == .auto else { return role }
        let path = uri.split(separator: "?").first.map(String.init) ?? uri
        if path.hasPrefix("/sections") || path.hasPrefix("/audit") || path.hasSuffix("/hide") { return .moderator }
        if method == .post, path == "/reports" || path.hasSuffix("/vote") || path.hasSuffix("/photos") { return .citizen }
        return .nobody
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` against the router in process, with a moderator (`tester`, logged in) and a citizen.
func withServer<R: Sendable>(_ engine: ReportEngine, access: ServerAccess? = nil, photos: PhotoStore? = nil,
                             _ body: @Sendable (APIClient) async throws -> R) async throws -> R {
    let access = try access ?? makeAccess()
    try access.store.addModerator(name: "tester", password: testPassword, cost: 4)
    let app = Application(router: buildRouter(engine: engine, access: access, photos: photos))
    return try await app.test(.router) { client in
        let login = try await client.json(.post, "/session", #"{"name":"tester","password":"\#(testPassword)"}"#)
        guard let moderator = login["token"] as? String else { throw TestFailure("login: \(login.status) \(login.text)") }
        let citizen = try await client.json(.post, "/citizens", "{}")
        guard let token = citizen["token"] as? String else { throw TestFailure("citizen: \(citizen.status) \(citizen.text)") }
        return try await body(APIClient(raw: client, citizenToken: token, moderatorToken: moderator))
    }
}

/// A JSON answer: status, headers and the parsed object.
struct JSONAnswer: @unchecked Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var object: [String: Any]
    var text: String

    subscript(_ key: String) -> Any? { object[key] }
    var errorMessage: String? { (object["error"] as? [String: Any])?["message"] as? String }
}

extension TestClientProtocol {
    func json(_ method: HTTPRequest.Method, _ uri: String, _ body: String? = nil, headers: HTTPFields = [:]) async throws -> JSONAnswer {
        var h = headers
        if body != nil, h[.contentType] == nil { h[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: h, body: body.map { ByteBuffer(string: $0) }) { r in
            let text = String(buffer: r.body)
            let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
            return JSONAnswer(status: r.status, headers: r.headers, object: object, text: text)
        }
    }
}

/// A point `offset` metres to the left of road `road` at `measure`, and the library's own snap of it.
func tap(road: Int, measure: Double, offset: Double) -> (point: Coordinate, snap: RoadSnap) {
    let line = moscow.roads[road].line
    let a = line.coordinate(atMeasure: measure), b = line.coordinate(atMeasure: min(measure + 1, line.lengthMeters))
    let ruler = LocalRuler(latitude: a.latitude)
    let dx = (b.longitude - a.longitude) * ruler.metersPerDegreeLongitude, dy = (b.latitude - a.latitude) * ruler.metersPerDegreeLatitude
    let n = (dx * dx + dy * dy).squareRoot()
    let p = Coordinate(a.longitude - dy / n * offset / ruler.metersPerDegreeLongitude, a.latitude + dx / n * offset / ruler.metersPerDegreeLatitude)
    guard let snap = moscow.snap(p) else { fatalError("test point did not snap") }
    return (p, snap)
}

/// A long secondary road of the test network (the first over 400 m).
let testRoad: Int = moscow.roads.firstIndex { $0.text("highway") == "secondary" && $0.line.lengthMeters > 400 } ?? 0

func features(_ answer: JSONAnswer) -> [[String: Any]] { answer.object["features"] as? [[String: Any]] ?? [] }
