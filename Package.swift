// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "RoadGeo",
    products: [
        .library(name: "RoadGeo", targets: ["RoadGeo"]),
        .executable(name: "geo-bench", targets: ["geo-bench"]),
        .executable(name: "roadgeo", targets: ["roadgeo"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CGEOS",
            pkgConfig: "geos",
            providers: [.apt(["libgeos-dev"])]
        ),
        .systemLibrary(
            name: "CProj",
            pkgConfig: "proj",
            providers: [.apt(["libproj-dev", "proj-data"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite3",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "RoadGeo",
            dependencies: [
                "CGEOS",
                "CProj",
                "CZlib",
                "CSQLite3",
            ]
        ),
        .executableTarget(
            name: "geo-bench",
            dependencies: [
                "RoadGeo",
                "CGEOS",
                "CProj",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // The Dijkstra baseline's heap (Baselines/DijkstraPaths.swift); the library needs none.
                .product(name: "HeapModule", package: "swift-collections"),
            ]
        ),
        .executableTarget(
            name: "roadgeo",
            dependencies: [
                "RoadGeo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "RoadGeoTests",
            dependencies: ["RoadGeo", "CGEOS", "CProj", "CSQLite3", .product(name: "HeapModule", package: "swift-collections")],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
