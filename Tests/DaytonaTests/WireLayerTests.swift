import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

/// A wrapper transport, as a user would write one: it forwards `send` and counts calls.
struct CountingTransport: HTTPTransport {
    let base: any HTTPTransport
    let seen = Locked<[String]>([])

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        seen.withLock { $0.append("\(request.method) \(request.delivery)") }
        return try await base.send(request)
    }
}

@Suite struct WrapperTransportTests {
    func wrappedClient(_ stub: DaytonaStub) -> (DaytonaClient, CountingTransport) {
        let wrapper = CountingTransport(base: URLSessionTransport(configuration: stub.sessionConfiguration))
        return (DaytonaClient(configuration: stub.configuration(api: .v0_14), transport: wrapper), wrapper)
    }

    /// Followed output still streams through a wrapper: chunk by chunk, not buffered whole.
    @Test func followedLogsStreamThroughAWrapper() async throws {
        let stub = DaytonaStub()
        let text = "héllo ✓ 日本語\n"
        stub.on(.get, "/toolbox/{id}/toolbox/process/session/{sid}/command/{cid}/logs") { request in
            request.query == "follow=true" ? .text(text).chunked(by: 1) : .text(text)
        }
        stub.on(.get, "/toolbox/{id}/toolbox/process/session/{sid}/command/{cid}", respond: .json(#"{"id":"c1","exitCode":0}"#))
        let (client, wrapper) = wrappedClient(stub)
        let output = sandboxHandle(client).process.followSessionCommand(sessionID: "s1", commandID: "c1")
        var chunks: [String] = []
        for try await chunk in output { chunks.append(chunk) }
        #expect(chunks.joined() == text)
        #expect(chunks.count > 5, "delivered as it arrived: \(chunks.count) chunks")
        #expect(wrapper.seen.current.first == "GET streamed")
    }

    /// File uploads and downloads keep their streaming form through a wrapper.
    @Test func fileTransfersGoThroughAWrapper() async throws {
        let payload = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wrapper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("in.bin")
        try payload.write(to: source)
        let destination = directory.appendingPathComponent("out.bin")

        let stub = DaytonaStub()
        stub.on(.post, "/toolbox/{id}/toolbox/files/upload", respond: .empty())
        stub.on(.get, "/toolbox/{id}/toolbox/files/download", respond: .data(payload).chunked(by: 64 << 10))
        let (client, wrapper) = wrappedClient(stub)
        let fs = sandboxHandle(client).fs
        try await fs.uploadFile(from: source, to: "/home/daytona/in.bin")
        try await fs.downloadFile(at: "/home/daytona/in.bin", to: destination)

        #expect(try Data(contentsOf: destination) == payload)
        let uploaded = try #require(stub.requests.first { $0.method == "POST" })
        #expect(uploaded.body.count > payload.count, "the multipart body arrived whole")
        #expect(uploaded.body.range(of: payload) != nil)
        let seen = wrapper.seen.current
        #expect(seen.count == 2 && seen.first == "POST buffered" && seen.last?.hasPrefix("GET file(") == true, "\(seen)")
    }
}

@Suite struct WithWorkspaceTests {
    func stubbed(removal: StubResponse) -> DaytonaStub {
        let stub = DaytonaStub()
        stub.on(.post, "/workspace", respond: .workspace(id: "ws-1", state: .started))
        stub.on(.get, "/workspace/{id}", respond: .workspace(id: "ws-1", state: .started))
        stub.on(.delete, "/workspace/{id}", respond: removal)
        return stub
    }

    @MainActor final class ViewModel {
        var output = ""
    }

    /// The body runs on the caller's actor: a `@MainActor` caller touches its state inside.
    @MainActor @Test func runsOnTheCallersActor() async throws {
        let stub = stubbed(removal: .empty())
        let model = ViewModel()
        let id = try await stub.makeClient(api: .v0_14).withSandbox { sandbox in
            MainActor.assertIsolated()
            model.output = sandbox.id
            return NonSendableBox(sandbox.id)
        }
        #expect(model.output == "ws-1" && id.value == "ws-1")
        #expect(stub.requests.last?.line == "DELETE /workspace/ws-1?force=true")
    }

    /// It can be called inside an unstructured `Task {}` as well.
    @Test func runsInsideATask() async throws {
        let stub = stubbed(removal: .empty())
        let client = stub.makeClient(api: .v0_14)
        let task = Task { try await client.withSandbox { $0.id } }
        #expect(try await task.value == "ws-1")
    }

    /// A failed removal is thrown when the body succeeded, naming the sandbox.
    @Test func failedCleanupIsThrown() async throws {
        let stub = stubbed(removal: .apiError(500, message: "disk on fire"))
        let client = DaytonaClient(
            configuration: { () -> DaytonaConfiguration in
                var configuration = stub.configuration(api: .v0_14)
                configuration.retryPolicy = .none
                return configuration
            }(), sessionConfiguration: stub.sessionConfiguration)
        let error = await #expect(throws: DaytonaError.self) { try await client.withSandbox { $0.id } }
        #expect(error?.category == .cleanupFailed)
        #expect(error?.message.contains("ws-1") == true)
    }

    /// With `onCleanupFailure`, the failure is handed over and the body's result returned.
    @Test func failedCleanupGoesToTheCallback() async throws {
        let stub = stubbed(removal: .apiError(404, message: "gone"))
        let reported = Locked<[String]>([])
        let report: @Sendable (String, any Error) -> Void = { id, _ in reported.withLock { $0.append(id) } }
        let result = try await stub.makeClient(api: .v0_14).withSandbox(onCleanupFailure: report) { $0.id + "!" }
        #expect(result == "ws-1!")
        #expect(reported.current == ["ws-1"])
    }
}

/// A value that is not `Sendable`, returned from a `withSandbox` body.
final class NonSendableBox {
    var value: String
    init(_ value: String) { self.value = value }
}

@Suite struct ModelConformanceTests {
    /// What a person wants to see when printing a sandbox: its ID and state.
    @Test func workspacesPrintTheirIDAndState() {
        let info = SandboxInfo(id: "ws-1", state: .started, providerMetadata: #"{"secret":"internals"}"#)
        #expect("\(info)" == "ws-1 (started)")
        let stub = DaytonaStub()
        #expect("\(Sandbox(info: info, api: stub.makeClient(api: .v0_14).api))" == "ws-1 (started)")
    }

    /// Public answer models are `Codable` under their Swift names, and survive a round trip.
    @Test func answerModelsRoundTripThroughCodable() throws {
        let info = SandboxInfo(
            id: "ws-1", labels: ["a": "b"], state: .stopped, autoStopInterval: .seconds(900),
            resources: SandboxResources(cpu: 2, gpu: 1, memory: 4, disk: 20))
        let encoded = try JSONEncoder().encode(info)
        #expect(try JSONDecoder().decode(SandboxInfo.self, from: encoded) == info)
        let status = GitStatus(currentBranch: "main", fileStatus: [FileStatus(name: "a", staging: .added, worktree: .modified)])
        #expect(try JSONDecoder().decode(GitStatus.self, from: JSONEncoder().encode(status)) == status)
        let started = StartedSessionCommand(sessionID: "s", commandID: "c")
        #expect(try JSONDecoder().decode(StartedSessionCommand.self, from: JSONEncoder().encode(started)) == started)
    }

    /// The 0.14 wire shape is read once, by the wire type, and written back the same way for
    /// canned answers: what the SDK reads from `V014.Workspace(info)` is `info` again.
    @Test func workspaceWireShapeRoundTrips() throws {
        let info = SandboxInfo(
            id: "ws-1", name: "n", image: "img", user: "daytona", env: ["A": "1"], labels: ["code-toolbox-language": "typescript"],
            isPublic: true, target: .eu, state: .started, autoStopInterval: .seconds(15 * 60),
            resources: SandboxResources(cpu: 2, memory: 4, disk: 20), created: "2025", nodeDomain: "node.example",
            region: "eu", className: "small", updatedAt: "2026")
        let data = try JSONCoding.encode(V014.Workspace(info))
        var read = try V014.decode(SandboxInfo.self, from: data)
        #expect(read.providerMetadata != nil)
        read.providerMetadata = nil
        #expect(read == info)
    }
}
