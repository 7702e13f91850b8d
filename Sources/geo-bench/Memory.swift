import CGEOS
import Foundation
import RoadGeo

extension Workloads {
    /// memory: peak resident memory of importing the Heidelberg UTM 32N shapefile (25k roads,
    /// reprojected, all attributes), building its ``RoadNetwork`` and building its ``Tiler``.
    ///
    /// Each phase is timed by `measure` (whose peak RSS column is the whole process) and then run
    /// once more between a VmHWM reset and a VmHWM read (after handing freed memory back with
    /// `malloc_trim`), to report how far that phase alone raised the peak above the resident set
    /// it started from. Baselines, measured the same
    /// way: reading the three files whole into memory with Foundation (what any importer that
    /// does not map the file pays before decoding anything), one GEOS LineString per road in a
    /// GEOS STRtree (the usual GEOS network), and the roads as an in-memory GeoJSON document
    /// (what a geojson-vt style tiler starts from).
    static let memory = Workload(id: "memory", title: "peak RSS: Heidelberg shapefile import, network build, tiler build") { context, reporter in
        let path = context.dataFile("heidelberg_roads_utm32n.shp")
        let fileBytes = ["shp", "shx", "dbf"].reduce(0) { total, ext in
            let file = (path as NSString).deletingPathExtension + "." + ext
            return total + ((try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0)
        }
        let imported = try RoadGeo.ShapefileImport(path: path, options: .init(threads: 1))
        let n = imported.roads.count
        var roads: [Road] = []
        for road in imported.roads {
            for (k, part) in road.geometry.parts.enumerated() { roads.append(Road(id: "\(road.id)/\(k)", line: part)) }
        }
        let features = imported.roads.map { TileFeature(geometry: .multiLine($0.geometry)) }

        // Import.
        reporter.record(try measure("memory", "RoadGeo import", n: n, context: context) {
            try RoadGeo.ShapefileImport(path: path, options: .init(threads: 1)).roads.count
        })
        let importGrowth = try peakGrowthMB { try RoadGeo.ShapefileImport(path: path, options: .init(threads: 1)).roads.count }
        let readAllGrowth = try peakGrowthMB {
            try ["shp", "shx", "dbf"].reduce(0) { total, ext in
                let file = (path as NSString).deletingPathExtension + "." + ext
                return total + (try Data(contentsOf: URL(fileURLWithPath: file))).count
            }
        }
        reporter.note("memory", String(format: "import: peak +%.1f MB over the starting RSS (%.0f bytes per road; files %.1f MB); Foundation read-whole baseline +%.1f MB: %.2fx ours",
                                       importGrowth, importGrowth * 1_048_576 / Double(n), Double(fileBytes) / 1_048_576,
                                       readAllGrowth, readAllGrowth / max(importGrowth, 0.01)))

        // Network.
        reporter.record(measure("memory", "RoadNetwork build", n: roads.count, context: context) {
            RoadNetwork(roads: roads).roads.count
        })
        let networkGrowth = peakGrowthMB { RoadNetwork(roads: roads).roads.count }
        let geosGrowth = peakGrowthMB { geosNetwork(roads) }
        reporter.note("memory", String(format: "network: peak +%.1f MB for %d roads (%.0f bytes per road); GEOS LineStrings + STRtree +%.1f MB: %.2fx ours",
                                       networkGrowth, roads.count, networkGrowth * 1_048_576 / Double(roads.count),
                                       geosGrowth, geosGrowth / max(networkGrowth, 0.01)))

        // Tiler.
        reporter.record(try measure("memory", "Tiler build", n: features.count, context: context) {
            try Tiler(features: features).featureCount
        })
        let tilerGrowth = try peakGrowthMB { try Tiler(features: features).featureCount }
        let documentGrowth = peakGrowthMB {
            let collection = GeoJSONFeatureCollection(features: imported.roads.map {
                GeoJSONFeature(geometry: GeoJSONGeometry($0.geometry))
            })
            return collection.features.count
        }
        reporter.note("memory", String(format: "tiler: peak +%.1f MB for %d features; the same roads as a GeoJSON document +%.1f MB: %.2fx ours",
                                       tilerGrowth, features.count, documentGrowth, documentGrowth / max(tilerGrowth, 0.01)))
    }
}

/// How far `body` raises the process's peak RSS (VmHWM) above the RSS it started from, in MiB.
/// Memory freed by earlier phases is first handed back to the system (`malloc_trim`), or the
/// allocator would serve this phase from it and the growth would read as zero.
private func peakGrowthMB(_ body: () throws -> Int) rethrows -> Double {
    #if os(Linux)
    _ = glibcMallocTrim(0)
    #endif
    let before = residentMB()
    resetPeakRSS()
    benchmarkSink &+= try body()
    return max(0, peakRSSMB() - before)
}

/// Current resident set size (VmRSS) in MiB.
private func residentMB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return (line.split(separator: " ").compactMap { Double($0) }.first ?? 0) / 1024
    }
    return 0
}

/// The GEOS way to hold a network for snapping: a LineString per road in an STRtree (built by
/// one query), all freed before returning. Returns the number of roads indexed.
private func geosNetwork(_ roads: [Road]) -> Int {
    let handle = GEOS_init_r()
    defer { GEOS_finish_r(handle) }
    var lines: [OpaquePointer] = []
    lines.reserveCapacity(roads.count)
    for road in roads {
        let coordinates = road.line.line.coordinates
        guard let seq = GEOSCoordSeq_create_r(handle, UInt32(coordinates.count), 2) else { continue }
        for (i, c) in coordinates.enumerated() { GEOSCoordSeq_setXY_r(handle, seq, UInt32(i), c.longitude, c.latitude) }
        if let line = GEOSGeom_createLineString_r(handle, seq) { lines.append(line) }
    }
    guard let tree = GEOSSTRtree_create_r(handle, 10) else { return 0 }
    for line in lines { GEOSSTRtree_insert_r(handle, tree, line, nil) }
    if let probe = GEOSGeom_createEmptyPolygon_r(handle) {
        GEOSSTRtree_query_r(handle, tree, probe, { _, _ in }, nil)
        GEOSGeom_destroy_r(handle, probe)
    }
    GEOSSTRtree_destroy_r(handle, tree)
    for line in lines { GEOSGeom_destroy_r(handle, line) }
    return lines.count
}

#if os(Linux)
/// glibc's `malloc_trim(3)` (declared in <malloc.h>, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
