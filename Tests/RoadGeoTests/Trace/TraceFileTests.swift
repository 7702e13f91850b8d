import Foundation
import Testing
@testable import RoadGeo

/// Format recognition, file-level errors, the ``GPSTrace`` value type, and the time parser
/// against Foundation's calendar on seeded random instants.
@Suite("Trace: files, values and times")
struct TraceFileTests {
    @Test("the format comes from the content, not the extension")
    func recognition() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let gpx = try String(contentsOfFile: Fixtures.path("traces/gpxpy-track_with_speed.gpx"), encoding: .utf8)
        let misnamed = dir.appendingPathComponent("drive.csv").path
        try gpx.write(toFile: misnamed, atomically: true, encoding: .utf8)
        let traces = try TraceFile.read(contentsOf: misnamed)
        #expect(traces.count == 1 && traces[0].columns == ["ele", "speed"])
        #expect(TraceFile.detectFormat(Array("\u{FEFF}  \n<gpx/>".utf8)) == .gpx)
        #expect(TraceFile.detectFormat(Array(" {\"type\":\"Point\"}".utf8)) == .geoJSON)
        #expect(TraceFile.detectFormat(Array("lon,lat\n".utf8)) == .csv)
        #expect(TraceFile.detectFormat(Array(" \r\n\t".utf8)) == nil)
        #expect(TraceFile.detectFormat([0x1F, 0x8B, 8, 0]) == nil)
        // A forced format overrides recognition.
        #expect(throws: TraceError.self) {
            try TraceFile.parse(Array("<a>".utf8), name: "x", options: TraceReadOptions(format: .csv))
        }
    }

    @Test("empty, white-space-only, binary, missing and oversized files are typed errors", arguments: [
        ([], TraceError.Kind.empty), (Array(" \n\r\n ".utf8), .empty), (Array("\u{FEFF}".utf8), .empty),
        ([0x1F, 0x8B, 0x08, 0x00], .unrecognised), ([0x50, 0x4B, 0x03, 0x04, 0x14], .unrecognised),
        (Array("lon,lat\n1,2\u{0}\n".utf8), .unrecognised),
    ] as [([UInt8], TraceError.Kind)])
    func badFiles(bytes: [UInt8], kind: TraceError.Kind) throws {
        #expect(throws: TraceError.self) { _ = try TraceFile.parse(bytes, name: "x") }
        do {
            _ = try TraceFile.parse(bytes, name: "x")
        } catch {
            #expect(error.kind == kind, "\(error)")
            #expect(error.description.hasPrefix("x: "))
        }
    }

    @Test("a missing file and a file over the limit")
    func fileErrors() throws {
        do {
            _ = try TraceFile.read(contentsOf: "/nonexistent/drive.gpx")
            Issue.record("read a missing file")
        } catch {
            #expect(error.kind == .io && error.path == "/nonexistent/drive.gpx")
        }
        do {
            _ = try TraceFile.read(contentsOf: Fixtures.path("traces/gpxpy-track_with_speed.gpx"), options: TraceReadOptions(maximumFileBytes: 100))
            Issue.record("read a file over the limit")
        } catch {
            #expect(error.kind == .tooLarge && error.message.contains("100 bytes"))
        }
    }

    @Test("GPSTrace: values by column, names ignoring case, NaN-tolerant equality and hashing")
    func traceValue() {
        let a = GPSTrace(name: "d", coordinates: [Coordinate(1, 2), Coordinate(3, 4)], times: [10, .nan],
                         columns: ["IRI", "speed"], values: [1.5, .nan, 2.5, 30])
        #expect(a.value(fix: 1, column: 1) == 30)
        #expect(a.column(named: "iri") == 0 && a.column(named: "speed") == 1 && a.column(named: "ele") == nil)
        #expect(a.values(column: 0) == [1.5, 2.5])
        #expect(a.count == 2 && a.hasTimes)
        let b = a
        #expect(a == b && a.hashValue == b.hashValue)
        var c = a
        c.times[1] = 11
        #expect(a != c)
        #expect(Set([a, b, c]).count == 2)
    }

    @Test("ISO 8601 parsing agrees with Foundation's Gregorian calendar on 2000 seeded instants and offsets")
    func isoAgainstFoundation() throws {
        var rng = SplitMix64(seed: 19)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        for _ in 0..<2000 {
            let seconds = Double(rng.next() % 8_000_000_000) - 2_000_000_000   // 1906 ... 2223
            let offsetMinutes = Int(rng.next() % 1681) - 840                      // -14:00 ... +14:00
            let local = Date(timeIntervalSince1970: seconds + Double(offsetMinutes * 60))
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: local)
            let sign = offsetMinutes < 0 ? "-" : "+"
            let zone = String(format: "%@%02d:%02d", sign, abs(offsetMinutes) / 60, abs(offsetMinutes) % 60)
            let text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!) + zone
            #expect(TraceText.iso8601(text) == seconds, "\(text)")
        }
        #expect(TraceText.iso8601("2024-02-29") == 1_709_164_800)
        #expect(TraceText.iso8601("2023-02-29") == nil)
        #expect(TraceText.iso8601("2024-05-01T08:30:00.250Z") == 1_714_552_200.25)
        #expect(TraceText.iso8601("2024-05-01t08:30:00,5+0100") == 1_714_548_600.5)
        #expect(TraceText.iso8601("2024-05-01T24:00:00Z") == nil)
        #expect(TraceText.iso8601("2024-05-01T08:30:00Q") == nil)
        #expect(TraceText.time("1714552200.5") == 1_714_552_200.5)
        #expect(TraceText.time("-5") == -5)
    }

    @Test("decimal parsing equals Double(String) on seeded random numbers and rejects what is not a decimal")
    func decimals() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<5000 {
            let v = Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF | (rng.next() & 1) << 63)
            for text in ["\(v)", String(format: "%.7f", v.magnitude < 1e6 ? v : 1.5), String(format: "%.17g", v)] {
                #expect(TraceText.decimal(text) == Double(text), "\(text)")
            }
        }
        for bad in ["", " ", "nan", "NaN", "inf", "-Infinity", "0x1p3", "1,5", "1e", "1e+", ".", "-", "1.2.3", "1e400"] {
            #expect(TraceText.decimal(bad) == nil, "\(bad)")
        }
        #expect(TraceText.decimal(" +5. ") == 5 && TraceText.decimal(".5") == 0.5 && TraceText.decimal("007") == 7)
    }
}

