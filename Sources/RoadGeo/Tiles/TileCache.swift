import Foundation

/// A bounded, thread-safe cache of rendered tiles, evicting the least recently used tiles
/// once the bytes held exceed the capacity.
///
/// One lock guards a dictionary and an intrusive doubly-linked list kept in arrays (no
/// per-entry objects). Rendering happens outside the lock, so a slow tile never blocks the
/// others; two threads missing the same tile may both render it (same bytes, one is kept).
///
/// ```swift
/// let cache = TileCache(capacityBytes: 256 << 20)
/// let tile = cache.tile(id) { tiler.tile($0) }
/// cache.evict(try tiler.tilesAffected(by: [changedBox], zooms: 5...14))
/// ```
/// - Complexity: lookup, insert and evict O(1) expected per tile.
///
/// The lock is Foundation's `NSLock` (a pthread mutex), which ThreadSanitizer models, rather
/// than `Synchronization.Mutex`, whose contended futex path it cannot see.
public final class TileCache: @unchecked Sendable {
    /// The most bytes kept (tile bytes only).
    public let capacityBytes: Int
    // `@unchecked Sendable` is sound: `state` is the only mutable stored property, and it is only
    // ever touched through `locked(_:)`, i.e. while holding `lock`; everything else is a `let`.
    private let lock = NSLock()
    private var state = LRUState()

    /// Creates an empty cache.
    ///
    /// - Parameter capacityBytes: Byte budget for tile bytes, > 0 (smaller values become 1).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let cache = TileCache(capacityBytes: 256 << 20)   // 256 MiB
    /// ```
    public init(capacityBytes: Int) {
        self.capacityBytes = max(1, capacityBytes)
    }

    /// The cached tile, or the result of `render` (then cached).
    ///
    /// - Parameters:
    ///   - id: The tile.
    ///   - render: Renders a missing tile (called outside the lock); an error it throws is
    ///     rethrown and nothing is cached.
    /// - Complexity: O(1) expected for a hit; a miss adds the cost of `render`.
    ///
    /// ```swift
    /// let tile = cache.tile(try TileID(path: request.path)) { tiler.tile($0) }
    /// ```
    public func tile(_ id: TileID, render: (TileID) throws -> RenderedTile) rethrows -> RenderedTile {
        if let hit = cached(id) { return hit }
        let tile = try render(id)
        insert(tile)
        return tile
    }

    /// The cached tile (marked most recently used), or `nil`.
    ///
    /// - Parameter id: The tile.
    /// - Complexity: O(1) expected.
    ///
    /// ```swift
    /// if let hit = cache.cached(id) { return hit.bytes }
    /// ```
    public func cached(_ id: TileID) -> RenderedTile? {
        locked { $0.get(id) }
    }

    /// Adds or replaces a tile, evicting least recently used tiles over the budget.
    /// A tile larger than the whole budget is not kept.
    ///
    /// - Parameter tile: The rendered tile.
    /// - Complexity: O(1) expected, plus O(1) per evicted tile.
    ///
    /// ```swift
    /// cache.insert(tiler.tile(id))   // pre-warm
    /// ```
    public func insert(_ tile: RenderedTile) {
        let capacity = capacityBytes
        locked { $0.put(tile, capacity: capacity) }
    }

    /// Adds a tile rendered from data of `generation`, unless an eviction for a later
    /// generation already ran: the race where a reader renders from old data, a writer
    /// publishes new data and evicts, and the reader then caches its stale tile.
    ///
    /// - Parameters:
    ///   - tile: The rendered tile.
    ///   - generation: The data generation it was rendered from.
    /// - Returns: Whether it was kept.
    /// - Complexity: O(1) expected.
    ///
    /// ```swift
    /// let (data, generation) = snapshot()
    /// cache.insert(data.tile(id), generation: generation)
    /// ```
    @discardableResult
    public func insert(_ tile: RenderedTile, generation: UInt64) -> Bool {
        let capacity = capacityBytes
        return locked { s in
            guard generation >= s.generation else { return false }
            s.put(tile, capacity: capacity)
            return true
        }
    }

