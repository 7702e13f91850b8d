/// Reads GPS traces from GeoJSON with the library's own parser (``GeoJSONReader``'s), asked to
/// keep altitudes.
///
/// - A LineString or MultiPoint feature is one trace, a MultiLineString one trace per line,
///   named `feature F 'name'` (`, line L` for a MultiLineString's lines; 0-based as in
///   ``GeoJSONError``) after the `name` property; a bare geometry is named after the file.
///   Their per-position arrays, as togeojson and other converters write them: times from
///   `properties.coordTimes`, `properties.times` or `properties.coordinateProperties.times`
///   (ISO 8601 strings, numbers of seconds since 1970, `null` for none); and as value columns
///   every other array with one number (or `null`) per position, in `coordinateProperties`
///   (`heart`, `cad` ... as togeojson 5 writes them) or in `properties` (togeojson 0.x's
///   `heartRates`). An array with a non-number in it is not a column. For a MultiLineString, an array of arrays (one per line) or one flat
///   array over all positions. An array of the wrong length is an error, never trimmed.
/// - The Point features of a collection, in order, are one trace named after the file: time
///   from the `time` (else `timestamp`) property, and as value columns every property that
///   is a number (or `null`) in every point that has it.
/// - A third coordinate is the column `ele` (metres), when any position has one.
/// - Features without geometry are skipped (they hold no fix); Polygons and other geometries
///   are an error (``TraceError/Kind-swift.struct/unsupported``).
enum TraceGeoJSON {
    /// Parses a GeoJSON text.
    /// - Complexity: O(bytes).
    static func parse(_ buffer: UnsafeBufferPointer<UInt8>, name: String, path: String?) throws(TraceError) -> [GPSTrace] {
        guard let base = buffer.baseAddress, buffer.count > 0 else {
            throw TraceError(.empty, "the GeoJSON is empty", path: path)
        }
        var parser = GeoJSONParser(base: base, count: buffer.count, maximumDepth: 512)
        parser.altitudes = []
        let document: GeoJSONDocument
        do {
            document = try parser.parseDocument()
        } catch {
            throw converted(error, buffer, path: path)
        }
        let altitudes = parser.altitudes ?? []
        var features: [GeoJSONFeature]
        var bare = false
        switch document {
        case .featureCollection(let c): features = c.features
        case .feature(let f): features = [f]
        case .geometry(let g): features = [GeoJSONFeature(geometry: g)]; bare = true
        }
        let total = features.reduce(0) { $0 + ($1.geometry?.positionCount ?? 0) }
        guard total == altitudes.count else {
            throw TraceError(.unsupported, "a geometry has its \"coordinates\" member more than once", path: path)
        }

        var traces: [GPSTrace] = []
        var points: [(feature: Int, altitude: Double)] = []
        var pointsAt: Int?
        var offset = 0
        for (index, feature) in features.enumerated() {
            guard let geometry = feature.geometry else { continue }
            let n = geometry.positionCount
            let featureAltitudes = Array(altitudes[offset..<(offset + n)])
            offset += n
            let label = feature.properties["name"]?.stringValue.map { " '\($0)'" } ?? ""
            let title = bare ? name : "feature \(index)\(label)"
            do throws(TraceError) {
                switch geometry {
                case .lineString(let c), .multiPoint(let c):
                    if c.isEmpty { continue }
                    traces.append(try line(c, featureAltitudes, feature.properties, part: nil, name: title))
                case .multiLineString(let parts):
                    var first = 0
                    for (p, c) in parts.enumerated() {
                        defer { first += c.count }
                        if c.isEmpty { continue }
                        traces.append(try line(c, Array(featureAltitudes[first..<(first + c.count)]), feature.properties,
                                               part: (p, first, n), name: "\(title), line \(p)"))
                    }
                case .point:
                    if pointsAt == nil { pointsAt = traces.count }
                    points.append((index, featureAltitudes.first ?? .nan))
                default:
                    throw TraceError(.unsupported, "a \(geometry.typeName) is not a GPS trace; expected a LineString, MultiLineString, MultiPoint or Point")
                }
            } catch {
                var e = error
                e.path = path
                e.featureIndex = bare ? nil : index
                throw e
            }
        }
        if let at = pointsAt {
            traces.insert(try pointTrace(points, features, name: name, path: path), at: at)
        }
        guard !traces.isEmpty else {
            throw TraceError(.noFixes, "the GeoJSON has no LineString, MultiLineString, MultiPoint or Point with positions", path: path)
        }
        return traces
    }

