import Testing
@testable import RoadGeo

@Suite("Chainage text")
struct ChainageTests {
    @Test("parses K+MMM with optional decimals and an optional km prefix", arguments: [
        ("12+300", 12_300.0), ("0+000", 0), ("0+045.5", 45.5), ("km 12+300", 12_300), ("KM12+300.25", 12_300.25),
        ("  7+001 ", 7_001), ("1234567+999.999", 1_234_567_999.999),
    ])
    func parses(_ text: String, _ meters: Double) throws {
        #expect(try Chainage(parsing: text).meters == meters)
    }

    @Test("bad text is a typed error naming the problem", arguments: [
        ("", "empty"), ("12300", "no '+'"), ("12+3", "exactly 3 digits"), ("12+1300", "did you mean 13+300"),
        ("12+300,5", "'.'"), ("-1+000", "negative"), ("a+300", "kilometres"), ("12+30x", "exactly 3 digits"),
        ("12+300.", "decimals"), ("12+300.1234", "decimals"), ("12345678+000", "kilometres"), ("km", "empty"),
        ("+300", "kilometres"), ("1+2+3", "exactly 3 digits"), ("١٢+٣٠٠", "kilometres"),
    ])
    func rejects(_ text: String, _ problem: String) {
        do {
            _ = try Chainage(parsing: text)
            Issue.record("'\(text)' must not parse")
        } catch {
            #expect(error.message.contains(problem), "\(error.message)")
            #expect(error.message.contains("'\(text)'"))
        }
    }

    @Test("formats with zero-padded metres and carries rounding into the kilometres")
    func formats() throws {
        #expect(Chainage(meters: 12_300)?.description == "12+300")
        #expect(Chainage(meters: 0)?.description == "0+000")
        #expect(Chainage(meters: 1_005)?.formatted() == "1+005")
        #expect(Chainage(meters: 12_299.6)?.formatted() == "12+300")
        #expect(Chainage(meters: 999.9996)?.formatted(fractionDigits: 3) == "1+000.000")
        #expect(Chainage(meters: 45.5)?.formatted(fractionDigits: 2, kilometrePrefix: true) == "km 0+045.50")
        #expect(Chainage(meters: -1) == nil && Chainage(meters: .nan) == nil && Chainage(meters: .infinity) == nil)
        #expect(Chainage(meters: 1e11) == nil)
    }

    @Test("format then parse round-trips within half a millimetre, seeded")
    func roundTrip() throws {
        var rng = SplitMix64(seed: 5)
        for _ in 0..<2_000 {
            let m = Double.random(in: 0..<5_000_000, using: &rng)
            let text = try #require(Chainage(meters: m)).formatted(fractionDigits: 3)
            #expect(abs(try Chainage(parsing: text).meters - m) <= 0.0005 + 1e-9)
        }
    }
}
