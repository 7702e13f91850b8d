import Foundation

/// The proleptic Gregorian calendar counted in days since 1970-01-01: what the readers and
/// writers that turn dates into numbers and back share (ISO 8601 trace times, DBF timestamps,
/// civil dates, condition bins' first and last times). Exact for every `Int` day in range.
enum CivilCalendar {
    /// Days in a month of a year (leap years as Gregory's rule has them).
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to a date (H. Hinnant, "chrono-Compatible Low-Level Date
    /// Algorithms", days_from_civil).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (Hinnant's civil_from_days, the inverse of ``days(year:month:day:)``).
    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// `YYYY-MM-DDTHH:MM:SS`, with `.sss` when there are milliseconds, of the day `days` after
    /// 1970-01-01 and `milliseconds` (0 ..< 86,400,000) since its midnight.
    static func dateTime(days: Int, milliseconds: Int) -> String {
        let (year, month, day) = civil(days: days)
        let s = milliseconds / 1000, ms = milliseconds % 1000
        var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, s / 3600, (s / 60) % 60, s % 60)
        if ms != 0 { text += String(format: ".%03d", ms) }
        return text
    }
}
