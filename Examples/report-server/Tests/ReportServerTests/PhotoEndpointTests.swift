import HTTPTypes
import Foundation
import Hummingbird
import HummingbirdTesting
import RoadGeo
import Testing
@testable import ReportServer

/// A fixture photo's bytes.
func fixture(_ name: String) throws -> [UInt8] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/exif-samples/\(name)")
    return Array(try Data(contentsOf: url))
}

/// What ExifTool (the oracle, Debian's libimage-exiftool-perl) reads from some bytes: tag name to value.
func exiftool(_ bytes: [UInt8]) throws -> [String: Any] {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("photo-\(UUID().uuidString)")
    try Data(bytes).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/exiftool")
    process.arguments = ["-j", "-n", "-a", "-G1", file.path]
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let out = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ((try JSONSerialization.jsonObject(with: out)) as? [[String: Any]])?.first ?? [:]
}

extension APIClient {
    func upload(_ bytes: [UInt8], to path: String, type: String, token: String? = nil) async throws -> JSONAnswer {
        var h: HTTPFields = [.contentType: type, .authorization: "Bearer " + (token ?? citizenToken)]
        h[.contentLength] = String(bytes.count)
        return try await raw.execute(uri: path, method: .post, headers: h, body: ByteBuffer(bytes: bytes)) { r in
            let text = String(buffer: r.body)
            let object = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
            return JSONAnswer(status: r.status, headers: r.headers, object: object, text: text)
        }
    }

    func bytes(_ path: String) async throws -> (HTTPResponse.Status, HTTPFields, [UInt8]) {
        try await raw.execute(uri: path, method: .get) { r in (r.status, r.headers, Array(r.body.readableBytesView)) }
    }
}

@Suite("photos: type from the bytes, stored by hash, EXIF GPS read and removed")
struct PhotoEndpointTests {
    @Test("round trip: the EXIF GPS is recorded as ExifTool reads it, and the served copy has no EXIF, XMP or maker notes")
    func roundTrip() async throws {
        let database = temporaryDatabase()
        let engine = try makeEngine(database: database)
        let photos = try PhotoStore(databasePath: database)
        let original = try fixture("DSCN0010.jpg")
        let oracle = try exiftool(original)
        #expect(oracle["GPS:GPSLatitude"] as? Double == 43.4674483333333)
        let width = oracle["File:ImageWidth"] as? Int, height = oracle["File:ImageHeight"] as? Int
        #expect(width != nil && height != nil)
        let p = tap(road: testRoad, measure: 150, offset: 3)
        try await withServer(engine, photos: photos) { client in
            let report = try await client.postReport(lon: p.point.longitude, lat: p.point.latitude)
            let id = try #require((report["report"] as? [String: Any])?["id"] as? Int)
            let up = try await client.upload(original, to: "/reports/\(id)/photos", type: "image/jpeg")
            #expect(up.status == .created, "\(up.text)")
            #expect(up["url"] as? String == "/reports/\(id)/photos/1")
            let gps = try #require(up["gps"] as? [String: Any])
            #expect(abs((gps["lat"] as? Double ?? 0) - 43.4674483333333) < 1e-9)
            #expect(abs((gps["lon"] as? Double ?? 0) - 11.8851266666639) < 1e-9)

            let (status, headers, served) = try await client.bytes("/reports/\(id)/photos/1")
            #expect(status == .ok)
            #expect(headers[.contentType] == "image/jpeg")
            #expect(served.count < original.count)
            let tags = try exiftool(served)
            let groups = Set(tags.keys.compactMap { $0.split(separator: ":").first.map(String.init) })
            #expect(groups.isDisjoint(with: ["GPS", "ExifIFD", "IFD0", "IFD1", "Nikon", "XMP-x", "XMP-microsoft", "InteropIFD"]), "\(groups.sorted())")
            #expect(tags["File:ImageWidth"] as? Int == width)
            #expect(tags["File:ImageHeight"] as? Int == height)
            #expect(!served.containsSubsequence(PhotoMetadata.exifHeader))
            #expect(!PhotoMetadata.hasMetadata(served, format: .jpeg))
            // Stored by the hash of the served bytes; the same upload again shares the file.
            let sha = try #require(up["sha256"] as? String)
            #expect(FileManager.default.fileExists(atPath: photos.directory + "/\(sha).jpeg"))
            #expect(try await client.upload(original, to: "/reports/\(id)/photos", type: "image/jpeg")["url"] as? String == "/reports/\(id)/photos/2")
            #expect(try FileManager.default.contentsOfDirectory(atPath: photos.directory).count == 1)
            let list = try await client.json(.get, "/reports/\(id)/photos")
            #expect((list["photos"] as? [[String: Any]])?.count == 2)
            #expect(try await client.bytes("/reports/\(id)/photos/3").0 == .notFound)
        }
        // The metadata is in SQLite: a new store over the same database lists it.
        #expect(try PhotoStore(databasePath: database).photos(of: 1).map(\.number) == [1, 2])
    }

