import Hummingbird
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

/// The router with every endpoint, JSON errors, and the static map page.
/// - Parameters:
///   - engine: The engine answering the requests.
///   - files: Static directories (the map page, Leaflet).
///   - logRequests: Log each request (off in tests and load checks).
public func buildRouter(engine: ReportEngine, files: StaticFiles = StaticFiles(publicDirectory: nil, leafletDirectory: nil),
                        logRequests: Bool = false) -> Router<ReportRequestContext> {
    let router = Router(context: ReportRequestContext.self)
    router.add(middleware: JSONErrorMiddleware())
    if logRequests { router.add(middleware: LogRequestsMiddleware(.info)) }
    if let leaflet = files.leafletDirectory {
        router.add(middleware: FileMiddleware(leaflet, urlBasePath: "/leaflet", cacheControl: .init([(MediaType(type: .any), [.maxAge(86_400)])])))
    }
    if let page = files.publicDirectory {
        router.add(middleware: FileMiddleware(page, cacheControl: .init([(MediaType(type: .any), [.noCache])]), searchForIndexHtml: true))
    }
    let tiles = TileHandler(engine: engine)
    let reports = ReportHandlers(engine: engine)
    let sections = SectionHandlers(engine: engine)
    let roads = RoadHandlers(engine: engine)
    router.get("/tiles/:z/:x/:y", use: tiles.get)
    router.post("/reports", use: reports.create)
    router.get("/reports/:id", use: reports.show)
    router.post("/reports/:id/vote", use: reports.vote)
    router.post("/sections", use: sections.create)
    router.post("/sections/:id/repaired", use: sections.repaired)
    router.get("/roads/:id", use: roads.show)
    router.get("/status", use: roads.status)
    return router
}

/// The HTTP application on `host:port`.
public func buildApplication(engine: ReportEngine, files: StaticFiles, host: String, port: Int,
                             logRequests: Bool = false) -> some ApplicationProtocol {
    var logger = Logger(label: "report-server")
    logger.logLevel = .info
    return Application(router: buildRouter(engine: engine, files: files, logRequests: logRequests),
                       configuration: .init(address: .hostname(host, port: port), serverName: "RoadGeo report-server"),
                       logger: logger)
}
