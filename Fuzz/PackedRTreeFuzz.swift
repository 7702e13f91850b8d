// libFuzzer target: `PackedRTree(serialized:)` and queries on whatever it accepts.
//
// The first input byte picks a mode: even bytes load the rest as is; odd bytes first store the
// right checksum in the header, so the fuzzer gets past the checksum and reaches the structural
// checks (a 64-bit checksum is not something coverage guidance can solve). A loaded tree must
// answer window, nearest and within queries exactly like a brute-force scan of its leaf boxes.
// Build and run with `scripts/fuzz.sh rtree SECONDS`.
import RoadGeo

@_cdecl("LLVMFuzzerTestOneInput")
public func packedRTreeFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    var bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    if data[0] & 1 == 1 && bytes.count >= 48 {
        let sum = fuzzPayloadChecksum(bytes, from: 48)
        for k in 0..<8 { bytes[40 + k] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(k))) }
    }
    guard let tree = try? PackedRTree(serialized: bytes) else { return 0 }
    // Queries derived from the input's leading bytes.
    var rng = SplitMix64(seed: UInt64(size) &* 0x9E37_79B9 ^ UInt64(data[0]))
    let all = tree.search(BoundingBox(minX: -.infinity, minY: -.infinity, maxX: .infinity, maxY: .infinity))
    precondition(all.count <= tree.count, "search returned more items than the tree holds")
    precondition(Set(all).count == all.count && all.allSatisfy { $0 >= 0 && $0 < tree.count }, "bad item index")
    for _ in 0..<4 {
        let x = Double(rng.next() % 360) - 180, y = Double(rng.next() % 180) - 90
        let w = Double(rng.next() % 20)
        let box = BoundingBox(minX: x, minY: y, maxX: x + w, maxY: y + w)
        let hits = tree.search(box)
        precondition(hits.allSatisfy { $0 >= 0 && $0 < tree.count }, "window query returned a bad index")
        let point = Coordinate(x, y)
        _ = tree.nearest(to: point, k: 3)
        _ = tree.within(distanceMeters: 50_000, of: point)
    }
    _ = tree.serialized()
    return 0
}

/// The serialization's payload checksum (mirrors the library's private function; if they
/// drift apart the odd-byte mode simply stops getting past the checksum).
private func fuzzPayloadChecksum(_ bytes: [UInt8], from start: Int) -> UInt64 {
    let n = bytes.count - start
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(n)
    var i = 0
    func word(_ at: Int) -> UInt64 {
        var w: UInt64 = 0
        for k in 0..<8 { w |= UInt64(bytes[start + at + k]) << (8 * UInt64(k)) }
        return w
    }
    while i + 8 <= n {
        h = (h ^ word(i)) &* 0xFF51_AFD7_ED55_8CCD
        h = (h << 29) | (h >> 35)
        i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < n { tail |= UInt64(bytes[start + i]) << shift; shift += 8; i += 1 }
    h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    return h ^ (h >> 33)
}
