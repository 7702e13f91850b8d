import Foundation
import RoadGeo

extension ReportEngine {
    /// A moderator hides an open report (abuse, not a road defect): it leaves the duplicate
    /// clusterer and the map, stays in the database with status `hidden`.
    /// - Returns: The report before and after, and the tiles that changed.
    /// - Throws: ``APIError`` 404 for an unknown report, 409 for one that is not open.
    func hideReport(id: Int64) async throws -> (before: ReportView, after: ReportView, tiles: [TileID]) {
        let now = settings.clock()
        let today = CivilDate.of(seconds: now)
        let live = self.live
        return try await write(alone: true) { store in
            let before = try live.read { s -> ReportView in
                guard let r = s.reports[id] else { throw APIError.notFound("report \(id) not found") }
                guard r.status == .open else { throw APIError.conflict("report \(id) is \(r.status.rawValue), not open") }
                return s.view(r, today: today)
            }
            try store.setStatus(report: id, .hidden)
            return { state in
                let tiles = state.close(id, as: .hidden, bySection: nil)
                let after = state.reports[id].map { state.view($0, today: today) } ?? before
                return ((before, after, tiles), tiles)
            }
        }
    }

    /// One section as the API shows it, or nil (the audit's "before").
    func sectionView(id: Int64) -> SectionView? {
        let today = CivilDate.of(seconds: settings.clock())
        return live.read { s in s.sectionPosition[id].map { s.sectionView(s.sections[$0], today: today) } }
    }
}
