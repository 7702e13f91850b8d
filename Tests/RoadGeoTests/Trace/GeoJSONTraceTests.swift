import Foundation
import Testing
@testable import RoadGeo

/// GeoJSON traces: togeojson's own conversions of GPX fixtures (the same data as the GPX
/// files beside them, so the two readers must agree) and a Point collection GDAL's `ogr2ogr`
/// wrote from a GPX track.
@Suite("Trace: GeoJSON")
struct GeoJSONTraceTests {
    static func error(_ text: String) -> TraceError? {
        do {
            _ = try TraceFile.parse(Array(text.utf8), name: "t.geojson")
            return nil
        } catch {
            return error
        }
    }

    @Test("togeojson's MultiLineString with coordTimes and heartRates equals the GPX it came from")
    func multiLineStringMatchesGPX() throws {
        let geo = try TraceFile.read(contentsOf: Fixtures.path("traces/togeojson-missing_hr.gpx.geojson"))
        let gpx = try TraceFile.read(contentsOf: Fixtures.path("traces/togeojson-missing_hr.gpx"))
        #expect(geo.map(\.name) == ["feature 0 'missing hr', line 0", "feature 0 'missing hr', line 1", "feature 0 'missing hr', line 2"])
        #expect(geo.count == gpx.count)
        for (a, b) in zip(geo, gpx) {
            #expect(a.coordinates == b.coordinates)
            #expect(a.times == b.times)
            #expect(a.values(column: try #require(a.column(named: "ele"))) == b.values(column: 0))
        }
        // heartRates: [[null x3], [104,104,104,105,105,null,107,116,120,131], [null x3]]
        #expect(geo[0].columns == ["ele"])   // all null: no column
        let hr = try #require(geo[1].column(named: "heartRates"))
        let rates = geo[1].values(column: hr)
        #expect(rates[0] == 104 && rates[4] == 105 && rates[5].isNaN && rates[9] == 131)
    }

    @Test("togeojson's conversion of GDAL's sample: a LineString per route, MultiLineString parts per segment, third coordinate as ele")
    func gdalSampleMatchesGPX() throws {
        let geo = try TraceFile.read(contentsOf: Fixtures.path("traces/togeojson-gdal.gpx.geojson"))
        // Feature 0 the track (2 lines), feature 1 the route, then the waypoints as one Point trace.
        #expect(geo.map(\.name) == ["feature 0 'track name', line 0", "feature 0 'track name', line 1", "feature 1 'route name'", "togeojson-gdal.gpx.geojson"])
        let gpx = try TraceFile.read(contentsOf: Fixtures.path("traces/togeojson-gdal.gpx"))
        #expect(geo[0].coordinates == gpx[1].coordinates && geo[0].values == gpx[1].values)
        #expect(geo[1].coordinates == gpx[2].coordinates && geo[1].values == gpx[2].values)
        #expect(geo[2].coordinates == gpx[0].coordinates && geo[2].values == gpx[0].values && geo[2].columns == ["ele"])
        #expect(geo[3].coordinates == [Coordinate(1, 0), Coordinate(4, 3)])   // <wpt lat="0" lon="1">, <wpt lat="3" lon="4"/>
        #expect(geo[3].times.count == 2 && geo[3].times[0] == 1_196_009_880 && geo[3].times[1].isNaN)   // 2007-11-25T17:58:00+01:00
    }

    @Test("ogr2ogr's track_points: Points in order, time and numeric properties as columns")
    func pointCollection() throws {
        let traces = try TraceFile.read(contentsOf: Fixtures.path("traces/gdal-track_points.geojson"))
        #expect(traces.count == 1)
        let trace = traces[0]
        let gpx = try TraceFile.read(contentsOf: Fixtures.path("traces/gpxpy-track-with-empty-segment.gpx"))[0]
        #expect(trace.coordinates == gpx.coordinates)
        #expect(trace.times == gpx.times)
        #expect(trace.columns == ["track_fid", "track_seg_id", "track_seg_point_id", "ele"])
        #expect(trace.values(column: 2) == (0..<9).map(Double.init))
        #expect(trace.values(column: 3) == gpx.values(column: 0))
    }

    @Test("togeojson's empty_ele conversion: a LineString with coordTimes, no elevations")
    func lineStringCoordTimes() throws {
        let text = #"{"type":"Feature","properties":{"coordTimes":["2007-05-11T15:22:06Z",null],"cad":[80,"x"]},"geometry":{"type":"LineString","coordinates":[[-77.01059,38.892101],[-77.01059,38.892101,12]]}}"#
        let trace = try #require(try TraceFile.parse(Array(text.utf8), name: "t.geojson").first)
        #expect(trace.name == "feature 0")
        #expect(trace.times.count == 2 && trace.times[0] == 1_178_896_926 && trace.times[1].isNaN)
        #expect(trace.columns == ["ele"])   // "cad" holds a string: not a column
        #expect(trace.values[0].isNaN && trace.values[1] == 12)
    }

    @Test("bad GeoJSON names the line or the feature", arguments: [
        (#"{"type":"FeatureCollection","features":["# + "\n" + #"{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[0,0],[1,95]]}}]}"#, TraceError.Kind.invalidCoordinate, 2, 0, "latitude 95"),
        (#"{"type":"FeatureCollection","features":["# + "\n\n" + #"{"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[0,0],[1,"#, .truncated, 3, 0, "end of input"),
        (#"{"type":"Feature","properties":{"coordTimes":["2024-01-01T00:00:00Z"]},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}"#, .unsupported, nil, 0, "1 entries for 2 positions"),
        (#"{"type":"Feature","properties":{"coordTimes":["2024-01-01T00:00:00Z","noon"]},"geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]}}"#, .invalidTime, nil, 0, "\"noon\""),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}"#, .unsupported, nil, 0, "a Polygon is not a GPS trace"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"time":true},"geometry":{"type":"Point","coordinates":[0,0]}}]}"#, .invalidTime, nil, 0, "boolean"),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]}"#, .noFixes, nil, nil, "no LineString"),
        ("[1,2]", .unsupported, 1, nil, "must be an object"),
    ] as [(String, TraceError.Kind, Int?, Int?, String)])
    func badInput(text: String, kind: TraceError.Kind, line: Int?, feature: Int?, phrase: String) throws {
        let error = try #require(Self.error(text), "accepted \(text)")
        #expect(error.kind == kind, "\(error)")
        #expect(error.line == line, "\(error)")
        #expect(error.featureIndex == feature, "\(error)")
        #expect(error.message.contains(phrase), "\(error.message)")
        #expect(error.path == "t.geojson")
    }
}
