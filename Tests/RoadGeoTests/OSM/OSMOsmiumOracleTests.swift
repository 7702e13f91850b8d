import Foundation
import Testing
@testable import RoadGeo

/// The road import against osmium-tool (Debian's `osmium-tool`, installed by scripts/install-deps.sh):
/// `osmium tags-filter w/highway`, then `-i` the non-road values, then `osmium export` of linear ways.
/// Same ways, same tags, same coordinates to 1e-7 degrees.
@Suite("OSM import against osmium export")
struct OSMOsmiumOracleTests {
    /// The six real extracts: the bundled one, and the others from ../shared/data/osm beside the repository.
    static let extracts: [String] = {
        var files = [Fixtures.data("monaco.osm.pbf")]
        let shared = Fixtures.root.deletingLastPathComponent().appendingPathComponent("shared/data/osm")
        for name in ["krems", "andorra", "moscow", "belarus-east", "heidelberg.test"] {
            let path = shared.appendingPathComponent("\(name).osm.pbf").path
            if FileManager.default.fileExists(atPath: path) { files.append(path) }
        }
        return files
    }()

    @Test("ways, typed tags and coordinates equal osmium's", arguments: extracts)
    func matchesOsmium(_ path: String) throws {
        let osmium = try #require(["/usr/bin/osmium", "/usr/local/bin/osmium"].first { FileManager.default.isExecutableFile(atPath: $0) },
                                  "osmium-tool is missing: run scripts/install-deps.sh")
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = dir.appendingPathComponent("a.osm.pbf").path, b = dir.appendingPathComponent("b.osm.pbf").path
        let config = dir.appendingPathComponent("export.json").path, out = dir.appendingPathComponent("roads.geojsonseq").path
        try Data(#"{"attributes": {"id": "@id"}, "linear_tags": true, "area_tags": false, "exclude_tags": [], "include_tags": []}"#.utf8)
            .write(to: URL(fileURLWithPath: config))
        try run(osmium, ["tags-filter", path, "w/highway", "-o", a, "--overwrite"])
        try run(osmium, ["tags-filter", "-i", a, "w/highway=" + OSMTagFilter.nonRoadHighwayValues.joined(separator: ","), "-o", b, "--overwrite"])
        try run(osmium, ["export", b, "-c", config, "--geometry-types=linestring", "-f", "geojsonseq", "-o", out, "--overwrite"])

        var expected: [Int64: [String: Any]] = [:]
        let text = try String(contentsOfFile: out, encoding: .utf8)
        for line in text.split(separator: "\n") {
            let json = line.drop { $0 == "\u{1e}" }
            guard !json.isEmpty else { continue }
            let feature = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let properties = try #require(feature["properties"] as? [String: Any])
            let id = try #require((properties["@id"] as? NSNumber)?.int64Value)
            expected[id] = feature
        }
        let result = try OSMRoadImport(contentsOf: path, options: OSMImportOptions(threads: 2))
        #expect(result.roads.count == expected.count, "\(path): \(result.roads.count) roads, osmium exports \(expected.count)")
        #expect(result.report.lostWayCount == 0)
        var coordinateMismatches = 0, tagMismatches = 0
        for road in result.roads {
            guard let feature = expected[road.wayID] else { Issue.record("way \(road.wayID) is not in osmium's export"); continue }
            let geometry = feature["geometry"] as? [String: Any]
            let positions = (geometry?["coordinates"] as? [[Double]]) ?? []
            let theirs = positions.map { [($0[0] * 1e7).rounded(), ($0[1] * 1e7).rounded()] }
            let ours = road.line.coordinates.map { [($0.longitude * 1e7).rounded(), ($0.latitude * 1e7).rounded()] }
            if theirs != ours { coordinateMismatches += 1 }
            let tags = (feature["properties"] as? [String: Any]) ?? [:]
            for key in OSMRoadTags.keys {
                let raw = tags[key] as? String
                let want: JSONValue = raw.map { OSMRoadTags.typedValue(key: key, value: $0) } ?? .null
                if road.properties[key] != want { tagMismatches += 1 }
                // Typed values keep the tag's text: the raw value reads back from them.
                if let raw, case .integer(let n) = want, key != "oneway" { #expect(String(n) == raw) }
            }
        }
        #expect(coordinateMismatches == 0)
        #expect(tagMismatches == 0)
    }

    @Test("the bundled Monaco extract: 860 roads, osmium's counts of nodes, ways and relations")
    func monacoCounts() throws {
        let result = try OSMRoadImport(contentsOf: Fixtures.data("monaco.osm.pbf"))
        // osmium fileinfo -e: 13,739 nodes, 1,944 ways, 77 relations.
        #expect(result.report.nodeCount == 13_739)
        #expect(result.report.wayCount == 1_944)
        #expect(result.report.relationCount == 77)
        #expect(result.roads.count == 860)
        #expect(result.report.areaWayCount == 6)
        #expect(result.header.requiredFeatures == ["OsmSchema-V0.6", "DenseNodes"])
        // Decoding on one thread and on two gives the same roads.
        let serial = try OSMRoadImport(contentsOf: Fixtures.data("monaco.osm.pbf"), options: OSMImportOptions(threads: 1))
        #expect(serial.roads == result.roads)
        // Streaming block by block gives the same roads, in the same order, and the same report.
        var streamed: [OSMRoad] = []
        let report = try OSMRoadImport.stream(file: try OSMPBFFile(contentsOf: Fixtures.data("monaco.osm.pbf")),
                                              options: OSMImportOptions(threads: 2), transform: { $0 }, consume: { streamed += $0 })
        #expect(streamed == result.roads)
        #expect(report == result.report)
    }

    private func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "osmium \(arguments.joined(separator: " "))")
    }
}
