/// What happened to a cluster during an ``IncrementalClusterer`` update; servers replay these
/// in order to keep votes, moderation state and map tiles in step.
///
/// ```swift
/// for event in live.add(position).events {
///     switch event {
///     case .created(let c): store.open(c)
///     case .merged(let into, let absorbed): store.move(votesOf: absorbed, to: into)
///     case .split(let from, let into): store.copy(from: from, to: into)
///     case .dissolved(let c): store.close(c)
///     }
/// }
/// ```
public enum ClusterEvent: Hashable, Sendable {
    /// A new cluster appeared.
    case created(cluster: Int)
    /// Cluster `absorbed` was merged into `into` and no longer exists (move its votes).
    case merged(into: Int, absorbed: Int)
    /// Part of cluster `from` became the new cluster `into` (`from` keeps its largest part).
    case split(from: Int, into: Int)
    /// The cluster no longer exists: all its remaining members became noise or joined other clusters.
    case dissolved(cluster: Int)
}
