import Foundation
import RoadGeo
import Testing
@testable import ReportServer

@Suite("Live engine: one writer, readers on a published copy")
struct LiveEngineTests {
    /// Taps on the Moscow roads (a few metres off), seeded.
    static func taps(_ n: Int, seed: UInt64) -> [Coordinate] {
        var rng = SplitMix64(seed: seed)
        return (0..<n).map { _ in
            let road = moscow.roads[Int.random(in: 0..<moscow.roads.count, using: &rng)]
            let c = road.line.coordinate(atMeasure: Double.random(in: 0...road.line.lengthMeters, using: &rng))
            return Coordinate(c.longitude + Double.random(in: -0.00005...0.00005, using: &rng), c.latitude)
        }
    }

    @Test("readers during writes see each report with its duplicate cluster, its road list and its map point, or not at all")
    func noHalfAppliedChange() async throws {
        let engine = try makeEngine()
        let taps = Self.taps(300, seed: 5)
        let stop = Flag()
        let reader = Task.detached {
            var checks = 0, violations: [String] = []
            while !stop.isSet || checks == 0 {
                engine.live.read { s in
                    for (id, r) in s.reports where r.status == .open {
                        let clusters: DisplayClusters? = { if case .clusters(let c) = s.layers.layers[LiveState.reportsLayer].content { return c }; return nil }()
                        let onMap = clusters?.contains(key: id) ?? false
                        let tracked = s.slotOfReport[id] != nil
                        let onRoad = engine.roadIndexByID[r.roadID].map { (s.openByRoad[$0] ?? []).contains(id) } ?? false
                        if !(onMap && tracked && onRoad) { violations.append("report \(id): map \(onMap) clusterer \(tracked) road \(onRoad)") }
                    }
                }
                checks += 1
            }
            return (checks, violations)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for chunk in stride(from: 0, to: taps.count, by: 30) {
                group.addTask {
                    for t in taps[chunk..<min(chunk + 30, taps.count)] {
                        _ = try await engine.submitReport(ReportBody(lon: t.longitude, lat: t.latitude, category: "pothole", end: nil, note: nil))
                    }
                }
            }
            try await group.waitForAll()
        }
        stop.set()
        let (checks, violations) = await reader.value
        #expect(checks > 0)
        #expect(violations.isEmpty, "\(violations.prefix(3))")
        #expect(engine.status().openReports == taps.count)
    }

    @Test("a tile requested after a report is acknowledged shows it; a vote shows in the next tile too")
    func acknowledgedMeansVisible() async throws {
        let engine = try makeEngine()
        for (i, t) in Self.taps(40, seed: 9).enumerated() {
            let z = 18, id = try TileID.containing(t, zoom: z)
            _ = try engine.tile(z: z, x: id.x, y: id.y)   // cache the tile before the report
            let answer = try await engine.submitReport(ReportBody(lon: t.longitude, lat: t.latitude, category: "crack", end: nil, note: nil))
            let snapped = try TileID.containing(Coordinate(answer.report.snapped.lon, answer.report.snapped.lat), zoom: z)
            let tile = try engine.tile(z: z, x: snapped.x, y: snapped.y).tile
            let text = String(decoding: tile.bytes, as: UTF8.self)
            #expect(text.contains("\"id\":\(answer.report.id),"), "report \(i) missing from its tile")
            if i % 10 == 0 {
                let vote = try await engine.vote(reportID: answer.report.id, citizen: Int64(1000 + i), body: VoteBody(value: 1))
                #expect(vote.votes == 1)
                let after = String(decoding: try engine.tile(z: z, x: snapped.x, y: snapped.y).tile.bytes, as: UTF8.self)
                #expect(after.contains("\"id\":\(answer.report.id),\"geometry\""))
                #expect(after.contains("\"votes\":1,\"status\":\"open\",\"category\":\"crack\""))
            }
        }
    }

    @Test("many concurrent reports share few commits (group commit) and all survive a restart")
    func groupCommit() async throws {
        let database = temporaryDatabase()
        let taps = Self.taps(200, seed: 13)
        do {
            let engine = try makeEngine(database: database)
            try await withThrowingTaskGroup(of: Int64.self) { group in
                for t in taps {
                    group.addTask { try await engine.submitReport(ReportBody(lon: t.longitude, lat: t.latitude, category: "other", end: nil, note: nil)).report.id }
                }
                var ids = Set<Int64>()
                for try await id in group { ids.insert(id) }
                #expect(ids.count == taps.count)
            }
        }
        let reopened = try makeEngine(database: database)
        #expect(reopened.status().openReports == taps.count)
    }
}

/// A flag set once, read from other threads.
final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
    func set() { lock.lock(); value = true; lock.unlock() }
}
