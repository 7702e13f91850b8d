/// Where a repair stands. The raw values (`planned`, `in_progress`, `repaired`) are what files and
/// APIs carry.
///
/// ```swift
/// RepairStatus(rawValue: "in_progress")   // .inProgress
/// ```
public enum RepairStatus: String, Hashable, Sendable, CaseIterable {
    /// Planned or tendered, not started.
    case planned
    /// Work under way.
    case inProgress = "in_progress"
    /// Finished (a moderator marked the section repaired).
    case repaired
}

/// A section of one road between two measures, with its repair record: who repaired it, for
/// how much, when, the warranty and the procurement link.
///
/// Measures are metres from the road's start (see ``MeasuredPolyline``); a section marked
/// against the road's direction is stored with its measures swapped, so `fromMeters <= toMeters`.
/// A section covers both of its ends.
///
/// ```swift
/// let section = try RepairSection(roadID: "EM-01", fromMeters: 12_000, toMeters: 14_000,
///                                 contractor: "Жол Курулуш", cost: 48_500_000, year: 2024,
///                                 warrantyUntil: try CivilDate(parsing: "2027-06-30"), status: .repaired)
/// section.lengthMeters   // 2000
/// ```
public struct RepairSection: Hashable, Sendable {
    /// The road's id (``Road/id``).
    public var roadID: String
    /// Start measure in metres, ≤ ``toMeters``.
    public var fromMeters: Double
    /// End measure in metres.
    public var toMeters: Double
    /// The contractor who did the work.
    public var contractor: String?
    /// Cost, in the agency's currency (som for Kyrgyz agencies).
    public var cost: Double?
    /// Year of the repair.
    public var year: Int?
    /// Last day of the contractor's warranty.
    public var warrantyUntil: CivilDate?
    /// Link to the procurement record.
    public var procurementURL: String?
    /// Where the repair stands.
    public var status: RepairStatus
    /// Any further properties, typed and in order (as ``Road/properties``).
    public var properties: JSONObject

    /// Creates a section, checking its measures; ends given against the road's direction are swapped.
    ///
    /// - Parameters:
    ///   - roadID: The road.
    ///   - fromMeters: One end, metres from the road's start.
    ///   - toMeters: The other end, metres from the road's start.
    ///   - contractor: Who did the work.
    ///   - cost: What it cost (in the operator's currency).
    ///   - year: The year of the repair.
    ///   - warrantyUntil: The last day of the warranty.
    ///   - procurementURL: The procurement (tender) link.
    ///   - status: Where the repair stands (`.repaired` by default).
    ///   - properties: Anything else, typed.
    /// - Throws: ``LinearReferencingError`` for a measure that is negative or not finite.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let section = try RepairSection(roadID: "EM-03", fromMeters: 14_000, toMeters: 12_000,
    ///                                 contractor: "Kyrgyzjolkurulush", year: 2024,
    ///                                 warrantyUntil: try CivilDate(parsing: "2027-09-30"))
    /// section.fromMeters   // 12000: the ends were swapped
    /// ```
    public init(roadID: String, fromMeters: Double, toMeters: Double, contractor: String? = nil, cost: Double? = nil,
                year: Int? = nil, warrantyUntil: CivilDate? = nil, procurementURL: String? = nil,
                status: RepairStatus = .repaired, properties: JSONObject = [:]) throws(LinearReferencingError) {
        for m in [fromMeters, toMeters] where !(m.isFinite && m >= 0) {
            throw LinearReferencingError(.invalidMeasure, "section on road '\(roadID)': measure \(m) m must be a finite number ≥ 0")
        }
        self.roadID = roadID
        self.fromMeters = Swift.min(fromMeters, toMeters)
        self.toMeters = Swift.max(fromMeters, toMeters)
        self.contractor = contractor
        self.cost = cost
        self.year = year
        self.warrantyUntil = warrantyUntil
        self.procurementURL = procurementURL
        self.status = status
        self.properties = properties
    }

    /// Length in metres.
    /// - Complexity: O(1).
    public var lengthMeters: Double { toMeters - fromMeters }

    /// Whether the section covers a measure (ends included).
    /// - Parameter measure: Metres from the road's start.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// section.covers(12_300)   // true for 12+000 ... 14+000
    /// ```
    public func covers(_ measure: Double) -> Bool { fromMeters <= measure && measure <= toMeters }

    /// Whether the section is still under warranty on a day (the warranty's last day included).
    /// - Parameter date: The day.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// section.isUnderWarranty(on: try CivilDate(parsing: "2026-11-29"))
    /// ```
    public func isUnderWarranty(on date: CivilDate) -> Bool {
        guard let warrantyUntil else { return false }
        return date <= warrantyUntil
    }
}
