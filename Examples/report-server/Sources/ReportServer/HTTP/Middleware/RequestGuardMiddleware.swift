import HTTPTypes
import Hummingbird

/// Cross-site request forgery and content-type guard for every state-changing request
/// (`POST`, `PUT`, `PATCH`, `DELETE`):
///
/// - the body must be `application/json` (a photo upload, and a report made from a photo at
///   `POST /reports`: `image/jpeg`, `image/png` or `image/webp`); anything else, a form post or
///   `text/plain` included, is 415. A body-less `DELETE` needs no type.
/// - a browser's `Origin` (or, without one, `Sec-Fetch-Site: cross-site`) must be the server's own
///   or one of ``AccessSettings/allowedOrigins``; a foreign one is 403.
///
/// A form on another site can only send form or text types and a cross-site `fetch` with JSON
/// needs a CORS preflight this server refuses, so together with the `SameSite=Strict` session
/// cookie no other site can make a visitor's browser change anything.
struct RequestGuardMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedOrigins: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch request.method {
        case .post, .put, .patch, .delete:
            try checkOrigin(request)
            try checkContentType(request)
        default:
            break
        }
        return try await next(request, context)
    }

    private func checkOrigin(_ request: Request) throws {
        if let origin = request.headers[.origin] {
            guard origin != "null", Self.isSameOrigin(origin, host: request.head.authority)
                    || allowedOrigins.contains(origin) else {
                throw APIError.forbidden("origin '\(origin.prefix(80))' may not change anything here")
            }
        } else if request.headers.contains(where: { $0.name.canonicalName == "sec-fetch-site" && $0.value == "cross-site" }) {
            throw APIError.forbidden("cross-site requests may not change anything here")
        }
    }

    private func checkContentType(_ request: Request) throws {
        let path = request.uri.path
        let isPhoto = request.method == .post && Self.isPhotoPath(path)
        let mayBePhoto = isPhoto || (request.method == .post && path == "/reports")
        guard let header = request.headers[.contentType] else {
            if request.method == .delete && request.headers[.contentLength].map({ $0 == "0" }) ?? true { return }
            throw APIError.unsupportedMediaType(isPhoto ? "Content-Type: image/jpeg, image/png or image/webp required"
                                                        : "Content-Type: application/json required")
        }
        let type = header.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if mayBePhoto, PhotoFormat(mediaType: type) != nil { return }
        if isPhoto {
            guard PhotoFormat(mediaType: type) != nil else {
                throw APIError.unsupportedMediaType("Content-Type: image/jpeg, image/png or image/webp required, got '\(type.prefix(60))'")
            }
        } else if type != "application/json" {
            throw APIError.unsupportedMediaType("Content-Type: application/json required, got '\(type.prefix(60))'")
        }
    }

    /// `/reports/{id}/photos`
    static func isPhotoPath(_ path: String) -> Bool {
        let parts = path.split(separator: "/")
        return parts.count == 3 && parts[0] == "reports" && parts[2] == "photos"
    }

    /// Whether `origin` (`scheme://host[:port]`) names the host the request was sent to.
    static func isSameOrigin(_ origin: String, host: String?) -> Bool {
        guard let host, let range = origin.range(of: "://") else { return false }
        let authority = origin[range.upperBound...]
        return authority.lowercased() == host.lowercased()
    }
}

/// CORS for the configured origins only: their requests get `Access-Control-Allow-Origin` (no
/// credentials: a cross-origin client uses a bearer token, never the cookie) and their preflights
/// a 204; a preflight from any other origin is 403.
struct AllowedOriginsCORSMiddleware<Context: RequestContext>: RouterMiddleware {
    let allowedOrigins: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let allowed = allowedOrigins.contains(origin)
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            guard allowed else { throw APIError.forbidden("origin '\(origin.prefix(80))' is not allowed") }
            return Response(status: .noContent, headers: [
                .accessControlAllowOrigin: origin, .vary: "Origin",
                .accessControlAllowMethods: "GET, POST, DELETE",
                .accessControlAllowHeaders: "Content-Type, Authorization",
                .accessControlMaxAge: "600",
            ])
        }
        var response = try await next(request, context)
        if allowed {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlExposeHeaders] = "ETag, Retry-After"
            response.headers.append(HTTPField(name: .vary, value: "Origin"))
        }
        return response
    }
}
