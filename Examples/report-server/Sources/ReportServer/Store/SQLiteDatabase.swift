import CSQLite

/// A failed SQLite call, naming the database file, the statement and SQLite's own message.
public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong.
    public var message: String
    /// Creates an error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// One SQLite connection (the C handle it owns is closed in `deinit`).
///
/// Not thread-safe by itself: ``ReportStore`` is only used under the engine's lock.
final class SQLiteDatabase {
    let path: String
    private let handle: OpaquePointer

    /// Opens (creating if needed) the database at `path`; `":memory:"` gives a private in-memory one.
    init(path: String) throws(StoreError) {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            if let db { sqlite3_close(db) }
            throw StoreError("database \(path): cannot open: \(message)")
        }
        self.path = path
        self.handle = db
        sqlite3_busy_timeout(db, 5_000)
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs one or more statements that return no rows.
    func execute(_ sql: String) throws(StoreError) {
        var error: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &error)
        if rc != SQLITE_OK {
            let message = error.map { String(cString: $0) } ?? lastError
            sqlite3_free(error)
            throw StoreError("database \(path): \(message) in: \(sql.prefix(80))")
        }
    }

    /// Compiles `sql`, binds `values` to its `?` parameters in order, and returns the statement.
    func statement(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) -> SQLiteStatement {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else {
            throw StoreError("database \(path): \(lastError) in: \(sql.prefix(80))")
        }
        let statement = SQLiteStatement(handle: stmt, database: self, sql: sql)
        try statement.bind(values)
        return statement
    }

    /// Runs `sql` with `values` for its effect (INSERT, UPDATE, DELETE).
    func run(_ sql: String, _ values: [SQLValue] = []) throws(StoreError) {
        let s = try statement(sql, values)
        while try s.step() {}
    }

    /// Runs `body` inside one transaction, rolled back if it throws.
    func transaction<R>(_ body: () throws(StoreError) -> R) throws(StoreError) -> R {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// Rows changed by the last INSERT, UPDATE or DELETE on this connection.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// The row id of the last INSERT on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }
}

/// A value bound to a statement parameter.
enum SQLValue {
    case integer(Int64)
    case real(Double)
    /// Bound with its UTF-8 byte length, so a string with an interior NUL is stored whole.
    case text(String)
    /// Bound as a BLOB (photo hashes, secrets).
    case blob([UInt8])
    case null

    static func optional(_ value: String?) -> SQLValue { value.map(SQLValue.text) ?? .null }
    static func optional(_ value: Double?) -> SQLValue { value.map(SQLValue.real) ?? .null }
    static func optional(_ value: Int?) -> SQLValue { value.map { .integer(Int64($0)) } ?? .null }
    static func optional(_ value: Int64?) -> SQLValue { value.map(SQLValue.integer) ?? .null }
}

/// A compiled statement (finalized in `deinit`).
final class SQLiteStatement {
    private let handle: OpaquePointer
    private let database: SQLiteDatabase
    private let sql: String

    fileprivate init(handle: OpaquePointer, database: SQLiteDatabase, sql: String) {
        self.handle = handle
        self.database = database
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    fileprivate func bind(_ values: [SQLValue]) throws(StoreError) {
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
            case .real(let v): rc = sqlite3_bind_double(handle, index, v)
            case .text(let v):
                // Explicit byte length: a C-string bind would stop at the first NUL and store
                // "before\u{0}after" as "before".
                let bytes = Array(v.utf8)
                rc = bytes.withUnsafeBytes { raw in
                    sqlite3_bind_text64(handle, index, (raw.baseAddress ?? emptyText).assumingMemoryBound(to: CChar.self),
                                        UInt64(raw.count), sqliteTransient, UInt8(SQLITE_UTF8))
                }
            case .blob(let v):
                rc = v.withUnsafeBytes { p in
                    sqlite3_bind_blob64(handle, index, p.baseAddress ?? emptyText, UInt64(p.count), sqliteTransient)
                }
            case .null: rc = sqlite3_bind_null(handle, index)
            }
            guard rc == SQLITE_OK else { throw failure("bind parameter \(index)") }
        }
    }

    /// Advances to the next row; false when done.
    func step() throws(StoreError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw failure("step")
        }
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func double(_ column: Int32) -> Double { sqlite3_column_double(handle, column) }
    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }
    /// The column's text read with its byte length (`sqlite3_column_bytes`), NULs included; nil for NULL.
    func text(_ column: Int32) -> String? {
        guard let p = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
    }
    /// The column's bytes (a BLOB, or text as UTF-8); nil for NULL.
    func blob(_ column: Int32) -> [UInt8]? {
        if isNull(column) { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let p = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: p, count: count))
    }
    func optionalDouble(_ column: Int32) -> Double? { isNull(column) ? nil : double(column) }
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }

    private func failure(_ what: String) -> StoreError {
        StoreError("database \(database.path): \(what): \(database.lastError) in: \(sql.prefix(80))")
    }
}

/// SQLITE_TRANSIENT: SQLite copies bound text before the call returns.
/// A valid pointer for a zero-length text or blob (a NULL pointer would bind SQL NULL).
private var emptyText: UnsafeRawPointer { UnsafeRawPointer(("" as StaticString).utf8Start) }

private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
