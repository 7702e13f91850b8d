#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The byte-level GeoJSON parser behind ``GeoJSONReader``. All of the reader's pointer code
/// lives here.
///
/// One pass over UTF-8 bytes, recursive descent with a depth limit. GeoJSON structure is
/// parsed directly: positions go straight into `[Coordinate]` without an intermediate JSON
/// tree, and only `properties`, `id` and foreign members become ``JSONValue``s. Object keys of
/// known objects are compared as raw bytes, so they are never turned into `String`s.
///
/// Every read of `base[i]` is preceded by an `i < count` check; the end of input reads as the
/// byte 0, which is never valid where a token is expected, so one comparison handles both.
///
/// All helpers are `mutating`, even those that only read: calling a non-mutating method from
/// a mutating one makes Swift copy the parser (retaining its two scratch arrays) on every
/// call, which cost 10-40% of the parse time when `parseDouble` called a non-mutating helper.
struct GeoJSONParser {
    private let base: UnsafePointer<UInt8>
    private let count: Int
    private let maximumDepth: Int
    private var pos = 0
    private var depth = 0
    /// The feature being parsed, for error messages.
    private var featureIndex: Int?
    /// Reused for strings with escapes.
    private var scratch: [UInt8] = []
    /// Reused for one list of positions, copied out exactly sized.
    private var positions: [Coordinate] = []
    /// With `lenient`, problems confined to one feature of a collection (a position out of
    /// range, a ring not closed, an unknown geometry type) do not stop the parse: the first one
    /// is kept here and handed over with the feature, which the caller then skips. Positions
    /// are only checked to be finite: clamping and antimeridian cuts are the caller's.
    private let lenient: Bool
    private var featureProblem: String?

    init(base: UnsafePointer<UInt8>, count: Int, maximumDepth: Int, lenient: Bool = false) {
        self.base = base
        self.count = count
        self.maximumDepth = maximumDepth
        self.lenient = lenient
    }

    /// In lenient mode inside a collection's feature, records `message` as the feature's
    /// problem and returns true (the caller goes on); otherwise returns false (it throws).
    private mutating func tolerate(_ message: String) -> Bool {
        guard lenient, featureIndex != nil else { return false }
        if featureProblem == nil { featureProblem = message }
        return true
    }

    // MARK: Document

    /// Called with each feature of a FeatureCollection instead of collecting it, and (lenient
    /// mode) the problem that makes the feature unusable, if any.
    typealias FeatureHandler = (Int, GeoJSONFeature, String?) throws(GeoJSONError) -> Void

    /// Parses the whole input as one GeoJSON object. With `onFeature`, a FeatureCollection's
    /// features are handed over one at a time and the returned collection has none.
    mutating func parseDocument(onFeature: FeatureHandler? = nil) throws(GeoJSONError) -> GeoJSONDocument {
        // A UTF-8 byte order mark is tolerated (RFC 8259 section 8.1).
        if count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF { pos = 3 }
        skipWhitespace()
        guard peek() == UInt8(ascii: "{") else {
            if pos >= count { throw fail(.truncated, "the input is empty; expected a GeoJSON object") }
            throw mismatch("a GeoJSON text must be an object")
        }
        guard let type = try peekType() else {
            throw fail(.invalidGeoJSON, "the top-level object has no \"type\" member")
        }
        let document: GeoJSONDocument
        if type == "FeatureCollection" {
            document = .featureCollection(try parseFeatureCollection(onFeature: onFeature))
        } else if type == "Feature" {
            if lenient, let onFeature {
                // A lone feature is feature 0 of the import: its problems skip it, not the file.
                featureIndex = 0
                featureProblem = nil
                let feature = try parseFeature()
                try onFeature(0, feature, featureProblem)
                featureIndex = nil
                document = .featureCollection(GeoJSONFeatureCollection(features: []))
            } else {
                document = .feature(try parseFeature())
            }
        } else if let kind = GeometryKind(name: type) {
            if lenient, let onFeature {
                featureIndex = 0
                featureProblem = nil
                let geometry = try parseGeometry(kind)
                try onFeature(0, GeoJSONFeature(geometry: geometry), featureProblem)
                featureIndex = nil
                document = .featureCollection(GeoJSONFeatureCollection(features: []))
            } else {
                document = .geometry(try parseGeometry(kind))
            }
        } else {
            throw fail(.invalidGeoJSON, "unknown GeoJSON type \"\(type)\"")
        }
        skipWhitespace()
        if pos < count { throw fail(.malformedJSON, "unexpected \(describeHere()) after the GeoJSON object") }
        return document
    }

