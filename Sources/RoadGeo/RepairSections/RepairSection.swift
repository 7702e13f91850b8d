import Foundation

/// Where a repair stands, as moderators mark it.
public enum RepairStatus: String, Hashable, Sendable, CaseIterable {
    /// Planned or procured, not started.
    case planned
    /// Works under way.
    case inProgress = "in_progress"
    /// Finished; the warranty runs.
    case repaired
    /// Called off.
    case cancelled
}

/// One repair record: a stretch of a road (by road id and measures) and what was done there.
///
/// Measures are metres from the road's start, as ``RoadSnap/measureMeters`` gives them; a
/// record written from the far end (`from > to`) is stored with its ends swapped.
///
/// ```swift
/// let repair = RepairSection(roadID: "EM-01", fromMeters: 12_000, toMeters: 14_000,
///                            contractor: "Jol Kurulush", cost: 1_250_000, year: 2024,
///                            warrantyUntil: ISO8601DateFormatter().date(from: "2027-10-01T00:00:00Z"),
///                            procurementURL: "https://zakupki.gov.kg/popp/view/order/view.xhtml?id=123",
///                            status: .repaired)
/// repair.lengthMeters   // 2,000
/// ```
public struct RepairSection: Hashable, Sendable {
    /// The road's id (``Road/id``); ids survive a network rebuild, road indices do not.
    public var roadID: String
    /// Start measure, metres (`<= toMeters`).
    public var fromMeters: Double
    /// End measure, metres.
    public var toMeters: Double
    /// Who did the works.
    public var contractor: String?
    /// What it cost, in the agency's currency.
    public var cost: Double?
    /// The year of the works.
    public var year: Int?
    /// The last instant the contractor's warranty covers (`nil`: no warranty).
    public var warrantyUntil: Date?
    /// Link to the procurement record.
    public var procurementURL: String?
    /// Where the repair stands.
    public var status: RepairStatus

    /// Creates a record; the measures are put in order.
    /// - Parameters:
    ///   - roadID: The road. fromMeters/toMeters: The stretch, metres from the road's start.
    ///   - contractor, cost, year, warrantyUntil, procurementURL, status: What was done.
    public init(roadID: String, fromMeters: Double, toMeters: Double, contractor: String? = nil, cost: Double? = nil,
                year: Int? = nil, warrantyUntil: Date? = nil, procurementURL: String? = nil, status: RepairStatus = .repaired) {
        self.roadID = roadID
        self.fromMeters = Swift.min(fromMeters, toMeters)
        self.toMeters = Swift.max(fromMeters, toMeters)
        self.contractor = contractor
        self.cost = cost
        self.year = year
        self.warrantyUntil = warrantyUntil
        self.procurementURL = procurementURL
        self.status = status
    }

    /// Length in metres.
    public var lengthMeters: Double { toMeters - fromMeters }

    /// Whether the warranty still covers `date` (the works are repaired and `date` is not after
    /// ``warrantyUntil``).
    /// - Parameter date: The day a defect was reported.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// repair.isUnderWarranty(on: Date())
    /// ```
    public func isUnderWarranty(on date: Date) -> Bool {
        guard status == .repaired, let until = warrantyUntil else { return false }
        return date <= until
    }
}

/// Bad repair records: a measure that is not a finite number, an empty road id.
///
/// ```swift
/// do { _ = try RepairSectionStore(sections: records) }
/// catch { print(error.message) }   // "repair section 4 (road 'EM-01'): from measure nan m is not a finite number"
/// ```
public struct RepairSectionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the record.
    public var message: String
    /// Creates an error. - Parameter message: What is wrong.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
