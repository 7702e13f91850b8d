/// How ``RoadNetwork/init(contentsOf:options:)`` reads each kind of file; one value for all of
/// them, so a tool passes the same options whatever file it is given.
///
/// ```swift
/// var options = RoadNetworkLoadOptions()
/// options.strict = true                       // GeoJSON: refuse the file at the first bad feature
/// options.shapefile.idField = "OSM_ID"        // shapefile: the id field
/// options.osm.splitAtJunctions = true         // OpenStreetMap: one road per stretch between junctions
/// let network = try RoadNetwork(contentsOf: path, options: options)
/// ```
public struct RoadNetworkLoadOptions: Hashable, Sendable {
    /// GeoJSON: the property used as a road's id when its feature has no `id` (OSM exports
    /// carry `osm_id`); `nil` uses the feature index.
    public var idProperty: String?
    /// GeoJSON: refuse the file at the first feature that would be skipped, instead of skipping
    /// it and listing it in ``LoadedRoadNetwork/findings``.
    public var strict: Bool
    /// Shapefile: source CRS and encoding overrides, id and merge fields, threads.
    public var shapefile: ShapefileImportOptions
    /// OpenStreetMap PBF: tag filter, splitting at junctions, threads.
    public var osm: OSMImportOptions

    /// Creates options.
    /// - Parameters:
    ///   - idProperty: GeoJSON id property.
    ///   - strict: GeoJSON strictness.
    ///   - shapefile: Shapefile import options.
    ///   - osm: OpenStreetMap import options.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// RoadNetworkLoadOptions(strict: true, shapefile: ShapefileImportOptions(idField: "OSM_ID"))
    /// ```
    public init(idProperty: String? = "osm_id", strict: Bool = false,
                shapefile: ShapefileImportOptions = ShapefileImportOptions(), osm: OSMImportOptions = OSMImportOptions()) {
        self.idProperty = idProperty
        self.strict = strict
        self.shapefile = shapefile
        self.osm = osm
    }
}

/// A network read by ``RoadNetwork/load(contentsOf:options:)``, with what the file was and
/// everything its import skipped or changed.
///
/// ```swift
/// let loaded = try RoadNetwork.load(contentsOf: "data/heidelberg_roads_utm32n.shp")
/// print(loaded.format, loaded.network.roads.count)
/// for finding in loaded.findings { print(finding) }   // "skipped: record 17: null shape"
/// ```
public struct LoadedRoadNetwork: Sendable {
    /// Something an import did to one feature, record or way (or, for ``Kind/warning``, the file).
    ///
    /// ```swift
    /// for f in loaded.findings where f.kind == .skipped { print(f.message) }
    /// ```
    public struct Finding: Hashable, Sendable, CustomStringConvertible {
        /// What happened.
        ///
        /// ```swift
        /// let skipped = loaded.findings.filter { $0.kind == .skipped }.count
        /// ```
        public enum Kind: String, Hashable, Sendable, CaseIterable {
            /// Not imported: a feature, record or way that could not become a road.
            case skipped
            /// Imported with a change: clamped positions, a cut at the antimeridian, dropped points.
            case changed
            /// Read, but not a road (a point, a polygon, a GeometryCollection's non-line member).
            case notRoad = "not a road"
            /// About the whole file (a guessed encoding, a missing `.prj` ...).
            case warning
        }
        /// What happened.
        public var kind: Kind
        /// The detail, naming the feature (`feature 17: ...`), record (`record 5: ...`) or way.
        public var message: String

        /// Creates a finding.
        /// - Parameters:
        ///   - kind: What happened.
        ///   - message: The detail.
        /// - Complexity: O(1).
        ///
        /// ```swift
        /// LoadedRoadNetwork.Finding(kind: .skipped, message: "feature 3: unknown geometry type \"Curve\"")
        /// ```
        public init(kind: Kind, message: String) {
            self.kind = kind
            self.message = message
        }

        /// `kind: message`.
        public var description: String { "\(kind.rawValue): \(message)" }
    }

    /// The network.
    public var network: RoadNetwork
    /// What the file was.
    public var format: RoadFileFormat
    /// What the import skipped or changed, in file order.
    public var findings: [Finding]
}

