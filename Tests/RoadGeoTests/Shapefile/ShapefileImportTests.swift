import Foundation
import Testing
@testable import RoadGeo

@Suite("Shapefile import (reprojection, roads, report)")
struct ShapefileImportTests {
    /// The GeoJSON twin's LineStrings by osm_id, parsed with Foundation.
    static func twinLines(_ path: String) throws -> [Int: [[Double]]] {
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        var out: [Int: [[Double]]] = [:]
        for f in root?["features"] as? [[String: Any]] ?? [] {
            guard let id = ((f["properties"] as? [String: Any])?["osm_id"] as? NSNumber)?.intValue,
                  let g = f["geometry"] as? [String: Any], let c = g["coordinates"] as? [[Double]] else { continue }
            out[id] = c
        }
        return out
    }

    /// Every imported road's vertices equal its GeoJSON twin's within `tolerance` degrees.
    static func expectMatchesTwin(shp: String, geojson: String, count: Int, tolerance: Double = 1e-7) throws {
        let result = try ShapefileImport(path: shp, options: .init(idField: "OSM_ID"))
        let twin = try twinLines(geojson)
        #expect(result.roads.count == count && twin.count == count)
        #expect(result.report.recordsImported == count && result.report.skipped.isEmpty)
        var worst = 0.0, compared = 0
        for road in result.roads {
            guard case .integer(let id) = road.id, let line = twin[Int(id)] else { Issue.record("no twin for \(road.id)"); continue }
            // The twin keeps repeated vertices; the road drops consecutive duplicates.
            var expected: [[Double]] = []
            for p in line where expected.last != p { expected.append(p) }
            let got = road.geometry.parts.flatMap(\.coordinates)
            #expect(road.geometry.parts.count == 1 && got.count == expected.count, "road \(id)")
            for (c, p) in zip(got, expected) {
                worst = max(worst, abs(c.longitude - p[0]), abs(c.latitude - p[1]))
                compared += 1
            }
        }
        #expect(worst < tolerance, "largest difference \(worst) deg")
        #expect(compared > count)
    }

    @Test("Andorra UTM 31N shapefile matches its GeoJSON twin within 1e-7 deg")
    func andorra() throws {
        try Self.expectMatchesTwin(shp: Fixtures.path("shapefile/andorra_roads_utm31n.shp"),
                                   geojson: Fixtures.path("shapefile/andorra_roads.geojson"), count: 1_615)
    }

    @Test("Heidelberg UTM 32N shapefile matches its GeoJSON twin within 1e-7 deg")
    func heidelberg() throws {
        try Self.expectMatchesTwin(shp: Fixtures.data("heidelberg_roads_utm32n.shp"),
                                   geojson: Fixtures.data("heidelberg_roads.geojson"), count: 25_359)
    }

    @Test("reprojection on 2 and 3 threads gives exactly the single-thread roads (Heidelberg, 4 batches)")
    func threadedReprojection() throws {
        let path = Fixtures.data("heidelberg_roads_utm32n.shp")
        let single = try ShapefileImport(path: path, options: .init(threads: 1))
        for threads in [2, 3] {
            let parallel = try ShapefileImport(path: path, options: .init(threads: threads))
            #expect(parallel.roads == single.roads && parallel.report == single.report)
        }
    }

    @Test("Moscow: ids from OSM_ID, Cyrillic names, report names encoding and CRS")
    func moscow() throws {
        let result = try ShapefileImport(path: Fixtures.data("moscow_roads_utm37n_cp1251.shp"), options: .init(idField: "osm_id"))
        #expect(result.report.encoding?.encoding == .windows1251)
        #expect(result.report.sourceCRS.source == .prj && result.report.sourceCRS.name == "WGS_1984_UTM_Zone_37N")
        let twin = try DBFReaderTests.twinProperties(Fixtures.data("moscow_roads.geojson"))
        let name = try #require(result.fieldIndex(named: "NAME"))
        #expect(Set(result.roads.compactMap { if case .integer(let i) = $0.id { Int(i) } else { nil } }) == Set(twin.keys))
        for road in result.roads {
            guard case .integer(let id) = road.id else { continue }
            #expect(road.attributes[name].stringValue == twin[Int(id)]?["name"] as? String)
        }
        let text = "\(result.report)"
        #expect(text.contains("Windows-1251 (from .cpg '1251')") && text.contains("records read: 588"))
    }

