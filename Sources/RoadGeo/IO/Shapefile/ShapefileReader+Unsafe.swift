import Foundation

// All pointer code of the .shp/.shx reader: header parsing, the index, the record walk and
// record decoding. Every read is preceded by a bounds check against the real buffer size;
// counts from the file are checked against the bytes present before any loop or allocation.

extension ShapefileReader {
    static func parseHeader(_ data: Data, path: String) throws(ShapefileError) -> ShapefileHeader {
        guard data.count >= 100 else {
            throw ShapefileError(.invalidHeader, "file is \(data.count) bytes, shorter than the 100-byte shapefile header", path: path)
        }
        let parsed: Result<ShapefileHeader, RecordProblem> = data.withUnsafeBytes { raw in
            let code = raw.int32BE(0)
            guard code == 9994 else { return .failure(RecordProblem("not a shapefile: file code \(code) (expected 9994)")) }
            let version = raw.int32LE(28)
            guard version == 1000 else { return .failure(RecordProblem("unsupported shapefile version \(version) (expected 1000)")) }
            let rawType = raw.int32LE(32)
            guard let type = ShapeType(rawValue: rawType) else {
                return .failure(RecordProblem("unknown shape type \(rawType) in the header"))
            }
            let words = Int(raw.uint32BE(24))
            let box = BoundingBox(minX: raw.doubleLE(36), minY: raw.doubleLE(44), maxX: raw.doubleLE(52), maxY: raw.doubleLE(60))
            let z = (raw.doubleLE(68), raw.doubleLE(76)), m = (raw.doubleLE(84), raw.doubleLE(92))
            return .success(ShapefileHeader(
                shapeType: type, declaredFileBytes: words * 2, fileBytes: raw.count, boundingBox: box,
                zRange: z.0 <= z.1 ? z.0...z.1 : nil, mRange: m.0 <= m.1 ? m.0...m.1 : nil))
        }
        switch parsed {
        case .success(let h): return h
        case .failure(let p): throw ShapefileError(.invalidHeader, p.message, path: path)
        }
    }

    /// Reads the `.shx`: one (offset, length) pair per record, both in 16-bit words.
    static func readIndex(_ shxPath: String, shpBytes: Int) -> Result<([RecordLocation], [String]), RecordProblem> {
        let shx: Data
        do { shx = try map(shxPath) } catch { return .failure(RecordProblem(error.message)) }
        guard shx.count >= 100 else { return .failure(RecordProblem("index is \(shx.count) bytes, shorter than its 100-byte header")) }
        return shx.withUnsafeBytes { raw in
            let code = raw.int32BE(0)
            guard code == 9994 else { return .failure(RecordProblem("not a shapefile index: file code \(code)")) }
            var warnings: [String] = []
            let declared = Int(raw.uint32BE(24)) * 2
            if declared != raw.count {
                warnings.append("header declares \(declared) bytes but the index has \(raw.count)")
            }
            if (raw.count - 100) % 8 != 0 {
                warnings.append("\((raw.count - 100) % 8) trailing bytes after the last index entry ignored")
            }
            let count = (raw.count - 100) / 8
            // The count comes from the index's real size, so the table below is bounded by it;
            // entries pointing past the end of a truncated .shp are reported record by record.
            var locations: [RecordLocation] = []
            locations.reserveCapacity(count)
            for i in 0..<count {
                let o = 100 + i * 8
                locations.append(RecordLocation(offset: Int(raw.uint32BE(o)) * 2, contentBytes: Int(raw.int32BE(o + 4)) * 2,
                                                number: i + 1))
            }
            return .success((locations, warnings))
        }
    }

    /// The record header at `offset`, if it can be one: the 8 bytes are inside the file, the
    /// record number is at least 1, the content length at least 4 bytes and the shape type
    /// null or the file's (the number is checked later, over the whole table). With `exact`, the content must also lie wholly inside the file and
    /// its part and point counts must fill the content length exactly (what a scan through
    /// padding or garbage needs to tell a real header from bytes that happen to look like one).
    static func recordHeader(_ raw: UnsafeRawBufferPointer, at offset: Int, fileType: ShapeType,
                             exact: Bool) -> RecordLocation? {
        guard offset >= 100, offset <= raw.count - 12 else { return nil }
        let number = Int(raw.int32BE(offset))
        let length = Int(raw.int32BE(offset + 4)) * 2
        guard number >= 0, length >= 4 else { return nil }
        let rawType = raw.int32LE(offset + 8)
        guard rawType == 0 || rawType == fileType.rawValue else { return nil }
        let location = RecordLocation(offset: offset, contentBytes: length, number: number)
        guard exact else { return location }
        let c = offset + 8
        guard length <= raw.count - c else { return nil }
        if rawType == 0 { return length == 4 ? location : nil }
        let zm = { (n: Int) -> [Int] in
            let block = 16 + 8 * n
            if fileType.hasZ { return [2 * block, block] }       // Z, with or without M
            if fileType.hasM { return [block, 0] }               // M (writers sometimes omit it)
            return [0]
        }
        switch fileType.family {
        case .point:
            return [20, 28, 36].contains(length) ? location : nil
        case .multiPoint:
            guard length >= 40 else { return nil }
            let n = Int(raw.int32LE(c + 36))
            guard n >= 0, n <= length / 16 else { return nil }
            return zm(n).contains(length - 40 - 16 * n) ? location : nil
        case .polyLine, .polygon:
            guard length >= 44 else { return nil }
            let parts = Int(raw.int32LE(c + 36)), n = Int(raw.int32LE(c + 40))
            guard parts >= 0, n >= 0, parts <= length / 4, n <= length / 16 else { return nil }
            return zm(n).contains(length - 44 - 4 * parts - 16 * n) ? location : nil
        case .null, .multiPatch:
            return nil
        }
    }

