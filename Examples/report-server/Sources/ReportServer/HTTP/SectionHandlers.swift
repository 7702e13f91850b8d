import Hummingbird

/// `POST /sections`, `POST /sections/{id}/repaired` (moderators; each audited).
struct SectionHandlers {
    let engine: ReportEngine
    let access: ServerAccess

    func create(_ request: Request, context: ReportRequestContext) async throws -> EditedResponse<SectionResult> {
        let (moderator, _) = try access.requireModerator(request)
        guard let body = try await request.decodeJSON(SectionBody.self, context: context) else { throw APIError.badRequest("empty body") }
        let result = try await engine.createSection(body)
        try AccessHandlers(access: access).audit(moderator, "section.create", "section \(result.section.id)",
                                                 before: nil, after: auditJSON(result))
        return EditedResponse(status: .created, response: result)
    }

    func repaired(_ request: Request, context: ReportRequestContext) async throws -> SectionResult {
        let (moderator, _) = try access.requireModerator(request)
        let id = try context.parameters.id("id", of: "section")
        let body = try await request.decodeJSON(RepairedBody.self, context: context, allowEmpty: true) ?? RepairedBody()
        let before = engine.sectionView(id: id)
        let result = try await engine.markRepaired(sectionID: id, body: body)
        try AccessHandlers(access: access).audit(moderator, "section.repaired", "section \(id)",
                                                 before: before.flatMap(auditJSON), after: auditJSON(result))
        return result
    }
}
