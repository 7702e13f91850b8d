import Hummingbird
import RoadGeo

/// `GET /tiles/{z}/{x}/{y}.geojson` and `.mvt`: roads, repair sections and report clusters as
/// GeoJSON or as a Mapbox Vector Tile, with `ETag` (changes when the tile's content does),
/// `Cache-Control: no-cache` (clients revalidate, an unchanged tile costs a 304) and
/// `If-None-Match` support; MVT is gzip-compressed when `Accept-Encoding` allows it (its ETag then
/// ends in `-gzip`, one tag per representation). `GET /tiles.json`: the TileJSON 3.0 document.
struct TileHandler {
    let engine: ReportEngine

    func get(_ request: Request, context: ReportRequestContext) throws -> Response {
        let p = context.parameters
        let usage = "tile path must be /tiles/{z}/{x}/{y}.geojson or .mvt with integer z, x, y"
        guard let zText = p.get("z"), let xText = p.get("x"), let file = p.get("y") else { throw APIError.badRequest(usage) }
        let vector = file.hasSuffix(".mvt")
        guard vector || file.hasSuffix(".geojson"), let z = Int(zText), let x = Int(xText),
              let y = Int(file.dropLast(vector ? 4 : 8)) else {
            throw APIError.badRequest("\(usage); got \(zText.prefix(12))/\(xText.prefix(12))/\(file.prefix(20))")
        }
        guard vector else {
            let (tile, etag) = try engine.tile(z: z, x: x, y: y)
            return Self.answer(request, tile.bytes, etag: etag, type: "application/geo+json")
        }
        let (tile, etag) = try engine.vectorTile(z: z, x: x, y: y)
        guard Self.acceptsGzip(request.headers[.acceptEncoding]), !tile.bytes.isEmpty else {
            return Self.answer(request, tile.bytes, etag: etag, type: "application/vnd.mapbox-vector-tile", vary: true)
        }
        let gzipTag = String(etag.dropLast()) + "-gzip\""
        if let match = request.headers[.ifNoneMatch], Self.matches(match, gzipTag) {
            return Response(status: .notModified, headers: [.eTag: gzipTag, .cacheControl: "public, no-cache", .vary: "Accept-Encoding"])
        }
        let packed: [UInt8]
        do { packed = try Gzip.compress(tile.bytes) } catch { throw APIError.internalError("tile \(tile.id): \(error.message)") }
        var response = Self.answer(request, packed, etag: gzipTag, type: "application/vnd.mapbox-vector-tile", vary: true)
        response.headers[.contentEncoding] = "gzip"
        return response
    }

    /// `GET /tiles.json`: TileJSON 3.0 whose tile URL uses the host the client asked.
    func tileJSON(_ request: Request, context: ReportRequestContext) throws -> Response {
        let host = request.head.authority ?? "127.0.0.1"
        let scheme = request.head.scheme == "https" ? "https" : "http"
        let body = engine.tileJSON(base: "\(scheme)://\(host)")
        return Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "public, no-cache"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// 200 with the bytes, or 304 when `If-None-Match` names `etag`.
    private static func answer(_ request: Request, _ bytes: [UInt8], etag: String, type: String, vary: Bool = false) -> Response {
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "public, no-cache"]
        if vary { headers[.vary] = "Accept-Encoding" }
        if let match = request.headers[.ifNoneMatch], Self.matches(match, etag) {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// Whether an `Accept-Encoding` list allows gzip (`gzip` or `*` with a non-zero q).
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        return header.split(separator: ",").contains { item in
            let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            guard let coding = parts.first, coding == "gzip" || coding == "x-gzip" || coding == "*" else { return false }
            let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            return q > 0
        }
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
