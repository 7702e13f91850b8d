/// Reads a CSV of GPS fixes (one fix per row) into one ``GPSTrace`` named after the file.
///
/// - A header row is required. The longitude column is the first of `lon`, `lng`, `long`,
///   `longitude`, `x` the header has, the latitude `lat`, `latitude`, `y`, the optional time
///   `time`, `timestamp`, `datetime`, `t` (names compared ignoring case and surrounding space),
///   unless ``TraceReadOptions`` names them.
/// - Times: ISO 8601 (UTC when no zone is given) or a number of seconds since 1970-01-01
///   (not milliseconds); an empty cell is a fix without a time.
/// - Every other column is a value column when it has at least one number and no other
///   non-empty cell: a column with any text in it (`"n/a"`, a road name, `1,5` with a decimal
///   comma) is left out whole rather than read half as `NaN`, so a value is never made up.
///   Empty cells of a value column are `NaN`.
/// - The delimiter is the one of `,` `;` tab that the header has most of (outside quotes;
///   ties go in that order). Fields may be quoted (RFC 4180: `""` for a quote, delimiters and
///   line breaks inside quotes); lines end in LF, CRLF or CR; blank lines are skipped; a UTF-8
///   byte order mark is skipped.
///
/// Strict: a row with another number of fields than the header, an empty or non-numeric
/// longitude or latitude, an out-of-range coordinate, a bad time, an unclosed quote or text
/// after a closing quote throws a ``TraceError`` with the 1-based line.
///
/// One pass over the bytes, no `String` per cell: numbers are parsed in place, the fixes go
/// into four flat arrays.
enum TraceCSVReader {
    static let longitudeNames = ["lon", "lng", "long", "longitude", "x"]
    static let latitudeNames = ["lat", "latitude", "y"]
    static let timeNames = ["time", "timestamp", "datetime", "t"]

    private enum Role { case longitude, latitude, time, value(Int) }

