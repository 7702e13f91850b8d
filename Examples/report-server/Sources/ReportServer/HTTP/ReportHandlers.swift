import Hummingbird

/// `POST /reports`, `GET /reports/{id}`, `POST /reports/{id}/vote` (reports and votes need a
/// citizen token and are rate-limited per citizen and per IP address).
struct ReportHandlers {
    let engine: ReportEngine
    let access: ServerAccess
    let photos: PhotoStore?

    func create(_ request: Request, context: ReportRequestContext) async throws -> EditedResponse<ReportSubmission> {
        let citizen = try access.requireCitizen(request)
        let l = access.limiters
        try access.charge("reports", [(l.reportsByCitizen, "citizen:\(citizen)"), (l.reportsByIP, "ip:" + access.clientAddress(request, context))])
        if let photos, let type = request.headers[.contentType], type.lowercased().hasPrefix("image/") {
            return try await PhotoHandlers(engine: engine, access: access, photos: photos).reportFromPhoto(request, context: context, citizen: citizen)
        }
        guard let body = try await request.decodeJSON(ReportBody.self, context: context) else { throw APIError.badRequest("empty body") }
        return EditedResponse(status: .created, response: try await engine.submitReport(body))
    }

    /// One report; a hidden one only to moderators (404 for everyone else).
    func show(_ request: Request, context: ReportRequestContext) throws -> ReportView {
        try access.visibleReport(try context.parameters.id("id", of: "report"), engine: engine, request: request)
    }

    func vote(_ request: Request, context: ReportRequestContext) async throws -> VoteResult {
        let citizen = try access.requireCitizen(request)
        let id = try context.parameters.id("id", of: "report")
        let l = access.limiters
        try access.charge("votes", [(l.votesByCitizen, "citizen:\(citizen)"), (l.votesByIP, "ip:" + access.clientAddress(request, context))])
        let body = try await request.decodeJSON(VoteBody.self, context: context, allowEmpty: true) ?? VoteBody()
        return try await engine.vote(reportID: id, citizen: citizen, body: body)
    }
}
