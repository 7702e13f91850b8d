import Foundation

/// One timed measurement: the median of the repetitions, with min and max.
struct Measurement {
    var workload: String
    var implementation: String
    /// Operations per repetition (items built, queries answered, points transformed ...).
    var n: Int
    var seconds: Double
    var minSeconds: Double
    var maxSeconds: Double
    /// Peak resident set size of the process during the measurement, MiB.
    var peakRSSMB: Double
    /// Per-operation latency percentiles in microseconds, for query workloads.
    var latency: Percentiles?
    var opsPerSecond: Double { Double(n) / seconds }
}

/// p50, p99 and p99.9 of a latency sample, in microseconds.
struct Percentiles {
    var p50: Double, p99: Double, p999: Double

    init(nanoseconds samples: [UInt64]) {
        let s = samples.sorted()
        func at(_ q: Double) -> Double {
            guard !s.isEmpty else { return 0 }
            return Double(s[min(s.count - 1, Int(q * Double(s.count)))]) / 1000
        }
        p50 = at(0.5); p99 = at(0.99); p999 = at(0.999)
    }
}

/// A sink that keeps the optimiser from deleting benchmarked work.
nonisolated(unsafe) var benchmarkSink = 0

/// Runs `body` once to warm up, then `context.repetitions` times, and returns the median.
///
/// `body` returns a value derived from its work (a hit count, a checksum); it goes to the sink.
func measure(_ workload: String, _ implementation: String, n: Int, context: BenchContext,
             _ body: () throws -> Int) rethrows -> Measurement {
    benchmarkSink &+= try body()
    resetPeakRSS()
    var times: [Double] = []
    for _ in 0..<context.repetitions {
        let start = DispatchTime.now().uptimeNanoseconds
        benchmarkSink &+= try body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    times.sort()
    return Measurement(workload: workload, implementation: implementation, n: n,
                       seconds: times[times.count / 2], minSeconds: times[0], maxSeconds: times[times.count - 1],
                       peakRSSMB: peakRSSMB(), latency: nil)
}

/// Times each call of `query(i)` for `i` in `0..<n` and returns the latency percentiles.
/// Run it once, separately from the throughput measurement, so clock reads do not skew it.
func latencies(n: Int, _ query: (Int) -> Int) -> Percentiles {
    var samples = [UInt64](repeating: 0, count: n)
    for i in 0..<n {
        let t0 = DispatchTime.now().uptimeNanoseconds
        benchmarkSink &+= query(i)
        samples[i] = DispatchTime.now().uptimeNanoseconds - t0
    }
    return Percentiles(nanoseconds: samples)
}

/// Peak RSS (VmHWM) of this process in MiB, from /proc/self/status; 0 where unavailable.
func peakRSSMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
        let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? 0
        return kb / 1024
    }
    return 0
}

/// Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs), so each measurement
/// reports its own peak rather than the process's all-time peak.
func resetPeakRSS() {
    if let h = FileHandle(forWritingAtPath: "/proc/self/clear_refs") {
        h.write(Data("5".utf8))
        try? h.close()
    }
}

/// Prints the table for people or JSON lines for machines.
struct Reporter {
    let json: Bool
    private(set) var failures = 0

    init(json: Bool) { self.json = json }

    func header(_ c: BenchContext) {
        guard !json else { return }
        print("geo-bench: roads \(c.roadsPath), \(c.repetitions) repetitions after a warm-up, \(c.threads) threads for batch workloads")
        print(pad("workload", 10) + pad("implementation", 22) + lpad("n", 10) + lpad("median s", 11)
              + lpad("min s", 10) + lpad("max s", 10) + lpad("ops/s", 13) + lpad("peak MB", 9) + "  latency p50/p99/p99.9 us")
    }

    func section(_ w: Workload) {
        if !json { print("-- \(w.id): \(w.title)") }
    }

    /// Prints one measurement.
    func record(_ m: Measurement) {
        if json {
            var fields = [
                "\"workload\":\(quoted(m.workload))", "\"implementation\":\(quoted(m.implementation))",
                "\"n\":\(m.n)", "\"seconds\":\(m.seconds)", "\"min_seconds\":\(m.minSeconds)",
                "\"max_seconds\":\(m.maxSeconds)", "\"ops_per_s\":\(m.opsPerSecond.rounded())",
                "\"peak_rss_mb\":\(String(format: "%.1f", m.peakRSSMB))",
            ]
            if let l = m.latency {
                fields.append("\"p50_us\":\(l.p50),\"p99_us\":\(l.p99),\"p999_us\":\(l.p999)")
            }
            print("{" + fields.joined(separator: ",") + "}")
        } else {
            var line = pad(m.workload, 10) + pad(m.implementation, 22) + lpad("\(m.n)", 10)
                + lpad(String(format: "%.4f", m.seconds), 11) + lpad(String(format: "%.4f", m.minSeconds), 10)
                + lpad(String(format: "%.4f", m.maxSeconds), 10) + lpad(formatRate(m.opsPerSecond), 13)
                + lpad(String(format: "%.0f", m.peakRSSMB), 9)
            if let l = m.latency {
                line += String(format: "  %.2f/%.2f/%.2f", l.p50, l.p99, l.p999)
            }
            print(line)
        }
    }

    /// Prints how many times faster `ours` is than `baseline` (ops/s over ops/s).
    func ratio(_ ours: Measurement, over baseline: Measurement) {
        let r = ours.opsPerSecond / baseline.opsPerSecond
        if json {
            print("{\"workload\":\(quoted(ours.workload)),\"ratio\":\(String(format: "%.3f", r)),\"implementation\":\(quoted(ours.implementation)),\"baseline\":\(quoted(baseline.implementation))}")
        } else {
            print("   ratio \(ours.implementation)/\(baseline.implementation): \(String(format: "%.2f", r))x")
        }
    }

    /// Prints a free-form note (a check result, a size) in the table, or as JSON.
    func note(_ workload: String, _ text: String) {
        if json {
            print("{\"workload\":\(quoted(workload)),\"note\":\(quoted(text))}")
        } else {
            print("   \(text)")
        }
    }

    mutating func failure(_ w: Workload, _ error: Error) {
        failures += 1
        let message = "\(error)"
        if json {
            print("{\"workload\":\(quoted(w.id)),\"error\":\(quoted(message))}")
        } else {
            print("   FAILED: \(message)")
        }
    }

    func footer() {
        if !json && failures > 0 { print("\(failures) workload(s) failed") }
    }

    private func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s + " " : s + String(repeating: " ", count: w - s.count) }
    private func lpad(_ s: String, _ w: Int) -> String { s.count >= w ? " " + s : String(repeating: " ", count: w - s.count) + s }
    private func formatRate(_ r: Double) -> String {
        r >= 1e6 ? String(format: "%.2f M", r / 1e6) : r >= 1e3 ? String(format: "%.1f k", r / 1e3) : String(format: "%.1f", r)
    }
    private func quoted(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }
}
