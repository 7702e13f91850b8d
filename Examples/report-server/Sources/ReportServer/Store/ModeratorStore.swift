import Crypto
import Foundation
import HummingbirdBcrypt

/// A moderator account (the password hash never leaves the store).
public struct Moderator: Hashable, Sendable {
    /// Row id.
    public var id: Int64
    /// Login name.
    public var name: String
}

extension AccessStore {
    /// bcrypt's cost for new passwords (2^12 rounds, about a quarter second on this machine).
    public static let bcryptCost: UInt8 = 12

    /// Creates a moderator, or replaces the password of an existing one.
    /// - Parameters:
    ///   - name: 1 to 64 characters, no control characters.
    ///   - password: At least 10 characters; bcrypt reads at most 72 bytes, so longer is refused.
    ///   - cost: bcrypt's log2 rounds (tests use 4).
    /// - Returns: The account and whether it was created (false: password replaced).
    /// - Throws: ``StoreError`` for a bad name or password or a failed write.
    @discardableResult
    public func addModerator(name: String, password: String, cost: UInt8 = AccessStore.bcryptCost,
                             now: Double = Date.now.timeIntervalSince1970) throws(StoreError) -> (Moderator, created: Bool) {
        guard (1...64).contains(name.count), !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
              name.trimmingCharacters(in: .whitespaces) == name else {
            throw StoreError("moderator name: 1 to 64 characters, no control characters or surrounding spaces")
        }
        guard password.count >= 10 else { throw StoreError("password: at least 10 characters") }
        guard password.utf8.count <= 72 else { throw StoreError("password: at most 72 bytes (bcrypt ignores the rest)") }
        guard !password.utf8.contains(0) else { throw StoreError("password: must not contain NUL") }
        let hash = Bcrypt.hash(password, cost: cost)
        return try db.withLock { db throws(StoreError) in
            let existing = try db.statement("SELECT id FROM moderators WHERE name=?", [.text(name)])
            if try existing.step() {
                let id = existing.int64(0)
                try db.run("UPDATE moderators SET password_hash=? WHERE id=?", [.text(hash), .integer(id)])
                try db.run("DELETE FROM moderator_sessions WHERE moderator_id=?", [.integer(id)])
                return (Moderator(id: id, name: name), false)
            }
            try db.run("INSERT INTO moderators(name, password_hash, created_at) VALUES(?,?,?)",
                       [.text(name), .text(hash), .real(now)])
            return (Moderator(id: db.lastInsertRowID, name: name), true)
        }
    }

    /// The moderator whose name and password match, or nil. bcrypt runs even for an unknown name,
    /// so the answer time does not tell which names exist.
    public func verifyModerator(name: String, password: String) throws(StoreError) -> Moderator? {
        let row: (Int64, String)? = try db.withLock { db throws(StoreError) in
            let s = try db.statement("SELECT id, password_hash FROM moderators WHERE name=?", [.text(name)])
            return try s.step() ? (s.int64(0), s.text(1) ?? "") : nil
        }
        guard let (id, hash) = row else {
            _ = Bcrypt.verify(password, hash: Self.decoyHash)
            return nil
        }
        guard !password.utf8.contains(0), password.utf8.count <= 72, Bcrypt.verify(password, hash: hash) else { return nil }
        return Moderator(id: id, name: name)
    }

    /// Every moderator, by name.
    public func moderators() throws(StoreError) -> [Moderator] {
        try db.withLock { db throws(StoreError) in
            let s = try db.statement("SELECT id, name FROM moderators ORDER BY name")
            var out: [Moderator] = []
            while try s.step() { out.append(Moderator(id: s.int64(0), name: s.text(1) ?? "")) }
            return out
        }
    }

    // MARK: Sessions

    /// Starts a session: a random 256-bit token (returned once, stored only as its SHA-256).
    public func startSession(for moderator: Moderator, lifetimeSeconds: Double, now: Double) throws(StoreError) -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let token = AccessStore.sessionPrefix + base64URL(bytes)
        try db.withLock { db throws(StoreError) in
            try db.run("DELETE FROM moderator_sessions WHERE expires_at < ?", [.real(now)])
            try db.run("INSERT INTO moderator_sessions(token_hash, moderator_id, created_at, expires_at) VALUES(?,?,?,?)",
                       [.blob(Self.tokenHash(token)), .integer(moderator.id), .real(now), .real(now + lifetimeSeconds)])
        }
        return token
    }

    /// The moderator of a live session token, or nil (unknown or expired).
    public func moderator(sessionToken token: String, now: Double) throws(StoreError) -> Moderator? {
        guard token.hasPrefix(Self.sessionPrefix), token.utf8.count < 100 else { return nil }
        return try db.withLock { db throws(StoreError) in
            let s = try db.statement("""
                SELECT m.id, m.name FROM moderator_sessions s JOIN moderators m ON m.id = s.moderator_id
                WHERE s.token_hash=? AND s.expires_at >= ?
                """, [.blob(Self.tokenHash(token)), .real(now)])
            return try s.step() ? Moderator(id: s.int64(0), name: s.text(1) ?? "") : nil
        }
    }

    /// Ends a session; true if it existed.
    public func endSession(token: String) throws(StoreError) -> Bool {
        try db.withLock { db throws(StoreError) in
            try db.run("DELETE FROM moderator_sessions WHERE token_hash=?", [.blob(Self.tokenHash(token))])
            return db.changes > 0
        }
    }

    /// Session tokens start with this, citizen tokens with ``CitizenTokens/prefix``.
    static let sessionPrefix = "s1."

    static func tokenHash(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }

    /// A valid bcrypt hash of a random password, verified against for unknown names.
    static let decoyHash = Bcrypt.hash(UUID().uuidString, cost: bcryptCost)
}

/// RFC 4648 base64url without padding.
func base64URL(_ bytes: some Sequence<UInt8>) -> String {
    Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        .replacingOccurrences(of: "=", with: "")
}
