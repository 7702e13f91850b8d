import Foundation
import Testing
@testable import RoadGeo

@Suite("Repair sections and warranty")
struct RepairSectionStoreTests {
    static let day = 86_400.0

    func randomStore(seed: UInt64, count: Int) throws -> RepairSectionStore {
        var rng = SplitMix64(seed: seed)
        var records: [RepairSection] = []
        for i in 0..<count {
            let a = Double.random(in: 0...5_000, using: &rng)
            let long = Int.random(in: 0..<10, using: &rng) == 0
            let b = a + Double.random(in: 0...(long ? 4_000 : 300), using: &rng)
            let swapped = Bool.random(using: &rng)
            records.append(RepairSection(roadID: "road-\(Int.random(in: 0..<8, using: &rng))",
                                         fromMeters: swapped ? b : a, toMeters: swapped ? a : b,
                                         contractor: "contractor \(i % 5)", cost: Double(i) * 1_000, year: 2020 + i % 5,
                                         warrantyUntil: Date(timeIntervalSince1970: Double(i % 30) * 365 * Self.day),
                                         procurementURL: "https://example.org/tender/\(i)",
                                         status: RepairStatus.allCases[i % RepairStatus.allCases.count]))
        }
        return try RepairSectionStore(sections: records)
    }

    @Test("overlap and containment queries equal brute force (seeded, overlapping records)", arguments: [1, 2, 3] as [UInt64])
    func queriesMatchBruteForce(_ seed: UInt64) throws {
        let store = try randomStore(seed: seed, count: 2_000)
        var rng = SplitMix64(seed: seed &+ 100)
        for _ in 0..<500 {
            let road = "road-\(Int.random(in: 0..<9, using: &rng))"
            let x = Double.random(in: -100...9_500, using: &rng)
            let y = x + Double.random(in: 0...600, using: &rng)
            let expected = store.sections.indices.filter {
                let s = store.sections[$0]
                return s.roadID == road && s.fromMeters <= y && s.toMeters >= x
            }
            #expect(store.sections(onRoad: road, overlapping: y, x) == expected)
            let contained = store.sections.indices.filter {
                let s = store.sections[$0]
                return s.roadID == road && s.fromMeters <= x && s.toMeters >= x
            }
            #expect(store.sections(onRoad: road, containing: x) == contained)
        }
        #expect(store.sections.allSatisfy { $0.fromMeters <= $0.toMeters })
        #expect(store.sections(onRoad: "no such road", containing: 10).isEmpty)
        #expect(store.sections(onRoad: "road-0", containing: .nan).isEmpty)
    }

    @Test("warranty and reports on snapped real reports")
    func warrantyAndReports() throws {
        let network = TopologyFixtures.moscow
        let r = try #require(network.roads.indices.first { network.roads[$0].line.lengthMeters > 800 })
        let road = network.roads[r]
        let until = Date(timeIntervalSince1970: 1_800_000_000)
        let records = [
            RepairSection(roadID: road.id, fromMeters: 100, toMeters: 400, contractor: "A", warrantyUntil: until, status: .repaired),
            RepairSection(roadID: road.id, fromMeters: 350, toMeters: 300, contractor: "B", warrantyUntil: until, status: .inProgress),
            RepairSection(roadID: road.id, fromMeters: 0, toMeters: 800, contractor: "C", status: .repaired),
        ]
        let store = try RepairSectionStore(sections: records)
        // A report 3 m beside the road at 320 m.
        let on = road.line.location(atMeasure: 320)
        let next = road.line.coordinate(atMeasure: 321)
        let azimuth = Geodesic.wgs84.inverse(on.coordinate, next).azimuth1 + 90
        let report = Geodesic.wgs84.destination(from: on.coordinate, azimuth: azimuth, meters: 3)
        let hit = try #require(network.snap(report, options: SnapOptions(maxDistanceMeters: 10)))
        if hit.roadIndex == r {
            #expect(abs(hit.measureMeters - 320) < 0.05)
            #expect(store.sections(covering: hit, in: network) == [0, 1, 2])
            #expect(store.sectionsUnderWarranty(covering: hit, in: network, on: until) == [0])
            #expect(store.sectionsUnderWarranty(covering: hit, in: network, on: until.addingTimeInterval(1)).isEmpty)
        }
        // Reports inside record 0: brute force over seeded points along the road.
        var rng = SplitMix64(seed: 4)
        let points = (0..<300).map { _ in road.line.coordinate(atMeasure: Double.random(in: 0...road.line.lengthMeters, using: &rng)) }
        let snaps = network.snap(points, options: SnapOptions(maxDistanceMeters: 5))
        let expected = snaps.indices.filter {
            guard let s = snaps[$0] else { return false }
            return network.roads[s.roadIndex].id == road.id && s.measureMeters >= 100 && s.measureMeters <= 400
        }
        #expect(store.reports(inside: 0, snaps: snaps, network: network) == expected)
        #expect(!expected.isEmpty)
        #expect(store.reports(inside: 99, snaps: snaps, network: network).isEmpty)
    }

    @Test("bad records give a typed error naming the record")
    func badRecords() {
        #expect(throws: RepairSectionError.self) { try RepairSectionStore(sections: [RepairSection(roadID: "", fromMeters: 0, toMeters: 1)]) }
        do {
            _ = try RepairSectionStore(sections: [RepairSection(roadID: "x", fromMeters: 0, toMeters: 1),
                                                  RepairSection(roadID: "EM-01", fromMeters: .nan, toMeters: 1)])
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("repair section 1") && error.message.contains("EM-01"))
        }
    }
}
