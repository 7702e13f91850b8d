import Foundation

/// A network snapshot that cannot be read: missing, truncated, corrupt, or of another version.
///
/// ```swift
/// do { _ = try RoadNetwork(snapshotAt: "roads.rgnet") }
/// catch { print(error.message) }   // "roads.rgnet: payload is 1000 bytes, the header says 4127306 (truncated or trailing data)"
/// ```
public struct NetworkSnapshotError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the file (when read from one) and the section.
    public var message: String
    /// Creates an error. - Parameter message: What is wrong.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

extension RoadNetwork {
    /// Format version written by ``snapshot()``.
    public static let snapshotVersion: UInt32 = 1

    /// The whole network (roads, ids, attributes and the packed segment index) as one
    /// versioned little-endian byte buffer, so a server can restart without re-reading GeoJSON
    /// or rebuilding the index.
    ///
    /// Layout:
    /// - header, 64 bytes: magic `RGNETSNP` (8), version `UInt32`, reserved `UInt32` (0), road
    ///   count, coordinate count, attribute count, string bytes, tree bytes (each `UInt64`),
    ///   checksum `UInt64` of everything after the header;
    /// - roads: per road coordinate count, id length, attribute count, reserved (4 × `UInt32`);
    /// - coordinates: longitude, latitude (`Float64` bit patterns), road after road;
    /// - attributes: key length, value length (2 × `UInt32`), road after road, keys sorted;
    /// - strings: UTF-8, per road its id then its attributes' keys and values;
    /// - tree: ``PackedRTree/serialized()`` over the segments.
    ///
    /// Measures and segment tables are derived on load (O(n), no sorting).
    /// - Returns: The bytes; ``init(snapshot:source:)`` reads them back.
    /// - Complexity: O(n) in segments plus attribute text.
    ///
    /// ```swift
    /// try Data(network.snapshot()).write(to: URL(fileURLWithPath: "heidelberg.rgnet"))
    /// ```
    public func snapshot() -> [UInt8] {
        var counts: [UInt32] = []
        counts.reserveCapacity(roads.count * 4)
        var coordinates = 0, attributeCount = 0
        var strings: [UInt8] = []
        var lengths: [UInt32] = []
        for road in roads {
            let keys = road.attributes.keys.sorted()
            counts.append(UInt32(road.line.line.coordinates.count))
            counts.append(UInt32(road.id.utf8.count))
            counts.append(UInt32(keys.count))
            counts.append(0)
            coordinates += road.line.line.coordinates.count
            attributeCount += keys.count
            strings.append(contentsOf: road.id.utf8)
            for key in keys {
                let value = road.attributes[key] ?? ""
                lengths.append(UInt32(key.utf8.count))
                lengths.append(UInt32(value.utf8.count))
                strings.append(contentsOf: key.utf8)
                strings.append(contentsOf: value.utf8)
            }
        }
        let tree = self.tree.serialized()
        let payload = counts.count * 4 + coordinates * 16 + lengths.count * 4 + strings.count + tree.count
        var out = [UInt8](repeating: 0, count: snapshotHeaderSize + payload)
        out.withUnsafeMutableBytes { raw in
            var w = SnapshotWriter(raw)
            for byte in snapshotMagic { w.put(byte) }
            w.put(RoadNetwork.snapshotVersion)
            w.put(UInt32(0))
            w.put(UInt64(roads.count))
            w.put(UInt64(coordinates))
            w.put(UInt64(attributeCount))
            w.put(UInt64(strings.count))
            w.put(UInt64(tree.count))
            w.put(UInt64(0))  // checksum, below
            for c in counts { w.put(c) }
            for road in roads {
                for c in road.line.line.coordinates { w.put(c.longitude.bitPattern); w.put(c.latitude.bitPattern) }
            }
            for l in lengths { w.put(l) }
            w.put(strings)
            w.put(tree)
            var c = SnapshotWriter(raw, at: snapshotHeaderSize - 8)
            c.put(snapshotChecksum(UnsafeRawBufferPointer(rebasing: raw[snapshotHeaderSize...])))
        }
        return out
    }

