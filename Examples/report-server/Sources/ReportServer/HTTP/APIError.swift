import Foundation
import Hummingbird

/// A request the server refuses, with the HTTP status and a message naming the field and the problem.
/// Answered as `{"error":{"status":400,"message":"..."}}`.
public struct APIError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// What was wrong with the request.
    public var message: String
    /// Extra headers (`Retry-After` on a 429, `WWW-Authenticate` on a 401).
    public var headers: HTTPFields = [:]

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ message: String, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.headers = headers
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, message) }
    static func unprocessable(_ message: String) -> APIError { APIError(.unprocessableContent, message) }
    static func conflict(_ message: String) -> APIError { APIError(.conflict, message) }
    static func unauthorized(_ message: String) -> APIError {
        APIError(.unauthorized, message, headers: [.wwwAuthenticate: #"Bearer realm="roadgeo""#])
    }
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, message) }
    static func unsupportedMediaType(_ message: String) -> APIError { APIError(.unsupportedMediaType, message) }
    static func tooManyRequests(_ message: String, retryAfterSeconds: Int) -> APIError {
        APIError(.tooManyRequests, message, headers: [.retryAfter: String(retryAfterSeconds)])
    }
    static func storage(_ error: StoreError) -> APIError { APIError(.internalServerError, "storage: \(error.message)") }
    static func internalError(_ message: String) -> APIError { APIError(.internalServerError, message) }

    /// The message.
    public var description: String { "\(status.code) \(message)" }

    /// The JSON error body.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = Self.jsonResponse(status: status, message: message)
        response.headers.append(contentsOf: headers)
        return response
    }

    static func jsonResponse(status: HTTPResponse.Status, message: String) -> Response {
        struct Body: Encodable {
            struct Inner: Encodable { let status: Int; let message: String }
            let error: Inner
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Body(error: .init(status: status.code, message: message)))) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Turns every error a handler throws into a JSON error body: Hummingbird's own (unknown route 404,
/// 413 too-large body, decoding 400s) keep their status; anything unexpected becomes a 500 that
/// names no internals.
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            var response = APIError.jsonResponse(status: error.status, message: error.message)
            response.headers.append(contentsOf: error.headers)
            return response
        } catch let error as HTTPError {
            let message = error.body ?? Self.defaultMessage(error.status, request)
            var response = APIError.jsonResponse(status: error.status, message: message)
            response.headers.append(contentsOf: error.headers)
            return response
        } catch let error as any HTTPResponseError {
            return APIError.jsonResponse(status: error.status, message: Self.defaultMessage(error.status, request))
        } catch {
            context.logger.error("unhandled error on \(request.method) \(request.uri.path): \(error)")
            return APIError.jsonResponse(status: .internalServerError, message: "internal error")
        }
    }

    private static func defaultMessage(_ status: HTTPResponse.Status, _ request: Request) -> String {
        switch status {
        case .notFound: return "no such resource: \(request.method) \(request.uri.path)"
        case .contentTooLarge: return "request body too large"
        case .methodNotAllowed: return "method \(request.method) not allowed on \(request.uri.path)"
        default: return status.reasonPhrase
        }
    }
}
