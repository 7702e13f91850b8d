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
    do { return try NetworkLoader.load(path) } catch { fatalError("test network: \(error)") }
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

/// Runs `body` against the router in process.
func withServer<R: Sendable>(_ engine: ReportEngine, _ body: @Sendable (any TestClientProtocol) async throws -> R) async throws -> R {
    let app = Application(router: buildRouter(engine: engine))
    return try await app.test(.router) { client in try await body(client) }
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
        if body != nil { h[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: h, body: body.map { ByteBuffer(string: $0) }) { r in
            let text = String(buffer: r.body)
            let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
            return JSONAnswer(status: r.status, headers: r.headers, object: object, text: text)
        }
    }

    func postReport(lon: Double, lat: Double, category: String = "pothole") async throws -> JSONAnswer {
        try await json(.post, "/reports", #"{"lon":\#(lon),"lat":\#(lat),"category":"\#(category)"}"#)
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
let testRoad: Int = moscow.roads.firstIndex { $0.attributes["highway"] == "secondary" && $0.line.lengthMeters > 400 } ?? 0

func features(_ answer: JSONAnswer) -> [[String: Any]] { answer.object["features"] as? [[String: Any]] ?? [] }
