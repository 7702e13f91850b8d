import Foundation
import Testing
@testable import RoadGeo

@Suite("GeoJSON writer")
struct GeoJSONWriterTests {
    @Test("Moscow roads round-trip: read -> write -> read is equal, at 7 decimals and at shortest round-trip")
    func roundTripMoscow() throws {
        let reader = GeoJSONReader()
        let original = try reader.read(contentsOf: Fixtures.data("moscow_roads.geojson"))
        for precision in [7, nil] as [Int?] {
            let bytes = try GeoJSONWriter(coordinatePrecision: precision).encode(original)
            #expect(try reader.parse(bytes) == original)
            // Deterministic: writing again gives the same bytes.
            #expect(try GeoJSONWriter(coordinatePrecision: precision).encode(try reader.parse(bytes)) == bytes)
        }
        let text = String(decoding: try GeoJSONWriter().encode(original), as: UTF8.self)
        #expect(text.hasPrefix(#"{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"osm_id":14418612,"highway":"secondary","name":null,"#))
        #expect(text.contains(#""name":"Шереметьевская улица""#))
        #expect(text.contains(#""coordinates":[[37.6162938,55.8076784],[37.6170056,55.8086891],[37.6177202,55.8096428]]"#))
        // Foundation reads our output to the same values.
        let root = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect((root?["features"] as? [Any])?.count == original.features.count)
    }

    @Test("coordinate precision: rounding, trimmed zeros, no negative zero, shortest text when nil")
    func precision() throws {
        func text(_ c: Coordinate, _ p: Int?) throws -> String {
            String(decoding: try GeoJSONWriter(coordinatePrecision: p).encode(.geometry(.point(c))), as: UTF8.self)
        }
        #expect(try text(Coordinate(8.6339321, 49.4144465), 7) == #"{"type":"Point","coordinates":[8.6339321,49.4144465]}"#)
        #expect(try text(Coordinate(8.6339321, 49.4144465), 3) == #"{"type":"Point","coordinates":[8.634,49.414]}"#)
        #expect(try text(Coordinate(74.5, -42), 6) == #"{"type":"Point","coordinates":[74.5,-42]}"#)
        #expect(try text(Coordinate(-0.00000001, 0.000000049), 7) == #"{"type":"Point","coordinates":[0,0]}"#)
        #expect(try text(Coordinate(-0.00000005, 0.0000001), 7) == #"{"type":"Point","coordinates":[-0.0000001,0.0000001]}"#)
        #expect(try text(Coordinate(179.99999999, -89.123456789012), 0) == #"{"type":"Point","coordinates":[180,-89]}"#)
        #expect(try text(Coordinate(0.1 + 0.2, 1e-7), nil) == #"{"type":"Point","coordinates":[0.30000000000000004,1e-07]}"#)
        // Every seeded random coordinate written with 7 decimals reads back within half a unit of the 7th decimal,
        // and with nil precision reads back bit-equal.
        var rng = SplitMix64(seed: 3)
        var positions: [Coordinate] = []
        for _ in 0..<5000 { positions.append(Coordinate(Double.random(in: -180...180, using: &rng), Double.random(in: -90...90, using: &rng))) }
        let doc = GeoJSONDocument.geometry(.multiPoint(positions))
        guard case .geometry(.multiPoint(let seven)) = try GeoJSONReader().parse(try GeoJSONWriter(coordinatePrecision: 7).encode(doc)),
              case .geometry(.multiPoint(let exact)) = try GeoJSONReader().parse(try GeoJSONWriter(coordinatePrecision: nil).encode(doc)) else {
            Issue.record("not a MultiPoint"); return
        }
        #expect(exact == positions)
        for (a, b) in zip(seven, positions) {
            #expect(abs(a.longitude - b.longitude) <= 0.5e-7 + 1e-12 && abs(a.latitude - b.latitude) <= 0.5e-7 + 1e-12)
        }
    }

