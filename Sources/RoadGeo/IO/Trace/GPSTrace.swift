/// One recorded drive: GPS fixes in time order, with their times and numeric per-fix values.
///
/// The input of map matching. Fixes are stored as parallel flat arrays, not as an array of
/// fix structs, so a trace of 100 000 fixes is three allocations and the matcher can read the
/// coordinates as one contiguous `[Coordinate]`:
/// - ``coordinates``: one (longitude, latitude) per fix, EPSG:4326, each a valid geographic
///   position (the readers check it);
/// - ``times``: seconds since 1970-01-01T00:00:00Z, one per fix, `NaN` where a fix has none;
///   empty when the source has no times at all;
/// - ``values``: the numeric per-fix columns named by ``columns`` (elevation in metres as
///   `"ele"`, a CSV's `IRI` or `speed` ...), row-major, `NaN` where a fix has none.
///
/// ```swift
/// let traces = try TraceFile.read(contentsOf: "drive.gpx")
/// for trace in traces {
///     let ele = trace.column(named: "ele")
///     print(trace.name, trace.count, "fixes",
///           ele.map { trace.value(fix: 0, column: $0) } ?? .nan)
/// }
/// ```
///
/// Equality treats `NaN` as equal to `NaN` (a missing time equals a missing time), so a trace
/// read twice compares equal to itself.
public struct GPSTrace: Hashable, Sendable {
    /// What the trace is within its file: `"track 1 'Morning drive', segment 2"` (GPX, 1-based
    /// as GPS software counts), `"feature 0 'run', line 1"` (GeoJSON, 0-based as feature
    /// indices in ``GeoJSONError``), or the file name (CSV, and GeoJSON Point collections).
    public var name: String
    /// One position per fix, (longitude, latitude) in degrees, EPSG:4326.
    public var coordinates: [Coordinate]
    /// One time per fix in seconds since 1970-01-01T00:00:00Z (UTC), `NaN` where a fix has
    /// none; empty when the source has no times at all.
    public var times: [Double]
    /// Names of the numeric per-fix values, e.g. `["ele"]` (metres) or `["IRI", "speed"]`.
    public var columns: [String]
    /// The per-fix values, row-major: fix `i`'s value of column `j` is at
    /// `i * columns.count + j`; `NaN` where missing. `coordinates.count * columns.count` long.
    public var values: [Double]

