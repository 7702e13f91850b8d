import Foundation
import RoadGeo

extension ReportEngine {
    /// Snaps a report to the network, stores it, adds it to the duplicate clusterer and redraws the
    /// report clusters.
    /// - Throws: ``APIError`` 400 for a bad category, coordinate or note; 422 when no road is within
    ///   ``EngineSettings/snapDistanceMeters`` (or a stretch's ends reach different roads).
    func submitReport(_ body: ReportBody) async throws -> ReportSubmission {
        guard DefectCategory.code(body.category) != nil else {
            throw APIError.badRequest("category '\(body.category.prefix(40))' is not one of: \(DefectCategory.all.joined(separator: ", "))")
        }
        let start = try Self.coordinate(body.lon, body.lat, field: "")
        let end = try body.end.map { try Self.coordinate($0.lon, $0.lat, field: "end.") }
        if let note = body.note, note.count > 500 { throw APIError.badRequest("note: at most 500 characters") }
        let snap = try snapReport(start, end)   // on the request's own thread: the network is immutable
        let now = settings.clock()
        let road = network.road(of: snap)
        let draft = ReportRecord(
            id: 0, category: body.category, status: .open, lon: start.longitude, lat: start.latitude,
            lon2: end?.longitude, lat2: end?.latitude, roadID: road.id, measureMeters: snap.measure,
            measureToMeters: snap.measureTo, snappedLon: snap.point.longitude, snappedLat: snap.point.latitude,
            distanceMeters: snap.distance, createdAt: now, closedBySection: nil, note: body.note)
        return try await write { store in
            let record = try store.insert(draft)
            return { state in
                let (added, tiles) = state.add(record)
                let answer = ReportSubmission(report: state.view(record, today: CivilDate.of(seconds: now)),
                                              joinedExisting: added.cluster != nil, outcome: Self.outcomeName(added.outcome),
                                              invalidatedTiles: tiles.map(\.description))
                return (answer, tiles)
            }
        }
    }

    /// Records citizen `citizen`'s vote on an open report (one per citizen and report: a second
    /// replaces the first).
    /// - Throws: ``APIError`` 400 for a value other than 1 or -1, 404 for an unknown report, 409
    ///   for a repaired or hidden one.
    func vote(reportID: Int64, citizen: Int64, body: VoteBody) async throws -> VoteResult {
        let voter = "citizen:\(citizen)"
        let value = body.value ?? 1
        guard value == 1 || value == -1 else { throw APIError.badRequest("value: 1 or -1, got \(value)") }
        let now = settings.clock()
        let live = self.live
        return try await write { store in
            try live.read { s in
                guard let r = s.reports[reportID] else { throw APIError.notFound("report \(reportID) not found") }
                guard r.status == .open else { throw APIError.conflict("report \(reportID) is already \(r.status.rawValue)") }
            }
            let total = try store.vote(report: reportID, voter: voter, value: value, at: now)
            return { state in
                let tiles = state.setVotes(total, of: reportID)
                return (VoteResult(reportID: reportID, votes: total, invalidatedTiles: tiles.map(\.description)), tiles)
            }
        }
    }

    /// One report with its votes, duplicates and the repair sections under warranty where it lies.
    /// - Throws: ``APIError`` 404 for an unknown report.
    public func report(id: Int64) throws -> ReportView {
        let today = CivilDate.of(seconds: settings.clock())
        return try live.read { s in
            guard let r = s.reports[id] else { throw APIError.notFound("report \(id) not found") }
            return s.view(r, today: today)
        }
    }

    // MARK: Helpers

    /// A validated coordinate, or a 400 naming the field.
    static func coordinate(_ lon: Double, _ lat: Double, field: String) throws -> Coordinate {
        guard lon.isFinite, (-180...180).contains(lon) else {
            throw APIError.badRequest("\(field)lon: must be a finite number within -180...180, got \(lon)")
        }
        guard lat.isFinite, (-90...90).contains(lat) else {
            throw APIError.badRequest("\(field)lat: must be a finite number within -90...90, got \(lat)")
        }
        return Coordinate(lon, lat)
    }

    struct ReportSnap: RoadReference {
        var roadIndex: Int
        var measure: Double
        var measureTo: Double?
        var point: Coordinate
        var distance: Double
    }

