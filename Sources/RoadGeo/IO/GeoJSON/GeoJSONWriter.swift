/// Writes GeoJSON (RFC 7946) as compact UTF-8 into a byte buffer.
///
/// Output is deterministic: members in a fixed order (`type`, `id`, `bbox`, `properties`,
/// `geometry`, then foreign members in their order), properties in their stored order,
/// strings escaped minimally (`"`, `\`, control characters; other text as raw UTF-8).
/// Coordinates are written with ``coordinatePrecision`` decimals, trailing zeros trimmed
/// (`8.6339321`, `49.41`); with `nil` they use the shortest text that reads back to the same
/// `Double`. Property numbers always use the shortest round-trip text, integers exactly.
/// NaN and infinities cannot be written (JSON has no such numbers) and throw.
///
/// ```swift
/// let writer = GeoJSONWriter(coordinatePrecision: 6)
/// let bytes = try writer.encode(.feature(GeoJSONFeature(
///     id: 1, geometry: .point(Coordinate(74.5698, 42.8746)), properties: ["name": "Бишкек"])))
/// // {"type":"Feature","id":1,"properties":{"name":"Бишкек"},"geometry":{"type":"Point","coordinates":[74.5698,42.8746]}}
/// ```
/// For collections too large to hold, stream features with ``GeoJSONFeatureStream`` or
/// ``GeoJSONFileWriter``.
public struct GeoJSONWriter: Hashable, Sendable {
    /// Decimals written for coordinates (0...15; other values are clamped), or `nil` for the
    /// shortest round-trip text.
    /// 7 decimals (the default, OpenStreetMap's precision) are about 1 cm on the ground.
    public var coordinatePrecision: Int?

    /// Creates a writer.
    ///
    /// - Parameter coordinatePrecision: Decimals for coordinates, 0...15, or `nil` for shortest
    ///   round-trip. 7 decimals are about 1 cm, 5 about 1 m.
    /// - Precondition: `coordinatePrecision` is `nil` or within 0...15.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let compact = GeoJSONWriter(coordinatePrecision: 5)   // ~1 m, smaller files for web maps
    /// ```
    public init(coordinatePrecision: Int? = 7) {
        precondition(coordinatePrecision.map { (0...15).contains($0) } ?? true, "coordinatePrecision must be within 0...15")
        self.coordinatePrecision = coordinatePrecision
    }

    /// Encodes a whole document.
    ///
    /// - Parameter document: The document.
    /// - Returns: The UTF-8 bytes.
    /// - Throws: ``GeoJSONError`` if a number is NaN or infinite.
    /// - Complexity: O(output size).
    ///
    /// ```swift
    /// let bytes = try GeoJSONWriter().encode(.featureCollection(GeoJSONFeatureCollection(features: features)))
    /// try Data(bytes).write(to: URL(fileURLWithPath: "/tmp/out.geojson"))
    /// ```
    public func encode(_ document: GeoJSONDocument) throws(GeoJSONError) -> [UInt8] {
        var out: [UInt8] = []
        try append(document, to: &out)
        return out
    }

    /// Encodes one JSON value on its own (a property value, a foreign member).
    ///
    /// ```swift
    /// let text = String(decoding: try GeoJSONWriter().encode(JSONValue.array([1, "a", nil])), as: UTF8.self)  // [1,"a",null]
    /// ```
    /// - Throws: ``GeoJSONError`` if a number is NaN or infinite.
    /// - Complexity: O(output size).
    public func encode(_ value: JSONValue) throws(GeoJSONError) -> [UInt8] {
        var out: [UInt8] = []
        try append(value, to: &out)
        return out
    }

