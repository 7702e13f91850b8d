import Foundation
import RoadGeo

extension InfoReport {
    /// An OpenStreetMap PBF file: its header, its counts, and the roads `roadgeo import` would
    /// write (the default road filter), with their properties.
    init(osmPBFAt path: String) throws {
        let result = try OSMRoadImport(contentsOf: path)
        let report = result.report, header = result.header
        self.path = path
        format = "OpenStreetMap PBF" + (header.writingProgram.map { " (written by \($0))" } ?? "")
        featureCount = result.roads.count
        geometryTypes = result.roads.isEmpty ? [] : [("LineString", result.roads.count)]
        positionCount = result.roads.reduce(0) { $0 + $1.line.count }
        var box = BoundingBox.empty
        for road in result.roads { box.extend(road.line.boundingBox) }
        boundingBox = box
        crs = "EPSG:4326 (OSM locations, 1e-7 degrees)"
        var present: [String: Int] = [:]
        var types: [String: Set<String>] = [:]
        for road in result.roads {
            for m in road.properties.members where !m.value.isNull {
                present[m.key, default: 0] += 1
                types[m.key, default: []].insert(m.value.typeName)
            }
        }
        let keys = result.roads.first?.properties.keys ?? ["osm_id"] + OSMRoadTags.keys
        fields = keys.map { Field(name: $0, present: result.roads.count, nonNull: present[$0] ?? 0, types: (types[$0] ?? []).sorted()) }
        var notes = ["\(report.nodeCount) nodes, \(report.wayCount) ways, \(report.relationCount) relations in \(report.blobCount) blobs",
                     "required features: " + header.requiredFeatures.joined(separator: ", ")]
        if !header.optionalFeatures.isEmpty { notes.append("optional features: " + header.optionalFeatures.joined(separator: ", ")) }
        if let b = header.bbox { notes.append("header bbox: \(b.minX), \(b.minY), \(b.maxX), \(b.maxY)") }
        notes.append("roads: \(report.matchedWayCount) ways match the default filter (highway minus non-roads), \(report.importedWayCount) have complete geometry")
        if report.lostWayCount > 0 {
            notes.append("\(report.lostWayCount) matching ways cannot be imported: " + report.lostWays.prefix(5).map { "way \($0.wayID)" }.joined(separator: ", ") + (report.lostWayCount > 5 ? ", ..." : ""))
        }
        self.notes = notes
    }
}
