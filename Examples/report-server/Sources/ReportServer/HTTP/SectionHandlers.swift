import Hummingbird

/// `POST /sections`, `POST /sections/{id}/repaired`.
struct SectionHandlers {
    let engine: ReportEngine

    func create(_ request: Request, context: ReportRequestContext) async throws -> EditedResponse<SectionResult> {
        guard let body = try await request.decodeJSON(SectionBody.self, context: context) else { throw APIError.badRequest("empty body") }
        return EditedResponse(status: .created, response: try engine.createSection(body))
    }

    func repaired(_ request: Request, context: ReportRequestContext) async throws -> SectionResult {
        let id = try context.parameters.id("id", of: "section")
        let body = try await request.decodeJSON(RepairedBody.self, context: context, allowEmpty: true) ?? RepairedBody()
        return try engine.markRepaired(sectionID: id, body: body)
    }
}