    private mutating func parseFeatureCollection(onFeature: FeatureHandler?) throws(GeoJSONError) -> GeoJSONFeatureCollection {
        try enter()
        pos += 1
        var features: [GeoJSONFeature] = []
        var sawFeatures = false
        var bbox: [Double]?
        var foreign = JSONObject()
        var more = try firstMember()
        while more {
            let key = try readKey()
            if key.equals("type") {
                try skipValue()
            } else if key.equals("features") {
                sawFeatures = true
                skipWhitespace()
                guard peek() == UInt8(ascii: "[") else {
                    throw mismatch("\"features\" must be an array")
                }
                try enter()
                pos += 1
                var moreFeatures = try firstElement()
                var index = 0
                while moreFeatures {
                    featureIndex = index
                    skipWhitespace()
                    guard peek() == UInt8(ascii: "{") else {
                        if pos >= count { throw fail(.truncated, "unexpected end of input in the features array") }
                        throw mismatch("a feature must be an object")
                    }
                    featureProblem = nil
                    let feature = try parseFeature()
                    if let onFeature {
                        do {
                            try onFeature(index, feature, featureProblem)
                        } catch {
                            var e = error
                            e.featureIndex = e.featureIndex ?? index
                            e.byteOffset = e.byteOffset ?? pos
                            throw e
                        }
                    } else {
                        features.append(feature)
                    }
                    index += 1
                    moreFeatures = try nextElement("the features array")
                }
                featureIndex = nil
                leave()
            } else if key.equals("bbox") {
                bbox = try parseBBox()
            } else {
                foreign.append(try decode(key), try parseValue())
            }
            more = try nextMember("the FeatureCollection")
        }
        leave()
        guard sawFeatures else { throw fail(.invalidGeoJSON, "the FeatureCollection has no \"features\" member") }
        return GeoJSONFeatureCollection(features: features, bbox: bbox, foreignMembers: foreign)
    }

