/// The `description` of every RoadGeo error: the parts of its location that are known, then its
/// message, as `path:position: context: message`.
///
/// `position` follows the path after a colon (`12` for a line, `1:5120` for line and column,
/// `byte 40`); each context part (`feature 12`, `record 17`, `blob 3 at byte 81234`, a GEOS
/// function) is followed by `": "`. Parts that are `nil` are left out, so an error without a
/// location prints its message alone.
///
/// - Parameters:
///   - message: What is wrong.
///   - path: The file, if any.
///   - position: Where in the file, if known.
///   - context: Further location parts, outermost first.
/// - Complexity: O(length of the result).
///
/// ```swift
/// errorDescription("x must be within 0...7", path: "a.pmtiles", context: ["tile 3/8/0"])
/// // "a.pmtiles: tile 3/8/0: x must be within 0...7"
/// ```
func errorDescription(_ message: String, path: String? = nil, position: String? = nil, context: [String?] = []) -> String {
    var out = ""
    if let path { out += path + ":" }
    if let position { out += position + ":" }
    if !out.isEmpty { out += " " }
    for part in context {
        if let part { out += part + ": " }
    }
    return out + message
}
