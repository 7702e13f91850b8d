import Foundation
import Testing

/// Holds the documentation standard ("every public symbol has a DocC comment: summary,
/// parameters, units, `- Complexity:`, an example") in the folders whose docs were audited, so
/// a new public symbol without docs fails here rather than in review.
@Suite("DocC coverage of public symbols")
struct DocCoverageTests {
    /// Folders under `Sources/RoadGeo` held to the standard.
    static let folders = ["Geometry", "GEOS", "Projection", "IO", "Index", "LinearReferencing", "Clustering", "Tiles", "Support", "Matching", "Network"]

    struct Gap: CustomStringConvertible {
        var file: String, line: Int, problem: String, declaration: String
        var description: String { "\(file):\(line): \(problem): \(declaration)" }
    }

    @Test("every public declaration has a /// summary; functions and types with behaviour have an example, functions a complexity")
    func publicSymbolsAreDocumented() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/RoadGeo")
        var gaps: [Gap] = [], declarations = 0
        for folder in Self.folders {
            let dir = root.appendingPathComponent(folder)
            let files = try FileManager.default.subpathsOfDirectory(atPath: dir.path)
            for file in files.sorted() where file.hasSuffix(".swift") {
                let path = dir.appendingPathComponent(file).path
                let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
                for (i, line) in lines.enumerated() {
                    guard let kind = Self.publicKind(line) else { continue }
                    declarations += 1
                    let doc = Self.docComment(above: i, in: lines)
                    let name = "\(folder)/\(file)"
                    let declaration = line.trimmingCharacters(in: .whitespaces)
                    if doc.isEmpty {
                        gaps.append(Gap(file: name, line: i + 1, problem: "no /// comment", declaration: declaration))
                        continue
                    }
                    let isFunction = ["func", "init", "subscript"].contains(kind)
                    let isType = ["struct", "class", "enum", "protocol", "actor"].contains(kind)
                    if isFunction && !doc.contains("- Complexity:") {
                        gaps.append(Gap(file: name, line: i + 1, problem: "no - Complexity:", declaration: declaration))
                    }
                    if (isFunction || isType) && !doc.contains("```") {
                        gaps.append(Gap(file: name, line: i + 1, problem: "no example", declaration: declaration))
                    }
                }
            }
        }
        #expect(declarations > 600, "the scan found only \(declarations) public declarations: is the path right?")
        #expect(gaps.isEmpty, "\(gaps.count) documentation gaps:\n\(gaps.map(\.description).joined(separator: "\n"))")
    }

    /// The declaration keyword of a `public` declaration line (`func`, `init`, `var`, `struct` ...),
    /// or `nil` for other lines and for extensions.
    static func publicKind(_ line: String) -> String? {
        var words = line.trimmingCharacters(in: .whitespaces).split(separator: " ").map(String.init)
        while let first = words.first, first.hasPrefix("@") { words.removeFirst() }
        guard words.first == "public" || words.first == "open" else { return nil }
        let modifiers: Set<String> = ["public", "open", "static", "final", "mutating", "nonmutating", "convenience",
                                      "override", "indirect", "required", "nonisolated", "private(set)", "consuming", "borrowing"]
        while let first = words.first, modifiers.contains(first) { words.removeFirst() }
        guard let word = words.first else { return nil }
        let keyword = String(word.prefix { $0.isLetter })
        let kinds: Set<String> = ["struct", "class", "enum", "protocol", "actor", "typealias", "func", "init", "subscript", "var", "let", "case"]
        return kinds.contains(keyword) ? keyword : nil
    }

    /// The `///` lines right above line `index`, skipping attribute lines, joined.
    static func docComment(above index: Int, in lines: [String]) -> String {
        var j = index - 1
        while j >= 0, lines[j].trimmingCharacters(in: .whitespaces).hasPrefix("@") { j -= 1 }
        var doc: [String] = []
        while j >= 0 {
            let t = lines[j].trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("///") else { break }
            doc.append(t)
            j -= 1
        }
        return doc.reversed().joined(separator: "\n")
    }
}
