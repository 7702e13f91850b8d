// libFuzzer target: `RoadNetwork(snapshot:)` and snapping on whatever it accepts.
//
// As for the R-tree target, an odd first byte makes the harness store the right checksum in the
// header first, so the fuzzer reaches the section checks behind it. A loaded network must snap
// points without trapping and write a snapshot that loads again to the same roads. With
// ROADGEO_FUZZ_SEEDS=DIR set, the target first writes seed snapshots of small networks there
// (`scripts/fuzz.sh snapshot` does this). Build and run with `scripts/fuzz.sh snapshot SECONDS`.
import Foundation
@_spi(Fuzzing) import RoadGeo

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
            roads.append(Road(id: "road-\(i)", line: line, properties: i % 2 == 0 ? ["name": .string("Чуй \(i)"), "lanes": .integer(Int64(i % 3 + 1)), "lit": true,
                                                                       "width": 7.5, "ref": .null, "tags": ["a", .object(["b": 1])]] : [:]))
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
    if data[0] & 1 == 1 && bytes.count >= 40 {
        // Header: magic 8, version 4, reserved 4, roads 8, payload length 8, checksum 8 (offset 32).
        let sum = bytes.withUnsafeBytes { RoadNetwork.snapshotPayloadChecksum(UnsafeRawBufferPointer(rebasing: $0[40...])) }
        for k in 0..<8 { bytes[32 + k] = UInt8(truncatingIfNeeded: sum >> (8 * UInt64(k))) }
    }
    let loaded = try? RoadNetwork(snapshot: bytes)
    guard let network = loaded else { return 0 }
    var scratch = RTreeQueryScratch()
    for road in network.roads.prefix(8) {
        let c = road.line.line.coordinates[0]
        let hit = network.snap(Coordinate(c.longitude + 0.0001, c.latitude), options: SnapOptions(maxDistanceMeters: 100), scratch: &scratch)
        precondition(hit.map { $0.roadIndex >= 0 && $0.roadIndex < network.roads.count } ?? true, "snap returned a bad road index")
    }
    let again = try? RoadNetwork(snapshot: network.snapshot())
    precondition(again?.roads == network.roads, "a loaded network's snapshot does not load to the same roads")
    return 0
}
