import CGEOS
import Foundation
import Testing
@testable import RoadGeo

/// Real crime points beside real streets (GeoDaNet, Arizona State Plane feet): the streets come
/// in through the shapefile importer, the points are reprojected with PROJ, and every snap is
/// checked against GEOS distances computed in the original projected CRS.
@Suite("Snapping GeoDaNet crimes to streets")
struct GeodanetSnapTests {
    static let directory = Fixtures.path("network/geodanet")
    static let feetToMeters = 1200.0 / 3937.0   // US survey foot

    @Test("snaps agree with GEOS in the projected CRS and with brute force")
    func crimesToStreets() throws {
        let streets = try ShapefileImport(path: "\(Self.directory)/streets.shp")
        let network = RoadNetwork(shapefile: streets)
        #expect(network.roads.count == 293)

        // The crimes, in feet and in lon/lat.
        let reader = try ShapefileReader(path: "\(Self.directory)/crimes.shp")
        var feet: [(Double, Double)] = []
        for i in 0..<reader.recordCount {
            let r = try reader.record(at: i)
            if let x = r.x.first, let y = r.y.first { feet.append((x, y)) }
        }
        #expect(feet.count == 287)
        let prj = try String(contentsOfFile: "\(Self.directory)/crimes.prj", encoding: .utf8)
        var xs = feet.map(\.0), ys = feet.map(\.1)
        #expect(try Reprojector(source: prj).transform(x: &xs, y: &ys).isEmpty)
        let crimes = zip(xs, ys).map { Coordinate($0, $1) }

        // GEOS in the streets' own plane (feet), record by record.
        let streetReader = try ShapefileReader(path: "\(Self.directory)/streets.shp")
        let geos = try GEOSContext()
        var lines: [OpaquePointer] = []
        defer { for g in lines { GEOSGeom_destroy_r(geos.handle, g) } }
        for i in 0..<streetReader.recordCount {
            let r = try streetReader.record(at: i)
            for part in 0..<r.partCount {
                let range = r.pointRange(ofPart: part)
                lines.append(try geos.makeLineString(range.map { Coordinate(r.x[$0], r.y[$0]) }))
            }
        }
        var matched = 0
        for (k, crime) in crimes.enumerated() {
            let point = try geos.makePoint(Coordinate(feet[k].0, feet[k].1))
            defer { geos.destroy(point) }
            var distances: [Double] = []
            for g in lines {
                var d = 0.0
                #expect(GEOSDistance_r(geos.handle, point, g, &d) == 1)
                distances.append(d * Self.feetToMeters)
            }
            let sorted = distances.sorted()
            let hit = network.snap(crime, options: SnapOptions(maxDistanceMeters: 500))
            guard let nearest = sorted.first, nearest < 499 else { #expect(hit == nil); continue }
            guard let hit else { Issue.record("crime \(k): no match, GEOS says \(nearest) m"); continue }
            matched += 1
            // State-plane metres are within 0.01% of ground metres here; ours within 0.05%.
            #expect(abs(hit.distanceMeters - nearest) <= 0.001 * nearest + 0.02, "crime \(k): \(hit.distanceMeters) m vs GEOS \(nearest) m")
            if sorted.count > 1 && sorted[1] - nearest > 1 {
                let id = network.road(of: hit).id
                #expect(id == String(distances.firstIndex(of: nearest).map { $0 + 1 } ?? -1), "crime \(k)")
            }
            // Brute force over every road in lon/lat.
            let brute = network.roads.map { $0.line.locate(crime).distanceMeters }.min() ?? .infinity
            #expect(abs(brute - hit.distanceMeters) < 1e-6)
        }
        #expect(matched > 250)
    }
}
