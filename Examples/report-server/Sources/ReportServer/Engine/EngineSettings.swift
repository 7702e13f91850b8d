import Foundation

/// Tunables of a ``ReportEngine``.
public struct EngineSettings: Sendable {
    /// A report farther than this from every road is refused (422), metres.
    public var snapDistanceMeters: Double = 50
    /// Reports of one category within this distance of each other (after snapping) are duplicates, metres.
    public var duplicateRadiusMeters: Double = 15
    /// Highest zoom the tile endpoint serves and invalidation covers.
    public var maxTileZoom: Int = 20
    /// Above this zoom reports are drawn one by one; at and below it close ones are clustered.
    public var reportClusterMaxZoom: Int = 16
    /// How hard SQLite keeps each commit on disk (see ``SyncMode``).
    public var sync: SyncMode = .full
    /// Rendered tiles kept in memory, bytes.
    public var tileCacheBytes: Int = 64 << 20
    /// Seconds since 1970 for "now" (report times, today's date for warranties); injectable for tests.
    public var clock: @Sendable () -> Double = { Date.now.timeIntervalSince1970 }

    /// Defaults.
    public init() {}
}
