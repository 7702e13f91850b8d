import Foundation

/// One road from OpenStreetMap: a way (or, split at junctions, a part of one) with its
/// geometry and typed tags.
///
/// ```swift
/// let road = try OSMRoadImport(contentsOf: "data/monaco.osm.pbf").roads[0]
/// road.wayID, road.line.count, road.properties["highway"]
/// ```
public struct OSMRoad: Hashable, Sendable {
    /// The OSM way id.
    public var wayID: Int64
    /// The part's number along the way when split at junctions (`nil` when not split).
    public var part: Int?
    /// The geometry (EPSG:4326, 1e-7 degree OSM locations), consecutive repeated locations removed.
    public var line: Polyline
    /// The OSM node of each vertex of ``line`` (where consecutive nodes share a location, the first).
    public var nodeIDs: [Int64]
    /// `osm_id`, then every key of ``OSMRoadTags/keys`` with its typed value or `null`.
    public var properties: JSONObject

    /// The road's id as text: the way id, with `#part` when split.
    public var id: String { part.map { "\(wayID)#\($0)" } ?? String(wayID) }

    /// The road as a GeoJSON LineString feature (`id` the way id, or `"way#part"` when split).
    /// - Complexity: O(vertices).
    ///
    /// ```swift
    /// try writer.append(road.feature)
    /// ```
    public var feature: GeoJSONFeature {
        GeoJSONFeature(id: part == nil ? .integer(wayID) : .string(id), geometry: .lineString(line.coordinates), properties: properties)
    }
}

/// Options for ``OSMRoadImport``.
///
/// ```swift
/// var options = OSMImportOptions()
/// options.splitAtJunctions = true
/// options.filter = try OSMTagFilter(include: ["highway=motorway,trunk,primary,secondary"])
/// ```
public struct OSMImportOptions: Hashable, Sendable {
    /// Which ways become roads (default ``OSMTagFilter/roads``).
    public var filter: OSMTagFilter
    /// Split ways where another imported way (or the way itself) shares an interior node.
    public var splitAtJunctions: Bool
    /// Threads to decode blobs on (default: the active cores).
    public var threads: Int
    /// Leave out closed ways tagged `area=yes` (pedestrian squares, parking areas mapped with
    /// `highway`): areas, not roads, as `osmium export` treats them; counted in the report.
    public var skipAreas: Bool

    /// Creates options.
    /// - Parameters:
    ///   - filter: The way filter.
    ///   - splitAtJunctions: Whether to split at shared nodes.
    ///   - threads: Decoding threads.
    ///   - skipAreas: Whether closed `area=yes` ways are left out.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// OSMImportOptions(splitAtJunctions: true, threads: 2)
    /// ```
    public init(filter: OSMTagFilter = .roads, splitAtJunctions: Bool = false,
                threads: Int = ProcessInfo.processInfo.activeProcessorCount, skipAreas: Bool = true) {
        self.filter = filter
        self.skipAreas = skipAreas
        self.splitAtJunctions = splitAtJunctions
        self.threads = threads
    }
}

/// The roads of an OpenStreetMap PBF file: the ways passing a tag filter, their geometry from
/// their nodes and their tags typed (``OSMRoadTags``), optionally split at junctions, with a
/// report of every matching way that could not be built.
///
/// Matches `osmium tags-filter` + `osmium export` (linear ways): the same ways, the same tags,
/// the same coordinates to 1e-7 degrees, consecutive repeated locations removed.
///
/// Memory: the file's bytes, 16 bytes per node (``OSMNodeStore``) and the kept ways.
///
/// ```swift
/// let result = try OSMRoadImport(contentsOf: "data/monaco.osm.pbf")
/// print(result.report)
/// let network = RoadNetwork(osmImport: result)
/// ```
public struct OSMRoadImport: Sendable {
    /// The roads, in file order of their ways.
    public let roads: [OSMRoad]
    /// Counts and every lost way.
    public let report: OSMImportReport
    /// The file's header.
    public let header: OSMHeader

    /// Reads a file and imports its roads.
    /// - Parameters:
    ///   - path: A `.osm.pbf` file.
    ///   - options: Filter, splitting, threads.
    /// - Throws: ``OSMPBFError`` naming the file, blob and problem.
    /// - Complexity: O(file size / threads) to decode, O(refs log nodes) to build geometry.
    ///
    /// ```swift
    /// let roads = try OSMRoadImport(contentsOf: "krems.osm.pbf", options: OSMImportOptions(threads: 2)).roads
    /// ```
    public init(contentsOf path: String, options: OSMImportOptions = OSMImportOptions()) throws(OSMPBFError) {
        try self.init(file: try OSMPBFFile(contentsOf: path), options: options)
    }

    /// Imports the roads of a file already opened.
    /// - Parameters:
    ///   - file: The framed file.
    ///   - options: Filter, splitting, threads.
    /// - Throws: ``OSMPBFError`` naming the blob and problem.
    /// - Complexity: As ``init(contentsOf:options:)``.
    ///
    /// ```swift
    /// let result = try OSMRoadImport(file: try OSMPBFFile(contentsOf: path))
    /// ```
    public init(file: OSMPBFFile, options: OSMImportOptions = OSMImportOptions()) throws(OSMPBFError) {
        let prepared = try OSMRoadImport.prepare(file, options: options)
        var report = prepared.report
        let built = OSMRoadImport.buildRoads(prepared, range: 0..<prepared.blocks.count, options: options)
        var roads: [OSMRoad] = []
        roads.reserveCapacity(built.reduce(0) { $0 + $1.roads.count })
        for part in built {
            roads.append(contentsOf: part.roads)
            report.lostWays.append(contentsOf: part.lost)
            report.areaWayCount += part.areas
            report.importedWayCount += part.imported
        }
        report.roadCount = roads.count
        self.roads = roads
        self.report = report
        self.header = file.header
    }

}
