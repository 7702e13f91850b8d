extension GeoJSONParser {
    // MARK: Geometry

    /// Parses a geometry object whose type has been found by ``peekType()``; `pos` is at its `{`.
    mutating func parseGeometry(_ kind: GeometryKind) throws(GeoJSONError) -> GeoJSONGeometry {
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

    mutating func parseCoordinates(_ kind: GeometryKind) throws(GeoJSONError) -> GeoJSONGeometry {
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
    mutating func parseLineList(_ name: String, rings: Bool) throws(GeoJSONError) -> [[Coordinate]] {
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
    mutating func parsePositionList(_ name: String) throws(GeoJSONError) -> [Coordinate] {
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
    mutating func parsePosition(_ name: String, index: Int) throws(GeoJSONError) -> Coordinate {
        skipWhitespace()
        let start = pos
        guard peek() == UInt8(ascii: "[") else {
            if pos >= count { throw fail(.truncated, "unexpected end of input in \(name) coordinates") }
            throw mismatch("\(name) position \(index) must be an array [longitude, latitude]")
        }
        pos += 1
        var numbers = 0
        var lon = 0.0, lat = 0.0, altitude = Double.nan
        skipWhitespace()
        if peek() != UInt8(ascii: "]") {
            while true {
                let value = try parseDouble(name, index: index)
                if numbers == 0 { lon = value } else if numbers == 1 { lat = value } else if numbers == 2 { altitude = value }
                numbers += 1
                skipWhitespace()
                let b = peek()
                if b == UInt8(ascii: ",") { pos += 1; continue }
                if b == UInt8(ascii: "]") { break }
                throw unexpected("',' or ']' in \(name) position \(index)")
            }
        }
        pos += 1
        altitudes?.append(altitude)
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

    mutating func parseDouble(_ name: String, index: Int) throws(GeoJSONError) -> Double {
        skipWhitespace()
        let b = peek()
        guard b == UInt8(ascii: "-") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) else {
            if b == UInt8(ascii: "N") || b == UInt8(ascii: "I") { throw nonFiniteToken() }
            if pos >= count { throw fail(.truncated, "unexpected end of input in \(name) position \(index)") }
            throw mismatch("\(name) position \(index) must contain numbers")
        }
        return try numberDouble(try scanNumber())
    }

    mutating func parseBBox() throws(GeoJSONError) -> [Double] {
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
    mutating func peekType() throws(GeoJSONError) -> String? {
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
