import Hummingbird
import HummingbirdCore
import Logging

/// Where the server finds its static files.
public struct StaticFiles: Sendable {
    /// The map page (`index.html`, `app.js`, `style.css`), served at `/`.
    public var publicDirectory: String?
    /// Debian's `libjs-leaflet` files, served at `/leaflet/`.
    public var leafletDirectory: String?

    /// Creates the locations (nil: not served).
    public init(publicDirectory: String?, leafletDirectory: String?) {
        self.publicDirectory = publicDirectory
        self.leafletDirectory = leafletDirectory
    }
}

/// The router with every endpoint, JSON errors, the CSRF and content-type guard, CORS for the
/// configured origins, and the static map page.
/// - Parameters:
///   - engine: The engine answering the requests.
///   - access: Credentials, audit and rate limits.
///   - photos: Where photos are kept (nil: no photo endpoints).
///   - files: Static directories (the map page, Leaflet).
///   - logRequests: Log each request (off in tests and load checks).
public func buildRouter(engine: ReportEngine, access: ServerAccess, photos: PhotoStore? = nil,
                        files: StaticFiles = StaticFiles(publicDirectory: nil, leafletDirectory: nil),
                        logRequests: Bool = false) -> Router<ReportRequestContext> {
    let router = Router(context: ReportRequestContext.self)
    let origins = Set(access.settings.allowedOrigins)
    router.add(middleware: AllowedOriginsCORSMiddleware(allowedOrigins: origins))
    router.add(middleware: JSONErrorMiddleware())
    if logRequests { router.add(middleware: LogRequestsMiddleware(.info)) }
    router.add(middleware: RequestGuardMiddleware(allowedOrigins: origins))
    if let leaflet = files.leafletDirectory {
        router.add(middleware: FileMiddleware(leaflet, urlBasePath: "/leaflet", cacheControl: .init([(MediaType(type: .any), [.maxAge(86_400)])])))
    }
    if let page = files.publicDirectory {
        router.add(middleware: FileMiddleware(page, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true))
    }
    let tiles = TileHandler(engine: engine)
    let reports = ReportHandlers(engine: engine, access: access, photos: photos)
    let sections = SectionHandlers(engine: engine, access: access)
    let moderation = ModerationHandlers(engine: engine, access: access)
    let accounts = AccessHandlers(access: access)
    let roads = RoadHandlers(engine: engine)
    router.get("/tiles/:z/:x/:y", use: tiles.get)
    router.get("/tiles.json", use: tiles.tileJSON)
    router.post("/citizens", use: accounts.createCitizen)
    router.post("/session", use: accounts.login)
    router.get("/session", use: accounts.current)
    router.delete("/session", use: accounts.logout)
    router.get("/audit", use: accounts.auditLog)
    router.post("/reports", use: reports.create)
    router.get("/reports/:id", use: reports.show)
    router.post("/reports/:id/vote", use: reports.vote)
    router.post("/reports/:id/hide", use: moderation.hide)
    if let photos {
        let handlers = PhotoHandlers(engine: engine, access: access, photos: photos)
        router.post("/reports/:id/photos", use: handlers.upload)
        router.get("/reports/:id/photos", use: handlers.list)
        router.get("/reports/:id/photos/:n", use: handlers.show)
    }
    router.post("/sections", use: sections.create)
    router.post("/sections/:id/repaired", use: sections.repaired)
    router.get("/roads/:id", use: roads.show)
    router.get("/status", use: roads.status)
    return router
}

/// The HTTP application on `host:port`, with the connection limits (idle, header and body
/// timeouts at the NIO channel level, a connection cap).
public func buildApplication(engine: ReportEngine, access: ServerAccess, photos: PhotoStore?, files: StaticFiles,
                             host: String, port: Int, connections: ConnectionLimits = ConnectionLimits(),
                             logRequests: Bool = false) -> some ApplicationProtocol {
    var logger = Logger(label: "report-server")
    logger.logLevel = .info
    return Application(router: buildRouter(engine: engine, access: access, photos: photos, files: files, logRequests: logRequests),
                       server: .http1(limits: connections),
                       configuration: .init(address: .hostname(host, port: port), serverName: "RoadGeo report-server",
                                            availableConnectionsDelegate: MaximumAvailableConnections(connections.maxConnections)),
                       logger: logger)
}
