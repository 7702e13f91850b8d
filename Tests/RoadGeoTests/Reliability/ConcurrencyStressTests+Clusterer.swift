import Dispatch
import Foundation
import Synchronization
import Testing
@testable import RoadGeo

/// One writer thread replays a seeded add/remove sequence on an `IncrementalClusterer` and
/// publishes copies of it (its documented way to share state with readers), while eight reader
/// threads query the shared network, packed R-tree and tiler and read the published snapshots.
/// Afterwards every reader answer, every snapshot a reader saw and the final clusterer are checked
/// against a sequential run, and the final clusterer against batch `DBSCAN` on the survivors.
extension ConcurrencyStressTests {
    /// A clusterer's state as plain values: per live handle (ascending) its cluster id (-1 for
    /// noise) and whether it is core, plus each cluster's members. Equal fingerprints mean the same
    /// core points, noise and grouping, with the same ids.
    struct ClustererFingerprint: Hashable, Sendable {
        let handles: [Int]
        let clusters: [Int]
        let core: [Bool]
        let members: [[Int]]

        init(_ live: IncrementalClusterer) {
            handles = live.reports
            clusters = handles.map { live.cluster(of: $0) ?? -1 }
            core = handles.map { live.isCore($0) }
            members = live.clusterIDs.map { live.members(of: $0) }
        }
    }

    /// The seeded workload: the points and the add/remove sequence over them.
    struct ClustererScript: Sendable {
        static let publishEvery = 50
        let points = ClusterOracle.reports(count: 1_200, center: Coordinate(74.6, 42.87), spreadMeters: 250, seed: 31)
        let steps = 2_000
        let seed: UInt64 = 32

        /// Runs the sequence on a fresh clusterer, calling `publish(step, copy)` after every
        /// `publishEvery` steps; returns the final clusterer and, per handle, the point it holds.
        func run(publish: (Int, IncrementalClusterer) -> Void) -> (live: IncrementalClusterer, heldPoint: [Int: Int], sawMerge: Bool, sawSplit: Bool) {
            var rng = SplitMix64(seed: seed)
            var live = IncrementalClusterer(epsMeters: 15, minPoints: 3)
            var held: [Int: Int] = [:]   // handle -> index into points
            var next = 0
            var sawMerge = false, sawSplit = false
            for step in 1...steps {
                if !held.isEmpty && (next >= points.count || Double.random(in: 0..<1, using: &rng) < 0.35) {
                    let handle = held.keys.sorted()[Int.random(in: 0..<held.count, using: &rng)]
                    if let r = live.remove(handle), !r.newClusters.isEmpty { sawSplit = true }
                    held[handle] = nil
                } else if next < points.count {
                    let r = live.add(points[next])
                    if case .merged = r.outcome { sawMerge = true }
                    held[r.report] = next
                    next += 1
                }
                if step % Self.publishEvery == 0 { publish(step, live) }
            }
            return (live, held, sawMerge, sawSplit)
        }
    }

    /// The published snapshot: a copy of the clusterer and the step it was taken after. NSLock is
    /// a pthread mutex, which ThreadSanitizer models. `@unchecked Sendable` is sound: `latest`
    /// is only touched while holding `lock`.
    final class SnapshotBoard: @unchecked Sendable {
        private let lock = NSLock()
        private var latest: (step: Int, live: IncrementalClusterer)?

        func publish(_ step: Int, _ live: IncrementalClusterer) {
            lock.lock(); defer { lock.unlock() }
            latest = (step, live)
        }

        func read() -> (step: Int, live: IncrementalClusterer)? {
            lock.lock(); defer { lock.unlock() }
            return latest
        }
    }

    /// What the readers collected: mismatch count, passes made, and each snapshot step they saw
    /// with its fingerprint (computed on the reader thread from the shared copy).
    final class ReaderLog: @unchecked Sendable {   // sound: the vars are only touched under `lock`
        private let lock = NSLock()
        private var mismatches = 0
        private var passes = 0
        private var seen: [Int: [ClustererFingerprint]] = [:]

        func record(mismatches m: Int, passes p: Int, seen s: [(Int, ClustererFingerprint)]) {
            lock.lock(); defer { lock.unlock() }
            mismatches += m
            passes += p
            for (step, f) in s { seen[step, default: []].append(f) }
        }

        func totals() -> (mismatches: Int, passes: Int, seen: [Int: [ClustererFingerprint]]) {
            lock.lock(); defer { lock.unlock() }
            return (mismatches, passes, seen)
        }
    }