    @Test("UTM 18N (NAD83) .prj, World Mercator .prj and a no-.prj file with an override all land on the WGS84 twin")
    func projectionsFolder() throws {
        let p = { (s: String) in Fixtures.path("shapefile/projections/\(s).shp") }
        let geo = try ShapefileImport(path: p("d_geo"))
        let merc = try ShapefileImport(path: p("e_merc"))
        let noPrj = try ShapefileImport(path: p("c_utm"), options: .init(sourceCRS: "EPSG:26918"))
        #expect(merc.report.sourceCRS.name == "WGS_84_World_Mercator" && noPrj.report.sourceCRS.source == .caller)
        let reference = geo.roads[0].geometry.parts.flatMap(\.coordinates)
        #expect(reference.count == 887)
        for other in [merc, noPrj] {
            let got = other.roads[0].geometry.parts.flatMap(\.coordinates)
            #expect(got.count == reference.count)
            let worst = zip(got, reference).map { max(abs($0.longitude - $1.longitude), abs($0.latitude - $1.latitude)) }.max() ?? 1
            #expect(worst < 1e-9)
        }
        // The UTM 18N .prj and EPSG:26918 agree.
        let utm = try ShapefileImport(path: p("a_utm"))
        let epsg = try ShapefileImport(path: p("a_utm"), options: .init(sourceCRS: "EPSG:26918"))
        #expect(utm.report.sourceCRS.name == "NAD_1983_UTM_Zone_18N")
        let a = utm.roads[0].geometry.parts.flatMap(\.coordinates), b = epsg.roads[0].geometry.parts.flatMap(\.coordinates)
        #expect(a.count == 345 && zip(a, b).allSatisfy { abs($0.longitude - $1.longitude) < 1e-9 && abs($0.latitude - $1.latitude) < 1e-9 })
        #expect(a.allSatisfy { (-74.2 ... -73.9).contains($0.longitude) && (40.5...40.7).contains($0.latitude) })
    }

