import Crypto
import Foundation
import RoadGeo
import Synchronization

/// A stored photo's metadata.
public struct PhotoRecord: Hashable, Sendable {
    /// The report.
    public var reportID: Int64
    /// The photo's number on its report (1, 2, ...).
    public var number: Int
    /// SHA-256 (hex) of the served, metadata-free bytes: also the file name.
    public var sha256: String
    /// SHA-256 (hex) of the bytes as uploaded.
    public var originalSHA256: String
    /// JPEG, PNG or WebP (sniffed from the bytes).
    public var format: PhotoFormat
    /// Size of the served copy, bytes.
    public var bytes: Int
    /// Size of the upload, bytes.
    public var originalBytes: Int
    /// The EXIF GPS longitude (EPSG:4326), if the photo carried a position.
    public var gpsLongitude: Double?
    /// The EXIF GPS latitude (EPSG:4326), if the photo carried a position.
    public var gpsLatitude: Double?
    /// The citizen who uploaded it.
    public var citizenID: Int64
    /// Upload time, seconds since 1970.
    public var createdAt: Double
}

/// Photos on disk by content hash (`<database>-photos/<sha256>.<ext>`, the metadata-free copy
/// only: the uploaded bytes with their EXIF are never written) and their metadata in SQLite.
///
/// A photo is acknowledged only after its file is fsynced and renamed into place and its row
/// committed; two uploads of the same picture share one file.
public final class PhotoStore: Sendable {
    /// The largest upload, bytes.
    public static let maxBytes = 10 << 20
    /// Photos one report may have.
    public static let maxPerReport = 10
    /// Where the files are.
    public let directory: String
    private let db: Mutex<SQLiteDatabase>

    /// Opens (creating if needed) the table in the database at `databasePath` and the folder beside it.
    /// - Throws: ``StoreError`` naming the database or folder.
    public init(databasePath: String, sync: SyncMode = .full) throws(StoreError) {
        directory = databasePath == ":memory:"
            ? FileManager.default.temporaryDirectory.appendingPathComponent("report-photos-\(UUID().uuidString)").path
            : databasePath + "-photos"
        do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
            throw StoreError("photos folder \(directory): cannot create: \(error.localizedDescription)")
        }
        let db = try SQLiteDatabase(path: databasePath)
        if databasePath != ":memory:" { try db.execute("PRAGMA journal_mode=WAL; " + sync.pragma) }
        try db.execute("""
            CREATE TABLE IF NOT EXISTS photos(
                report_id INTEGER NOT NULL, n INTEGER NOT NULL, sha256 TEXT NOT NULL, original_sha256 TEXT NOT NULL,
                format TEXT NOT NULL, bytes INTEGER NOT NULL, original_bytes INTEGER NOT NULL,
                gps_lon REAL, gps_lat REAL, citizen_id INTEGER NOT NULL, created_at REAL NOT NULL,
                PRIMARY KEY(report_id, n));
            """)
        self.db = Mutex(db)
    }

    /// Strips the photo's metadata, writes the copy by its hash and records it as the report's next photo.
    /// - Throws: ``PhotoError`` for bytes that are not a well-formed photo of `format`;
    ///   ``StoreError`` for a failed write or a report that already has ``maxPerReport`` photos.
    public func add(_ upload: [UInt8], format: PhotoFormat, report: Int64, citizen: Int64, now: Double) throws -> PhotoRecord {
        let served = try PhotoMetadata.stripped(upload, format: format)
        let gps = PhotoMetadata.gpsPosition(in: upload, format: format)
        let hash = hex(SHA256.hash(data: served))
        try writeFile(served, name: hash + "." + format.rawValue)
        return try db.withLock { db throws(StoreError) -> PhotoRecord in
            try db.transaction { () throws(StoreError) -> PhotoRecord in
                let s = try db.statement("SELECT COALESCE(MAX(n), 0) FROM photos WHERE report_id=?", [.integer(report)])
                let n = try s.step() ? Int(s.int64(0)) + 1 : 1
                guard n <= Self.maxPerReport else { throw StoreError("report \(report) already has \(Self.maxPerReport) photos") }
                let record = PhotoRecord(reportID: report, number: n, sha256: hash, originalSHA256: hex(SHA256.hash(data: upload)),
                                         format: format, bytes: served.count, originalBytes: upload.count,
                                         gpsLongitude: gps?.longitude, gpsLatitude: gps?.latitude, citizenID: citizen, createdAt: now)
                try db.run("""
                    INSERT INTO photos(report_id, n, sha256, original_sha256, format, bytes, original_bytes, gps_lon, gps_lat,
                        citizen_id, created_at) VALUES(?,?,?,?,?,?,?,?,?,?,?)
                    """, [.integer(report), .integer(Int64(n)), .text(hash), .text(record.originalSHA256), .text(format.rawValue),
                          .integer(Int64(served.count)), .integer(Int64(upload.count)), .optional(gps?.longitude),
                          .optional(gps?.latitude), .integer(citizen), .real(now)])
                return record
            }
        }
    }

    /// The photos of a report, by number.
    public func photos(of report: Int64) throws(StoreError) -> [PhotoRecord] {
        try db.withLock { db throws(StoreError) in
            let s = try db.statement("""
                SELECT report_id, n, sha256, original_sha256, format, bytes, original_bytes, gps_lon, gps_lat, citizen_id, created_at
                FROM photos WHERE report_id=? ORDER BY n
                """, [.integer(report)])
            var out: [PhotoRecord] = []
            while try s.step() {
                out.append(PhotoRecord(reportID: s.int64(0), number: Int(s.int64(1)), sha256: s.text(2) ?? "", originalSHA256: s.text(3) ?? "",
                                       format: PhotoFormat(rawValue: s.text(4) ?? "") ?? .jpeg, bytes: Int(s.int64(5)),
                                       originalBytes: Int(s.int64(6)), gpsLongitude: s.optionalDouble(7), gpsLatitude: s.optionalDouble(8),
                                       citizenID: s.int64(9), createdAt: s.double(10)))
            }
            return out
        }
    }

    /// The served bytes of a photo.
    /// - Throws: ``StoreError`` when the file is missing or unreadable.
    public func bytes(of photo: PhotoRecord) throws(StoreError) -> [UInt8] {
        let path = directory + "/" + photo.sha256 + "." + photo.format.rawValue
        guard let data = FileManager.default.contents(atPath: path) else { throw StoreError("photo file \(path): missing or unreadable") }
        return Array(data)
    }

    /// Writes `bytes` to `name` in the folder: a temporary file, fsynced, renamed into place, the
    /// folder fsynced. An existing file of that name (the same content) is kept.
    private func writeFile(_ bytes: [UInt8], name: String) throws(StoreError) {
        let path = directory + "/" + name
        if FileManager.default.fileExists(atPath: path) { return }
        let temporary = directory + "/.upload-" + UUID().uuidString
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o640)
        guard fd >= 0 else { throw StoreError("photo file \(temporary): cannot create (errno \(errno))") }
        var written = 0
        let ok: Bool = bytes.withUnsafeBytes { p in
            guard let base = p.baseAddress else { return fsync(fd) == 0 }
            while written < p.count {
                let n = write(fd, base + written, p.count - written)
                if n <= 0 { return false }
                written += n
            }
            return fsync(fd) == 0
        }
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw StoreError("photo file \(path): write failed (errno \(errno))")
        }
        let dir = open(directory, O_RDONLY)
        if dir >= 0 { fsync(dir); close(dir) }
    }
}

private func hex(_ digest: some Sequence<UInt8>) -> String { digest.map { String(format: "%02x", $0) }.joined() }