    private mutating func parseFeature() throws(GeoJSONError) -> GeoJSONFeature {
        try enter()
        let start = pos
        pos += 1
        var feature = GeoJSONFeature(geometry: nil)
        var sawType = false
        var more = try firstMember()
        while more {
            let key = try readKey()
            if key.equals("type") {
                skipWhitespace()
                let at = pos
                guard peek() == UInt8(ascii: "\"") else {
                    throw mismatch("a feature's \"type\" must be the string \"Feature\"")
                }
                let type = try decode(try scanString())
                guard type == "Feature" else {
                    throw fail(.invalidGeoJSON, "expected a feature with \"type\": \"Feature\", found \"\(type)\"", at: at)
                }
                sawType = true
            } else if key.equals("geometry") {
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: "n"):
                    try literal("null")
                    feature.geometry = nil
                case UInt8(ascii: "{"):
                    let at = pos
                    guard let type = try peekType() else {
                        if tolerate("the geometry has no \"type\" member") { try skipValue(); break }
                        throw fail(.invalidGeoJSON, "the geometry has no \"type\" member", at: at)
                    }
                    guard let kind = GeometryKind(name: type) else {
                        if tolerate("unknown geometry type \"\(type)\"") { try skipValue(); break }
                        throw fail(.invalidGeoJSON, "unknown geometry type \"\(type)\"", at: at)
                    }
                    feature.geometry = try parseGeometry(kind)
                default:
                    if pos >= count { throw fail(.truncated, "unexpected end of input: the geometry is missing") }
                    throw mismatch("\"geometry\" must be an object or null")
                }
            } else if key.equals("properties") {
                skipWhitespace()
                switch peek() {
                case UInt8(ascii: "n"):
                    try literal("null")
                    feature.properties = JSONObject()
                case UInt8(ascii: "{"):
                    feature.properties = try parseObject()
                default:
                    if pos >= count { throw fail(.truncated, "unexpected end of input: the properties are missing") }
                    throw mismatch("\"properties\" must be an object or null")
                }
            } else if key.equals("id") {
                skipWhitespace()
                let at = pos
                let id = try parseValue()
                switch id {
                case .string, .integer, .number: feature.id = id
                default: throw fail(.invalidGeoJSON, "a feature \"id\" must be a string or a number, found \(id.typeName)", at: at)
                }
            } else if key.equals("bbox") {
                feature.bbox = try parseBBox()
            } else {
                feature.foreignMembers.append(try decode(key), try parseValue())
            }
            more = try nextMember("the feature")
        }
        leave()
        guard sawType else { throw fail(.invalidGeoJSON, "the feature has no \"type\": \"Feature\" member", at: start) }
        return feature
    }

    // MARK: Geometry

    /// Parses a geometry object whose type has been found by ``peekType()``; `pos` is at its `{`.
    private mutating func parseGeometry(_ kind: GeometryKind) throws(GeoJSONError) -> GeoJSONGeometry {
        try enter()
        let start = pos
        pos += 1
        var geometry: GeoJSONGeometry?
        var more = try firstMember()
        while more {
            let key = try readKey()
            if key.equals("coordinates") && kind != .geometryCollection {
                geometry = try parseCoordinates(kind)
            } else if key.equals("geometries") && kind == .geometryCollection {
                skipWhitespace()
                guard peek() == UInt8(ascii: "[") else {
                    throw mismatch("\"geometries\" must be an array")
                }
                try enter()
                pos += 1
                var members: [GeoJSONGeometry] = []
                var moreMembers = try firstElement()
                while moreMembers {
                    skipWhitespace()
                    let at = pos
                    guard peek() == UInt8(ascii: "{") else {
                        throw mismatch("a GeometryCollection member must be a geometry object")
                    }
                    guard let type = try peekType(), let memberKind = GeometryKind(name: type) else {
                        if tolerate("GeometryCollection member \(members.count) has no valid geometry \"type\"") {
                            try skipValue()
                            moreMembers = try nextElement("\"geometries\"")
                            continue
                        }
                        throw fail(.invalidGeoJSON, "a GeometryCollection member has no valid geometry \"type\"", at: at)
                    }
                    members.append(try parseGeometry(memberKind))
                    moreMembers = try nextElement("\"geometries\"")
                }
                leave()
                geometry = .geometryCollection(members)
            } else {
                try skipValue()   // "type" (already known), "bbox", foreign members
            }
            more = try nextMember("the \(kind.name)")
        }
        leave()
        guard let geometry else {
            let member = kind == .geometryCollection ? "geometries" : "coordinates"
            if tolerate("the \(kind.name) has no \"\(member)\" member") { return .geometryCollection([]) }
            throw fail(.invalidGeoJSON, "the \(kind.name) has no \"\(member)\" member", at: start)
        }
        return geometry
    }

    private mutating func parseCoordinates(_ kind: GeometryKind) throws(GeoJSONError) -> GeoJSONGeometry {
        let name = kind.name
        switch kind {
        case .point:
            return .point(try parsePosition(name, index: 0))
        case .multiPoint:
            return .multiPoint(try parsePositionList(name))
        case .lineString:
            let line = try parsePositionList(name)
            if line.count == 1, !tolerate("a LineString needs at least 2 positions, it has 1") {
                throw fail(.invalidGeoJSON, "a LineString needs at least 2 positions, it has 1")
            }
            return .lineString(line)
        case .multiLineString:
            return .multiLineString(try parseLineList(name, rings: false))
        case .polygon:
            return .polygon(try parseLineList(name, rings: true))
        case .multiPolygon:
            try openArray("\(name) coordinates")
            var polygons: [[[Coordinate]]] = []
            var more = try firstElement()
            while more {
                polygons.append(try parseLineList(name, rings: true))
                more = try nextElement("the \(name) coordinates")
            }
            return .multiPolygon(polygons)
        case .geometryCollection:
            throw fail(.invalidGeoJSON, "a GeometryCollection has \"geometries\", not \"coordinates\"")
        }
    }

    /// `[[pos, ...], ...]`: MultiLineString parts, or Polygon rings when `rings` is true.
    private mutating func parseLineList(_ name: String, rings: Bool) throws(GeoJSONError) -> [[Coordinate]] {
        try openArray("\(name) coordinates")
        var lines: [[Coordinate]] = []
        var more = try firstElement()
        while more {
            let at = pos
            let line = try parsePositionList(name)
            if rings {
                let part = "ring \(lines.count)"
                if line.count < 4 {
                    let message = "\(name) \(part) has \(line.count) positions; a linear ring needs at least 4"
                    if !tolerate(message) { throw fail(.invalidGeoJSON, message, at: at) }
                } else if line[0] != line[line.count - 1] {
                    let message = "\(name) \(part) is not closed (its first and last positions differ)"
                    if !tolerate(message) { throw fail(.invalidGeoJSON, message, at: at) }
                }
            } else if line.count < 2 {
                let part = "part \(lines.count)"
                let message = "\(name) \(part) has \(line.count) position\(line.count == 1 ? "" : "s"); a line needs at least 2"
                if !tolerate(message) { throw fail(.invalidGeoJSON, message, at: at) }
            }
            lines.append(line)
            more = try nextElement("the \(name) coordinates")
        }
        return lines
    }

    /// `[pos, pos, ...]` into an exactly sized array.
    private mutating func parsePositionList(_ name: String) throws(GeoJSONError) -> [Coordinate] {
        try openArray("\(name) coordinates")
        positions.removeAll(keepingCapacity: true)
        var more = try firstElement()
        while more {
            let c = try parsePosition(name, index: positions.count)
            positions.append(c)
            more = try nextElement("the \(name) coordinates")
        }
        return Array(positions)
    }

    /// `[longitude, latitude (, altitude...)]`, checked to be a geographic position.
    private mutating func parsePosition(_ name: String, index: Int) throws(GeoJSONError) -> Coordinate {
        skipWhitespace()
        let start = pos
        guard peek() == UInt8(ascii: "[") else {
            if pos >= count { throw fail(.truncated, "unexpected end of input in \(name) coordinates") }
            throw mismatch("\(name) position \(index) must be an array [longitude, latitude]")
        }
        pos += 1
        var numbers = 0
        var lon = 0.0, lat = 0.0
        skipWhitespace()
        if peek() != UInt8(ascii: "]") {
            while true {
                let value = try parseDouble(name, index: index)
                if numbers == 0 { lon = value } else if numbers == 1 { lat = value }
                numbers += 1
                skipWhitespace()
                let b = peek()
                if b == UInt8(ascii: ",") { pos += 1; continue }
                if b == UInt8(ascii: "]") { break }
                throw unexpected("',' or ']' in \(name) position \(index)")
            }
        }
        pos += 1
        guard numbers >= 2 else {
            let message = "\(name) position \(index) has \(numbers) number\(numbers == 1 ? "" : "s"); a position needs at least 2 (longitude, latitude)"
            if tolerate(message) { return Coordinate(.nan, .nan) }
            throw fail(.invalidGeoJSON, message, at: start)
        }
        let c = Coordinate(lon, lat)
        if !c.isValidGeographic, let problem = c.geographicProblem {
            // Lenient: the caller clamps, cuts at the antimeridian or skips the feature.
            if lenient && featureIndex != nil { return c }
            throw fail(.invalidCoordinate, "\(name) position \(index): \(problem)", at: start)
        }
        return c
    }

    private mutating func parseDouble(_ name: String, index: Int) throws(GeoJSONError) -> Double {
        skipWhitespace()
        let b = peek()
        guard b == UInt8(ascii: "-") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) else {
            if b == UInt8(ascii: "N") || b == UInt8(ascii: "I") { throw nonFiniteToken() }
            if pos >= count { throw fail(.truncated, "unexpected end of input in \(name) position \(index)") }
            throw mismatch("\(name) position \(index) must contain numbers")
        }
        return try numberDouble(try scanNumber())
    }

    private mutating func parseBBox() throws(GeoJSONError) -> [Double] {
        skipWhitespace()
        let at = pos
        guard peek() == UInt8(ascii: "[") else { throw mismatch("\"bbox\" must be an array of numbers") }
        let value = try parseValue()
        var box: [Double] = []
        for v in value.arrayValue ?? [] {
            guard let d = v.doubleValue else { throw fail(.invalidGeoJSON, "\"bbox\" must contain only numbers", at: at) }
            box.append(d)
        }
        guard box.count >= 4, box.count % 2 == 0 else {
            throw fail(.invalidGeoJSON, "\"bbox\" must have 2*n numbers (n >= 2), it has \(box.count)", at: at)
        }
        return box
    }

    /// With `pos` at an object's `{`, finds the string value of its `"type"` member without
    /// moving `pos`. Usually `"type"` is the first member and this costs a few bytes.
    private mutating func peekType() throws(GeoJSONError) -> String? {
        let saved = pos
        let savedDepth = depth
        defer { pos = saved; depth = savedDepth }
        try enter()
        pos += 1
        var more = try firstMember()
        while more {
            let key = try readKey()
            if key.equals("type") {
                skipWhitespace()
                guard peek() == UInt8(ascii: "\"") else {
                    throw mismatch("\"type\" must be a string")
                }
                return try decode(try scanString())
            }
            try skipValue()
            more = try nextMember("the object")
        }
        return nil
    }

    // MARK: JSON values

    /// Any JSON value, built as a ``JSONValue``.
    private mutating func parseValue() throws(GeoJSONError) -> JSONValue {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "\""):
            return .string(try decode(try scanString()))
        case UInt8(ascii: "{"):
            return .object(try parseObject())
        case UInt8(ascii: "["):
            try enter()
            pos += 1
            var elements: [JSONValue] = []
            var more = try firstElement()
            while more {
                elements.append(try parseValue())
                more = try nextElement("the array")
            }
            leave()
            return .array(elements)
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return try numberValue(try scanNumber())
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw nonFiniteToken()
        default:
            throw unexpected("a JSON value")
        }
    }

    /// An object into a ``JSONObject``, members in order; `pos` is at its `{`.
    private mutating func parseObject() throws(GeoJSONError) -> JSONObject {
        try enter()
        pos += 1
        var members: [JSONObject.Member] = []
        var more = try firstMember()
        while more {
            let key = try decode(try readKey())
            members.append(JSONObject.Member(key, try parseValue()))
            more = try nextMember("the object")
        }
        leave()
        return JSONObject(members)
    }

    /// Checks and skips any value without building it.
    private mutating func skipValue() throws(GeoJSONError) {
        skipWhitespace()
        switch peek() {
        case UInt8(ascii: "\""):
            let token = try scanString()
            if token.escaped || token.nonASCII { _ = try decode(token) }   // validates escapes and UTF-8
        case UInt8(ascii: "{"):
            try enter()
            pos += 1
            var more = try firstMember()
            while more {
                let key = try readKey()
                if key.escaped || key.nonASCII { _ = try decode(key) }
                try skipValue()
                more = try nextMember("the object")
            }
            leave()
        case UInt8(ascii: "["):
            try enter()
            pos += 1
            var more = try firstElement()
            while more {
                try skipValue()
                more = try nextElement("the array")
            }
            leave()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            _ = try numberDouble(try scanNumber())
        case UInt8(ascii: "N"), UInt8(ascii: "I"):
            throw nonFiniteToken()
        default:
            throw unexpected("a JSON value")
        }
    }

    // MARK: Structure helpers

    private mutating func enter() throws(GeoJSONError) {
        depth += 1
        if depth > maximumDepth {
            throw fail(.tooDeep, "arrays and objects are nested more than \(maximumDepth) levels deep")
        }
    }

    private mutating func leave() { depth -= 1 }

    /// After `{`: whether a member follows (else consumes `}`).
    private mutating func firstMember() throws(GeoJSONError) -> Bool { firstItem(closing: UInt8(ascii: "}")) }

    /// After a member's value: consumes `,` (true) or `}` (false).
    private mutating func nextMember(_ context: @autoclosure () -> String) throws(GeoJSONError) -> Bool {
        try nextItem(closing: UInt8(ascii: "}"), context)
    }

    /// After `[`: whether an element follows (else consumes `]`).
    private mutating func firstElement() throws(GeoJSONError) -> Bool { firstItem(closing: UInt8(ascii: "]")) }

    /// After an element: consumes `,` (true) or `]` (false).
    private mutating func nextElement(_ context: @autoclosure () -> String) throws(GeoJSONError) -> Bool {
        try nextItem(closing: UInt8(ascii: "]"), context)
    }

    /// After `{` or `[`: whether an item follows (else consumes the closing bracket).
    @inline(__always)
    private mutating func firstItem(closing close: UInt8) -> Bool {
        skipWhitespace()
        if peek() == close { pos += 1; return false }
        return true
    }

    /// After an item: consumes `,` (true) or the closing bracket `close` (false).
    @inline(__always)
    private mutating func nextItem(closing close: UInt8, _ context: () -> String) throws(GeoJSONError) -> Bool {
        skipWhitespace()
        let b = peek()
        if b == UInt8(ascii: ",") { pos += 1; return true }
        if b == close { pos += 1; return false }
        throw unexpected("',' or '\(Character(Unicode.Scalar(close)))' in \(context())")
    }

    private mutating func openArray(_ context: @autoclosure () -> String) throws(GeoJSONError) {
        skipWhitespace()
        guard peek() == UInt8(ascii: "[") else {
            if pos >= count { throw fail(.truncated, "unexpected end of input in \(context())") }
            throw mismatch("\(context()) must be an array")
        }
        pos += 1
    }

    /// A member's key and the `:` after it.
    private mutating func readKey() throws(GeoJSONError) -> StringToken {
        skipWhitespace()
        guard peek() == UInt8(ascii: "\"") else { throw unexpected("a string key") }
        let key = try scanString()
        skipWhitespace()
        guard peek() == UInt8(ascii: ":") else { throw unexpected("':' after a key") }
        pos += 1
        return key
    }

    private mutating func literal(_ word: StaticString) throws(GeoJSONError) {
        let n = word.utf8CodeUnitCount
        let w = word.utf8Start
        for i in 0..<n {
            guard pos + i < count else { pos += i; throw fail(.truncated, "unexpected end of input in '\(word)'") }
            guard base[pos + i] == w[i] else { pos += i; throw unexpected("'\(word)'") }
        }
        pos += n
    }

    @inline(__always)
    private mutating func peek() -> UInt8 { pos < count ? base[pos] : 0 }

    @inline(__always)
    private mutating func skipWhitespace() {
        while pos < count {
            let b = base[pos]
            guard b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 else { return }
            pos += 1
        }
    }

    // MARK: Strings

    /// A string's raw bytes (between the quotes), not yet unescaped.
    struct StringToken {
        var start: Int
        var end: Int
        var escaped: Bool
        var nonASCII: Bool
        var base: UnsafePointer<UInt8>

        /// Whether the string equals an ASCII literal: a byte comparison, or for an escaped
        /// string (`"typ\u0065"`) a comparison that unescapes on the fly without allocating.
        func equals(_ literal: StaticString) -> Bool {
            let n = literal.utf8CodeUnitCount
            if !escaped {
                return end - start == n && memcmp(base + start, literal.utf8Start, n) == 0
            }
            let expected = literal.utf8Start
            var i = start, k = 0
            while i < end {
                var b = base[i]
                if b == UInt8(ascii: "\\") {
                    guard i + 1 < end else { return false }
                    let e = base[i + 1]
                    i += 2
                    switch e {
                    case UInt8(ascii: "u"):
                        guard i + 4 <= end else { return false }
                        var v: UInt32 = 0
                        for j in i..<i + 4 {
                            guard let d = hexValue(base[j]) else { return false }
                            v = v << 4 | d
                        }
                        guard v < 0x80 else { return false }
                        b = UInt8(v)
                        i += 4
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): b = e
                    default: return false   // \b \f \n \r \t never occur in the keys compared
                    }
                } else {
                    i += 1
                }
                guard k < n, expected[k] == b else { return false }
                k += 1
            }
            return k == n
        }
    }

    /// With `pos` at `"`, finds the closing quote; rejects raw control characters.
    private mutating func scanString() throws(GeoJSONError) -> StringToken {
        let open = pos
        pos += 1
        var escaped = false, nonASCII = false
        while pos < count {
            let b = base[pos]
            if b == UInt8(ascii: "\"") {
                let token = StringToken(start: open + 1, end: pos, escaped: escaped, nonASCII: nonASCII, base: base)
                pos += 1
                return token
            }
            if b == UInt8(ascii: "\\") {
                escaped = true
                pos += 2
                continue
            }
            if b < 0x20 { throw fail(.malformedJSON, "a string contains a raw control character (byte 0x\(hex(b))); it must be escaped") }
            if b >= 0x80 { nonASCII = true }
            pos += 1
        }
        throw fail(.truncated, "unexpected end of input in a string (missing closing quote)", at: open)
    }

    /// Unescapes and UTF-8-validates a string token.
    private mutating func decode(_ t: StringToken) throws(GeoJSONError) -> String {
        if !t.escaped {
            let bytes = UnsafeBufferPointer(start: base + t.start, count: t.end - t.start)
            if !t.nonASCII { return String(decoding: bytes, as: UTF8.self) }
            guard let s = String(validating: bytes, as: UTF8.self) else {
                throw fail(.malformedJSON, "a string is not valid UTF-8", at: t.start - 1)
            }
            return s
        }
        scratch.removeAll(keepingCapacity: true)
        var i = t.start
        while i < t.end {
            let b = base[i]
            guard b == UInt8(ascii: "\\") else { scratch.append(b); i += 1; continue }
            guard i + 1 < t.end else { throw fail(.malformedJSON, "a string ends with a lone backslash", at: i) }
            let e = base[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "\""): scratch.append(0x22)
            case UInt8(ascii: "\\"): scratch.append(0x5C)
            case UInt8(ascii: "/"): scratch.append(0x2F)
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(at: i, end: t.end)
                i += 4
                if scalar >= 0xD800 && scalar <= 0xDBFF {
                    guard i + 6 <= t.end, base[i] == UInt8(ascii: "\\"), base[i + 1] == UInt8(ascii: "u") else {
                        throw fail(.malformedJSON, "a string has an unpaired high surrogate \\u\(hex16(scalar))", at: i - 6)
                    }
                    let low = try hex4(at: i + 2, end: t.end)
                    guard low >= 0xDC00 && low <= 0xDFFF else {
                        throw fail(.malformedJSON, "a string has an unpaired high surrogate \\u\(hex16(scalar))", at: i - 6)
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if scalar >= 0xDC00 && scalar <= 0xDFFF {
                    throw fail(.malformedJSON, "a string has an unpaired low surrogate \\u\(hex16(scalar))", at: i - 6)
                }
                appendUTF8(scalar)
            default:
                throw fail(.malformedJSON, "a string has an invalid escape '\\\(printable(e))'", at: i - 2)
            }
        }
        guard let s = String(validating: scratch, as: UTF8.self) else {
            throw fail(.malformedJSON, "a string is not valid UTF-8", at: t.start - 1)
        }
        return s
    }

    private mutating func hex4(at i: Int, end: Int) throws(GeoJSONError) -> UInt32 {
        guard i + 4 <= end else { throw fail(.malformedJSON, "a \\u escape needs 4 hex digits", at: i - 2) }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let d = hexValue(base[i + k]) else { throw fail(.malformedJSON, "a \\u escape needs 4 hex digits", at: i - 2) }
            v = v << 4 | d
        }
        return v
    }

    private mutating func appendUTF8(_ s: UInt32) {
        if s < 0x80 {
            scratch.append(UInt8(s))
        } else if s < 0x800 {
            scratch.append(UInt8(0xC0 | (s >> 6)))
            scratch.append(UInt8(0x80 | (s & 0x3F)))
        } else if s < 0x10000 {
            scratch.append(UInt8(0xE0 | (s >> 12)))
            scratch.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (s & 0x3F)))
        } else {
            scratch.append(UInt8(0xF0 | (s >> 18)))
            scratch.append(UInt8(0x80 | ((s >> 12) & 0x3F)))
            scratch.append(UInt8(0x80 | ((s >> 6) & 0x3F)))
            scratch.append(UInt8(0x80 | (s & 0x3F)))
        }
    }

    // MARK: Numbers

    /// A scanned JSON number: its significant digits as an integer and a power of ten.
    struct NumberToken {
        var start: Int
        var end: Int
        var negative: Bool
        /// Up to 19 significant digits.
        var mantissa: UInt64
        var exponent10: Int
        /// More than 19 significant digits: `mantissa` is not exact.
        var inexact: Bool
        /// No fraction and no exponent.
        var isInteger: Bool
    }

    /// The `Double` that `Double(text)` gives: Clinger's exact fast path when the digits and
    /// the power of ten are both exactly representable, else `strtod` on the token's bytes.
    @inline(__always)
    private mutating func numberDouble(_ t: NumberToken) throws(GeoJSONError) -> Double {
        if !t.inexact && t.mantissa <= 1 << 53 && t.exponent10 >= -22 && t.exponent10 <= 22 {
            let m = Double(t.mantissa)
            let v = t.exponent10 < 0 ? m / powersOfTen[-t.exponent10] : m * powersOfTen[t.exponent10]
            return t.negative ? -v : v
        }
        let v = slowDouble(base + t.start, count: t.end - t.start)
        guard v.isFinite else {
            throw fail(.nonFiniteNumber, "the number \(text(t.start, t.end)) is too large for a Double", at: t.start)
        }
        return v
    }

    /// An exact ``JSONValue/integer(_:)`` when the literal is an integer that fits, else a ``JSONValue/number(_:)``.
    private mutating func numberValue(_ t: NumberToken) throws(GeoJSONError) -> JSONValue {
        if t.isInteger && !t.inexact && t.exponent10 == 0 {
            if t.negative {
                if t.mantissa == 0 { return .number(-0.0) }
                if t.mantissa <= UInt64(Int64.max) { return .integer(-Int64(t.mantissa)) }
                if t.mantissa == UInt64(Int64.max) + 1 { return .integer(Int64.min) }
            } else if t.mantissa <= UInt64(Int64.max) {
                return .integer(Int64(t.mantissa))
            }
        }
        return .number(try numberDouble(t))
    }

    /// Scans a number per RFC 8259's grammar (no leading zeros, `+`, `.5`, `1.` or hex).
    private mutating func scanNumber() throws(GeoJSONError) -> NumberToken {
        var t = NumberToken(start: pos, end: pos, negative: false, mantissa: 0, exponent10: 0, inexact: false, isInteger: true)
        if peek() == UInt8(ascii: "-") {
            t.negative = true
            pos += 1
        }
        var digits = 0
        var b = peek()
        if b == UInt8(ascii: "0") {
            pos += 1
            if isDigit(peek()) { throw fail(.malformedJSON, "a number has a leading zero") }
        } else if b >= UInt8(ascii: "1") && b <= UInt8(ascii: "9") {
            while pos < count {
                b = base[pos]
                guard isDigit(b) else { break }
                if digits < 19 {
                    t.mantissa = t.mantissa &* 10 &+ UInt64(b &- 0x30)
                    digits += 1
                } else {
                    t.inexact = true
                }
                pos += 1
            }
        } else {
            if b == UInt8(ascii: "I") {
                pos = t.start
                throw nonFiniteToken()
            }
            throw unexpected("a digit in a number")
        }
        if peek() == UInt8(ascii: ".") {
            t.isInteger = false
            pos += 1
            guard isDigit(peek()) else { throw unexpected("a digit after '.'") }
            while pos < count {
                b = base[pos]
                guard isDigit(b) else { break }
                if t.mantissa == 0 && b == UInt8(ascii: "0") {
                    t.exponent10 -= 1
                } else if digits < 19 {
                    t.mantissa = t.mantissa &* 10 &+ UInt64(b &- 0x30)
                    t.exponent10 -= 1
                    digits += 1
                } else {
                    t.inexact = true
                }
                pos += 1
            }
        }
        b = peek()
        if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            t.isInteger = false
            pos += 1
            var negativeExponent = false
            b = peek()
            if b == UInt8(ascii: "-") || b == UInt8(ascii: "+") {
                negativeExponent = b == UInt8(ascii: "-")
                pos += 1
            }
            guard isDigit(peek()) else { throw unexpected("a digit in an exponent") }
            var e = 0
            while pos < count, isDigit(base[pos]) {
                if e < 100_000 { e = e * 10 + Int(base[pos] - 0x30) }
                pos += 1
            }
            t.exponent10 += negativeExponent ? -e : e
        }
        t.end = pos
        return t
    }

    @inline(__always)
    private mutating func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    // MARK: Errors

    private mutating func fail(_ kind: GeoJSONError.Kind, _ message: String, at offset: Int? = nil) -> GeoJSONError {
        GeoJSONError(kind, message, featureIndex: featureIndex, byteOffset: offset ?? min(pos, count))
    }

    /// "expected X, found Y", or a truncation error at the end of input.
    private mutating func unexpected(_ expectation: String) -> GeoJSONError {
        if pos >= count {
            return fail(.truncated, "unexpected end of input; expected \(expectation) (is the file truncated?)")
        }
        return fail(.malformedJSON, "expected \(expectation), found \(describeHere())")
    }

    /// A value of the wrong JSON type: "<what is required>, found <what is here>", or a
    /// truncation error when the input ends here.
    private mutating func mismatch(_ requirement: String) -> GeoJSONError {
        if pos >= count {
            return fail(.truncated, "unexpected end of input: \(requirement) (is the file truncated?)")
        }
        return fail(.invalidGeoJSON, "\(requirement), found \(describeHere())")
    }

    private mutating func nonFiniteToken() -> GeoJSONError {
        var end = pos
        while end < count, end - pos < 12 {
            let b = base[end] | 0x20   // lower case
            guard (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (end == pos && base[end] == UInt8(ascii: "-")) else { break }
            end += 1
        }
        return fail(.nonFiniteNumber, "\(text(pos, end)) is not a JSON number (NaN and Infinity are not allowed in JSON)")
    }

    /// The byte at `pos`, quoted, for messages.
    private mutating func describeHere() -> String {
        guard pos < count else { return "the end of input" }
        let b = base[pos]
        switch b {
        case UInt8(ascii: "\""): return "a string"
        case UInt8(ascii: "["): return "an array"
        case UInt8(ascii: "{"): return "an object"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "a number"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "a boolean"
        case UInt8(ascii: "n"): return "null"
        default: return "'\(printable(b))'"
        }
    }

    private mutating func text(_ from: Int, _ to: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + from, count: max(0, min(to, count) - from)), as: UTF8.self)
    }
}

