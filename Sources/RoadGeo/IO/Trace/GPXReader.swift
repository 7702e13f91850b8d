import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads GPX 1.0 and 1.1 (https://www.topografix.com/GPX/1/1/) into ``GPSTrace``s with
/// Foundation's `XMLParser` (libxml2's SAX parser on Linux, through swift-corelibs-foundation).
///
/// - One trace per `<trkseg>` that has points (segments are separate recordings: the logger
///   lost the fix or was switched off between them), named `track T 'name', segment S`
///   (1-based, counting empty segments too, so the numbers are those of the file).
/// - One trace per `<rte>` with points, named `route R 'name'`.
/// - Per point: `lat`/`lon` (required), `<time>` (ISO 8601, UTC when no zone is given, as GPX
///   defines it), and the numeric children GPX defines, as columns in this order when any point
///   of the trace has them: `ele` (metres), `speed` (m/s, GPX 1.0), `course` (degrees, GPX 1.0),
///   `hdop`, `vdop`, `pdop`, `sat`, `magvar`, `geoidheight`, `ageofdgpsdata`, `dgpsid`. An empty
///   element (`<ele></ele>`, as some loggers write) is a missing value (`NaN`).
/// - Ignored: `<wpt>` (waypoints are not a drive), `<metadata>`, `<extensions>` and everything
///   in a namespace that is not GPX's (Garmin's `gpxtpx:hr` ...).
///
/// Strict: a point without `lat` or `lon`, a coordinate that is not a number or out of range,
/// a bad time or number, a `<trkpt>` outside a `<trkseg>`, and malformed or truncated XML all
/// throw a ``TraceError`` with the line (the line where the offending start tag ends, as libxml2
/// reports it). No point is dropped silently. A file with no track or route points throws
/// ``TraceError/Kind-swift.struct/noFixes``.
enum GPXReader {
    /// Parses a GPX document.
    /// - Complexity: O(bytes).
    static func parse(_ bytes: [UInt8], path: String?) throws(TraceError) -> [GPSTrace] {
        let handler = GPXHandler(path: path, lastLine: lastContentLine(bytes))
        let parser = XMLParser(data: Data(bytes))
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = handler
        let finished = parser.parse()
        if let error = handler.error ?? handler.pendingError { throw error }
        // libxml2 reports some errors (a truncated file) and still returns true: check both.
        if !finished || parser.parserError != nil {
            throw TraceError(.malformed, "the XML parser stopped without saying why", path: path, line: parser.lineNumber)
        }
        guard handler.sawRoot else {
            throw TraceError(.malformed, "no XML element found; expected a <gpx> document", path: path)
        }
        guard !handler.traces.isEmpty else {
            let waypoints = handler.waypoints > 0 ? " (\(handler.waypoints) waypoint\(handler.waypoints == 1 ? "" : "s") ignored: waypoints are not a trace)" : ""
            throw TraceError(.noFixes, "the GPX file has no track or route points\(waypoints)", path: path)
        }
        return handler.traces
    }

    /// The 1-based line of the last byte that is not white space (an error there, with the
    /// root still open, means the file was cut short).
    static func lastContentLine(_ bytes: [UInt8]) -> Int {
        var end = bytes.count
        while end > 0, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        var line = 1
        for i in 0..<end where bytes[i] == 0x0A { line += 1 }
        return line
    }

    /// The numeric point children GPX 1.0 and 1.1 define, in column order.
    static let valueFields = ["ele", "speed", "course", "hdop", "vdop", "pdop", "sat", "magvar",
                              "geoidheight", "ageofdgpsdata", "dgpsid"]
}

/// The SAX delegate: a small state machine over the element stack. Holds the first error and
/// aborts the parse on it; later callbacks (libxml2 goes on after some errors) are ignored.
final class GPXHandler: NSObject, XMLParserDelegate {
    let path: String?
    let lastLine: Int
    private(set) var error: TraceError?
    /// A problem on the file's last line, held back: when libxml2 then reports the file as
    /// cut short (it hands over a start tag cut inside its attributes before saying so), the
    /// truncation is the error to report.
    private(set) var pendingError: TraceError?
    private(set) var traces: [GPSTrace] = []
    private(set) var waypoints = 0
    private(set) var sawRoot = false

    private var rootNamespace: String?
    private var rootClosed = false
    /// Local names of the open elements that are not being skipped.
    private var stack: [String] = []
    /// The depth of the element whose subtree is being skipped, if any.
    private var skipDepth: Int?
    private var depth = 0

    private var trackIndex = 0, routeIndex = 0, segmentIndex = 0
    private var containerName: String?
    /// A track's segments, named when the track closes (its `<name>` may come after them).
    private var pendingSegments: [(segment: Int, trace: GPSTrace)] = []

    // The trace being read: parallel arrays, `vals` row-major over all `valueFields`.
    private var coords: [Coordinate] = []
    private var times: [Double] = []
    private var vals: [Double] = []
    private var anyTime = false
    private var present = [Bool](repeating: false, count: GPXReader.valueFields.count)

    private enum Collecting { case name, time, value(Int) }
    private var collecting: Collecting?
    private var text = ""
    private var textLine = 0

    init(path: String?, lastLine: Int) {
        self.path = path
        self.lastLine = lastLine
    }

    // MARK: XMLParserDelegate

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName qName: String?, attributes: [String: String] = [:]) {
        guard error == nil && pendingError == nil else { return }
        depth += 1
        guard skipDepth == nil else { return }
        let line = parser.lineNumber
        guard let parent = stack.last else {
            guard elementName == "gpx" else {
                return fail(parser, .unsupported, "the root element is <\(qName ?? elementName)>, not <gpx>: not a GPX file", line: line)
            }
            sawRoot = true
            rootNamespace = namespaceURI
            stack.append(elementName)
            return
        }
        if let ns = namespaceURI, !ns.isEmpty, ns != rootNamespace, !ns.contains("topografix.com/GPX") {
            skipDepth = depth   // another vocabulary (an extension schema)
            return
        }
        switch (parent, elementName) {
        case ("gpx", "trk"):
            trackIndex += 1
            segmentIndex = 0
            containerName = nil
            pendingSegments = []
        case ("trk", "trkseg"):
            segmentIndex += 1
            startTrace()
        case ("gpx", "rte"):
            routeIndex += 1
            containerName = nil
            startTrace()
        case ("trkseg", "trkpt"), ("rte", "rtept"):
            startPoint(parser, elementName, attributes, line: line)
        case ("trk", "name"), ("rte", "name"):
            collect(.name, line: line)
        case ("trkpt", "time"), ("rtept", "time"):
            collect(.time, line: line)
        case ("trkpt", _), ("rtept", _):
            if let k = GPXReader.valueFields.firstIndex(of: elementName) {
                collect(.value(k), line: line)
            } else {
                skipDepth = depth   // name, sym, fix, extensions ...
                return
            }
        case (_, "trkpt"), (_, "rtept"), (_, "trkseg"):
            let expected = elementName == "trkpt" ? "<trkseg>" : elementName == "rtept" ? "<rte>" : "<trk>"
            return fail(parser, .unsupported, "<\(elementName)> inside <\(parent)>; GPX puts it inside \(expected), and its points would otherwise be lost", line: line)
        case ("gpx", "wpt"):
            waypoints += 1
            skipDepth = depth
            return
        default:
            skipDepth = depth   // metadata, extensions, a track's desc or link ...
            return
        }
        stack.append(elementName)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard error == nil && pendingError == nil else { return }
        defer { depth -= 1 }
        if let skip = skipDepth {
            if depth == skip { skipDepth = nil }
            return
        }
        stack.removeLast()
        switch elementName {
        case "name" where collecting != nil:
            let name = text.trimmingCharacters(in: .whitespacesAndNewlines)
            containerName = name.isEmpty ? nil : name
            collecting = nil
        case "time" where collecting != nil:
            collecting = nil
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { return }
            guard let t = TraceText.iso8601(trimmed) else {
                return fail(parser, .invalidTime, "<time>\(trimmed)</time> is not an ISO 8601 date-time (e.g. 2024-05-01T08:30:00Z)", line: textLine)
            }
            guard !times.isEmpty else { return }
            times[times.count - 1] = t
            anyTime = true
        case "trkpt", "rtept":
            break
        case "trkseg":
            if !coords.isEmpty { pendingSegments.append((segmentIndex, finishTrace(name: ""))) }
        case "trk":
            let label = containerName.map { " '\($0)'" } ?? ""
            for (segment, var trace) in pendingSegments {
                trace.name = "track \(trackIndex)\(label), segment \(segment)"
                traces.append(trace)
            }
            pendingSegments = []
        case "rte":
            let label = containerName.map { " '\($0)'" } ?? ""
            if !coords.isEmpty { traces.append(finishTrace(name: "route \(routeIndex)\(label)")) }
        case "gpx":
            rootClosed = true
        default:
            if case .value(let k) = collecting {
                collecting = nil
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if trimmed.isEmpty { return }   // <ele></ele>: no value
                guard let v = TraceText.decimal(trimmed) else {
                    return fail(parser, .invalidNumber, "<\(elementName)>\(trimmed)</\(elementName)> is not a number", line: textLine)
                }
                guard vals.count >= GPXReader.valueFields.count else { return }
                vals[vals.count - GPXReader.valueFields.count + k] = v
                present[k] = true
            }
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if collecting != nil && error == nil && skipDepth == nil { text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA CDATABlock: Data) {
        if collecting != nil && error == nil && skipDepth == nil { text += String(decoding: CDATABlock, as: UTF8.self) }
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        guard error == nil else { return }
        let line = parser.lineNumber
        let code = (parseError as NSError).code
        if sawRoot && !rootClosed && line >= lastLine {
            let inside = stack.last.map { " inside <\($0)>" } ?? ""
            error = TraceError(.truncated, "the file ends\(inside) before the GPX document is complete (XML error \(code)): it was cut short", path: path, line: line)
        } else {
            error = TraceError(.malformed, "malformed XML: \(xmlProblem(code)) (libxml2 error \(code))", path: path, line: line)
        }
        parser.abortParsing()
    }

    // MARK: Building traces

    private func fail(_ parser: XMLParser, _ kind: TraceError.Kind, _ message: String, line: Int) {
        let e = TraceError(kind, message, path: path, line: line)
        if line >= lastLine && !rootClosed {
            pendingError = e   // see pendingError; the parse ends within this line anyway
        } else {
            error = e
            parser.abortParsing()
        }
    }

    private func collect(_ what: Collecting, line: Int) {
        collecting = what
        text = ""
        textLine = line
    }

    private func startTrace() {
        coords.removeAll(keepingCapacity: true)
        times.removeAll(keepingCapacity: true)
        vals.removeAll(keepingCapacity: true)
        anyTime = false
        for k in present.indices { present[k] = false }
    }

    private func startPoint(_ parser: XMLParser, _ element: String, _ attributes: [String: String], line: Int) {
        var numbers = [0.0, 0.0]
        for (k, name) in ["lon", "lat"].enumerated() {
            guard let raw = attributes[name] else {
                return fail(parser, .missingCoordinate, "<\(element)> has no \"\(name)\" attribute", line: line)
            }
            guard let v = TraceText.decimal(raw) else {
                return fail(parser, .invalidCoordinate, "<\(element)> \(name)=\"\(raw)\" is not a number", line: line)
            }
            numbers[k] = v
        }
        let c = Coordinate(numbers[0], numbers[1])
        if let problem = c.geographicProblem {
            return fail(parser, .invalidCoordinate, "<\(element)>: \(problem)", line: line)
        }
        coords.append(c)
        times.append(.nan)
        vals.append(contentsOf: repeatElement(.nan, count: GPXReader.valueFields.count))
    }

    /// The trace read so far, with only the columns some point had, and no times when no point had one.
    private func finishTrace(name: String) -> GPSTrace {
        let width = GPXReader.valueFields.count
        let kept = present.indices.filter { present[$0] }
        var compact: [Double] = []
        compact.reserveCapacity(coords.count * kept.count)
        for i in 0..<coords.count {
            for k in kept { compact.append(vals[i * width + k]) }
        }
        return GPSTrace(name: name, coordinates: coords, times: anyTime ? times : [],
                        columns: kept.map { GPXReader.valueFields[$0] }, values: compact)
    }
}

/// A phrase for the libxml2 error codes (`xmlParserErrors`) seen most in broken GPX files.
private func xmlProblem(_ code: Int) -> String {
    switch code {
    case 4: return "the document is empty or does not start with an element"
    case 5: return "extra content after the root element, or the document ends early"
    case 9: return "a character that XML does not allow"
    case 23, 24: return "an entity reference without its ';' or name"
    case 26, 27: return "an undeclared entity (a bare '&' must be written &amp;)"
    case 31, 32: return "an unsupported or wrong encoding declaration"
    case 38, 39, 40, 41, 65: return "an attribute value without quotes or '='"
    case 42: return "an attribute given twice"
    case 45: return "a comment that is not closed"
    case 64, 68: return "a bad name or a '<' where text was expected"
    case 73: return "'>' expected"
    case 76: return "a closing tag that does not match the open element"
    case 77: return "an element that is not closed"
    default: return "the XML is not well-formed"
    }
}
