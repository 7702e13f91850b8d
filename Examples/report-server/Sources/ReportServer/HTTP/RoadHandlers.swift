import Foundation
import Hummingbird

/// `GET /roads/{id}?limit=100&after=CURSOR` (ids percent-decoded: `123%230` is road `123#0`) and
/// `GET /status`.
struct RoadHandlers {
    let engine: ReportEngine

    func show(_ request: Request, context: ReportRequestContext) throws -> RoadView {
        guard let raw = context.parameters.get("id"), let id = raw.removingPercentEncoding, !id.isEmpty else {
            throw APIError.badRequest("road id missing or badly percent-encoded")
        }
        let query = request.uri.queryParameters
        var limit = RoadPageCursor.defaultLimit
        if let text = query["limit"] {
            guard let n = Int(text), (1...RoadPageCursor.maxLimit).contains(n) else {
                throw APIError.badRequest("limit: an integer within 1...\(RoadPageCursor.maxLimit)")
            }
            limit = n
        }
        var after: RoadPageCursor?
        if let text = query["after"] {
            guard let cursor = RoadPageCursor(Substring(text)) else {
                throw APIError.badRequest("after: the next_after of the previous page (measure:id)")
            }
            after = cursor
        }
        return try engine.road(id: id, limit: limit, after: after)
    }

    func status(_ request: Request, context: ReportRequestContext) -> StatusView { engine.status() }
}