    /// One line's trace. `part` is (index, first position, positions of the whole geometry)
    /// for a MultiLineString's line.
    private static func line(_ coordinates: [Coordinate], _ altitudes: [Double], _ properties: JSONObject,
                             part: (index: Int, first: Int, total: Int)?, name: String) throws(TraceError) -> GPSTrace {
        let n = coordinates.count
        var times: [Double] = []
        var columns: [String] = []
        var columnValues: [[Double]] = []
        if altitudes.contains(where: { !$0.isNaN }) {
            columns.append("ele")
            columnValues.append(altitudes)
        }
        let extra = properties["coordinateProperties"]?.objectValue
        let timeSources: [(key: String, value: JSONValue?)] = [
            ("coordTimes", properties["coordTimes"]), ("times", properties["times"]),
            ("coordinateProperties.times", extra?["times"]),
        ]
        if let source = timeSources.first(where: { $0.value != nil }), let value = source.value {
            for item in try slice(value, key: source.key, part: part, count: n) {
                times.append(try time(item, key: source.key))
            }
            if times.allSatisfy(\.isNaN) { times = [] }   // all null: no times at all
        }
        // Per-position number arrays: coordinateProperties members (togeojson 5+), and
        // properties such as togeojson 0.x's "heartRates".
        let reserved: Set<String> = ["coordTimes", "times", "coordinateProperties"]
        let candidates = (extra?.members ?? []).filter { $0.key != "times" }
            + properties.members.filter { !reserved.contains($0.key) && $0.value.arrayValue != nil }
        for member in candidates where !columns.contains(member.key) {
            guard let items = try? slice(member.value, key: member.key, part: part, count: n) else { continue }
            var numbers: [Double] = []
            numbers.reserveCapacity(n)
            for item in items {
                if let d = item.doubleValue { numbers.append(d) } else if item.isNull { numbers.append(.nan) } else { break }
            }
            if numbers.count == n && numbers.contains(where: { !$0.isNaN }) {
                columns.append(member.key)
                columnValues.append(numbers)
            }
        }
        return GPSTrace(name: name, coordinates: coordinates, times: times, columns: columns,
                        values: interleave(columnValues, count: n))
    }

    /// The elements of a per-position array that belong to one line: the whole array for a
    /// LineString, element `part` of an array of arrays, or a slice of one flat array.
    private static func slice(_ value: JSONValue, key: String, part: (index: Int, first: Int, total: Int)?,
                              count n: Int) throws(TraceError) -> [JSONValue] {
        guard let array = value.arrayValue else {
            throw TraceError(.unsupported, "\"\(key)\" must be an array, one entry per position; it is a \(value.typeName)")
        }
        guard let part else {
            guard array.count == n else {
                throw TraceError(.unsupported, "\"\(key)\" has \(array.count) entries for \(n) positions")
            }
            return array
        }
        if let first = array.first, first.arrayValue != nil {
            guard part.index < array.count, let inner = array[part.index].arrayValue else {
                throw TraceError(.unsupported, "\"\(key)\" has no array for line \(part.index)")
            }
            guard inner.count == n else {
                throw TraceError(.unsupported, "\"\(key)\" line \(part.index) has \(inner.count) entries for \(n) positions")
            }
            return inner
        }
        guard array.count == part.total else {
            throw TraceError(.unsupported, "\"\(key)\" has \(array.count) entries for the MultiLineString's \(part.total) positions")
        }
        return Array(array[part.first..<(part.first + n)])
    }

