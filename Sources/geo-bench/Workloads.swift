/// One named benchmark: it loads what it needs from the context, measures RoadGeo and its
/// baseline with ``measure(_:_:n:context:_:)``, and reports the ratio.
struct Workload: Sendable {
    let id: String
    let title: String
    let run: @Sendable (BenchContext, inout Reporter) throws -> Void
}

/// Every workload, in the order a default run executes them. Each lives in its own file.
enum Workloads {
    static let all: [Workload] = [
        geojson,
        reprojection,
        indexBuild, indexWindows, indexNearest, indexDynamic,
        linearReferencing,
        snapping,
        roadGraph,
        clusterDBSCAN, clusterIncremental, clusterAlongRoads, liveIngest,
        tiles,
        vectorTiles, tileArchives,
        shapefileImport,
        osmImport,
        traces,
        mapMatching,
        memory,
    ]
}
