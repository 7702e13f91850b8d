/// A calendar date without a time or time zone (`2027-06-30`): a warranty runs until the end of
/// a day wherever the road is, so RoadGeo keeps such dates as plain year, month and day.
///
/// ```swift
/// let until = try CivilDate(parsing: "2027-06-30")
/// until >= CivilDate(year: 2027, month: 1, day: 1)!   // true
/// ```
public struct CivilDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Year, 1...9999.
    public let year: Int
    /// Month, 1...12.
    public let month: Int
    /// Day of the month, 1...28/29/30/31.
    public let day: Int

    /// A date, or `nil` when it does not exist in the proleptic Gregorian calendar.
    /// - Parameters:
    ///   - year: 1...9999.
    ///   - month: 1...12.
    ///   - day: 1...days in that month.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// CivilDate(year: 2028, month: 2, day: 29)   // a leap day
    /// CivilDate(year: 2027, month: 2, day: 29)   // nil
    /// ```
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= CivilCalendar.daysIn(month: month, year: year) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses ISO 8601 calendar-date text, `YYYY-MM-DD` (four, two and two digits).
    /// - Parameter text: E.g. `"2027-06-30"`; surrounding spaces are ignored.
    /// - Throws: ``LinearReferencingError`` quoting the text for any other form or a day that does not exist.
    /// - Complexity: O(length of text).
    ///
    /// ```swift
    /// try CivilDate(parsing: "2027-06-30").month   // 6
    /// ```
    public init(parsing text: String) throws(LinearReferencingError) {
        let s = Array(text.utf8.drop { $0 == 32 }.reversed().drop { $0 == 32 }.reversed())
        func number(_ range: Range<Int>) -> Int? {
            var v = 0
            for i in range {
                guard s[i] >= 48 && s[i] <= 57 else { return nil }
                v = v * 10 + Int(s[i] - 48)
            }
            return v
        }
        guard s.count == 10, s[4] == 45, s[7] == 45, let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else {
            throw LinearReferencingError(.invalidDate, "date '\(text)': expected YYYY-MM-DD, e.g. 2027-06-30")
        }
        guard let date = CivilDate(year: y, month: m, day: d) else {
            throw LinearReferencingError(.invalidDate, "date '\(text)': no such day")
        }
        self = date
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: Swift.max(0, width - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// Chronological order (year, then month, then day).
    ///
    /// - Parameters:
    ///   - a: One day.
    ///   - b: The other.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// try CivilDate(parsing: "2025-06-30") < CivilDate(parsing: "2026-01-01")   // true
    /// ```
    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }
}
