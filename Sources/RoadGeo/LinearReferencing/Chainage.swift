/// A distance along a road written the way road agencies write it: `12+300` is 12 km 300 m,
/// i.e. 12,300 m from the road's start.
///
/// **Format.** `K+MMM` or `K+MMM.f`: `K` is the whole kilometres (1 to 7 digits), `MMM` the
/// metres within that kilometre as exactly three digits (`000`...`999`), optionally followed
/// by `.` and 1 to 3 decimal digits (down to millimetres). A leading `km` (any case, with or
/// without a space: `km 12+300`, `KM12+300`) is accepted when parsing, since sign boards and
/// repair records often carry it; surrounding spaces are ignored. Anything else (a missing
/// `+`, `12+3`, `12+1300`, a comma decimal, a negative value) is a ``LinearReferencingError``.
/// Formatting writes `K+MMM` with the chosen number of decimals, without the `km` prefix
/// unless asked.
///
/// ```swift
/// try Chainage(parsing: "12+300").meters        // 12300
/// try Chainage(parsing: "km 0+045.5").meters    // 45.5
/// Chainage(meters: 12_299.6)?.formatted()        // "12+300"
/// Chainage(meters: 1_005)?.description           // "1+005"
/// ```
public struct Chainage: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Metres from the road's start, ≥ 0.
    public let meters: Double

    /// The largest chainage the format carries: 9,999,999 km 999.999 m.
    public static let maximumMeters = 9_999_999_999.999

    /// A chainage from a measure in metres.
    /// - Parameter meters: Metres from the start.
    /// - Returns: `nil` when `meters` is negative, not finite or above ``maximumMeters``.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// Chainage(meters: 12_300)?.description   // "12+300"
    /// ```
    public init?(meters: Double) {
        guard meters.isFinite, meters >= 0, meters <= Chainage.maximumMeters else { return nil }
        self.meters = meters
    }

    /// Parses chainage text (see the format above).
    /// - Parameter text: E.g. `"12+300"`, `"km 12+300.25"`, `"0+000"`.
    /// - Throws: ``LinearReferencingError`` quoting the text and naming the problem.
    /// - Complexity: O(length of text).
    ///
    /// ```swift
    /// try Chainage(parsing: "km 12+300").meters   // 12300
    /// ```
    public init(parsing text: String) throws(LinearReferencingError) {
        var s = Substring(text).drop { $0 == " " || $0 == "\t" }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        func fail(_ problem: String) -> LinearReferencingError {
            LinearReferencingError(.invalidChainage, "chainage '\(text)': \(problem)")
        }
        if s.lowercased().hasPrefix("km") {
            s = s.dropFirst(2).drop { $0 == " " }
        }
        guard !s.isEmpty else { throw fail("is empty; expected kilometres+metres like 12+300") }
        if s.first == "-" { throw fail("is negative; chainage counts metres from the road's start") }
        guard let plus = s.firstIndex(of: "+") else {
            throw fail("has no '+'; expected kilometres+metres like 12+300")
        }
        let km = s[..<plus], rest = s[s.index(after: plus)...]
        guard !km.isEmpty, km.count <= 7, km.allSatisfy(\.isASCIIDigit) else {
            throw fail("the kilometres before '+' must be 1 to 7 digits")
        }
        let whole: Substring, fraction: Substring
        if let dot = rest.firstIndex(of: ".") {
            whole = rest[..<dot]; fraction = rest[rest.index(after: dot)...]
            guard !fraction.isEmpty, fraction.count <= 3, fraction.allSatisfy(\.isASCIIDigit) else {
                throw fail("the decimals after '.' must be 1 to 3 digits")
            }
        } else {
            if rest.contains(",") { throw fail("use '.' for decimals, not ','") }
            whole = rest; fraction = ""
        }
        guard whole.count == 3, whole.allSatisfy(\.isASCIIDigit) else {
            if whole.count > 3, whole.count <= 9, whole.allSatisfy(\.isASCIIDigit),
               let k = Double(km), let m = Double(whole), let carried = Chainage(meters: k * 1000 + m) {
                throw fail("the metres after '+' must be 000 to 999 (did you mean \(carried)?)")
            }
            throw fail("the metres after '+' need exactly 3 digits (write \(km)+\(String(repeating: "0", count: Swift.max(0, 3 - whole.count)))\(whole))")
        }
        guard let k = Double(km), let m = Double(fraction.isEmpty ? String(whole) : "\(whole).\(fraction)") else {
            throw fail("is not a number")
        }
        self.meters = k * 1000 + m
    }

    /// The chainage as text, `K+MMM` or `K+MMM.f...`.
    /// - Parameters:
    ///   - fractionDigits: Decimals of metres, 0...3 (clamped); rounding carries into the kilometres.
    ///   - kilometrePrefix: Write `km ` before the figure.
    /// - Returns: E.g. `"12+300"`, `"km 0+045.50"`.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// Chainage(meters: 45.5)?.formatted(fractionDigits: 1, kilometrePrefix: true)   // "km 0+045.5"
    /// ```
    public func formatted(fractionDigits: Int = 0, kilometrePrefix: Bool = false) -> String {
        let digits = Swift.min(3, Swift.max(0, fractionDigits))
        var scale: Int64 = 1
        for _ in 0..<digits { scale *= 10 }
        let units = Int64((meters * Double(scale)).rounded())
        let km = units / (1000 * scale)
        let rest = units % (1000 * scale)
        let whole = rest / scale, frac = rest % scale
        var text = kilometrePrefix ? "km \(km)+" : "\(km)+"
        text += Chainage.padded(whole, 3)
        if digits > 0 { text += "." + Chainage.padded(frac, digits) }
        return text
    }

    /// `formatted()`: whole metres, no prefix.
    public var description: String { formatted() }

    /// Orders by metres.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// sections.sorted { $0.from < $1.from }
    /// ```
    public static func < (a: Chainage, b: Chainage) -> Bool { a.meters < b.meters }

    private static func padded(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}

private extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
