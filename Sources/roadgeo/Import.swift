import ArgumentParser
import Foundation
import RoadGeo

/// `roadgeo import FILE.shp --out roads.geojson`: a road shapefile to RFC 7946 GeoJSON in
/// EPSG:4326, with the import report (counts, every skipped record and why, encoding, CRS).
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import a road shapefile (.shp/.shx/.dbf/.prj/.cpg) into RFC 7946 GeoJSON (EPSG:4326) and print the import report.",
        discussion: """
            Coordinates are reprojected from the .prj (or --source-crs) to EPSG:4326. DBF text is decoded \
            with --encoding, else the .cpg, else the DBF language driver, else UTF-8 when valid, else Windows-1252. \
            Records that cannot be imported are listed with the reason; nothing is dropped silently. \
            Exits with status 1 and a one-line message when the file cannot be imported at all.
            """
    )

    @Argument(help: "The .shp file.")
    var file: String

    @Option(help: "The GeoJSON file to write.")
    var out: String

    @Option(help: "Source CRS overriding the .prj, e.g. EPSG:32643 or ESRI:102649 (needed when there is no .prj and coordinates are projected).")
    var sourceCRS: String?

    @Option(help: "DBF text encoding overriding the .cpg, e.g. cp1251, 866, koi8-r, utf-8.")
    var encoding: String?

    @Option(help: "DBF field to use as the road id (default: the record number).")
    var idField: String?

    @Option(help: "DBF field whose equal values are fragments of one road, joined with GEOS line merging (e.g. REF).")
    var mergeBy: String?

    @Option(help: "Decimals for coordinates (7 is about 1 cm).")
    var precision: Int = 7

    @OptionGroup var osm: OSMImportFlags

    func validate() throws {
        if let encoding, ShapefileEncoding(name: encoding) == nil {
            let known = ShapefileEncoding.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("unknown encoding '\(encoding)'; known: \(known)")
        }
        guard (0...15).contains(precision) else { throw ValidationError("--precision must be within 0...15") }
    }

    func run() throws {
        if Import.isOSMPBF(file) { return try runOSM(osm) }
        let options = ShapefileImportOptions(sourceCRS: sourceCRS, encoding: encoding.flatMap { ShapefileEncoding(name: $0) },
                                             idField: idField, mergeBy: mergeBy)
        do {
            let result = try ShapefileImport(path: file, options: options)
            let writer = try GeoJSONFileWriter(path: out, writer: GeoJSONWriter(coordinatePrecision: precision))
            for road in result.roads { try writer.append(road.feature(fields: result.fields)) }
            try writer.finish()
            print(result.report)
            print("wrote \(result.roads.count) features to \(out)")
        } catch {
            FileHandle.standardError.write(Data("roadgeo import: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