    /// Parses a whole CSV text.
    /// - Complexity: O(bytes).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, name: String, path: String?,
                      options: TraceReadOptions) throws(TraceError) -> GPSTrace {
        var start = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { start = 3 }
        var scanner = CSVScanner(bytes: bytes, pos: start, delimiter: detectDelimiter(bytes, from: start), path: path)
        scanner.skipBlankLines()
        guard scanner.pos < bytes.count else {
            throw TraceError(.empty, "the CSV is empty; expected a header row naming lon and lat columns", path: path)
        }

        // Header.
        var header: [String] = []
        while true {
            let field = try scanner.nextField()
            header.append(scanner.string(field).trimmingCharacters(in: .whitespaces))
            if field.terminator != .delimiter { break }
        }
        let lon = try column(options.longitudeColumn, candidates: longitudeNames, what: "longitude", in: header, path: path)
        let lat = try column(options.latitudeColumn, candidates: latitudeNames, what: "latitude", in: header, path: path)
        let time: Int? = options.timeColumn == nil && timeNames.allSatisfy({ name in !header.contains { $0.lowercased() == name } })
            ? nil : try column(options.timeColumn, candidates: timeNames, what: "time", in: header, path: path)
        guard lon != lat else {
            throw TraceError(.missingColumn, "the longitude and latitude are both column \(lon + 1) (\"\(header[lon])\")", path: path, line: 1)
        }
        var roles: [Role] = []
        var others: [Int] = []
        for j in header.indices {
            if j == lon { roles.append(.longitude) }
            else if j == lat { roles.append(.latitude) }
            else if j == time { roles.append(.time) }
            else { roles.append(.value(others.count)); others.append(j) }
        }

        // Rows.
        var coordinates: [Coordinate] = []
        var times: [Double] = []
        var raw: [Double] = []
        var numeric = [Bool](repeating: true, count: others.count)
        var sawNumber = [Bool](repeating: false, count: others.count)
        while true {
            scanner.skipBlankLines()
            guard scanner.pos < bytes.count else { break }
            let recordLine = scanner.line
            var j = 0
            var x = Double.nan, y = Double.nan, t = Double.nan
            while true {
                let fieldLine = scanner.line
                let field = try scanner.nextField()
                if j < roles.count {
                    switch roles[j] {
                    case .longitude: x = try scanner.coordinate(field, header[j], "longitude", line: fieldLine)
                    case .latitude: y = try scanner.coordinate(field, header[j], "latitude", line: fieldLine)
                    case .time:
                        if !scanner.isBlank(field) {
                            guard let v = scanner.withBytes(field, TraceText.time) else {
                                throw TraceError(.invalidTime, "the time \"\(scanner.string(field))\" in column \"\(header[j])\" is neither ISO 8601 (e.g. 2024-05-01T08:30:00Z) nor a number of seconds", path: path, line: fieldLine)
                            }
                            t = v
                        }
                    case .value(let k):
                        var v = Double.nan
                        if numeric[k] && !scanner.isBlank(field) {
                            if let d = scanner.withBytes(field, TraceText.decimal) {
                                v = d
                                sawNumber[k] = true
                            } else {
                                numeric[k] = false
                            }
                        }
                        raw.append(v)
                    }
                }
                j += 1
                if field.terminator != .delimiter { break }
            }
            guard j == header.count else {
                throw TraceError(.fieldCount, "the row has \(j) field\(j == 1 ? "" : "s"); the header has \(header.count)", path: path, line: recordLine)
            }
            let c = Coordinate(x, y)
            if let problem = c.geographicProblem {
                throw TraceError(.invalidCoordinate, problem, path: path, line: recordLine)
            }
            coordinates.append(c)
            if time != nil { times.append(t) }
        }
        guard !coordinates.isEmpty else {
            throw TraceError(.noFixes, "the CSV has a header but no rows", path: path)
        }

        // Keep the value columns that held numbers only.
        let kept = others.indices.filter { numeric[$0] && sawNumber[$0] }
        var values: [Double]
        if kept.count == others.count {
            values = raw
        } else {
            values = []
            values.reserveCapacity(coordinates.count * kept.count)
            let width = others.count
            for i in 0..<coordinates.count {
                for k in kept { values.append(raw[i * width + k]) }
            }
        }
        return GPSTrace(name: name, coordinates: coordinates, times: times,
                        columns: kept.map { header[others[$0]] }, values: values)
    }

    /// The column the options name, else the first candidate name the header has.
    private static func column(_ named: String?, candidates: [String], what: String, in header: [String],
                               path: String?) throws(TraceError) -> Int {
        let lowered = header.map { $0.lowercased() }
        if let named {
            if let j = lowered.firstIndex(of: named.trimmingCharacters(in: .whitespaces).lowercased()) { return j }
            throw TraceError(.missingColumn, "the header has no column \"\(named)\" for the \(what) (it has \(quoted(header)))", path: path, line: 1)
        }
        for name in candidates {
            if let j = lowered.firstIndex(of: name) { return j }
        }
        throw TraceError(.missingColumn, "the header has no \(what) column (one of \(quoted(candidates))); it has \(quoted(header)). Name it with TraceReadOptions", path: path, line: 1)
    }

    private static func quoted(_ names: [String]) -> String {
        names.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    /// The one of `,` `;` tab that the first line has most of outside quotes; `,` when none.
    static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> UInt8 {
        var comma = 0, semicolon = 0, tab = 0, inQuotes = false
        var i = start
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { inQuotes.toggle() }
            else if !inQuotes {
                if b == 0x0A || b == 0x0D {
                    if comma + semicolon + tab > 0 { break }   // blank lines before the header
                } else if b == UInt8(ascii: ",") { comma += 1 }
                else if b == UInt8(ascii: ";") { semicolon += 1 }
                else if b == 0x09 { tab += 1 }
            }
            i += 1
        }
        if semicolon > comma && semicolon >= tab { return UInt8(ascii: ";") }
        if tab > comma && tab > semicolon { return 0x09 }
        return UInt8(ascii: ",")
    }
}

/// RFC 4180 field scanning over UTF-8 bytes, with 1-based line counting.
struct CSVScanner {
    enum End { case delimiter, record, endOfInput }
    struct Field {
        var start: Int
        var stop: Int
        /// Quoted with `""` inside: the bytes need unescaping (and are never a number).
        var escaped: Bool
        /// What ended the field.
        var terminator: End
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var pos: Int
    let delimiter: UInt8
    let path: String?
    var line = 1

