import Foundation
import Testing
@testable import RoadGeo

/// GPX 1.0 and 1.1 files from gpxpy's and togeojson's test suites; expected values are those
/// the files state and GDAL's `ogrinfo` (3.6.2) reports for their `routes`, `tracks` and
/// `track_points` layers (see Fixtures/traces/ORIGIN.md).
@Suite("Trace: GPX")
struct GPXTraceTests {
    static func read(_ name: String) throws -> [GPSTrace] {
        try TraceFile.read(contentsOf: Fixtures.path("traces/" + name))
    }

    static func error(_ text: String) -> TraceError? {
        do {
            _ = try TraceFile.parse(Array(text.utf8), name: "t.gpx")
            return nil
        } catch {
            return error
        }
    }

    @Test("GPX 1.0 (gpxpy gpx1.0_with_all_fields): two routes and the one non-empty segment, all fields as columns")
    func gpx10AllFields() throws {
        let traces = try Self.read("gpxpy-gpx1.0_with_all_fields.gpx")
        #expect(traces.map(\.name) == ["route 1 'example name'", "route 2 'second route'", "track 1 'example name t', segment 1"])
        #expect(traces.map(\.count) == [3, 2, 1])
        let route = traces[0]
        #expect(route.coordinates == [Coordinate(20, 10), Coordinate(21, 11), Coordinate(22, 12)])
        #expect(route.columns == ["ele", "hdop", "vdop", "pdop", "sat", "magvar", "geoidheight", "ageofdgpsdata", "dgpsid"])
        #expect((0..<9).map { route.value(fix: 0, column: $0) } == [75.1, 7, 8, 9, 6, 1.2, 2.1, 10, 99])
        #expect((0..<9).allSatisfy { route.value(fix: 1, column: $0).isNaN })
        #expect(route.times.count == 3)
        #expect(route.times[0] == 1_357_092_183)   // 2013-01-02T02:03:03Z
        #expect(route.times[1].isNaN && route.times[2].isNaN)
        // The second route has neither times nor values: no columns, no times.
        #expect(traces[1].times.isEmpty && traces[1].columns.isEmpty && traces[1].coordinates == [Coordinate(23, 13), Coordinate(24, 14)])
        // A time without a zone is UTC, as GPX defines it.
        let track = traces[2]
        #expect(track.coordinates == [Coordinate(-20.2, 10.1)])
        #expect(track.times == [1_357_041_604])   // 2013-01-01T12:00:04
        #expect(track.value(fix: 0, column: try #require(track.column(named: "ele"))) == 11.1)
        #expect(track.value(fix: 0, column: try #require(track.column(named: "HDOP"))) == 101)
    }

    @Test("GPX 1.1 (gpxpy gpx1.1_with_all_fields): the same content, extensions ignored")
    func gpx11AllFields() throws {
        let traces = try Self.read("gpxpy-gpx1.1_with_all_fields.gpx")
        #expect(traces.map(\.name) == ["route 1 'example name'", "route 2 'second route'", "track 1 'example name t', segment 1"])
        #expect(traces.map(\.count) == [3, 2, 1])
        #expect(traces[0].coordinates.first == Coordinate(20, 10))
        #expect(traces[0].times.first == 1_357_092_183)
        #expect(traces[0].value(fix: 0, column: 0) == 75.1)
        #expect(traces[2].coordinates == [Coordinate(-20.2, 10.1)] && traces[2].times == [1_357_041_604])
    }

    @Test("several tracks and segments (GDAL's sample via togeojson): one trace per non-empty segment and route")
    func multiTrackMultiSegment() throws {
        let traces = try Self.read("togeojson-gdal.gpx")
        // ogrinfo: routes 0 'route name' LINESTRING (6 5,9 8,12 11), route 1 empty;
        // tracks 0 'track name' MULTILINESTRING ((15 14,18 17),(21 20,24 23)), tracks 1 and 2 empty.
        #expect(traces.map(\.name) == ["route 1 'route name'", "track 1 'track name', segment 1", "track 1 'track name', segment 2"])
        #expect(traces[0].coordinates == [Coordinate(6, 5), Coordinate(9, 8), Coordinate(12, 11)])
        #expect(traces[0].values == [7, 10, 13] && traces[0].columns == ["ele"])
        #expect(traces[0].times.count == 3 && traces[0].times[0] == 1_196_013_480 && traces[0].times[1].isNaN)
        #expect(traces[1].coordinates == [Coordinate(15, 14), Coordinate(18, 17)] && traces[1].values == [16, 19])
        #expect(traces[2].coordinates == [Coordinate(21, 20), Coordinate(24, 23)] && traces[2].values == [22, 25])
        #expect(traces[1].times.isEmpty)
    }

