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
        // Bcrypt (moderator passwords) only: the other products of the package are not linked.
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        // HMAC-SHA256 (citizen tokens, sessions) and SHA-256 (photo content hashes).
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Already in Hummingbird's graph; named because the connection deadlines are NIO handlers.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // libexif reads the GPS position a phone wrote into a photo.
        .systemLibrary(
            name: "CExif",
            pkgConfig: "libexif",
            providers: [.apt(["libexif-dev"])]
        ),
        .target(
            name: "ReportServer",
            dependencies: [
                "CSQLite",
                "CExif",
                .product(name: "RoadGeo", package: "RoadGeo"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
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
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