    @Test("a report sent as a photo alone is placed at its EXIF GPS position and snapped")
    func reportFromPhoto() async throws {
        let engine = try makeEngine()
        let photos = try PhotoStore(databasePath: temporaryDatabase())
        let bytes = try fixture("DSCN0010-moscow.jpg")
        let oracle = try exiftool(bytes)
        let lat = try #require(oracle["GPS:GPSLatitude"] as? Double), lon = try #require(oracle["GPS:GPSLongitude"] as? Double)
        let snap = try #require(moscow.snap(Coordinate(lon, lat), options: SnapOptions(maxDistanceMeters: 50)))
        try await withServer(engine, photos: photos) { client in
            let answer = try await client.upload(bytes, to: "/reports?category=pothole&note=from%20a%20photo", type: "image/jpeg")
            #expect(answer.status == .created, "\(answer.text)")
            let r = try #require(answer["report"] as? [String: Any])
            #expect(abs((r["lat"] as? Double ?? 0) - lat) < 1e-9 && abs((r["lon"] as? Double ?? 0) - lon) < 1e-9)
            #expect(r["road_id"] as? String == moscow.roads[snap.roadIndex].id)
            #expect(r["note"] as? String == "from a photo")
            let id = try #require(r["id"] as? Int)
            let list = try await client.json(.get, "/reports/\(id)/photos")
            #expect((list["photos"] as? [[String: Any]])?.count == 1)
            // Without GPS there is nothing to place it by.
            let (_, _, stripped) = try await client.bytes("/reports/\(id)/photos/1")
            let none = try await client.upload(stripped, to: "/reports?category=pothole", type: "image/jpeg")
            #expect(none.status == .unprocessableContent)
            #expect(none.errorMessage?.contains("no GPS") == true)
        }
    }