    /// Writes ``snapshot()`` to a file (atomically).
    /// - Parameter path: Where to write.
    /// - Throws: ``NetworkSnapshotError`` if the file cannot be written.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// try network.writeSnapshot(to: "heidelberg.rgnet")
    /// ```
    public func writeSnapshot(to path: String) throws(NetworkSnapshotError) {
        do {
            try Data(snapshot()).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw NetworkSnapshotError("\(path): cannot write the snapshot (\(error.localizedDescription))")
        }
    }

    /// Loads a network from a snapshot file without rebuilding its index.
    /// - Parameter path: A file written by ``writeSnapshot(to:)``.
    /// - Throws: ``NetworkSnapshotError`` naming the file and what is missing, truncated,
    ///   corrupt or of another version.
    /// - Complexity: O(n); Heidelberg's 190k segments load in a few milliseconds.
    ///
    /// ```swift
    /// let network = try RoadNetwork(snapshotAt: "heidelberg.rgnet")
    /// ```
    public init(snapshotAt path: String) throws(NetworkSnapshotError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw NetworkSnapshotError("\(path): cannot read the snapshot (\(error.localizedDescription))")
        }
        let result = data.withUnsafeBytes { raw in
            Result { () throws(NetworkSnapshotError) in try RoadNetwork(snapshot: raw, source: path) }
        }
        self = try result.get()
    }

    /// Reads a network written by ``snapshot()``.
    ///
    /// Every count and length is checked against the buffer's real size before anything is
    /// allocated, the checksum against the payload, every coordinate for validity (finite, in
    /// range, no repeated vertex), and the index against the segments it must cover.
    /// - Parameters:
    ///   - bytes: The snapshot.
    ///   - source: A name for error messages (a file path).
    /// - Throws: ``NetworkSnapshotError``.
    /// - Complexity: O(n).
    ///
    /// ```swift
    /// let again = try network.snapshot().withUnsafeBytes { try RoadNetwork(snapshot: $0) }
    /// ```
    public init(snapshot bytes: UnsafeRawBufferPointer, source: String = "snapshot") throws(NetworkSnapshotError) {
        func fail(_ text: String) -> NetworkSnapshotError { NetworkSnapshotError("\(source): \(text)") }
        let size = bytes.count
        guard size >= snapshotHeaderSize else {
            throw fail("\(size) bytes is shorter than the \(snapshotHeaderSize)-byte header (truncated or not a snapshot)")
        }
        var r = SnapshotReader(bytes)
        for byte in snapshotMagic where r.byte() != byte { throw fail("bad magic (not a RoadGeo network snapshot)") }
        let version = r.u32()
        guard version == RoadNetwork.snapshotVersion else {
            throw fail("unsupported snapshot version \(version) (this build reads \(RoadNetwork.snapshotVersion))")
        }
        guard r.u32() == 0 else { throw fail("reserved header field is not 0") }
        let roadCount64 = r.u64(), coordinateCount64 = r.u64(), attributeCount64 = r.u64()
        let stringBytes64 = r.u64(), treeBytes64 = r.u64(), checksum = r.u64()
        // Each section must fit in the real payload on its own before any arithmetic.
        let payload = UInt64(size - snapshotHeaderSize)
        guard roadCount64 <= payload / 16, coordinateCount64 <= payload / 16, attributeCount64 <= payload / 8,
              stringBytes64 <= payload, treeBytes64 <= payload else {
            throw fail("header counts (roads \(roadCount64), coordinates \(coordinateCount64), attributes \(attributeCount64), strings \(stringBytes64) B, tree \(treeBytes64) B) exceed the \(payload)-byte payload (truncated or corrupt)")
        }
        guard roadCount64 < UInt64(UInt32.max), coordinateCount64 < UInt64(UInt32.max) else {
            throw fail("\(roadCount64) roads / \(coordinateCount64) coordinates: more than a network can hold")
        }
        let roadCount = Int(roadCount64), coordinateCount = Int(coordinateCount64), attributeCount = Int(attributeCount64)
        let stringBytes = Int(stringBytes64), treeBytes = Int(treeBytes64)
        let expected = roadCount * 16 + coordinateCount * 16 + attributeCount * 8 + stringBytes + treeBytes
        guard expected == Int(payload) else {
            throw fail("payload is \(payload) bytes, the header says \(expected) (truncated or trailing data)")
        }
        let sum = snapshotChecksum(UnsafeRawBufferPointer(rebasing: bytes[snapshotHeaderSize...]))
        guard sum == checksum else { throw fail("checksum mismatch (stored \(checksum), computed \(sum)): the file is corrupt") }

        // Section offsets.
        let roadTable = snapshotHeaderSize
        let coordinateTable = roadTable + roadCount * 16
        let attributeTable = coordinateTable + coordinateCount * 16
        let stringTable = attributeTable + attributeCount * 8
        let treeTable = stringTable + stringBytes
        // Per-road counts must add up to the section sizes.
        var coordinateTotal = 0, attributeTotal = 0, idTotal = 0
        var table = SnapshotReader(bytes, at: roadTable)
        for i in 0..<roadCount {
            let n = Int(table.u32()), idLength = Int(table.u32()), attributes = Int(table.u32())
            guard table.u32() == 0 else { throw fail("road \(i): reserved field is not 0") }
            guard n >= 2 else { throw fail("road \(i): \(n) coordinates (a road needs at least 2)") }
            coordinateTotal += n; attributeTotal += attributes; idTotal += idLength
        }
        guard coordinateTotal == coordinateCount else {
            throw fail("roads hold \(coordinateTotal) coordinates, the header says \(coordinateCount)")
        }
        guard attributeTotal == attributeCount else {
            throw fail("roads hold \(attributeTotal) attributes, the header says \(attributeCount)")
        }
        var textTotal = idTotal
        var lengths = SnapshotReader(bytes, at: attributeTable)
        for _ in 0..<(attributeCount * 2) { textTotal += Int(lengths.u32()) }
        guard textTotal == stringBytes else { throw fail("ids and attributes need \(textTotal) bytes of text, the header says \(stringBytes)") }

        // Roads.
        var roads: [Road] = []
        roads.reserveCapacity(roadCount)
        var segments: [SegmentEnds] = [], owners: [SegmentOwner] = []
        segments.reserveCapacity(coordinateCount - roadCount)
        owners.reserveCapacity(coordinateCount - roadCount)
        table = SnapshotReader(bytes, at: roadTable)
        var points = SnapshotReader(bytes, at: coordinateTable)
        lengths = SnapshotReader(bytes, at: attributeTable)
        var text = SnapshotReader(bytes, at: stringTable)
        for i in 0..<roadCount {
            let n = Int(table.u32()), idLength = Int(table.u32()), attributeCount = Int(table.u32())
            _ = table.u32()
            var coordinates: [Coordinate] = []
            coordinates.reserveCapacity(n)
            for k in 0..<n {
                let c = Coordinate(Double(bitPattern: points.u64()), Double(bitPattern: points.u64()))
                guard c.isValidGeographic else { throw fail("road \(i), vertex \(k): invalid coordinate \(c.longitude), \(c.latitude)") }
                if k > 0 {
                    guard c != coordinates[k - 1] else { throw fail("road \(i), vertex \(k): repeats the previous vertex") }
                    segments.append(SegmentEnds(a: coordinates[k - 1], b: c))
                    owners.append(SegmentOwner(road: UInt32(i), ordinal: UInt32(k - 1)))
                }
                coordinates.append(c)
            }
            let id = text.string(idLength)
            var attributes: [String: String] = [:]
            attributes.reserveCapacity(attributeCount)
            for _ in 0..<attributeCount {
                let keyLength = Int(lengths.u32()), valueLength = Int(lengths.u32())
                let key = text.string(keyLength)
                attributes[key] = text.string(valueLength)
            }
            roads.append(Road(id: id, measured: MeasuredPolyline(Polyline(uncheckedCoordinates: coordinates)), attributes: attributes))
        }

        // The index: a valid packed tree whose leaves are exactly these segments' boxes.
        let tree: PackedRTree
        do {
            tree = try PackedRTree(serialized: UnsafeRawBufferPointer(rebasing: bytes[treeTable..<(treeTable + treeBytes)]))
        } catch {
            throw fail("segment index: \(error.message)")
        }
        guard tree.count == segments.count else {
            throw fail("segment index holds \(tree.count) items for \(segments.count) segments")
        }
        for leaf in 0..<tree.count {
            let s = Int(tree.indices[leaf])
            let box = BoundingBox(segments[s].a, segments[s].b)
            let stored = tree.boxes[leaf]
            guard stored.minX == box.minX, stored.minY == box.minY, stored.maxX == box.maxX, stored.maxY == box.maxY else {
                throw fail("segment index: leaf \(leaf) does not match segment \(s)")
            }
        }
        self.init(roads: roads, tree: tree, segments: segments, owners: owners)
    }
}

