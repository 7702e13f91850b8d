/// Options of ``DisplayClusters``: supercluster's radius, extent and zooms, the names written for
/// statuses and categories, and how the tiles that show the clusters are drawn.
///
/// ```swift
/// var options = DisplayClusterOptions()
/// options.radius = 60                         // pixels of a 512-pixel tile
/// options.maxZoom = 15
/// options.statusNames = ["open", "confirmed", "urgent"]
/// let clusters = try DisplayClusters(options: options)
/// ```
public struct DisplayClusterOptions: Hashable, Sendable {
    /// Cluster radius in pixels of a tile `extent` wide (default 40, as supercluster).
    public var radius: Double = 40
    /// Pixels per tile side for `radius` (default 512).
    public var extent: Int = 512
    /// Lowest zoom with clusters (default 0); tiles below it show this zoom's clusters.
    public var minZoom: Int = 0
    /// Highest zoom with clusters (default 16); above it every report is shown alone.
    public var maxZoom: Int = 16
    /// Fewest reports in a cluster (default 2); smaller groups are shown as single reports.
    public var minPoints: Int = 2
    /// Names written for status severities (`statusNames[s]`); a severity without one is written as a number.
    public var statusNames: [String] = []
    /// Names written for category codes (`categoryNames[c]`); a code without one is written as a number.
    public var categoryNames: [String] = []
    /// How tiles are drawn (extent, buffer, coordinate mode and precision), so that the tiles a
    /// change reports are exactly those whose bytes change. Use the same options as the tiler
    /// whose tiles the clusters are composed with.
    public var tiles = TilerOptions()
    /// Highest tile zoom served; changes list tiles up to it (default 24).
    public var maxTileZoom: Int = TileID.maxZoom

    /// The defaults: radius 40 px of a 512 px tile, clusters at zooms 0...16, at least 2 reports,
    /// tiles drawn with ``TilerOptions``' defaults up to zoom 24.
    ///
    /// - Complexity: O(1).
    ///
    /// ```swift
    /// let options = DisplayClusterOptions()
    /// ```
    public init() {}

    /// Grid columns of the finest clustering grid must fit 24 bits, so that a cluster's id
    /// (zoom, cell column, cell row) fits a JSON-safe integer.
    static let maxColumns = 1 << 24

    /// Throws for options that cannot be honoured.
    func validate() throws(TileError) {
        try tiles.validate()
        guard radius.isFinite && radius > 0 else { throw TileError(.invalidOption, "display clusters: radius must be finite and > 0, got \(radius)") }
        guard extent >= 1 else { throw TileError(.invalidOption, "display clusters: extent must be >= 1, got \(extent)") }
        guard minZoom >= 0 && minZoom <= maxZoom else {
            throw TileError(.invalidOption, "display clusters: zooms \(minZoom)...\(maxZoom) must satisfy 0 <= minZoom <= maxZoom")
        }
        guard maxZoom < TileID.maxZoom else { throw TileError(.invalidOption, "display clusters: maxZoom \(maxZoom) must be below \(TileID.maxZoom)") }
        let columns = Double(extent) * Double(1 << maxZoom) / radius
        guard columns < Double(Self.maxColumns) else {
            throw TileError(.invalidOption, "display clusters: radius \(radius) px of \(extent) at zoom \(maxZoom) makes more than 2^24 grid columns; lower maxZoom or raise radius")
        }
        guard minPoints >= 2 else { throw TileError(.invalidOption, "display clusters: minPoints must be >= 2, got \(minPoints)") }
        guard (0...TileID.maxZoom).contains(maxTileZoom) else {
            throw TileError(.invalidOption, "display clusters: maxTileZoom \(maxTileZoom) must be within 0...\(TileID.maxZoom)")
        }
    }

    /// The cluster radius at `zoom` in the unit mercator square.
    func unitRadius(_ zoom: Int) -> Double {
        zoom >= 0 ? radius / (Double(extent) * Double(1 << zoom)) : 2 * radius / Double(extent)
    }
}
