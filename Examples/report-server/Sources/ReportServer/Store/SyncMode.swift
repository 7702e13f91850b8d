/// How hard SQLite works to keep a commit on disk (`PRAGMA synchronous` under the WAL journal).
///
/// - ``full``: every commit is fsynced before it is acknowledged: an acknowledged write survives a
///   process crash *and* a power loss or kernel panic. The default.
/// - ``normal``: the WAL is fsynced only at checkpoints: an acknowledged write survives a process
///   crash (`kill -9`), but the last commits before a power loss may be rolled back. Faster on
///   slow disks.
///
/// See <https://www.sqlite.org/pragma.html#pragma_synchronous>.
public enum SyncMode: String, Sendable, CaseIterable {
    /// `PRAGMA synchronous=FULL`: survives a process crash and a power loss.
    case full
    /// `PRAGMA synchronous=NORMAL`: survives a process crash.
    case normal

    /// The pragma that sets it.
    var pragma: String { "PRAGMA synchronous=\(rawValue.uppercased());" }
}
