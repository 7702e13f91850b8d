import Foundation
import RoadGeo

extension ReportEngine {
    /// Stores a repair section (a road and measures, or two taps snapped to one road) and draws it.
    /// A section created as `repaired` closes the open reports it covers at once.
    /// - Throws: ``APIError`` 400 for bad fields, 422 for a road that does not exist, measures off
    ///   the road, or taps that reach different roads.
    func createSection(_ body: SectionBody) async throws -> SectionResult {
        let status = body.status ?? RepairStatus.planned.rawValue
        guard RepairStatus(rawValue: status) != nil else {
            throw APIError.badRequest("status: one of \(RepairStatus.allCases.map(\.rawValue).joined(separator: ", ")), got '\(status.prefix(40))'")
        }
        try Self.validateContract(year: body.year, warrantyUntil: body.warrantyUntil, contractor: body.contractor)
        if let cost = body.cost, !(cost.isFinite && cost >= 0) { throw APIError.badRequest("cost: must be a finite number >= 0") }
        if let url = body.procurementURL, url.count > 500 { throw APIError.badRequest("procurement_url: at most 500 characters") }
        let (roadIndex, from, to) = try resolveSection(body)
        let road = network.roads[roadIndex]
        guard to - from >= 1 else { throw APIError.unprocessable("section on road '\(road.id)' is shorter than 1 m") }
        let now = settings.clock()
        let draft = SectionRecord(
            id: 0, roadID: road.id, fromMeters: from, toMeters: to, contractor: body.contractor, cost: body.cost,
            year: body.year, warrantyUntil: body.warrantyUntil, procurementURL: body.procurementURL, status: status,
            createdAt: now, repairedAt: status == RepairStatus.repaired.rawValue ? now : nil)
        let (live, context) = (self.live, self.context)
        return try await write(alone: true) { store in
            var section = try store.insert(draft)
            var closing: [Int64] = []
            if status == RepairStatus.repaired.rawValue {
                if section.year == nil { section.year = CivilDate.of(seconds: now)?.year }
                closing = live.read { $0.covered(by: section) }
                try store.markRepaired(section: section, closing: closing)
            }
            let repaired = section
            return { state in
                var tiles = Set<TileID>()
                if !closing.isEmpty || status == RepairStatus.repaired.rawValue {
                    tiles = (try? state.repair(repaired, closing: closing, engine: context, now: now)) ?? []
                } else {
                    tiles = Set((try? state.setSections(state.sections + [repaired], engine: context, changed: [repaired], now: now)) ?? [])
                }
                let sorted = tiles.sorted()
                return (SectionResult(section: state.sectionView(repaired, today: CivilDate.of(seconds: now)), closedReports: closing,
                                      invalidatedTiles: sorted.map(\.description)), sorted)
            }
        }
    }

    /// A moderator marks a section repaired: the open reports it covers (a point report at its
    /// measure, a stretch report wholly) become `repaired` and leave the duplicate clusterer.
    /// - Throws: ``APIError`` 404 for an unknown section, 409 if it is already repaired, 400 for bad fields.
    func markRepaired(sectionID: Int64, body: RepairedBody) async throws -> SectionResult {
        try Self.validateContract(year: body.year, warrantyUntil: body.warrantyUntil, contractor: body.contractor)
        let now = settings.clock()
        let (live, context) = (self.live, self.context)
        return try await write(alone: true) { store in
            let (section, closing) = try live.read { s -> (SectionRecord, [Int64]) in
                guard let position = s.sectionPosition[sectionID] else { throw APIError.notFound("section \(sectionID) not found") }
                var section = s.sections[position]
                guard section.status != RepairStatus.repaired.rawValue else {
                    throw APIError.conflict("section \(sectionID) is already repaired")
                }
                section.status = RepairStatus.repaired.rawValue
                section.year = body.year ?? section.year ?? CivilDate.of(seconds: now)?.year
                section.warrantyUntil = body.warrantyUntil ?? section.warrantyUntil
                section.contractor = body.contractor ?? section.contractor
                section.repairedAt = now
                return (section, s.covered(by: section))
            }
            try store.markRepaired(section: section, closing: closing)
            return { state in
                let tiles = ((try? state.repair(section, closing: closing, engine: context, now: now)) ?? []).sorted()
                return (SectionResult(section: state.sectionView(section, today: CivilDate.of(seconds: now)), closedReports: closing,
                                      invalidatedTiles: tiles.map(\.description)), tiles)
            }
        }
    }

