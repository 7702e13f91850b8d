import Foundation

extension RoadNetwork {
    /// Matches many traces on several threads; results in input order, identical to matching
    /// them one by one with ``match(_:times:graph:options:scratch:)``.
    ///
    /// Worker `w` takes traces `w`, `w + threads`, `w + 2·threads`, ... with its own scratch, so
    /// long and short traces balance out and no two workers write the same result.
    ///
    /// - Parameters:
    ///   - traces: The traces' fixes (EPSG:4326), each in time order.
    ///   - times: Per trace, seconds per fix (see ``match(_:times:graph:options:scratch:)``), or empty.
    ///   - graph: The network's graph.
    ///   - options: The model.
    ///   - threads: Worker threads; defaults to the active cores.
    /// - Returns: One match per trace.
    /// - Complexity: The single-trace cost summed over the traces, divided by `threads` in wall time.
    ///
    /// ```swift
    /// let results = network.match(drives.map(\.coordinates), graph: graph, options: MatchOptions(sigmaMeters: 15))
    /// ```
    public func match(_ traces: [[Coordinate]], times: [[Double]] = [], graph: RoadGraph, options: MatchOptions = MatchOptions(),
                      threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [MapMatch] {
        let workers = Swift.max(1, Swift.min(threads, traces.count))
        var results = [MapMatch?](repeating: nil, count: traces.count)
        let allTimes = times
        @Sendable func timesOf(_ i: Int) -> [Double] { i < allTimes.count ? allTimes[i] : [] }
        if workers == 1 {
            var scratch = MatchScratch()
            for i in traces.indices { results[i] = match(traces[i], times: timesOf(i), graph: graph, options: options, scratch: &scratch) }
        } else {
            results.withUnsafeMutableBufferPointer { buffer in
                guard let base = buffer.baseAddress else { return }
                let out = MatchOutput(base)
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    var scratch = MatchScratch()
                    for i in stride(from: w, to: traces.count, by: workers) {
                        out.pointer[i] = match(traces[i], times: timesOf(i), graph: graph, options: options, scratch: &scratch)
                    }
                }
            }
        }
        return results.map { $0 ?? MapMatch(fixes: [], pieces: [], breaks: []) }
    }
}

/// The results handed to the workers, each of which writes only its own traces' entries.
private struct MatchOutput: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<MapMatch?>
    init(_ pointer: UnsafeMutablePointer<MapMatch?>) { self.pointer = pointer }
}