extension RoadNetwork {
    /// Opens a road network file of any kind RoadGeo reads, recognised by its content (see
    /// ``RoadFileFormat``): a snapshot, GeoJSON, a shapefile's `.shp` (or its `.shx`) or an
    /// OpenStreetMap PBF file. The front door for tools and servers that take "a road file".
    ///
    /// GeoJSON is read as an import (``GeoJSONReader/importFeatures(contentsOf:strict:)``): a bad
    /// feature skips only itself unless `options.strict`; ids as ``init(geoJSONRoads:idProperty:)``.
    /// Shapefiles as ``init(shapefile:)``, OpenStreetMap as ``init(osmImport:)``; every road keeps
    /// its source properties with their types (``Road/properties``), and a snapshot gives back
    /// what it was written with. Use ``load(contentsOf:options:)`` to see what was skipped.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - options: How to read each format.
    /// - Throws: ``RoadNetworkLoadError`` naming the file: unreadable, of no known format, or
    ///   the format reader's error.
    /// - Complexity: O(file size), plus the index build (O(segments log segments)) for all but snapshots.
    ///
    /// ```swift
    /// let network = try RoadNetwork(contentsOf: "data/monaco.osm.pbf")
    /// let same = try RoadNetwork(contentsOf: "data/moscow_roads_utm37n_cp1251.shp")
    /// ```
    public init(contentsOf path: String, options: RoadNetworkLoadOptions = RoadNetworkLoadOptions()) throws(RoadNetworkLoadError) {
        self = try RoadNetwork.load(contentsOf: path, options: options).network
    }

    /// Opens a road network file as ``init(contentsOf:options:)`` does, and returns the format
    /// and what the import skipped or changed.
    ///
    /// - Parameters:
    ///   - path: The file.
    ///   - options: How to read each format.
    /// - Returns: The network, its format and the findings.
    /// - Throws: ``RoadNetworkLoadError`` naming the file.
    /// - Complexity: As ``init(contentsOf:options:)``.
    ///
    /// ```swift
    /// let loaded = try RoadNetwork.load(contentsOf: "roads.geojson", options: RoadNetworkLoadOptions(strict: true))
    /// print(loaded.findings.count, "findings")
    /// ```
    public static func load(contentsOf path: String,
                            options: RoadNetworkLoadOptions = RoadNetworkLoadOptions()) throws(RoadNetworkLoadError) -> LoadedRoadNetwork {
        let format = try RoadFileFormat(contentsOf: path)
        switch format {
        case .snapshot:
            let network: RoadNetwork
            do { network = try RoadNetwork(snapshotAt: path) } catch { throw RoadNetworkLoadError(path: path, reason: .snapshot(error)) }
            return LoadedRoadNetwork(network: network, format: format, findings: [])
        case .geoJSON:
            let imported: GeoJSONImport
            do { imported = try GeoJSONReader().importFeatures(contentsOf: path, strict: options.strict) }
            catch { throw RoadNetworkLoadError(path: path, reason: .geoJSON(error)) }
            let (roads, notRoads) = imported.roads()
            var findings = imported.skipped.map { LoadedRoadNetwork.Finding(kind: .skipped, message: $0.description) }
            findings += imported.notes.map { LoadedRoadNetwork.Finding(kind: .changed, message: $0.description) }
            findings += notRoads.map { LoadedRoadNetwork.Finding(kind: .notRoad, message: $0.description) }
            return LoadedRoadNetwork(network: RoadNetwork(geoJSONRoads: roads, idProperty: options.idProperty), format: format,
                                     findings: findings)
        case .shapefile:
            // The .shx has the .shp's header: open the shapefile it indexes.
            let lower = path.lowercased()
            let shp = lower.hasSuffix(".shx") ? String(path.dropLast(4)) + (path.hasSuffix(".SHX") ? ".SHP" : ".shp") : path
            let imported: ShapefileImport
            do { imported = try ShapefileImport(path: shp, options: options.shapefile) }
            catch { throw RoadNetworkLoadError(path: path, reason: .shapefile(error)) }
            let roads = imported.geoJSONRoads
            var findings = imported.report.warnings.map { LoadedRoadNetwork.Finding(kind: .warning, message: $0) }
            findings += imported.report.skipped.map { LoadedRoadNetwork.Finding(kind: .skipped, message: $0.description) }
            findings += imported.report.notes.map { LoadedRoadNetwork.Finding(kind: .changed, message: $0.description) }
            if !imported.points.isEmpty {
                findings.append(LoadedRoadNetwork.Finding(kind: .notRoad, message: "\(imported.points.count) point records: a point shapefile has no roads"))
            }
            return LoadedRoadNetwork(network: RoadNetwork(geoJSONRoads: roads, idProperty: nil), format: format,
                                     findings: findings)
        case .osmPBF:
            let imported: OSMRoadImport
            do { imported = try OSMRoadImport(contentsOf: path, options: options.osm) }
            catch { throw RoadNetworkLoadError(path: path, reason: .osmPBF(error)) }
            let findings = imported.report.lostWays.map { way in
                LoadedRoadNetwork.Finding(kind: .skipped, message: way.firstMissingNodeID.map {
                    "way \(way.wayID): \(way.missingNodeCount) nodes missing from the extract (first: node \($0))"
                } ?? "way \(way.wayID): fewer than 2 distinct locations")
            }
            return LoadedRoadNetwork(network: RoadNetwork(osmImport: imported), format: format,
                                     findings: findings)
        }
    }
}