extension RoadNetwork {
    /// A network from parts already built and checked (a snapshot): no index build.
    init(roads: [Road], tree: PackedRTree, segments: [SegmentEnds], owners: [SegmentOwner]) {
        self.roads = roads
        self.tree = tree
        self.segments = segments
        self.owners = owners
    }
}

extension Road {
    /// A road from a line already measured.
    init(id: String, measured: MeasuredPolyline, attributes: [String: String]) {
        self.id = id
        self.line = measured
        self.attributes = attributes
    }
}

// MARK: - Private helpers

private let snapshotMagic = Array("RGNETSNP".utf8)
private let snapshotHeaderSize = 64

/// A 64-bit checksum of the bytes: 8-byte little-endian words through a multiply-xorshift mix,
/// so any single flipped bit changes it (not cryptographic).
private func snapshotChecksum(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    let n = bytes.count
    var h: UInt64 = 0xCBF2_9CE4_8422_2325 &+ UInt64(n)
    var i = 0
    while i + 8 <= n {
        let w = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
        h = (h ^ w) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 31
        i += 8
    }
    var tail: UInt64 = 0, shift: UInt64 = 0
    while i < n { tail |= UInt64(bytes[i]) << shift; shift += 8; i += 1 }
    h = (h ^ tail) &* 0xBF58_476D_1CE4_E5B9
    return h ^ (h >> 29)
}