    /// A point snaps to its nearest road; a stretch to one road both ends reach.
    func snapReport(_ start: Coordinate, _ end: Coordinate?) throws -> ReportSnap {
        let options = SnapOptions(maxDistanceMeters: settings.snapDistanceMeters)
        let reach = settings.snapDistanceMeters
        guard let end else {
            guard let snap = network.snap(start, options: options) else {
                throw APIError.unprocessable("no road within \(reach) m of (\(start.longitude), \(start.latitude))")
            }
            return ReportSnap(roadIndex: snap.roadIndex, measure: snap.measureMeters, measureTo: nil,
                              point: snap.coordinate, distance: snap.distanceMeters)
        }
        switch network.snapSection(from: start, to: end, options: options) {
        case .section(let road, let a, let b):
            let mid = (a.measureMeters + b.measureMeters) / 2
            return ReportSnap(roadIndex: road, measure: a.measureMeters, measureTo: b.measureMeters,
                              point: network.roads[road].line.coordinate(atMeasure: mid),
                              distance: max(a.distanceMeters, b.distanceMeters))
        case .differentRoads(let a, let b), .path(_, let a, let b), .notConnected(let a, let b):
            // Without a graph snapSection answers .differentRoads; a path across roads is not one report.
            throw APIError.unprocessable("start and end reach different roads ('\(network.road(of: a).id)' and "
                                         + "'\(network.road(of: b).id)'); report each road separately")
        case .unmatched(let startMatched, _):
            throw APIError.unprocessable("no road within \(reach) m of the \(startMatched ? "end" : "start") point")
        }
    }

    static func outcomeName(_ outcome: IncrementalClusterer.Outcome) -> String {
        switch outcome {
        case .noise: return "noise"
        case .created: return "created"
        case .joined: return "joined"
        case .merged: return "merged"
        }
    }
}

extension LiveState {
    /// The API view of a report.
    func view(_ r: ReportRecord, today: CivilDate?) -> ReportView {
        let (cluster, others) = duplicates(of: r.id)
        var warranty: [SectionView] = []
        if let today, r.status == .open {
            for i in sectionStore.sectionsUnderWarranty(onRoad: r.roadID, at: r.measureMeters, on: today) {
                if let p = sectionPosition[sectionStoreIDs[i]] { warranty.append(sectionView(sections[p], today: today)) }
            }
        }
        return ReportView(
            id: r.id, category: r.category, status: r.status.rawValue, lon: r.lon, lat: r.lat,
            end: r.lon2.flatMap { lon in r.lat2.map { CoordinateBody(lon: lon, lat: $0) } },
            roadID: r.roadID, measureMeters: rounded(r.measureMeters, 1000), chainage: chainage(r.measureMeters),
            measureToMeters: r.measureToMeters.map { rounded($0, 1000) }, chainageTo: r.measureToMeters.map(chainage),
            snapped: CoordinateBody(lon: rounded(r.snappedLon, 1e7), lat: rounded(r.snappedLat, 1e7)),
            distanceMeters: rounded(r.distanceMeters, 100), votes: votes[r.id] ?? 0, clusterID: cluster, duplicates: others,
            createdAt: isoTime(r.createdAt), closedBySection: r.closedBySection, note: r.note, warrantySections: warranty)
    }

    /// The API view of a section.
    func sectionView(_ s: SectionRecord, today: CivilDate?) -> SectionView {
        let until = s.warrantyUntil.flatMap { try? CivilDate(parsing: $0) }
        return SectionView(
            id: s.id, roadID: s.roadID, fromMeters: rounded(s.fromMeters, 1000), toMeters: rounded(s.toMeters, 1000),
            fromChainage: chainage(s.fromMeters), toChainage: chainage(s.toMeters),
            lengthMeters: rounded(s.toMeters - s.fromMeters, 1000), contractor: s.contractor, cost: s.cost, year: s.year,
            warrantyUntil: s.warrantyUntil, underWarranty: isUnder(until, today),
            procurementURL: s.procurementURL, status: s.status, createdAt: isoTime(s.createdAt),
            repairedAt: s.repairedAt.map(isoTime))
    }
}

func rounded(_ value: Double, _ scale: Double) -> Double { (value * scale).rounded() / scale }

func chainage(_ meters: Double) -> String { Chainage(meters: max(0, meters))?.formatted() ?? String(meters) }

/// Whether a warranty until `until` holds on `today`.
func isUnder(_ until: CivilDate?, _ today: CivilDate?) -> Bool {
    guard let until, let today else { return false }
    return today <= until
}
