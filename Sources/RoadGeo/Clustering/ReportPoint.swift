/// One citizen report as every clustering in RoadGeo sees it: where it is, what kind of defect,
/// when it was made, how many votes it has and how bad its status is.
///
/// Duplicate clustering (``DBSCAN``, ``IncrementalClusterer``) uses the coordinate, category
/// and time; display clustering (``DisplayClusters``) the coordinate, votes, status and
/// category. One type for both, so a server keeps one array of reports.
///
/// ```swift
/// let pothole = ReportPoint(Coordinate(74.6051, 42.8702), category: 0, timeSeconds: 1_764_000_000, votes: 3, status: 1)
/// let labels = DBSCAN(epsMeters: 15).cluster([pothole, other])
/// ```
public struct ReportPoint: Hashable, Sendable {
    /// Position, longitude/latitude degrees (EPSG:4326).
    public var coordinate: Coordinate
    /// Defect category code (the caller's table: pothole, crack, ...).
    public var category: Int32
    /// Time of the report, seconds since 1970 (UTC).
    public var timeSeconds: Double
    /// Votes (summed in display clusters).
    public var votes: Int
    /// Severity of the report's status, higher is worse (display clusters keep the worst).
    public var status: Int32

    /// Creates a report point.
    ///
    /// - Parameters:
    ///   - coordinate: Longitude/latitude degrees.
    ///   - category: Category code (default 0).
    ///   - timeSeconds: Seconds since 1970 (default 0).
    ///   - votes: Votes (default 0).
    ///   - status: Status severity, higher is worse (default 0).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let p = ReportPoint(Coordinate(74.61, 42.87), category: 2, votes: 5)
    /// ```
    public init(_ coordinate: Coordinate, category: Int32 = 0, timeSeconds: Double = 0, votes: Int = 0, status: Int32 = 0) {
        self.coordinate = coordinate
        self.category = category
        self.timeSeconds = timeSeconds
        self.votes = votes
        self.status = status
    }
}

extension DBSCAN {
    /// Clusters reports, taking categories and times from the reports themselves.
    ///
    /// - Parameter reports: The reports (coordinate, category, time are used).
    /// - Returns: Labels by the rules on ``ClusterLabels``, in input order.
    /// - Complexity: As ``cluster(_:categories:timesSeconds:)``.
    ///
    /// ```swift
    /// let labels = DBSCAN(epsMeters: 15, constraints: ClusterConstraints(sameCategory: true)).cluster(reports: reports)
    /// ```
    public func cluster(reports: [ReportPoint]) -> ClusterLabels {
        cluster(reports.map(\.coordinate), categories: constraints.needsCategories ? reports.map(\.category) : nil,
                timesSeconds: constraints.needsTimes ? reports.map(\.timeSeconds) : nil)
    }
}

extension IncrementalClusterer {
    /// Adds one report (its coordinate, category and time).
    ///
    /// - Parameter report: The report.
    /// - Returns: As ``add(_:category:timeSeconds:)``.
    /// - Complexity: As ``add(_:category:timeSeconds:)``.
    ///
    /// ```swift
    /// let r = live.add(report: ReportPoint(Coordinate(74.6, 42.87), category: 1, timeSeconds: 1_700_000_000))
    /// ```
    public mutating func add(report: ReportPoint) -> AddResult {
        add(report.coordinate, category: report.category, timeSeconds: report.timeSeconds)
    }

    /// Loads many reports at once (see ``bulkLoad(_:categories:timesSeconds:)``).
    ///
    /// - Parameter reports: The reports.
    /// - Returns: The handles, in input order.
    /// - Complexity: O(n log n + pairs) on an empty clusterer, else n adds.
    ///
    /// ```swift
    /// let handles = live.bulkLoad(reports: stored)
    /// ```
    @discardableResult
    public mutating func bulkLoad(reports: [ReportPoint]) -> [Int] {
        bulkLoad(reports.map(\.coordinate), categories: reports.map(\.category), timesSeconds: reports.map(\.timeSeconds))
    }
}
