import CGEOS
import Foundation
import RoadGeo

/// GEOS's STRtree (node capacity 10, like the peers' GEOS run) over road segments, through the
/// reentrant C API: the baseline of the index workloads.
///
/// Two trees: `degrees` holds each segment's LineString in lon/lat (W1 build, W2 windows); `scaled`
/// holds them with x = lon * kxMin and y = lat * kyMin, the smallest metres per degree over the
/// network's latitude range, so GEOS's planar envelope distance is a true lower bound of the exact
/// metres the W3 callback returns and its branch-and-bound prunes almost as well as in UTM.
final class GEOSSTRtreeBaseline {
    let handle: GEOSContextHandle_t
    private(set) var lineStrings: [OpaquePointer] = []
    private(set) var scaledLineStrings: [OpaquePointer] = []
    private var tree: OpaquePointer?
    private var scaledTree: OpaquePointer?
    let kxMin: Double, kyMin: Double

    init(_ s: SegmentSet) {
        handle = GEOS_init_r()
        let bounds = s.bounds
        kxMin = LocalRuler(latitude: max(abs(bounds.minY), abs(bounds.maxY)) + 0.05).metersPerDegreeLongitude * (1 - 1e-9)
        kyMin = LocalRuler(latitude: max(0, min(abs(bounds.minY), abs(bounds.maxY)) - 0.05)).metersPerDegreeLatitude * (1 - 1e-9)
        for i in 0..<s.count {
            lineStrings.append(makeLine(s.a[i], s.b[i], 1, 1))
            scaledLineStrings.append(makeLine(s.a[i], s.b[i], kxMin, kyMin))
        }
    }

    deinit {
        if let tree { GEOSSTRtree_destroy_r(handle, tree) }
        if let scaledTree { GEOSSTRtree_destroy_r(handle, scaledTree) }
        for g in lineStrings { GEOSGeom_destroy_r(handle, g) }
        for g in scaledLineStrings { GEOSGeom_destroy_r(handle, g) }
        GEOS_finish_r(handle)
    }

    /// W1: creates the degree tree, inserts every segment and forces the (lazy) STR packing
    /// with one query. Destroys the previous tree first.
    func build() {
        if let tree { GEOSSTRtree_destroy_r(handle, tree) }
        tree = buildTree(lineStrings)
    }

    /// Builds the metre-scaled tree used by ``nearest(_:_:)``.
    func buildScaled() {
        if let scaledTree { GEOSSTRtree_destroy_r(handle, scaledTree) }
        scaledTree = buildTree(scaledLineStrings)
    }

    /// W2: number of segment boxes intersecting the window (degrees).
    /// Hits summed over all `windows` (the window workloads' timed loop).
    func totalCount(in windows: [BoundingBox]) -> Int {
        var hits = 0
        for w in windows { hits += count(in: w) }
        return hits
    }

    func count(in window: BoundingBox) -> Int {
        guard let tree, let rect = GEOSGeom_createRectangle_r(handle, window.minX, window.minY, window.maxX, window.maxY) else { return 0 }
        var hits = 0
        GEOSSTRtree_query_r(handle, tree, rect, { _, userdata in
            userdata!.assumingMemoryBound(to: Int.self).pointee += 1
        }, &hits)
        GEOSGeom_destroy_r(handle, rect)
        return hits
    }

    /// W3: the nearest segment to `q` by exact metres (same function as RoadGeo's), via
    /// `GEOSSTRtree_nearest_generic_r`; returns (segment index, metres).
    func nearest(_ q: Coordinate, _ s: UnsafePointer<NearestState>) -> (Int, Double) {
        guard let scaledTree,
              let point = GEOSGeom_createPointFromXY_r(handle, q.longitude * kxMin, q.latitude * kyMin) else { return (-1, 0) }
        let state = UnsafeMutablePointer(mutating: s)
        let ruler = LocalRuler(latitude: q.latitude)
        state.pointee.qx = q.longitude; state.pointee.qy = q.latitude
        state.pointee.kx = ruler.metersPerDegreeLongitude; state.pointee.ky = ruler.metersPerDegreeLatitude
        let queryItem = UnsafeRawPointer(bitPattern: UInt.max)
        let found = GEOSSTRtree_nearest_generic_r(handle, scaledTree, queryItem, point, { item1, item2, distance, userdata in
            let st = userdata!.assumingMemoryBound(to: NearestState.self)
            let raw = UInt(bitPattern: item1) == UInt.max ? item2 : item1
            let i = Int(bitPattern: UInt(bitPattern: raw)) - 1
            let p = st.pointee
            distance!.pointee = pointSegmentMeters(p.qx, p.qy, kx: p.kx, ky: p.ky, p.a[i], p.b[i])
            return 1  // GEOS 3.11's C API treats 0 as failure, despite its header comment
        }, state)
        GEOSGeom_destroy_r(handle, point)
        let i = Int(bitPattern: UInt(bitPattern: found)) - 1
        guard i >= 0 else { return (-1, 0) }
        let p = state.pointee
        return (i, pointSegmentMeters(p.qx, p.qy, kx: p.kx, ky: p.ky, p.a[i], p.b[i]))
    }

    /// What the distance callback reads: the segments and the current query.
    struct NearestState {
        var a: UnsafePointer<Coordinate>
        var b: UnsafePointer<Coordinate>
        var qx = 0.0, qy = 0.0, kx = 0.0, ky = 0.0
    }

    private func buildTree(_ geometries: [OpaquePointer]) -> OpaquePointer? {
        guard let t = GEOSSTRtree_create_r(handle, 10) else { return nil }
        for (i, g) in geometries.enumerated() {
            GEOSSTRtree_insert_r(handle, t, g, UnsafeMutableRawPointer(bitPattern: i + 1))
        }
        if let probe = GEOSGeom_createPointFromXY_r(handle, 0, 0) {
            GEOSSTRtree_query_r(handle, t, probe, { _, _ in }, nil)
            GEOSGeom_destroy_r(handle, probe)
        }
        return t
    }

    private func makeLine(_ a: Coordinate, _ b: Coordinate, _ kx: Double, _ ky: Double) -> OpaquePointer {
        let seq = GEOSCoordSeq_create_r(handle, 2, 2)!
        GEOSCoordSeq_setXY_r(handle, seq, 0, a.longitude * kx, a.latitude * ky)
        GEOSCoordSeq_setXY_r(handle, seq, 1, b.longitude * kx, b.latitude * ky)
        return GEOSGeom_createLineString_r(handle, seq)!
    }
}
