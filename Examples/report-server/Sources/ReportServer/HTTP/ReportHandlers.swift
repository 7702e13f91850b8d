import Hummingbird

/// `POST /reports`, `GET /reports/{id}`, `POST /reports/{id}/vote`.
struct ReportHandlers {
    let engine: ReportEngine

    func create(_ request: Request, context: ReportRequestContext) async throws -> EditedResponse<ReportSubmission> {
        guard let body = try await request.decodeJSON(ReportBody.self, context: context) else { throw APIError.badRequest("empty body") }
        return EditedResponse(status: .created, response: try engine.submitReport(body))
    }

    func show(_ request: Request, context: ReportRequestContext) throws -> ReportView {
        try engine.report(id: try context.parameters.id("id", of: "report"))
    }

    func vote(_ request: Request, context: ReportRequestContext) async throws -> VoteResult {
        let id = try context.parameters.id("id", of: "report")
        guard let body = try await request.decodeJSON(VoteBody.self, context: context) else { throw APIError.badRequest("empty body") }
        return try engine.vote(reportID: id, body: body)
    }
}
