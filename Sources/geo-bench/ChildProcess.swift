import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs another program as a whole process (output discarded) and reports its wall time and
/// peak resident memory (`wait4`'s `ru_maxrss`), for workloads timed against other tools.
enum ChildProcess {
    struct Run {
        var seconds: Double
        var maxRSSMB: Double
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `tool` with `arguments`; throws when it cannot start or exits non-zero. The peak RSS
    /// comes from GNU time (`/usr/bin/time -f %M`, Debian package `time`), which starts the tool
    /// from its own small process: a child spawned straight from geo-bench reports geo-bench's
    /// own high-water mark once that is larger. 0 when GNU time is missing.
    static func run(_ tool: String, _ arguments: [String]) throws -> Run {
        let gnuTime = "/usr/bin/time"
        guard FileManager.default.isExecutableFile(atPath: gnuTime) else { return try spawn(tool, arguments, rssFile: nil) }
        let rssFile = FileManager.default.temporaryDirectory.appendingPathComponent("geo-bench-rss-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: rssFile) }
        return try spawn(gnuTime, ["-f", "%M", "-o", rssFile, tool] + arguments, rssFile: rssFile)
    }

    private static func spawn(_ tool: String, _ arguments: [String], rssFile: String?) throws -> Run {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv: [UnsafeMutablePointer<CChar>?] = ([tool] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var pid: pid_t = 0
        let start = DispatchTime.now().uptimeNanoseconds
        let spawned = posix_spawn(&pid, tool, &actions, nil, argv, environ)
        guard spawned == 0 else { throw Failure(description: "cannot start \(tool): error \(spawned)") }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(pid, &status, 0, &usage) == pid else { throw Failure(description: "wait4 failed for \(tool)") }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        // WIFEXITED && WEXITSTATUS == 0
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw Failure(description: "\(tool) \(arguments.joined(separator: " ")) failed with status \(status)")
        }
        guard let rssFile else { return Run(seconds: seconds, maxRSSMB: 0) }
        let text = (try? String(contentsOfFile: rssFile, encoding: .utf8)) ?? ""
        let kb = text.split(whereSeparator: \.isWhitespace).compactMap { Double($0) }.last ?? 0
        return Run(seconds: seconds, maxRSSMB: kb / 1024)
    }

    /// The first of `candidates` that is an executable file.
    static func find(_ candidates: [String]) -> String? {
        candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Times a pipeline of processes (run one after another) once to warm up, then
    /// `repetitions` times: the median total time and the largest peak RSS of any step.
    /// `prepare` runs before each pipeline, untimed (e.g. removing an output a tool will not overwrite).
    static func measure(_ workload: String, _ implementation: String, n: Int, repetitions: Int,
                        prepare: () -> Void = {}, _ steps: [(String, [String])]) throws -> Measurement {
        func once() throws -> Run {
            prepare()
            var total = Run(seconds: 0, maxRSSMB: 0)
            for (tool, arguments) in steps {
                let r = try run(tool, arguments)
                total.seconds += r.seconds
                total.maxRSSMB = max(total.maxRSSMB, r.maxRSSMB)
            }
            return total
        }
        _ = try once()
        var runs: [Run] = []
        for _ in 0..<repetitions { runs.append(try once()) }
        let times = runs.map(\.seconds).sorted()
        return Measurement(workload: workload, implementation: implementation, n: n, seconds: times[times.count / 2],
                           minSeconds: times[0], maxSeconds: times[times.count - 1],
                           peakRSSMB: runs.map(\.maxRSSMB).max() ?? 0, latency: nil)
    }
}
