import Foundation
import Synchronization

/// Two copies of a value: readers always read a complete, published copy without waiting, and
/// one writer changes the other copy, publishes it, waits for the readers still on the old one,
/// then applies the same change to it (the left-right technique of Ramalhete and Correia, 2015).
///
/// Readers never take a lock and never wait for the writer: a read announces itself on the
/// active copy's counter and re-checks that the copy is still active (else it moves to the
/// other). The writer waits only for readers that began before its publish, and only to reuse
/// their copy. Every change is applied twice, so it must be deterministic; the memory cost is
/// two copies, and nothing is copied per change.
///
/// `@unchecked Sendable` is sound: a copy is mutated only by the writer (the caller serializes
/// writers) and only while no reader holds it, which the counters guarantee with sequentially
/// consistent ordering.
final class LeftRight<Value>: @unchecked Sendable {
    private var copies: (UnsafeMutablePointer<Value>, UnsafeMutablePointer<Value>)
    private let active = Atomic<Int>(0)
    private let readers0 = Atomic<Int>(0)
    private let readers1 = Atomic<Int>(0)

    /// Starts with two independently built copies (so that no storage is shared between them and
    /// the first change to each does not copy it).
    init(_ first: consuming Value, _ second: consuming Value) {
        let a = UnsafeMutablePointer<Value>.allocate(capacity: 1), b = UnsafeMutablePointer<Value>.allocate(capacity: 1)
        a.initialize(to: first); b.initialize(to: second)
        copies = (a, b)
    }

    deinit {
        copies.0.deinitialize(count: 1); copies.0.deallocate()
        copies.1.deinitialize(count: 1); copies.1.deallocate()
    }

    private func enter(_ i: Int) {
        if i == 0 { readers0.wrappingAdd(1, ordering: .sequentiallyConsistent) } else { readers1.wrappingAdd(1, ordering: .sequentiallyConsistent) }
    }

    private func leave(_ i: Int) {
        if i == 0 { readers0.wrappingSubtract(1, ordering: .sequentiallyConsistent) } else { readers1.wrappingSubtract(1, ordering: .sequentiallyConsistent) }
    }

    private func readerCount(_ i: Int) -> Int {
        i == 0 ? readers0.load(ordering: .sequentiallyConsistent) : readers1.load(ordering: .sequentiallyConsistent)
    }

    /// Runs `body` on the published copy; never blocks.
    func read<R>(_ body: (borrowing Value) throws -> R) rethrows -> R {
        while true {
            let i = active.load(ordering: .sequentiallyConsistent)
            enter(i)
            if active.load(ordering: .sequentiallyConsistent) == i {
                defer { leave(i) }
                return try body((i == 0 ? copies.0 : copies.1).pointee)
            }
            leave(i)
        }
    }

    /// Applies `change` to the hidden copy, publishes it, waits for the old copy's readers and
    /// applies `change` to it too. Returns what the first application returned. The caller
    /// serializes calls (one writer). `change` cannot fail: validate before, against ``read(_:)``
    /// (the writer is the only one changing the value, so what it read still holds).
    func write<R>(_ change: (inout Value) -> R) -> R {
        let shown = active.load(ordering: .sequentiallyConsistent)
        let hidden = 1 - shown
        let result = change(&(hidden == 0 ? copies.0 : copies.1).pointee)
        active.store(hidden, ordering: .sequentiallyConsistent)
        var spins = 0
        while readerCount(shown) != 0 {
            spins += 1
            if spins > 64 { sched_yield() }
        }
        _ = change(&(shown == 0 ? copies.0 : copies.1).pointee)
        return result
    }
}
