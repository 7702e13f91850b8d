import Foundation
import Testing
@testable import RoadGeo

@Suite("Report point clusters")
struct PointClustersTests {
    /// Seeded reports: spots along a few streets of Bishkek, some repeated, with votes and status.
    static func reports(_ n: Int, seed: UInt64) -> [ClusterPoint] {
        var rng = SplitMix64(seed: seed)
        var out: [ClusterPoint] = []
        while out.count < n {
            let spot = Coordinate(Double.random(in: 74.50...74.70, using: &rng), Double.random(in: 42.82...42.92, using: &rng))
            for _ in 0..<Int.random(in: 1...4, using: &rng) where out.count < n {
                let c = Coordinate(spot.longitude + Double.random(in: -0.0001...0.0001, using: &rng),
                                   spot.latitude + Double.random(in: -0.0001...0.0001, using: &rng))
                out.append(ClusterPoint(c, votes: Int.random(in: 1...9, using: &rng), status: Int.random(in: 0...3, using: &rng),
                                        id: .integer(Int64(out.count)), properties: ["kind": "pothole"]))
            }
        }
        return out
    }

    @Test("every zoom accounts for every point, vote and the worst status; leaves and children agree")
    func conservation() throws {
        let points = Self.reports(3_000, seed: 3)
        let clusters = try PointClusters(points: points)
        let world = BoundingBox(minX: -180, minY: -85, maxX: 180, maxY: 85)
        let totalVotes = points.reduce(0) { $0 + $1.votes }
        var previous = 1
        for z in 0...17 {
            let items = clusters.clusters(in: world, zoom: z)
            #expect(items.reduce(0) { $0 + $1.pointCount } == points.count)
            #expect(items.reduce(0) { $0 + $1.votes } == totalVotes)
            #expect(items.count >= previous)   // each coarser item holds at least one finer item
            previous = items.count
            for c in items.prefix(60) where c.pointCount > 1 {
                let leaves = clusters.leaves(of: c.cluster)
                #expect(leaves.count == c.pointCount)
                #expect(leaves.reduce(0) { $0 + points[$1].votes } == c.votes)
                #expect(leaves.map { points[$0].status }.max() == c.worstStatus)
                #expect(leaves.first == c.cluster.firstPoint)
                let kids = clusters.children(of: c.cluster)
                #expect(kids.reduce(0) { $0 + $1.pointCount } == c.pointCount)
                // Members lie within the radius summed over the finer zooms (< 2 radii) of the centre.
                let r = 40.0 / 512 / Double(1 << z)
                let centre = WebMercator.project(c.coordinate)
                for l in leaves {
                    let p = WebMercator.project(points[l].coordinate)
                    #expect(hypot(p.x - centre.x, p.y - centre.y) <= 4 * r)
                }
                let e = clusters.expansionZoom(of: c.cluster)
                #expect(e > z && e <= 17)
            }
        }
        #expect(clusters.clusters(in: world, zoom: 17).count == points.count)
        #expect(clusters.clusters(in: world, zoom: 8).count < 40)
    }

    @Test("50k reports: a zoom-8 tile holds a few dozen clusters, zooming in splits them")
    func lowZoomTile() throws {
        let points = Self.reports(50_000, seed: 9)
        var options = PointClusterOptions()
        options.statusNames = ["new", "confirmed", "in_progress", "dangerous"]
        let clusters = try PointClusters(points: points, options: options)
        let tiler = try Tiler(features: [], reports: clusters)
        let t8 = try TileID.containing(Coordinate(74.6, 42.87), zoom: 8)
        let f8 = try TileTestSupport.parse(tiler.tile(t8))
        #expect(f8.count >= 1 && f8.count <= 60)
        #expect(f8.reduce(0) { $0 + (($1.properties["point_count"] as? Int) ?? 1) } == points.count)
        #expect(f8.allSatisfy { ["new", "confirmed", "in_progress", "dangerous"].contains($0.properties["worst_status"] as? String ?? "") })
        let counts = try (8...14).map { z in
            try TileTestSupport.parse(tiler.tile(TileID.containing(Coordinate(74.6, 42.87), zoom: z))).count
        }
        #expect(counts.last! > counts.first!)
        let t18 = try TileID.containing(points[0].coordinate, zoom: 18)
        let singles = try TileTestSupport.parse(tiler.tile(t18))
        #expect(singles.contains { $0.id == 0 && $0.properties["kind"] as? String == "pothole" && $0.properties["votes"] as? Int == points[0].votes })
    }

    @Test("a report with an impossible coordinate is a TileError naming it, not a crash")
    func badPoint() {
        do {
            _ = try PointClusters(points: [ClusterPoint(Coordinate(74.6, 42.9)), ClusterPoint(Coordinate(.nan, 42.9))])
            Issue.record("accepted NaN")
        } catch {
            #expect(error.message.contains("report point 1"))
        }
        // Absurd vote counts are clamped instead of overflowing the sums.
        let huge = try? PointClusters(points: [ClusterPoint(Coordinate(74.6, 42.9), votes: .max), ClusterPoint(Coordinate(74.6, 42.9), votes: .max)])
        #expect(huge?.clusters(in: BoundingBox(minX: 74, minY: 42, maxX: 75, maxY: 43), zoom: 5).first?.votes == 2 << 31)
    }
}