    /// Appends a whole document to `out`.
    ///
    /// - Parameters:
    ///   - document: The document.
    ///   - out: The buffer to append to; existing bytes are kept.
    /// - Throws: ``GeoJSONError`` if a number is NaN or infinite.
    /// - Complexity: O(output size).
    ///
    /// ```swift
    /// var body: [UInt8] = []
    /// try GeoJSONWriter().append(doc, to: &body)
    /// ```
    public func append(_ document: GeoJSONDocument, to out: inout [UInt8]) throws(GeoJSONError) {
        switch document {
        case .featureCollection(let fc):
            out.append(contentsOf: #"{"type":"FeatureCollection""#.utf8)
            if let bbox = fc.bbox {
                out.append(contentsOf: #","bbox":"#.utf8)
                try appendNumbers(bbox, to: &out)
            }
            for m in fc.foreignMembers.members {
                out.append(UInt8(ascii: ","))
                JSONBytes.appendString(m.key, to: &out)
                out.append(UInt8(ascii: ":"))
                try append(m.value, to: &out)
            }
            out.append(contentsOf: #","features":["#.utf8)
            for (i, f) in fc.features.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                do {
                    try append(f, to: &out)
                } catch {
                    var located = error
                    located.featureIndex = i
                    throw located
                }
            }
            out.append(contentsOf: "]}".utf8)
        case .feature(let f):
            try append(f, to: &out)
        case .geometry(let g):
            try append(g, to: &out)
        }
    }

    /// Appends one Feature object to `out`.
    ///
    /// - Parameters:
    ///   - feature: The feature.
    ///   - out: The buffer to append to.
    /// - Throws: ``GeoJSONError`` if a number is NaN or infinite.
    /// - Complexity: O(output size).
    ///
    /// ```swift
    /// var line: [UInt8] = []
    /// try GeoJSONWriter().append(feature, to: &line)   // one GeoJSONSeq / NDJSON record
    /// line.append(UInt8(ascii: "\n"))
    /// ```
    public func append(_ feature: GeoJSONFeature, to out: inout [UInt8]) throws(GeoJSONError) {
        out.append(contentsOf: #"{"type":"Feature""#.utf8)
        if let id = feature.id {
            out.append(contentsOf: #","id":"#.utf8)
            try append(id, to: &out)
        }
        if let bbox = feature.bbox {
            out.append(contentsOf: #","bbox":"#.utf8)
            try appendNumbers(bbox, to: &out)
        }
        out.append(contentsOf: #","properties":"#.utf8)
        try append(feature.properties, to: &out)
        out.append(contentsOf: #","geometry":"#.utf8)
        if let g = feature.geometry {
            try append(g, to: &out)
        } else {
            out.append(contentsOf: "null".utf8)
        }
        for m in feature.foreignMembers.members {
            out.append(UInt8(ascii: ","))
            JSONBytes.appendString(m.key, to: &out)
            out.append(UInt8(ascii: ":"))
            try append(m.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends one geometry object to `out`.
    ///
    /// - Parameters:
    ///   - geometry: The geometry.
    ///   - out: The buffer to append to.
    /// - Throws: ``GeoJSONError`` if a coordinate is NaN or infinite.
    /// - Complexity: O(positions).
    ///
    /// ```swift
    /// var out: [UInt8] = []
    /// try GeoJSONWriter(coordinatePrecision: 4).append(.point(Coordinate(74.56981, 42.87462)), to: &out)
    /// // {"type":"Point","coordinates":[74.5698,42.8746]}
    /// ```
    public func append(_ geometry: GeoJSONGeometry, to out: inout [UInt8]) throws(GeoJSONError) {
        out.append(contentsOf: #"{"type":""#.utf8)
        out.append(contentsOf: geometry.typeName.utf8)
        if case .geometryCollection(let members) = geometry {
            out.append(contentsOf: #"","geometries":"#.utf8)
            try appendArray(members, to: &out) { g, out throws(GeoJSONError) in try append(g, to: &out) }
            out.append(UInt8(ascii: "}"))
            return
        }
        out.append(contentsOf: #"","coordinates":"#.utf8)
        switch geometry {
        case .point(let c):
            try appendPosition(c, to: &out)
        case .multiPoint(let cs), .lineString(let cs):
            try appendPositions(cs, to: &out)
        case .multiLineString(let parts), .polygon(let parts):
            try appendLines(parts, to: &out)
        case .multiPolygon(let polygons):
            try appendArray(polygons, to: &out) { p, out throws(GeoJSONError) in try appendLines(p, to: &out) }
        case .geometryCollection:
            break
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Appends any JSON value to `out`.
    ///
    /// - Parameters:
    ///   - value: The value; numbers use the shortest round-trip text, integers exactly.
    ///   - out: The buffer to append to.
    /// - Throws: ``GeoJSONError`` if a number is NaN or infinite.
    /// - Complexity: O(output size).
    ///
    /// ```swift
    /// var out: [UInt8] = []
    /// try GeoJSONWriter().append(JSONValue.array([1, 2.5, "a"]), to: &out)   // [1,2.5,"a"]
    /// ```
    public func append(_ value: JSONValue, to out: inout [UInt8]) throws(GeoJSONError) {
        switch value {
        case .string(let s): JSONBytes.appendString(s, to: &out)
        case .integer(let i): appendInteger(i, to: &out)
        case .number(let d): try appendShortest(d, to: &out)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case .array(let elements):
            try appendArray(elements, to: &out) { e, out throws(GeoJSONError) in try append(e, to: &out) }
        case .object(let o):
            try append(o, to: &out)
        }
    }

    /// Appends a JSON object, members in order.
    ///
    /// - Parameters:
    ///   - object: The object.
    ///   - out: The buffer to append to.
    /// - Throws: ``GeoJSONError`` if a number is NaN or infinite.
    /// - Complexity: O(output size).
    ///
    /// ```swift
    /// var out: [UInt8] = []
    /// try GeoJSONWriter().append(["name": "Chui", "lanes": 4] as JSONObject, to: &out)   // {"name":"Chui","lanes":4}
    /// ```
    public func append(_ object: JSONObject, to out: inout [UInt8]) throws(GeoJSONError) {
        out.append(UInt8(ascii: "{"))
        for (i, m) in object.members.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONBytes.appendString(m.key, to: &out)
            out.append(UInt8(ascii: ":"))
            try append(m.value, to: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    // MARK: Pieces

    /// Appends `[a,b,...]`, each element written by `element`.
    @inline(__always)
    private func appendArray<C: Collection>(_ elements: C, to out: inout [UInt8],
                                            _ element: (C.Element, inout [UInt8]) throws(GeoJSONError) -> Void) throws(GeoJSONError) {
        out.append(UInt8(ascii: "["))
        var first = true
        for e in elements {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            try element(e, &out)
        }
        out.append(UInt8(ascii: "]"))
    }

    private func appendLines(_ lines: [[Coordinate]], to out: inout [UInt8]) throws(GeoJSONError) {
        try appendArray(lines, to: &out) { line, out throws(GeoJSONError) in try appendPositions(line, to: &out) }
    }

    private func appendPositions(_ positions: [Coordinate], to out: inout [UInt8]) throws(GeoJSONError) {
        try appendArray(positions, to: &out) { c, out throws(GeoJSONError) in try appendPosition(c, to: &out) }
    }

    @inline(__always)
    private func appendPosition(_ c: Coordinate, to out: inout [UInt8]) throws(GeoJSONError) {
        out.append(UInt8(ascii: "["))
        try appendCoordinate(c.longitude, to: &out)
        out.append(UInt8(ascii: ","))
        try appendCoordinate(c.latitude, to: &out)
        out.append(UInt8(ascii: "]"))
    }

    private func appendNumbers(_ numbers: [Double], to out: inout [UInt8]) throws(GeoJSONError) {
        try appendArray(numbers, to: &out) { d, out throws(GeoJSONError) in try appendCoordinate(d, to: &out) }
    }

    /// `value` rounded to `coordinatePrecision` decimals (half away from zero), trailing zeros
    /// trimmed, never `-0`; the shortest round-trip text when the precision is `nil` or the
    /// scaled value is beyond 2^53.
    private func appendCoordinate(_ value: Double, to out: inout [UInt8]) throws(GeoJSONError) {
        guard let precision = coordinatePrecision else { return try appendShortest(value, to: &out) }
        guard value.isFinite else { throw nonFinite(value) }
        let scale = decimalScales[min(max(precision, 0), 15)]
        let scaled = (value * Double(scale)).rounded()
        guard abs(scaled) < 9_007_199_254_740_992 else { return try appendShortest(value, to: &out) }
        let units = Int64(scaled)
        if units < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = UInt64(units.magnitude)
        JSONBytes.appendDigits(magnitude / scale, minimumDigits: 1, to: &out)
        var fraction = magnitude % scale
        if fraction != 0 {
            var digits = min(max(precision, 0), 15)
            while fraction % 10 == 0 {
                fraction /= 10
                digits -= 1
            }
            out.append(UInt8(ascii: "."))
            JSONBytes.appendDigits(fraction, minimumDigits: digits, to: &out)
        }
    }

    /// Swift's shortest round-trip text for a Double (`1.5`, `1e-07`, `37.0`), all valid JSON numbers.
    private func appendShortest(_ value: Double, to out: inout [UInt8]) throws(GeoJSONError) {
        guard value.isFinite else { throw nonFinite(value) }
        out.append(contentsOf: value.description.utf8)
    }

    private func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        JSONBytes.appendDigits(value.magnitude, minimumDigits: 1, to: &out)
    }

    private func nonFinite(_ value: Double) -> GeoJSONError {
        GeoJSONError(.nonFiniteNumber, "cannot write \(value): JSON has no NaN or infinite numbers")
    }
}

/// 10^0 ... 10^15.
private let decimalScales: [UInt64] = (0...15).map { p in (0..<p).reduce(1) { acc, _ in acc * 10 } }

