import Foundation
import Hummingbird
import RoadGeo

// Request bodies (explicit JSON keys) and response bodies (encoded with snake_case keys).

/// `{"lon": 37.61, "lat": 55.80}`
struct CoordinateBody: Codable, Hashable, Sendable {
    var lon: Double
    var lat: Double

    /// `{"lat": …, "lon": …}`, keys sorted as in every answer.
    var json: JSONValue { .object(["lat": .number(lat), "lon": .number(lon)]) }
}

/// `POST /reports`: a tap (and, for a stretch such as a long crack, a second tap `end`).
struct ReportBody: Decodable, Sendable {
    var lon: Double
    var lat: Double
    var category: String
    var end: CoordinateBody?
    var note: String?
}

/// `POST /reports/{id}/vote`: one vote per citizen token (a second replaces the first). A
/// `voter` field, which clients used to send, is ignored: the token says who votes.
struct VoteBody: Decodable, Sendable {
    var value: Int?
}

/// `POST /session`.
struct LoginBody: Decodable, Sendable {
    var name: String
    var password: String
}

/// `POST /session` answer (the token is also set as an HttpOnly cookie).
public struct SessionView: Encodable, Sendable {
    var moderator: String
    var moderatorID: Int64
    /// Bearer token for API clients; null when answering `GET /session`.
    var token: String?
    var expiresAt: String?
}

/// `POST /citizens` answer.
public struct CitizenView: Encodable, Sendable {
    var citizenID: Int64
    /// Sent back as `Authorization: Bearer <token>` on reports, votes and photos.
    var token: String
}

/// `POST /reports/{id}/hide` answer.
public struct HiddenReport: JSONView, Sendable {
    var report: ReportView
    var invalidatedTiles: [String]

    /// The answer's JSON: snake_case keys, sorted; absent optionals omitted.
    public var json: JSONValue {
        var m = JSONMembers(capacity: 2)
        m.add("report", report.json)
        m.add("invalidated_tiles", invalidatedTiles)
        return m.object
    }
}

/// `POST /sections`: a road and measures, or two taps snapped to one road; contract data.
struct SectionBody: Decodable, Sendable {
    var roadID: String?
    var fromMeters: Double?
    var toMeters: Double?
    var start: CoordinateBody?
    var end: CoordinateBody?
    var contractor: String?
    var cost: Double?
    var year: Int?
    var warrantyUntil: String?
    var procurementURL: String?
    var status: String?

    enum CodingKeys: String, CodingKey {
        case roadID = "road_id", fromMeters = "from_m", toMeters = "to_m", start, end, contractor, cost, year
        case warrantyUntil = "warranty_until", procurementURL = "procurement_url", status
    }
}

/// `POST /sections/{id}/repaired` (body optional).
struct RepairedBody: Decodable, Sendable {
    var year: Int?
    var warrantyUntil: String?
    var contractor: String?

    enum CodingKeys: String, CodingKey {
        case year, warrantyUntil = "warranty_until", contractor
    }
}

/// A report as the API shows it.
public struct ReportView: JSONView, Sendable {
    var id: Int64
    var category: String
    var status: String
    var lon: Double
    var lat: Double
    var end: CoordinateBody?
    var roadID: String
    var measureMeters: Double
    var chainage: String
    var measureToMeters: Double?
    var chainageTo: String?
    var snapped: CoordinateBody
    var distanceMeters: Double
    var votes: Int
    var clusterID: Int?
    var duplicates: [Int64]
    var createdAt: String
    var closedBySection: Int64?
    var note: String?
    var warrantySections: [SectionView]

    /// The answer's JSON: snake_case keys, sorted; absent optionals omitted.
    public var json: JSONValue {
        var m = JSONMembers(capacity: 20)
        m.add("id", id)
        m.add("category", category)
        m.add("status", status)
        m.add("lon", lon)
        m.add("lat", lat)
        m.add("end", end?.json)
        m.add("road_id", roadID)
        m.add("measure_meters", measureMeters)
        m.add("chainage", chainage)
        m.add("measure_to_meters", measureToMeters)
        m.add("chainage_to", chainageTo)
        m.add("snapped", snapped.json)
        m.add("distance_meters", distanceMeters)
        m.add("votes", votes)
        m.add("cluster_id", clusterID)
        m.add("duplicates", duplicates)
        m.add("created_at", createdAt)
        m.add("closed_by_section", closedBySection)
        m.add("note", note)
        m.add("warranty_sections", warrantySections)
        return m.object
    }
}

/// A repair section as the API shows it.
public struct SectionView: JSONView, Sendable {
    var id: Int64
    var roadID: String
    var fromMeters: Double
    var toMeters: Double
    var fromChainage: String
    var toChainage: String
    var lengthMeters: Double
    var contractor: String?
    var cost: Double?
    var year: Int?
    var warrantyUntil: String?
    var underWarranty: Bool
    var procurementURL: String?
    var status: String
    var createdAt: String
    var repairedAt: String?

    /// The answer's JSON: snake_case keys, sorted; absent optionals omitted.
    public var json: JSONValue {
        var m = JSONMembers(capacity: 16)
        m.add("id", id)
        m.add("road_id", roadID)
        m.add("from_meters", fromMeters)
        m.add("to_meters", toMeters)
        m.add("from_chainage", fromChainage)
        m.add("to_chainage", toChainage)
        m.add("length_meters", lengthMeters)
        m.add("contractor", contractor)
        m.add("cost", cost)
        m.add("year", year)
        m.add("warranty_until", warrantyUntil)
        m.add("under_warranty", underWarranty)
        m.add("procurement_url", procurementURL)
        m.add("status", status)
        m.add("created_at", createdAt)
        m.add("repaired_at", repairedAt)
        return m.object
    }
}

