import Foundation
import Testing
@testable import RoadGeo

@Suite("GeoJSON reader")
struct GeoJSONReaderTests {
    @Test("the bundled road files match Foundation's JSONSerialization: counts, bit-equal coordinates, equal properties",
          arguments: [("moscow_roads.geojson", 588, 3110), ("heidelberg_roads.geojson", 25359, 215_638)])
    func againstFoundation(file: String, featureCount: Int, positionCount: Int) throws {
        let path = Fixtures.data(file)
        let doc = try GeoJSONReader().read(contentsOf: path)
        guard case .featureCollection(let fc) = doc else { Issue.record("not a FeatureCollection"); return }

        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        let reference = try #require(root?["features"] as? [[String: Any]])
        #expect(fc.features.count == reference.count)
        #expect(fc.features.count == featureCount)

        var positions = 0
        for (ours, theirs) in zip(fc.features, reference) {
            let g = try #require(theirs["geometry"] as? [String: Any])
            let type = try #require(g["type"] as? String)
            #expect(ours.geometry?.typeName == type)
            let lines: [[[Double]]]
            switch ours.geometry {
            case .lineString(let c)?:
                lines = [try #require(g["coordinates"] as? [[Double]])]
                #expect(c.count == lines[0].count)
            case .multiLineString?:
                lines = try #require(g["coordinates"] as? [[[Double]]])
            default:
                Issue.record("unexpected geometry \(String(describing: ours.geometry))"); continue
            }
            var k = 0
            let flat = lines.flatMap { $0 }
            ours.geometry?.forEachPosition { c in
                #expect(c.longitude.bitPattern == flat[k][0].bitPattern)
                #expect(c.latitude.bitPattern == flat[k][1].bitPattern)
                k += 1
            }
            positions += k
            #expect(k == flat.count)

            let props = try #require(theirs["properties"] as? [String: Any])
            #expect(ours.properties.count == props.count)
            for m in ours.properties.members {
                let expected = try #require(props[m.key], "missing key \(m.key)")
                #expect(Self.equal(m.value, expected), "feature property \(m.key): \(m.value) vs \(expected)")
            }
        }
        #expect(positions == positionCount)
        // Key order is the file's, and the OSM id stays an exact integer.
        #expect(fc.features[0].properties.keys.prefix(3) == ["osm_id", "highway", "name"])
        if file.hasPrefix("moscow") {
            #expect(fc.features[0].properties["osm_id"] == .integer(14418612))
            #expect(fc.features[1].properties["name"] == .string("Шереметьевская улица"))
        } else {
            #expect(fc.features[2].properties["name"] == .string("Bahnhofstraße"))
        }
    }

    @Test("numbers equal Double(text) bit for bit, on seeded random literals of every shape")
    func numbersMatchDoubleParsing() throws {
        var rng = SplitMix64(seed: 20261129)
        var literals = ["0", "-0", "0.0", "1e22", "1e23", "9007199254740993", "0.1", "123456789012345678901234567890",
                        "4.9406564584124654e-324", "2.2250738585072014e-308", "1.7976931348623157e308",
                        "0.000000000000000000000000000001", "37.6162938", "-180", "1E+2", "1e-2", "5e-324",
                        "18446744073709551615", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
                        "8.63393210000000000000001", "2.4703282292062327e-324", "1e-400"]
        for _ in 0..<4000 {
            let digits = Int.random(in: 1...20, using: &rng)
            var s = Bool.random(using: &rng) ? "-" : ""
            s += String(Int.random(in: 1...9, using: &rng))
            for _ in 1..<digits { s += String(Int.random(in: 0...9, using: &rng)) }
            if Bool.random(using: &rng) {
                let cut = Int.random(in: 1...s.count - (s.hasPrefix("-") ? 1 : 0), using: &rng)
                let i = s.index(s.endIndex, offsetBy: -cut + 0)
                if i > s.startIndex && s[s.index(before: i)] != "-" { s.insert(".", at: i) }
            }
            if Int.random(in: 0..<4, using: &rng) == 0 { s += "e\(Int.random(in: -330...310, using: &rng))" }
            literals.append(s)
        }
        for literal in literals {
            let expected = try #require(Double(literal))
            let text = #"{"type":"Feature","geometry":null,"properties":{"v":\#(literal)}}"#
            if !expected.isFinite {
                #expect(throws: GeoJSONError.self) { try GeoJSONReader().parse(text) }
                continue
            }
            let doc = try GeoJSONReader().parse(text)
            guard case .feature(let f) = doc, let v = f.properties["v"] else { Issue.record("no value for \(literal)"); continue }
            #expect(v.doubleValue?.bitPattern == expected.bitPattern, "\(literal): \(v) vs \(expected)")
            if !literal.contains(where: { ".eE".contains($0) }), let exact = Int64(literal), literal != "-0" {
                #expect(v == .integer(exact), "\(literal) should stay an exact integer")
            }
        }
    }

    @Test("strings: every escape, surrogate pairs, raw UTF-8")
    func strings() throws {
        let text = #"{"type":"Feature","geometry":null,"properties":{"e":"q\"b\\s\/\b\f\n\r\t","u":"\u0041\u00e9\u0416\uD83D\uDE97","raw":"Бишкек 🚗","k\u0065y":1}}"#
        guard case .feature(let f) = try GeoJSONReader().parse(text) else { Issue.record("not a feature"); return }
        #expect(f.properties["e"] == .string("q\"b\\s/\u{8}\u{C}\n\r\t"))
        #expect(f.properties["u"] == .string("AéЖ🚗"))
        #expect(f.properties["raw"] == .string("Бишкек 🚗"))
        #expect(f.properties["key"] == .integer(1))

        // Escaped GeoJSON member names are still recognised.
        let escaped = try GeoJSONReader().parse(#"{"typ\u0065":"Feature","geo\u006Detry":{"\u0074ype":"Point","coordinates":[1,2]},"properties":{}}"#)
        #expect(escaped == .feature(GeoJSONFeature(geometry: .point(Coordinate(1, 2)))))
        #expect(throws: GeoJSONError.self) { try GeoJSONReader().parse(#"{"typ\u+065":"Point","coordinates":[1,2]}"#) }
    }

    @Test("every geometry type, a bare Feature and bare geometries; ids; altitude dropped; foreign members kept")
    func geometryTypes() throws {
        let reader = GeoJSONReader()
        let text = """
        {"type":"FeatureCollection","name":"t","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[
         {"type":"Feature","id":"a","properties":null,"geometry":{"type":"Point","coordinates":[74.6,42.9,800]}},
         {"geometry":{"coordinates":[[1,2],[3,4]],"type":"MultiPoint"},"type":"Feature","id":7,"properties":{}},
         {"type":"Feature","properties":{"x":[1,{"y":null}]},"geometry":{"type":"LineString","coordinates":[]}},
         {"type":"Feature","properties":{},"geometry":{"type":"MultiLineString","coordinates":[[[0,0],[1,1]],[[2,2],[3,3],[4,4]]]}},
         {"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}},
         {"type":"Feature","properties":{},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[]]}},
         {"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[1,1]}]}},
         {"type":"Feature","properties":{},"geometry":null,"title":"extra"}
        ]}
        """
        guard case .featureCollection(let fc) = try reader.parse(text) else { Issue.record("not a collection"); return }
        #expect(fc.foreignMembers.keys == ["name", "crs"])
        let g = fc.features.map(\.geometry)
        #expect(g[0] == .point(Coordinate(74.6, 42.9)))
        #expect(fc.features[0].id == .string("a"))
        #expect(fc.features[1].id == .integer(7))
        #expect(g[1] == .multiPoint([Coordinate(1, 2), Coordinate(3, 4)]))
        #expect(g[2] == .lineString([]))
        #expect(g[2]?.isEmpty == true)
        #expect(fc.features[2].properties["x"] == .array([.integer(1), .object(["y": .null])]))
        #expect(g[3] == .multiLineString([[Coordinate(0, 0), Coordinate(1, 1)], [Coordinate(2, 2), Coordinate(3, 3), Coordinate(4, 4)]]))
        #expect(g[4] == .polygon([[Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1), Coordinate(0, 0)]]))
        #expect(g[5] == .multiPolygon([[[Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1), Coordinate(0, 0)]], []]))
        #expect(g[6] == .geometryCollection([.point(Coordinate(1, 1))]))
        #expect(g[7] == nil)
        #expect(fc.features[7].foreignMembers["title"] == .string("extra"))
        #expect(g[3]?.boundingBox == BoundingBox(minX: 0, minY: 0, maxX: 4, maxY: 4))

        let bare = try reader.parse(#" {"coordinates":[[74.6,42.9],[74.7,42.9]],"type":"LineString"} "#)
        #expect(bare == .geometry(.lineString([Coordinate(74.6, 42.9), Coordinate(74.7, 42.9)])))
        #expect(bare.features.count == 1)
        let feature = try reader.parse("\u{FEFF}{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[1,2]},\"properties\":{\"a\":true}}")
        #expect(feature == .feature(GeoJSONFeature(geometry: .point(Coordinate(1, 2)), properties: ["a": true])))
    }

    @Test("roads: LineStrings and MultiLineStrings as validated polylines with their feature index")
    func roads() throws {
        let roads = try GeoJSONReader().readRoads(contentsOf: Fixtures.data("moscow_roads.geojson"))
        let doc = try GeoJSONReader().read(contentsOf: Fixtures.data("moscow_roads.geojson"))
        #expect(roads.count == doc.features.count)
        for road in roads {
            let f = doc.features[road.featureIndex]
            #expect(road.properties == f.properties)
            #expect(road.line.parts.map(\.coordinates.count).reduce(0, +) <= f.geometry?.positionCount ?? 0)
        }
        let text = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1,1]}},
         {"type":"Feature","properties":{"n":1},"geometry":{"type":"LineString","coordinates":[[1,1],[1,1],[2,2]]}},
         {"type":"Feature","properties":{},"geometry":{"type":"LineString","coordinates":[[5,5],[5,5]]}}]}
        """
        let mixed = try GeoJSONReader().parse(text)
        #expect(throws: GeoJSONError.self) { try mixed.roads() }
        do {
            _ = try mixed.roads()
        } catch {
            #expect(error.featureIndex == 2)
            #expect(error.message.contains("2 distinct"), "\(error.message)")
        }
        let kept = try mixed.roads(skippingDegenerate: true)
        #expect(kept.map(\.featureIndex) == [1])
        #expect(kept[0].line.parts[0].coordinates == [Coordinate(1, 1), Coordinate(2, 2)])
    }

    @Test("forEachFeature streams the same features as read(); errors from the handler name file and feature")
    func streaming() throws {
        let path = Fixtures.data("moscow_roads.geojson")
        let doc = try GeoJSONReader().read(contentsOf: path)
        var seen: [GeoJSONFeature] = []
        let rest = try GeoJSONReader().forEachFeature(contentsOf: path) { (index, feature) throws(GeoJSONError) in
            #expect(index == seen.count)
            seen.append(feature)
        }
        #expect(seen == doc.features)
        #expect(rest == .featureCollection(GeoJSONFeatureCollection(features: [])))

        do {
            try GeoJSONReader().forEachFeature(contentsOf: path) { (index, _) throws(GeoJSONError) in
                if index == 17 { throw GeoJSONError(.invalidGeoJSON, "stop here") }
            }
            Issue.record("handler error lost")
        } catch {
            #expect(error.featureIndex == 17 && error.path == path && error.line == 1 && error.message == "stop here", "\(error)")
        }

        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let single = dir.appendingPathComponent("one.geojson").path
        #expect(FileManager.default.createFile(atPath: single, contents: Data(#"{"type":"LineString","coordinates":[[1,1],[1,1]]}"#.utf8)))
        var calls = 0
        try GeoJSONReader().forEachFeature(contentsOf: single) { (_, f) throws(GeoJSONError) in
            calls += 1
            #expect(f.geometry == .lineString([Coordinate(1, 1), Coordinate(1, 1)]))
        }
        #expect(calls == 1)
        do {
            _ = try GeoJSONReader().readRoads(contentsOf: single)
            Issue.record("accepted a degenerate line")
        } catch {
            #expect(error.featureIndex == 0 && error.path == single && error.message.hasPrefix("LineString: "), "\(error)")
        }
        #expect(try GeoJSONReader().readRoads(contentsOf: single, skippingDegenerate: true).isEmpty)
        let road = try #require(try GeoJSONReader().readRoads(contentsOf: path).first)
        #expect(GeoJSONGeometry(road.line.parts[0]) == doc.features[0].geometry)
        #expect(GeoJSONGeometry(road.line) == .multiLineString([road.line.parts[0].coordinates]))
    }

    static func equal(_ ours: JSONValue, _ theirs: Any) -> Bool {
        switch ours {
        case .null: return theirs is NSNull
        case .string(let s): return (theirs as? String) == s
        case .integer(let i): return (theirs as? NSNumber)?.int64Value == i && (theirs as? NSNumber)?.doubleValue == Double(i)
        case .number(let d): return (theirs as? NSNumber)?.doubleValue == d
        case .bool(let b): return (theirs as? Bool) == b
        case .array(let a):
            guard let t = theirs as? [Any], t.count == a.count else { return false }
            return zip(a, t).allSatisfy { equal($0, $1) }
        case .object(let o):
            guard let t = theirs as? [String: Any], t.count == o.count else { return false }
            return o.members.allSatisfy { m in t[m.key].map { equal(m.value, $0) } ?? false }
        }
    }
}
