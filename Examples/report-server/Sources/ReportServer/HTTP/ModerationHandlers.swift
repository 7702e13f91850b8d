import Hummingbird

/// `POST /reports/{id}/hide` (moderators).
struct ModerationHandlers {
    let engine: ReportEngine
    let access: ServerAccess

    func hide(_ request: Request, context: ReportRequestContext) async throws -> HiddenReport {
        let (moderator, _) = try access.requireModerator(request)
        let id = try context.parameters.id("id", of: "report")
        _ = try await request.decodeJSON(EmptyBody.self, context: context, allowEmpty: true)
        let (before, after, tiles) = try await engine.hideReport(id: id)
        try AccessHandlers(access: access).audit(moderator, "report.hide", "report \(id)", before: auditJSON(before), after: auditJSON(after))
        return HiddenReport(report: after, invalidatedTiles: tiles.map(\.description))
    }
}
