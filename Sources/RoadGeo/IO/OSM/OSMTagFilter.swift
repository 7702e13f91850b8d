import Foundation

/// Which ways to import, by their tags, in the spirit of `osmium tags-filter` expressions.
///
/// A way matches when at least one `include` expression matches it and no `exclude`
/// expression does. Expressions, optionally prefixed with `w/` (only ways are imported):
///
/// | expression | matches a way that has |
/// |---|---|
/// | `highway` or `highway=*` | a `highway` tag |
/// | `highway=primary,secondary` | `highway` with one of the values |
/// | `highway!=footway,path` | `highway` with none of the values |
/// | `name=Avenue*` | `name` whose value starts with `Avenue` |
///
/// The default, ``roads``, is `highway` minus the values that are not (yet, or any more) roads.
///
/// ```swift
/// let filter = try OSMTagFilter(include: ["w/highway=motorway,trunk,primary"], exclude: ["access=no"])
/// filter.matches(["highway": "primary"])   // true
/// ```
public struct OSMTagFilter: Hashable, Sendable {
    /// One parsed expression.
    ///
    /// ```swift
    /// let e = try OSMTagFilter.Expression("highway!=footway,path")
    /// e.key; e.negated   // "highway", true
    /// ```
    public struct Expression: Hashable, Sendable, CustomStringConvertible {
        /// The tag key.
        public var key: String
        /// The values (`nil`: any value); a value ending in `*` matches by prefix.
        public var values: [String]?
        /// `key!=values`: the key with none of the values.
        public var negated: Bool

        /// Parses `[w/]key`, `key=*`, `key=v1,v2`, `key!=v1,v2`.
        /// - Parameter text: The expression.
        /// - Throws: ``OSMPBFError`` with code `badFilter` for an empty key, an object type
        ///   other than `w`, or an empty value list.
        /// - Complexity: O(length).
        ///
        /// ```swift
        /// try OSMTagFilter.Expression("w/highway=primary,secondary").values   // ["primary", "secondary"]
        /// ```
        public init(_ text: String) throws(OSMPBFError) {
            var body = Substring(text)
            if let slash = body.firstIndex(of: "/"), body[..<slash].allSatisfy({ "nwra".contains($0) }), !body[..<slash].isEmpty {
                guard body[..<slash].contains("w") else {
                    throw OSMPBFError(.invalidOption, "'\(text)': only ways (w/) are imported")
                }
                body = body[body.index(after: slash)...]
            }
            var negated = false
            var key: Substring, values: [String]?
            if let range = body.range(of: "!=") {
                negated = true
                key = body[..<range.lowerBound]
                values = body[range.upperBound...].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            } else if let eq = body.firstIndex(of: "=") {
                key = body[..<eq]
                let rest = body[body.index(after: eq)...]
                values = rest == "*" ? nil : rest.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            } else {
                key = body
                values = nil
            }
            key = Substring(key.trimmingCharacters(in: .whitespaces))
            guard !key.isEmpty else { throw OSMPBFError(.invalidOption, "'\(text)': no key") }
            if let values, values.contains(where: \.isEmpty) {
                throw OSMPBFError(.invalidOption, "'\(text)': an empty value")
            }
            self.key = String(key)
            self.values = values
            self.negated = negated
        }

        /// Whether a value of this key satisfies the expression (the key being present).
        /// - Parameter value: The tag's value.
        /// - Returns: Whether it matches.
        /// - Complexity: O(values).
        ///
        /// ```swift
        /// try OSMTagFilter.Expression("highway!=footway").accepts("primary")   // true
        /// ```
        public func accepts(_ value: String) -> Bool {
            guard let values else { return !negated }
            let listed = values.contains { $0.hasSuffix("*") ? value.hasPrefix($0.dropLast()) : value == $0 }
            return listed != negated
        }

        /// The expression as osmium writes it.
        public var description: String {
            guard let values else { return key }
            return key + (negated ? "!=" : "=") + values.joined(separator: ",")
        }
    }

    /// Expressions of which at least one must match.
    public var include: [Expression]
    /// Expressions of which none may match.
    public var exclude: [Expression]

    /// Parses a filter.
    /// - Parameters:
    ///   - include: Expressions, at least one of which must match.
    ///   - exclude: Expressions none of which may match.
    /// - Throws: ``OSMPBFError`` (`badFilter`) for an expression that cannot be parsed, no
    ///   include, or more than 64 expressions in all.
    /// - Complexity: O(total length).
    ///
    /// ```swift
    /// let motorways = try OSMTagFilter(include: ["highway=motorway,motorway_link"])
    /// ```
    public init(include: [String], exclude: [String] = []) throws(OSMPBFError) {
        guard !include.isEmpty else { throw OSMPBFError(.invalidOption, "a filter needs at least one include expression") }
        var inc: [Expression] = [], exc: [Expression] = []
        for text in include { inc.append(try Expression(text)) }
        for text in exclude { exc.append(try Expression(text)) }
        guard inc.count + exc.count <= 64 else {
            throw OSMPBFError(.invalidOption, "\(inc.count + exc.count) expressions; a filter holds at most 64")
        }
        self.include = inc
        self.exclude = exc
    }

    /// `highway` values that are not roads one can drive, ride or walk today: planned or
    /// abandoned ways and features mapped with a `highway` tag that are not ways along a road.
    public static let nonRoadHighwayValues = ["proposed", "construction", "planned", "abandoned", "disused", "razed",
                                               "dismantled", "platform", "rest_area", "services", "bus_stop", "elevator",
                                               "emergency_bay", "no"]

    /// The default: `w/highway` minus ``nonRoadHighwayValues``.
    public static let roads = OSMTagFilter(uncheckedInclude: [Expression(key: "highway", values: nil, negated: false)],
                                           exclude: [Expression(key: "highway", values: nonRoadHighwayValues, negated: false)])

    private init(uncheckedInclude: [Expression], exclude: [Expression]) {
        include = uncheckedInclude
        self.exclude = exclude
    }

    /// Whether tags pass the filter.
    /// - Parameter tags: A way's tags.
    /// - Returns: At least one include matches and no exclude does.
    /// - Complexity: O(expressions × values).
    ///
    /// ```swift
    /// OSMTagFilter.roads.matches(["highway": "proposed"])   // false
    /// ```
    public func matches(_ tags: [String: String]) -> Bool {
        include.contains { e in tags[e.key].map(e.accepts) ?? false }
            && !exclude.contains { e in tags[e.key].map(e.accepts) ?? false }
    }

    /// Every key the filter reads.
    var keys: [String] { Array(Set((include + exclude).map(\.key))).sorted() }
}

extension OSMTagFilter.Expression {
    init(key: String, values: [String]?, negated: Bool) {
        self.key = key
        self.values = values
        self.negated = negated
    }
}

