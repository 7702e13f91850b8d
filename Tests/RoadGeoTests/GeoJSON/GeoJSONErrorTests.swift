import Foundation
import Testing
@testable import RoadGeo

/// Every class of bad input gives a typed error naming the feature and the problem; none traps.
@Suite("GeoJSON bad input")
struct GeoJSONErrorTests {
    /// A collection whose second feature (index 1) has `geometry` replaced by `badGeometry`.
    static func collection(badGeometry: String) -> String {
        """
        {"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"osm_id":1},"geometry":{"type":"LineString","coordinates":[[74.6,42.8],[74.7,42.8]]}},
        {"type":"Feature","properties":{"osm_id":2},"geometry":\(badGeometry)}
        ]}
        """
    }

    static func error(_ text: String, reader: GeoJSONReader = GeoJSONReader()) -> GeoJSONError? {
        do {
            _ = try reader.parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("wrong types, missing and invalid coordinates name feature 1 and the problem", arguments: [
        (#"{"type":"LineString","coordinates":[[74.6,42.8],[74.7,95.5]]}"#, GeoJSONError.Kind.invalidCoordinate, "LineString position 1: latitude 95.5 is outside"),
        (#"{"type":"Point","coordinates":[42.8,174.6]}"#, .invalidCoordinate, "swapped"),
        (#"{"type":"Point","coordinates":[190,10]}"#, .invalidCoordinate, "longitude 190.0 is outside"),
        (#"{"type":"LineString"}"#, .invalidGeoJSON, "has no \"coordinates\" member"),
        (#"{"type":"LineString","coordinates":[[74.6],[74.7,42.8]]}"#, .invalidGeoJSON, "position 0 has 1 number"),
        (#"{"type":"LineString","coordinates":[[],[74.7,42.8]]}"#, .invalidGeoJSON, "position 0 has 0 numbers"),
        (#"{"type":"LineString","coordinates":[[74.6,42.8]]}"#, .invalidGeoJSON, "at least 2 positions"),
        (#"{"type":"LineString","coordinates":[["74.6",42.8],[74.7,42.8]]}"#, .invalidGeoJSON, "must contain numbers, found a string"),
        (#"{"type":"LineString","coordinates":"74.6 42.8"}"#, .invalidGeoJSON, "LineString coordinates must be an array"),
        (#"{"type":"LineString","coordinates":[74.6,42.8]}"#, .invalidGeoJSON, "position 0 must be an array"),
        (#"{"type":"LineString","coordinates":[[NaN,42.8],[74.7,42.8]]}"#, .nonFiniteNumber, "NaN is not a JSON number"),
        (#"{"type":"LineString","coordinates":[[-Infinity,42.8],[74.7,42.8]]}"#, .nonFiniteNumber, "Infinity"),
        (#"{"type":"Point","coordinates":[1e400,42.8]}"#, .nonFiniteNumber, "too large"),
        (#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#, .invalidGeoJSON, "ring 0 is not closed"),
        (#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}"#, .invalidGeoJSON, "ring 0 has 3 positions"),
        (#"{"type":"MultiLineString","coordinates":[[[0,0],[1,1]],[[2,2]]]}"#, .invalidGeoJSON, "part 1 has 1 position"),
        (#"{"type":"Circle","coordinates":[0,0]}"#, .invalidGeoJSON, "unknown geometry type \"Circle\""),
        (#"{"coordinates":[0,0]}"#, .invalidGeoJSON, "no \"type\" member"),
        (#"{"type":7,"coordinates":[0,0]}"#, .invalidGeoJSON, "\"type\" must be a string"),
        (#"[0,0]"#, .invalidGeoJSON, "must be an object or null"),
        (#""LineString""#, .invalidGeoJSON, "must be an object or null"),
        (#"{"type":"GeometryCollection","geometries":[7]}"#, .invalidGeoJSON, "must be a geometry object"),
    ])
    func badGeometry(geometry: String, kind: GeoJSONError.Kind, phrase: String) throws {
        let error = try #require(Self.error(Self.collection(badGeometry: geometry)), "accepted \(geometry)")
        #expect(error.kind == kind, "\(error)")
        #expect(error.featureIndex == 1, "\(error)")
        #expect(error.message.contains(phrase), "\(error.message)")
        #expect(error.description.contains("feature 1: "), "\(error.description)")
        #expect(error.line == 3, "\(error)")
    }

    @Test("malformed JSON at various points gives line:column and the expectation", arguments: [
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1,},"geometry":null}]}"#, "expected a string key, found '}'", 79),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a" 1},"geometry":null}]}"#, "expected ':' after a key", 77),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature" "properties":{},"geometry":null}]}"#, "expected ',' or '}' in the feature", 59),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":tru},"geometry":null}]}"#, "expected 'true'", 80),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":01},"geometry":null}]}"#, "leading zero", 78),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":"x\q"},"geometry":null}]}"#, "invalid escape '\\q'", 79),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":"\uD800x"},"geometry":null}]}"#, "unpaired high surrogate", 78),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":1.},"geometry":null}]}"#, "a digit after '.'", 79),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":+1},"geometry":null}]}"#, "expected a JSON value, found '+'", 77),
        (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":null}]} x"#, "after the GeoJSON object", 94),
    ])
    func malformed(text: String, phrase: String, column: Int) throws {
        let error = try #require(Self.error(text), "accepted \(text)")
        #expect(error.kind == .malformed, "\(error)")
        #expect(error.message.contains(phrase), "\(error.message)")
        #expect(error.line == 1 && error.column == column, "\(error) col \(String(describing: error.column))")
        if column < 94 { #expect(error.featureIndex == 0, "\(error)") }
    }

    @Test("not GeoJSON: wrong top-level values and member types")
    func wrongTypes() throws {
        let cases: [(String, String)] = [
            ("[1,2]", "must be an object"),
            (#"{"type":"Topology"}"#, "unknown GeoJSON type \"Topology\""),
            (#"{"type":"FeatureCollection"}"#, "no \"features\" member"),
            (#"{"type":"FeatureCollection","features":{}}"#, "\"features\" must be an array"),
            (#"{"type":"FeatureCollection","features":[1]}"#, "a feature must be an object"),
            (#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":[],"geometry":null}]}"#, "\"properties\" must be an object or null"),
            (#"{"type":"FeatureCollection","features":[{"type":"Feature","id":true,"properties":{},"geometry":null}]}"#, "\"id\" must be a string or a number"),
            (#"{"type":"FeatureCollection","features":[{"type":"Point","properties":{},"geometry":null}]}"#, "expected a feature with \"type\": \"Feature\""),
            (#"{"type":"FeatureCollection","features":[{"properties":{},"geometry":null}]}"#, "no \"type\": \"Feature\""),
            (#"{"type":"Feature","bbox":[1,2,3],"properties":{},"geometry":null}"#, "\"bbox\" must have 2*n numbers"),
        ]
        for (text, phrase) in cases {
            let error = try #require(Self.error(text), "accepted \(text)")
            #expect(error.kind == .invalidGeoJSON, "\(error)")
            #expect(error.message.contains(phrase), "\(text): \(error.message)")
        }
    }

    @Test("NaN and Infinity tokens are refused anywhere, not only in coordinates")
    func nonFiniteTokens() throws {
        for token in ["NaN", "Infinity", "-Infinity"] {
            let text = #"{"type":"Feature","properties":{"v":\#(token)},"geometry":null}"#
            let error = try #require(Self.error(text))
            #expect(error.kind == .nonFiniteNumber)
            #expect(error.message.contains(token), "\(error.message)")
        }
    }

    @Test("invalid UTF-8 inside strings is refused")
    func invalidUTF8() throws {
        var bytes = Array(#"{"type":"Feature","properties":{"name":"ab"},"geometry":null}"#.utf8)
        let i = try #require(bytes.firstIndex(of: UInt8(ascii: "b")))
        for bad: [UInt8] in [[0xC3], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF]] {
            var copy = bytes
            copy.replaceSubrange(i...i, with: bad)
            #expect(throws: GeoJSONError.self) { try GeoJSONReader().parse(copy) }
        }
        bytes[i] = 0x01   // a raw control character
        let error = try #require(Self.errorParsing(bytes))
        #expect(error.message.contains("control character"))
    }

    @Test("nesting deeper than the limit is refused without exhausting the stack")
    func deepNesting() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let text = #"{"type":"Feature","properties":{"v":\#(deep)},"geometry":null}"#
        let error = try #require(Self.error(text))
        #expect(error.kind == .tooDeep)
        #expect(error.message.contains("512"))
        let objects = String(repeating: #"{"a":"#, count: 600) + "1" + String(repeating: "}", count: 600)
        #expect(Self.error(#"{"type":"Feature","properties":\#(objects),"geometry":null}"#)?.kind == .tooDeep)
        // Skipped foreign members are bounded too.
        #expect(Self.error(#"{"type":"Point","x":\#(deep),"coordinates":[0,0]}"#)?.kind == .tooDeep)
        // Within the limit is fine.
        let ok = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect(Self.error(#"{"type":"Feature","properties":{"v":\#(ok)},"geometry":null}"#) == nil)
        #expect(Self.error(#"{"type":"Feature","properties":{"v":\#(ok)},"geometry":null}"#, reader: GeoJSONReader(maximumDepth: 100))?.kind == .tooDeep)
    }

    @Test("values nested to the limit parse whole, and nested GeometryCollections stop at the limit")
    func nestedToTheLimit() throws {
        // 510 arrays inside "v" (the Feature and its properties are two more levels): parsed and
        // rebuilt level by level.
        let ok = String(repeating: "[", count: 509) + "7" + String(repeating: "]", count: 509)
        let doc = try GeoJSONReader().parse(#"{"type":"Feature","properties":{"v":[\#(ok)]},"geometry":null}"#)
        guard case .feature(let feature) = doc else { Issue.record("not a Feature"); return }
        var value = try #require(feature.properties["v"])
        var levels = 0
        while case .array(let inner) = value {
            #expect(inner.count == 1)
            value = inner[0]
            levels += 1
        }
        #expect(levels == 510)
        #expect(value == 7)
        // Objects inside arrays inside objects, then back out: members keep their order.
        let mixed = try GeoJSONReader().parse(#"{"type":"Feature","properties":{"a":[{"b":[1,{"c":[]}],"d":{}},2],"e":"x"},"geometry":null}"#)
        guard case .feature(let f) = mixed else { Issue.record("not a Feature"); return }
        #expect(f.properties.members.map(\.key) == ["a", "e"])
        let c: JSONObject = ["c": []]
        let bd: JSONObject = ["b": [1, .object(c)], "d": .object(JSONObject())]
        #expect(f.properties["a"] == [.object(bd), 2])
        // Each GeometryCollection costs two levels (the object and its "geometries").
        func collection(_ n: Int) -> String {
            String(repeating: #"{"type":"GeometryCollection","geometries":["#, count: n)
                + #"{"type":"Point","coordinates":[1,2]}"# + String(repeating: "]}", count: n)
        }
        #expect(Self.error(collection(300))?.kind == .tooDeep)
        let nested = try GeoJSONReader().parse(collection(255))
        guard case .geometry(var geometry) = nested else { Issue.record("not a geometry"); return }
        var depth = 0
        while case .geometryCollection(let members) = geometry {
            #expect(members.count == 1)
            geometry = members[0]
            depth += 1
        }
        #expect(depth == 255)
        #expect(geometry == .point(Coordinate(1, 2)))
    }

    @Test("truncating the Moscow file at any point gives an error, never a crash or a silent success")
    func truncated() throws {
        let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: Fixtures.data("moscow_roads.geojson"))))
        var rng = SplitMix64(seed: 5)
        var cuts = Array(0..<100) + Array(bytes.count - 100..<bytes.count)
        for _ in 0..<100 { cuts.append(Int.random(in: 0..<bytes.count, using: &rng)) }
        for cut in cuts {
            let error = Self.errorParsing(Array(bytes[..<cut]))
            // Only whitespace may be cut off the end without harm.
            if bytes[cut...].allSatisfy({ $0 == 0x0A || $0 == 0x20 }) { continue }
            let e = try #require(error, "accepted a file cut at byte \(cut)")
            #expect(e.kind == .truncated || (cut < 2 && e.kind == .invalidGeoJSON), "cut \(cut): \(e) \(e.kind)")
            if cut > 2000 && cut < bytes.count - 10 { #expect(e.featureIndex != nil, "cut \(cut): \(e)") }
        }
        #expect(Self.errorParsing([])?.kind == .truncated)
    }

    @Test("random byte corruption never traps")
    func corruption() throws {
        let text = Self.collection(badGeometry: #"{"type":"MultiLineString","coordinates":[[[74.6,42.8],[74.7,42.9]]],"bbox":[1,2,3,4]}"#)
            .replacingOccurrences(of: "\"osm_id\":2", with: "\"n\":\"Бишкек \\u0041\",\"x\":[1.5e3,true,null,{\"y\":-0}]")
        let bytes = Array(text.utf8)
        #expect(Self.errorParsing(bytes) == nil)
        var rng = SplitMix64(seed: 99)
        let alphabet = Array("{}[]\",:-+.0123456789eEtrfalsenuNI \\u\u{7F}".utf8) + [0x00, 0xC3, 0xFF, 0x0A]
        var failures = 0
        for _ in 0..<3000 {
            var copy = bytes
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let i = Int.random(in: 0..<copy.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: copy[i] = alphabet[Int.random(in: 0..<alphabet.count, using: &rng)]
                case 1: copy.remove(at: i)
                default: copy.insert(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)], at: i)
                }
            }
            if let e = Self.errorParsing(copy) {
                failures += 1
                #expect(!e.message.isEmpty && e.byteOffset != nil)
            }
        }
        #expect(failures > 1500)
    }

    @Test("files over the size limit are refused before reading; a sparse 2 GB file gives an error")
    func fileTooLarge() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("huge.geojson").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("{\"type\":".utf8)))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 2 << 30)   // 2 GiB, sparse: no data written
        try handle.close()
        do {
            _ = try GeoJSONReader().read(contentsOf: path)
            Issue.record("read a 2 GiB file")
        } catch {
            #expect(error.kind == .tooLarge)
            #expect(error.path == path)
            #expect(error.message.contains("2147483648 bytes"), "\(error.message)")
            #expect(error.description.hasPrefix(path), "\(error.description)")
        }
        // A small limit applies the same way to small files.
        let small = dir.appendingPathComponent("small.geojson").path
        #expect(FileManager.default.createFile(atPath: small, contents: Data(#"{"type":"Point","coordinates":[1,2]}"#.utf8)))
        #expect(throws: GeoJSONError.self) { try GeoJSONReader(maximumFileBytes: 10).read(contentsOf: small) }
        #expect(try GeoJSONReader().read(contentsOf: small) == .geometry(.point(Coordinate(1, 2))))
        // Missing files and directories are I/O errors naming the path.
        for bad in [dir.appendingPathComponent("missing.geojson").path, dir.path] {
            do {
                _ = try GeoJSONReader().read(contentsOf: bad)
                Issue.record("read \(bad)")
            } catch {
                #expect(error.kind == .io && error.path == bad, "\(error)")
            }
        }
    }

    static func errorParsing(_ bytes: [UInt8]) -> GeoJSONError? {
        do {
            _ = try GeoJSONReader().parse(bytes)
            return nil
        } catch {
            return error
        }
    }
}
