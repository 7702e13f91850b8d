extension RoadNetwork {
    /// Matches a recorded trace (a GPX track segment, a CSV or GeoJSON trace read by
    /// ``TraceFile``) to the roads, with its times for the speed limit.
    /// - Parameters:
    ///   - trace: The fixes and their times.
    ///   - graph: The network's graph.
    ///   - options: The model (``MatchOptions``).
    ///   - scratch: Memory reused between traces on one thread.
    /// - Returns: The match, one ``MatchedFix`` per fix of the trace.
    /// - Complexity: As ``match(_:times:graph:options:scratch:)``.
    ///
    /// ```swift
    /// var scratch = MatchScratch()
    /// for trace in try TraceFile.read(contentsOf: "drive.gpx") {
    ///     let result = network.match(trace, graph: graph, scratch: &scratch)
    ///     print(trace.name, result.matchedCount, result.lengthMeters)
    /// }
    /// ```
    public func match(_ trace: GPSTrace, graph: RoadGraph, options: MatchOptions = MatchOptions(),
                      scratch: inout MatchScratch) -> MapMatch {
        match(trace.coordinates, times: trace.times, graph: graph, options: options, scratch: &scratch)
    }
}