    @Test("photos: 401 without a citizen token, 415 for a declared type the bytes do not have or no image at all, 413 past 10 MB, 400 truncated")
    func refusals() async throws {
        let engine = try makeEngine()
        let photos = try PhotoStore(databasePath: temporaryDatabase())
        let jpeg = try fixture("DSCN0010.jpg")
        let p = tap(road: testRoad, measure: 150, offset: 3)
        try await withServer(engine, photos: photos) { client in
            let report = try await client.postReport(lon: p.point.longitude, lat: p.point.latitude)
            let id = try #require((report["report"] as? [String: Any])?["id"] as? Int)
            let path = "/reports/\(id)/photos"
            let anonymous = try await client.raw.execute(uri: path, method: .post, headers: [.contentType: "image/jpeg"], body: ByteBuffer(bytes: jpeg)) { $0.status }
            #expect(anonymous == .unauthorized)
            #expect(try await client.upload(jpeg, to: path, type: "image/jpeg", token: client.moderatorToken).status == .forbidden)
            #expect(try await client.upload(jpeg, to: path, type: "image/jpeg", token: "c1.1.forged").status == .unauthorized)
            #expect(try await client.upload(jpeg, to: path, type: "image/png").status == .unsupportedMediaType)
            #expect(try await client.upload(jpeg, to: path, type: "application/json").status == .unsupportedMediaType)
            #expect(try await client.upload(Array("GIF89a....".utf8), to: path, type: "image/jpeg").status == .unsupportedMediaType)
            #expect(try await client.upload(Array(jpeg.prefix(5000)), to: path, type: "image/jpeg").status == .badRequest)
            let huge = jpeg + [UInt8](repeating: 0, count: PhotoStore.maxBytes)
            #expect(try await client.upload(huge, to: path, type: "image/jpeg").status == .contentTooLarge)
            #expect(try await client.upload(jpeg, to: "/reports/999/photos", type: "image/jpeg").status == .notFound)
            #expect(try await client.json(.get, path)["photos"] as? [Any] != nil)
            #expect((try await client.json(.get, path)["photos"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("uploads share the citizen's report bucket: 429 with Retry-After once it is dry")
    func uploadLimit() async throws {
        var limits = AbuseLimits.unlimited
        limits.reportsPerMinute = 2
        let access = try makeAccess(limits: limits, clock: { fixedNow })
        let engine = try makeEngine()
        let jpeg = try fixture("DSCN0010.jpg")
        let p = tap(road: testRoad, measure: 150, offset: 3)
        try await withServer(engine, access: access, photos: try PhotoStore(databasePath: temporaryDatabase())) { client in
            let report = try await client.postReport(lon: p.point.longitude, lat: p.point.latitude)
            let id = try #require((report["report"] as? [String: Any])?["id"] as? Int)
            #expect(try await client.upload(jpeg, to: "/reports/\(id)/photos", type: "image/jpeg").status == .created)
            let third = try await client.upload(jpeg, to: "/reports/\(id)/photos", type: "image/jpeg")
            #expect(third.status == .tooManyRequests)
            #expect(third.headers[.retryAfter] == "30")
        }
    }

    @Test("real PNG, WebP and JPEG files from Pillow's test suite: ExifTool finds no metadata left, the size and ICC profile kept, no position from broken GPS",
          arguments: [("flower.webp", PhotoFormat.webp, false), ("flower2.webp", .webp, true), ("exif.png", .png, false),
                      ("xmp_tags_orientation.png", .png, true), ("exif_gps.jpg", .jpeg, false), ("empty_gps_ifd.jpg", .jpeg, false),
                      ("truncated_exif_dpi.jpg", .jpeg, true)])
    func pillowFixtures(name: String, format: PhotoFormat, hasICC: Bool) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/pillow/\(name)")
        let original = Array(try Data(contentsOf: url))
        #expect(PhotoFormat(sniffing: original) == format)
        #expect(PhotoMetadata.gpsPosition(in: original, format: format) == nil)
        let before = try exiftool(original)
        let metadata: Set<String> = ["IFD0", "IFD1", "ExifIFD", "GPS", "InteropIFD", "Canon", "XMP-x", "XMP-dc", "XMP-xmp",
                                     "XMP-xmpMM", "XMP-photoshop", "XMP-exif", "XMP-tiff", "PNG-tEXt", "Photoshop", "IPTC"]
        func groups(_ tags: [String: Any]) -> Set<String> { Set(tags.keys.compactMap { $0.split(separator: ":").first.map(String.init) }) }
        #expect(!groups(before).isDisjoint(with: metadata), "the fixture should carry metadata: \(groups(before).sorted())")
        let served = try PhotoMetadata.stripped(original, format: format)
        let after = try exiftool(served)
        #expect(groups(after).isDisjoint(with: metadata), "\(name): \(groups(after).intersection(metadata).sorted())")
        #expect(after["ExifTool:Warning"] == nil && after["ExifTool:Error"] == nil, "\(after["ExifTool:Warning"] ?? after["ExifTool:Error"] ?? "")")
        for key in ["PNG:ImageWidth", "PNG:ImageHeight", "RIFF:ImageWidth", "RIFF:ImageHeight", "File:ImageWidth", "File:ImageHeight"]
        where before[key] != nil {
            #expect(after[key] as? Int == before[key] as? Int, "\(name) \(key)")
        }
        #expect(groups(after).contains("ICC_Profile") == hasICC, "\(name): ICC profile")
        #expect(after["PNG:TextualData"] == nil && after["PNG:ModifyDate"] == nil)
        #expect(try PhotoMetadata.stripped(served, format: format) == served, "stripping is idempotent")
    }

    @Test("PNG and WebP: metadata chunks dropped, image chunks kept byte for byte")
    func pngAndWebP() throws {
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let n = UInt32(data.count)
            return [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + Array(type.utf8) + data + [0, 0, 0, 0]
        }
        let sig: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        let ihdr = chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]), idat = chunk("IDAT", [1, 2, 3]), iend = chunk("IEND", [])
        let png = sig + ihdr + chunk("eXIf", Array("MM\0*".utf8) + [0, 0, 0, 8]) + chunk("tEXt", Array("GPS\0here".utf8)) + idat + iend
        #expect(try PhotoMetadata.stripped(png, format: .png) == sig + ihdr + idat + iend)
        #expect(throws: PhotoError.self) { try PhotoMetadata.stripped(Array(png.dropLast(6)), format: .png) }

        func riff(_ chunks: [UInt8]) -> [UInt8] {
            let n = UInt32(chunks.count + 4)
            return Array("RIFF".utf8) + [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24)] + Array("WEBP".utf8) + chunks
        }
        func wchunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let n = UInt32(data.count)
            return Array(type.utf8) + [UInt8(n & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 24)] + data + (data.count % 2 == 1 ? [0] : [])
        }
        let vp8x = wchunk("VP8X", [0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0]), image = wchunk("VP8L", [0x2F, 0, 0, 0, 0])
        let webp = riff(vp8x + image + wchunk("EXIF", [1, 2, 3]) + wchunk("XMP ", [4]))
        #expect(try PhotoMetadata.stripped(webp, format: .webp) == riff(wchunk("VP8X", [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) + image))
        #expect(PhotoFormat(sniffing: webp) == .webp && PhotoFormat(sniffing: png) == .png)
    }
}

extension Array where Element == UInt8 {
    func containsSubsequence(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { self[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