    @Test("no .prj, projected coordinates, no override: a typed error that says what to pass")
    func missingPrj() throws {
        #expect { try ShapefileImport(path: Fixtures.path("shapefile/projections/c_utm.shp")) } throws: { error in
            guard let e = error as? ShapefileError else { return false }
            return e.kind == .unusableCRS && e.message.contains("--source-crs") && e.message.contains("no .prj")
        }
        // csah has no .prj either.
        #expect(throws: ShapefileError.self) { try ShapefileImport(path: Fixtures.path("shapefile/csah.shp")) }
        // A .prj PROJ cannot parse, and a bad override: typed errors naming the CRS.
        let garbled = try ShapefileTestFiles.copy(Fixtures.path("shapefile/projections/a_utm.shp")) { ext, data in
            ext == "prj" ? Data("PROJCS[\"broken\",GEOGCS[".utf8) : data
        }
        #expect { try ShapefileImport(path: garbled) } throws: {
            ($0 as? ShapefileError)?.kind == .unusableCRS && "\($0)".contains("--source-crs")
        }
        #expect { try ShapefileImport(path: garbled, options: .init(sourceCRS: "EPSG:999999")) } throws: {
            ($0 as? ShapefileError)?.kind == .unusableCRS && "\($0)".contains("EPSG:999999")
        }
        #expect(try ShapefileImport(path: garbled, options: .init(sourceCRS: "EPSG:26918")).roads.count == 1)
        // Lon/lat-looking data without .prj is taken as EPSG:4326.
        let storms = try ShapefileImport(path: Fixtures.path("shapefile/storms_xyz_feature.shp"))
        #expect(storms.report.sourceCRS.source == .assumedGeographic && storms.roads.count == 71 && storms.report.droppedZ)
        #expect(storms.roads[0].geometry.parts[0].coordinates[0] == Coordinate(-50.8, 20.1))
    }

    @Test("Gauss-Kruger .prj is understood (same as EPSG:2435); an 'Unknown Projection' .prj transforms nothing and says so")
    func gaussKruger() throws {
        let p = { (s: String) in Fixtures.path("shapefile/projections/\(s).shp") }
        let shp = try ShapefileReader(path: p("gauss_kruger"))
        #expect(shp.indexPath == nil && shp.recordCount == 3 && shp.header.shapeType == .point)
        let crs = try SourceCRS.resolve(shapefile: p("gauss_kruger"), extent: shp.header.boundingBox)
        #expect(crs.name == "Beijing_1954_3_Degree_GK_CM_114E" && crs.source == .prj)
        let fromPrj = try Reprojector(source: try #require(crs.definition)), epsg = try Reprojector(source: "EPSG:2435")
        for i in 0..<3 {
            let r = try shp.record(at: i)
            let a = try #require(fromPrj.transform(x: r.x[0], y: r.y[0])), b = try #require(epsg.transform(x: r.x[0], y: r.y[0]))
            #expect(abs(a.x - b.x) < 1e-9 && abs(a.y - b.y) < 1e-9)
            #expect(abs(a.x - 109.5125) < 0.001)  // ~500 km west of the 114E central meridian
        }
        let points = try ShapefileImport(path: p("gauss_kruger"))
        // A point layer: the three points are imported (reprojected like lines), nothing skipped.
        #expect(points.points.count == 3 && points.report.skipped.isEmpty && points.report.dbfRecords == nil)
        let first = try shp.record(at: 0), expected = try #require(epsg.transform(x: first.x[0], y: first.y[0]))
        #expect(abs(points.points[0].coordinates[0].longitude - expected.x) < 1e-9 && abs(points.points[0].coordinates[0].latitude - expected.y) < 1e-9)
        let unknown = try ShapefileImport(path: p("three_points"))
        #expect(unknown.report.warnings.contains { $0.contains("PROJ cannot transform") && $0.contains("--source-crs") })
    }

    @Test("geodanet streets in US survey feet: the .prj gives the same lon/lat as ESRI:102649")
    func geodanetFeet() throws {
        let path = Fixtures.path("shapefile/streets.shp")
        let fromPrj = try ShapefileImport(path: path)
        let esri = try ShapefileImport(path: path, options: .init(sourceCRS: "ESRI:102649"))
        #expect(fromPrj.roads.count == 293 && esri.roads.count == 293)
        var worst = 0.0
        for (a, b) in zip(fromPrj.roads, esri.roads) {
            for (c, d) in zip(a.geometry.parts.flatMap(\.coordinates), b.geometry.parts.flatMap(\.coordinates)) {
                worst = max(worst, abs(c.longitude - d.longitude), abs(c.latitude - d.latitude))
            }
        }
        #expect(worst < 1e-9)
        // The false origin (699,998.6 ftUS, 0) is the central meridian at the latitude of origin.
        let prj = try #require(fromPrj.report.sourceCRS.definition)
        let origin = try #require(try Reprojector(source: prj).transform(x: 699_998.6, y: 0))
        #expect(abs(origin.x - -111.9166666666667) < 1e-9 && abs(origin.y - 31) < 1e-9)
        // Tempe, Arizona, 7.6 km east of the central meridian; feet read as metres would put it 200 km off.
        let box = fromPrj.roads.reduce(BoundingBox.empty) { $0.union($1.geometry.boundingBox) }
        #expect(box.minX > -111.86 && box.maxX < -111.81 && box.minY > 33.38 && box.maxY < 33.43, "\(box)")
        // Lengths in metres = planar length in US survey feet x 0.3048006 (TM scale within 1e-4 here).
        let shp = try ShapefileReader(path: path)
        for (i, road) in fromPrj.roads.enumerated() {
            let r = try shp.record(at: i)
            var feet = 0.0
            for k in 1..<r.pointCount { feet += ((r.x[k] - r.x[k - 1]) * (r.x[k] - r.x[k - 1]) + (r.y[k] - r.y[k - 1]) * (r.y[k] - r.y[k - 1])).squareRoot() }
            let metres = feet * 1200 / 3937
            #expect(abs(road.geometry.lengthMeters - metres) < 5e-4 * metres + 0.01, "record \(i + 1)")
        }
    }

    @Test("merge by key: fragments sharing NAME join (GEOS line merge), lengths and records are conserved")
    func mergeByKey() throws {
        let path = Fixtures.data("moscow_roads_utm37n_cp1251.shp")
        let plain = try ShapefileImport(path: path)
        let merged = try ShapefileImport(path: path, options: .init(mergeBy: "NAME"))
        let name = try #require(merged.fieldIndex(named: "NAME"))
        #expect(merged.report.mergedGroups > 0 && merged.roads.count < plain.roads.count)
        #expect(merged.report.roads == merged.roads.count && merged.report.recordsImported == 588)
        #expect(merged.roads.flatMap(\.recordNumbers).sorted() == Array(1...588))
        let total = { (roads: [ImportedRoad]) in roads.reduce(0.0) { $0 + $1.geometry.lengthMeters } }
        #expect(abs(total(merged.roads) - total(plain.roads)) < 1e-6 * total(plain.roads))
        var joined = 0
        for road in merged.roads where road.recordNumbers.count > 1 {
            let members = road.recordNumbers.map { plain.roads[$0 - 1] }
            #expect(members.allSatisfy { $0.attributes[name] == road.attributes[name] })
            let memberParts = members.reduce(0) { $0 + $1.geometry.parts.count }
            #expect(road.geometry.parts.count <= memberParts)
            if road.geometry.parts.count < memberParts { joined += 1 }
            #expect(abs(road.geometry.lengthMeters - members.reduce(0) { $0 + $1.geometry.lengthMeters }) < 1e-6 * road.geometry.lengthMeters)
        }
        #expect(joined > 0)
        // Unknown merge or id field: a typed option error listing the fields.
        #expect { try ShapefileImport(path: path, options: .init(mergeBy: "NOPE")) } throws: {
            ($0 as? ShapefileError)?.kind == .invalidOption && "\($0)".contains("OSM_ID")
        }
    }

    @Test("truncated copies never trap: every record is imported or listed (with and without .shx)")
    func truncatedCopies() throws {
        let original = Fixtures.data("moscow_roads_utm37n_cp1251.shp")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: original))
        var rng = SplitMix64(seed: 11)
        var cuts = [0, 50, 99, 100, 104, 108, 150, bytes.count - 1, bytes.count - 8]
        for _ in 0..<12 { cuts.append(Int.random(in: 100..<bytes.count, using: &rng)) }
        for cut in cuts {
            for keepIndex in [true, false] {
                let path = try ShapefileTestFiles.copy(original) { ext, data in
                    ext == "shp" ? data.prefix(cut) : (ext == "shx" && !keepIndex ? nil : data)
                }
                do {
                    let result = try ShapefileImport(path: path)
                    let r = result.report
                    #expect(r.recordsRead == r.recordsImported + r.skipped.count, "cut \(cut)")
                    #expect(r.recordsImported == result.roads.count)
                    if keepIndex { #expect(r.recordsRead == 588) }
                    if cut < bytes.count { #expect(r.recordsImported < 588, "cut \(cut)") }
                    #expect(r.skipped.allSatisfy { $0.kind == .corruptRecord || $0.kind == .noAttributes }, "cut \(cut)")
                } catch {
                    #expect(cut < 100 && error.kind == .invalidHeader, "cut \(cut): \(error)")
                }
            }
        }
    }

    @Test("bit-flipped .shp, .shx and .dbf copies never trap (seeded, 150 files)")
    func bitFlips() throws {
        let original = Fixtures.data("moscow_roads_utm37n_cp1251.shp")
        var rng = SplitMix64(seed: 2026)
        var typedErrors = 0, partial = 0
        for trial in 0..<150 {
            let target = ["shp", "shx", "dbf"][trial % 3]
            let flips = Int.random(in: 1...8, using: &rng)
            var positions: [(Int, UInt8)] = []
            for _ in 0..<flips {
                // Headers are where damage hurts most: aim a third of the flips there.
                let headerOnly = Bool.random(using: &rng) && Bool.random(using: &rng)
                positions.append((headerOnly ? Int.random(in: 0..<120, using: &rng) : Int.random(in: 0..<1_000_000, using: &rng),
                                  UInt8(1) << UInt8.random(in: 0...7, using: &rng)))
            }
            let path = try ShapefileTestFiles.copy(original) { ext, data in
                guard ext == target else { return data }
                var d = data
                for (p, bit) in positions { let i = p % d.count; d[i] ^= bit }
                return d
            }
            do {
                let result = try ShapefileImport(path: path, options: .init(idField: "OSM_ID"))
                let r = result.report
                #expect(r.recordsRead == r.recordsImported + r.skipped.count)
                #expect(result.roads.allSatisfy { road in road.geometry.parts.allSatisfy { $0.coordinates.allSatisfy(\.isValidGeographic) } })
                if !r.skipped.isEmpty || !r.warnings.isEmpty { partial += 1 }
            } catch {
                typedErrors += 1
                #expect(!error.message.isEmpty)
            }
        }
        #expect(typedErrors + partial > 15)
    }
}
