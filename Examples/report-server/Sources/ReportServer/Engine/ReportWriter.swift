import Foundation
import RoadGeo

/// The one writer: a thread that takes queued changes, writes them to SQLite in one transaction
/// (group commit: one commit, one sync, for every change queued meanwhile), applies them to the
/// live state and only then answers each request. Nothing is acknowledged before its commit, and
/// readers never wait for any of it.
///
/// `@unchecked Sendable` is sound: `queue` and `stopped` are only touched while holding
/// `condition`'s lock; the work closure runs on the writer thread alone.
final class ReportWriter: @unchecked Sendable {
    /// One queued change.
    struct Job: Sendable {
        /// Runs alone in its own transaction (moderator actions that read the state they change).
        let alone: Bool
        /// On the writer thread, inside the batch's transaction: validates against the live state
        /// and writes the change's rows; returns how to apply it. A thrown error answers this
        /// request only (its rows are rolled back to a savepoint).
        let stage: @Sendable (ReportStore) throws -> Staged
        /// Answers the request with an error (its stage failed, or the commit did).
        let fail: @Sendable (Error) -> Void
    }

    /// A change written to the store and not yet applied.
    struct Staged {
        /// Applies the change to one copy of the live state; called once per copy, so it must be
        /// deterministic.
        let apply: (inout LiveState) -> Void
        /// Answers the request, after both copies were changed; returns the tiles to evict.
        let answer: () -> Void
        /// Tiles whose bytes the change altered, known after the first `apply`.
        let tiles: () -> [TileID]
    }

    private let condition = NSCondition()
    private var queue: [Job] = []
    private var stopped = false
    private var thread: Thread?
    /// Most jobs per transaction.
    let maxBatch: Int

    /// Starts the writer thread. `run` executes one batch: it receives the jobs and must commit
    /// them (see ``ReportEngine``).
    init(maxBatch: Int = 512, run: @escaping @Sendable ([Job]) -> Void) {
        self.maxBatch = maxBatch
        let t = Thread { self.loop(run) }   // the thread keeps the writer until stop() lets the loop end
        t.name = "report-writer"
        t.qualityOfService = .userInitiated
        thread = t
        t.start()
    }

    /// Queues a job.
    func submit(_ job: Job) {
        condition.lock()
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Stops the thread after the queued jobs.
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    private func loop(_ run: @Sendable ([Job]) -> Void) {
        while true {
            condition.lock()
            while queue.isEmpty && !stopped { condition.wait() }
            if queue.isEmpty && stopped { condition.unlock(); return }
            var batch: [Job]
            if let first = queue.first, first.alone {
                batch = [queue.removeFirst()]
            } else {
                let n = min(maxBatch, queue.firstIndex { $0.alone } ?? queue.count)
                batch = Array(queue.prefix(n))
                queue.removeFirst(n)
            }
            condition.unlock()
            run(batch)
            batch.removeAll()
        }
    }
}
