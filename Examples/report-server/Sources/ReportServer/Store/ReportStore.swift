import Foundation

/// A citizen's defect report as stored.
struct ReportRecord: Hashable, Sendable {
    var id: Int64
    var category: String
    var status: ReportStatus
    /// Where the user tapped (and, for a stretch, the second tap).
    var lon: Double, lat: Double
    var lon2: Double?, lat2: Double?
    /// The snap: road, measure along it (and the stretch's other end), snapped position, distance.
    var roadID: String
    var measureMeters: Double
    var measureToMeters: Double?
    var snappedLon: Double, snappedLat: Double
    var distanceMeters: Double
    var createdAt: Double
    var closedBySection: Int64?
    var note: String?

    /// The measure range the report covers on its road (a point report: one measure).
    var measureRange: ClosedRange<Double> {
        let to = measureToMeters ?? measureMeters
        return min(measureMeters, to)...max(measureMeters, to)
    }
}

/// Open until a repair section covering it is marked repaired, or a moderator hides it.
enum ReportStatus: String, Hashable, Sendable, Codable {
    case open
    case repaired
    /// Taken off the map by a moderator (abuse, not a road defect); kept for the audit.
    case hidden
}

/// A repair section as stored: a measure range on one road with its contract data.
struct SectionRecord: Hashable, Sendable {
    var id: Int64
    var roadID: String
    var fromMeters: Double
    var toMeters: Double
    var contractor: String?
    var cost: Double?
    var year: Int?
    var warrantyUntil: String?
    var procurementURL: String?
    var status: String
    var createdAt: Double
    var repairedAt: Double?
}

/// Reports, votes and repair sections in one SQLite file (WAL journal, so a crash or restart loses
/// nothing that was answered with success; with ``SyncMode/full`` a power loss neither).
///
/// `@unchecked Sendable` is sound: after start-up it is used by the engine's writer thread only.
final class ReportStore: @unchecked Sendable {
    private let db: SQLiteDatabase
    /// The connection (tests read its pragmas).
    var database: SQLiteDatabase { db }

    /// Opens or creates the store at `path` (`":memory:"` for tests).
    init(path: String, sync: SyncMode = .full) throws(StoreError) {
        db = try SQLiteDatabase(path: path)
        if path != ":memory:" { try db.execute("PRAGMA journal_mode=WAL; " + sync.pragma) }
        try db.execute("""
            PRAGMA foreign_keys=ON;
            CREATE TABLE IF NOT EXISTS reports(
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                category TEXT NOT NULL, status TEXT NOT NULL,
                lon REAL NOT NULL, lat REAL NOT NULL, lon2 REAL, lat2 REAL,
                road_id TEXT NOT NULL, measure_m REAL NOT NULL, measure_to_m REAL,
                snapped_lon REAL NOT NULL, snapped_lat REAL NOT NULL, distance_m REAL NOT NULL,
                created_at REAL NOT NULL, closed_by_section INTEGER, note TEXT);
            CREATE INDEX IF NOT EXISTS reports_road ON reports(road_id);
            CREATE TABLE IF NOT EXISTS votes(
                report_id INTEGER NOT NULL REFERENCES reports(id), voter TEXT NOT NULL,
                value INTEGER NOT NULL, created_at REAL NOT NULL,
                PRIMARY KEY(report_id, voter));
            CREATE TABLE IF NOT EXISTS sections(
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                road_id TEXT NOT NULL, from_m REAL NOT NULL, to_m REAL NOT NULL,
                contractor TEXT, cost REAL, year INTEGER, warranty_until TEXT, procurement_url TEXT,
                status TEXT NOT NULL, created_at REAL NOT NULL, repaired_at REAL);
            """)
    }

    // MARK: Transactions (the writer's group commit)

    /// Opens the batch's transaction.
    func begin() throws(StoreError) { try db.execute("BEGIN IMMEDIATE") }
    /// Commits it.
    func commit() throws(StoreError) { try db.execute("COMMIT") }
    /// Rolls back whatever is open, ignoring errors (nothing open is fine).
    func rollbackQuietly() { try? db.execute("ROLLBACK") }
    /// Marks the start of one job inside the batch.
    func savepoint(_ n: Int) throws(StoreError) { try db.execute("SAVEPOINT job\(n)") }
    /// Keeps the job's rows.
    func release(_ n: Int) throws(StoreError) { try db.execute("RELEASE job\(n)") }
    /// Drops the job's rows (it failed) and keeps the rest of the batch.
    func rollback(to n: Int) throws(StoreError) { try db.execute("ROLLBACK TO job\(n); RELEASE job\(n)") }

    // MARK: Reports

    /// Inserts `report` (its `id` is ignored) and returns it with the new id.
    func insert(_ report: ReportRecord) throws(StoreError) -> ReportRecord {
        try db.run("""
            INSERT INTO reports(category, status, lon, lat, lon2, lat2, road_id, measure_m, measure_to_m,
                snapped_lon, snapped_lat, distance_m, created_at, closed_by_section, note)
            VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """, Self.values(report))
        var stored = report
        stored.id = db.lastInsertRowID
        return stored
    }

    /// Inserts many reports in one transaction (seeding); returns how many.
    @discardableResult
    func insert(batch reports: [ReportRecord]) throws(StoreError) -> Int {
        try db.transaction { () throws(StoreError) in
            for r in reports { _ = try insert(r) }
        }
        return reports.count
    }

