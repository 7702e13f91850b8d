import Testing
@testable import RoadGeo

@Suite("Repair sections and warranty")
struct RepairSectionStoreTests {
    func date(_ s: String) throws -> CivilDate { try CivilDate(parsing: s) }

    @Test("overlapping sections are all returned; ends are covered; other roads are not mixed in")
    func handCases() throws {
        let sections = [
            try RepairSection(roadID: "EM-01", fromMeters: 12_000, toMeters: 14_000, contractor: "A",
                              warrantyUntil: try date("2027-06-30")),
            try RepairSection(roadID: "EM-01", fromMeters: 13_500, toMeters: 12_500, contractor: "B",   // reversed
                              warrantyUntil: try date("2025-12-31")),
            try RepairSection(roadID: "EM-01", fromMeters: 14_000, toMeters: 16_000, contractor: "C", status: .inProgress),
            try RepairSection(roadID: "EM-02", fromMeters: 0, toMeters: 20_000, contractor: "D"),
        ]
        let store = RepairSectionStore(sections)
        #expect(store.sections[1].fromMeters == 12_500 && store.sections[1].toMeters == 13_500)
        #expect(store.sections(onRoad: "EM-01", covering: 12_300) == [0])
        #expect(store.sections(onRoad: "EM-01", covering: 13_000) == [0, 1])
        #expect(store.sections(onRoad: "EM-01", covering: 14_000) == [0, 2])   // a shared end belongs to both
        #expect(store.sections(onRoad: "EM-01", covering: 11_999.9).isEmpty)
        #expect(store.sections(onRoad: "EM-01", overlapping: 15_000, 13_400) == [0, 1, 2])
        #expect(store.sections(onRoad: "EM-01", overlapping: 16_000.1, 17_000).isEmpty)
        #expect(store.sections(onRoad: "EM-03", covering: 100).isEmpty)
        #expect(store.sections(onRoad: "EM-01", covering: .nan).isEmpty)
        // Warranty on the report's day: A runs to mid-2027, B ended in 2025, C has none.
        #expect(store.sectionsUnderWarranty(onRoad: "EM-01", at: 13_000, on: try date("2026-11-29")) == [0])
        #expect(store.sectionsUnderWarranty(onRoad: "EM-01", at: 13_000, on: try date("2025-12-31")) == [0, 1])
        #expect(store.sectionsUnderWarranty(onRoad: "EM-01", at: 13_000, on: try date("2027-07-01")).isEmpty)
    }

    @Test("interval queries equal a scan of every section, seeded", arguments: [1 as UInt64, 2, 3])
    func bruteForce(seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        let roads = ["A", "B", "C"]
        var sections: [RepairSection] = []
        for _ in 0..<400 {
            let from = Double.random(in: 0..<10_000, using: &rng)
            let length = Double.random(in: 0..<(Bool.random(using: &rng) ? 200 : 3_000), using: &rng)
            sections.append(try RepairSection(roadID: roads[Int.random(in: 0..<3, using: &rng)],
                                              fromMeters: from, toMeters: from + length))
        }
        let store = RepairSectionStore(sections)
        for _ in 0..<2_000 {
            let road = roads[Int.random(in: 0..<3, using: &rng)]
            let a = Double.random(in: -100..<10_500, using: &rng)
            let b = Bool.random(using: &rng) ? a : a + Double.random(in: -500..<500, using: &rng)
            let lo = min(a, b), hi = max(a, b)
            let expected = sections.indices.filter {
                sections[$0].roadID == road && sections[$0].fromMeters <= hi && sections[$0].toMeters >= lo
            }
            #expect(store.sections(onRoad: road, overlapping: a, b) == expected)
        }
    }

    @Test("which reports a repair closes: snapped reports on the section's road and range")
    func reportsInSection() throws {
        let line = try Polyline([Coordinate(74.60, 42.87), Coordinate(74.62, 42.87)])   // ≈ 1.6 km
        let other = try Polyline([Coordinate(74.60, 42.88), Coordinate(74.62, 42.88)])
        let network = RoadNetwork(roads: [Road(id: "EM-01", line: line), Road(id: "EM-02", line: other)])
        let measured = network.roads[0].line
        let reports = [measured.coordinate(atMeasure: 100), measured.coordinate(atMeasure: 700),
                       measured.coordinate(atMeasure: 1_200), network.roads[1].line.coordinate(atMeasure: 700),
                       Coordinate(74.61, 42.95)]
        let store = RepairSectionStore([try RepairSection(roadID: "EM-01", fromMeters: 500, toMeters: 1_200)])
        let snaps = network.snap(reports)
        #expect(snaps[4] == nil)
        #expect(store.reports(inSection: 0, snaps: snaps, network: network) == [1, 2])
        #expect(store.reports(inSection: 5, snaps: snaps, network: network).isEmpty)
    }

    @Test("bad measures and dates are typed errors")
    func badInput() {
        for m in [-1, Double.nan, .infinity] {
            #expect(throws: LinearReferencingError.self) { try RepairSection(roadID: "X", fromMeters: m, toMeters: 10) }
        }
        for text in ["2027-02-29", "2027-13-01", "27-06-30", "2027/06/30", "2027-6-30", "", "2027-06-3x", "0000-01-01"] {
            #expect(throws: LinearReferencingError.self) { try CivilDate(parsing: text) }
        }
        #expect(throws: LinearReferencingError(.invalidMeasure, "section on road 'X': measure -1.0 m must be a finite number ≥ 0")) {
            try RepairSection(roadID: "X", fromMeters: -1, toMeters: 10)
        }
        #expect(throws: LinearReferencingError(.invalidDate, "date '2027-02-29': no such day")) { try CivilDate(parsing: "2027-02-29") }
        #expect(throws: LinearReferencingError(.invalidChainage, "chainage '12,300': has no '+'; expected kilometres+metres like 12+300")) {
            try Chainage(parsing: "12,300")
        }
        #expect((try? CivilDate(parsing: " 2028-02-29 "))?.description == "2028-02-29")
        #expect(CivilDate(year: 2100, month: 2, day: 29) == nil && CivilDate(year: 2000, month: 2, day: 29) != nil)
    }
}
