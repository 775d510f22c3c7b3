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
        .executable(name: "daytona-exec", targets: ["Exec"]),
        .executable(name: "daytona-exec-session", targets: ["ExecSession"]),
        .executable(name: "daytona-file-operations", targets: ["FileOperations"]),
        .executable(name: "daytona-git-lsp", targets: ["GitLSP"]),
        .executable(name: "daytona-lifecycle", targets: ["Lifecycle"]),
        .executable(name: "daytona-fan-out", targets: ["FanOut"]),
        .executable(name: "daytona-benchmark", targets: ["DaytonaBenchmark"]),
    ],
    targets: [
        .target(name: "Daytona"),
        .target(name: "DaytonaTesting", dependencies: ["Daytona"]),
        .target(name: "DaytonaLocal", dependencies: ["Daytona"]),
        .target(name: "DaytonaExamples", dependencies: ["Daytona"]),
        .executableTarget(
            name: "QuickStart", dependencies: ["Daytona", "DaytonaLocal", "DaytonaExamples"], path: "Sources/Examples/QuickStart"),
        .executableTarget(name: "Exec", dependencies: ["Daytona", "DaytonaLocal", "DaytonaExamples"], path: "Sources/Examples/Exec"),
        .executableTarget(
            name: "ExecSession", dependencies: ["Daytona", "DaytonaLocal", "DaytonaExamples"], path: "Sources/Examples/ExecSession"),
        .executableTarget(
            name: "FileOperations", dependencies: ["Daytona", "DaytonaLocal", "DaytonaExamples"], path: "Sources/Examples/FileOperations"),
        .executableTarget(name: "GitLSP", dependencies: ["Daytona", "DaytonaLocal", "DaytonaExamples"], path: "Sources/Examples/GitLSP"),
        .executableTarget(
            name: "Lifecycle", dependencies: ["Daytona", "DaytonaLocal", "DaytonaExamples"], path: "Sources/Examples/Lifecycle"),
        .executableTarget(name: "FanOut", dependencies: ["Daytona", "DaytonaLocal", "DaytonaExamples"], path: "Sources/Examples/FanOut"),
        .executableTarget(name: "DaytonaBenchmark", dependencies: ["Daytona"]),
        .testTarget(name: "DaytonaTests", dependencies: ["Daytona", "DaytonaTesting", "DaytonaLocal", "DaytonaExamples"]),
    ],
    swiftLanguageModes: [.v6]
)