    @Test("strings are escaped minimally and read back equal; integers stay exact; key order kept")
    func values() throws {
        let tricky = "q\"b\\s/\u{8}\u{C}\n\r\t\u{1}\u{1F}\u{7F} Бишкек 🚗 \u{2028}"
        let props: JSONObject = ["z": .string(tricky), "a": .integer(Int64.min), "m": .integer(9007199254740993),
                                 "d": .number(0.1), "e": .number(-0.0), "big": .number(1e300), "b": false, "n": nil,
                                 "arr": [1, 2.5, "x", [nil]], "obj": .object(["y": true])]
        let feature = GeoJSONFeature(id: "r-1", geometry: nil, properties: props, bbox: [1, 2, 3, 4], foreignMembers: ["note": "x"])
        let bytes = try GeoJSONWriter().encode(.feature(feature))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""z":"q\"b\\s/\b\f\n\r\t\u0001\u001f\#u{7F} Бишкек 🚗 \#u{2028}""#), "\(text)")
        #expect(text.contains(#""a":-9223372036854775808,"m":9007199254740993,"d":0.1,"e":-0.0,"big":1e+300,"b":false,"n":null,"#))
        #expect(text.hasPrefix(#"{"type":"Feature","id":"r-1","bbox":[1,2,3,4],"properties":{"z""#))
        #expect(text.hasSuffix(#""geometry":null,"note":"x"}"#))
        #expect(try GeoJSONReader().parse(bytes) == .feature(feature))
    }

    @Test("NaN and infinite numbers cannot be written and name the feature")
    func nonFinite() throws {
        let good = GeoJSONFeature(geometry: .point(Coordinate(1, 1)))
        let bad = GeoJSONFeature(geometry: .lineString([Coordinate(1, 1), Coordinate(.nan, 2)]))
        let doc = GeoJSONDocument.featureCollection(GeoJSONFeatureCollection(features: [good, bad]))
        for precision in [7, nil] as [Int?] {
            do {
                _ = try GeoJSONWriter(coordinatePrecision: precision).encode(doc)
                Issue.record("wrote NaN")
            } catch {
                #expect(error.kind == .nonFiniteNumber)
                #expect(error.featureIndex == 1)
            }
        }
        #expect(throws: GeoJSONError.self) { try GeoJSONWriter().encode(.feature(GeoJSONFeature(geometry: nil, properties: ["v": .number(.infinity)]))) }
    }

    @Test("every geometry type round-trips")
    func geometries() throws {
        let ring = [Coordinate(0, 0), Coordinate(1, 0), Coordinate(1, 1), Coordinate(0, 0)]
        let geometries: [GeoJSONGeometry] = [
            .point(Coordinate(74.6, 42.9)), .multiPoint([Coordinate(1, 2), Coordinate(3, 4)]), .lineString([]),
            .lineString([Coordinate(1, 2), Coordinate(3, 4)]), .multiLineString([[Coordinate(1, 2), Coordinate(3, 4)]]),
            .polygon([ring, ring]), .multiPolygon([[ring], [ring, ring]]), .multiPolygon([]),
            .geometryCollection([.point(Coordinate(1, 1)), .geometryCollection([])]),
        ]
        for g in geometries {
            let bytes = try GeoJSONWriter().encode(.geometry(g))
            #expect(try GeoJSONReader().parse(bytes) == .geometry(g), "\(String(decoding: bytes, as: UTF8.self))")
        }
    }

    @Test("the streaming writers produce exactly encode()'s bytes; a bad feature leaves the stream intact")
    func streaming() throws {
        let doc = try GeoJSONReader().read(contentsOf: Fixtures.data("moscow_roads.geojson"))
        let writer = GeoJSONWriter(coordinatePrecision: 6)
        let crs: JSONObject = ["name": "moscow"]
        let expected = try writer.encode(.featureCollection(GeoJSONFeatureCollection(features: doc.features, foreignMembers: crs)))

        var stream = try GeoJSONFeatureStream(writer: writer, foreignMembers: crs)
        var collected: [UInt8] = []
        for (i, f) in doc.features.enumerated() {
            try stream.append(f)
            if i == 10 {
                #expect(throws: GeoJSONError.self) { try stream.append(GeoJSONFeature(geometry: .point(Coordinate(.nan, 0)))) }
            }
            if i % 100 == 0 { collected += stream.takeBytes() }
        }
        stream.finish()
        collected += stream.takeBytes()
        #expect(collected == expected)
        #expect(stream.featureCount == doc.features.count)

        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("out.geojson").path
        let file = try GeoJSONFileWriter(path: path, writer: writer, foreignMembers: crs)
        for _ in 0..<8 { for f in doc.features { try file.append(f) } }   // > 1 MiB: several flushes
        try file.finish()
        let written = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(written.count > 1 << 20)
        guard case .featureCollection(let back) = try GeoJSONReader().read(contentsOf: path) else { Issue.record("not a collection"); return }
        #expect(back.features.count == 8 * doc.features.count)
        #expect(Array(back.features.suffix(doc.features.count)) == (try GeoJSONReader().parse(expected)).features)
        #expect(back.foreignMembers == crs)

        #expect(throws: GeoJSONError.self) { try GeoJSONFileWriter(path: dir.appendingPathComponent("no/such/dir.geojson").path) }
    }
}
