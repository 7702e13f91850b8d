extension PackedRTree {
    /// Format version written by ``serialized()``; a reader rejects other versions with ``RTreeError``.
    ///
    /// ```swift
    /// PackedRTree.serializationVersion   // 1
    /// ```
    public static let serializationVersion: UInt32 = 1

    /// The tree as one contiguous little-endian byte buffer, to store and load later without rebuilding.
    ///
    /// Layout (all little-endian):
    /// - header, 48 bytes: magic `RGPKRTRE` (8), version `UInt32`, node size `UInt32`, item count
    ///   `UInt64`, node count `UInt64` (items + upper nodes), level count `UInt32`, reserved `UInt32`
    ///   (0), checksum `UInt64` of everything after the header;
    /// - level bounds: level count × `UInt64`;
    /// - boxes: node count × 4 `Float64` (minX, minY, maxX, maxY);
    /// - indices: node count × `UInt32`.
    ///
    /// - Returns: The bytes; ``init(serialized:)-(UnsafeRawBufferPointer)`` reads them back.
    /// - Complexity: O(n); 36 bytes per node.
    ///
    /// ```swift
    /// let bytes = tree.serialized()
    /// let again = try PackedRTree(serialized: bytes)
    /// ```
    public func serialized() -> [UInt8] {
        let nodes = boxes.count
        let payload = levelBounds.count * 8 + nodes * 36
        var out = [UInt8](repeating: 0, count: serializedHeaderSize + payload)
        out.withUnsafeMutableBytes { raw in
            var w = ByteWriter(raw)
            for byte in serializedMagic { w.put(UInt8(byte)) }
            w.put(PackedRTree.serializationVersion)
            w.put(UInt32(nodeSize))
            w.put(UInt64(count))
            w.put(UInt64(nodes))
            w.put(UInt32(levelBounds.count))
            w.put(UInt32(0))
            w.put(UInt64(0))  // checksum, filled in below
            for bound in levelBounds { w.put(UInt64(bound)) }
            for b in boxes {
                w.put(b.minX.bitPattern); w.put(b.minY.bitPattern); w.put(b.maxX.bitPattern); w.put(b.maxY.bitPattern)
            }
            for i in indices { w.put(i) }
            let sum = payloadChecksum(UnsafeRawBufferPointer(rebasing: raw[serializedHeaderSize...]))
            var c = ByteWriter(raw, at: 40)
            c.put(sum)
        }
        return out
    }

    /// Reads a tree written by ``serialized()``.
    ///
    /// Every count and length is checked against the buffer's real size before anything is
    /// allocated; the layout is checked against the one the item count and node size imply, the
    /// checksum against the payload, and every upper node's box against its children.
    /// - Parameter bytes: The serialized tree.
    /// - Throws: ``RTreeError`` naming the section that is truncated, inconsistent or corrupt.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// let tree = try PackedRTree(serialized: try Array(Data(contentsOf: url)))
    /// ```
    public init(serialized bytes: [UInt8]) throws(RTreeError) {
        let result = bytes.withUnsafeBytes { raw in Result { () throws(RTreeError) in try PackedRTree(serialized: raw) } }
        self = try result.get()
    }

    /// Reads a tree written by ``serialized()`` from raw memory (a memory-mapped file, `Data`).
    /// - Parameter bytes: The serialized tree.
    /// - Throws: ``RTreeError`` naming what is truncated, inconsistent or corrupt.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// let tree = try data.withUnsafeBytes { try PackedRTree(serialized: $0) }
    /// ```
    public init(serialized bytes: UnsafeRawBufferPointer) throws(RTreeError) {
        let size = bytes.count
        guard size >= serializedHeaderSize else {
            throw RTreeError(.truncated, "packed R-tree: buffer of \(size) bytes is shorter than the \(serializedHeaderSize)-byte header")
        }
        var r = ByteReader(bytes)
        for byte in serializedMagic where r.byte() != UInt8(byte) {
            throw RTreeError(.unrecognised, "packed R-tree: bad magic (not a RoadGeo packed R-tree)")
        }
        let version = r.u32()
        guard version == PackedRTree.serializationVersion else {
            throw RTreeError(.unsupportedVersion, "packed R-tree: unsupported version \(version) (this build reads \(PackedRTree.serializationVersion))")
        }
        let nodeSize = Int(r.u32())
        let count64 = r.u64(), nodes64 = r.u64()
        let levelCount = Int(r.u32())
        let reserved = r.u32()
        let checksum = r.u64()
        guard nodeSize >= 2 && nodeSize <= 65_535 else { throw RTreeError(.corrupt, "packed R-tree: node size \(nodeSize) outside 2...65535") }
        guard reserved == 0 else { throw RTreeError(.corrupt, "packed R-tree: reserved header field is \(reserved), expected 0") }
        guard count64 < UInt64(UInt32.max) else { throw RTreeError(.corrupt, "packed R-tree: item count \(count64) too large") }
        let count = Int(count64)
        // The layout implied by the item count and node size; the header must agree with it.
        let expected = packedLevelBounds(count: count, nodeSize: nodeSize)
        let nodes = expected.last ?? 0
        guard nodes64 == UInt64(nodes) else {
            throw RTreeError(.corrupt, "packed R-tree: node count \(nodes64) does not match \(count) items at node size \(nodeSize) (expected \(nodes))")
        }
        guard levelCount == expected.count else {
            throw RTreeError(.corrupt, "packed R-tree: level count \(levelCount), expected \(expected.count)")
        }
        let payload = levelCount * 8 + nodes * 36
        guard size - serializedHeaderSize == payload else {
            throw RTreeError(.truncated, "packed R-tree: payload is \(size - serializedHeaderSize) bytes, header says \(payload) (truncated or trailing data)")
        }
        let sum = payloadChecksum(UnsafeRawBufferPointer(rebasing: bytes[serializedHeaderSize...]))
        guard sum == checksum else {
            throw RTreeError(.corrupt, "packed R-tree: checksum mismatch (stored \(checksum), computed \(sum)): the buffer is corrupt")
        }
        var levelBounds: [Int] = []
        levelBounds.reserveCapacity(levelCount)
        for l in 0..<levelCount {
            let v = r.u64()
            guard v == UInt64(expected[l]) else { throw RTreeError(.corrupt, "packed R-tree: level \(l) ends at \(v), expected \(expected[l])") }
            levelBounds.append(Int(v))
        }
        var boxes: [BoundingBox] = []
        boxes.reserveCapacity(nodes)
        for _ in 0..<nodes {
            let minX = Double(bitPattern: r.u64()), minY = Double(bitPattern: r.u64())
            let maxX = Double(bitPattern: r.u64()), maxY = Double(bitPattern: r.u64())
            boxes.append(BoundingBox(minX: minX, minY: minY, maxX: maxX, maxY: maxY))
        }
        var indices: [UInt32] = []
        indices.reserveCapacity(nodes)
        for _ in 0..<nodes { indices.append(r.u32()) }
        try validatePackedLayout(count: count, nodeSize: nodeSize, levelBounds: levelBounds, boxes: boxes, indices: indices)
        self.init(count: count, nodeSize: nodeSize, boxes: boxes, indices: indices, levelBounds: levelBounds)
    }
}

