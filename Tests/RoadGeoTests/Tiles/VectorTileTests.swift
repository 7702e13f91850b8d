import Foundation
import Testing
@testable import RoadGeo

/// A minimal MVT reader for the tests (the external decoders run in scripts/check-vector-tiles.py).
struct DecodedVectorTile {
    struct Feature { var id: UInt64?; var tags: [UInt32] = []; var type: UInt64 = 0; var geometry: [UInt32] = [] }
    struct Layer {
        var version: UInt64 = 1, name = "", extent: UInt64 = 4096
        var keys: [String] = [], values: [VectorTileValue] = [], features: [Feature] = []
        func properties(_ f: Feature) -> [String: VectorTileValue] {
            var out: [String: VectorTileValue] = [:]
            var i = 0
            while i + 1 < f.tags.count { out[keys[Int(f.tags[i])]] = values[Int(f.tags[i + 1])]; i += 2 }
            return out
        }
    }
    struct Failure: Error { let message: String }
    var layers: [Layer] = []

    init(_ bytes: [UInt8]) throws {
        for (field, _, body, _) in try Self.fields(bytes[...]) where field == 3 {
            guard let body else { throw Failure(message: "layer is not length-delimited") }
            var layer = Layer()
            for (f, v, b, bits) in try Self.fields(body) {
                switch f {
                case 15: layer.version = v
                case 1: layer.name = String(decoding: b ?? [], as: UTF8.self)
                case 5: layer.extent = v
                case 3: layer.keys.append(String(decoding: b ?? [], as: UTF8.self))
                case 4:
                    let inner = try Self.fields(b ?? [])
                    guard inner.count == 1, let (vf, vv, vb, vbits) = inner.first else { throw Failure(message: "value with \(inner.count) fields") }
                    switch vf {
                    case 1: layer.values.append(.string(String(decoding: vb ?? [], as: UTF8.self)))
                    case 2: layer.values.append(.float(Float(bitPattern: UInt32(truncatingIfNeeded: vbits))))
                    case 3: layer.values.append(.double(Double(bitPattern: vbits)))
                    case 4: layer.values.append(.int(Int64(bitPattern: vv)))
                    case 5: layer.values.append(.uint(vv))
                    case 6: layer.values.append(.sint(Int64(bitPattern: vv >> 1) ^ -Int64(bitPattern: vv & 1)))
                    case 7: layer.values.append(.bool(vv != 0))
                    default: throw Failure(message: "value field \(vf)")
                    }
                case 2:
                    var feature = Feature()
                    for (ff, fv, fb, _) in try Self.fields(b ?? []) {
                        switch ff {
                        case 1: feature.id = fv
                        case 2: feature.tags = try Self.packed(fb ?? [])
                        case 3: feature.type = fv
                        case 4: feature.geometry = try Self.packed(fb ?? [])
                        default: throw Failure(message: "feature field \(ff)")
                        }
                    }
                    layer.features.append(feature)
                default: _ = bits; throw Failure(message: "layer field \(f)")
                }
            }
            layers.append(layer)
        }
    }