    /// Finds the records by walking their headers from byte 100. Where the bytes after a
    /// record are not a record header (padding, garbage, a record whose length lies), the
    /// walk scans forward byte by byte for the next header that fits exactly and says how
    /// many bytes it skipped, and where.
    static func walk(_ data: Data, fileType: ShapeType) -> ([RecordLocation], [String]) {
        data.withUnsafeBytes { raw in
            var locations: [RecordLocation] = []
            var warnings: [String] = []
            var offset = 100
            while offset + 8 <= raw.count {
                if let found = recordHeader(raw, at: offset, fileType: fileType, exact: false),
                   found.offset + 8 + found.contentBytes <= raw.count {
                    locations.append(found)
                    offset += 8 + found.contentBytes
                    continue
                }
                // Not a whole record here: look for the next header that fits exactly.
                var next = offset + 1
                var resumed: RecordLocation? = nil
                while next + 12 <= raw.count {
                    if let r = recordHeader(raw, at: next, fileType: fileType, exact: true) { resumed = r; break }
                    next += 1
                }
                let after = locations.last.map { "after record \($0.number)" } ?? "before the first record"
                guard let resumed else {
                    // A truncated last record: keep it so its decoding names the problem.
                    if let cut = recordHeader(raw, at: offset, fileType: fileType, exact: false) {
                        locations.append(cut)
                    } else {
                        warnings.append("\(raw.count - offset) trailing bytes \(after) (from byte \(offset)) are not a record; ignored")
                    }
                    return (locations, warnings)
                }
                warnings.append("\(resumed.offset - offset) bytes \(after) (bytes \(offset)..<\(resumed.offset)) are not a record (padding or garbage); skipped, reading resumed at record \(resumed.number)")
                offset = resumed.offset
            }
            if offset < raw.count {
                warnings.append("\(raw.count - offset) trailing bytes after the last record ignored")
            }
            return (locations, warnings)
        }
    }

    /// Checks each `.shx` entry against the record header it points to.
    static func checkIndex(_ data: Data, _ entries: [RecordLocation], fileType: ShapeType) -> [RecordLocation?] {
        data.withUnsafeBytes { raw in
            entries.map { e -> RecordLocation? in
                guard let h = recordHeader(raw, at: e.offset, fileType: fileType, exact: false),
                      h.contentBytes == e.contentBytes else { return nil }
                return h
            }
        }
    }

