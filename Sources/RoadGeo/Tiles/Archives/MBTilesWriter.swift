internal import CSQLite3
import Foundation

/// Writes an MBTiles 1.3 archive (mapbox/mbtiles-spec 1.3): one SQLite file with
/// `metadata (name, value)` and `tiles (zoom_level, tile_column, tile_row, tile_data)`, rows in
/// the TMS scheme (`tile_row = 2^z - 1 - y`), tile data gzip, all in one transaction.
final class MBTilesWriter: TileArchiveSink {
    let path: String
    private var db: OpaquePointer?
    private var insert: OpaquePointer?

    init(path: String) throws(TileError) {
        self.path = path
        unlink(path)
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close(db); db = nil
            throw TileError(.io, "cannot create the MBTiles file (\(message))", path: path)
        }
        // One transaction for the whole archive; no journal (a failed export leaves no archive
        // worth keeping), page size suited to tile blobs.
        try exec("""
            PRAGMA page_size = 4096; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
            BEGIN;
            CREATE TABLE metadata (name TEXT, value TEXT);
            CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_data BLOB);
            """)
        guard sqlite3_prepare_v2(db, "INSERT INTO tiles VALUES (?, ?, ?, ?)", -1, &insert, nil) == SQLITE_OK else {
            throw failure("cannot prepare the tile insert")
        }
    }

    deinit {
        sqlite3_finalize(insert)
        sqlite3_close(db)
    }

    func add(_ tile: TileID, tileID: UInt64, _ data: [UInt8]) throws(TileError) {
        sqlite3_reset(insert)
        sqlite3_bind_int(insert, 1, Int32(tile.z))
        sqlite3_bind_int64(insert, 2, Int64(tile.x))
        sqlite3_bind_int64(insert, 3, Int64((1 << tile.z) - 1 - tile.y))
        let rc = data.withUnsafeBytes { b in
            // SQLITE_STATIC: the bytes outlive the step below.
            sqlite3_bind_blob64(insert, 4, b.baseAddress, sqlite3_uint64(b.count), nil)
        }
        guard rc == SQLITE_OK, sqlite3_step(insert) == SQLITE_DONE else { throw failure("cannot insert tile \(tile)") }
        sqlite3_clear_bindings(insert)
    }

    func finish(_ m: ArchiveMetadata) throws(TileError) {
        // The unique index the spec asks for, built once at the end (faster than row by row).
        try exec("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row);")
        var json = TileJSONWriter()
        json.raw("{\"vector_layers\":"); json.raw(m.vectorLayers[...]); json.raw("}")
        let b = m.bounds, c = m.center
        let rows: [(String, String)] = [
            ("name", m.name),
            ("format", m.format == .mvt ? "pbf" : "application/geo+json"),
            ("bounds", [b.minX, b.minY, b.maxX, b.maxY].map { String(format: "%.7f", $0) }.joined(separator: ",")),
            ("center", String(format: "%.7f,%.7f,%d", c.longitude, c.latitude, c.zoom)),
            ("minzoom", String(m.zooms.lowerBound)),
            ("maxzoom", String(m.zooms.upperBound)),
            ("type", "overlay"),
            ("version", "1"),
            ("description", "Road network tiles written by RoadGeo"),
            ("json", String(decoding: json.bytes, as: UTF8.self)),
        ]
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "INSERT INTO metadata VALUES (?, ?)", -1, &statement, nil) == SQLITE_OK else {
            throw failure("cannot prepare the metadata insert")
        }
        defer { sqlite3_finalize(statement) }
        for (name, value) in rows {
            sqlite3_reset(statement)
            sqlite3_bind_text(statement, 1, name, -1, sqliteTransient)
            sqlite3_bind_text(statement, 2, value, -1, sqliteTransient)
            guard sqlite3_step(statement) == SQLITE_DONE else { throw failure("cannot insert metadata \(name)") }
        }
        try exec("COMMIT;")
    }

    private func exec(_ sql: String) throws(TileError) {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw failure("cannot run \(sql.prefix(40))…") }
    }

    private func failure(_ what: String) -> TileError {
        TileError(.io, "\(what) (SQLite: \(db.map { String(cString: sqlite3_errmsg($0)) } ?? "no database"))", path: path)
    }
}

/// SQLITE_TRANSIENT: SQLite copies bound text before the call returns.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