// MARK: - Private helpers

private let serializedMagic = Array("RGPKRTRE".utf8)
private let serializedHeaderSize = 48

/// Level end positions for `count` items packed `nodeSize` per node (as ``PackedRTree/init(boxes:nodeSize:)`` lays them out).
func packedLevelBounds(count: Int, nodeSize: Int) -> [Int] {
    var bounds = [count]
    guard count > 0 else { return bounds }
    var nodes = count, total = count
    repeat {
        nodes = (nodes + nodeSize - 1) / nodeSize
        total += nodes
        bounds.append(total)
    } while nodes > 1
    return bounds
}

/// Checks what the checksum cannot vouch for by itself: every leaf index is a distinct item, every
/// upper node points at its children's run and its box is exactly their union.
private func validatePackedLayout(count: Int, nodeSize: Int, levelBounds: [Int], boxes: [BoundingBox],
                                  indices: [UInt32]) throws(RTreeError) {
    var seen = [Bool](repeating: false, count: count)
    for i in 0..<count {
        let item = Int(indices[i])
        guard item < count, !seen[item] else {
            throw RTreeError(.corrupt, "packed R-tree: leaf \(i) refers to item \(item), out of range or repeated")
        }
        seen[item] = true
    }
    var childStart = 0
    var position = count
    for level in 1..<levelBounds.count {
        let childEnd = levelBounds[level - 1]
        var c = childStart
        while c < childEnd {
            guard position < levelBounds[level] else { throw RTreeError(.corrupt, "packed R-tree: level \(level) is too short") }
            guard Int(indices[position]) == c else {
                throw RTreeError(.corrupt, "packed R-tree: node \(position) points at child \(indices[position]), expected \(c)")
            }
            let end = min(c + nodeSize, childEnd)
            var u = BoundingBox.empty
            for k in c..<end { u.extend(boxes[k]) }
            let b = boxes[position]
            guard sameEdges(u, b) else {
                throw RTreeError(.corrupt, "packed R-tree: node \(position) box does not cover exactly its children")
            }
            position += 1
            c = end
        }
        childStart = childEnd
    }
}

