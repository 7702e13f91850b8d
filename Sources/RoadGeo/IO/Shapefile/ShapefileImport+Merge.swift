extension ShapefileImport {
    /// Merges roads whose `field` values are equal (and not null) into one road each, joining
    /// their parts end to end with GEOS line merging (``GEOS/lineMerge(_:)``, `GEOSLineMerge_r`):
    /// fragments that meet at shared end points become one continuous part, so chainage can
    /// run along the whole road. The merged road keeps the first record's id and attributes and lists every
    /// record number; it takes the place of its first record.
    ///
    /// - Complexity: O(points log points) for the merged groups (GEOS).
    mutating func mergeFragments(by field: Int) {
        var groups: [JSONValue: [Int]] = [:]
        for (i, road) in roads.enumerated() where road.attributes[field] != .null {
            groups[road.attributes[field], default: []].append(i)
        }
        var absorbed = [Bool](repeating: false, count: roads.count)
        var merged: [Int: ImportedRoad] = [:]
        // In order of each group's first road, so results and warnings are deterministic.
        for (key, members) in groups.sorted(by: { $0.value[0] < $1.value[0] }) where members.count > 1 {
            let parts = members.flatMap { roads[$0].geometry.parts }
            do {
                let lines = try GEOS.lineMerge(parts)
                var road = roads[members[0]]
                road.geometry = MultiPolyline(parts: lines)
                road.recordNumbers = members.flatMap { roads[$0].recordNumbers }
                merged[members[0]] = road
                for m in members.dropFirst() { absorbed[m] = true }
                report.mergedGroups += 1
            } catch {
                report.warnings.append("merge of \(members.count) roads with \(fields[field].name) = \(key) failed (\(error)); kept separate")
            }
        }
        var out: [ImportedRoad] = []
        out.reserveCapacity(roads.count)
        for i in roads.indices where !absorbed[i] { out.append(merged[i] ?? roads[i]) }
        roads = out
    }
}
