import Foundation
import Testing
@testable import RoadGeo

@Suite("Tile clipping against GEOS")
struct TileClipTests {
    /// Every z14/z15 tile over the Moscow roads.
    static func tiles(_ features: [TileFeature], zooms: [Int]) throws -> [TileID] {
        var box = BoundingBox.empty
        for f in features { if case .line(let l) = f.geometry { box.extend(l.boundingBox) } }
        return try zooms.flatMap { Array(try TileID.covering(box, zoom: $0)) }
    }

    @Test("clip stage: same parts and lengths as GEOSClipByRect_r on the Moscow roads (tile + buffer)")
    func clipStageMatchesGEOS() throws {
        let features = try TileTestSupport.moscow()
        let tiler = try Tiler(features: features)
        var compared = 0, partsSeen = 0
        for t in try Self.tiles(features, zooms: [14, 15]) {
            let pad = 64.0 / 4096 / Double(1 << t.z)
            let b = t.unitBounds.expanded(by: pad, pad)
            let clip = TileClipBox(minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY)
            for (f, _) in features.enumerated() {
                let part = tiler.parts[Int(tiler.records[f].partStart)]
                let range = Int(part.start)..<Int(part.end)
                var out: [ClippedVertex] = [], ends: [Int] = []
                clip.clipLine(tiler.vertices, range, shift: 0, into: &out, partEnds: &ends)
                var ours: [Double] = [], start = 0
                for e in ends {
                    #expect(e - start >= 2)
                    ours.append(TileTestSupport.length(out[start..<e].map { ($0.x, $0.y) })); start = e
                }
                let theirs = TileTestSupport.geosClipLengths(tiler.vertices[range].map { ($0.x, $0.y) }, b)
                #expect(ours.count == theirs.count, "tile \(t) feature \(f): \(ours.count) parts vs GEOS \(theirs.count)")
                let a = ours.reduce(0, +), g = theirs.reduce(0, +)
                #expect(abs(a - g) <= 1e-9 * max(g, 1e-9), "tile \(t) feature \(f): length \(a) vs GEOS \(g)")
                compared += 1; partsSeen += ours.count
            }
        }
        #expect(compared > 10_000 && partsSeen > 500)
    }

    @Test("rendered tiles (tolerance 0, tile coordinates) hold the GEOS-clipped length within rounding")
    func renderedLengthsMatchGEOS() throws {
        let features = try TileTestSupport.moscow()
        var options = TilerOptions()
        options.tolerance = 0
        options.coordinates = .tile
        let tiler = try Tiler(features: features, options: options)
        var checked = 0
        for t in try Self.tiles(features, zooms: [14]) {
            let pad = 64.0 / 4096 / Double(1 << t.z)
            let b = t.unitBounds.expanded(by: pad, pad)
            let scale = 4096.0 * Double(1 << t.z)
            let rendered = try TileTestSupport.parse(tiler.tile(t))
            var byID: [Int: Double] = [:]
            var parts: [Int: Int] = [:]
            for f in rendered {
                byID[f.id ?? -1, default: 0] += f.parts.reduce(0) { $0 + TileTestSupport.length($1) }
                parts[f.id ?? -1, default: 0] += f.parts.count
            }
            for (i, _) in features.enumerated() {
                let part = tiler.parts[Int(tiler.records[i].partStart)]
                let g = TileTestSupport.geosClipLengths(tiler.vertices[Int(part.start)..<Int(part.end)].map { ($0.x, $0.y) }, b)
                let expected = g.reduce(0, +) * scale
                let got = byID[i] ?? 0
                // Each vertex moves at most half a unit when rounded to integers.
                let slack = 1.5 * Double(part.end - part.start + 2)
                #expect(abs(got - expected) <= slack, "tile \(t) feature \(i): \(got) vs GEOS \(expected)")
                #expect((parts[i] ?? 0) <= g.count, "tile \(t) feature \(i): more parts than GEOS")
                checked += 1
            }
        }
        #expect(checked > 1_000)
    }

    @Test("a line leaving and re-entering the tile becomes several parts; polygons are clipped closed")
    func multipartAndPolygon() throws {
        let clip = TileClipBox(minX: 0, minY: 0, maxX: 1, maxY: 1)
        let zigzag = [(-0.5, 0.5), (0.5, 0.5), (0.5, 1.5), (0.7, 1.5), (0.7, 0.5), (1.5, 0.5)]
        var v = zigzag.map { TileVertex(x: $0.0, y: $0.1, importance: 0) }
        TileSimplify.assignImportance(&v, 0..<v.count)
        var out: [ClippedVertex] = [], ends: [Int] = []
        clip.clipLine(v, 0..<v.count, shift: 0, into: &out, partEnds: &ends)
        #expect(ends == [3, 6])
        #expect(out.map { $0.x } == [0, 0.5, 0.5, 0.7, 0.7, 1])
        #expect(out[0].importance == .infinity && out[2].importance == .infinity && out[3].importance == .infinity)
        // A square larger than the box, with a hole crossing its edge.
        let ring = [(-1.0, -1.0), (2.0, -1.0), (2.0, 2.0), (-1.0, 2.0), (-1.0, -1.0)]
        let rv = ring.map { TileVertex(x: $0.0, y: $0.1, importance: .infinity) }
        var scratch: [ClippedVertex] = []
        out = []
        #expect(clip.clipRing(rv, 0..<rv.count, shift: 0, into: &out, scratch: &scratch))
        let area = zip(out, out.dropFirst()).reduce(0.0) { $0 + ($1.0.x * $1.1.y - $1.1.x * $1.0.y) } / 2
        #expect(abs(abs(area) - 1) < 1e-12 && out.first == out.last)
        let outside = [(3.0, 3.0), (4.0, 3.0), (4.0, 4.0), (3.0, 3.0)].map { TileVertex(x: $0.0, y: $0.1, importance: .infinity) }
        #expect(!clip.clipRing(outside, 0..<outside.count, shift: 0, into: &out, scratch: &scratch))
    }
}
