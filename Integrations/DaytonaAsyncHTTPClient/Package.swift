// swift-tools-version: 6.0
import PackageDescription

// An opt-in transport for `Daytona` on AsyncHTTPClient (SwiftNIO), for Linux servers.
//
// A package of its own inside the daytona-swift repository, so that the root package's default
// build still resolves no dependency at all: only users who depend on this package fetch
// AsyncHTTPClient and SwiftNIO. See README.md for how to depend on it.
let nio: [Target.Dependency] = [
    .product(name: "NIOCore", package: "swift-nio"),
    .product(name: "NIOPosix", package: "swift-nio"),
    .product(name: "NIOHTTP1", package: "swift-nio"),
    .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
    .product(name: "NIOFoundationCompat", package: "swift-nio"),
]

let package = Package(
    name: "DaytonaAsyncHTTPClient",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9)],
    products: [
        .library(name: "DaytonaAsyncHTTPClient", targets: ["DaytonaAsyncHTTPClient"]),
        .executable(name: "daytona-ahc-benchmark", targets: ["DaytonaAHCBenchmark"]),
    ],
    dependencies: [
        // This repository's root package, two folders up. A path dependency is named after its
        // folder's manifest `name:` here ("daytona-swift"), whatever the checkout's folder is.
        .package(name: "daytona-swift", path: "../.."),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.30.0"),
    ],
    targets: [
        .target(
            name: "DaytonaAsyncHTTPClient",
            dependencies: [
                .product(name: "Daytona", package: "daytona-swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ] + nio
        ),
        // The loopback server the tests and the benchmark answer from (not a product).
        .target(name: "LoopbackHTTPServer", dependencies: nio),
        .executableTarget(
            name: "DaytonaAHCBenchmark",
            dependencies: [
                "DaytonaAsyncHTTPClient", "LoopbackHTTPServer",
                .product(name: "Daytona", package: "daytona-swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ] + nio
        ),
        .testTarget(
            name: "DaytonaAsyncHTTPClientTests",
            dependencies: [
                "DaytonaAsyncHTTPClient", "LoopbackHTTPServer",
                .product(name: "Daytona", package: "daytona-swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ] + nio
        ),
    ],
    swiftLanguageModes: [.v6]
)