    /// Every report, in id order.
    func allReports() throws(StoreError) -> [ReportRecord] {
        let s = try db.statement("""
            SELECT id, category, status, lon, lat, lon2, lat2, road_id, measure_m, measure_to_m,
                snapped_lon, snapped_lat, distance_m, created_at, closed_by_section, note FROM reports ORDER BY id
            """)
        var out: [ReportRecord] = []
        while try s.step() {
            out.append(ReportRecord(
                id: s.int64(0), category: s.text(1) ?? "other", status: ReportStatus(rawValue: s.text(2) ?? "") ?? .open,
                lon: s.double(3), lat: s.double(4), lon2: s.optionalDouble(5), lat2: s.optionalDouble(6),
                roadID: s.text(7) ?? "", measureMeters: s.double(8), measureToMeters: s.optionalDouble(9),
                snappedLon: s.double(10), snappedLat: s.double(11), distanceMeters: s.double(12),
                createdAt: s.double(13), closedBySection: s.optionalInt64(14), note: s.text(15)))
        }
        return out
    }

    /// Marks `reports` repaired by `section`, in one transaction with the section's own update.
    /// (Inside the writer's transaction, so the section and its reports change together.)
    func markRepaired(section: SectionRecord, closing reports: [Int64]) throws(StoreError) {
        try db.run("""
            UPDATE sections SET status=?, year=?, warranty_until=?, contractor=?, repaired_at=? WHERE id=?
            """, [.text(section.status), .optional(section.year), .optional(section.warrantyUntil),
                  .optional(section.contractor), .optional(section.repairedAt), .integer(section.id)])
        for id in reports {
            try db.run("UPDATE reports SET status='repaired', closed_by_section=? WHERE id=?",
                       [.integer(section.id), .integer(id)])
        }
    }

    /// Sets one report's status (a moderator hiding it).
    func setStatus(report: Int64, _ status: ReportStatus) throws(StoreError) {
        try db.run("UPDATE reports SET status=? WHERE id=?", [.text(status.rawValue), .integer(report)])
    }

    // MARK: Votes

    /// Records `voter`'s vote on a report (a second vote by the same voter replaces the first)
    /// and returns the report's new total.
    func vote(report: Int64, voter: String, value: Int, at time: Double) throws(StoreError) -> Int {
        try db.run("""
            INSERT INTO votes(report_id, voter, value, created_at) VALUES(?,?,?,?)
            ON CONFLICT(report_id, voter) DO UPDATE SET value=excluded.value, created_at=excluded.created_at
            """, [.integer(report), .text(voter), .integer(Int64(value)), .real(time)])
        let s = try db.statement("SELECT COALESCE(SUM(value), 0) FROM votes WHERE report_id=?", [.integer(report)])
        return try s.step() ? Int(s.int64(0)) : 0
    }

    /// Vote totals by report.
    func voteTotals() throws(StoreError) -> [Int64: Int] {
        let s = try db.statement("SELECT report_id, SUM(value) FROM votes GROUP BY report_id")
        var out: [Int64: Int] = [:]
        while try s.step() { out[s.int64(0)] = Int(s.int64(1)) }
        return out
    }

    // MARK: Sections

    /// Inserts `section` (its `id` is ignored) and returns it with the new id.
    func insert(_ section: SectionRecord) throws(StoreError) -> SectionRecord {
        try db.run("""
            INSERT INTO sections(road_id, from_m, to_m, contractor, cost, year, warranty_until, procurement_url,
                status, created_at, repaired_at) VALUES(?,?,?,?,?,?,?,?,?,?,?)
            """, [.text(section.roadID), .real(section.fromMeters), .real(section.toMeters), .optional(section.contractor),
                  .optional(section.cost), .optional(section.year), .optional(section.warrantyUntil),
                  .optional(section.procurementURL), .text(section.status), .real(section.createdAt),
                  .optional(section.repairedAt)])
        var stored = section
        stored.id = db.lastInsertRowID
        return stored
    }

    /// Every section, in id order.
    func allSections() throws(StoreError) -> [SectionRecord] {
        let s = try db.statement("""
            SELECT id, road_id, from_m, to_m, contractor, cost, year, warranty_until, procurement_url, status,
                created_at, repaired_at FROM sections ORDER BY id
            """)
        var out: [SectionRecord] = []
        while try s.step() {
            out.append(SectionRecord(
                id: s.int64(0), roadID: s.text(1) ?? "", fromMeters: s.double(2), toMeters: s.double(3),
                contractor: s.text(4), cost: s.optionalDouble(5), year: s.optionalInt64(6).map { Int($0) },
                warrantyUntil: s.text(7), procurementURL: s.text(8), status: s.text(9) ?? "planned",
                createdAt: s.double(10), repairedAt: s.optionalDouble(11)))
        }
        return out
    }

    private static func values(_ r: ReportRecord) -> [SQLValue] {
        [.text(r.category), .text(r.status.rawValue), .real(r.lon), .real(r.lat), .optional(r.lon2), .optional(r.lat2),
         .text(r.roadID), .real(r.measureMeters), .optional(r.measureToMeters), .real(r.snappedLon), .real(r.snappedLat),
         .real(r.distanceMeters), .real(r.createdAt), .optional(r.closedBySection), .optional(r.note)]
    }
}
