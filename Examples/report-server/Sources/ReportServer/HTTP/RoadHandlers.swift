import Foundation
import Hummingbird

/// `GET /roads/{id}` (ids percent-decoded: `123%230` is road `123#0`) and `GET /status`.
struct RoadHandlers {
    let engine: ReportEngine

    func show(_ request: Request, context: ReportRequestContext) throws -> RoadView {
        guard let raw = context.parameters.get("id"), let id = raw.removingPercentEncoding, !id.isEmpty else {
            throw APIError.badRequest("road id missing or badly percent-encoded")
        }
        return try engine.road(id: id)
    }

    func status(_ request: Request, context: ReportRequestContext) -> StatusView { engine.status() }
}
