import ArgumentParser
import Foundation
import RoadGeo

/// `roadgeo import FILE.shp --out roads.geojson`: a road (or point) shapefile to RFC 7946
/// GeoJSON in EPSG:4326, with the import report (counts, every skipped record and why,
/// encoding and its confidence, CRS, losses); `--report` writes the report as JSON.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import a shapefile (.shp/.shx/.dbf/.dbt/.fpt/.prj/.cpg) into RFC 7946 GeoJSON (EPSG:4326) and print the import report.",
        discussion: """
            Lines and polygons become LineString/MultiLineString features, points and multipoints \
            Point/MultiPoint features. Coordinates are reprojected from the .prj (or --source-crs) to \
            EPSG:4326; positions within 1e-9 deg of the range are clamped, lines past +-180 are cut at the \
            antimeridian. DBF text is decoded with --encoding, else the .cpg (any name GDAL accepts, CJK \
            pages through iconv), else the DBF language driver, else UTF-8 when valid, else a statistical \
            code-page detector whose confidence is in the report. The .shp is cross-checked with the .shx \
            and every shape paired with the DBF row of its own record number. \
            Exit status: 0 when everything was imported; 3 when records, points or rows were lost (the \
            output is still written and the report lists each loss; --allow-loss makes this 0); 1 when \
            the file cannot be imported at all, or with --strict when anything would be lost (nothing is written).
            """
    )

    @Argument(help: "The .shp file.")
    var file: String

    @Option(help: "The GeoJSON file to write.")
    var out: String

    @Option(help: "Source CRS overriding the .prj, e.g. EPSG:32643 or ESRI:102649 (needed when there is no .prj and coordinates are projected).")
    var sourceCRS: String?

    @Option(help: "DBF text encoding overriding the .cpg, in any form a .cpg may use: cp1251, 866, koi8-r, utf-8, gbk, big5, shiftjis, 949, 874, or any iconv name.")
    var encoding: String?

    @Option(help: "DBF field to use as the feature id (default: the record number).")
    var idField: String?

    @Option(help: "DBF field whose equal values are fragments of one road, joined with GEOS line merging (e.g. REF).")
    var mergeBy: String?

    @Option(help: "Decimals for coordinates (7 is about 1 cm).")
    var precision: Int = 7

    @Option(help: "Also write the import report as JSON to this file.")
    var report: String?

    @Flag(help: "Exit 0 even when records, points or DBF rows were lost (they are still listed in the report).")
    var allowLoss = false

    @Flag(help: "Refuse the file (exit 1, write nothing) when anything would be lost.")
    var strict = false
    @OptionGroup var osm: OSMImportFlags

    func validate() throws {
        if let encoding, ShapefileEncoding(name: encoding) == nil {
            let known = ShapefileEncoding.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("unknown encoding '\(encoding)': neither a .cpg form GDAL accepts nor an iconv name; e.g. \(known)")
        }
        guard (0...15).contains(precision) else { throw ValidationError("--precision must be within 0...15") }
        if strict && allowLoss { throw ValidationError("--strict and --allow-loss contradict each other") }
    }

    func run() throws {
        if Import.isOSMPBF(file) { return try runOSM(osm) }
        let options = ShapefileImportOptions(sourceCRS: sourceCRS, encoding: encoding.flatMap { ShapefileEncoding(name: $0) },
                                             idField: idField, mergeBy: mergeBy)
        let result = try reportingFailures("import") { try ShapefileImport(path: file, options: options) }
        let losses = result.report.losses
        try reportingFailures("import") {
            if let report {
                let bytes = try GeoJSONWriter(coordinatePrecision: nil).encode(result.report.jsonValue)
                try Data(bytes).write(to: URL(fileURLWithPath: report))
            }
            if strict && !losses.isEmpty {
                print(result.report)
                printError("import", "--strict: \(losses.count) losses (listed above); nothing written")
                throw ExitCode(1)
            }
            let writer = try GeoJSONFileWriter(path: out, writer: GeoJSONWriter(coordinatePrecision: precision))
            for road in result.roads { try writer.append(road.feature(fields: result.fields)) }
            for point in result.points { try writer.append(point.feature(fields: result.fields)) }
            try writer.finish()
        }
        print(result.report)
        print("wrote \(result.roads.count + result.points.count) features to \(out)" + (report.map { "; report: \($0)" } ?? ""))
        if !losses.isEmpty && !allowLoss {
            printError("import", "\(losses.count) losses (listed in the report); exit status 3 (--allow-loss to accept)")
            throw ExitCode(3)
        }
    }
}
