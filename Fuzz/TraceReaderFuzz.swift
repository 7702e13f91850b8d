// libFuzzer target: the GPS trace readers (GPX, CSV, GeoJSON) and the matcher behind them.
//
// Any byte string must either read or throw TraceError; every trace read must hold only valid
// coordinates, a time per fix or none, a value per fix and column; matching it to a small
// network must account for every fix without trapping.
// Build and run with `scripts/fuzz.sh traces SECONDS`.
import RoadGeo

/// A cross of two 2 km roads at the origin of the fuzz inputs' likeliest coordinates.
private let network: RoadNetwork = {
    let lines = [[Coordinate(-0.01, 0), Coordinate(0.01, 0)], [Coordinate(0, -0.01), Coordinate(0, 0.01)]]
    return RoadNetwork(roads: lines.enumerated().compactMap { i, c in
        (try? Polyline(c)).map { Road(id: "\(i)", line: $0) }
    })
}()
private let graph = RoadGraph(network)

@_cdecl("LLVMFuzzerTestOneInput")
public func traceReaderFuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let traces = try? TraceFile.parse(bytes, name: "fuzz-trace") else { return 0 }
    var scratch = MatchScratch()
    for trace in traces {
        precondition(trace.coordinates.allSatisfy(\.isValidGeographic), "a trace holds an invalid coordinate")
        precondition(trace.times.isEmpty || trace.times.count == trace.count, "times do not match the fixes")
        precondition(trace.values.count == trace.count * trace.columns.count, "values do not match fixes x columns")
        let result = network.match(trace, graph: graph, scratch: &scratch)
        precondition(result.fixes.count == trace.count, "a fix is missing from the match")
        precondition(result.lengthMeters.isFinite && result.lengthMeters >= 0, "a match has no finite length")
    }
    return 0
}