/// `POST /reports` answer.
public struct ReportSubmission: JSONView, Sendable {
    var report: ReportView
    /// Whether the report fell within the duplicate radius of an existing open report of its category.
    var joinedExisting: Bool
    /// The clusterer's outcome: noise, created, joined, merged.
    var outcome: String
    var invalidatedTiles: [String]

    /// The answer's JSON: snake_case keys, sorted; absent optionals omitted.
    public var json: JSONValue {
        var m = JSONMembers(capacity: 4)
        m.add("report", report.json)
        m.add("joined_existing", joinedExisting)
        m.add("outcome", outcome)
        m.add("invalidated_tiles", invalidatedTiles)
        return m.object
    }
}

/// `POST /reports/{id}/vote` answer.
public struct VoteResult: JSONView, Sendable {
    var reportID: Int64
    var votes: Int
    var invalidatedTiles: [String]

    /// The answer's JSON: snake_case keys, sorted; absent optionals omitted.
    public var json: JSONValue {
        var m = JSONMembers(capacity: 3)
        m.add("report_id", reportID)
        m.add("votes", votes)
        m.add("invalidated_tiles", invalidatedTiles)
        return m.object
    }
}

/// `POST /sections` and `POST /sections/{id}/repaired` answer.
public struct SectionResult: JSONView, Sendable {
    var section: SectionView
    var closedReports: [Int64]
    var invalidatedTiles: [String]

    /// The answer's JSON: snake_case keys, sorted; absent optionals omitted.
    public var json: JSONValue {
        var m = JSONMembers(capacity: 3)
        m.add("section", section.json)
        m.add("closed_reports", closedReports)
        m.add("invalidated_tiles", invalidatedTiles)
        return m.object
    }
}

/// `GET /roads/{id}` answer: one page of the road's open reports in (measure, id) order.
public struct RoadView: JSONView, Sendable {
    var id: String
    var index: Int
    var lengthMeters: Double
    /// The road's properties with their types (names as in the source file, not snake-cased).
    var properties: JSONObject
    var sections: [SectionView]
    /// All open reports on the road, of which ``openReports`` is one page.
    var openReportCount: Int
    var openReports: [ReportView]
    /// The `after` cursor of the next page; nil on the last page.
    var nextAfter: String?

    /// The answer's JSON: snake_case keys, sorted; absent optionals omitted.
    public var json: JSONValue {
        var m = JSONMembers(capacity: 8)
        m.add("id", id)
        m.add("index", index)
        m.add("length_meters", lengthMeters)
        m.add("properties", JSONValue.object(properties).sortingKeys)
        m.add("sections", sections)
        m.add("open_report_count", openReportCount)
        m.add("open_reports", openReports)
        m.add("next_after", nextAfter)
        return m.object
    }
}

/// What the server is holding and how long its start took.
public struct StatusView: Encodable, Sendable {
    var roads: Int
    var segments: Int
    /// The network's extent: min lon, min lat, max lon, max lat.
    var bounds: [Double]
    var reports: Int
    var openReports: Int
    var duplicateClusters: Int
    var sections: Int
    var cachedTiles: Int
    var startup: StartupTimings
}

/// How long each start-up step took, milliseconds.
public struct StartupTimings: Encodable, Sendable, CustomStringConvertible {
    /// The roads layer's tiler built from the network.
    public var roadsMilliseconds: Double
    /// Reports, votes and sections read from SQLite.
    public var loadMilliseconds: Double
    /// The live state built from them: the duplicate clusterer (bulk load), open reports by
    /// road, display clusters and the sections layer.
    public var liveStateMilliseconds: Double
    /// Open reports in the live state.
    public var openReports: Int

    /// One line for the log.
    public var description: String {
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        return "roads tiler in \(f(roadsMilliseconds)) ms, store read in \(f(loadMilliseconds)) ms, live state of "
            + "\(openReports) open reports built in \(f(liveStateMilliseconds)) ms"
    }
}

extension SessionView: ResponseEncodable {}
extension CitizenView: ResponseEncodable {}
extension StatusView: ResponseEncodable {}

/// A ``JSONValue`` for `JSONEncoder`: numbers, booleans, `null`s, arrays and objects as they are.
/// Objects are encoded as dictionaries, whose keys the encoder's snake-case strategy leaves alone.
struct EncodableJSON: Encodable, Sendable {
    var value: JSONValue

    /// An object's members by name (a repeated name keeps its last value, as JSON readers do).
    static func members(_ object: JSONObject) -> [String: EncodableJSON] {
        Dictionary(object.members.map { ($0.key, EncodableJSON(value: $0.value)) }, uniquingKeysWith: { $1 })
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch value {
        case .null: try c.encodeNil()
        case .bool(let b): try c.encode(b)
        case .integer(let n): try c.encode(n)
        case .number(let x): try c.encode(x)
        case .string(let s): try c.encode(s)
        case .array(let values): try c.encode(values.map { EncodableJSON(value: $0) })
        case .object(let object): try c.encode(Self.members(object))
        }
    }
}
