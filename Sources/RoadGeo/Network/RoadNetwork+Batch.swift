import Foundation

extension RoadNetwork {
    /// Snaps many points on several threads; results in input order, identical to snapping
    /// them one by one with ``snap(_:options:scratch:)``.
    ///
    /// The points are cut into blocks of 2,048, dealt out to `threads` workers in turn (so dense
    /// and sparse areas balance out); each worker keeps its own query memory and writes only
    /// its own blocks of the result.
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
        if threads <= 1 || blocks <= 1 {
            var scratch = RTreeQueryScratch()
            return points.map { snap($0, options: options, scratch: &scratch) }
        }
        return [RoadSnap?](unsafeUninitializedCapacity: n) { buffer, initialized in
            points.withUnsafeBufferPointer { input in
                // Both exist: n > 2,048 here.
                guard let outBase = buffer.baseAddress, let inBase = input.baseAddress else { return }
                let out = SnapOutput(outBase), source = SnapInput(inBase)
                let workers = Swift.min(threads, blocks)
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    var scratch = RTreeQueryScratch()
                    // Worker w takes blocks w, w + workers, w + 2·workers, ...
                    for b in stride(from: w, to: blocks, by: workers) {
                        let lo = b * block, hi = Swift.min(n, lo + block)
                        for i in lo..<hi {
                            (out.pointer + i).initialize(to: snap(source.pointer[i], options: options, scratch: &scratch))
                        }
                    }
                }
                initialized = n
            }
        }
    }
}

/// The result buffer handed to the workers, which initialise disjoint slices of it.
private struct SnapOutput: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<RoadSnap?>
    init(_ pointer: UnsafeMutablePointer<RoadSnap?>) { self.pointer = pointer }
}

/// The input points, read by the workers.
private struct SnapInput: @unchecked Sendable {
    let pointer: UnsafePointer<Coordinate>
    init(_ pointer: UnsafePointer<Coordinate>) { self.pointer = pointer }
}