    static func varint(_ b: ArraySlice<UInt8>, _ i: inout Int) throws -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            guard i < b.endIndex, shift < 64 else { throw Failure(message: "truncated varint") }
            let byte = b[i]; i += 1
            v |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return v }
            shift += 7
        }
    }

    static func packed(_ b: ArraySlice<UInt8>) throws -> [UInt32] {
        var i = b.startIndex, out: [UInt32] = []
        while i < b.endIndex { out.append(UInt32(try varint(b, &i))) }
        return out
    }

    /// (field, varint value, length-delimited body, fixed bits).
    static func fields(_ b: ArraySlice<UInt8>) throws -> [(UInt64, UInt64, ArraySlice<UInt8>?, UInt64)] {
        var i = b.startIndex, out: [(UInt64, UInt64, ArraySlice<UInt8>?, UInt64)] = []
        while i < b.endIndex {
            let key = try varint(b, &i)
            switch key & 7 {
            case 0: out.append((key >> 3, try varint(b, &i), nil, 0))
            case 2:
                let n = Int(try varint(b, &i))
                guard n <= b.endIndex - i else { throw Failure(message: "length past the end") }
                out.append((key >> 3, 0, b[i..<(i + n)], 0)); i += n
            case 1, 5:
                let n = key & 7 == 1 ? 8 : 4
                guard n <= b.endIndex - i else { throw Failure(message: "fixed past the end") }
                var bits: UInt64 = 0
                for k in 0..<n { bits |= UInt64(b[i + k]) << (8 * UInt64(k)) }
                out.append((key >> 3, 0, nil, bits)); i += n
            default: throw Failure(message: "wire type \(key & 7)")
            }
        }
        return out
    }

    /// Decodes commands into parts of absolute tile positions (rings closed again).
    static func parts(_ g: [UInt32]) -> [[(Int64, Int64)]] {
        var parts: [[(Int64, Int64)]] = [], x: Int64 = 0, y: Int64 = 0, i = 0
        func unzig(_ v: UInt32) -> Int64 { Int64(v >> 1) ^ -Int64(v & 1) }
        while i < g.count {
            let id = g[i] & 7, count = Int(g[i] >> 3); i += 1
            switch id {
            case 1:
                for _ in 0..<count {
                    x += unzig(g[i]); y += unzig(g[i + 1]); i += 2
                    parts.append([(x, y)])
                }
            case 2:
                for _ in 0..<count { x += unzig(g[i]); y += unzig(g[i + 1]); i += 2; parts[parts.count - 1].append((x, y)) }
            default:
                if let first = parts.last?.first { parts[parts.count - 1].append(first) }
            }
        }
        return parts
    }
}

@Suite("Mapbox Vector Tile encoder")
struct VectorTileTests {
    /// The position at tile units (x, y) of tile 1/0/0 with extent 4096 (not z0, where what lies
    /// in the buffer past the antimeridian is also written as its wrapped copy, as geojson-vt does).
    static func at(_ x: Double, _ y: Double) -> Coordinate { WebMercator.unproject(x: x / 8192, y: y / 8192) }

    static func options() -> TilerOptions {
        var o = TilerOptions()
        o.tolerance = 0
        return o
    }

    @Test("the MVT 2.1 specification's geometry examples (section 4.3.5) encode to its command integers")
    func specExamples() throws {
        let point = TileFeature(geometry: .point(Self.at(25, 17)))
        let line = TileFeature(geometry: .line(try Polyline([Self.at(2, 2), Self.at(2, 10), Self.at(10, 10)])))
        let polygon = TileFeature(geometry: .polygon([[Self.at(3, 6), Self.at(8, 12), Self.at(20, 34), Self.at(3, 6)]]))
        // The same ring counter-clockwise in tile units: written reversed, from its last distinct vertex.
        let reversed = TileFeature(geometry: .polygon([[Self.at(3, 6), Self.at(20, 34), Self.at(8, 12), Self.at(3, 6)]]))
        let expected: [[UInt32]] = [
            [9, 50, 34],
            [9, 4, 4, 18, 0, 16, 16, 0],
            [9, 6, 12, 18, 10, 12, 24, 44, 15],
            [9, 16, 24, 18, 24, 44, 33, 55, 15],
        ]
        for (k, f) in [point, line, polygon, reversed].enumerated() {
            let tiler = try Tiler(features: [f], options: Self.options())
            let tile = try DecodedVectorTile(tiler.vectorTile(try TileID(z: 1, x: 0, y: 0), layer: "spec").bytes)
            #expect(tile.layers.count == 1)
            let layer = try #require(tile.layers.first)
            #expect(layer.name == "spec" && layer.version == 2 && layer.extent == 4096)
            #expect(layer.features.map(\.geometry) == [expected[k]], "example \(k)")
            let types: [UInt64] = [1, 2, 3, 3]
            #expect(layer.features.first?.type == types[k])
        }
    }

