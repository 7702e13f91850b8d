import Foundation

extension RoadNetwork {
    /// Snaps many points on several threads; results in input order, identical to snapping
    /// them one by one with ``snap(_:options:scratch:)``.
    ///
    /// The points are answered along a Hilbert curve (``PackedRTree/localityOrder(of:)``), so
    /// consecutive queries reuse the tree nodes and segments still in cache; that order is cut
    /// into blocks of 2,048, dealt out to `threads` workers in turn (so dense and sparse areas
    /// balance out); each worker keeps its own query memory and writes only its own points'
    /// entries of the result.
    ///
    /// - Parameters:
    ///   - points: The reports (EPSG:4326).
    ///   - options: Reach, selection, bearing.
    ///   - threads: Worker threads; defaults to the active cores.
    /// - Returns: One entry per point: its match, or `nil`.
    /// - Complexity: O(n log m / threads) wall time for n points and m segments.
    ///
    /// ```swift
    /// let snaps = network.snap(reports, options: SnapOptions(maxDistanceMeters: 50))
    /// let matched = snaps.compactMap { $0 }.count
    /// ```
    public func snap(_ points: [Coordinate], options: SnapOptions = SnapOptions(),
                     threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [RoadSnap?] {
        let n = points.count
        let block = 2_048
        let blocks = (n + block - 1) / block
        let order = PackedRTree.localityOrder(of: points)
        var results = [RoadSnap?](repeating: nil, count: n)
        if threads <= 1 || blocks <= 1 {
            var scratch = RTreeQueryScratch()
            for i in order { results[i] = snap(points[i], options: options, scratch: &scratch) }
            return results
        }
        results.withUnsafeMutableBufferPointer { buffer in
            points.withUnsafeBufferPointer { input in
                order.withUnsafeBufferPointer { sequence in
                    // All exist: n > 2,048 here.
                    guard let outBase = buffer.baseAddress, let inBase = input.baseAddress,
                          let orderBase = sequence.baseAddress else { return }
                    let out = SnapOutput(outBase), source = SnapInput(inBase), visit = SnapOrder(orderBase)
                    let workers = Swift.min(threads, blocks)
                    DispatchQueue.concurrentPerform(iterations: workers) { w in
                        var scratch = RTreeQueryScratch()
                        // Worker w takes blocks w, w + workers, w + 2·workers, ... of the order;
                        // every point is in exactly one block, so writes never overlap.
                        for b in stride(from: w, to: blocks, by: workers) {
                            let lo = b * block, hi = Swift.min(n, lo + block)
                            for j in lo..<hi {
                                let i = visit.pointer[j]
                                out.pointer[i] = snap(source.pointer[i], options: options, scratch: &scratch)
                            }
                        }
                    }
                }
            }
        }
        return results
    }
}

/// The result buffer handed to the workers, which initialise disjoint slices of it.
private struct SnapOutput: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<RoadSnap?>
    init(_ pointer: UnsafeMutablePointer<RoadSnap?>) { self.pointer = pointer }
}

/// The input points, read by the workers.
/// The order in which the workers answer the points (a permutation of their indices).
private struct SnapOrder: @unchecked Sendable {
    let pointer: UnsafePointer<Int>
    init(_ pointer: UnsafePointer<Int>) { self.pointer = pointer }
}

private struct SnapInput: @unchecked Sendable {
    let pointer: UnsafePointer<Coordinate>
    init(_ pointer: UnsafePointer<Coordinate>) { self.pointer = pointer }
}
