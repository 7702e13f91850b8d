extension RoadConnections {
    /// The topology of a ``RoadNetwork`` for ``AlongRoadClustering``: road ids are road indices,
    /// lengths are the roads' measured lengths, and two road ends are connected when their end
    /// coordinates are identical (the usual way GeoJSON and OSM road data share junction nodes;
    /// roads that merely cross without a shared node stay unconnected, as an overpass should).
    ///
    /// - Parameter network: The roads.
    /// - Complexity: O(roads) expected (ends grouped by coordinate), plus the junction pairs.
    ///
    /// ```swift
    /// let network = try RoadNetwork(contentsOfGeoJSON: "roads.geojson")
    /// let along = AlongRoadClustering(epsMeters: 15, connections: RoadConnections(network: network))
    /// ```
    public init(network: RoadNetwork) {
        self.init()
        var byCoordinate: [Coordinate: [RoadEnd]] = [:]
        for (r, road) in network.roads.enumerated() {
            setLength(road.line.lengthMeters, of: r)
            let c = road.line.line.coordinates
            guard let first = c.first, let last = c.last else { continue }
            byCoordinate[first, default: []].append(RoadEnd(road: r, atEnd: false))
            byCoordinate[last, default: []].append(RoadEnd(road: r, atEnd: true))
        }
        // Deterministic order: by the first road end at each junction.
        let junctions = byCoordinate.values.filter { $0.count > 1 }
            .sorted { ($0[0].road, $0[0].atEnd ? 1 : 0) < ($1[0].road, $1[0].atEnd ? 1 : 0) }
        for ends in junctions {
            for i in 0..<ends.count {
                for j in (i + 1)..<ends.count { connect(ends[i], ends[j]) }
            }
        }
    }
}
