// swift-tools-version:6.0
import PackageDescription

/// RoadGeo's reference report server: Hummingbird 2 over the RoadGeo library, reports in SQLite.
/// A separate package so the library's own build and tests stay fast.
let package = Package(
    name: "report-server",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "report-server", targets: ["report-server"]),
    ],
    dependencies: [
        .package(name: "RoadGeo", path: "../.."),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .target(
            name: "ReportServer",
            dependencies: [
                "CSQLite",
                .product(name: "RoadGeo", package: "RoadGeo"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .executableTarget(
            name: "report-server",
            dependencies: [
                "ReportServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "ReportServerTests",
            dependencies: [
                "ReportServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
