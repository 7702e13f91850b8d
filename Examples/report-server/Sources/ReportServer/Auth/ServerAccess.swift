import Foundation
import Hummingbird

/// Who may do what, and how often: the settings behind ``ServerAccess``.
public struct AccessSettings: Sendable {
    /// Abuse limits (token buckets).
    public var limits = AbuseLimits()
    /// Origins other than the server's own allowed to call state-changing endpoints from a browser
    /// and answered with CORS headers (`https://jol.example.kg`). Empty: same origin only.
    public var allowedOrigins: [String] = []
    /// Mark the session cookie `Secure` (set when the server is behind TLS).
    public var secureCookies = false
    /// How long a moderator session lasts, seconds.
    public var sessionLifetimeSeconds: Double = 12 * 3600
    /// Take the client address from the last `X-Forwarded-For` entry (only behind a trusted proxy).
    public var trustForwardedFor = false

    /// Defaults.
    public init() {}
}

/// Credentials and limits of one server: the access store (moderators, sessions, citizens,
/// audit), the citizen token signer and the rate limiters.
public final class ServerAccess: Sendable {
    /// Accounts, sessions, citizens and the audit log.
    public let store: AccessStore
    /// Citizen token signer.
    public let tokens: CitizenTokens
    /// Token buckets.
    public let limiters: Limiters
    /// Settings in force.
    public let settings: AccessSettings
    /// Seconds since 1970 (injectable for tests).
    public let clock: @Sendable () -> Double

    /// Opens the access tables in the report database and the citizen secret beside it.
    /// - Throws: ``StoreError`` naming the database or secret file.
    public init(databasePath: String, sync: SyncMode = .full, settings: AccessSettings = AccessSettings(),
                clock: @escaping @Sendable () -> Double = { Date.now.timeIntervalSince1970 }) throws(StoreError) {
        store = try AccessStore(path: databasePath, sync: sync)
        tokens = try CitizenTokens.load(forDatabase: databasePath)
        limiters = Limiters(settings.limits)
        self.settings = settings
        self.clock = clock
    }

    /// Name of the session cookie.
    public static let sessionCookie = "roadgeo_session"

    /// Who sent a request.
    enum Caller {
        case moderator(Moderator, token: String)
        case citizen(Int64)
        case anonymous
    }

    /// The caller named by `Authorization: Bearer ...` or, failing that, the session cookie.
    /// - Throws: ``APIError`` 401 for a token that is malformed, badly signed or expired.
    func caller(_ request: Request) throws -> Caller {
        var token: String?
        if let auth = request.headers[.authorization] {
            let parts = auth.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw APIError.unauthorized("Authorization: expected 'Bearer <token>'")
            }
            token = String(parts[1]).trimmingCharacters(in: .whitespaces)
        } else if let cookie = request.cookies[Self.sessionCookie]?.value, !cookie.isEmpty {
            token = cookie
        }
        guard let token else { return .anonymous }
        if token.hasPrefix(CitizenTokens.prefix) {
            guard let id = tokens.citizen(of: token) else { throw APIError.unauthorized("citizen token is not valid") }
            return .citizen(id)
        }
        let moderator: Moderator?
        do { moderator = try store.moderator(sessionToken: token, now: clock()) } catch { throw APIError.storage(error) }
        guard let moderator else { throw APIError.unauthorized("session token is unknown or expired; log in again") }
        return .moderator(moderator, token: token)
    }

    /// The moderator behind a request.
    /// - Throws: ``APIError`` 401 without (valid) credentials, 403 for a citizen.
    func requireModerator(_ request: Request) throws -> (Moderator, token: String) {
        switch try caller(request) {
        case .moderator(let m, let token): return (m, token)
        case .citizen: throw APIError.forbidden("moderators only: a citizen token cannot do this")
        case .anonymous: throw APIError.unauthorized("moderators only: log in with POST /session")
        }
    }

    /// The citizen behind a request.
    /// - Throws: ``APIError`` 401 without a (valid) citizen token, 403 for a moderator session
    ///   (moderators do not report or vote as themselves).
    func requireCitizen(_ request: Request) throws -> Int64 {
        switch try caller(request) {
        case .citizen(let id): return id
        case .moderator: throw APIError.forbidden("citizens only: reports and votes need a citizen token, not a moderator session")
        case .anonymous: throw APIError.unauthorized("a citizen token is required: get one with POST /citizens")
        }
    }

    /// Charges one request to the buckets `charges`, or throws 429 with `Retry-After`.
    func charge(_ what: String, _ charges: [(RateLimiter, String)]) throws {
        if let wait = RateLimiter.charge(charges, now: clock()) {
            let seconds = max(1, Int(wait.rounded(.up)))
            throw APIError.tooManyRequests("too many \(what): try again in \(seconds) s", retryAfterSeconds: seconds)
        }
    }
}

extension ServerAccess {
    /// A report as the caller may see it: a hidden report (and its photos) exists only for
    /// moderators; anyone else gets the 404 of an unknown report.
    func visibleReport(_ id: Int64, engine: ReportEngine, request: Request) throws -> ReportView {
        let report = try engine.report(id: id)
        if report.status == ReportStatus.hidden.rawValue {
            guard case .moderator = (try? caller(request)) ?? .anonymous else { throw APIError.notFound("report \(id) not found") }
        }
        return report
    }

    /// The client's address: the peer of the connection, or behind a trusted proxy the last
    /// `X-Forwarded-For` entry (the one the proxy added).
    func clientAddress(_ request: Request, _ context: ReportRequestContext) -> String {
        if settings.trustForwardedFor,
           let forwarded = request.headers.first(where: { $0.name.canonicalName == "x-forwarded-for" })?.value,
           let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
            return String(last.prefix(64))
        }
        return context.remoteAddress
    }
}
