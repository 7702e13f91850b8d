/// The byte-level GeoJSON parser behind ``GeoJSONReader``. All of the reader's pointer code
/// lives in its files: this one (the document, features and collections),
/// `GeoJSONParser+Geometry.swift` (geometries and positions), `GeoJSONParser+JSON.swift` (the
/// JSON scanner: values, structure, strings, error messages) and `GeoJSONParser+Numbers.swift`.
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
    let base: UnsafePointer<UInt8>
    let count: Int
    let maximumDepth: Int
    var pos = 0
    var depth = 0
    /// The feature being parsed, for error messages.
    var featureIndex: Int?
    /// Reused for strings with escapes.
    var scratch: [UInt8] = []
    /// Reused for one list of positions, copied out exactly sized.
    var positions: [Coordinate] = []
    /// With `lenient`, problems confined to one feature of a collection (a position out of
    /// range, a ring not closed, an unknown geometry type) do not stop the parse: the first one
    /// is kept here and handed over with the feature, which the caller then skips. Positions
    /// are only checked to be finite: clamping and antimeridian cuts are the caller's.
    let lenient: Bool
    var featureProblem: String?
    /// When not `nil`, every position parsed appends its third number (its altitude) here, or
    /// `NaN` when it has two: one entry per position in file order, which is the order of
    /// ``GeoJSONGeometry/forEachPosition(_:)`` over the features. The GPS trace reader keeps
    /// elevations this way; the road reader leaves it `nil` and drops altitudes.
    var altitudes: [Double]?

    init(base: UnsafePointer<UInt8>, count: Int, maximumDepth: Int, lenient: Bool = false) {
        self.base = base
        self.count = count
        self.maximumDepth = maximumDepth
        self.lenient = lenient
    }

    /// In lenient mode inside a collection's feature, records `message` as the feature's
    /// problem and returns true (the caller goes on); otherwise returns false (it throws).
    mutating func tolerate(_ message: String) -> Bool {
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
        if pos < count { throw fail(.malformed, "unexpected \(describeHere()) after the GeoJSON object") }
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
}
