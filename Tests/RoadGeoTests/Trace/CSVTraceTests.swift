import Foundation
import Testing
@testable import RoadGeo

/// CSV traces: fmm's map-matching example (semicolons, numeric epoch times), a CSV GDAL's
/// `ogr2ogr` wrote (CRLF, quotes, GDAL's date format), and hand-written edge cases.
@Suite("Trace: CSV")
struct CSVTraceTests {
    static func parse(_ text: String, options: TraceReadOptions = TraceReadOptions()) throws(TraceError) -> GPSTrace {
        let traces = try TraceFile.parse(Array(text.utf8), name: "t.csv", options: options)
        return traces[0]
    }

    static func error(_ text: String, options: TraceReadOptions = TraceReadOptions()) -> TraceError? {
        do {
            _ = try parse(text, options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test("fmm gps_timestamps.csv: semicolons, x/y columns, numeric timestamps, id as a value column")
    func fmmExample() throws {
        let traces = try TraceFile.read(contentsOf: Fixtures.path("traces/fmm-gps_timestamps.csv"))
        #expect(traces.count == 1)
        let trace = traces[0]
        #expect(trace.name == "fmm-gps_timestamps.csv")
        #expect(trace.count == 17)
        #expect(trace.coordinates.first == Coordinate(1.65889830508474, 0.25098870056497))
        #expect(trace.coordinates.last == Coordinate(4.11606638418078, 2.62337570621469))
        #expect(trace.times == [1, 2, 3, 4, 5, 2, 4, 6, 8, 10, 12, 1, 2, 3, 4, 6, 7])
        #expect(trace.columns == ["id"])
        #expect(trace.values == [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3])
    }

    @Test("ogr2ogr's CSV: CRLF, semicolons, quoted header names and cells, GDAL dates, an all-empty text column dropped")
    func gdalCSV() throws {
        let trace = try #require(try TraceFile.read(contentsOf: Fixtures.path("traces/gdal-track_points.csv")).first)
        // The same three points as togeojson-zero_elevation.gpx.
        #expect(trace.coordinates == [Coordinate(-71.09622, 42.210009), Coordinate(-71.09622, 42.210031), Coordinate(-71.096284, 42.210052)])
        #expect(trace.times == [993_395_349, 993_395_369, 993_395_764])
        #expect(trace.columns == ["ele"])
        #expect(trace.values == [61.5696, 0, 62.484])
        let gpx = try TraceFile.read(contentsOf: Fixtures.path("traces/togeojson-zero_elevation.gpx"))[0]
        #expect(gpx.coordinates == trace.coordinates && gpx.times == trace.times && gpx.values == trace.values)
    }

    @Test("RFC 4180 quoting: delimiters, doubled quotes and line breaks inside quotes; line numbers stay physical")
    func quoting() throws {
        let text = "name,lon,lat,IRI,note\r\n\"Main St, north\",74.6,42.8,2.5,\"said \"\"ok\"\"\"\r\n\"two\nlines\",\"74.7\",42.9,,x\r\n"
        let trace = try Self.parse(text)
        #expect(trace.coordinates == [Coordinate(74.6, 42.8), Coordinate(74.7, 42.9)])
        #expect(trace.columns == ["IRI"])   // name and note hold text
        #expect(trace.values.count == 2 && trace.values[0] == 2.5 && trace.values[1].isNaN)
        #expect(trace.times.isEmpty)
        let bad = try #require(Self.error(text + "\"three\nlines\",74.8,95,1,y\r\n"))
        #expect(bad.kind == .invalidCoordinate && bad.line == 5, "\(bad)")   // the row starts on line 5
    }

    @Test("delimiter from the header: tab and semicolon; a comma inside a semicolon file is text")
    func delimiters() throws {
        let tab = try Self.parse("Longitude\tLatitude\tSpeed\n74.6\t42.8\t10\n74.7\t42.9\t11\n")
        #expect(tab.coordinates == [Coordinate(74.6, 42.8), Coordinate(74.7, 42.9)] && tab.values == [10, 11])
        let semicolon = try Self.parse("lat;lng;iri;comment\n42.8;74.6;1,5;a\n42.9;74.7;2;b\n")
        #expect(semicolon.coordinates == [Coordinate(74.6, 42.8), Coordinate(74.7, 42.9)])
        #expect(semicolon.columns.isEmpty)   // "1,5" is a decimal comma: the column is text, not half numbers
    }

    @Test("times: ISO with zones and fractions, epoch seconds, empty cells; named columns via options")
    func timesAndOptions() throws {
        let trace = try Self.parse("timestamp,lon,lat\n2024-05-01T08:30:00Z,74.6,42.8\n2024-05-01T10:30:05.5+02:00,74.6,42.8\n,74.6,42.8\n1714552210,74.6,42.8\n")
        #expect(trace.times.count == 4)
        #expect(trace.times[0] == 1_714_552_200 && trace.times[1] == 1_714_552_205.5 && trace.times[2].isNaN && trace.times[3] == 1_714_552_210)
        var options = TraceReadOptions(longitudeColumn: "E", latitudeColumn: "N", timeColumn: "utc")
        let named = try Self.parse("n,e,UTC,x\n42.8,74.6,2024-05-01 08:30:00,1\n", options: options)
        #expect(named.coordinates == [Coordinate(74.6, 42.8)] && named.times == [1_714_552_200] && named.columns == ["x"])
        options.timeColumn = "when"
        let missing = try #require(Self.error("n,e\n42.8,74.6\n", options: options))
        #expect(missing.kind == .missingColumn && missing.message.contains("\"when\""))
    }

    @Test("bad rows name their line", arguments: [
        ("lon,lat\n74.6,42.8\n74.7\n", TraceError.Kind.fieldCount, 3, "1 field; the header has 2"),
        ("lon,lat\n74.6,42.8,9\n", .fieldCount, 2, "3 fields"),
        ("lon,lat\n\n74.6,\n", .missingCoordinate, 3, "latitude (column \"lat\") is empty"),
        ("lon,lat\n74.6,42.8\n74.x,42.8\n", .invalidCoordinate, 3, "\"74.x\""),
        ("lon,lat\r\n74.6,42.8\r\nNaN,42.8\r\n", .invalidCoordinate, 3, "\"NaN\""),
        ("lon,lat\n74.6,-91\n", .invalidCoordinate, 2, "latitude -91.0 is outside"),
        ("lon;lat\n74,6;42,8\n", .invalidCoordinate, 2, "a decimal comma?"),
        ("lon,lat,time\n74.6,42.8,soon\n", .invalidTime, 2, "\"soon\""),
        ("lon,lat,time\n74.6,42.8,2024-13-01T00:00:00Z\n", .invalidTime, 2, "2024-13-01"),
        ("lon,lat\n\"74.6\"x,42.8\n", .malformed, 2, "after the closing quote"),
        ("lon,lat\n74.6,42.8\n\"74.7,42.9\n", .truncated, 3, "not closed"),
        ("longitude,latitude\n", .noFixes, nil, "no rows"),
        ("a,b\n1,2\n", .missingColumn, 1, "no longitude column"),
        ("lon,b\n1,2\n", .missingColumn, 1, "no latitude column"),
    ] as [(String, TraceError.Kind, Int?, String)])
    func badRows(text: String, kind: TraceError.Kind, line: Int?, phrase: String) throws {
        let error = try #require(Self.error(text), "accepted \(text.debugDescription)")
        #expect(error.kind == kind, "\(error)")
        #expect(error.line == line, "\(error)")
        #expect(error.message.contains(phrase), "\(error.message)")
        #expect(error.path == "t.csv")
    }

    @Test("a CSV cut at every byte either reads the complete rows before the cut or names the problem")
    func truncatedEverywhere() throws {
        let full = Array("lon;lat;time;\"IRI\"\r\n74.600001;42.800001;2024-05-01T08:30:00Z;1.5\r\n74.600002;42.800002;2024-05-01T08:30:01Z;\"2.5\"\r\n".utf8)
        for cut in 1..<full.count {
            do {
                let trace = try TraceFile.parse(Array(full[0..<cut]), name: "cut.csv")[0]
                // A cut inside the last number still parses (74.6000 is a number): check it is a prefix.
                #expect(trace.count <= 2)
                #expect(trace.coordinates.allSatisfy { $0.longitude >= 74.6 && $0.latitude >= 42.8 })
            } catch {
                #expect([.fieldCount, .noFixes, .truncated, .missingColumn, .missingCoordinate, .invalidTime].contains(error.kind), "cut at \(cut): \(error)")
            }
        }
    }

    @Test("a BOM and blank lines are skipped; 100 000 rows keep every value exactly")
    func largeFile() throws {
        var text = "\u{FEFF}lon,lat,time,IRI\n\n"
        for i in 0..<100_000 {
            text += "\(74 + Double(i) * 1e-5),\(42 + Double(i) * 1e-5),\(1_714_552_200 + i),\(Double(i % 97) / 8)\n"
        }
        let trace = try Self.parse(text)
        #expect(trace.count == 100_000)
        #expect(trace.coordinates[12_345] == Coordinate(74 + 12_345 * 1e-5, 42 + 12_345 * 1e-5))
        #expect(trace.times[99_999] == 1_714_652_199)
        #expect(trace.values[99_999] == Double(99_999 % 97) / 8)
    }
}
