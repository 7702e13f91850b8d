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
        /// Points and multipoints are not road lines.
        case notALine = "not a line"
        /// The record could not be decoded (truncated, bad counts, part index out of range ...).
        case corruptRecord = "corrupt record"
        /// A MultiPatch record.
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
    }

    /// The 1-based record number.
    public var record: Int
    /// What happened.
    public var kind: Kind
    /// The detail.
    public var message: String

    /// Creates an issue.
    ///
    /// - Parameters:
    ///   - record: The 1-based record number.
    ///   - kind: What happened.
    ///   - message: The detail.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let issue = ImportIssue(record: 17, kind: .nullShape, message: "null shape")
    /// ```
    public init(record: Int, kind: Kind, message: String) {
        self.record = record
        self.kind = kind
        self.message = message
    }

    /// `record N: kind: message`.
    public var description: String {
        message.isEmpty ? "record \(record): \(kind.rawValue)" : "record \(record): \(kind.rawValue): \(message)"
    }
}

/// Everything an import did, so nothing is lost silently: counts, every skipped record with
/// its reason, record-level notes, file-level warnings, the encoding and the source CRS.
///
/// Invariant: `recordsRead == recordsImported + skipped.count`.
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
        lines.append("source CRS: \(sourceCRS)")
        if droppedZ || droppedM {
            lines.append("dropped: " + [droppedZ ? "Z" : nil, droppedM ? "M" : nil].compactMap { $0 }.joined(separator: " and ") + " values (roads are 2-D)")
        }
        for w in warnings { lines.append("warning: \(w)") }
        return lines.joined(separator: "\n")
    }
}
