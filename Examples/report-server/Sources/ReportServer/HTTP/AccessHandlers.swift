import Foundation
import Hummingbird
import NIOPosix

/// `POST /citizens`, `POST /session`, `GET /session`, `DELETE /session`, `GET /audit`.
struct AccessHandlers {
    let access: ServerAccess

    /// Issues a citizen token (limited per IP address).
    func createCitizen(_ request: Request, context: ReportRequestContext) async throws -> EditedResponse<CitizenView> {
        _ = try await request.decodeJSON(EmptyBody.self, context: context, allowEmpty: true)
        try access.charge("citizen tokens from this address", [(access.limiters.citizensByIP, "ip:" + access.clientAddress(request, context))])
        let id = try storage { () throws(StoreError) in try access.store.addCitizen(now: access.clock()) }
        return EditedResponse(status: .created, response: CitizenView(citizenID: id, token: access.tokens.token(for: id)))
    }

    /// Logs a moderator in: a bearer token in the answer and the same token as an HttpOnly,
    /// SameSite=Strict cookie. 401 for a wrong name or password (which one is not said).
    func login(_ request: Request, context: ReportRequestContext) async throws -> EditedResponse<SessionView> {
        try access.charge("login attempts from this address", [(access.limiters.loginsByIP, "ip:" + access.clientAddress(request, context))])
        guard let body = try await request.decodeJSON(LoginBody.self, context: context) else { throw APIError.badRequest("empty body") }
        // bcrypt takes about a quarter second: on NIO's blocking-work pool, not a cooperative thread.
        let store = access.store
        let moderator = try await NIOThreadPool.singleton.runIfActive {
            try storage { () throws(StoreError) in try store.verifyModerator(name: body.name, password: body.password) }
        }
        guard let moderator else { throw APIError.unauthorized("name or password is wrong") }
        let now = access.clock()
        let lifetime = access.settings.sessionLifetimeSeconds
        let token = try storage { () throws(StoreError) in try access.store.startSession(for: moderator, lifetimeSeconds: lifetime, now: now) }
        try audit(moderator, "session.login", "moderator \(moderator.name)", before: nil, after: nil)
        var cookie = "\(ServerAccess.sessionCookie)=\(token); Path=/; Max-Age=\(Int(lifetime)); HttpOnly; SameSite=Strict"
        if access.settings.secureCookies { cookie += "; Secure" }
        return EditedResponse(headers: [.setCookie: cookie], response: SessionView(
            moderator: moderator.name, moderatorID: moderator.id, token: token, expiresAt: isoTime(now + lifetime)))
    }

    /// The logged-in moderator (401 otherwise).
    func current(_ request: Request, context: ReportRequestContext) throws -> SessionView {
        let (moderator, _) = try access.requireModerator(request)
        return SessionView(moderator: moderator.name, moderatorID: moderator.id, token: nil, expiresAt: nil)
    }

    /// Ends the session and clears the cookie.
    func logout(_ request: Request, context: ReportRequestContext) throws -> Response {
        let (moderator, token) = try access.requireModerator(request)
        _ = try storage { () throws(StoreError) in try access.store.endSession(token: token) }
        try audit(moderator, "session.logout", "moderator \(moderator.name)", before: nil, after: nil)
        return Response(status: .noContent, headers: [
            .setCookie: "\(ServerAccess.sessionCookie)=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict"])
    }

    /// `GET /audit?limit=100&before=ID`: the newest entries first, moderators only.
    func auditLog(_ request: Request, context: ReportRequestContext) throws -> Response {
        _ = try access.requireModerator(request)
        let query = request.uri.queryParameters
        var limit = 100
        if let text = query["limit"] {
            guard let n = Int(text), (1...1000).contains(n) else { throw APIError.badRequest("limit: an integer within 1...1000") }
            limit = n
        }
        var before: Int64?
        if let text = query["before"] {
            guard let n = Int64(text) else { throw APIError.badRequest("before: an integer entry id") }
            before = n
        }
        let entries = try storage { () throws(StoreError) in try access.store.auditEntries(limit: limit, before: before) }
        let rows: [[String: Any]] = entries.map { e in
            func object(_ text: String?) -> Any {
                text.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed]) } ?? NSNull()
            }
            return ["id": e.id, "at": e.at, "moderator_id": e.moderatorID, "moderator": e.moderator, "action": e.action,
                    "target": e.target, "before": object(e.before), "after": object(e.after)]
        }
        let data = try JSONSerialization.data(withJSONObject: ["entries": rows], options: [.sortedKeys, .withoutEscapingSlashes])
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Writes an audit entry; a failure is a 500 that says the action itself was applied.
    func audit(_ moderator: Moderator, _ action: String, _ target: String, before: String?, after: String?) throws {
        do {
            try access.store.audit(moderator: moderator, action: action, target: target, before: before, after: after, now: access.clock())
        } catch {
            throw APIError(.internalServerError, "\(action) on \(target) was applied but its audit entry failed: \(error.message)")
        }
    }
}

/// Any JSON object (its fields are ignored).
struct EmptyBody: Decodable {}

/// Runs a store call, turning its error into a 500 that names the storage problem.
func storage<R>(_ body: () throws(StoreError) -> R) throws(APIError) -> R {
    do { return try body() } catch { throw APIError.storage(error) }
}

/// An API value as the audit keeps it: the JSON the API answers with.
func auditJSON<T: Encodable>(_ value: T) -> String? {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) }
}
