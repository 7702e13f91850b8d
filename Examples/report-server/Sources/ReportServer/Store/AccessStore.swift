import Foundation
import Synchronization

/// Moderators, their sessions, citizens and the audit log, in their own tables of the report
/// database (one connection of its own, so the report engine's lock is never needed to check a
/// credential).
///
/// Aspects live in their own files: `ModeratorStore.swift` (accounts and sessions),
/// `CitizenStore.swift`, `AuditLog.swift`.
public final class AccessStore: Sendable {
    let db: Mutex<SQLiteDatabase>
    /// The database file (`":memory:"` in some tests).
    public let path: String

    /// Opens or creates the tables in the database at `path`.
    /// - Throws: ``StoreError`` when the database cannot be opened or the schema created.
    public init(path: String, sync: SyncMode = .full) throws(StoreError) {
        let db = try SQLiteDatabase(path: path)
        if path != ":memory:" { try db.execute("PRAGMA journal_mode=WAL; " + sync.pragma) }
        try db.execute("""
            CREATE TABLE IF NOT EXISTS moderators(
                id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL, created_at REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS moderator_sessions(
                token_hash BLOB PRIMARY KEY, moderator_id INTEGER NOT NULL REFERENCES moderators(id),
                created_at REAL NOT NULL, expires_at REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS citizens(
                id INTEGER PRIMARY KEY AUTOINCREMENT, created_at REAL NOT NULL);
            CREATE TABLE IF NOT EXISTS audit(
                id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL,
                moderator_id INTEGER NOT NULL, moderator TEXT NOT NULL,
                action TEXT NOT NULL, target TEXT NOT NULL, before TEXT, after TEXT);
            """)
        self.db = Mutex(db)
        self.path = path
    }
}
