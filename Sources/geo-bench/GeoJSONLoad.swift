import Foundation
import RoadGeo

extension Workloads {
    /// Load the road GeoJSON (default: 12 MB Heidelberg) into validated polylines: RoadGeo's byte
    /// parser against Foundation's JSONSerialization plus the same Polyline construction.
    /// Both read the file inside the timed region. Then the writer: the parsed document back
    /// to GeoJSON bytes at 7 decimals, against JSONSerialization writing the same features.
    static let geojson = Workload(id: "geojson", title: "GeoJSON load (RoadGeo vs JSONSerialization) and write") { context, reporter in
        let path = context.roadsPath
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        let megabytes = Double(bytes) / 1_048_576
        let reader = GeoJSONReader()
        // Foundation takes seconds per run: one timed run after the warm-up keeps the default run short.
        let slow = BenchContext(roadsPath: context.roadsPath, reportsPath: context.reportsPath,
                                dataDirectory: context.dataDirectory, threads: context.threads,
                                repetitions: min(context.repetitions, 1))

        var featureCount = 0
        let ours = try measure("geojson", "RoadGeo read+lines", n: bytes, context: context) {
            let roads = try reader.readRoads(contentsOf: path)
            featureCount = roads.count
            return roads.reduce(0) { $0 + $1.line.parts.count }
        }
        reporter.record(ours)
        let documentOnly = try measure("geojson", "RoadGeo read document", n: bytes, context: context) {
            try reader.read(contentsOf: path).features.count
        }
        reporter.record(documentOnly)
        let base = try measure("geojson", "JSONSerialization", n: bytes, context: slow) {
            try FoundationGeoJSON.lines(atPath: path).count
        }
        reporter.record(base)
        reporter.ratio(ours, over: base)
        reporter.note("geojson", String(format: "read: %.1f MB/s RoadGeo (%.1f MB/s document only), %.1f MB/s JSONSerialization; %.1f MB, %d line features, n = bytes",
                                        megabytes / ours.seconds, megabytes / documentOnly.seconds, megabytes / base.seconds,
                                        megabytes, featureCount))

        // Writer: the first 2,500 features back to GeoJSON, against JSONSerialization writing the same.
        let document = try reader.read(contentsOf: path)
        let subset = GeoJSONDocument.featureCollection(GeoJSONFeatureCollection(features: Array(document.features.prefix(2_500))))
        let writer = GeoJSONWriter(coordinatePrecision: 7)
        let outputBytes = try writer.encode(subset).count
        let write = try measure("geojson", "RoadGeo write 7 dp", n: outputBytes, context: context) {
            try writer.encode(subset).count
        }
        reporter.record(write)
        var root = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
        root["features"] = Array((root["features"] as? [Any] ?? []).prefix(2_500))
        let foundationWrite = try measure("geojson", "JSONSerialization write", n: outputBytes, context: slow) {
            try JSONSerialization.data(withJSONObject: root).count
        }
        reporter.record(foundationWrite)
        reporter.ratio(write, over: foundationWrite)
        let roundTrip = try reader.parse(try writer.encode(document)) == document
        reporter.note("geojson", String(format: "write: %.1f MB/s RoadGeo, %.1f MB/s JSONSerialization (2,500 features, %.1f MB); read(write(all)) == all: %@",
                                        Double(outputBytes) / 1_048_576 / write.seconds,
                                        Double(outputBytes) / 1_048_576 / foundationWrite.seconds,
                                        Double(outputBytes) / 1_048_576, roundTrip ? "yes" : "NO"))
    }
}