    /// A time entry: an ISO 8601 string, a number of seconds since 1970, or `null` (`NaN`).
    private static func time(_ value: JSONValue, key: String) throws(TraceError) -> Double {
        switch value {
        case .null: return .nan
        case .integer, .number: return value.doubleValue ?? .nan
        case .string(let s):
            if let t = TraceText.time(s) { return t }
            throw TraceError(.invalidTime, "\"\(key)\" entry \"\(s)\" is neither ISO 8601 (e.g. 2024-05-01T08:30:00Z) nor a number of seconds")
        default:
            throw TraceError(.invalidTime, "\"\(key)\" entry is a \(value.typeName); expected an ISO 8601 string or a number of seconds")
        }
    }

    /// The Point features as one trace, in order.
    private static func pointTrace(_ points: [(feature: Int, altitude: Double)], _ features: [GeoJSONFeature],
                                   name: String, path: String?) throws(TraceError) -> GPSTrace {
        var coordinates: [Coordinate] = []
        var times: [Double] = []
        var anyTime = false
        // First pass: the time of each point, and which properties are numbers wherever they occur.
        var keys: [String] = []
        var numeric: [String: Bool] = [:]
        for (index, _) in points {
            guard case .point(let c)? = features[index].geometry else { continue }
            coordinates.append(c)
            let properties = features[index].properties
            var t = Double.nan
            let timeKey = properties["time"] != nil ? "time" : "timestamp"
            if let value = properties[timeKey] {
                do { t = try time(value, key: timeKey) } catch {
                    var e = error
                    e.path = path
                    e.featureIndex = index
                    throw e
                }
                anyTime = anyTime || !t.isNaN
            }
            times.append(t)
            for member in properties.members where member.key != "time" && member.key != "timestamp" {
                let isNumber = member.value.doubleValue != nil || member.value.isNull
                if let known = numeric[member.key] {
                    numeric[member.key] = known && isNumber
                } else {
                    keys.append(member.key)
                    numeric[member.key] = isNumber
                }
            }
        }
        var columns: [String] = []
        var columnValues: [[Double]] = []
        let altitudes = points.map(\.altitude)
        if altitudes.contains(where: { !$0.isNaN }) {
            columns.append("ele")
            columnValues.append(altitudes)
        }
        for key in keys where numeric[key] == true && !columns.contains(key) {
            let values = points.map { features[$0.feature].properties[key]?.doubleValue ?? .nan }
            if values.contains(where: { !$0.isNaN }) {
                columns.append(key)
                columnValues.append(values)
            }
        }
        return GPSTrace(name: name, coordinates: coordinates, times: anyTime ? times : [], columns: columns,
                        values: interleave(columnValues, count: coordinates.count))
    }

    /// Column arrays to row-major values.
    private static func interleave(_ columns: [[Double]], count n: Int) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(n * columns.count)
        for i in 0..<n {
            for column in columns { values.append(column[i]) }
        }
        return values
    }

    /// The parser's error as a ``TraceError`` with the line.
    private static func converted(_ e: GeoJSONError, _ buffer: UnsafeBufferPointer<UInt8>, path: String?) -> TraceError {
        let kind: TraceError.Kind
        switch e.kind {
        case .truncated: kind = .truncated
        case .malformed, .tooDeep: kind = .malformed
        case .invalidCoordinate: kind = .invalidCoordinate
        case .nonFiniteNumber: kind = .invalidNumber
        default: kind = .unsupported
        }
        var line: Int?
        if let offset = e.byteOffset { line = GeoJSONReader.lineAndColumn(of: offset, in: buffer).0 }
        return TraceError(kind, e.message, path: path, line: line, featureIndex: e.featureIndex)
    }
}
