/// One decoded `OSMData` block (`osmformat.proto` PrimitiveBlock), reduced to what a road
/// import needs: every node's id and location, the ways that pass a tag filter (their ids,
/// node references and the tags kept), and counts of everything.
///
/// Locations are kept as osmium keeps them: integers in units of 1e-7 degrees,
/// `(offset + granularity × value) / 100` with the block's granularity and offsets.
struct OSMBlockContent: Sendable {
    /// Node ids in block order, with their latitudes and longitudes in 1e-7 degrees.
    var nodeIDs: [Int64] = []
    var nodeLocations: [OSMLocation] = []
    /// The ways that passed the filter.
    var ways: [OSMWayRecord] = []
    /// Node references of those ways, one after another.
    var wayRefs: [Int64] = []
    /// Kept tags of those ways: the key's index in the import's key list and the value.
    var tagKeys: [UInt8] = []
    var tagValues: [String] = []
    /// All nodes, ways and relations in the block (filtered or not).
    var nodeCount = 0, wayCount = 0, relationCount = 0
    /// Whether node ids ascend within the block.
    var nodesSorted = true
}

/// A location in 1e-7 degrees, as OSM stores it.
struct OSMLocation: Hashable, Sendable {
    var latitude: Int32
    var longitude: Int32
}

/// A way that passed the filter: its id and where its refs and kept tags are in the block.
struct OSMWayRecord: Hashable, Sendable {
    var id: Int64
    var refStart: Int32
    var refCount: Int32
    var tagStart: Int32
    var tagCount: Int32
}

/// The filter and kept keys, prepared once for matching string-table entries by their bytes.
struct OSMBlockPlan: Sendable {
    /// Expression keys and values as bytes, include expressions first.
    let expressionKeys: [[UInt8]]
    let expressionValues: [[[UInt8]]?]
    let expressionNegated: [Bool]
    let includeMask: UInt64
    let excludeMask: UInt64
    /// The keys whose values are kept, as bytes.
    let keptKeys: [[UInt8]]

    init(filter: OSMTagFilter, keptKeys: [String]) {
        let all = filter.include + filter.exclude
        precondition(all.count <= 64 && keptKeys.count < 255, "OSMBlockPlan: too many expressions or keys")
        expressionKeys = all.map { Array($0.key.utf8) }
        expressionValues = all.map { $0.values?.map { Array($0.utf8) } }
        expressionNegated = all.map(\.negated)
        includeMask = filter.include.isEmpty ? 0 : (UInt64.max >> (64 - filter.include.count))
        excludeMask = filter.exclude.isEmpty ? 0 : ((UInt64.max >> (64 - filter.exclude.count)) << filter.include.count)
        self.keptKeys = keptKeys.map { Array($0.utf8) }
    }
}

extension OSMBlockContent {
    /// Decodes a PrimitiveBlock.
    static func decode(_ block: ProtobufReader, plan: OSMBlockPlan) throws(ProtobufError) -> OSMBlockContent {
        var reader = block
        var stringTable: Range<Int>?
        var groups: [Range<Int>] = []
        var granularity: Int64 = 100, latOffset: Int64 = 0, lonOffset: Int64 = 0
        while let (field, wire) = try reader.nextField() {
            switch field {
            case 1: try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "PrimitiveBlock"); stringTable = try reader.lengthDelimited()
            case 2: try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "PrimitiveBlock"); groups.append(try reader.lengthDelimited())
            case 17: try ProtobufReader.expect(wire, .varint, field: field, in: "PrimitiveBlock"); granularity = try reader.int64()
            case 19: try ProtobufReader.expect(wire, .varint, field: field, in: "PrimitiveBlock"); latOffset = try reader.int64()
            case 20: try ProtobufReader.expect(wire, .varint, field: field, in: "PrimitiveBlock"); lonOffset = try reader.int64()
            default: try reader.skip(wire)
            }
        }
        guard granularity > 0 && granularity <= 1_000_000_000 else { throw ProtobufError("granularity \(granularity) is not positive", kind: .badReference) }
        guard let stringTable else { throw ProtobufError("PrimitiveBlock has no string table") }
        var decoder = BlockDecoder(reader: block, plan: plan, granularity: granularity, latOffset: latOffset, lonOffset: lonOffset)
        try decoder.readStrings(stringTable)
        for group in groups { try decoder.readGroup(group) }
        return decoder.content
    }
}

