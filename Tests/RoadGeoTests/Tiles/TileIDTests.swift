import Foundation
import Testing
@testable import RoadGeo

@Suite("Tile math")
struct TileIDTests {
    @Test("out-of-range zoom, x or y throws a TileError naming the tile")
    func invalidTiles() {
        let bad: [(Int, Int, Int, String)] = [(-1, 0, 0, "zoom"), (25, 0, 0, "zoom"), (3, 8, 0, "x must"), (3, 0, 8, "y must"),
                                              (0, 0, -1, "y must"), (10, -1, 5, "x must"), (24, 1 << 24, 0, "x must")]
        for (z, x, y, phrase) in bad {
            do { _ = try TileID(z: z, x: x, y: y); Issue.record("accepted \(z)/\(x)/\(y)") }
            catch { #expect(error.message.contains("\(z)/\(x)/\(y)") && error.message.contains(phrase), "\(error.message)") }
        }
        #expect(throws: TileError(.invalidTile, "tile 3/8/0: x must be within 0...7 at zoom 3")) { try TileID(z: 3, x: 8, y: 0) }
        #expect(throws: TileError(.invalidTile, "tile path \"3/a/1\": expected z/x/y with integers")) { try TileID(path: "3/a/1") }
        #expect(throws: TileError(.invalidGeometry, "box \(BoundingBox.empty): empty or not finite")) { try TileID.covering(.empty, zoom: 3) }
        #expect(throws: TileError.self) { try TileID(path: "3/1") }
        #expect(throws: TileError.self) { try TileID(quadkey: "0124") }
        #expect(throws: TileError.self) { try TileID(quadkey: String(repeating: "1", count: 25)) }
        #expect(throws: TileError.self) { try TileID.covering(.empty, zoom: 3) }
        #expect(throws: TileError.self) { try TileID.containing(Coordinate(.nan, 0), zoom: 3) }
        #expect((try? TileID(z: 24, x: (1 << 24) - 1, y: (1 << 24) - 1)) != nil)
    }

    @Test("bounds in lon/lat and EPSG:3857 metres match the closed-form values")
    func bounds() throws {
        let world = try TileID(z: 0, x: 0, y: 0)
        #expect(abs(world.bounds.maxY - 85.0511287798066) < 1e-9)
        #expect(abs(world.bounds.minX + 180) < 1e-12 && abs(world.bounds.maxX - 180) < 1e-12)
        #expect(abs(world.mercatorBounds.maxX - 20_037_508.342789244) < 1e-6)
        // 14/11586/6010 over Bishkek, computed by hand: lon = x/2^z*360-180, lat = atan(sinh(pi(1-2y/2^z))).
        let t = try TileID(z: 14, x: 11_586, y: 6_010)
        #expect(abs(t.bounds.minX - (11_586.0 / 16_384 * 360 - 180)) < 1e-12)
        let lat = atan(sinh(.pi * (1 - 2 * 6_010.0 / 16_384))) * 180 / .pi
        #expect(abs(t.bounds.maxY - lat) < 1e-12)
        #expect(t.bounds.contains(Coordinate(74.6, 42.87)) == (try TileID.containing(Coordinate(74.6, 42.87), zoom: 14) == t))
        let m = WebMercator.meters(Coordinate(74.6, 42.87))
        #expect(t.mercatorBounds.contains(Coordinate(m.x, m.y)) == t.bounds.contains(Coordinate(74.6, 42.87)))
    }

    @Test("quadkey round-trips, parent and children are consistent, paths parse")
    func hierarchy() throws {
        var rng = SplitMix64(seed: 11)
        for _ in 0..<500 {
            let z = Int.random(in: 0...24, using: &rng)
            let t = try TileID(z: z, x: Int.random(in: 0..<(1 << z), using: &rng), y: Int.random(in: 0..<(1 << z), using: &rng))
            #expect(try TileID(quadkey: t.quadkey) == t)
            #expect(t.quadkey.count == z)
            #expect(try TileID(path: "/\(t.description).geojson") == t)
            for c in t.children {
                #expect(c.parent == t)
                #expect(t.unitBounds.contains(c.unitBounds))
            }
            if let p = t.parent { #expect(p.children.contains(t)) } else { #expect(z == 0) }
        }
        #expect(try TileID(z: 3, x: 3, y: 5).quadkey == "213")
    }

    @Test("covering a box lists exactly the tiles whose bounds meet it, at the dateline and poles too")
    func covering() throws {
        let box = BoundingBox(minX: 74.5, minY: 42.8, maxX: 74.7, maxY: 42.9)
        for z in [0, 5, 8, 13] {
            let r = try TileID.covering(box, zoom: z)
            let brute = (0..<(1 << z)).flatMap { x in (0..<(1 << z)).map { y in TileID(uncheckedZ: z, x: x, y: y) } }
                .filter { z <= 8 && $0.bounds.intersects(box) }
            if z <= 8 { #expect(Set(r) == Set(brute) && !brute.isEmpty) }
            #expect(r.count == Array(r).count)
        }
        // Dateline: the east edge maps to the last column, the west edge to the first.
        #expect(try TileID.containing(Coordinate(180, 0), zoom: 4).x == 15)
        #expect(try TileID.containing(Coordinate(-180, 0), zoom: 4).x == 0)
        // Beyond ±85.0511° latitudes clamp to the first and last rows.
        #expect(try TileID.containing(Coordinate(10, 89.9), zoom: 6).y == 0)
        #expect(try TileID.containing(Coordinate(10, -89.9), zoom: 6).y == 63)
        let polar = try TileID.covering(BoundingBox(minX: 179, minY: 84, maxX: 180, maxY: 90), zoom: 5)
        #expect(polar.minX == 31 && polar.maxX == 31 && polar.minY == 0)
    }
}
