// libFuzzer target: `RoadNetwork(snapshot:)` and snapping on whatever it accepts.
//
// As for the R-tree target, an odd first byte makes the harness store the right checksum in the
// header first, so the fuzzer reaches the section checks behind it. A loaded network must snap
// points without trapping and write a snapshot that loads again to the same roads. With
// ROADGEO_FUZZ_SEEDS=DIR set, the target first writes seed snapshots of small networks there
// (`scripts/fuzz.sh snapshot` does this). Build and run with `scripts/fuzz.sh snapshot SECONDS`.
import Foundation
import RoadGeo

@_cdecl("LLVMFuzzerInitialize")
public func networkSnapshotFuzzInitialize(_ argc: UnsafeMutablePointer<Int32>,
                                          _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> Int32 {
    guard let dir = ProcessInfo.processInfo.environment["ROADGEO_FUZZ_SEEDS"] else { return 0 }
    var rng = SplitMix64(seed: 5)
    for (n, name) in [(1, "one"), (3, "three"), (12, "twelve")] {
        var roads: [Road] = []
        for i in 0..<n {
            var c: [Coordinate] = []
            var x = 74.5 + Double(rng.next() % 1000) / 10_000, y = 42.8 + Double(rng.next() % 1000) / 10_000
            for _ in 0..<(2 + i % 4) {
                c.append(Coordinate(x, y))
                x += 0.001 + Double(rng.next() % 10) / 10_000; y += Double(rng.next() % 10) / 10_000
            }
            guard let line = try? Polyline(c) else { continue }
            roads.append(Road(id: "road-\(i)", line: line, attributes: i % 2 == 0 ? ["name": "Чуй \(i)", "lanes": "\(i % 3 + 1)"] : [:]))
        }
        let bytes = RoadNetwork(roads: roads).snapshot()
        _ = FileManager.default.createFile(atPath: dir + "/snapshot-\(name)", contents: Data([0] + bytes))
        _ = FileManager.default.createFile(atPath: dir + "/snapshot-\(name).fixsum", contents: Data([1] + bytes))
    }
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func networkSnapshotFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    var bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    if data[0] & 1 == 1 && bytes.count >= 64 {
        let sum = fuzzSnapshotChecksum(bytes, from: 64)
        for k in 0..<8 { bytes[56 + k] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(k))) }
    }
    let loaded = bytes.withUnsafeBytes { raw in try? RoadNetwork(snapshot: raw, source: "fuzz.rgnet") }
    guard let network = loaded else { return 0 }
    var scratch = RTreeQueryScratch()
    for road in network.roads.prefix(8) {
        let c = road.line.line.coordinates[0]
        let hit = network.snap(Coordinate(c.longitude + 0.0001, c.latitude), options: SnapOptions(maxDistanceMeters: 100), scratch: &scratch)
        precondition(hit.map { $0.roadIndex >= 0 && $0.roadIndex < network.roads.count } ?? true, "snap returned a bad road index")
    }
    let again = network.snapshot().withUnsafeBytes { raw in try? RoadNetwork(snapshot: raw) }
    precondition(again?.roads == network.roads, "a loaded network's snapshot does not load to the same roads")
    return 0
}

/// The snapshot's payload checksum (mirrors the library's private function; if they drift apart
/// the odd-byte mode simply stops getting past the checksum).
private func fuzzSnapshotChecksum(_ bytes: [UInt8], from start: Int) -> UInt64 {
    let n = bytes.count - start
    var h: UInt64 = 0xCBF2_9CE4_8422_2325 &+ UInt64(n)
    var i = 0
    func word(_ at: Int) -> UInt64 {
        var w: UInt64 = 0
        for k in 0..<8 { w |= UInt64(bytes[start + at + k]) << (8 * UInt64(k)) }
        return w
    }
    while i + 8 <= n {
        h = (h ^ word(i)) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 31
        i += 8
    }
    var tail: UInt64 = 0, shift: UInt64 = 0
    while i < n { tail |= UInt64(bytes[start + i]) << shift; shift += 8; i += 1 }
    h = (h ^ tail) &* 0xBF58_476D_1CE4_E5B9
    return h ^ (h >> 29)
}
