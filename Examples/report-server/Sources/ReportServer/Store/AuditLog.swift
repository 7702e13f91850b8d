import Foundation

/// One moderator action as the audit table keeps it.
public struct AuditEntry: Encodable, Sendable, Hashable {
    /// Row id (increasing).
    public var id: Int64
    /// When, ISO 8601 UTC.
    public var at: String
    /// Who: the moderator's id.
    public var moderatorID: Int64
    /// Who: the moderator's name.
    public var moderator: String
    /// What: `session.login`, `session.logout`, `section.create`, `section.repaired`, `report.hide`.
    public var action: String
    /// On what: `section 12`, `report 40`, `moderator alice`.
    public var target: String
    /// The object before, as the API showed it (JSON text; nil where there was none).
    public var before: String?
    /// The object after, as the API showed it (JSON text; nil where there is none).
    public var after: String?
}

extension AccessStore {
    /// Appends an entry and returns its id.
    @discardableResult
    public func audit(moderator: Moderator, action: String, target: String, before: String?, after: String?,
                      now: Double) throws(StoreError) -> Int64 {
        try db.withLock { db throws(StoreError) in
            try db.run("INSERT INTO audit(at, moderator_id, moderator, action, target, before, after) VALUES(?,?,?,?,?,?,?)",
                       [.real(now), .integer(moderator.id), .text(moderator.name), .text(action), .text(target),
                        .optional(before), .optional(after)])
            return db.lastInsertRowID
        }
    }

    /// The newest entries first: at most `limit`, with ids below `before` when given.
    public func auditEntries(limit: Int, before: Int64?) throws(StoreError) -> [AuditEntry] {
        try db.withLock { db throws(StoreError) in
            let s = try db.statement("""
                SELECT id, at, moderator_id, moderator, action, target, before, after FROM audit
                WHERE id < ? ORDER BY id DESC LIMIT ?
                """, [.integer(before ?? .max), .integer(Int64(limit))])
            var out: [AuditEntry] = []
            while try s.step() {
                out.append(AuditEntry(id: s.int64(0), at: isoTime(s.double(1)), moderatorID: s.int64(2), moderator: s.text(3) ?? "",
                                      action: s.text(4) ?? "", target: s.text(5) ?? "", before: s.text(6), after: s.text(7)))
            }
            return out
        }
    }
}
