import Crypto
import Foundation

/// Signs and checks citizen tokens: `c1.<citizen id>.<HMAC-SHA256 of "citizen.v1.<id>", base64url>`.
///
/// The key is a 256-bit secret kept in a file beside the database (created with mode 0600 on the
/// first start), so tokens stay valid across restarts and a copy of the database alone cannot mint
/// them. Rotating the file invalidates every citizen token (votes already cast stay counted).
public struct CitizenTokens: Sendable {
    /// Citizen tokens start with this.
    public static let prefix = "c1."
    private let secret: [UInt8]
    private var key: SymmetricKey { SymmetricKey(data: secret) }

    /// A signer with the given secret (at least 32 bytes).
    public init(secret: [UInt8]) {
        precondition(secret.count >= 32, "citizen secret must be at least 32 bytes")
        self.secret = secret
    }

    /// The secret file for a database: `<database>-secret` (tests with `":memory:"` get a random key).
    public static func secretPath(forDatabase path: String) -> String? { path == ":memory:" ? nil : path + "-secret" }

    /// Reads the secret file for `databasePath`, creating it with 32 random bytes (hex, mode 0600) if missing.
    /// - Throws: ``StoreError`` naming the file when it cannot be read or written, or holds fewer than 32 bytes.
    public static func load(forDatabase databasePath: String) throws(StoreError) -> CitizenTokens {
        guard let path = secretPath(forDatabase: databasePath) else { return CitizenTokens(secret: randomBytes(32)) }
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            let hex = randomBytes(32).map { String(format: "%02x", $0) }.joined() + "\n"
            guard fm.createFile(atPath: path, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600]) else {
                throw StoreError("citizen secret \(path): cannot create")
            }
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw StoreError("citizen secret \(path): cannot read") }
        let hex = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard hex.count >= 64, hex.count % 2 == 0, let bytes = parseHex(hex) else {
            throw StoreError("citizen secret \(path): expected at least 64 hexadecimal digits")
        }
        return CitizenTokens(secret: bytes)
    }

    /// The token of citizen `id`.
    public func token(for id: Int64) -> String {
        Self.prefix + String(id) + "." + base64URL(HMAC<SHA256>.authenticationCode(for: Self.message(id), using: key))
    }

    /// The citizen id of a well-signed token, or nil (checked in constant time).
    public func citizen(of token: String) -> Int64? {
        guard token.hasPrefix(Self.prefix), token.utf8.count < 120 else { return nil }
        let parts = token.dropFirst(Self.prefix.count).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let id = Int64(parts[0]), id > 0, String(id) == parts[0],
              let mac = decodeBase64URL(String(parts[1])) else { return nil }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Self.message(id), using: key) ? id : nil
    }

    private static func message(_ id: Int64) -> [UInt8] { Array("citizen.v1.\(id)".utf8) }
}

func randomBytes(_ n: Int) -> [UInt8] {
    var rng = SystemRandomNumberGenerator()
    return (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
}

private func parseHex(_ hex: String) -> [UInt8]? {
    var out: [UInt8] = []
    var it = hex.utf8.makeIterator()
    while let a = it.next() {
        guard let b = it.next(), let hi = hexValue(a), let lo = hexValue(b) else { return nil }
        out.append(hi << 4 | lo)
    }
    return out
}

private func hexValue(_ c: UInt8) -> UInt8? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
    default: return nil
    }
}

/// base64url (no padding) back to bytes, or nil; only the canonical spelling is accepted.
///
/// The last character of a 32-byte value carries two unused bits, so four spellings decode to
/// the same bytes; accepting them all would let a token be altered and still verify.
func decodeBase64URL(_ text: String) -> [UInt8]? {
    guard text.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5a) || ($0 >= 0x61 && $0 <= 0x7a) || $0 == 0x2d || $0 == 0x5f })
    else { return nil }
    var s = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while s.count % 4 != 0 { s += "=" }
    guard let bytes = Data(base64Encoded: s).map({ Array($0) }), base64URL(bytes) == text else { return nil }
    return bytes
}
