import Foundation

/// Per-fix values of matched traces (roughness as IRI, speed, any numeric column) gathered onto
/// fixed stretches of road: chainage bins of a set length, `[k·L, (k+1)·L)` from each road's
/// start (the last bin of a road ends at its length). A condition layer for the map, and
/// evidence for which repairs come first.
///
/// Add any number of matched traces, from any number of drives; then ``bins()`` gives, per bin
/// that received a value, the count, mean, median, 90th percentile and the first and last time.
/// Only placed fixes count (``MatchedFix/Status/matched`` and ``MatchedFix/Status/stationary``);
/// NaN values are not values. Percentiles interpolate linearly between order statistics, as
/// PostgreSQL's `percentile_cont` and NumPy's default do.
///
/// ```swift
/// var condition = RoadConditionBins(network: network, sectionLengthMeters: 100)
/// for trace in traces {
///     let result = network.match(trace.coordinates, graph: graph)
///     condition.add(result, values: trace.values(column: iri), times: trace.times)
/// }
/// for bin in condition.bins() { print(network.road(of: bin).id, bin.fromMeters, bin.mean, bin.p90) }
/// ```
public struct RoadConditionBins: Sendable {
    /// Statistics of one bin.
    ///
    /// ```swift
    /// for bin in condition.bins() where bin.count >= 5 { print(bin.roadIndex, bin.fromMeters, bin.p90) }
    /// ```
    public struct Bin: RoadReference, Hashable, Sendable {
        /// The road (index into ``RoadNetwork/roads``).
        public var roadIndex: Int
        /// Where the bin starts along the road, metres (a multiple of the section length).
        public var fromMeters: Double
        /// Where it ends, metres (the next multiple, or the road's length).
        public var toMeters: Double
        /// Values in the bin.
        public var count: Int
        /// Their mean.
        public var mean: Double
        /// Their median (linear interpolation).
        public var p50: Double
        /// Their 90th percentile (linear interpolation).
        public var p90: Double
        /// The earliest time of a value in the bin (seconds, the traces' epoch), or `nil` when
        /// no value had a time.
        public var firstTime: Double?
        /// The latest time of a value in the bin, or `nil` when no value had a time.
        public var lastTime: Double?
    }

    /// The network the traces are matched on.
    public let network: RoadNetwork
    /// The length of every bin, metres.
    public let sectionLengthMeters: Double
    /// Values added, in arrival order: (bin key, value, time).
    private var samples: [Sample] = []
    /// Placed fixes whose value was NaN (or missing), over all added traces.
    public private(set) var skippedNaN = 0
    /// Fixes not placed on a road (outliers, off the network, invalid), over all added traces.
    public private(set) var skippedUnplaced = 0

    /// Creates empty bins.
    /// - Parameters:
    ///   - network: The network the traces will be matched on.
    ///   - sectionLengthMeters: Bin length, metres (default 100; a non-positive or non-finite
    ///     value is taken as 100).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// var bins = RoadConditionBins(network: network, sectionLengthMeters: 50)
    /// ```
    public init(network: RoadNetwork, sectionLengthMeters: Double = 100) {
        self.network = network
        self.sectionLengthMeters = sectionLengthMeters.isFinite && sectionLengthMeters > 0 ? sectionLengthMeters : 100
    }

    /// Adds one matched trace's values.
    /// - Parameters:
    ///   - match: The trace's match.
    ///   - values: One value per fix of the trace (for instance ``GPSTrace/values(column:)``);
    ///     fixes beyond its end have none.
    ///   - times: Seconds per fix, or empty.
    /// - Complexity: O(fixes).
    ///
    /// ```swift
    /// bins.add(result, values: trace.values(column: speed), times: trace.times)
    /// ```
    public mutating func add(_ match: MapMatch, values: [Double], times: [Double] = []) {
        samples.reserveCapacity(samples.count + match.fixes.count)
        for (i, fix) in match.fixes.enumerated() {
            guard let snap = fix.snap, network.roads.indices.contains(snap.roadIndex) else { skippedUnplaced += 1; continue }
            guard i < values.count, !values[i].isNaN else { skippedNaN += 1; continue }
            // A position at the road's very end belongs to its last bin, not to an empty one after it.
            let length = network.road(of: snap).line.lengthMeters
            let lastBin = Swift.max(0, Int((length / sectionLengthMeters).rounded(.up)) - 1)
            let bin = UInt32(clamping: Swift.min(lastBin, Int((Swift.max(0, snap.measureMeters) / sectionLengthMeters).rounded(.down))))
            samples.append(Sample(road: UInt32(snap.roadIndex), bin: bin, value: values[i], time: i < times.count ? times[i] : .nan))
        }
    }

