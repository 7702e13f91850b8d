import CGEOS
import Foundation
import Testing
@testable import RoadGeo

@Suite("Tile goldens and polygon clipping")
struct TileGoldenTests {
    static let goldenTiles = ["12/2475/1279", "14/9903/5116", "15/19807/10233"]

    /// Byte-for-byte goldens of Moscow tiles (lon/lat, default options). Set
    /// ROADGEO_RECORD_GOLDENS=1 to rewrite them; the test then fails so a recording never passes.
    @Test("Moscow tiles render byte for byte as recorded")
    func goldens() throws {
        let tiler = try Tiler(features: TileTestSupport.moscow())
        let record = ProcessInfo.processInfo.environment["ROADGEO_RECORD_GOLDENS"] == "1"
        for path in Self.goldenTiles {
            let tile = tiler.tile(try TileID(path: path))
            let file = Fixtures.path("tiles/golden/" + path.replacingOccurrences(of: "/", with: "-") + ".geojson")
            if record {
                try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(tile.bytes).write(to: URL(fileURLWithPath: file))
                Issue.record("recorded \(file); run again without ROADGEO_RECORD_GOLDENS")
            } else {
                let expected = try Data(contentsOf: URL(fileURLWithPath: file))
                #expect(Data(tile.bytes) == expected, "tile \(path) differs from \(file)")
                #expect(tile.featureCount > 10)
            }
        }
    }

    @Test("polygon clip stage: same area as GEOSClipByRect_r on the Kyrgyzstan extent, z5-z8 tiles")
    func polygonAreasMatchGEOS() throws {
        let document = try GeoJSONReader().read(contentsOf: Fixtures.path("tiles/kyrgyzstan_extent.geojson"))
        let features = try TileFeature.features(from: document)
        let tiler = try Tiler(features: features)
        var compared = 0, partial = 0
        for z in 5...8 {
            var box = BoundingBox.empty
            for f in features { if case .multiPolygon(let p) = f.geometry { for c in p.joined().joined() { box.extend(c) } } }
            for t in try TileID.covering(box, zoom: z) {
                let pad = 64.0 / 4096 / Double(1 << z)
                let b = t.unitBounds.expanded(by: pad, pad)
                let clip = TileClipBox(minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY)
                let record = tiler.records[0]
                for p in Int(record.partStart)..<Int(record.partEnd) {
                    let part = tiler.parts[p]
                    let range = Int(part.start)..<Int(part.end)
                    var out: [ClippedVertex] = [], scratch: [ClippedVertex] = []
                    let ours = clip.clipRing(tiler.vertices, range, shift: 0, into: &out, scratch: &scratch)
                        ? abs(zip(out, out.dropFirst()).reduce(0.0) { $0 + ($1.0.x * $1.1.y - $1.1.x * $1.0.y) } / 2) : 0
                    let theirs = Self.geosClippedArea(tiler.vertices[range].map { ($0.x, $0.y) }, b)
                    #expect(abs(ours - theirs) <= 1e-9 * max(theirs, 1e-12), "tile \(t) ring \(p): \(ours) vs GEOS \(theirs)")
                    if theirs > 0 && theirs < b.width * b.height * 0.999 { partial += 1 }
                    compared += 1
                }
            }
        }
        #expect(compared > 50 && partial > 20)
    }

    static func geosClippedArea(_ ring: [(Double, Double)], _ box: BoundingBox) -> Double {
        let ctx = GEOS_init_r()
        defer { GEOS_finish_r(ctx) }
        guard let seq = GEOSCoordSeq_create_r(ctx, UInt32(ring.count), 2) else { return -1 }
        for (i, p) in ring.enumerated() { GEOSCoordSeq_setXY_r(ctx, seq, UInt32(i), p.0, p.1) }
        guard let shell = GEOSGeom_createLinearRing_r(ctx, seq),
              let polygon = GEOSGeom_createPolygon_r(ctx, shell, nil, 0) else { return -1 }
        defer { GEOSGeom_destroy_r(ctx, polygon) }
        guard let clipped = GEOSClipByRect_r(ctx, polygon, box.minX, box.minY, box.maxX, box.maxY) else { return -1 }
        defer { GEOSGeom_destroy_r(ctx, clipped) }
        var area = 0.0
        return GEOSArea_r(ctx, clipped, &area) == 1 ? area : -1
    }
}
