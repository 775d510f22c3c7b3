// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "daytona-swift",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9)],
    products: [
        .library(name: "Daytona", targets: ["Daytona"]),
        .library(name: "DaytonaTesting", targets: ["DaytonaTesting"]),
        .library(name: "DaytonaLocal", targets: ["DaytonaLocal"]),
        .executable(name: "daytona-quickstart", targets: ["QuickStart"]),
        .executable(name: "daytona-fan-out", targets: ["FanOut"]),
        .executable(name: "daytona-benchmark", targets: ["DaytonaBenchmark"]),
    ],
    targets: [
        .target(name: "Daytona"),
        .target(name: "DaytonaTesting", dependencies: ["Daytona"]),
        .target(name: "DaytonaLocal", dependencies: ["Daytona", "DaytonaTesting"]),
        .executableTarget(name: "QuickStart", dependencies: ["Daytona"], path: "Sources/Examples/QuickStart"),
        .executableTarget(name: "FanOut", dependencies: ["Daytona"], path: "Sources/Examples/FanOut"),
        .executableTarget(name: "DaytonaBenchmark", dependencies: ["Daytona"]),
        .testTarget(name: "DaytonaTests", dependencies: ["Daytona", "DaytonaTesting", "DaytonaLocal"]),
    ],
    swiftLanguageModes: [.v6]
)
