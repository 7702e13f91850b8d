import Foundation
import Testing
@testable import RoadGeo

@Suite("Civil calendar")
struct CivilCalendarTests {
    @Test("days and civil dates agree with Foundation's Gregorian calendar and invert each other")
    func roundTrip() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        var rng = SplitMix64(seed: 5)
        for _ in 0..<2_000 {
            let days = Int.random(in: -800_000...800_000, using: &rng)   // about 190 BC to AD 4160
            let (year, month, day) = CivilCalendar.civil(days: days)
            #expect(CivilCalendar.days(year: year, month: month, day: day) == days)
            #expect((1...12).contains(month) && (1...CivilCalendar.daysIn(month: month, year: year)).contains(day))
            guard year >= 1600 else { continue }   // Foundation's Gregorian calendar is Julian before 1582
            let c = calendar.dateComponents([.year, .month, .day], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            #expect(c.year == year && c.month == month && c.day == day)
        }
        #expect(CivilCalendar.dateTime(days: 0, milliseconds: 100_000) == "1970-01-01T00:01:40")
        #expect(CivilCalendar.dateTime(days: 11_016, milliseconds: 86_399_999) == "2000-02-29T23:59:59.999")
        #expect(CivilCalendar.dateTime(days: -1, milliseconds: 0) == "1969-12-31T00:00:00")
    }
}
