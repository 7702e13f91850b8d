/// What a PBF road import read, kept and could not keep. Nothing is left out silently: every
/// matching way that did not become a road is listed with the reason.
///
/// ```swift
/// let result = try OSMRoadImport(contentsOf: "data/monaco.osm.pbf")
/// print(result.report)            // counts, then each lost way
/// result.report.lostWayCount      // 0 for a complete extract
/// ```
public struct OSMImportReport: Hashable, Sendable, CustomStringConvertible {
    /// A matching way whose geometry could not be built.
    ///
    /// ```swift
    /// for way in report.lostWays where !way.isDegenerate { print(way.wayID, way.missingNodeCount) }
    /// ```
    public struct LostWay: Hashable, Sendable {
        /// The way's id.
        public var wayID: Int64
        /// Node references the file has no node for (the way crosses the extract's edge).
        public var missingNodeCount: Int
        /// The first missing node's id, if any.
        public var firstMissingNodeID: Int64?
        /// Fewer than 2 distinct locations (all its nodes at one place, or a single node).
        public var isDegenerate: Bool { missingNodeCount == 0 }
    }

    /// The file's path.
    public var file: String
    /// Blobs in the file (header included), and of those, blobs of a type other than OSMHeader/OSMData (skipped).
    public var blobCount = 0, skippedBlobCount = 0
    /// Nodes, ways and relations in the file.
    public var nodeCount = 0, wayCount = 0, relationCount = 0
    /// Node ids that occur more than once (the first location is used).
    public var duplicateNodeCount = 0
    /// Ways that passed the tag filter.
    public var matchedWayCount = 0
    /// Matching closed ways tagged `area=yes`, left out as areas (``OSMImportOptions/skipAreas``).
    public var areaWayCount = 0
    /// Matching ways that became roads.
    public var importedWayCount = 0
    /// Roads written (more than ``importedWayCount`` when split at junctions).
    public var roadCount = 0
    /// Matching ways that did not become roads, in file order.
    public var lostWays: [LostWay] = []
    /// Threads the blobs were decoded on.
    public var threads = 1

    /// Matching ways that did not become roads.
    public var lostWayCount: Int { lostWays.count }

    /// The report as text: counts, then one line per lost way (at most 50, then a count).
    public var description: String {
        var lines = ["\(file): \(nodeCount) nodes, \(wayCount) ways, \(relationCount) relations in \(blobCount) blobs (decoded on \(threads) threads)",
                     "matched \(matchedWayCount) ways; imported \(importedWayCount) as \(roadCount) roads"]
        if areaWayCount > 0 { lines.append("left out \(areaWayCount) closed area=yes ways (areas, not roads)") }
        if skippedBlobCount > 0 { lines.append("skipped \(skippedBlobCount) blobs of unknown type") }
        if duplicateNodeCount > 0 { lines.append("\(duplicateNodeCount) duplicate node ids (first location used)") }
        if !lostWays.isEmpty {
            let incomplete = lostWays.filter { !$0.isDegenerate }.count
            lines.append("NOT imported: \(lostWays.count) ways (\(incomplete) with nodes outside the extract, \(lostWays.count - incomplete) with fewer than 2 distinct locations)")
            for way in lostWays.prefix(50) {
                if let first = way.firstMissingNodeID {
                    lines.append("  way \(way.wayID): \(way.missingNodeCount) missing nodes (first: node \(first))")
                } else {
                    lines.append("  way \(way.wayID): fewer than 2 distinct locations")
                }
            }
            if lostWays.count > 50 { lines.append("  ... and \(lostWays.count - 50) more") }
        }
        return lines.joined(separator: "\n")
    }
}