    /// Decodes one record into `record`; returns the problem instead of throwing (called
    /// inside `withUnsafeBytes`).
    static func decode(_ raw: UnsafeRawBufferPointer, at location: RecordLocation, fileType: ShapeType,
                       into record: inout ShapeRecord) -> RecordProblem? {
        let start = location.offset
        guard start >= 100, start <= raw.count - 8 else {
            return RecordProblem("record offset \(start) is outside the .shp (\(raw.count) bytes)")
        }
        let length = Int(raw.int32BE(start + 4)) * 2
        if length != location.contentBytes {
            return RecordProblem("content length differs between the .shx (\(location.contentBytes) bytes) and the .shp record header (\(length) bytes)")
        }
        guard length >= 4 else { return RecordProblem("content length \(length) bytes is too short for a shape type") }
        let c = start + 8
        guard length <= raw.count - c else {
            return RecordProblem("record claims \(length) bytes but only \(raw.count - c) remain in the file (truncated)")
        }
        let end = c + length
        let rawType = raw.int32LE(c)
        guard let type = ShapeType(rawValue: rawType) else { return RecordProblem("unknown shape type \(rawType)") }
        if type == .null { return nil }
        if type == .multiPatch { return RecordProblem("MultiPatch shapes are not supported", unsupported: true) }
        guard type == fileType else { return RecordProblem("shape type \(type) in a file of type \(fileType)") }
        record.shapeType = type

        switch type.family {
        case .point:
            let need = 4 + 16 + (type.hasZ ? 8 : 0) + (type == .pointM ? 8 : 0)
            guard length >= need else { return RecordProblem("\(type) needs \(need) bytes, record has \(length)") }
            record.partStarts.append(0)
            record.x.append(raw.doubleLE(c + 4))
            record.y.append(raw.doubleLE(c + 12))
            if type.hasZ {
                record.z.append(raw.doubleLE(c + 20))
                if length >= 36 { record.m.append(measure(raw.doubleLE(c + 28))) }
            } else if type == .pointM {
                record.m.append(measure(raw.doubleLE(c + 20)))
            }
            return nil

        case .multiPoint:
            guard length >= 40 else { return RecordProblem("\(type) needs at least 40 bytes, record has \(length)") }
            let n = Int(raw.int32LE(c + 36))
            guard n >= 0 else { return RecordProblem("negative point count \(n)") }
            let xyEnd = c + 40 + 16 * n
            guard xyEnd <= end else {
                return RecordProblem("\(n) points need \(xyEnd - c) bytes but the record holds \(length)")
            }
            record.partStarts.append(0)
            readXY(raw, from: c + 40, count: n, into: &record)
            return readZM(raw, from: xyEnd, end: end, count: n, type: type, into: &record)

        case .polyLine, .polygon:
            guard length >= 44 else { return RecordProblem("\(type) needs at least 44 bytes, record has \(length)") }
            let parts = Int(raw.int32LE(c + 36)), n = Int(raw.int32LE(c + 40))
            guard parts >= 0, n >= 0 else { return RecordProblem("negative count: \(parts) parts, \(n) points") }
            let xyStart = c + 44 + 4 * parts, xyEnd = xyStart + 16 * n
            guard xyEnd <= end else {
                return RecordProblem("\(parts) parts and \(n) points need \(xyEnd - c) bytes but the record holds \(length)")
            }
            if parts == 0 && n > 0 { return RecordProblem("\(n) points but no parts") }
            record.partStarts.reserveCapacity(parts)
            var previous = 0
            for p in 0..<parts {
                let s = Int(raw.int32LE(c + 44 + 4 * p))
                if p == 0 && s != 0 { return RecordProblem("part 0 starts at point \(s), not 0") }
                guard s >= previous, s < n else {
                    return RecordProblem("part \(p) starts at point \(s), outside \(previous)..<\(n)")
                }
                record.partStarts.append(s)
                previous = s
            }
            readXY(raw, from: xyStart, count: n, into: &record)
            return readZM(raw, from: xyEnd, end: end, count: n, type: type, into: &record)

        case .null, .multiPatch:
            return nil
        }
    }

    private static func readXY(_ raw: UnsafeRawBufferPointer, from o: Int, count n: Int, into record: inout ShapeRecord) {
        record.x.reserveCapacity(n)
        record.y.reserveCapacity(n)
        for i in 0..<n {
            record.x.append(raw.doubleLE(o + 16 * i))
            record.y.append(raw.doubleLE(o + 16 * i + 8))
        }
    }

    /// Reads the Z block (required for Z types) and the M block (required for M types,
    /// optional after Z) that follow the points.
    private static func readZM(_ raw: UnsafeRawBufferPointer, from o: Int, end: Int, count n: Int, type: ShapeType,
                               into record: inout ShapeRecord) -> RecordProblem? {
        var o = o
        if type.hasZ {
            guard o + 16 + 8 * n <= end else {
                return RecordProblem("\(type) record lacks its Z values (\(16 + 8 * n) bytes needed, \(end - o) left)")
            }
            record.z.reserveCapacity(n)
            for i in 0..<n { record.z.append(raw.doubleLE(o + 16 + 8 * i)) }
            o += 16 + 8 * n
        }
        if type.hasM {
            guard o + 16 + 8 * n <= end else {
                if type.hasZ { return nil }  // M is optional after Z
                return RecordProblem("\(type) record lacks its M values (\(16 + 8 * n) bytes needed, \(end - o) left)")
            }
            record.m.reserveCapacity(n)
            for i in 0..<n { record.m.append(measure(raw.doubleLE(o + 16 + 8 * i))) }
        }
        return nil
    }

    /// The specification's "no data" for measures is any value below -10^38.
    private static func measure(_ v: Double) -> Double { v < -1e38 ? .nan : v }
}

fileprivate extension UnsafeRawBufferPointer {
    @inline(__always) func int32BE(_ o: Int) -> Int32 { Int32(bitPattern: uint32BE(o)) }
    @inline(__always) func uint32BE(_ o: Int) -> UInt32 { UInt32(bigEndian: loadUnaligned(fromByteOffset: o, as: UInt32.self)) }
    @inline(__always) func int32LE(_ o: Int) -> Int32 { Int32(littleEndian: loadUnaligned(fromByteOffset: o, as: Int32.self)) }
    @inline(__always) func doubleLE(_ o: Int) -> Double {
        Double(bitPattern: UInt64(littleEndian: loadUnaligned(fromByteOffset: o, as: UInt64.self)))
    }
}