    /// Creates a trace from parallel arrays.
    ///
    /// - Parameters:
    ///   - name: What the trace is, for messages.
    ///   - coordinates: One (longitude, latitude) per fix, EPSG:4326.
    ///   - times: Seconds since 1970-01-01T00:00:00Z per fix (`NaN` where unknown), or empty.
    ///   - columns: Names of the per-fix values.
    ///   - values: Row-major per-fix values, `coordinates.count * columns.count` of them.
    /// - Precondition: `times` is empty or as long as `coordinates`, and `values` has
    ///   `coordinates.count * columns.count` elements (a programmer mistake, not bad input).
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let trace = GPSTrace(name: "test drive",
    ///                      coordinates: [Coordinate(74.60, 42.87), Coordinate(74.61, 42.87)],
    ///                      times: [1_714_552_200, 1_714_552_205],
    ///                      columns: ["speed"], values: [12.5, 13.0])
    /// ```
    public init(name: String, coordinates: [Coordinate], times: [Double] = [], columns: [String] = [], values: [Double] = []) {
        precondition(times.isEmpty || times.count == coordinates.count,
                     "GPSTrace: \(times.count) times for \(coordinates.count) fixes")
        precondition(values.count == coordinates.count * columns.count,
                     "GPSTrace: \(values.count) values for \(coordinates.count) fixes x \(columns.count) columns")
        self.name = name
        self.coordinates = coordinates
        self.times = times
        self.columns = columns
        self.values = values
    }

    /// The number of fixes.
    /// - Complexity: O(1).
    public var count: Int { coordinates.count }

    /// Whether the source gave times (``times`` is not empty; single fixes may still be `NaN`).
    /// - Complexity: O(1).
    public var hasTimes: Bool { !times.isEmpty }

    /// The value of one column at one fix, `NaN` where the fix has none.
    ///
    /// - Parameters:
    ///   - fix: The fix, `0..<count`.
    ///   - column: The column, `0..<columns.count` (see ``column(named:)``).
    /// - Returns: The value, in the column's unit (`"ele"` in metres).
    /// - Precondition: Both indices are in range.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// if let iri = trace.column(named: "IRI") {
    ///     let worst = (0..<trace.count).map { trace.value(fix: $0, column: iri) }.filter { !$0.isNaN }.max()
    /// }
    /// ```
    public func value(fix: Int, column: Int) -> Double {
        precondition(fix >= 0 && fix < coordinates.count, "GPSTrace.value: fix \(fix) of \(coordinates.count)")
        precondition(column >= 0 && column < columns.count, "GPSTrace.value: column \(column) of \(columns.count)")
        return values[fix * columns.count + column]
    }

    /// The index of the column with this name: an exact match first, else the first whose
    /// name matches ignoring case (`"iri"` finds `"IRI"`); `nil` when there is none.
    ///
    /// - Parameter name: The column name.
    /// - Returns: The index into ``columns``, or `nil`.
    /// - Complexity: O(columns).
    ///
    /// ```swift
    /// let ele = trace.column(named: "ele")   // GPX <ele>, GeoJSON third coordinate
    /// ```
    public func column(named name: String) -> Int? {
        if let i = columns.firstIndex(of: name) { return i }
        let lower = name.lowercased()
        return columns.firstIndex { $0.lowercased() == lower }
    }

    /// All fixes' values of one column, in fix order (`NaN` where missing).
    ///
    /// - Parameter column: The column, `0..<columns.count`.
    /// - Returns: `count` values.
    /// - Precondition: `column` is in range.
    /// - Complexity: O(count).
    ///
    /// ```swift
    /// let elevations = trace.column(named: "ele").map { trace.values(column: $0) } ?? []
    /// ```
    public func values(column: Int) -> [Double] {
        precondition(column >= 0 && column < columns.count, "GPSTrace.values: column \(column) of \(columns.count)")
        let width = columns.count
        return (0..<coordinates.count).map { values[$0 * width + column] }
    }

    /// Traces are equal when names, coordinates, columns and all numbers are, `NaN` equal to `NaN`.
    /// - Parameters:
    ///   - a: A trace.
    ///   - b: Another trace.
    /// - Complexity: O(count × (columns + 1)).
    ///
    /// ```swift
    /// let again = try TraceFile.read(contentsOf: "drive.gpx")
    /// assert(again == traces)   // missing times (NaN) compare equal
    /// ```
    public static func == (a: GPSTrace, b: GPSTrace) -> Bool {
        a.name == b.name && a.coordinates == b.coordinates && a.columns == b.columns
            && sameNumbers(a.times, b.times) && sameNumbers(a.values, b.values)
    }

    /// Hashes the name, the coordinates, the columns and the numbers (every `NaN` alike, and
    /// `-0.0` as `0.0`, so equal traces hash alike).
    /// - Parameter hasher: The hasher.
    /// - Complexity: O(count × (columns + 1)).
    ///
    /// ```swift
    /// let unique = Set(try TraceFile.read(contentsOf: "drive.gpx"))
    /// ```
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(coordinates)
        hasher.combine(columns)
        hasher.combine(times.count)
        for t in times { hasher.combine(canonicalBits(t)) }
        for v in values { hasher.combine(canonicalBits(v)) }
    }
}

/// One bit pattern per value `==` treats as equal: every `NaN` alike, `-0.0` as `0.0`.
private func canonicalBits(_ d: Double) -> UInt64 {
    d.isNaN ? Double.nan.bitPattern : (d == 0 ? 0 : d.bitPattern)
}

private func sameNumbers(_ a: [Double], _ b: [Double]) -> Bool {
    guard a.count == b.count else { return false }
    for i in a.indices where !(a[i] == b[i] || (a[i].isNaN && b[i].isNaN)) { return false }
    return true
}