/// Bit-for-bit equal edges (so NaN never sneaks through and -0 vs 0 does not matter).
private func sameEdges(_ a: BoundingBox, _ b: BoundingBox) -> Bool {
    a.minX == b.minX && a.minY == b.minY && a.maxX == b.maxX && a.maxY == b.maxY
        || (a.isEmpty && b.isEmpty && a.minX.bitPattern == b.minX.bitPattern && a.maxX.bitPattern == b.maxX.bitPattern
            && a.minY.bitPattern == b.minY.bitPattern && a.maxY.bitPattern == b.maxY.bitPattern)
}

/// A 64-bit checksum of the bytes: 8-byte little-endian words mixed with a multiply-rotate step
/// (catches every single-bit flip; not cryptographic).
private func payloadChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    var i = 0
    let n = bytes.count
    while i + 8 <= n {
        let w = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        h = (h ^ w) &* 0xFF51_AFD7_ED55_8CCD
        h = (h << 29) | (h >> 35)
        i += 8
    }
    var tail: UInt64 = 0
    var shift: UInt64 = 0
    while i < n { tail |= UInt64(bytes[i]) << shift; shift += 8; i += 1 }
    h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    return h ^ (h >> 33)
}

/// Sequential little-endian writes into a buffer sized in advance.
private struct ByteWriter {
    let raw: UnsafeMutableRawBufferPointer
    var offset: Int
    init(_ raw: UnsafeMutableRawBufferPointer, at offset: Int = 0) { self.raw = raw; self.offset = offset }
    mutating func put(_ v: UInt8) { raw[offset] = v; offset += 1 }
    mutating func put(_ v: UInt32) { raw.storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt32.self); offset += 4 }
    mutating func put(_ v: UInt64) { raw.storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt64.self); offset += 8 }
}

/// Sequential little-endian reads; callers check the total size first.
private struct ByteReader {
    let raw: UnsafeRawBufferPointer
    var offset = 0
    init(_ raw: UnsafeRawBufferPointer) { self.raw = raw }
    mutating func byte() -> UInt8 { defer { offset += 1 }; return raw[offset] }
    mutating func u32() -> UInt32 {
        defer { offset += 4 }
        return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
    mutating func u64() -> UInt64 {
        defer { offset += 8 }
        return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