    /// Removes tiles after the data moved to `generation`; from then on tiles rendered from an
    /// older generation are refused by ``insert(_:generation:)``.
    ///
    /// - Parameters:
    ///   - ids: Tiles to drop.
    ///   - generation: The generation just published.
    /// - Returns: How many were cached.
    /// - Complexity: O(ids) expected.
    ///
    /// ```swift
    /// publish(newState)
    /// cache.evict(change.tiles, generation: newState.generation)
    /// ```
    @discardableResult
    public func evict<S: Sequence>(_ ids: S, generation: UInt64) -> Int where S.Element == TileID {
        locked { s in
            s.generation = max(s.generation, generation)
            return ids.reduce(0) { $0 + (s.remove($1) ? 1 : 0) }
        }
    }

    /// Removes tiles (e.g. from ``Tiler/tilesAffected(by:zooms:)``).
    ///
    /// - Parameter ids: Tiles to drop; absent ones are ignored.
    /// - Returns: How many were cached.
    /// - Complexity: O(ids) expected.
    ///
    /// ```swift
    /// let dropped = cache.evict(try tiler.tilesAffected(by: [newReport.boundingBox], zooms: 5...16))
    /// ```
    @discardableResult
    public func evict<S: Sequence>(_ ids: S) -> Int where S.Element == TileID {
        locked { s in ids.reduce(0) { $0 + (s.remove($1) ? 1 : 0) } }
    }

    /// Empties the cache (e.g. after the road network is reloaded).
    ///
    /// - Complexity: O(tiles held).
    ///
    /// ```swift
    /// cache.removeAll()
    /// ```
    public func removeAll() { locked { let g = $0.generation; $0 = LRUState(); $0.generation = g } }

    /// Bytes currently held.
    public var byteCount: Int { locked { $0.bytes } }
    /// Tiles currently held.
    public var count: Int { locked { $0.slots.count } }

    /// Runs `body` on the guarded state inside the lock; the only way `state` is touched.
    private func locked<R>(_ body: (inout LRUState) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&state)
    }
}

/// The cache's guarded state: slot dictionary + array-backed LRU list (head = most recent).
private struct LRUState: ~Copyable {
    struct Node {
        var tile: RenderedTile?
        var prev: Int
        var next: Int
    }
    var slots: [TileID: Int] = [:]
    var nodes: [Node] = []
    var free: [Int] = []
    var head = -1, tail = -1
    var bytes = 0
    /// The latest generation an eviction announced.
    var generation: UInt64 = 0

    mutating func get(_ id: TileID) -> RenderedTile? {
        guard let i = slots[id] else { return nil }
        unlink(i); pushFront(i)
        return nodes[i].tile
    }

    mutating func put(_ tile: RenderedTile, capacity: Int) {
        _ = remove(tile.id)
        guard tile.bytes.count <= capacity else { return }
        let i: Int
        if let f = free.popLast() { i = f; nodes[i] = Node(tile: tile, prev: -1, next: -1) } else {
            i = nodes.count; nodes.append(Node(tile: tile, prev: -1, next: -1))
        }
        slots[tile.id] = i
        pushFront(i)
        bytes += tile.bytes.count
        while bytes > capacity, tail >= 0, let victim = nodes[tail].tile { _ = remove(victim.id) }
    }

    mutating func remove(_ id: TileID) -> Bool {
        guard let i = slots.removeValue(forKey: id) else { return false }
        unlink(i)
        bytes -= nodes[i].tile?.bytes.count ?? 0
        nodes[i].tile = nil
        free.append(i)
        return true
    }

    private mutating func unlink(_ i: Int) {
        let p = nodes[i].prev, n = nodes[i].next
        if p >= 0 { nodes[p].next = n } else { head = n }
        if n >= 0 { nodes[n].prev = p } else { tail = p }
        nodes[i].prev = -1; nodes[i].next = -1
    }

    private mutating func pushFront(_ i: Int) {
        nodes[i].prev = -1; nodes[i].next = head
        if head >= 0 { nodes[head].prev = i }
        head = i
        if tail < 0 { tail = i }
    }
}
