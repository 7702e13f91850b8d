/// A record-level finding of an import: a record skipped, or imported with something removed.
///
/// ```swift
/// for issue in result.report.skipped { print(issue) }   // "record 17: null shape"
/// ```
public struct ImportIssue: Hashable, Sendable, CustomStringConvertible {
    /// What happened to the record.
    ///
    /// ```swift
    /// for kind in ImportIssue.Kind.allCases where result.report.skippedCount(kind) > 0 {
    ///     print(kind.rawValue, result.report.skippedCount(kind))
    /// }
    /// ```
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        /// The record has a null shape.
        case nullShape = "null shape"
        /// The record could not be decoded (truncated, bad counts, part index out of range ...).
        case corruptRecord = "corrupt record"
        /// A MultiPatch record (surfaces, not lines or points).
        case unsupportedShape = "unsupported shape"
        /// The `.dbf` has no row for this record (DBF/SHP record count mismatch).
        case noAttributes = "no DBF row"
        /// The `.dbf` row is marked deleted.
        case deleted = "deleted in DBF"
        /// No part has two distinct points.
        case tooFewPoints = "too few points"
        /// A coordinate is NaN or infinite in the file.
        case notFinite = "NaN or infinite coordinate"
        /// PROJ could not transform the points, or they are not longitude/latitude.
        case outsideCRSArea = "outside the CRS area"
        /// Imported, but some points or parts were dropped (see the message).
        case droppedPoints = "points dropped"
        /// Imported, but the id field is blank, so the record number is the id.
        case blankID = "blank id"
        /// Imported after clamping positions a hair outside the valid range, or cutting the line
        /// at the antimeridian (see ``WorldEdges``).
        case worldEdge = "edge of the world"

        /// Whether a record with this finding lost data: it was not imported although it had
        /// something to import, or points were dropped. Null shapes and rows deleted in the DBF
        /// are not losses (there was nothing to import); clamping and cuts keep every position.
        public var isLoss: Bool {
            switch self {
            case .nullShape, .deleted, .blankID, .worldEdge: return false
            case .corruptRecord, .unsupportedShape, .noAttributes, .tooFewPoints, .notFinite, .outsideCRSArea, .droppedPoints: return true
            }
        }
    }

    /// The 1-based record number.
    public var record: Int
    /// What happened.
    public var kind: Kind
    /// The detail.
    public var message: String

    /// `record N: kind: message`.
    public var description: String {
        message.isEmpty ? "record \(record): \(kind.rawValue)" : "record \(record): \(kind.rawValue): \(message)"
    }
}

/// Everything an import did, so nothing is lost silently: counts, every skipped record with
/// its reason, record-level notes, file-level warnings, the encoding and the source CRS.
///
/// Invariant: `recordsRead == recordsImported + skipped.count`. ``losses`` lists what was
/// lost; `roadgeo import --report report.json` writes ``jsonValue`` for machines.
///
/// ```swift
/// let result = try ShapefileImport(path: "roads.shp")
/// print(result.report)   // multi-line summary, as `roadgeo import` prints it
/// ```
public struct ShapefileImportReport: Hashable, Sendable, CustomStringConvertible {
    /// The `.shp` path.
    public var file: String
    /// The file's shape type.
    public var shapeType: ShapeType
    /// Records in the `.shp`.
    public var recordsRead: Int
    /// Records in the `.dbf` (`nil` when there is none).
    public var dbfRecords: Int?
    /// Records that became (part of) a road.
    public var recordsImported: Int
    /// Roads produced (fewer than ``recordsImported`` after merging).
    public var roads: Int
    /// Groups of two or more records merged into one road.
    public var mergedGroups: Int
    /// DBF rows marked deleted (their shapes are skipped).
    public var deletedRecords: Int
    /// Every record not imported, with the reason.
    public var skipped: [ImportIssue]
    /// Records imported with something removed or substituted.
    public var notes: [ImportIssue]
    /// File-level problems that did not stop the import.
    public var warnings: [String]
    /// The DBF text encoding and how it was decided (`nil` without a `.dbf`).
    public var encoding: EncodingDecision?
    /// The source CRS and how it was decided.
    public var sourceCRS: SourceCRS
    /// Whether the `.shp` was read through its `.shx`.
    public var usedIndex: Bool
    /// Whether Z values were present and dropped (roads are 2-D).
    public var droppedZ: Bool
    /// Whether M values were present and dropped.
    public var droppedM: Bool
    /// DBF rows that no shape's record number pairs with (their attributes are not imported).
    public var unpairedDBFRows: Int = 0
    /// Imported rows with a memo value that could not be read (no memo file, or a block past
    /// its end): those values are null.
    public var unreadableMemoRows: Int = 0

    /// One line per loss: each record not imported although it had something to import, each
    /// record imported with points dropped, and DBF rows no shape pairs with. Empty when the
    /// import kept everything (null shapes and rows deleted in the DBF are not losses).
    /// `roadgeo import` exits non-zero when this is not empty, unless `--allow-loss`.
    ///
    /// - Complexity: O(skipped + notes).
    ///
    /// ```swift
    /// let result = try ShapefileImport(path: "roads.shp")
    /// if !result.report.losses.isEmpty { print(result.report.losses.joined(separator: "\n")) }
    /// ```
    public var losses: [String] {
        var lines = (skipped + notes).filter(\.kind.isLoss).map(\.description)
        if unpairedDBFRows > 0 { lines.append("\(unpairedDBFRows) DBF rows have no shape") }
        if unreadableMemoRows > 0 { lines.append("\(unreadableMemoRows) rows have a memo value that could not be read (null instead)") }
        return lines
    }

