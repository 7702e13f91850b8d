import Foundation
import Testing
@testable import RoadGeo

@Suite("Reprojector (PROJ)")
struct ReprojectorTests {
    @Test("UTM 43N to EPSG:4326 and back within 1 mm")
    func utmRoundTrip() throws {
        let r = try Reprojector(source: "EPSG:32643")
        var rng = SplitMix64(seed: 3)
        let x0 = (0..<10_000).map { _ in Double.random(in: 300_000...700_000, using: &rng) }
        let y0 = (0..<10_000).map { _ in Double.random(in: 4_500_000...4_850_000, using: &rng) }
        var x = x0, y = y0
        #expect(try r.transform(x: &x, y: &y).isEmpty)
        #expect(x.allSatisfy { (70...80).contains($0) } && y.allSatisfy { (40...44).contains($0) })
        try r.transform(x: &x, y: &y, inverse: true)
        for i in 0..<x0.count {
            #expect(abs(x[i] - x0[i]) < 0.001 && abs(y[i] - y0[i]) < 0.001)
        }
    }

    @Test("the central meridian's false easting lands on 75 E")
    func centralMeridian() throws {
        let r = try Reprojector(source: "EPSG:32643")
        let p = try #require(r.transform(x: 500_000, y: 0))
        #expect(abs(p.x - 75) < 1e-9 && abs(p.y) < 1e-9)
    }

    @Test("parallel batches equal a single batch")
    func parallel() throws {
        var rng = SplitMix64(seed: 4)
        let x0 = (0..<200_000).map { _ in Double.random(in: 300_000...700_000, using: &rng) }
        let y0 = (0..<200_000).map { _ in Double.random(in: 4_500_000...4_850_000, using: &rng) }
        var xa = x0, ya = y0, xb = x0, yb = y0
        try Reprojector(source: "EPSG:32643").transform(x: &xa, y: &ya)
        try Reprojector.transform(source: "EPSG:32643", x: &xb, y: &yb, threads: 4)
        #expect(xa == xb && ya == yb)
    }

    @Test("an ESRI .prj from the bundled Moscow shapefile is understood")
    func esriPrj() throws {
        let wkt = try String(contentsOfFile: Fixtures.data("moscow_roads_utm37n_cp1251.prj"), encoding: .utf8)
        let r = try Reprojector(source: wkt)
        let epsg = try Reprojector(source: "EPSG:32637")
        for (x, y) in [(500_000.0, 6_000_000.0), (412_345.6, 6_190_000.0), (630_000.0, 6_250_000.0)] {
            let p = try #require(r.transform(x: x, y: y)), q = try #require(epsg.transform(x: x, y: y))
            #expect(abs(p.x - q.x) < 1e-9 && abs(p.y - q.y) < 1e-9)
        }
        #expect(abs(try #require(r.transform(x: 500_000, y: 6_000_000)).x - 39) < 1e-9)
    }

    @Test("unknown CRS and mismatched arrays throw ProjectionError with a message")
    func errors() throws {
        #expect { try Reprojector(source: "EPSG:999999") } throws: { error in
            (error as? ProjectionError)?.kind == .unusableCRS && (error as? ProjectionError)?.message.contains("EPSG:999999") == true
        }
        #expect(throws: ProjectionError.self) { try Reprojector(source: "not a crs at all") }
        let r = try Reprojector(source: "EPSG:32643")
        var x = [1.0, 2.0], y = [1.0]
        #expect(throws: ProjectionError(.invalidArgument, "x has 2 values but y has 1")) { try r.transform(x: &x, y: &y) }
    }

    /// Regression: a failed `init` destroyed the PROJ context before the `defer`s destroyed the
    /// CRS objects made with it; `proj_destroy` then read and wrote the freed context (valgrind:
    /// "Invalid read/write ... inside a block free'd by proj_context_destroy"). Each case below
    /// fails after at least one PROJ object exists; repeated so heap corruption shows up.
    @Test("a failed construction frees its PROJ objects before their context")
    func failedConstructionCleansUpInOrder() throws {
        for _ in 0..<50 {
            #expect { try Reprojector(source: "EPSG:32643", target: "EPSG:999999") } throws: { error in
                (error as? ProjectionError)?.message.contains("EPSG:999999") == true
            }
            #expect { try Reprojector(source: "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad") } throws: { error in
                (error as? ProjectionError)?.kind == .unusableCRS
                    && (error as? ProjectionError)?.message.contains("is not a coordinate reference system") == true
            }
        }
        // The failures leave nothing behind that breaks the next reprojector.
        let p = try #require(try Reprojector(source: "EPSG:32643").transform(x: 500_000, y: 4_747_000))
        #expect(abs(p.x - 75) < 1e-9)
    }
}
