import Daytona
import DaytonaLocal
import DaytonaTesting
import Foundation
import Testing

/// Every Swift snippet of README.md and of the DocC catalogs, run as written (against a
/// `DaytonaStub` or `LocalDaytona` where the snippet reads credentials from the environment),
/// and a check that no snippet was added, removed or moved without its test.
@Suite struct SnippetTests {
    /// Each documentation file's fenced `swift` blocks in order, each named by a line it holds
    /// and the test below that runs it. Add a row (and a test) for each new snippet.
    static let snippets: [(file: String, blocks: [(line: String, test: String)])] = [
        (
            "README.md",
            [
                (#".package(url: "https://github.com/daytonaio/daytona-swift", branch: "main"),"#, "readmeInstall"),
                ("let daytona = try LocalDaytona().makeClient()", "readmeLocalBackend"),
                ("params: CodeRunParams(argv: [\"it's\", \"quoted\"])", "readmeQuickStart"),
                ("let daytona = DaytonaClient(configuration: DaytonaConfiguration(apiKey: key, target: .eu))", "readmeConfiguration"),
                (#".package(path: "vendor/daytona-swift/Integrations/DaytonaAsyncHTTPClient"),"#, "readmeAsyncHTTPClient"),
                ("case .unauthorized: print(\"check DAYTONA_API_KEY\")", "readmeErrors"),
                ("@Test func removesTheSandbox() async throws {", "removesTheSandbox"),
                ("configuration.observer = DaytonaClosureObserver { event in", "readmeObserver"),
            ]
        ),
        (
            "Sources/Daytona/Daytona.docc/Daytona.md",
            [(##"let response = try await sandbox.process.codeRun(#"print("Hello from a sandbox")"#)"##, "landingPage")]
        ),
        (
            "Sources/Daytona/Daytona.docc/GettingStarted.md",
            [
                (#".package(url: "https://github.com/daytonaio/daytona-swift", branch: "main"),"#, "gettingStartedInstall"),
                (
                    "let daytona = DaytonaClient(configuration: DaytonaConfiguration(apiKey: apiKey, target: .eu))",
                    "gettingStartedConfiguration"
                ),
                ("let run = try await sandbox.process.exec(\"python3 /home/daytona/main.py\")", "gettingStartedSandbox"),
                ("} catch let error as DaytonaError where error.category == .notFound {", "gettingStartedErrors"),
            ]
        ),
        (
            "Sources/Daytona/Daytona.docc/Testing.md",
            [
                ("@Test func runsTheBuild() async throws {", "runsTheBuild"),
                ("@Test func createsAndWaitsUntilStarted() async throws {", "createsAndWaitsUntilStarted"),
            ]
        ),
        (
            "Sources/DaytonaTesting/DaytonaTesting.docc/DaytonaTesting.md",
            [("@Test func stopsTheSandbox() async throws {", "stopsTheSandbox")]
        ),
        (
            "Sources/DaytonaLocal/DaytonaLocal.docc/DaytonaLocal.md",
            [("let result = try await sandbox.process.exec(\"echo hello\")", "localLandingPage")]
        ),
    ]

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The fenced `swift` blocks of a Markdown file.
    static func swiftBlocks(in file: String) throws -> [String] {
        let text = try String(contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8)
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if current == nil, trimmed == "```swift" {
                current = []
            } else if current != nil, trimmed == "```" {
                blocks.append(current?.joined(separator: "\n") ?? "")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }

    @Test func everySnippetHasATest() throws {
        let catalogs = try FileManager.default.contentsOfDirectory(
            at: Self.packageRoot.appendingPathComponent("Sources"), includingPropertiesForKeys: nil)
        var files = ["README.md"]
        for target in catalogs {
            let catalog = target.appendingPathComponent(target.lastPathComponent + ".docc")
            for article in (try? FileManager.default.contentsOfDirectory(atPath: catalog.path)) ?? [] where article.hasSuffix(".md") {
                files.append("Sources/\(target.lastPathComponent)/\(target.lastPathComponent).docc/\(article)")
            }
        }
        let listed = Dictionary(uniqueKeysWithValues: Self.snippets.map { ($0.file, $0.blocks) })
        for file in files {
            let blocks = try Self.swiftBlocks(in: file)
            let expected = listed[file] ?? []
            #expect(
                blocks.count == expected.count,
                "\(file) has \(blocks.count) swift snippets; SnippetTests lists \(expected.count): add a test for each new snippet")
            for (block, entry) in zip(blocks, expected) {
                let lines = block.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                #expect(lines.contains(entry.line), "\(file): the snippet run by \(entry.test) no longer holds `\(entry.line)`")
            }
        }
        #expect(Set(listed.keys).isSubset(of: files), "every listed file exists")
    }

    // MARK: README

    @Test func readmeInstall() throws {
        try expectInstallSnippet(in: "README.md")
    }

    @Test func gettingStartedInstall() throws {
        try expectInstallSnippet(in: "Sources/Daytona/Daytona.docc/GettingStarted.md")
    }

    /// A manifest fragment cannot run in a test: check that it names this repository's package
    /// and real products, and a requirement that resolves before any tag (a branch).
    func expectInstallSnippet(in file: String) throws {
        let snippet = try #require(Self.swiftBlocks(in: file).first)
        let manifest = try String(contentsOf: Self.packageRoot.appendingPathComponent("Package.swift"), encoding: .utf8)
        #expect(snippet.contains(#"branch: "main""#))
        #expect(!snippet.contains("from:"), "no version is tagged yet")
        let products = snippet.components(separatedBy: ".product(name: \"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(!products.isEmpty)
        for product in products {
            #expect(manifest.contains(".library(name: \"\(product)\""), "\(product) is a product")
        }
        #expect(snippet.components(separatedBy: "package: \"").dropFirst().allSatisfy { $0.hasPrefix("daytona-swift\"") })
        #expect(manifest.contains(#"name: "daytona-swift""#))
        #expect(manifest.hasPrefix("// swift-tools-version: 6.0"))
    }

    /// The integration the snippet names exists where it says, as a package with that product.
    @Test func readmeAsyncHTTPClient() throws {
        let manifest = try String(
            contentsOf: Self.packageRoot.appendingPathComponent("Integrations/DaytonaAsyncHTTPClient/Package.swift"), encoding: .utf8)
        #expect(manifest.contains(#".library(name: "DaytonaAsyncHTTPClient""#))
        #expect(manifest.contains(#"path: "../..""#))
    }

    @Test func readmeLocalBackend() async throws {
        let daytona = try LocalDaytona().makeClient()
        #expect(try await daytona.list().isEmpty)
    }

    @Test func readmeQuickStart() async throws {
        let stub = DaytonaStub()
        stub.on(.post, "/sandbox", respond: .sandbox(id: "sb-1", state: .started, toolboxProxyURL: stub.toolboxURL))
        stub.on(.post, "/toolbox/{id}/process/code-run", respond: .codeRunResult(result: "['it\\'s', 'quoted']\n"))
        stub.on(.post, "/toolbox/{id}/files/bulk-upload", respond: .bulkUploadResult(written: [("/home/daytona/hello.txt", 5)]))
        stub.on(.post, "/toolbox/{id}/git/clone", respond: .empty())
        stub.on(.delete, "/sandbox/{id}", respond: .sandbox(id: "sb-1", state: .destroyed))
        stub.on(.get, "/sandbox/{id}", respond: .apiError(404, message: "gone"))

        let daytona = stub.makeClient()  // for: try DaytonaClient()
        let sandbox = try await daytona.create(CreateSandboxParams(language: .python))

        let response = try await sandbox.process.codeRun(
            "import sys; print(sys.argv[1:])",
            params: CodeRunParams(argv: ["it's", "quoted"])
        )
        print(response.exitCode, response.result)

        try await sandbox.fs.uploadFile(Data("hello".utf8), to: "/home/daytona/hello.txt")
        try await sandbox.git.clone(url: "https://github.com/octocat/Hello-World.git", to: "/home/daytona/hello")

        try await daytona.remove(sandbox)

        #expect(stub.unmatchedRequests.isEmpty, "\(stub.unmatchedRequests)")
        #expect(stub.requests.prefix(5).map(\.method) == ["POST", "POST", "POST", "POST", "DELETE"])
    }

    @Test func readmeConfiguration() {
        let key = "dtn_readme"
        let daytona = DaytonaClient(configuration: DaytonaConfiguration(apiKey: key, target: .eu))
        #expect(daytona.configuration.target == .eu)
    }

    @Test func readmeErrors() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/sandbox/{id}", respond: .apiError(404, message: "Sandbox with ID sb-9 not found"))
        let daytona = stub.makeClient()
        let id = "sb-9"
        var reported = false

        do {
            let sandbox = try await daytona.sandbox(id: id)
            _ = sandbox
        } catch let error as DaytonaError {
            switch error.category {
            case .notFound: print("no such sandbox")
            case .unauthorized: print("check DAYTONA_API_KEY")
            default: print(error.message)  // e.g. "Failed to get sandbox: …"
            }
            reported = error.category == .notFound
        }

        #expect(reported)
    }

    @Test func removesTheSandbox() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/sandbox/{id}", respond: .sandbox(id: "sb-1", state: .started))
        stub.on(.delete, "/sandbox/{id}", respond: .sandbox(id: "sb-1", state: .destroying))
        let daytona = stub.makeClient()  // speaks the current API; api: .v0_14 for /workspace

        try await daytona.remove(try await daytona.sandbox(id: "sb-1"))

        #expect(stub.requests.last?.line == "DELETE /sandbox/sb-1")
    }

    @Test func readmeObserver() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/sandbox/{id}", respond: .sandbox(id: "sb-1"))
        let seen = EventRecorder()
        let apiKey = stub.apiKey

        var configuration = DaytonaConfiguration(apiKey: apiKey)
        configuration.observer = DaytonaClosureObserver { event in
            print(event)  // GET /sandbox/{id} → 200 in 0.042 s (attempt 1, call, sent 0 B, received 1234 B) https://…
            seen.observe(event)
        }
        let daytona = DaytonaClient(configuration: configuration)
        #expect(daytona.configuration.observer != nil)

        // The same configuration, pointed at the stub, reports each request.
        configuration.apiURL = stub.apiURL
        configuration.api = .current
        _ = try await DaytonaClient(configuration: configuration, sessionConfiguration: stub.sessionConfiguration).sandbox(id: "sb-1")
        #expect(seen.events.map(\.operation) == ["GET /sandbox/{id}"])
    }

    // MARK: DocC

    @Test func landingPage() async throws {
        let daytona = try LocalDaytona().makeClient()  // for: try DaytonaClient()
        let sandbox = try await daytona.create()
        let response = try await sandbox.process.codeRun(#"print("Hello from a sandbox")"#)
        print(response.result)
        try await daytona.remove(sandbox)

        #expect(response.result == "Hello from a sandbox\n")
    }

    @Test func gettingStartedConfiguration() {
        let apiKey = "dtn_getting_started"
        let daytona = DaytonaClient(configuration: DaytonaConfiguration(apiKey: apiKey, target: .eu))
        #expect(daytona.configuration.api == .automatic)
    }

    /// Against a stub: the local backend's commands see host paths, not `/home/daytona`.
    @Test func gettingStartedSandbox() async throws {
        let stub = DaytonaStub()
        stub.on(.post, "/sandbox", respond: .sandbox(id: "sb-1", state: .started, toolboxProxyURL: stub.toolboxURL))
        stub.on(.post, "/toolbox/{id}/files/bulk-upload", respond: .bulkUploadResult(written: [("/home/daytona/main.py", 11)]))
        stub.on(.post, "/toolbox/{id}/process/execute", respond: .executeResult(result: "hi\n"))
        stub.on(.delete, "/sandbox/{id}", respond: .sandbox(id: "sb-1", state: .destroyed))
        let daytona = stub.makeClient()
        let sandbox = try await daytona.create(
            CreateSandboxParams(language: .python, envVars: ["DEBUG": "1"]),
            timeout: .seconds(120)
        )

        try await sandbox.fs.uploadFile(Data("print('hi')".utf8), to: "/home/daytona/main.py")
        let run = try await sandbox.process.exec("python3 /home/daytona/main.py")
        print(run.exitCode, run.result)

        try await daytona.remove(sandbox)

        #expect(run.exitCode == 0)
        #expect(run.result == "hi\n")
        #expect(stub.unmatchedRequests.isEmpty, "\(stub.unmatchedRequests)")
        #expect(stub.requests.first { $0.path.hasSuffix("/process/execute") }?.bodyText.contains("python3 /home/daytona/main.py") == true)
    }

    @Test func gettingStartedErrors() async throws {
        let daytona = try LocalDaytona().makeClient()
        var message: String?

        do {
            _ = try await daytona.sandbox(id: "missing")
        } catch let error as DaytonaError where error.category == .notFound {
            print(error.message)  // Failed to get sandbox: Sandbox with ID missing not found
            message = error.message
        }

        #expect(message?.hasPrefix("Failed to get sandbox: ") == true)
    }

    @Test func runsTheBuild() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/sandbox/{id}", respond: .sandbox(id: "sb-1", state: .started))
        stub.on(.post, "/toolbox/{id}/process/execute", respond: .executeResult(result: "ok\n"))

        let daytona = stub.makeClient()  // today's API; makeClient(api: .v0_14) for 0.14
        let sandbox = try await daytona.sandbox(id: "sb-1")
        let result = try await sandbox.process.exec("make")

        #expect(result.result == "ok\n")
        #expect(stub.requests.last?.bodyText == #"{"command":"make"}"#)
    }

    @Test func createsAndWaitsUntilStarted() async throws {
        let stub = DaytonaStub()
        stub.on(.post, "/sandbox", respond: .sandbox(id: "sb-1", state: .creating))
        stub.on(
            .get, "/sandbox/{id}",
            respond: [
                .sandbox(id: "sb-1", state: .starting),
                .sandbox(id: "sb-1", state: .started),
            ])
        let daytona = stub.makeClient()

        let sandbox = try await daytona.create()

        #expect(sandbox.id == "sb-1")
        #expect(stub.requests.map(\.line) == ["POST /sandbox", "GET /sandbox/sb-1", "GET /sandbox/sb-1"])
    }

    /// The same flow on the 0.14 API, as the article says.
    @Test func createsAndWaitsUntilStartedOn014() async throws {
        let stub = DaytonaStub()
        stub.on(.post, "/workspace", respond: .workspace(id: "ws-1", state: .creating))
        stub.on(.get, "/workspace/{id}", respond: [.workspace(id: "ws-1", state: .starting), .workspace(id: "ws-1", state: .started)])

        let sandbox = try await stub.makeClient(api: .v0_14).create()

        #expect(sandbox.id == "ws-1")
        #expect(stub.requests.map(\.line) == ["POST /workspace", "GET /workspace/ws-1", "GET /workspace/ws-1"])
    }

    @Test func stopsTheSandbox() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/sandbox/{id}", respond: .sandbox(id: "sb-1", state: .started))
        stub.on(.post, "/sandbox/{id}/stop", respond: .sandbox(id: "sb-1", state: .stopped))
        let daytona = stub.makeClient()  // today's API; makeClient(api: .v0_14) for 0.14

        try await daytona.stop(try await daytona.sandbox(id: "sb-1"))

        #expect(stub.requests.map(\.line) == ["GET /sandbox/sb-1", "POST /sandbox/sb-1/stop?force=false"])
    }

    @Test func localLandingPage() async throws {
        let daytona = try LocalDaytona().makeClient()
        let sandbox = try await daytona.create()
        let result = try await sandbox.process.exec("echo hello")
        print(result.result)  // hello
        try await daytona.remove(sandbox)

        #expect(result.result == "hello\n")
    }
}
