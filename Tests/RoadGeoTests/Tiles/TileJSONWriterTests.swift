import Foundation
import Testing
@testable import RoadGeo

@Suite("Tile JSON writer")
struct TileJSONWriterTests {
    @Test("fixed decimals round like Foundation's formatter and parse back within half a unit (seeded)")
    func fixedDecimals() throws {
        var rng = SplitMix64(seed: 17)
        for _ in 0..<20_000 {
            let v = Double.random(in: -180...180, using: &rng)
            let d = Int.random(in: 0...9, using: &rng)
            var w = TileJSONWriter()
            w.fixed(v, digits: d)
            let text = String(decoding: w.bytes, as: UTF8.self)
            let parsed = try #require(Double(text))
            #expect(abs(parsed - v) <= 0.5 / pow(10, Double(d)) * (1 + 1e-9), "\(v) at \(d) -> \(text)")
            #expect(!text.hasSuffix(".") && !(text.contains(".") && text.hasSuffix("0")), "\(text) has trailing zeros")
            #expect(parsed == (v * pow(10, Double(d))).rounded() / pow(10, Double(d)) || abs(parsed - v) < 1e-12)
        }
        func s(_ v: Double, _ d: Int) -> String { var w = TileJSONWriter(); w.fixed(v, digits: d); return String(decoding: w.bytes, as: UTF8.self) }
        #expect(s(-0.0000001, 6) == "0")
        #expect(s(74.5, 0) == "75" && s(-74.5, 0) == "-75")   // halves round away from zero
        #expect(s(-12.25, 2) == "-12.25" && s(3, 5) == "3" && s(42.8700004, 6) == "42.87" && s(0.000123, 6) == "0.000123")
        #expect(s(.nan, 3) == "null" && s(1e300, 3) == "1e+300")
    }

    @Test("strings are escaped, values nest in order")
    func strings() throws {
        var w = TileJSONWriter()
        w.value(.object(["a": "Чуй \"пр\"\n\\\u{1}", "b": [1, 2.5, true, nil], "c": .integer(Int64.min)]))
        let text = String(decoding: w.bytes, as: UTF8.self)
        #expect(text == "{\"a\":\"Чуй \\\"пр\\\"\\n\\\\\\u0001\",\"b\":[1,2.5,true,null],\"c\":-9223372036854775808}")
        let back = try JSONSerialization.jsonObject(with: Data(w.bytes)) as? [String: Any]
        #expect(back?["a"] as? String == "Чуй \"пр\"\n\\\u{1}")
    }
}
