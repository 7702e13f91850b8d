import ArgumentParser
import Foundation
import RoadGeo

/// `roadgeo info FILE`: what a road data file holds (geometry types, feature count, bbox, CRS,
/// property names), so a maintainer can check a file before importing it.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the geometry types, feature count, bounding box, CRS and property names of a data file.",
        discussion: "Reads GeoJSON (.geojson, .json; RFC 7946) and ESRI shapefiles (.shp with .shx, .dbf, .prj, .cpg). Exits with status 1 and a one-line message for a file it cannot read."
    )

    @Argument(help: "The file to inspect.")
    var file: String

    func run() throws {
        try reportingFailures("info") { print(try InfoReport.load(file).text) }
    }
}

/// A format-neutral description of a data file, printed by `roadgeo info`.
///
/// Extension point: each input format builds an `InfoReport` in its own file
/// (`Info+GeoJSON` below; e.g. `Info+Shapefile.swift` adds `init(shapefileAt:)`) and gets one
/// case in ``load(_:)``.
struct InfoReport {
    /// One property (attribute) name and how many features carry it.
    struct Field {
        var name: String
        var present: Int
        var nonNull: Int
        var types: [String]
    }

    var path: String
    /// E.g. "GeoJSON FeatureCollection".
    var format: String
    var featureCount: Int
    var geometryTypes: [(name: String, count: Int)]
    var positionCount: Int
    var boundingBox: BoundingBox
    /// E.g. "EPSG:4326 (RFC 7946: WGS 84 longitude, latitude)".
    var crs: String
    var fields: [Field]
    /// Extra lines worth knowing (a legacy crs member, empty geometries, an encoding).
    var notes: [String]

    /// Reads `path` with the reader its extension selects.
    static func load(_ path: String) throws -> InfoReport {
        switch (path as NSString).pathExtension.lowercased() {
        case "shp":
            return try InfoReport(shapefileAt: path)
        case "pbf":
            return try InfoReport(osmPBFAt: path)
        default:
            return try InfoReport(geoJSONAt: path)
        }
    }

    /// The report for people.
    var text: String {
        var lines: [String] = []
        func row(_ label: String, _ value: String) { lines.append(label.padding(toLength: 12, withPad: " ", startingAt: 0) + value) }
        row("file:", path)
        row("format:", format)
        row("features:", "\(featureCount)")
        row("geometry:", geometryTypes.isEmpty ? "none" : geometryTypes.map { "\($0.name) \($0.count)" }.joined(separator: ", "))
        row("positions:", "\(positionCount)")
        if boundingBox.isEmpty {
            row("bbox:", "none (no positions)")
        } else {
            row("bbox:", "\(boundingBox.minX), \(boundingBox.minY), \(boundingBox.maxX), \(boundingBox.maxY)  (min lon, min lat, max lon, max lat)")
        }
        row("crs:", crs)
        for note in notes { row("note:", note) }
        row("properties:", fields.isEmpty ? "none" : "\(fields.count) names (features with the name / with a non-null value; value types)")
        let width = min(32, fields.map(\.name.count).max() ?? 0)
        for f in fields {
            let name = f.name.count >= width ? f.name : f.name + String(repeating: " ", count: width - f.name.count)
            lines.append("  \(name)  \(f.present) / \(f.nonNull)\(f.types.isEmpty ? "" : "; " + f.types.joined(separator: ", "))")
        }
        return lines.joined(separator: "\n")
    }
}

extension InfoReport {
    /// A GeoJSON file, read with ``GeoJSONReader`` (errors name the feature and place).
    init(geoJSONAt path: String) throws {
        let summary = try GeoJSONSummary(contentsOf: path)
        self.path = path
        format = "GeoJSON \(summary.documentType)"
        featureCount = summary.featureCount
        geometryTypes = summary.geometryTypes
        positionCount = summary.positionCount
        boundingBox = summary.boundingBox
        crs = "\(summary.crs) (RFC 7946: WGS 84 longitude, latitude)"
        fields = summary.properties.map { Field(name: $0.name, present: $0.present, nonNull: $0.nonNull, types: $0.types) }
        notes = []
        if let legacy = summary.legacyCRS {
            notes.append("legacy \"crs\" member: \(legacy) (not part of RFC 7946; coordinates were read as EPSG:4326)")
        }
        if summary.emptyGeometryCount > 0 {
            notes.append("\(summary.emptyGeometryCount) feature(s) have an empty geometry")
        }
    }
}