/// The state of decoding one block.
private struct BlockDecoder {
    let reader: ProtobufReader
    let plan: OSMBlockPlan
    let granularity: Int64, latOffset: Int64, lonOffset: Int64
    var content = OSMBlockContent()
    /// Per string-table entry: its bytes, the expressions it is the key of, the expressions it
    /// satisfies as a value, the kept key it is (or -1), and its text once made.
    var strings: [Range<Int>] = []
    var keyOf: [UInt64] = []
    var valueOf: [UInt64] = []
    var keptKey: [Int16] = []
    var texts: [String?] = []
    var lastNodeID = Int64.min

    init(reader: ProtobufReader, plan: OSMBlockPlan, granularity: Int64, latOffset: Int64, lonOffset: Int64) {
        self.reader = reader
        self.plan = plan
        self.granularity = granularity
        self.latOffset = latOffset
        self.lonOffset = lonOffset
    }

    mutating func readStrings(_ range: Range<Int>) throws(ProtobufError) {
        var table = ProtobufReader(base: reader.base, range: range)
        while let (field, wire) = try table.nextField() {
            if field == 1 {
                try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "StringTable")
                strings.append(try table.lengthDelimited())
            } else {
                try table.skip(wire)
            }
        }
        keyOf = [UInt64](repeating: 0, count: strings.count)
        valueOf = [UInt64](repeating: 0, count: strings.count)
        keptKey = [Int16](repeating: -1, count: strings.count)
        texts = [String?](repeating: nil, count: strings.count)
        for (s, range) in strings.enumerated() {
            let bytes = reader.buffer(range)
            for (e, key) in plan.expressionKeys.enumerated() where equal(bytes, key) { keyOf[s] |= 1 << UInt64(e) }
            for (k, key) in plan.keptKeys.enumerated() where equal(bytes, key) { keptKey[s] = Int16(k) }
            for e in plan.expressionKeys.indices {
                let accepted: Bool
                if let values = plan.expressionValues[e] {
                    let listed = values.contains { v in
                        v.last == UInt8(ascii: "*") ? startsWith(bytes, v.dropLast()) : equal(bytes, v)
                    }
                    accepted = listed != plan.expressionNegated[e]
                } else {
                    accepted = !plan.expressionNegated[e]
                }
                if accepted { valueOf[s] |= 1 << UInt64(e) }
            }
        }
    }

    mutating func readGroup(_ range: Range<Int>) throws(ProtobufError) {
        var group = ProtobufReader(base: reader.base, range: range)
        while let (field, wire) = try group.nextField() {
            switch field {
            case 1: try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "PrimitiveGroup"); try readNode(try group.message())
            case 2: try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "PrimitiveGroup"); try readDense(try group.message())
            case 3: try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "PrimitiveGroup"); try readWay(try group.message())
            case 4: try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "PrimitiveGroup"); try readRelation(try group.message())
            default: try group.skip(wire)
            }
        }
    }

    /// A location from a block's raw values, as osmium computes it; checked to lie on Earth.
    @inline(__always)
    func location(lat: Int64, lon: Int64, id: Int64) throws(ProtobufError) -> OSMLocation {
        let (latScaled, o1) = granularity.multipliedReportingOverflow(by: lat)
        let (lonScaled, o2) = granularity.multipliedReportingOverflow(by: lon)
        let (latSum, o3) = latScaled.addingReportingOverflow(latOffset)
        let (lonSum, o4) = lonScaled.addingReportingOverflow(lonOffset)
        let la = latSum / 100, lo = lonSum / 100
        guard !(o1 || o2 || o3 || o4), la >= -900_000_000, la <= 900_000_000, lo >= -1_800_000_000, lo <= 1_800_000_000 else {
            throw ProtobufError("node \(id): location (\(lat), \(lon)) × granularity \(granularity) lies outside ±90°/±180°", kind: .invalidCoordinate)
        }
        return OSMLocation(latitude: Int32(la), longitude: Int32(lo))
    }

    mutating func addNode(_ id: Int64, _ location: OSMLocation) {
        if id <= lastNodeID { content.nodesSorted = false }
        lastNodeID = id
        content.nodeIDs.append(id)
        content.nodeLocations.append(location)
        content.nodeCount += 1
    }

    mutating func readNode(_ message: ProtobufReader) throws(ProtobufError) {
        let (id, lat, lon) = try Self.idLatLon(message, .varint, in: "Node") { m throws(ProtobufError) in try m.signedVarint() }
        guard let id, let lat, let lon else { throw ProtobufError("a Node lacks its id, lat or lon") }
        addNode(id, try location(lat: lat, lon: lon, id: id))
    }

    /// Fields 1, 8 and 9 of a `Node` (id, lat, lon: sint64 varints) or a `DenseNodes` (the same
    /// numbers, as packed arrays), each read by `read` once its wire type is checked against `wire`;
    /// other fields are skipped; a field given twice keeps the last (protobuf's rule).
    @inline(__always)
    static func idLatLon<T>(_ message: ProtobufReader, _ wire: ProtobufReader.WireType, in name: String,
                            _ read: (inout ProtobufReader) throws(ProtobufError) -> T) throws(ProtobufError) -> (T?, T?, T?) {
        var m = message
        var id: T?, lat: T?, lon: T?
        while let (field, fieldWire) = try m.nextField() {
            guard field == 1 || field == 8 || field == 9 else { try m.skip(fieldWire); continue }
            try ProtobufReader.expect(fieldWire, wire, field: field, in: name)
            let value = try read(&m)
            if field == 1 { id = value } else if field == 8 { lat = value } else { lon = value }
        }
        return (id, lat, lon)
    }

    mutating func readDense(_ message: ProtobufReader) throws(ProtobufError) {
        let (ids, lats, lons) = try Self.idLatLon(message, .lengthDelimited, in: "DenseNodes") { m throws(ProtobufError) in
            try m.message()
        }
        guard var ids else { return }
        guard var lats, var lons else { throw ProtobufError("DenseNodes has ids but no lat or lon array", kind: .badReference) }
        var id: Int64 = 0, lat: Int64 = 0, lon: Int64 = 0, entry = 0
        while !ids.isAtEnd {
            guard !lats.isAtEnd, !lons.isAtEnd else {
                throw ProtobufError("DenseNodes entry \(entry): the lat/lon arrays are shorter than the id array", kind: .badReference)
            }
            id &+= try ids.signedVarint()
            lat &+= try lats.signedVarint()
            lon &+= try lons.signedVarint()
            addNode(id, try location(lat: lat, lon: lon, id: id))
            entry += 1
        }
        guard lats.isAtEnd, lons.isAtEnd else {
            throw ProtobufError("DenseNodes: the lat/lon arrays are longer than the id array (\(entry) ids)", kind: .badReference)
        }
    }

    /// The text of a string-table entry (made once per block).
    mutating func text(_ s: Int) -> String {
        if let t = texts[s] { return t }
        let t = reader.text(strings[s])
        texts[s] = t
        return t
    }

    mutating func readWay(_ message: ProtobufReader) throws(ProtobufError) {
        var m = message
        var id: Int64?
        var keys: ProtobufReader?, values: ProtobufReader?, refs: ProtobufReader?
        while let (field, wire) = try m.nextField() {
            switch field {
            case 1: try ProtobufReader.expect(wire, .varint, field: field, in: "Way"); id = try m.int64()
            case 2: try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "Way"); keys = try m.message()
            case 3: try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "Way"); values = try m.message()
            case 8: try ProtobufReader.expect(wire, .lengthDelimited, field: field, in: "Way"); refs = try m.message()
            default: try m.skip(wire)
            }
        }
        guard let id else { throw ProtobufError("a Way has no id") }
        content.wayCount += 1
        // Tags: which expressions match, checking every index against the string table.
        var matched: UInt64 = 0
        let tagStart = content.tagKeys.count
        let keysAgain = keys, valuesAgain = values
        if var keys {
            guard var values else { throw ProtobufError("way \(id): keys without values", kind: .badReference) }
            let n = UInt64(strings.count)
            while !keys.isAtEnd {
                guard !values.isAtEnd else { throw ProtobufError("way \(id): more keys than values", kind: .badReference) }
                let k = try keys.varint(), v = try values.varint()
                guard k < n, v < n else {
                    throw ProtobufError("way \(id): tag string index \(Swift.max(k, v)) beyond the string table of \(n)", kind: .badReference)
                }
                matched |= keyOf[Int(k)] & valueOf[Int(v)]
            }
            guard values.isAtEnd else { throw ProtobufError("way \(id): more values than keys", kind: .badReference) }
        } else if values != nil {
            throw ProtobufError("way \(id): values without keys", kind: .badReference)
        }
        guard matched & plan.includeMask != 0, matched & plan.excludeMask == 0 else { return }
        // Kept: the tags to output, then the node references.
        if var keys = keysAgain, var values = valuesAgain {
            while !keys.isAtEnd {
                let k = Int(try keys.varint()), v = Int(try values.varint())
                let kept = keptKey[k]
                if kept >= 0 {
                    content.tagKeys.append(UInt8(kept))
                    content.tagValues.append(text(v))
                }
            }
        }
        let refStart = content.wayRefs.count
        if var refs {
            var ref: Int64 = 0
            while !refs.isAtEnd {
                ref &+= try refs.signedVarint()
                content.wayRefs.append(ref)
            }
        }
        content.ways.append(OSMWayRecord(id: id, refStart: Int32(refStart), refCount: Int32(content.wayRefs.count - refStart),
                                         tagStart: Int32(tagStart), tagCount: Int32(content.tagKeys.count - tagStart)))
    }

    mutating func readRelation(_ message: ProtobufReader) throws(ProtobufError) {
        var m = message
        var id: Int64?
        var roles = 0, members = 0, types = 0, keyCount = 0, valueCount = 0
        let n = UInt64(strings.count)
        var badIndex: UInt64?
        while let (field, wire) = try m.nextField() {
            switch field {
            case 1: try ProtobufReader.expect(wire, .varint, field: field, in: "Relation"); id = try m.int64()
            case 2: try m.forEachPackedVarint(wire) { k in keyCount += 1; if k >= n { badIndex = k } }
            case 3: try m.forEachPackedVarint(wire) { v in valueCount += 1; if v >= n { badIndex = v } }
            case 8: try m.forEachPackedVarint(wire) { r in roles += 1; if r >= n { badIndex = r } }
            case 9: try m.forEachPackedVarint(wire) { _ in members += 1 }
            case 10: try m.forEachPackedVarint(wire) { t in types += 1; if t > 2 { badIndex = t } }
            default: try m.skip(wire)
            }
        }
        guard let id else { throw ProtobufError("a Relation has no id") }
        if let badIndex { throw ProtobufError("relation \(id): index \(badIndex) beyond the string table of \(n) or the member types", kind: .badReference) }
        guard keyCount == valueCount else { throw ProtobufError("relation \(id): \(keyCount) keys but \(valueCount) values", kind: .badReference) }
        guard roles == members, types == members else {
            throw ProtobufError("relation \(id): \(members) member ids, \(roles) roles, \(types) types", kind: .badReference)
        }
        content.relationCount += 1
    }
}

/// Whether a byte buffer equals an array.
@inline(__always)
private func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ other: [UInt8]) -> Bool {
    bytes.count == other.count && bytes.elementsEqual(other)
}

/// Whether a byte buffer starts with a sequence.
@inline(__always)
private func startsWith(_ bytes: UnsafeBufferPointer<UInt8>, _ prefix: ArraySlice<UInt8>) -> Bool {
    bytes.count >= prefix.count && bytes.prefix(prefix.count).elementsEqual(prefix)
}
