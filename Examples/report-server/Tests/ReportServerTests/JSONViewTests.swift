import Foundation
import RoadGeo
import Testing
@testable import ReportServer

/// The views that write their own JSON agree with what `JSONEncoder` made of the same fields
/// (synthesised `Encodable`, snake-case keys, sorted, nil omitted), and the arithmetic UTC
/// formatting agrees with Foundation's.
@Suite("JSON views and UTC times")
struct JSONViewTests {
    /// ReportView's fields with the synthesised encoding the server used before.
    struct EncoderReport: Encodable {
        var id: Int64, category: String, status: String, lon: Double, lat: Double, end: CoordinateBody?
        var roadID: String, measureMeters: Double, chainage: String, measureToMeters: Double?, chainageTo: String?
        var snapped: CoordinateBody, distanceMeters: Double, votes: Int, clusterID: Int?, duplicates: [Int64]
        var createdAt: String, closedBySection: Int64?, note: String?, warrantySections: [EncoderSection]
    }

    struct EncoderSection: Encodable {
        var id: Int64, roadID: String, fromMeters: Double, toMeters: Double, fromChainage: String, toChainage: String
        var lengthMeters: Double, contractor: String?, cost: Double?, year: Int?, warrantyUntil: String?
        var underWarranty: Bool, procurementURL: String?, status: String, createdAt: String, repairedAt: String?
    }

    struct EncoderSubmission: Encodable { var report: EncoderReport, joinedExisting: Bool, outcome: String, invalidatedTiles: [String] }
    struct EncoderVote: Encodable { var reportID: Int64, votes: Int, invalidatedTiles: [String] }
    struct EncoderSectionResult: Encodable { var section: EncoderSection, closedReports: [Int64], invalidatedTiles: [String] }

    static func section(_ full: Bool) -> (SectionView, EncoderSection) {
        let v = SectionView(id: 7, roadID: "123#0", fromMeters: 100.5, toMeters: 250, fromChainage: "0+100", toChainage: "0+250",
                            lengthMeters: 149.5, contractor: full ? "Дорстрой \"Ала-Тоо\"/KG" : nil, cost: full ? 1_250_000 : nil,
                            year: full ? 2026 : nil, warrantyUntil: full ? "2029-06-30" : nil, underWarranty: full,
                            procurementURL: full ? "https://zakupki.example/a?b=1&c=2" : nil, status: "repaired",
                            createdAt: "2026-12-04T17:56:15Z", repairedAt: full ? "2026-12-05T08:00:00Z" : nil)
        let e = EncoderSection(id: v.id, roadID: v.roadID, fromMeters: v.fromMeters, toMeters: v.toMeters, fromChainage: v.fromChainage,
                               toChainage: v.toChainage, lengthMeters: v.lengthMeters, contractor: v.contractor, cost: v.cost, year: v.year,
                               warrantyUntil: v.warrantyUntil, underWarranty: v.underWarranty, procurementURL: v.procurementURL,
                               status: v.status, createdAt: v.createdAt, repairedAt: v.repairedAt)
        return (v, e)
    }

    static func report(_ full: Bool) -> (ReportView, EncoderReport) {
        let sections = full ? [section(true), section(false)] : []
        let v = ReportView(id: 42, category: "pothole", status: "open", lon: 74.5698, lat: 42.8746,
                           end: full ? CoordinateBody(lon: 74.571, lat: 42.875) : nil, roadID: "123#0", measureMeters: 1234.567,
                           chainage: "1+234.567", measureToMeters: full ? 1300 : nil, chainageTo: full ? "1+300" : nil,
                           snapped: CoordinateBody(lon: 74.5698123, lat: 42.8746001), distanceMeters: 0.25, votes: 3,
                           clusterID: full ? 9 : nil, duplicates: full ? [3, 17] : [], createdAt: "2026-12-04T17:56:15Z",
                           closedBySection: full ? 7 : nil, note: full ? "line\nbreak \u{1} tab\t\\ end" : nil,
                           warrantySections: sections.map(\.0))
        let e = EncoderReport(id: v.id, category: v.category, status: v.status, lon: v.lon, lat: v.lat, end: v.end, roadID: v.roadID,
                              measureMeters: v.measureMeters, chainage: v.chainage, measureToMeters: v.measureToMeters,
                              chainageTo: v.chainageTo, snapped: v.snapped, distanceMeters: v.distanceMeters, votes: v.votes,
                              clusterID: v.clusterID, duplicates: v.duplicates, createdAt: v.createdAt,
                              closedBySection: v.closedBySection, note: v.note, warrantySections: sections.map(\.1))
        return (v, e)
    }