    @Test("Garmin extensions, three segments (togeojson missing_hr): 16 points as ogrinfo counts, hr ignored")
    func garminSegments() throws {
        let traces = try Self.read("togeojson-missing_hr.gpx")
        #expect(traces.map(\.count) == [3, 10, 3])
        #expect(traces.reduce(0) { $0 + $1.count } == 16)   // ogrinfo: COUNT(*) of track_points = 16
        #expect(traces.map(\.name) == ["track 1 'missing hr', segment 1", "track 1 'missing hr', segment 2", "track 1 'missing hr', segment 3"])
        #expect(traces.allSatisfy { $0.columns == ["ele"] })
        #expect(traces[1].coordinates.first == Coordinate(13.8153798692, 47.8728961386))
        #expect(traces[1].coordinates.last == Coordinate(13.8155432325, 47.8724118322))
        #expect(traces[1].values.last == 440.70)
        #expect(traces[0].times.first == 1_495_857_600)   // 2017-05-27T04:00:00Z
        #expect(traces[1].times.last == 1_495_857_698)    // 2017-05-27T04:01:38Z
        #expect(traces[2].times.last == 1_495_857_722)    // 2017-05-27T04:02:02Z
    }

    @Test("fractional seconds with a +01:00 offset (gpxpy track-with-less-sec-time)")
    func fractionalSecondsAndOffset() throws {
        let trace = try #require(try Self.read("gpxpy-track-with-less-sec-time.gpx").first)
        // ogrinfo: POINT (9.992872 57.011456) 2015/12/11 15:43:13+01, POINT (9.992874 57.01147) 15:43:13.994+01
        #expect(trace.coordinates == [Coordinate(9.992872, 57.011456), Coordinate(9.992874, 57.01147)])
        #expect(trace.times[0] == 1_449_844_993)
        #expect(abs(trace.times[1] - 1_449_844_993.994) < 1e-6)
        #expect(trace.values == [23.5536, 23.551199])
    }

    @Test("an empty trkseg yields no trace (gpxpy track-with-empty-segment)")
    func emptySegment() throws {
        let traces = try Self.read("gpxpy-track-with-empty-segment.gpx")
        #expect(traces.count == 1)
        #expect(traces[0].name == "track 1 '2013-07-06T14:59:00Z', segment 1")
        #expect(traces[0].count == 9)
        #expect(traces[0].times.first == 1_373_131_586 && traces[0].times.last == 1_373_131_662)
        #expect(traces[0].coordinates.last == Coordinate(6.0827203, 50.7776715))
    }

    @Test("no namespace at all, GPX 1.0 <speed> (gpxpy track_with_speed)")
    func noNamespaceSpeed() throws {
        let trace = try #require(try Self.read("gpxpy-track_with_speed.gpx").first)
        #expect(trace.columns == ["ele", "speed"])
        #expect(trace.values(column: 1) == [1.2, 2.2, 3.2])
        #expect(trace.times.first == 1_236_002_752)
        #expect(trace.coordinates.first == Coordinate(5.541371, 52.330848))
    }

    @Test("GPX 1.0 with CDATA names and a private-namespace element (togeojson zero_elevation)")
    func cdataAndPrivateNamespace() throws {
        let trace = try #require(try Self.read("togeojson-zero_elevation.gpx").first)
        #expect(trace.name == "track 1 'BIG LOOP', segment 1")
        #expect(trace.values == [61.5696, 0, 62.484])
        #expect(trace.times == [993_395_349, 993_395_369, 993_395_764])
    }

    @Test("an empty <ele></ele> is a missing value, not an error (togeojson empty_ele)")
    func emptyElevation() throws {
        let trace = try #require(try Self.read("togeojson-empty_ele.gpx").first)
        #expect(trace.count == 2)
        #expect(trace.columns.isEmpty || trace.values.allSatisfy(\.isNaN))
    }

    static let header = #"<?xml version="1.0"?>"# + "\n" + #"<gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1">"# + "\n"