    @Test("network, R-tree and tiler queries from 8 threads while another thread updates an IncrementalClusterer equal a sequential run")
    func queriesWhileClustering() throws {
        let w = try Self.world.get()
        let script = ClustererScript()
        let board = SnapshotBoard()
        let log = ReaderLog()
        let writerDone = Atomic<Bool>(false)
        let outcome = ResultBox()
        // Real threads (not concurrentPerform, which on a 2-core machine may run the writer after
        // the readers): all nine run at once, and readers keep going until the writer is done.
        let group = DispatchGroup()
        let readers = 8
        for t in 0..<readers {
            group.enter()
            Thread {
                var scratch = RTreeQueryScratch()
                var bad = 0, passes = 0, lastStep = 0
                var seen: [(Int, ClustererFingerprint)] = []
                repeat {
                    for k in 0..<w.points.count {
                        let i = (k * 7 + t * 71 + passes * 13) % w.points.count
                        if w.network.snap(w.points[i], options: SnapOptions(maxDistanceMeters: 300), scratch: &scratch) != w.snaps[i] { bad += 1 }
                        if w.tree.search(w.windows[i]).sorted() != w.windowHits[i] { bad += 1 }
                        if collected({ w.tree.forEachNearest(to: w.points[i], k: 5, scratch: &scratch, $0) }).map(\.index) != w.nearest[i] { bad += 1 }
                        if k % 10 == 0 {
                            let j = (i + t) % w.tiles.count
                            if w.tiler.tile(w.tiles[j]) != w.rendered[j] { bad += 1 }
                        }
                        if k % 25 == 0, let snap = board.read(), snap.step != lastStep {
                            lastStep = snap.step
                            seen.append((snap.step, ClustererFingerprint(snap.live)))
                        }
                    }
                    passes += 1
                } while !writerDone.load(ordering: .acquiring)
                log.record(mismatches: bad, passes: passes, seen: seen)
                group.leave()
            }.start()
        }
        group.enter()
        Thread {
            let result = script.run { step, live in board.publish(step, live) }
            outcome.set(result.live, result.heldPoint)
            writerDone.store(true, ordering: .releasing)
            group.leave()
        }.start()
        group.wait()

        // Reader answers.
        let readerLog = log.totals()
        #expect(readerLog.mismatches == 0)
        #expect(readerLog.passes >= readers)
        // The sequential replay of the same script, with its state at every publication.
        var expected: [Int: ClustererFingerprint] = [:]
        let sequential = script.run { step, live in expected[step] = ClustererFingerprint(live) }
        #expect(sequential.sawMerge && sequential.sawSplit)   // the script exercises both repairs
        #expect(!readerLog.seen.isEmpty, "the readers saw no published snapshot")
        for (step, prints) in readerLog.seen {
            #expect(prints.allSatisfy { $0 == expected[step] }, "a reader's snapshot at step \(step) differs from the sequential run")
        }
        // The concurrently built clusterer equals the sequential one exactly (ids included).
        let (live, heldPoint) = try #require(outcome.get())
        #expect(ClustererFingerprint(live) == ClustererFingerprint(sequential.live))
        #expect(heldPoint == sequential.heldPoint)
        // And batch DBSCAN on the survivors, in the sense IncrementalClusterer documents.
        expectMatchesBatch(live, points: live.reports.map { script.points[heldPoint[$0] ?? 0] })
        #expect(live.reports.count == heldPoint.count && live.clusterCount > 10)
    }

    /// The equality IncrementalClusterer documents with batch DBSCAN on the surviving reports
    /// (`points[k]` is the position of `live.reports[k]`): same core points, same noise, the same
    /// partition of the core points (adjusted Rand index 1), and every clustered border point in a
    /// cluster that holds one of its core neighbours.
    private func expectMatchesBatch(_ live: IncrementalClusterer, points: [Coordinate]) {
        let handles = live.reports
        let batch = DBSCAN(epsMeters: live.epsMeters, minPoints: live.minPoints).cluster(points)
        let ours = handles.map { Int32(live.cluster(of: $0) ?? -1) }
        #expect(handles.map { live.isCore($0) } == batch.isCore)
        #expect(ours.map { $0 < 0 } == batch.labels.map { $0 < 0 }, "noise sets differ")
        let core = handles.indices.filter { batch.isCore[$0] }
        #expect(ClusterOracle.adjustedRandIndex(core.map { ours[$0] }, core.map { batch.labels[$0] }) == 1.0)
        #expect(live.clusterCount == batch.clusterCount)
        for k in handles.indices where !batch.isCore[k] && ours[k] >= 0 {
            let valid = handles.indices.contains { j in
                batch.isCore[j] && ours[j] == ours[k] && LocalRuler.distance(points[k], points[j]) <= live.epsMeters
            }
            #expect(valid, "border report \(handles[k]) is in a cluster without a core neighbour")
        }
    }

    /// The writer thread's result, handed to the test thread (set once, read after the join).
    final class ResultBox: @unchecked Sendable {   // sound: `value` is only touched under `lock`
        private let lock = NSLock()
        private var value: (IncrementalClusterer, [Int: Int])?

        func set(_ live: IncrementalClusterer, _ held: [Int: Int]) {
            lock.lock(); defer { lock.unlock() }
            value = (live, held)
        }

        func get() -> (IncrementalClusterer, [Int: Int])? {
            lock.lock(); defer { lock.unlock() }
            return value
        }
    }
}