    /// The number of skipped records of one kind.
    ///
    /// - Parameter kind: The reason.
    /// - Complexity: O(skipped records).
    ///
    /// ```swift
    /// let corrupt = result.report.skippedCount(.corruptRecord)
    /// ```
    public func skippedCount(_ kind: ImportIssue.Kind) -> Int {
        skipped.reduce(0) { $0 + ($1.kind == kind ? 1 : 0) }
    }

    /// A multi-line human-readable summary; lists at most 20 skipped records per reason.
    public var description: String {
        var lines: [String] = []
        lines.append("file: \(file) (\(shapeType), \(usedIndex ? "read via .shx" : "read sequentially"))")
        lines.append("records read: \(recordsRead)" + (dbfRecords.map { ", DBF records: \($0)" } ?? ", no .dbf"))
        lines.append("imported: \(recordsImported) records -> \(roads) roads" + (mergedGroups > 0 ? " (\(mergedGroups) merged groups)" : ""))
        lines.append("skipped: \(skipped.count)" + (deletedRecords > 0 ? " (\(deletedRecords) deleted in DBF)" : ""))
        for kind in ImportIssue.Kind.allCases {
            let of = skipped.filter { $0.kind == kind }
            guard !of.isEmpty else { continue }
            lines.append("  \(kind.rawValue): \(of.count)")
            for issue in of.prefix(20) { lines.append("    \(issue)") }
            if of.count > 20 { lines.append("    ... \(of.count - 20) more") }
        }
        if !notes.isEmpty {
            lines.append("notes: \(notes.count)")
            for issue in notes.prefix(20) { lines.append("  \(issue)") }
            if notes.count > 20 { lines.append("  ... \(notes.count - 20) more") }
        }
        lines.append("encoding: " + (encoding.map { "\($0)" } ?? "none (no .dbf)"))
        if let encoding, let c = encoding.confidence {
            lines.append(String(format: "encoding confidence: %.2f", c) + (encoding.isUncertain ? " (below \(EncodingDecision.confidenceThreshold): check the text, or pass --encoding)" : ""))
        }
        lines.append("source CRS: \(sourceCRS)")
        if droppedZ || droppedM {
            lines.append("dropped: " + [droppedZ ? "Z" : nil, droppedM ? "M" : nil].compactMap { $0 }.joined(separator: " and ") + " values (roads are 2-D)")
        }
        for w in warnings { lines.append("warning: \(w)") }
        let lost = losses
        lines.append(lost.isEmpty ? "losses: none" : "losses: \(lost.count) (records or rows not imported in full; see above)")
        return lines.joined(separator: "\n")
    }
}

extension ShapefileImportReport {
    /// The report as JSON for machines (what `roadgeo import --report report.json` writes):
    /// counts, every skipped record and note with its kind and message, the warnings, the
    /// encoding decision with its source and confidence, the source CRS, and the losses.
    ///
    /// - Complexity: O(skipped + notes + warnings).
    ///
    /// ```swift
    /// let bytes = try GeoJSONWriter().encode(result.report.jsonValue)
    /// ```
    public var jsonValue: JSONValue {
        func issues(_ list: [ImportIssue]) -> JSONValue {
            .array(list.map { .object(["record": .integer(Int64($0.record)), "kind": .string($0.kind.rawValue), "message": .string($0.message)]) })
        }
        var encodingValue = JSONValue.null
        if let encoding {
            let source: String
            switch encoding.source {
            case .forced: source = "forced"
            case .cpg: source = "cpg"
            case .languageDriver: source = "language driver"
            case .validUTF8: source = "valid UTF-8"
            case .detected: source = "detected"
            case .fallback: source = "fallback"
            }
            var e: JSONObject = ["name": .string(encoding.encoding.rawValue), "source": .string(source),
                                 "description": .string(encoding.description),
                                 "notes": .array(encoding.notes.map { .string($0) })]
            if let c = encoding.confidence {
                e["confidence"] = .number((c * 1000).rounded() / 1000)
                e["uncertain"] = .bool(encoding.isUncertain)
            }
            if !encoding.candidates.isEmpty {
                e["candidates"] = .array(encoding.candidates.map {
                    .object(["name": .string($0.encoding.rawValue), "probability": .number(($0.probability * 1000).rounded() / 1000)])
                })
            }
            encodingValue = .object(e)
        }
        var kinds = JSONObject()
        for kind in ImportIssue.Kind.allCases {
            let n = skippedCount(kind)
            if n > 0 { kinds[kind.rawValue] = .integer(Int64(n)) }
        }
        let object: JSONObject = [
            "file": .string(file),
            "shapeType": .string(shapeType.description),
            "readVia": .string(usedIndex ? ".shx" : "walk"),
            "recordsRead": .integer(Int64(recordsRead)),
            "dbfRecords": dbfRecords.map { .integer(Int64($0)) } ?? .null,
            "recordsImported": .integer(Int64(recordsImported)),
            "roads": .integer(Int64(roads)),
            "mergedGroups": .integer(Int64(mergedGroups)),
            "deletedRecords": .integer(Int64(deletedRecords)),
            "unpairedDBFRows": .integer(Int64(unpairedDBFRows)),
            "unreadableMemoRows": .integer(Int64(unreadableMemoRows)),
            "skippedByKind": .object(kinds),
            "skipped": issues(skipped),
            "notes": issues(notes),
            "warnings": .array(warnings.map { .string($0) }),
            "encoding": encodingValue,
            "sourceCRS": .object(["name": .string(sourceCRS.name), "description": .string(sourceCRS.description)]),
            "droppedZ": .bool(droppedZ),
            "droppedM": .bool(droppedM),
            "losses": .array(losses.map { .string($0) }),
        ]
        return .object(object)
    }
}
