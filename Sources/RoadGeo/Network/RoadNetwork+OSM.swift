extension RoadNetwork {
    /// Builds a network from an OpenStreetMap road import: one ``Road`` per imported road, its
    /// id the way id (`"way#part"` when split), its properties the import's typed tags as they
    /// are, which ``RoadGraph`` reads for levels, one-way streets and access.
    ///
    /// - Parameter osmImport: The imported roads.
    /// - Complexity: O(segments log segments).
    ///
    /// ```swift
    /// let network = RoadNetwork(osmImport: try OSMRoadImport(contentsOf: "data/monaco.osm.pbf"))
    /// network.roads[0].text("highway")
    /// ```
    public init(osmImport: OSMRoadImport) {
        var roads: [Road] = []
        roads.reserveCapacity(osmImport.roads.count)
        for road in osmImport.roads {
            roads.append(Road(id: road.id, line: road.line, properties: road.properties))
        }
        self.init(roads: roads)
    }

    /// Reads an OpenStreetMap PBF file and builds the network of its roads (see
    /// ``OSMRoadImport`` and ``init(osmImport:)``); the entry point for opening a `.osm.pbf`.
    ///
    /// Ways that lost nodes at the extract's edge are not in the network; read
    /// ``OSMRoadImport/report`` through ``OSMRoadImport`` when that must be known.
    ///
    /// - Parameters:
    ///   - path: A `.osm.pbf` file.
    ///   - options: Tag filter, splitting at junctions, threads.
    /// - Throws: ``OSMPBFError`` naming the file, blob and problem.
    /// - Complexity: O(file / threads + segments log segments).
    ///
    /// ```swift
    /// let network = try RoadNetwork(osmPBF: "data/monaco.osm.pbf", options: OSMImportOptions(splitAtJunctions: true))
    /// ```
    public init(osmPBF path: String, options: OSMImportOptions = OSMImportOptions()) throws(OSMPBFError) {
        self.init(osmImport: try OSMRoadImport(contentsOf: path, options: options))
    }
}
