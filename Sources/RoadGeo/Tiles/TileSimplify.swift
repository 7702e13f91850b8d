/// One preprocessed vertex: unit-mercator position and its Douglas-Peucker importance.
///
/// `importance` is the squared unit-square distance tolerance below which the vertex is
/// dropped: a tile at zoom z keeps the vertex when `importance > (tolerance / (extent·2^z))²`.
/// Ends of a line (and clip intersections) have `.infinity`.
struct TileVertex: Hashable, Sendable {
    var x: Double
    var y: Double
    var importance: Double
}

/// Douglas-Peucker importance, computed once per line at preprocessing (as geojson-vt does),
/// so that simplifying for any zoom is a threshold test per vertex.
///
/// The recursion stores, at the vertex where it splits a run, the squared distance of that
/// vertex from the run's chord (segment distance, not infinite line). Each vertex's value is
/// capped by its parent split's value, so thresholding at any tolerance gives exactly the
/// classic Douglas-Peucker result at that tolerance (geojson-vt leaves the values uncapped,
/// which can keep a vertex whose parent was dropped).
///
/// - Complexity: O(n log n) expected, O(n²) worst case, for n vertices; no allocation except
///   the explicit stack.
/// - Reference: Douglas & Peucker (1973); geojson-vt `simplify.js`.
enum TileSimplify {
    /// Sets `importance` for `vertices[range]`: ends `.infinity`, others their DP value.
    /// - Parameters: vertices: The store. range: One line or ring (at least 2 vertices).
    static func assignImportance(_ vertices: inout [TileVertex], _ range: Range<Int>) {
        guard range.count >= 2 else {
            for i in range { vertices[i].importance = .infinity }
            return
        }
        let first = range.lowerBound, last = range.upperBound - 1
        vertices[first].importance = .infinity
        vertices[last].importance = .infinity
        for i in (first + 1)..<last { vertices[i].importance = 0 }
        // Stack of (first, last, cap) runs still to split.
        var stack: [(Int, Int, Double)] = [(first, last, .infinity)]
        while let (a, b, cap) = stack.popLast() {
            guard b - a > 1 else { continue }
            let ax = vertices[a].x, ay = vertices[a].y, bx = vertices[b].x, by = vertices[b].y
            var best = -1.0, index = a + 1
            for i in (a + 1)..<b {
                let d = squaredSegmentDistance(vertices[i].x, vertices[i].y, ax, ay, bx, by)
                if d > best { best = d; index = i }
            }
            let value = min(best, cap)
            vertices[index].importance = value
            stack.append((a, index, value))
            stack.append((index, b, value))
        }
    }

    /// Squared distance from point p to segment a-b.
    @inline(__always)
    static func squaredSegmentDistance(_ px: Double, _ py: Double, _ ax: Double, _ ay: Double,
                                       _ bx: Double, _ by: Double) -> Double {
        var x = ax, y = ay
        let dx = bx - ax, dy = by - ay
        if dx != 0 || dy != 0 {
            let t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)
            if t > 1 { x = bx; y = by } else if t > 0 { x += dx * t; y += dy * t }
        }
        let ex = px - x, ey = py - y
        return ex * ex + ey * ey
    }
}