    static func encoder() -> JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    static func parsed(_ bytes: some Sequence<UInt8>) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? NSDictionary)
    }

    @Test("a report and a section write the members JSONEncoder wrote, in the same key order", arguments: [true, false])
    func sameMembers(full: Bool) throws {
        let (view, legacy) = Self.report(full)
        let written = try GeoJSONWriter(coordinatePrecision: nil).encode(view.json)
        let encoded = try Self.encoder().encode(legacy)
        #expect(try Self.parsed(written) == Self.parsed(encoded))
        // Key order: every object's keys appear in the same order in both texts.
        func keys(_ text: String) -> [String] {
            text.matches(of: /"([a-z_]+)":/).map { String($0.output.1) }
        }
        #expect(keys(String(decoding: written, as: UTF8.self)) == keys(String(decoding: encoded, as: UTF8.self)))
        // Inside another answer, through JSONEncoder, the view's own members are kept as written.
        let nested = try Self.encoder().encode(HiddenReport(report: view, invalidatedTiles: ["16/1/2"]))
        #expect(try Self.parsed(nested)["report"] as? NSDictionary == Self.parsed(encoded))
        let (section, legacySection) = Self.section(full)
        #expect(try Self.parsed(GeoJSONWriter(coordinatePrecision: nil).encode(section.json))
            == Self.parsed(Self.encoder().encode(legacySection)))
    }

    @Test("the answers around them write what JSONEncoder wrote: a submission, a vote, a section result")
    func answers() throws {
        let writer = GeoJSONWriter(coordinatePrecision: nil)
        let (view, legacy) = Self.report(true)
        let tiles = ["16/46339/24001", "15/23169/12000"]
        #expect(try Self.parsed(writer.encode(ReportSubmission(report: view, joinedExisting: true, outcome: "joined", invalidatedTiles: tiles).json))
            == Self.parsed(Self.encoder().encode(EncoderSubmission(report: legacy, joinedExisting: true, outcome: "joined", invalidatedTiles: tiles))))
        #expect(try Self.parsed(writer.encode(VoteResult(reportID: 42, votes: 5, invalidatedTiles: []).json))
            == Self.parsed(Self.encoder().encode(EncoderVote(reportID: 42, votes: 5, invalidatedTiles: []))))
        let (section, legacySection) = Self.section(true)
        #expect(try Self.parsed(writer.encode(SectionResult(section: section, closedReports: [1, 2], invalidatedTiles: tiles).json))
            == Self.parsed(Self.encoder().encode(EncoderSectionResult(section: legacySection, closedReports: [1, 2], invalidatedTiles: tiles))))
    }

    @Test("road properties keep their names and types, keys sorted at every depth, a repeated key keeping its last value")
    func properties() throws {
        let object = JSONObject([.init("name", "Чуй"), .init("Lanes", 4), .init("nested", .object(["b": 1, "a": [true, nil]])),
                                 .init("name", "Chui")])
        let written = String(decoding: try GeoJSONWriter(coordinatePrecision: nil).encode(JSONValue.object(object).sortingKeys), as: UTF8.self)
        #expect(written == #"{"Lanes":4,"name":"Chui","nested":{"a":[true,null],"b":1}}"#)
    }

    @Test("UTC times format as Foundation's ISO8601Format does, whole seconds, 1583...9999, before 1970 and across leap days")
    func utcTimes() throws {
        var seconds: [Double] = [0, -1, -0.5, 0.999, 59, 86_399.9, 86_400, 951_782_400, 951_868_799, 4_107_542_400,
                                 -2_208_988_800, -12_212_553_600, -12_212_553_601, -62_135_596_800, 253_402_300_799, 1_764_870_975.25]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 { seconds.append(Double.random(in: -12_212_553_600...253_402_300_799, using: &generator).rounded(.down)) }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = try #require(TimeZone(identifier: "UTC"))
        for s in seconds {
            let date = Date(timeIntervalSince1970: s)
            #expect(isoTime(s) == date.ISO8601Format(), "\(s)")
            let d = utc.dateComponents([.year, .month, .day], from: date)
            guard UTCTime(seconds: s) != nil else { continue }   // Foundation's Julian years
            #expect(CivilDate.of(seconds: s) == CivilDate(year: d.year ?? 0, month: d.month ?? 0, day: d.day ?? 0), "\(s)")
        }
        #expect(UTCTime(seconds: .nan) == nil)
        #expect(UTCTime(seconds: .infinity) == nil)
        #expect(UTCTime(seconds: 1e300) == nil)
    }
}
