import Hummingbird

/// `GET /tiles/{z}/{x}/{y}.geojson`: roads, repair sections and report clusters as GeoJSON, with
/// `ETag` (changes when the tile's content does), `Cache-Control: no-cache` (clients revalidate,
/// an unchanged tile costs a 304) and `If-None-Match` support.
struct TileHandler {
    let engine: ReportEngine

    func get(_ request: Request, context: ReportRequestContext) throws -> Response {
        let p = context.parameters
        guard let zText = p.get("z"), let xText = p.get("x"), let file = p.get("y") else {
            throw APIError.badRequest("tile path must be /tiles/{z}/{x}/{y}.geojson")
        }
        guard file.hasSuffix(".geojson"), let z = Int(zText), let x = Int(xText), let y = Int(file.dropLast(8)) else {
            throw APIError.badRequest("tile path must be /tiles/{z}/{x}/{y}.geojson with integer z, x, y; got \(zText.prefix(12))/\(xText.prefix(12))/\(file.prefix(20))")
        }
        let (tile, etag) = try engine.tile(z: z, x: x, y: y)
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "public, no-cache"]
        if let match = request.headers[.ifNoneMatch], Self.matches(match, etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = "application/geo+json"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: tile.bytes)))
    }

    /// Whether an `If-None-Match` list names `etag` (weak comparison, `*` matches anything).
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { item in
            var tag = item.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            return tag == etag
        }
    }
}

import Foundation
