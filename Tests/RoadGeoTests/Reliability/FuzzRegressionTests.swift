import Foundation
import Testing
@testable import RoadGeo

/// One test per input the fuzzers found (Tests/RoadGeoTests/Fixtures/regressions), named after
/// what broke. Leaks are caught when the suite runs under `scripts/sanitize.sh address`.
@Suite("Fuzzer regressions")
struct FuzzRegressionTests {
    /// Splits a fuzz container (see Fixtures/regressions/README.md) into files in a fresh
    /// directory; returns the `.shp` path.
    static func unpackShapefile(_ name: String) throws -> String {
        let input = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixtures.path("regressions/" + name))))
        var files: [String: Data] = [:]
        var offset = 1
        for (i, ext) in ["shp", "shx", "dbf", "prj", "cpg"].enumerated() where i == 0 || input[0] & (1 << (i - 1)) != 0 {
            var length = 0
            if offset + 4 <= input.count {
                for k in 0..<4 { length |= Int(input[offset + k]) << (8 * k) }
                offset += 4
            } else {
                offset = input.count
            }
            let end = min(input.count, offset + length)
            files[ext] = Data(input[offset..<end])
            offset = end
        }
        return try ShapefileTestFiles.write(files, name: "regression")
    }

    @Test("an empty .prj is read without Foundation (which leaked 4 KB per empty file) and treated as absent")
    func emptyPrjLeak() throws {
        let path = try Self.unpackShapefile("shapefile-empty-prj-leak")
        let prj = (path as NSString).deletingPathExtension + ".prj"
        #expect(FileManager.default.fileExists(atPath: prj))
        #expect(ShapefileReader.readSmallFile(prj, limit: 1 << 20) == [])
        for _ in 0..<3 {
            let imported = try ShapefileImport(path: path)
            #expect(imported.report.sourceCRS.source == .assumedGeographic)
            #expect(!imported.roads.isEmpty)
        }
        // The same for empty main files: mapped as empty data, then a typed header error.
        let empty = try ShapefileTestFiles.write(["shp": Data(), "dbf": Data()])
        #expect(throws: ShapefileError.self) { _ = try ShapefileReader(path: empty) }
        #expect(throws: ShapefileError.self) { _ = try DBFReader(path: (empty as NSString).deletingPathExtension + ".dbf") }
    }
}