    init(bytes: UnsafeBufferPointer<UInt8>, pos: Int, delimiter: UInt8, path: String?) {
        self.bytes = bytes
        self.pos = pos
        self.delimiter = delimiter
        self.path = path
    }

    mutating func skipBlankLines() {
        while pos < bytes.count, bytes[pos] == 0x0A || bytes[pos] == 0x0D {
            _ = newline()
        }
    }

    /// Consumes LF, CRLF or CR at `pos`.
    private mutating func newline() -> Bool {
        guard pos < bytes.count else { return false }
        if bytes[pos] == 0x0D {
            pos += 1
            if pos < bytes.count && bytes[pos] == 0x0A { pos += 1 }
        } else if bytes[pos] == 0x0A {
            pos += 1
        } else {
            return false
        }
        line += 1
        return true
    }

    /// Scans the field at `pos` and its terminator.
    mutating func nextField() throws(TraceError) -> Field {
        let quote = UInt8(ascii: "\"")
        guard pos < bytes.count, bytes[pos] == quote else {
            let start = pos
            while pos < bytes.count {
                let b = bytes[pos]
                if b == delimiter || b == 0x0A || b == 0x0D { break }
                pos += 1
            }
            return Field(start: start, stop: pos, escaped: false, terminator: terminator())
        }
        let openLine = line
        pos += 1
        let start = pos
        var escaped = false
        while true {
            guard pos < bytes.count else {
                throw TraceError(.truncated, "a quoted field opened on line \(openLine) is not closed before the end of the file", path: path, line: openLine)
            }
            let b = bytes[pos]
            if b == quote {
                if pos + 1 < bytes.count && bytes[pos + 1] == quote {
                    escaped = true
                    pos += 2
                    continue
                }
                break
            }
            if b == 0x0A || (b == 0x0D && !(pos + 1 < bytes.count && bytes[pos + 1] == 0x0A)) { line += 1 }
            pos += 1
        }
        let end = pos
        pos += 1
        while pos < bytes.count, bytes[pos] == 0x20 || (bytes[pos] == 0x09 && delimiter != 0x09) { pos += 1 }
        if pos < bytes.count, bytes[pos] != delimiter, bytes[pos] != 0x0A, bytes[pos] != 0x0D {
            let c = bytes[pos] >= 0x20 && bytes[pos] < 0x7F ? "'\(Character(Unicode.Scalar(bytes[pos])))'" : "byte \(bytes[pos])"
            throw TraceError(.malformed, "unexpected \(c) after the closing quote of a field (a quote inside a quoted field is written \"\")", path: path, line: line)
        }
        return Field(start: start, stop: end, escaped: escaped, terminator: terminator())
    }

    private mutating func terminator() -> End {
        guard pos < bytes.count else { return .endOfInput }
        if bytes[pos] == delimiter {
            pos += 1
            return .delimiter
        }
        _ = newline()
        return .record
    }

    /// The field's bytes as a string, `""` unescaped.
    func string(_ f: Field) -> String {
        let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[f.start..<f.stop]), as: UTF8.self)
        return f.escaped ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
    }

    /// Whether the field is empty or only spaces and tabs.
    func isBlank(_ f: Field) -> Bool {
        var i = f.start
        while i < f.stop, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        return i == f.stop
    }

    /// `body` over the field's bytes; `nil` for an escaped field (it holds a quote).
    func withBytes(_ f: Field, _ body: (UnsafeBufferPointer<UInt8>) -> Double?) -> Double? {
        f.escaped ? nil : body(UnsafeBufferPointer(rebasing: bytes[f.start..<f.stop]))
    }

    /// A longitude or latitude cell: required and numeric (range is checked with the pair).
    func coordinate(_ f: Field, _ column: String, _ what: String, line: Int) throws(TraceError) -> Double {
        if isBlank(f) {
            throw TraceError(.missingCoordinate, "the \(what) (column \"\(column)\") is empty", path: path, line: line)
        }
        guard let v = withBytes(f, TraceText.decimal) else {
            let text = string(f)
            let hint = text.contains(",") ? " (a decimal comma? RoadGeo reads 74.6, not 74,6)" : ""
            throw TraceError(.invalidCoordinate, "the \(what) \"\(text)\" (column \"\(column)\") is not a number\(hint)", path: path, line: line)
        }
        return v
    }
}
