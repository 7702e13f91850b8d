import Foundation
import RoadGeo

extension Workloads {
    /// Read a 100k-fix GPS trace (seeded drive: lon, lat, ISO time, two value columns) from CSV
    /// and from GPX with ``TraceFile``, against the obvious Foundation CSV reader (split lines,
    /// split fields, `Double(String)`, `ISO8601DateFormatter`) on the same file; GPX through
    /// Foundation's `XMLParser` is the cost of libxml2's SAX callbacks as corelibs-foundation
    /// bridges them (element names and attribute dictionaries as `String`s). The files are
    /// written once to a temporary directory; every run reads them from disk.
    static let traces = Workload(id: "traces", title: "GPS trace read (CSV and GPX, 100k fixes)") { context, reporter in
        let fixes = 100_000
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("geo-bench-traces-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let csvPath = directory.appendingPathComponent("drive.csv").path
        let gpxPath = directory.appendingPathComponent("drive.gpx").path
        try writeSeededDrive(fixes: fixes, csv: csvPath, gpx: gpxPath)

        let csv = try measure("traces", "RoadGeo CSV", n: fixes, context: context) {
            try TraceFile.read(contentsOf: csvPath)[0].count
        }
        reporter.record(csv)
        // The baseline takes about 10 s a run (ISO8601DateFormatter dominates): one timed run.
        let slow = BenchContext(roadsPath: context.roadsPath, reportsPath: context.reportsPath,
                                dataDirectory: context.dataDirectory, threads: context.threads,
                                repetitions: min(context.repetitions, 1))
        let base = try measure("traces", "Foundation CSV", n: fixes, context: slow) {
            try foundationCSVFixes(csvPath)
        }
        reporter.record(base)
        reporter.ratio(csv, over: base)
        let gpx = try measure("traces", "RoadGeo GPX (XMLParser)", n: fixes, context: context) {
            try TraceFile.read(contentsOf: gpxPath)[0].count
        }
        reporter.record(gpx)
        reporter.note("traces", String(format: "100k fixes: CSV %.0f ms (%.1f M fixes/s), GPX %.0f ms; Foundation CSV baseline %.0f ms",
                                       csv.seconds * 1000, Double(fixes) / csv.seconds / 1e6, gpx.seconds * 1000, base.seconds * 1000))
    }

    /// A seeded drive: small steps north-east from Bishkek, one fix a second, IRI and speed values.
    private static func writeSeededDrive(fixes: Int, csv: String, gpx: String) throws {
        var rng = SplitMix64(seed: 19)
        var csvText = "lon,lat,time,IRI,speed\n"
        var gpxText = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n" + #"<gpx version="1.1" creator="geo-bench" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>bench</name><trkseg>"# + "\n"
        var lon = 74.58, lat = 42.87
        let formatter = ISO8601DateFormatter()
        for i in 0..<fixes {
            lon += Double(rng.next() % 1000) * 1e-8
            lat += Double(rng.next() % 1000) * 1e-8
            let time = formatter.string(from: Date(timeIntervalSince1970: 1_714_552_200 + Double(i)))
            let iri = Double(rng.next() % 10_000) / 1000
            let lonText = String(format: "%.7f", lon), latText = String(format: "%.7f", lat)
            csvText += "\(lonText),\(latText),\(time),\(iri),\(Double(rng.next() % 300) / 10)\n"
            gpxText += "<trkpt lat=\"\(latText)\" lon=\"\(lonText)\"><ele>\(760 + i % 50)</ele><time>\(time)</time></trkpt>\n"
        }
        gpxText += "</trkseg></trk></gpx>\n"
        try csvText.write(toFile: csv, atomically: true, encoding: .utf8)
        try gpxText.write(toFile: gpx, atomically: true, encoding: .utf8)
    }

    /// The baseline: what a first CSV reader written with Foundation looks like.
    private static func foundationCSVFixes(_ path: String) throws -> Int {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let formatter = ISO8601DateFormatter()
        var coordinates: [Coordinate] = [], times: [Double] = [], values: [Double] = []
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 5, let x = Double(fields[0]), let y = Double(fields[1]),
                  let t = formatter.date(from: String(fields[2])) else { continue }
            coordinates.append(Coordinate(x, y))
            times.append(t.timeIntervalSince1970)
            values.append(Double(fields[3]) ?? .nan)
            values.append(Double(fields[4]) ?? .nan)
        }
        return coordinates.count + times.count + values.count / 2 - 2 * coordinates.count
    }
}
