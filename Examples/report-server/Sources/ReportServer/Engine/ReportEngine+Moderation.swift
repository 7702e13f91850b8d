import Foundation
import RoadGeo

extension ReportEngine {
    /// A moderator hides an open report (abuse, not a road defect): it leaves the duplicate
    /// clusterer and the map, stays in the database with status `hidden`.
    /// - Returns: The report before and after, and the tiles that changed.
    /// - Throws: ``APIError`` 404 for an unknown report, 409 for one that is not open.
    func hideReport(id: Int64) throws -> (before: ReportView, after: ReportView, tiles: [TileID]) {
        let now = settings.clock()
        let today = CivilDate.of(seconds: now)
        return try state.withLock { s in
            guard let r = s.reports[id] else { throw APIError.notFound("report \(id) not found") }
            guard r.status == .open else { throw APIError.conflict("report \(id) is \(r.status.rawValue), not open") }
            let before = s.view(r, today: today)
            try s.store.setStatus(report: id, .hidden)
            s.reports[id]?.status = .hidden
            s.untrack(report: id)
            let tiles = try s.rebuildReportClusters(changed: [id])
            s.generation &+= 1
            cache.evict(tiles)
            return (before, s.view(s.reports[id] ?? r, today: today), tiles)
        }
    }

    /// One section as the API shows it, or nil (the audit's "before").
    func sectionView(id: Int64) -> SectionView? {
        let today = CivilDate.of(seconds: settings.clock())
        return state.withLock { s in s.sectionPosition[id].map { s.sectionView(s.sections[$0], today: today) } }
    }
}
