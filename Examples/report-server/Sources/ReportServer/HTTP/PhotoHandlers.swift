import Foundation
import HTTPTypes
import Hummingbird
import RoadGeo

/// `POST /reports/{id}/photos`, `GET /reports/{id}/photos`, `GET /reports/{id}/photos/{n}`, and a
/// report made from a photo alone (`POST /reports?category=...` with an image body).
struct PhotoHandlers {
    let engine: ReportEngine
    let access: ServerAccess
    let photos: PhotoStore

    /// Adds a photo (raw JPEG, PNG or WebP, at most 10 MB, its type checked from the bytes) to an open report.
    func upload(_ request: Request, context: ReportRequestContext) async throws -> EditedResponse<PhotoView> {
        let citizen = try access.requireCitizen(request)
        let id = try context.parameters.id("id", of: "report")
        let l = access.limiters
        try access.charge("uploads", [(l.reportsByCitizen, "citizen:\(citizen)"), (l.reportsByIP, "ip:" + access.clientAddress(request, context))])
        let report = try engine.report(id: id)
        guard report.status == "open" else { throw APIError.conflict("report \(id) is \(report.status); photos go on open reports") }
        let (bytes, format) = try await Self.readPhoto(request)
        let record = try store(bytes, format: format, report: id, citizen: citizen)
        return EditedResponse(status: .created, response: PhotoView(record))
    }

    /// The photos of a report.
    func list(_ request: Request, context: ReportRequestContext) throws -> PhotoList {
        let id = try context.parameters.id("id", of: "report")
        _ = try access.visibleReport(id, engine: engine, request: request)
        return PhotoList(photos: try storage { () throws(StoreError) in try photos.photos(of: id) }.map(PhotoView.init))
    }

    /// One photo's served (metadata-free) bytes.
    func show(_ request: Request, context: ReportRequestContext) throws -> Response {
        let id = try context.parameters.id("id", of: "report")
        let n = try context.parameters.id("n", of: "photo")
        _ = try access.visibleReport(id, engine: engine, request: request)
        guard let record = try storage({ () throws(StoreError) in try photos.photos(of: id) }).first(where: { $0.number == n }) else {
            throw APIError.notFound("report \(id) has no photo \(n)")
        }
        let bytes = try storage { () throws(StoreError) in try photos.bytes(of: record) }
        let etag = "\"\(record.sha256)\""
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "public, max-age=31536000, immutable",
                                   .contentType: record.format.mediaType]
        if let nosniff = HTTPField.Name("X-Content-Type-Options") { headers[nosniff] = "nosniff" }
        if let match = request.headers[.ifNoneMatch], TileHandler.matches(match, etag) {
            return Response(status: .notModified, headers: [.eTag: etag])
        }
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `POST /reports?category=pothole[&note=...]` with an image body: the report is placed at
    /// the photo's EXIF GPS position (422 when it has none), and the photo becomes its first.
    func reportFromPhoto(_ request: Request, context: ReportRequestContext, citizen: Int64) async throws -> EditedResponse<ReportSubmission> {
        let query = request.uri.queryParameters
        guard let category = query["category"].map(String.init) else { throw APIError.badRequest("category: required as a query parameter with a photo body") }
        let note = query["note"].map(String.init)
        let (bytes, format) = try await Self.readPhoto(request)
        guard let gps = PhotoMetadata.gpsPosition(in: bytes, format: format) else {
            throw APIError.unprocessable("the photo carries no GPS position: tap the map to place the report")
        }
        let submission = try await engine.submitReport(ReportBody(lon: gps.longitude, lat: gps.latitude, category: category, end: nil, note: note))
        _ = try store(bytes, format: format, report: submission.report.id, citizen: citizen)
        return EditedResponse(status: .created, response: submission)
    }

    private func store(_ bytes: [UInt8], format: PhotoFormat, report: Int64, citizen: Int64) throws -> PhotoRecord {
        let existing = try storage { () throws(StoreError) in try photos.photos(of: report) }
        guard existing.count < PhotoStore.maxPerReport else { throw APIError.conflict("report \(report) already has \(PhotoStore.maxPerReport) photos") }
        do {
            return try photos.add(bytes, format: format, report: report, citizen: citizen, now: access.clock())
        } catch let error as PhotoError {
            throw APIError.badRequest("photo: \(error.message)")
        } catch let error as StoreError {
            throw APIError.storage(error)
        }
    }

    /// The body (at most ``PhotoStore/maxBytes``; 413 beyond) and its format, sniffed from the
    /// bytes and required to match the declared `Content-Type` (415 otherwise).
    static func readPhoto(_ request: Request) async throws -> ([UInt8], PhotoFormat) {
        let declared = request.headers[.contentType]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard let format = PhotoFormat(mediaType: declared) else {
            throw APIError.unsupportedMediaType("Content-Type: image/jpeg, image/png or image/webp required")
        }
        let buffer = try await request.body.collect(upTo: PhotoStore.maxBytes)
        let bytes = Array(buffer.readableBytesView)
        guard !bytes.isEmpty else { throw APIError.badRequest("photo: empty body") }
        guard let sniffed = PhotoFormat(sniffing: bytes) else {
            throw APIError.unsupportedMediaType("photo: the bytes are not a JPEG, PNG or WebP image")
        }
        guard sniffed == format else {
            throw APIError.unsupportedMediaType("photo: declared \(format.mediaType) but the bytes are \(sniffed.rawValue.uppercased())")
        }
        return (bytes, format)
    }
}

/// A photo as the API lists it.
public struct PhotoView: Encodable, Sendable {
    var reportID: Int64
    var number: Int
    var url: String
    var mediaType: String
    var bytes: Int
    var sha256: String
    /// The EXIF GPS position the upload carried (removed from the served copy).
    var gps: CoordinateBody?
    var createdAt: String

    init(_ r: PhotoRecord) {
        reportID = r.reportID
        number = r.number
        url = "/reports/\(r.reportID)/photos/\(r.number)"
        mediaType = r.format.mediaType
        bytes = r.bytes
        sha256 = r.sha256
        gps = r.gpsLongitude.flatMap { lon in r.gpsLatitude.map { CoordinateBody(lon: lon, lat: $0) } }
        createdAt = isoTime(r.createdAt)
    }
}

/// `GET /reports/{id}/photos` answer.
public struct PhotoList: Encodable, Sendable {
    var photos: [PhotoView]
}

extension PhotoView: ResponseEncodable {}
extension PhotoList: ResponseEncodable {}
