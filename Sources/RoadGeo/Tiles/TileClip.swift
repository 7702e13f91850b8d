/// A vertex of clipped geometry: unit-mercator position (shifted by whole worlds for
/// antimeridian wrapping), its importance, and the store index of the original vertex
/// (`-1` for a point created by the clip, whose longitude/latitude is unprojected).
struct ClippedVertex: Hashable, Sendable {
    var x: Double
    var y: Double
    var importance: Double
    var source: Int32
}

/// The clip stage: cuts lines, rings and points to an axis-aligned box (a tile plus its
/// buffer) in unit-mercator coordinates.
///
/// Lines use Cohen-Sutherland outcodes to pass whole segments that are inside or on one side,
/// and Liang-Barsky for the rest; a line that leaves and re-enters the box becomes several
/// parts. Points created on the box edge get importance `.infinity` so simplification keeps
/// them, and so does the first and last vertex of every part: neighbouring tiles then agree
/// on where a road crosses their common buffer, leaving no gaps. Rings use Sutherland-Hodgman
/// against the four edges, which keeps each ring closed (possibly with edges along the box).
///
/// - Complexity: O(n) per line or ring of n vertices.
/// - Reference: Liang & Barsky (1984); Sutherland & Hodgman (1974); geojson-vt `clip.js`.
struct TileClipBox: Hashable, Sendable {
    var minX: Double, minY: Double, maxX: Double, maxY: Double

    /// Tile `id` grown by the options' buffer, in the unit square: everything the tile shows.
    init(id: TileID, options: TilerOptions) {
        let b = id.unitBounds, pad = options.bufferReach(atZoom: id.z)
        self.init(minX: b.minX - pad, minY: b.minY - pad, maxX: b.maxX + pad, maxY: b.maxY + pad)
    }