    /// A road with its sections and one page of its open reports in (measure, id) order.
    /// - Parameters:
    ///   - limit: At most this many reports (1...1000).
    ///   - after: Start after this report position (the previous page's ``RoadView/nextAfter``).
    /// - Throws: ``APIError`` 404 for an unknown road.
    /// - Complexity: O(log r + limit) for a road holding r open reports, plus its sections.
    public func road(id: String, limit: Int = RoadPageCursor.defaultLimit, after: RoadPageCursor? = nil) throws -> RoadView {
        guard let index = roadIndexByID[id] else { throw APIError.notFound("road '\(id.prefix(80))' not found") }
        let road = network.roads[index]
        let today = CivilDate.of(seconds: settings.clock())
        return live.read { s in
            let sections = s.sectionStore.sections(onRoad: id, overlapping: 0, .greatestFiniteMagnitude)
                .compactMap { s.sectionPosition[s.sectionStoreIDs[$0]] }
                .map { s.sectionView(s.sections[$0], today: today) }
            let open = s.openByRoad[index] ?? []
            var start = 0
            if let after {
                var hi = open.count
                while start < hi {
                    let mid = (start + hi) / 2
                    if LiveState.order(s.reports[open[mid]], open[mid]) <= (after.measureMeters, after.reportID) { start = mid + 1 } else { hi = mid }
                }
            }
            let end = min(open.count, start + max(1, limit))
            let page = open[start..<end].compactMap { s.reports[$0] }
            let next = end < open.count ? page.last.map { RoadPageCursor(measureMeters: $0.measureMeters, reportID: $0.id).description } : nil
            return RoadView(id: road.id, index: index, lengthMeters: rounded(road.line.lengthMeters, 1000),
                            properties: road.properties, sections: sections, openReportCount: open.count,
                            openReports: page.map { s.view($0, today: today) }, nextAfter: next)
        }
    }

    // MARK: Helpers

    static func validateContract(year: Int?, warrantyUntil: String?, contractor: String?) throws {
        if let year, !(1900...2200).contains(year) { throw APIError.badRequest("year: must be within 1900...2200, got \(year)") }
        if let w = warrantyUntil {
            do { _ = try CivilDate(parsing: w) } catch { throw APIError.badRequest("warranty_until: \(error.message)") }
        }
        if let c = contractor, c.count > 200 { throw APIError.badRequest("contractor: at most 200 characters") }
    }

    /// The road and ordered measures a section body names.
    func resolveSection(_ body: SectionBody) throws -> (road: Int, from: Double, to: Double) {
        if let id = body.roadID {
            guard let index = roadIndexByID[id] else { throw APIError.unprocessable("road_id: road '\(id.prefix(80))' not found") }
            guard let from = body.fromMeters, let to = body.toMeters else {
                throw APIError.badRequest("from_m and to_m are required with road_id")
            }
            let length = network.roads[index].line.lengthMeters
            for (name, m) in [("from_m", from), ("to_m", to)] where !(m.isFinite && m >= 0 && m <= length + 0.001) {
                throw APIError.unprocessable("\(name): \(m) is not within the road's 0...\(rounded(length, 1000)) m")
            }
            return (index, min(from, to, length), min(max(from, to), length))
        }
        guard let start = body.start, let end = body.end else {
            throw APIError.badRequest("give road_id with from_m and to_m, or start and end points")
        }
        let a = try Self.coordinate(start.lon, start.lat, field: "start.")
        let b = try Self.coordinate(end.lon, end.lat, field: "end.")
        let snap = try snapReport(a, b)
        let to = snap.measureTo ?? snap.measure
        return (snap.roadIndex, min(snap.measure, to), max(snap.measure, to))
    }
}

/// Where a page of a road's open reports ends: the last report's measure and id, written
/// `measure:id` with the measure's shortest round-trip text, so the next page starts exactly
/// after it however reports arrive or close in between.
public struct RoadPageCursor: Hashable, Sendable, CustomStringConvertible {
    /// Reports on a page when the request names no limit.
    public static let defaultLimit = 100
    /// The most reports on a page.
    public static let maxLimit = 1000

    var measureMeters: Double
    var reportID: Int64

    /// Parses `measure:id`; nil for anything else.
    init?(_ text: Substring) {
        guard let colon = text.lastIndex(of: ":"), let m = Double(text[..<colon]), m.isFinite,
              let id = Int64(text[text.index(after: colon)...]) else { return nil }
        measureMeters = m
        reportID = id
    }

    init(measureMeters: Double, reportID: Int64) {
        self.measureMeters = measureMeters
        self.reportID = reportID
    }

    public var description: String { "\(measureMeters):\(reportID)" }
}
