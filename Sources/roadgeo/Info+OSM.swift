import Foundation
import RoadGeo

extension InfoReport {
    /// An OpenStreetMap PBF file: its header, its counts, and the roads `roadgeo import` would
    /// write (the default road filter), with their properties. Streams block by block, so a
    /// country extract never has all its roads in memory.
    init(osmPBFAt path: String) throws {
        let file = try OSMPBFFile(contentsOf: path)
        let header = file.header
        var stats = RoadStats()
        let report = try OSMRoadImport.stream(file: file, transform: { RoadStats($0) }, consume: { stats.add($0) })
        self.path = path
        format = "OpenStreetMap PBF" + (header.writingProgram.map { " (written by \($0))" } ?? "")
        featureCount = stats.roads
        geometryTypes = stats.roads == 0 ? [] : [("LineString", stats.roads)]
        positionCount = stats.positions
        boundingBox = stats.box
        crs = "EPSG:4326 (OSM locations, 1e-7 degrees)"
        let keys = ["osm_id"] + OSMRoadTags.keys
        fields = keys.map { Field(name: $0, present: stats.roads, nonNull: stats.nonNull[$0] ?? 0, types: (stats.types[$0] ?? []).sorted()) }
        var notes = ["\(report.nodeCount) nodes, \(report.wayCount) ways, \(report.relationCount) relations in \(report.blobCount) blobs",
                     "required features: " + header.requiredFeatures.joined(separator: ", ")]
        if !header.optionalFeatures.isEmpty { notes.append("optional features: " + header.optionalFeatures.joined(separator: ", ")) }
        if let b = header.bbox { notes.append("header bbox: \(b.minX), \(b.minY), \(b.maxX), \(b.maxY)") }
        notes.append("roads: \(report.matchedWayCount) ways match the default filter (highway minus non-roads), \(report.importedWayCount) imported")
        if report.areaWayCount > 0 { notes.append("\(report.areaWayCount) closed area=yes ways left out (areas, not roads)") }
        if report.lostWayCount > 0 {
            notes.append("\(report.lostWayCount) matching ways cannot be imported: " + report.lostWays.prefix(5).map { "way \($0.wayID)" }.joined(separator: ", ") + (report.lostWayCount > 5 ? ", ..." : ""))
        }
        self.notes = notes
    }
}

/// Counts over roads, per block and summed.
private struct RoadStats: Sendable {
    var roads = 0, positions = 0
    var box = BoundingBox.empty
    var nonNull: [String: Int] = [:]
    var types: [String: Set<String>] = [:]

    init() {}

    init(_ list: [OSMRoad]) {
        for road in list {
            roads += 1
            positions += road.line.count
            box.extend(road.line.boundingBox)
            for m in road.properties.members where !m.value.isNull {
                nonNull[m.key, default: 0] += 1
                types[m.key, default: []].insert(m.value.typeName)
            }
        }
    }

    mutating func add(_ other: RoadStats) {
        roads += other.roads
        positions += other.positions
        box.extend(other.box)
        nonNull.merge(other.nonNull, uniquingKeysWith: +)
        types.merge(other.types) { $0.union($1) }
    }
}
