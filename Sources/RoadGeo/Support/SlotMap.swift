/// An open-addressing hash map from `Int64` keys to `Int32` slots, in two flat arrays.
///
/// Linear probing with a multiplicative (Fibonacci) hash, and backward-shift deletion, so no
/// tombstones build up under the insert/remove churn of live report clusters. A lookup is a
/// multiply, a shift and usually one or two probes; `Dictionary<Int64, Int32>` hashes with SipHash
/// and costs several times more, which matters where one report update does a few hundred
/// lookups.
///
/// - Complexity: get, set and remove O(1) expected; the table doubles at 50% load.
struct SlotMap: Sendable {
    private var keys: [Int64]
    private var values: [Int32]
    private var shift: Int
    private(set) var count = 0

    /// An empty map sized for about `capacity` keys.
    init(capacity: Int = 8) {
        var bits = 3
        while (1 << bits) < max(8, capacity * 2) { bits += 1 }
        keys = [Int64](repeating: 0, count: 1 << bits)
        values = [Int32](repeating: -1, count: 1 << bits)
        shift = 64 - bits
    }

    @inline(__always)
    private func home(_ key: Int64) -> Int {
        Int(truncatingIfNeeded: (UInt64(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift))
    }

    /// The slot stored for `key`, or nil.
    @inline(__always)
    func get(_ key: Int64) -> Int32? {
        let mask = keys.count - 1
        var i = home(key)
        while true {
            let v = values[i]
            if v < 0 { return nil }
            if keys[i] == key { return v }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` (>= 0) for `key`, replacing what was there.
    mutating func set(_ key: Int64, _ value: Int32) {
        precondition(value >= 0, "SlotMap values are slots (>= 0)")
        if (count + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var i = home(key)
        while values[i] >= 0 {
            if keys[i] == key { values[i] = value; return }
            i = (i + 1) & mask
        }
        keys[i] = key; values[i] = value; count += 1
    }

    /// Removes `key`; returns its slot if it was present.
    @discardableResult
    mutating func remove(_ key: Int64) -> Int32? {
        let mask = keys.count - 1
        var i = home(key)
        while true {
            if values[i] < 0 { return nil }
            if keys[i] == key { break }
            i = (i + 1) & mask
        }
        let removed = values[i]
        // Backward-shift: move later members of the probe run into the hole when their home
        // position does not lie cyclically in (hole, their position].
        var hole = i
        var j = (i + 1) & mask
        while values[j] >= 0 {
            let h = home(keys[j])
            let movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j)
            if movable {
                keys[hole] = keys[j]; values[hole] = values[j]; hole = j
            }
            j = (j + 1) & mask
        }
        values[hole] = -1
        count -= 1
        return removed
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        self = SlotMap(capacity: oldKeys.count)
        for i in oldKeys.indices where oldValues[i] >= 0 { set(oldKeys[i], oldValues[i]) }
    }
}
