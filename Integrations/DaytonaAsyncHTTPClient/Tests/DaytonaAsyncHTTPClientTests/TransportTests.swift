import AsyncHTTPClient
import Daytona
import DaytonaAsyncHTTPClient
import Foundation
import LoopbackHTTPServer
import NIOCore
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The transport against real sockets: a loopback server of the tests' own on 127.0.0.1, and a
/// client made with the recommended configuration (shut down after each test). Tests wait on
/// what the server saw, never on the clock.
@Suite struct TransportTests {
    // MARK: Through DaytonaClient

    @Test func currentAPIJSONCallsThroughDaytonaClient() async throws {
        try await withServer { request in
            switch (request.method, request.path) {
            case ("GET", "/api/sandbox/sb-1"):
                return .answer(status: 200, headers: [("Content-Type", "application/json")], body: Self.sandboxJSON)
            case ("POST", "/toolbox/sb-1/process/execute"):
                return .answer(
                    status: 200, headers: [("Content-Type", "application/json")], body: Data(#"{"exitCode":0,"result":"hi\n"}"#.utf8))
            default:
                return .answer(status: 404, body: Data(#"{"statusCode":404,"message":"not found"}"#.utf8))
            }
        } body: { server, transport, _ in
            let configuration = DaytonaConfiguration(
                apiKey: "test-key-123", apiURL: server.baseURL.appendingPathComponent("api"), api: .current, retryPolicy: .none)
            let client = DaytonaClient(configuration: configuration, transport: transport)
            Self.toolboxURL.withLock { $0 = server.baseURL.appendingPathComponent("toolbox").absoluteString }
            let sandbox = try await client.sandbox(id: "sb-1")
            #expect(sandbox.id == "sb-1")
            #expect(sandbox.lastKnownInfo.state == .started)
            let result = try await sandbox.process.exec("echo hi")
            #expect(result.exitCode == 0)
            #expect(result.result == "hi\n")

            let requests = server.requests
            #expect(requests.map(\.path) == ["/api/sandbox/sb-1", "/toolbox/sb-1/process/execute"])
            #expect(requests.allSatisfy { $0.header("Authorization") == "Bearer test-key-123" })
            #expect(requests[0].header("X-Daytona-Source") == "sdk-swift")
            let sent = try JSONSerialization.jsonObject(with: requests[1].body) as? [String: Any]
            #expect(sent?["command"] as? String == "echo hi")
            #expect(requests[1].header("Content-Length") == String(requests[1].body.count))

            // A missing sandbox is the client's error, from the server's answer.
            await #expect(throws: DaytonaError.self) { try await client.sandbox(id: "nope") }
        }
    }

    // MARK: Deliveries

    @Test func streamedBodyArrivesChunkByChunkAndStoppingEarlyClosesTheConnection() async throws {
        try await withServer { _ in
            // Far more chunks than the test reads: only stopping early ends this answer.
            .trickle(status: 200, chunk: Data("line\n".utf8), interval: .milliseconds(5), count: 100_000)
        } body: { server, transport, events in
            let received = try await Self.readPrefix(
                of: HTTPRequest(method: .get, url: server.baseURL.appendingPathComponent("logs"), delivery: .streamed),
                through: transport, chunks: 3)
            #expect(received == 3)
            // Dropping the body cancelled the request: the server sees its connection close.
            try await events.next { if case .closed = $0 { true } else { false } }
        }
    }

    @Test func fileDeliveryWritesTheBodyWithProgress() async throws {
        let payload = Self.pattern(count: 3 << 20 + 12_345)
        try await withServer { _ in
            .answer(status: 200, body: payload)
        } body: { server, transport, _ in
            let destination = Self.temporaryURL()
            defer { try? FileManager.default.removeItem(at: destination) }
            let progress = Progress()
            var request = HTTPRequest(method: .get, url: server.baseURL.appendingPathComponent("file"), delivery: .file(destination))
            request.onProgress = { bytes, total in progress.record(bytes, total) }
            let response = try await transport.send(request)
            #expect(response.statusCode == 200)
            #expect(try Data(contentsOf: destination) == payload)
            #expect(progress.last?.bytes == Int64(payload.count))
            #expect(progress.last?.total == Int64(payload.count))
            #expect(progress.isIncreasing)
        }
    }

    @Test func fileDeliveryOfAnErrorReturnsItsBodyAndWritesNoFile() async throws {
        try await withServer { _ in
            .answer(status: 404, body: Data(#"{"message":"no such file"}"#.utf8))
        } body: {
            server, transport, _ in
            let destination = Self.temporaryURL()
            let request = HTTPRequest(method: .get, url: server.baseURL.appendingPathComponent("file"), delivery: .file(destination))
            let response = try await transport.send(request)
            #expect(response.statusCode == 404)
            #expect(try await response.body.collect(upTo: 1 << 20) == Data(#"{"message":"no such file"}"#.utf8))
            #expect(!FileManager.default.fileExists(atPath: destination.path))
        }
    }

    @Test func fileDeliveryResetMidBodyLeavesNoPartialFile() async throws {
        try await withServer { _ in
            .reset(status: 200, declaredLength: 4 << 20, body: Self.pattern(count: 1 << 20))
        } body: { server, transport, _ in
            let destination = Self.temporaryURL()
            let request = HTTPRequest(method: .get, url: server.baseURL.appendingPathComponent("file"), delivery: .file(destination))
            let error = await #expect(throws: URLError.self) { try await transport.send(request) }
            #expect(error?.code == .networkConnectionLost || error?.code == .badServerResponse)
            #expect(!FileManager.default.fileExists(atPath: destination.path))
        }
    }

    @Test func bufferedBodyCutShortIsAConnectionFailure() async throws {
        try await withServer { _ in
            .reset(status: 200, declaredLength: 1000, body: Data("{\"partial\":".utf8))
        } body: {
            server, transport, _ in
            let request = HTTPRequest(method: .get, url: server.baseURL.appendingPathComponent("x"))
            let error = await #expect(throws: URLError.self) { try await transport.send(request) }
            #expect(error?.code == .networkConnectionLost || error?.code == .badServerResponse)
        }
    }

    @Test func bufferedBodyPastEightMiBContinuesAsAStream() async throws {
        let payload = Self.pattern(count: 9 << 20)
        try await withServer { _ in
            .answer(status: 200, body: payload)
        } body: { server, transport, _ in
            let response = try await transport.send(HTTPRequest(method: .get, url: server.baseURL.appendingPathComponent("big")))
            #expect(response.body.wholeData == nil)
            #expect(try await response.body.collect(upTo: 16 << 20) == payload)
        }
    }

    // MARK: Uploads

    @Test func fileUploadIsStreamedWithContentLength() async throws {
        let payload = Self.pattern(count: 1 << 20 + 777)
        let source = Self.temporaryURL()
        try payload.write(to: source)
        defer { try? FileManager.default.removeItem(at: source) }
        try await withServer { _ in
            .answer(status: 200)
        } body: { server, transport, _ in
            let progress = Progress()
            var request = HTTPRequest(
                method: .post, url: server.baseURL.appendingPathComponent("upload"),
                headers: ["Content-Type": "application/octet-stream"], body: .file(source))
            request.onProgress = { bytes, total in progress.record(bytes, total) }
            let response = try await transport.send(request)
            #expect(response.statusCode == 200)
            let seen = try #require(server.requests.first)
            #expect(seen.body == payload)
            #expect(seen.header("Content-Length") == String(payload.count))
            #expect(seen.header("Transfer-Encoding") == nil)
            #expect(seen.header("Content-Type") == "application/octet-stream")
            #expect(progress.last?.bytes == Int64(payload.count))
            #expect(progress.last?.total == Int64(payload.count))
        }
    }

    @Test func missingUploadFileFailsBeforeAnyRequest() async throws {
        try await withServer { _ in
            .answer(status: 200)
        } body: { server, transport, _ in
            let request = HTTPRequest(method: .post, url: server.baseURL, body: .file(Self.temporaryURL()))
            let error = await #expect(throws: URLError.self) { try await transport.send(request) }
            #expect(error?.code == .fileDoesNotExist)
            #expect(server.requests.isEmpty)
        }
    }

    @Test func bodylessPostSendsContentLengthZero() async throws {
        try await withServer { _ in
            .answer(status: 204)
        } body: { server, transport, _ in
            _ = try await transport.send(HTTPRequest(method: .post, url: server.baseURL.appendingPathComponent("start")))
            #expect(server.requests.first?.header("Content-Length") == "0")
        }
    }

    // MARK: Deadlines and cancellation

    @Test func timeoutIsADeadlineOnTheWholeRequestAgainstATricklingServer() async throws {
        try await withServer { _ in
            // A byte every 20 ms keeps any idle timeout alive for good.
            .trickle(status: 200, chunk: Data("x".utf8), interval: .milliseconds(20), count: 1_000_000)
        } body: { server, transport, events in
            var request = HTTPRequest(method: .get, url: server.baseURL.appendingPathComponent("slow"))
            request.timeout = .milliseconds(300)
            let start = ContinuousClock.now
            let error = await #expect(throws: URLError.self) { try await transport.send(request) }
            #expect(error?.code == .timedOut)
            #expect(start.duration(to: .now) < .seconds(10))
            try await events.next { if case .closed = $0 { true } else { false } }
        }
    }

    @Test func timeoutBoundsTheWaitForTheHeadOfAStreamedAnswer() async throws {
        try await withServer { _ in
            .silence
        } body: { server, transport, _ in
            var request = HTTPRequest(method: .get, url: server.baseURL.appendingPathComponent("logs"), delivery: .streamed)
            request.timeout = .milliseconds(200)
            let error = await #expect(throws: URLError.self) { try await transport.send(request) }
            #expect(error?.code == .timedOut)
        }
    }

    @Test func cancellingTheCallingTaskCancelsTheRequest() async throws {
        try await withServer { _ in
            .silence
        } body: { server, transport, events in
            let request = HTTPRequest(method: .post, url: server.baseURL.appendingPathComponent("exec"), body: .data(Data("{}".utf8)))
            let call = Task { try await transport.send(request) }
            try await events.next { if case .request = $0 { true } else { false } }
            call.cancel()
            await #expect(throws: CancellationError.self) { try await call.value }
            try await events.next { if case .closed = $0 { true } else { false } }
        }
    }

    @Test func cancellingAFileDeliveryRemovesThePartialFile() async throws {
        try await withServer { _ in
            .trickle(status: 200, chunk: Self.pattern(count: 64 << 10), interval: .milliseconds(10), count: 100_000)
        } body: { server, transport, events in
            let destination = Self.temporaryURL()
            let written = AsyncStream<Int64>.makeStream()
            var request = HTTPRequest(method: .get, url: server.baseURL.appendingPathComponent("file"), delivery: .file(destination))
            request.onProgress = { bytes, _ in written.continuation.yield(bytes) }
            let call = Task { try await transport.send(request) }
            // Wait until part of the body is on disk, then cancel.
            for await _ in written.stream { break }
            #expect(FileManager.default.fileExists(atPath: destination.path))
            call.cancel()
            await #expect(throws: CancellationError.self) { try await call.value }
            #expect(!FileManager.default.fileExists(atPath: destination.path))
            try await events.next { if case .closed = $0 { true } else { false } }
        }
    }

    @Test func refusedConnectionIsCannotConnectToHost() async throws {
        let closed = try await LoopbackHTTPServer { _ in .silence }
        let url = closed.baseURL
        await closed.shutdown()
        try await AsyncHTTPClientTransport.withTransport { transport in
            let error = await #expect(throws: URLError.self) { try await transport.send(HTTPRequest(method: .get, url: url)) }
            #expect(error?.code == .cannotConnectToHost)
        }
    }

    // MARK: Redirects

    @Test func crossOriginRedirectDropsCredentialsAndKeepsMethodAndBody() async throws {
        let target = try await LoopbackHTTPServer { _ in .answer(status: 200, body: Data("moved".utf8)) }
        let location = target.baseURL.appendingPathComponent("new").absoluteString
        try await withServer { request in
            request.path == "/same"
                ? .answer(status: 302, headers: [("Location", "/old")]) : .answer(status: 307, headers: [("Location", location)])
        } body: { server, transport, _ in
            let request = HTTPRequest(
                method: .post, url: server.baseURL.appendingPathComponent("same"),
                headers: ["Authorization": "Bearer secret-key", "Cookie": "a=b", "X-Daytona-Source": "sdk-swift"],
                body: .data(Data(#"{"command":"ls"}"#.utf8)))
            let response = try await transport.send(request)
            #expect(response.statusCode == 200)
            #expect(try await response.body.collect(upTo: 100) == Data("moved".utf8))
            // Same origin (302 to /old): everything kept, the method too.
            let first = server.requests
            #expect(first.map(\.path) == ["/same", "/old"])
            #expect(first[1].method == "POST")
            #expect(first[1].header("Authorization") == "Bearer secret-key")
            #expect(first[1].body == Data(#"{"command":"ls"}"#.utf8))
            // Another origin (another port): no credentials, same method and body.
            let moved = try #require(target.requests.first)
            #expect(moved.method == "POST")
            #expect(moved.path == "/new")
            #expect(moved.body == Data(#"{"command":"ls"}"#.utf8))
            #expect(moved.header("Authorization") == nil)
            #expect(moved.header("Cookie") == nil)
            #expect(moved.header("X-Daytona-Source") == "sdk-swift")
        }
        await target.shutdown()
    }

    @Test func redirectedFileUploadSendsTheFileAgain() async throws {
        let payload = Self.pattern(count: 300_000)
        let source = Self.temporaryURL()
        try payload.write(to: source)
        defer { try? FileManager.default.removeItem(at: source) }
        try await withServer { request in
            request.path == "/upload" ? .answer(status: 308, headers: [("Location", "/upload-here")]) : .answer(status: 201)
        } body: { server, transport, _ in
            let request = HTTPRequest(method: .put, url: server.baseURL.appendingPathComponent("upload"), body: .file(source))
            let response = try await transport.send(request)
            #expect(response.statusCode == 201)
            let seen = server.requests
            #expect(seen.map(\.path) == ["/upload", "/upload-here"])
            #expect(seen.allSatisfy { $0.method == "PUT" && $0.body == payload && $0.header("Content-Length") == String(payload.count) })
        }
    }

    @Test func redirectLoopEndsWithTooManyRedirects() async throws {
        try await withServer { _ in
            .answer(status: 307, headers: [("Location", "/again")])
        } body: { server, transport, _ in
            let error = await #expect(throws: URLError.self) { try await transport.send(HTTPRequest(method: .get, url: server.baseURL)) }
            #expect(error?.code == .httpTooManyRedirects)
            #expect(server.requests.count == 6)
        }
    }

    @Test func invalidHeaderValueIsRefusedWithoutNamingIt() async throws {
        try await withServer { _ in
            .answer(status: 200)
        } body: { server, transport, _ in
            let request = HTTPRequest(method: .get, url: server.baseURL, headers: ["Authorization": "Bearer key\r\nX-Evil: 1"])
            let error = await #expect(throws: AsyncHTTPClientTransportError.self) { try await transport.send(request) }
            #expect(error == .invalidHeaderField)
            #expect(!"\(String(describing: error))".contains("key"))
            #expect(server.requests.isEmpty)
        }
    }

    // MARK: Helpers

    /// Runs `body` against a new server answering with `route`, through a transport on a new
    /// client; both are shut down afterwards.
    private func withServer(
        _ route: @escaping @Sendable (LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Reply,
        body: (LoopbackHTTPServer, AsyncHTTPClientTransport, inout Events) async throws -> Void
    ) async throws {
        let server = try await LoopbackHTTPServer(route: route)
        var events = Events(iterator: server.events.makeAsyncIterator())
        do {
            try await AsyncHTTPClientTransport.withTransport { transport in
                try await body(server, transport, &events)
            }
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    /// Reads the first `chunks` chunks of a streamed answer, then drops it.
    private static func readPrefix(of request: HTTPRequest, through transport: AsyncHTTPClientTransport, chunks: Int) async throws -> Int {
        let response = try await transport.send(request)
        var count = 0
        for try await chunk in response.body where !chunk.isEmpty {
            count += 1
            if count == chunks { break }
        }
        return count
    }

    static func pattern(count: Int) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) })
    }

    static func temporaryURL() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("daytona-ahc-\(UUID().uuidString)")
    }

    static let toolboxURL = LockedText()

    /// A current-API sandbox (WIRE-current §4.1) whose toolbox proxy is the test server.
    static var sandboxJSON: Data {
        let toolbox = toolboxURL.withLock { $0 }
        return Data(
            """
            {"id":"sb-1","organizationId":"org-1","name":"sb-1","user":"daytona","env":{},"labels":{"code-toolbox-language":"python"},\
            "public":false,"networkBlockAll":false,"target":"us","cpu":1,"gpu":0,"memory":1,"disk":3,"state":"started",\
            "desiredState":"started","autoStopInterval":15,"toolboxProxyUrl":"\(toolbox)"}
            """.utf8)
    }
}

/// The server's events, for waiting on what it saw.
struct Events {
    var iterator: AsyncStream<LoopbackHTTPServer.Event>.Iterator

    /// Waits for the next event that matches; fails when the server stops first.
    mutating func next(_ matches: (LoopbackHTTPServer.Event) -> Bool) async throws {
        while let event = await iterator.next() {
            if matches(event) { return }
        }
        Issue.record("The server stopped before the expected event")
    }
}

/// Progress reports as they came.
final class Progress: Sendable {
    private let reports = LockedBox<[(bytes: Int64, total: Int64?)]>([])

    func record(_ bytes: Int64, _ total: Int64?) { reports.withLock { $0.append((bytes, total)) } }

    var last: (bytes: Int64, total: Int64?)? { reports.withLock { $0.last } }

    var isIncreasing: Bool {
        reports.withLock { list in zip(list, list.dropFirst()).allSatisfy { $0.bytes < $1.bytes } }
    }
}

typealias LockedText = LockedBox<String>

/// A value behind a lock.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    // `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    convenience init() where Value == String { self.init("") }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