    @Test("bad points and bad XML name the line", arguments: [
        ("<trk><trkseg>\n<trkpt lat=\"1\"><ele>2</ele></trkpt>\n</trkseg></trk></gpx>", TraceError.Kind.missingCoordinate, 4, "has no \"lon\""),
        ("<trk><trkseg>\n<trkpt lon=\"1\"/>\n</trkseg></trk></gpx>", .missingCoordinate, 4, "has no \"lat\""),
        ("<trk><trkseg>\n<trkpt lat=\"95\" lon=\"1\"/>\n</trkseg></trk></gpx>", .invalidCoordinate, 4, "latitude 95.0 is outside"),
        ("<trk><trkseg>\n\n<trkpt lat=\"NaN\" lon=\"1\"/>\n</trkseg></trk></gpx>", .invalidCoordinate, 5, "lat=\"NaN\" is not a number"),
        ("<rte>\n<rtept lat=\"1\" lon=\"200\"/>\n</rte></gpx>", .invalidCoordinate, 4, "longitude 200.0"),
        ("<trk><trkseg>\n<trkpt lat=\"1\" lon=\"2\">\n<time>yesterday</time></trkpt>\n</trkseg></trk></gpx>", .invalidTime, 5, "<time>yesterday</time>"),
        ("<trk><trkseg>\n<trkpt lat=\"1\" lon=\"2\"><time>2024-02-30T00:00:00Z</time></trkpt>\n</trkseg></trk></gpx>", .invalidTime, 4, "2024-02-30"),
        ("<trk><trkseg>\n<trkpt lat=\"1\" lon=\"2\"><ele>1,5</ele></trkpt>\n</trkseg></trk></gpx>", .invalidNumber, 4, "<ele>1,5</ele>"),
        ("<trk>\n<trkpt lat=\"1\" lon=\"2\"/>\n</trk></gpx>", .unsupported, 4, "<trkpt> inside <trk>"),
        ("<trk><trkseg>\n<trkpt lat=\"1\" lon=\"2\"></trkseg>\n</trk></gpx>", .malformed, 4, "closing tag"),
        ("<trk><trkseg>\n<trkpt lat=1 lon=\"2\"/>\n</trkseg></trk></gpx>", .malformed, 4, "attribute"),
        ("<wpt lat=\"1\" lon=\"2\"/>\n</gpx>", .noFixes, nil, "1 waypoint ignored"),
        ("</gpx>", .noFixes, nil, "no track or route points"),
    ] as [(String, TraceError.Kind, Int?, String)])
    func badInput(body: String, kind: TraceError.Kind, line: Int?, phrase: String) throws {
        let error = try #require(Self.error(Self.header + body), "accepted \(body)")
        #expect(error.kind == kind, "\(error)")
        #expect(error.line == line, "\(error)")
        #expect(error.message.contains(phrase), "\(error.message)")
        #expect(error.path == "t.gpx")
        #expect(error.description.hasPrefix(line.map { "t.gpx:\($0): " } ?? "t.gpx: "), "\(error.description)")
    }

    @Test("a file cut short at any point is a truncated (or malformed) error, never a partial result")
    func truncatedEverywhere() throws {
        let text = try String(contentsOfFile: Fixtures.path("traces/togeojson-missing_hr.gpx"), encoding: .utf8)
        let bytes = Array(text.utf8)
        let closing = try #require(text.range(of: "</gpx>")).lowerBound.utf16Offset(in: text)
        var truncatedCount = 0
        for cut in stride(from: 40, to: closing, by: 97) {
            do {
                let traces = try TraceFile.parse(Array(bytes[0..<cut]), name: "cut.gpx")
                Issue.record("a file cut at byte \(cut) gave \(traces.count) traces")
            } catch {
                #expect(error.kind == .truncated || error.kind == .malformed, "cut at \(cut): \(error) [\(String(decoding: bytes[max(0, cut - 30)..<cut], as: UTF8.self))]")
                #expect(error.line != nil, "cut at \(cut): \(error)")
                if error.kind == .truncated { truncatedCount += 1 }
            }
        }
        #expect(truncatedCount > 30)
    }

    @Test("a root that is not <gpx>, KML say, is refused")
    func notGPX() throws {
        let error = try #require(Self.error("<?xml version=\"1.0\"?>\n<kml xmlns=\"http://www.opengis.net/kml/2.2\"></kml>"))
        #expect(error.kind == .unsupported && error.line == 2 && error.message.contains("<kml>"))
    }
}
