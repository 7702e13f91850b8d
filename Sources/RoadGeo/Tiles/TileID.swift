/// A web-mercator tile `z/x/y` (the XYZ / slippy-map scheme: x grows east, y grows south,
/// tile 0/0/0 is the whole world), zoom 0...24.
///
/// A `TileID` is always valid: the throwing initialisers check the zoom, column and row, so
/// the tiler, cache and pyramid never see an impossible tile.
///
/// ```swift
/// let t = try TileID(z: 14, x: 11_586, y: 6_010)
/// print(t.bounds)            // lon/lat box of the tile
/// print(t.parent, t.quadkey) // 13/5793/3005, "12101221023202"
/// let again = try TileID(quadkey: t.quadkey)
/// ```
public struct TileID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Zoom level, 0...24.
    public let z: Int
    /// Column, 0..<2^z, from the antimeridian eastwards.
    public let x: Int
    /// Row, 0..<2^z, from the north edge (85.0511°) southwards.
    public let y: Int

    /// The deepest zoom level supported.
    public static let maxZoom = 24

    /// Creates a tile after checking it exists.
    ///
    /// - Parameters:
    ///   - z: Zoom, 0...24.
    ///   - x: Column, 0..<2^z, from the west.
    ///   - y: Row, 0..<2^z, from the north (XYZ scheme, not TMS).
    /// - Throws: ``TileError`` naming the tile and the coordinate out of range.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let tile = try TileID(z: 14, x: 11_586, y: 6_010)
    /// ```
    public init(z: Int, x: Int, y: Int) throws(TileError) {
        guard z >= 0 && z <= TileID.maxZoom else {
            throw TileError(.invalidTile, "tile \(z)/\(x)/\(y): zoom must be within 0...\(TileID.maxZoom)")
        }
        let n = 1 << z
        guard x >= 0 && x < n else { throw TileError(.invalidTile, "tile \(z)/\(x)/\(y): x must be within 0...\(n - 1) at zoom \(z)") }
        guard y >= 0 && y < n else { throw TileError(.invalidTile, "tile \(z)/\(x)/\(y): y must be within 0...\(n - 1) at zoom \(z)") }
        self.z = z; self.x = x; self.y = y
    }

    /// Creates a tile the caller knows is valid.
    ///
    /// - Precondition: `0 <= z <= 24`, `0 <= x, y < 2^z` (checked; a trap otherwise).
    /// - Parameters:
    ///   - z: Zoom.
    ///   - x: Column.
    ///   - y: Row.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let child = TileID(uncheckedZ: parent.z + 1, x: parent.x * 2, y: parent.y * 2)
    /// ```
    @inlinable
    public init(uncheckedZ z: Int, x: Int, y: Int) {
        precondition(z >= 0 && z <= 24 && x >= 0 && y >= 0 && x < 1 << z && y < 1 << z, "invalid tile")
        self.z = z; self.x = x; self.y = y
    }

    /// Parses a tile path such as `"14/11586/6010"` (an optional leading `/` and a trailing
    /// extension such as `.geojson` are accepted).
    ///
    /// - Parameter path: `z/x/y`.
    /// - Throws: ``TileError`` if the path is malformed or the tile does not exist.
    /// - Complexity: O(length of path).
    ///
    /// ```swift
    /// let id = try TileID(path: "/14/11586/6010.geojson")   // 14/11586/6010
    /// ```
    public init(path: String) throws(TileError) {
        var trimmed = Substring(path)
        if trimmed.hasPrefix("/") { trimmed = trimmed.dropFirst() }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, let z = Int(parts[0]), let x = Int(parts[1]),
              let y = Int(parts[2].split(separator: ".", maxSplits: 1).first ?? "") else {
            throw TileError(.invalidTile, "tile path \"\(path)\": expected z/x/y with integers")
        }
        try self.init(z: z, x: x, y: y)
    }

    /// Decodes a Bing-maps quadkey (one digit 0-3 per zoom level; `""` is tile 0/0/0).
    ///
    /// - Parameter quadkey: Digits `0`...`3`, at most 24 of them.
    /// - Throws: ``TileError`` for another character or more than 24 digits.
    /// - Complexity: O(z).
    ///
    /// ```swift
    /// let id = try TileID(quadkey: "213")   // 3/3/5
    /// ```
    public init(quadkey: String) throws(TileError) {
        let digits = Array(quadkey.utf8)
        guard digits.count <= TileID.maxZoom else {
            throw TileError(.invalidTile, "quadkey \"\(quadkey)\": longer than \(TileID.maxZoom) digits")
        }
        var x = 0, y = 0
        for d in digits {
            guard d >= UInt8(ascii: "0") && d <= UInt8(ascii: "3") else {
                throw TileError(.invalidTile, "quadkey \"\(quadkey)\": digits must be 0-3")
            }
            let v = Int(d - UInt8(ascii: "0"))
            x = x << 1 | (v & 1)
            y = y << 1 | (v >> 1)
        }
        self.z = digits.count; self.x = x; self.y = y
    }

    /// The tile's Bing-maps quadkey: one digit per zoom level, `""` for 0/0/0.
    /// - Complexity: O(z).
    public var quadkey: String {
        var bytes = [UInt8](repeating: 0, count: z)
        for i in 0..<z {
            let bit = z - 1 - i
            bytes[i] = UInt8(ascii: "0") + UInt8((x >> bit) & 1) + 2 * UInt8((y >> bit) & 1)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `"z/x/y"`.
    public var description: String { "\(z)/\(x)/\(y)" }

    /// Orders by zoom, then row, then column (a stable, row-major order within a zoom).
    ///
    /// - Parameters:
    ///   - a: One tile.
    ///   - b: The other.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let ordered = Array(dirtyTiles).sorted()   // z0 first, then row by row
    /// ```
    public static func < (a: TileID, b: TileID) -> Bool {
        (a.z, a.y, a.x) < (b.z, b.y, b.x)
    }

    /// The tile one zoom level up that contains this one; `nil` at zoom 0.
    public var parent: TileID? {
        z == 0 ? nil : TileID(uncheckedZ: z - 1, x: x >> 1, y: y >> 1)
    }

    /// The four tiles one level down (NW, NE, SW, SE); empty at zoom 24.
    public var children: [TileID] {
        guard z < TileID.maxZoom else { return [] }
        let z1 = z + 1, x2 = x << 1, y2 = y << 1
        return [TileID(uncheckedZ: z1, x: x2, y: y2), TileID(uncheckedZ: z1, x: x2 + 1, y: y2),
                TileID(uncheckedZ: z1, x: x2, y: y2 + 1), TileID(uncheckedZ: z1, x: x2 + 1, y: y2 + 1)]
    }

    /// The tile's box in the tiler's unit mercator square (see ``WebMercator``): x east, y south.
    /// - Complexity: O(1).
    public var unitBounds: BoundingBox {
        let s = 1 / Double(1 << z)
        return BoundingBox(minX: Double(x) * s, minY: Double(y) * s, maxX: Double(x + 1) * s, maxY: Double(y + 1) * s)
    }

    /// The tile's box in longitude/latitude degrees (`minY` is the south edge).
    /// - Complexity: O(1).
    public var bounds: BoundingBox {
        let u = unitBounds
        return BoundingBox(minX: WebMercator.unprojectX(u.minX), minY: WebMercator.unprojectY(u.maxY),
                           maxX: WebMercator.unprojectX(u.maxX), maxY: WebMercator.unprojectY(u.minY))
    }

    /// The tile's box in EPSG:3857 metres (`minY` is the south edge).
    /// - Complexity: O(1).
    public var mercatorBounds: BoundingBox {
        let u = unitBounds, h = WebMercator.halfWorldMeters
        return BoundingBox(minX: (u.minX * 2 - 1) * h, minY: (1 - u.maxY * 2) * h,
                           maxX: (u.maxX * 2 - 1) * h, maxY: (1 - u.minY * 2) * h)
    }

    /// The tile containing a coordinate at a zoom (latitude clamped to ±85.0511°, longitude
    /// +180 falls in the last column).
    ///
    /// - Parameters:
    ///   - coordinate: Longitude/latitude degrees.
    ///   - zoom: 0...24.
    /// - Throws: ``TileError`` for a zoom out of range or a non-finite coordinate.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let t = try TileID.containing(Coordinate(74.6, 42.87), zoom: 14)   // 14/11587/6028
    /// ```
    public static func containing(_ coordinate: Coordinate, zoom: Int) throws(TileError) -> TileID {
        guard zoom >= 0 && zoom <= maxZoom else { throw TileError(.invalidTile, "zoom \(zoom): must be within 0...\(maxZoom)") }
        guard coordinate.longitude.isFinite && coordinate.latitude.isFinite else {
            throw TileError(.invalidGeometry, "coordinate \(coordinate): not finite")
        }
        let p = WebMercator.project(coordinate)
        let r = TileRange(unitBox: BoundingBox(minX: p.x, minY: p.y, maxX: p.x, maxY: p.y), zoom: zoom)
        return TileID(uncheckedZ: zoom, x: r.minX, y: r.minY)
    }

    /// The tiles at `zoom` that cover a longitude/latitude box.
    /// - Parameters:
    ///   - box: Degrees (x = longitude, must not be empty).
    ///   - zoom: 0...24.
    /// - Throws: ``TileError`` for a zoom out of range or an empty/non-finite box.
    /// - Complexity: O(1); the range can then be iterated.
    ///
    /// ```swift
    /// let r = try TileID.covering(BoundingBox(minX: 74.5, minY: 42.8, maxX: 74.7, maxY: 42.9), zoom: 12)
    /// print(r.count, Array(r))
    /// ```
    public static func covering(_ box: BoundingBox, zoom: Int) throws(TileError) -> TileRange {
        guard zoom >= 0 && zoom <= maxZoom else { throw TileError(.invalidTile, "zoom \(zoom): must be within 0...\(maxZoom)") }
        guard !box.isEmpty, box.minX.isFinite, box.maxX.isFinite, box.minY.isFinite, box.maxY.isFinite else {
            throw TileError(.invalidGeometry, "box \(box): empty or not finite")
        }
        return TileRange(unitBox: WebMercator.project(box), zoom: zoom)
    }
}

/// A rectangle of tiles at one zoom (inclusive column and row bounds), iterated row by row.
///
/// ```swift
/// let r = try TileID.covering(BoundingBox(minX: -1, minY: -1, maxX: 1, maxY: 1), zoom: 2)
/// for t in r { print(t) }    // 2/1/1, 2/2/1, 2/1/2, 2/2/2
/// ```
public struct TileRange: Hashable, Sendable, Sequence {
    /// Zoom of every tile.
    public let zoom: Int
    /// First and last column (inclusive).
    public let minX: Int, maxX: Int
    /// First and last row (inclusive).
    public let minY: Int, maxY: Int

    /// The tiles at `zoom` that a unit-square box touches (clamped to the world).
    ///
    /// - Precondition: `zoom` in 0...24, box not empty and finite.
    /// - Parameters:
    ///   - unitBox: Box in unit mercator coordinates (``WebMercator`` projects a longitude/latitude box to one).
    ///   - zoom: The zoom.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let r = TileRange(unitBox: WebMercator.project(box), zoom: 10)
    /// ```
    public init(unitBox: BoundingBox, zoom: Int) {
        let n = Double(1 << zoom), last = (1 << zoom) - 1
        func cell(_ v: Double) -> Int { v <= 0 ? 0 : (v * n >= Double(last) ? last : Int(v * n)) }
        self.zoom = zoom
        minX = cell(unitBox.minX); maxX = cell(unitBox.maxX)
        minY = cell(unitBox.minY); maxY = cell(unitBox.maxY)
    }

    /// Number of tiles.
    public var count: Int { (maxX - minX + 1) * (maxY - minY + 1) }

    /// Iterates the tiles row by row (north to south, west to east within a row).
    ///
    /// - Complexity: O(1) to create; O(1) per tile.
    ///
    /// ```swift
    /// for tile in try TileID.covering(cityBox, zoom: 12) { cache.insert(tiler.tile(tile)) }
    /// ```
    public func makeIterator() -> Iterator { Iterator(range: self) }

    /// The iterator of a ``TileRange``: a plain struct (no allocation), row by row.
    ///
    /// - Complexity: O(1) per tile.
    ///
    /// ```swift
    /// var it = TileRange(unitBox: box, zoom: 14).makeIterator()
    /// while let tile = it.next() { print(tile) }
    /// ```
    public struct Iterator: IteratorProtocol, Sendable {
        private let x0: Int, x1: Int, y1: Int, z: Int
        private var x: Int, y: Int

        init(range r: TileRange) {
            x0 = r.minX; x1 = r.maxX; y1 = r.maxY; z = r.zoom
            x = r.minX; y = r.minY
        }

        /// The next tile, or `nil` after the last row.
        ///
        /// - Complexity: O(1).
        ///
        /// ```swift
        /// var it = range.makeIterator()
        /// let first = it.next()
        /// ```
        public mutating func next() -> TileID? {
            guard y <= y1 else { return nil }
            let t = TileID(uncheckedZ: z, x: x, y: y)
            x += 1
            if x > x1 { x = x0; y += 1 }
            return t
        }
    }
}