/// Sequential little-endian writes into a buffer sized in advance.
private struct SnapshotWriter {
    let raw: UnsafeMutableRawBufferPointer
    var offset: Int
    init(_ raw: UnsafeMutableRawBufferPointer, at offset: Int = 0) { self.raw = raw; self.offset = offset }
    mutating func put(_ v: UInt8) { raw[offset] = v; offset += 1 }
    mutating func put(_ v: UInt32) { raw.storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt32.self); offset += 4 }
    mutating func put(_ v: UInt64) { raw.storeBytes(of: v.littleEndian, toByteOffset: offset, as: UInt64.self); offset += 8 }
    mutating func put(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { src in
            guard let base = src.baseAddress, let dst = raw.baseAddress else { return }
            (dst + offset).copyMemory(from: base, byteCount: src.count)
        }
        offset += bytes.count
    }
}

/// Sequential little-endian reads; the caller has checked every section against the size.
private struct SnapshotReader {
    let raw: UnsafeRawBufferPointer
    var offset: Int
    init(_ raw: UnsafeRawBufferPointer, at offset: Int = 0) { self.raw = raw; self.offset = offset }
    mutating func byte() -> UInt8 { defer { offset += 1 }; return raw[offset] }
    mutating func u32() -> UInt32 {
        defer { offset += 4 }
        return UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
    mutating func u64() -> UInt64 {
        defer { offset += 8 }
        return UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
    mutating func string(_ length: Int) -> String {
        defer { offset += length }
        return String(decoding: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)]), as: UTF8.self)
    }
}