    init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX; self.minY = minY; self.maxX = maxX; self.maxY = maxY
    }

    /// The same box as a ``BoundingBox``.
    var box: BoundingBox { BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY) }

    @inline(__always)
    func outcode(_ x: Double, _ y: Double) -> UInt8 {
        var c: UInt8 = 0
        if x < minX { c |= 1 } else if x > maxX { c |= 2 }
        if y < minY { c |= 4 } else if y > maxY { c |= 8 }
        return c
    }

    /// Whether the point lies inside or on the edge.
    @inline(__always)
    func contains(_ x: Double, _ y: Double) -> Bool { x >= minX && x <= maxX && y >= minY && y <= maxY }

    /// Clips one line (`vertices[range]`, x shifted by `shift`) and appends its parts to `out`,
    /// recording each part's end offset in `partEnds`.
    func clipLine(_ vertices: [TileVertex], _ range: Range<Int>, shift: Double,
                  into out: inout [ClippedVertex], partEnds: inout [Int]) {
        var partStart = out.count
        var open = false
        var a = vertices[range.lowerBound]
        var ax = a.x + shift
        var ca = outcode(ax, a.y)
        if ca == 0 {
            out.append(ClippedVertex(x: ax, y: a.y, importance: .infinity, source: Int32(range.lowerBound)))
            open = true
        }
        for i in (range.lowerBound + 1)..<range.upperBound {
            let b = vertices[i]
            let bx = b.x + shift
            let cb = outcode(bx, b.y)
            if ca | cb == 0 {
                out.append(ClippedVertex(x: bx, y: b.y, importance: b.importance, source: Int32(i)))
            } else if ca & cb != 0 {
                if open { closePart(&out, &partEnds, &partStart); open = false }
            } else if let (t0, t1) = liangBarsky(ax, a.y, bx, b.y) {
                let dx = bx - ax, dy = b.y - a.y
                if ca != 0 {
                    if open { closePart(&out, &partEnds, &partStart) }
                    out.append(ClippedVertex(x: ax + dx * t0, y: a.y + dy * t0, importance: .infinity, source: -1))
                    open = true
                }
                if cb != 0 {
                    out.append(ClippedVertex(x: ax + dx * t1, y: a.y + dy * t1, importance: .infinity, source: -1))
                    closePart(&out, &partEnds, &partStart)
                    open = false
                } else {
                    out.append(ClippedVertex(x: bx, y: b.y, importance: b.importance, source: Int32(i)))
                }
            } else if open {
                closePart(&out, &partEnds, &partStart); open = false
            }
            a = b; ax = bx; ca = cb
        }
        if open { closePart(&out, &partEnds, &partStart) }
    }

    /// Clips one closed ring (`vertices[range]`, first == last) and appends the clipped ring,
    /// closed, to `out`; returns false (appending nothing) when fewer than 3 corners remain.
    func clipRing(_ vertices: [TileVertex], _ range: Range<Int>, shift: Double,
                  into out: inout [ClippedVertex], scratch: inout [ClippedVertex]) -> Bool {
        scratch.removeAll(keepingCapacity: true)
        var ring: [ClippedVertex] = []
        ring.reserveCapacity(range.count)
        for i in range.dropLast() {
            let v = vertices[i]
            ring.append(ClippedVertex(x: v.x + shift, y: v.y, importance: v.importance, source: Int32(i)))
        }
        for edge in 0..<4 {
            guard !ring.isEmpty else { break }
            scratch.removeAll(keepingCapacity: true)
            var prev = ring[ring.count - 1]
            var prevIn = inside(prev, edge)
            for cur in ring {
                let curIn = inside(cur, edge)
                if curIn != prevIn { scratch.append(intersect(prev, cur, edge)) }
                if curIn { scratch.append(cur) }
                prev = cur; prevIn = curIn
            }
            swap(&ring, &scratch)
        }
        guard ring.count >= 3 else { return false }
        out.append(contentsOf: ring)
        var closing = ring[0]
        closing.importance = .infinity
        out.append(closing)
        return true
    }

    // MARK: - Private helpers

    /// Ends the open part: it needs two distinct points; its last point is always kept.
    @inline(__always)
    private func closePart(_ out: inout [ClippedVertex], _ partEnds: inout [Int], _ partStart: inout Int) {
        let n = out.count - partStart
        if n >= 2 && (n > 2 || out[partStart].x != out[partStart + 1].x || out[partStart].y != out[partStart + 1].y) {
            out[out.count - 1].importance = .infinity
            partEnds.append(out.count)
            partStart = out.count
        } else {
            out.removeLast(n)
        }
    }

    /// The parameter interval of segment a-b inside the box, or nil.
    @inline(__always)
    private func liangBarsky(_ ax: Double, _ ay: Double, _ bx: Double, _ by: Double) -> (Double, Double)? {
        var t0 = 0.0, t1 = 1.0
        let dx = bx - ax, dy = by - ay
        func edge(_ p: Double, _ q: Double) -> Bool {
            if p == 0 { return q >= 0 }
            let r = q / p
            if p < 0 { if r > t1 { return false }; if r > t0 { t0 = r } } else { if r < t0 { return false }; if r < t1 { t1 = r } }
            return true
        }
        guard edge(-dx, ax - minX), edge(dx, maxX - ax), edge(-dy, ay - minY), edge(dy, maxY - ay) else { return nil }
        return (t0, t1)
    }

    @inline(__always)
    private func inside(_ v: ClippedVertex, _ edge: Int) -> Bool {
        switch edge {
        case 0: return v.x >= minX
        case 1: return v.x <= maxX
        case 2: return v.y >= minY
        default: return v.y <= maxY
        }
    }

    @inline(__always)
    private func intersect(_ a: ClippedVertex, _ b: ClippedVertex, _ edge: Int) -> ClippedVertex {
        let t: Double
        switch edge {
        case 0: t = (minX - a.x) / (b.x - a.x)
        case 1: t = (maxX - a.x) / (b.x - a.x)
        case 2: t = (minY - a.y) / (b.y - a.y)
        default: t = (maxY - a.y) / (b.y - a.y)
        }
        var x = a.x + (b.x - a.x) * t, y = a.y + (b.y - a.y) * t
        switch edge {
        case 0: x = minX
        case 1: x = maxX
        case 2: y = minY
        default: y = maxY
        }
        return ClippedVertex(x: x, y: y, importance: .infinity, source: -1)
    }
}

extension TilerOptions {
    /// How far a tile at `zoom` reaches beyond its edges (its buffer), in the unit square: a
    /// feature reaches tile T exactly when its box meets T grown by this much on every side.
    func bufferReach(atZoom zoom: Int) -> Double { Double(buffer) / Double(extent) / Double(1 << zoom) }
}