    @Test("holes are written counter-clockwise (negative area in tile units) after their exterior")
    func holeWinding() throws {
        // Exterior given counter-clockwise in tile units, hole clockwise: both must flip.
        let outer = [Self.at(100, 100), Self.at(100, 900), Self.at(900, 900), Self.at(900, 100), Self.at(100, 100)]
        let hole = [Self.at(300, 300), Self.at(600, 300), Self.at(600, 600), Self.at(300, 600), Self.at(300, 300)]
        let tiler = try Tiler(features: [TileFeature(geometry: .polygon([outer, hole]))], options: Self.options())
        let tile = try DecodedVectorTile(tiler.vectorTile(try TileID(z: 1, x: 0, y: 0)).bytes)
        let parts = DecodedVectorTile.parts(try #require(tile.layers.first?.features.first).geometry)
        func area(_ r: [(Int64, Int64)]) -> Int64 { zip(r, r.dropFirst()).reduce(0) { $0 + $1.0.0 * $1.1.1 - $1.1.0 * $1.0.1 } }
        #expect(parts.count == 2)
        let areas: [Int64] = parts.map(area), expectedAreas: [Int64] = [2 * 800 * 800, -2 * 300 * 300]
        #expect(areas == expectedAreas)
    }

    @Test("keys and values are de-duplicated per layer with their types; ids kept when unsigned")
    func typedDedupedProperties() throws {
        func f(_ id: JSONValue?, _ props: JSONObject) -> TileFeature { TileFeature(geometry: .point(Self.at(10, 10)), id: id, properties: props) }
        let features = [
            f(.integer(7), ["name": "Chui", "lanes": .integer(4), "speed": .number(42.5), "oneway": .bool(true), "dz": .integer(-3)]),
            f(.string("x"), ["name": "Chui", "lanes": .integer(2), "note": .null, "tags": .array([.integer(1), .string("a")])]),
        ]
        let tiler = try Tiler(features: features, options: Self.options())
        let layer = try #require(try DecodedVectorTile(tiler.vectorTile(try TileID(z: 1, x: 0, y: 0)).bytes).layers.first)
        #expect(layer.keys == ["name", "lanes", "speed", "oneway", "dz", "tags"])
        let values: [VectorTileValue] = [.string("Chui"), .uint(4), .double(42.5), .bool(true), .sint(-3), .uint(2), .string("[1,\"a\"]")]
        #expect(layer.values == values)
        let ids: [UInt64?] = layer.features.map(\.id)
        #expect(ids == [7, nil])
        let second: [String: VectorTileValue] = ["name": .string("Chui"), "lanes": .uint(2), "tags": .string("[1,\"a\"]")]
        #expect(layer.properties(layer.features[1]) == second)
    }

    @Test("Heidelberg z10-z14: MVT geometry equals the GeoJSON path in tile coordinates, feature by feature")
    func sameGeometryAsGeoJSON() throws {
        let document = try GeoJSONReader().read(contentsOf: Fixtures.data("heidelberg_roads.geojson"))
        var features = try TileFeature.features(from: document, skippingInvalid: true)
        for i in features.indices { features[i].id = .integer(Int64(i)) }
        var o = TilerOptions()
        o.coordinates = .tile
        let tiler = try Tiler(features: features, options: o)
        var box = BoundingBox.empty
        for f in features { if case .line(let l) = f.geometry { box.extend(l.boundingBox) } }
        var compared = 0
        for z in [10, 12, 14] {
            for id in try TileID.covering(box, zoom: z).prefix(40) {
                let json = try TileTestSupport.parse(tiler.tile(id))
                let mvt = tiler.vectorTile(id, layer: "roads")
                #expect(mvt.featureCount == json.count, "tile \(id)")
                if json.isEmpty { #expect(mvt.bytes.isEmpty); continue }
                let layer = try #require(try DecodedVectorTile(mvt.bytes).layers.first)
                #expect(layer.features.count == json.count)
                for (a, b) in zip(json, layer.features) {
                    #expect(a.id.map(UInt64.init) == b.id)
                    let theirs = DecodedVectorTile.parts(b.geometry).map { $0.map { (Double($0.0), Double($0.1)) } }
                    var same = theirs.count == a.parts.count
                    for (p, q) in zip(theirs, a.parts) where same {
                        same = p.count == q.count
                        for (u, v) in zip(p, q) where u != v { same = false }
                    }
                    #expect(same, "tile \(id) feature \(a.id ?? -1)")
                    compared += 1
                }
            }
        }
        #expect(compared > 1_000)
    }
}
