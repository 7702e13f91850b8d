import Foundation
import Synchronization

/// Token buckets by key (`citizen:42`, `ip:127.0.0.1`): each holds up to `capacity` tokens and
/// refills `capacity` per `periodSeconds`; a request takes one token from every bucket it is
/// charged to (``charge(_:now:)``).
///
/// Memory is bounded: when more than ``maxKeys`` buckets are held, the full ones (idle long enough
/// to have refilled) are dropped, since a full bucket and a missing one behave the same.
public final class RateLimiter: Sendable {
    /// Tokens per period (0: unlimited).
    public let capacity: Int
    /// The refill period, seconds.
    public let periodSeconds: Double
    /// Buckets held before idle ones are pruned.
    public let maxKeys: Int
    private let buckets = Mutex<[String: Bucket]>([:])

    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    /// A limiter of `capacity` per `periodSeconds` (0: never limits).
    public init(capacity: Int, periodSeconds: Double = 60, maxKeys: Int = 100_000) {
        precondition(capacity >= 0 && periodSeconds > 0)
        self.capacity = capacity
        self.periodSeconds = periodSeconds
        self.maxKeys = maxKeys
    }

    /// The seconds until `key`'s bucket holds a token, or nil if it holds one now.
    public func wait(_ key: String, now: Double) -> Double? {
        guard capacity > 0 else { return nil }
        return buckets.withLock { all in
            let b = refilled(all[key], now: now)
            return b.tokens >= 1 ? nil : secondsUntilOne(b)
        }
    }

    /// Takes one token from `key`'s bucket if it holds one.
    /// - Returns: nil when taken; otherwise the seconds until a token is there.
    @discardableResult
    public func take(_ key: String, now: Double) -> Double? {
        guard capacity > 0 else { return nil }
        return buckets.withLock { all in
            var b = refilled(all[key], now: now)
            if b.tokens < 1 { return secondsUntilOne(b) }
            if all.count >= maxKeys && all[key] == nil { prune(&all, now: now) }
            b.tokens -= 1
            all[key] = b
            return nil
        }
    }

    /// Charges one request to several buckets: all take a token, or none does.
    /// - Returns: nil when allowed; otherwise the seconds until every bucket holds a token again.
    public static func charge(_ charges: [(RateLimiter, String)], now: Double) -> Double? {
        let waits = charges.compactMap { $0.0.wait($0.1, now: now) }
        if let longest = waits.max() { return longest }
        for (limiter, key) in charges {
            // Another request may have emptied a bucket since the check: still charge the rest
            // (a lost race costs one token, never lets a request through an empty bucket).
            if let w = limiter.take(key, now: now) { return w }
        }
        return nil
    }

    private var rate: Double { Double(capacity) / periodSeconds }

    /// Written so that whole periods divide exactly (60 s / 2 tokens: 30, not 30.000000000000004).
    private func secondsUntilOne(_ b: Bucket) -> Double { (1 - b.tokens) * periodSeconds / Double(capacity) }

    private func refilled(_ bucket: Bucket?, now: Double) -> Bucket {
        guard var b = bucket else { return Bucket(tokens: Double(capacity), updated: now) }
        b.tokens = min(Double(capacity), b.tokens + max(0, now - b.updated) * rate)
        b.updated = now
        return b
    }

    /// Buckets currently held (for tests and status).
    public var keyCount: Int { buckets.withLock { $0.count } }

    private func prune(_ all: inout [String: Bucket], now: Double) {
        all = all.filter { refilled($0.value, now: now).tokens < Double(capacity) }
    }
}

/// The limits in force (per minute unless named otherwise; 0 is unlimited).
public struct AbuseLimits: Sendable {
    /// Reports per citizen per minute; each IP address gets ``ipMultiplier`` times as many.
    public var reportsPerMinute: Int = 6
    /// Votes per citizen per minute; each IP address gets ``ipMultiplier`` times as many.
    public var votesPerMinute: Int = 30
    /// Citizen tokens issued per IP address per hour.
    public var citizensPerHour: Int = 60
    /// Login attempts per IP address per minute.
    public var loginsPerMinute: Int = 10
    /// An IP address may be shared by many citizens (a carrier's NAT): its buckets are this many times a citizen's.
    public var ipMultiplier: Int = 10

    /// Defaults.
    public init() {}

    /// No limits at all (load checks).
    public static var unlimited: AbuseLimits {
        var l = AbuseLimits()
        l.reportsPerMinute = 0; l.votesPerMinute = 0; l.citizensPerHour = 0; l.loginsPerMinute = 0
        return l
    }
}

/// The limiters of one server.
public struct Limiters: Sendable {
    let reportsByCitizen, reportsByIP, votesByCitizen, votesByIP, citizensByIP, loginsByIP: RateLimiter

    /// Limiters for `limits`.
    public init(_ limits: AbuseLimits) {
        let m = max(1, limits.ipMultiplier)
        reportsByCitizen = RateLimiter(capacity: limits.reportsPerMinute)
        reportsByIP = RateLimiter(capacity: limits.reportsPerMinute * m)
        votesByCitizen = RateLimiter(capacity: limits.votesPerMinute)
        votesByIP = RateLimiter(capacity: limits.votesPerMinute * m)
        citizensByIP = RateLimiter(capacity: limits.citizensPerHour, periodSeconds: 3600)
        loginsByIP = RateLimiter(capacity: limits.loginsPerMinute)
    }
}