    /// The statistics of every bin that received a value, by road and then chainage.
    /// - Returns: The bins.
    /// - Complexity: O(v log v) for v values added.
    ///
    /// ```swift
    /// let rough = bins.bins().filter { $0.p90 > 6 }
    /// ```
    public func bins() -> [Bin] {
        var sorted = samples
        sorted.sort { ($0.road, $0.bin, $0.value) < ($1.road, $1.bin, $1.value) }
        var out: [Bin] = []
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count && sorted[end].road == sorted[start].road && sorted[end].bin == sorted[start].bin { end += 1 }
            let run = sorted[start..<end]
            let road = Int(run[start].road)
            let from = Double(run[start].bin) * sectionLengthMeters
            let to = Swift.min(from + sectionLengthMeters, network.roads[road].line.lengthMeters)
            var sum = 0.0, first = Double.infinity, last = -Double.infinity
            for s in run {
                sum += s.value
                if !s.time.isNaN { first = Swift.min(first, s.time); last = Swift.max(last, s.time) }
            }
            out.append(Bin(roadIndex: road, fromMeters: from, toMeters: Swift.max(from, to), count: run.count,
                           mean: sum / Double(run.count),
                           p50: Self.percentile(run, 0.5), p90: Self.percentile(run, 0.9),
                           firstTime: first.isFinite ? first : nil, lastTime: last.isFinite ? last : nil))
            start = end
        }
        return out
    }

    /// The p-quantile of values sorted ascending, interpolating linearly between ranks.
    private static func percentile(_ run: ArraySlice<Sample>, _ p: Double) -> Double {
        let position = p * Double(run.count - 1)
        let lo = Int(position.rounded(.down)), hi = Swift.min(lo + 1, run.count - 1)
        let a = run[run.startIndex + lo].value, b = run[run.startIndex + hi].value
        return a + (b - a) * (position - Double(lo))
    }

    /// The bins as line features (the stretch of road each covers) with their statistics, for
    /// a ``Tiler`` layer or a GeoJSON file: `road_id`, `from_m`, `to_m`, `chainage`, `count`,
    /// `mean`, `p50`, `p90`, `first_time`, `last_time` (ISO 8601 UTC when the times are Unix
    /// seconds, else null).
    /// - Returns: One feature per bin, in ``bins()`` order.
    /// - Complexity: O(v log v + the bins' vertices).
    ///
    /// ```swift
    /// let layer = TileLayer(name: "condition", content: .features(try Tiler(features: bins.tileFeatures())))
    /// ```
    public func tileFeatures() -> [TileFeature] {
        bins().map { bin in
            let road = network.road(of: bin).line
            // Bins never start at a road's end, so only a bin shorter than rounding is a point.
            let geometry: TileFeature.Geometry = road.substring(from: bin.fromMeters, to: bin.toMeters).map { .line($0) }
                ?? .point(road.coordinate(atMeasure: bin.fromMeters))
            func time(_ t: Double?) -> JSONValue { t.flatMap(Self.iso8601).map { .string($0) } ?? .null }
            let properties: JSONObject = [
                "road_id": .string(network.road(of: bin).id),
                "from_m": .number(bin.fromMeters), "to_m": .number(bin.toMeters),
                "chainage": Chainage(meters: bin.fromMeters).map { .string($0.formatted()) } ?? .null,
                "count": .integer(Int64(bin.count)),
                "mean": .number(bin.mean), "p50": .number(bin.p50), "p90": .number(bin.p90),
                "first_time": time(bin.firstTime), "last_time": time(bin.lastTime),
            ]
            return TileFeature(geometry: geometry, properties: properties)
        }
    }

    /// Unix seconds as `2026-05-01T08:30:00Z` (to the millisecond, `.sss` when there are
    /// any), or nil beyond the years a calendar date is written for.
    static func iso8601(_ seconds: Double) -> String? {
        let total = (seconds * 1000).rounded()
        guard total.magnitude < 1e17 else { return nil }
        let ms = Int(total), day = 86_400_000
        let days = ms >= 0 ? ms / day : -((-ms + day - 1) / day)
        return CivilCalendar.dateTime(days: days, milliseconds: ms - days * day) + "Z"
    }
}

/// One value in a bin.
private struct Sample: Sendable {
    var road: UInt32
    var bin: UInt32
    var value: Double
    var time: Double
}
