import Foundation

/// Paths to the test fixtures (Tests/RoadGeoTests/Fixtures) and the bundled data (data/).
enum Fixtures {
    /// Tests/RoadGeoTests
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    /// The repository root.
    static let root = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()

    /// A file under Tests/RoadGeoTests/Fixtures.
    static func path(_ relative: String) -> String {
        testsDirectory.appendingPathComponent("Fixtures").appendingPathComponent(relative).path
    }

    /// A file under data/.
    static func data(_ relative: String) -> String {
        root.appendingPathComponent("data").appendingPathComponent(relative).path
    }

    /// A fresh temporary directory for a test to write into.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("roadgeo-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
