import Foundation

/// The coordinate reference system a shapefile's coordinates are in, and how it was decided.
///
/// Order: the caller's definition (any string PROJ accepts: `EPSG:32643`, `ESRI:102649`,
/// WKT, a PROJ string); else the `.prj` (ESRI WKT, handed to PROJ as is); else, with neither,
/// coordinates whose extent lies within ±180 × ±90 are taken as EPSG:4326, and anything else
/// is an error (code `.crs`) that says what to pass.
///
/// ```swift
/// let crs = try SourceCRS.resolve(shapefile: "roads.shp", extent: shp.header.boundingBox)
/// print(crs)   // "WGS_84_UTM_zone_32N (from .prj)"
/// ```
public struct SourceCRS: Hashable, Sendable, CustomStringConvertible {
    /// How the CRS was decided.
    ///
    /// ```swift
    /// if crs.source == .assumedGeographic { print("no .prj: coordinates used as EPSG:4326") }
    /// ```
    public enum Source: Hashable, Sendable {
        /// Given by the caller.
        case caller
        /// Read from the `.prj`.
        case prj
        /// No `.prj` and no override; the extent looks like longitude/latitude.
        case assumedGeographic
    }

    /// The definition handed to PROJ, or `nil` when coordinates are already EPSG:4326 and
    /// are used as read.
    public var definition: String?
    /// A short name: the `.prj`'s CRS name, the caller's string, or `EPSG:4326`.
    public var name: String
    /// How it was decided.
    public var source: Source

    /// Creates a decision.
    ///
    /// - Parameters:
    ///   - definition: The PROJ definition, or `nil` for coordinates used as EPSG:4326.
    ///   - name: A short name.
    ///   - source: How it was decided.
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let crs = SourceCRS(definition: "EPSG:32643", name: "EPSG:32643", source: .caller)
    /// ```
    public init(definition: String?, name: String, source: Source) {
        self.definition = definition
        self.name = name
        self.source = source
    }

    /// E.g. `WGS_84_UTM_zone_32N (from .prj)`.
    public var description: String {
        switch source {
        case .caller: return "\(name) (given by the caller)"
        case .prj: return "\(name) (from .prj)"
        case .assumedGeographic: return "EPSG:4326 (assumed: no .prj, and the extent is within ±180/±90)"
        }
    }

    /// Decides the source CRS of a shapefile.
    ///
    /// - Parameters:
    ///   - shapefile: The `.shp` path (its sibling `.prj` is read if present).
    ///   - extent: The header's bounding box (in file units), used only when there is neither
    ///     override nor `.prj`.
    ///   - override: A caller-supplied definition, which wins over the `.prj`; surrounding
    ///     whitespace is trimmed.
    /// - Returns: The decision; build a ``Reprojector`` from ``definition`` to transform.
    /// - Throws: ``ShapefileError`` (code `.crs`) when there is no `.prj`, no override, and the
    ///   extent is not longitude/latitude, or when the `.prj` cannot be read or is over 1 MiB.
    /// - Complexity: O(size of the `.prj`).
    ///
    /// ```swift
    /// let shp = try ShapefileReader(path: "data/heidelberg_roads_utm32n.shp")
    /// let crs = try SourceCRS.resolve(shapefile: shp.path, extent: shp.header.boundingBox)
    /// let toWGS84 = try crs.definition.map { try Reprojector(source: $0) }
    /// ```
    public static func resolve(shapefile: String, extent: BoundingBox, override: String? = nil) throws(ShapefileError) -> SourceCRS {
        if let override {
            let trimmed = override.trimmingCharacters(in: .whitespacesAndNewlines)
            return SourceCRS(definition: trimmed, name: Self.name(ofDefinition: trimmed), source: .caller)
        }
        if let prjPath = ShapefileReader.sibling(of: shapefile, extension: "prj") {
            guard let data = ShapefileReader.readSmallFile(prjPath, limit: 1 << 20) else {
                throw ShapefileError(.unusableCRS, "cannot read the .prj (or it is over 1 MB)", path: prjPath)
            }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !text.isEmpty {
                return SourceCRS(definition: text, name: Self.name(ofDefinition: text), source: .prj)
            }
        }
        let lonLat = extent.isEmpty
            || (extent.minX >= -180 && extent.maxX <= 180 && extent.minY >= -90 && extent.maxY <= 90)
        guard lonLat else {
            throw ShapefileError(.unusableCRS, String(
                format: "no .prj and the extent (%.3f, %.3f)-(%.3f, %.3f) is not longitude/latitude: pass the source CRS (e.g. --source-crs EPSG:32643, or ShapefileImportOptions.sourceCRS)",
                extent.minX, extent.minY, extent.maxX, extent.maxY), path: shapefile)
        }
        return SourceCRS(definition: nil, name: "EPSG:4326", source: .assumedGeographic)
    }

    /// The CRS name in a WKT (`PROJCS["name"` / `GEOGCS["name"`), else the definition itself.
    static func name(ofDefinition text: String) -> String {
        if let open = text.firstIndex(of: "\""), let bracket = text.firstIndex(of: "["), bracket < open {
            let rest = text[text.index(after: open)...]
            if let close = rest.firstIndex(of: "\"") { return String(rest[..<close]) }
        }
        return text.count <= 80 ? text : String(text.prefix(77)) + "..."
    }
}
