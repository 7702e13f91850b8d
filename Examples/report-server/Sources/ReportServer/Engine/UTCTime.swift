import Foundation
import RoadGeo

/// A moment in UTC split into calendar fields by arithmetic (the Gregorian calendar, days since
/// 1970 turned into a civil date by the era / day-of-era method), so that formatting a time for an
/// answer costs no `Calendar` or `DateFormatter` work. Seconds are truncated towards the past, as
/// `Date.ISO8601Format()` does. Only the years 1583...9999 are covered: before the Gregorian
/// reform Foundation's calendar is Julian.
struct UTCTime: Hashable, Sendable {
    var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int

    /// The fields of `seconds` since 1970-01-01T00:00:00Z; nil when it is not finite or lies
    /// outside the years 1583...9999.
    init?(seconds: Double) {
        guard seconds.isFinite, seconds >= -12_212_553_600, seconds < 253_402_300_800 else { return nil }
        let total = Int(seconds.rounded(.down))
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let inDay = total - days * 86_400
        hour = inDay / 3_600
        minute = inDay % 3_600 / 60
        second = inDay % 60
        let z = days + 719_468                        // days since 0000-03-01
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097              // 0...146096
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)   // from 1 March
        let shiftedMonth = (5 * dayOfYear + 2) / 153  // 0 = March ... 11 = February
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    var iso8601: String {
        var out: [UInt8] = []
        out.reserveCapacity(20)
        func digits(_ value: Int, _ width: Int) {
            var v = value, place = 1
            for _ in 1..<width { place *= 10 }
            for _ in 0..<width { out.append(UInt8(ascii: "0") + UInt8(v / place % 10)); v %= place; place /= 10 }
        }
        digits(year, 4); out.append(UInt8(ascii: "-")); digits(month, 2); out.append(UInt8(ascii: "-")); digits(day, 2)
        out.append(UInt8(ascii: "T"))
        digits(hour, 2); out.append(UInt8(ascii: ":")); digits(minute, 2); out.append(UInt8(ascii: ":")); digits(second, 2)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }
}

/// A time in seconds since 1970 as ISO 8601 in UTC, whole seconds (`2026-12-04T17:56:15Z`);
/// Foundation formats what ``UTCTime`` does not cover.
func isoTime(_ seconds: Double) -> String {
    UTCTime(seconds: seconds)?.iso8601 ?? Date(timeIntervalSince1970: seconds).ISO8601Format()
}

extension CivilDate {
    /// The UTC calendar day of a time in seconds since 1970 (nil outside the years 1583...9999).
    static func of(seconds: Double) -> CivilDate? {
        UTCTime(seconds: seconds).flatMap { CivilDate(year: $0.year, month: $0.month, day: $0.day) }
    }
}