/// The seven RFC 7946 geometry types; the raw value is the `"type"` name, spelled in this one place.
enum GeometryKind: String, Equatable {
    case point = "Point", multiPoint = "MultiPoint", lineString = "LineString"
    case multiLineString = "MultiLineString", polygon = "Polygon", multiPolygon = "MultiPolygon"
    case geometryCollection = "GeometryCollection"

    /// The kind named by a `"type"` member, or `nil` for a name that is not a geometry type.
    init?(name: String) { self.init(rawValue: name) }

    /// The `"type"` name.
    var name: String { rawValue }
}

/// `strtod` on a NUL-terminated stack copy of a number's bytes (glibc's correctly rounded
/// conversion, the one `Double(String)` uses). A free function so that it captures nothing.
@inline(never)
private func slowDouble(_ bytes: UnsafePointer<UInt8>, count n: Int) -> Double {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: n + 1) { buffer -> Double in
        guard let text = buffer.baseAddress else { return .nan }
        UnsafeMutableRawPointer(text).copyMemory(from: bytes, byteCount: n)
        buffer[n] = 0
        return strtod(text, nil)
    }
}

/// 10^0 ... 10^22, all exactly representable as Doubles.
private let powersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

/// The value of one hexadecimal digit, or `nil`.
private func hexValue(_ c: UInt8) -> UInt32? {
    switch c {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(c - UInt8(ascii: "0"))
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(c - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(c - UInt8(ascii: "A") + 10)
    default: return nil
    }
}

private func printable(_ b: UInt8) -> String {
    b >= 0x20 && b < 0x7F ? String(UnicodeScalar(b)) : "byte 0x\(hex(b))"
}

private func hex(_ b: UInt8) -> String {
    let s = String(b, radix: 16, uppercase: true)
    return s.count == 1 ? "0" + s : s
}

private func hex16(_ v: UInt32) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}
