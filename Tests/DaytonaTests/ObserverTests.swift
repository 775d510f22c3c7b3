import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

/// Collects what a client reports, for assertions in the test body.
final class EventRecorder: DaytonaObserver {
    private let recorded = Locked<[DaytonaRequestEvent]>([])

    func observe(_ event: DaytonaRequestEvent) {
        recorded.withLock { $0.append(event) }
    }

    var events: [DaytonaRequestEvent] { recorded.current }
}

/// `DaytonaConfiguration.observer`: one event per HTTP attempt, with the operation, redacted URL,
/// outcome, attempt, duration and bytes, and never a secret.
@Suite struct ObserverTests {
    static let secretKey = "dtn_observer-secret-0123456789"

    func client(
        _ stub: DaytonaStub, api: DaytonaConfiguration.APIVersion = .current, retry: RetryPolicy = .none, observer: EventRecorder
    ) -> DaytonaClient {
        var configuration = stub.configuration(api: api)
        configuration.retryPolicy = retry
        configuration.observer = observer
        return DaytonaClient(configuration: configuration, sessionConfiguration: stub.sessionConfiguration)
    }

    @Test func plainCall() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/sandbox/{id}", respond: .sandbox(id: "sb-1", state: .started))
        let recorder = EventRecorder()

        _ = try await client(stub, observer: recorder).sandbox(id: "sb 1")

        let events = recorder.events
        try #require(events.count == 1)
        let event = events[0]
        #expect(event.operation == "GET /sandbox/{id}")
        #expect(event.method == .get)
        #expect(event.redactedURL == stub.apiURL.absoluteString + "/sandbox/sb%201")
        #expect(event.kind == .call)
        #expect(event.attempt == 1)
        #expect(event.outcome == .response(statusCode: 200))
        #expect(event.statusCode == 200)
        #expect(event.duration >= .zero)
        #expect(event.bytesSent == 0)
        #expect((event.bytesReceived ?? 0) > 100, "the sandbox's JSON")
        #expect(event.description.hasPrefix("GET /sandbox/{id} → 200 in "))
    }

    @Test func postCountsTheBytesSent() async throws {
        let stub = DaytonaStub()
        stub.on(.post, "/toolbox/{id}/toolbox/process/execute", respond: .executeResult(result: "ok"))
        let recorder = EventRecorder()

        _ = try await sandboxHandle(client(stub, api: .v0_14, observer: recorder)).process.exec("make")

        let event = try #require(recorder.events.first)
        #expect(event.operation == "POST /toolbox/{id}/toolbox/process/execute")
        #expect(event.bytesSent == Int64(stub.requests[0].body.count))
        #expect(event.bytesSent == 18)
    }

    @Test func retriedCallReportsEachAttempt() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/sandbox", respond: [.apiError(503, message: "busy"), .sandboxPage(["sb-1"])])
        let recorder = EventRecorder()
        let retry = RetryPolicy(maxAttempts: 2, baseDelay: .zero, jitter: false)

        let sandboxes = try await client(stub, retry: retry, observer: recorder).list(labels: ["team": "a"])

        #expect(sandboxes.map(\.id) == ["sb-1"])
        let events = recorder.events
        #expect(events.map(\.attempt) == [1, 2])
        #expect(events.map(\.outcome) == [.response(statusCode: 503), .response(statusCode: 200)])
        #expect(Set(events.map(\.operation)) == ["GET /sandbox"])
        let url = try #require(events.first?.redactedURL)
        #expect(url.hasPrefix(stub.apiURL.absoluteString + "/sandbox?"))
        #expect(url.contains("labels=<redacted>"), "\(url)")
        #expect(!url.contains("team"), "query values are redacted: \(url)")
    }

    @Test func transportFailure() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/sandbox/{id}", respond: .failure(.cannotConnectToHost))
        let recorder = EventRecorder()

        let error = await daytonaError { _ = try await client(stub, observer: recorder).sandbox(id: "sb-1") }

        #expect(error?.category == .transport)
        let event = try #require(recorder.events.first)
        #expect(recorder.events.count == 1)
        #expect(event.outcome == .failure(.transport, message: "Could not connect to the server"))
        #expect(event.statusCode == nil)
        #expect(event.bytesReceived == nil)
        #expect(event.description.contains("failed (transport): Could not connect to the server"))
    }

    @Test func errorStatusIsAnAnswer() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace/{id}", respond: .apiError(404, message: "Sandbox with ID gone not found"))
        let recorder = EventRecorder()

        let error = await daytonaError { _ = try await client(stub, api: .v0_14, observer: recorder).sandbox(id: "gone") }

        #expect(error?.category == .notFound)
        #expect(recorder.events.map(\.outcome) == [.response(statusCode: 404)])
        #expect(recorder.events.map(\.operation) == ["GET /workspace/{id}"])
    }

    @Test func cancelledCall() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/sandbox/{id}", respond: .never)
        let recorder = EventRecorder()
        let daytona = client(stub, observer: recorder)

        let task = Task { try await daytona.sandbox(id: "sb-1") }
        await stub.waitForRequests(count: 1)
        task.cancel()
        _ = await task.result

        #expect(recorder.events.map(\.outcome) == [.cancelled])
    }

    @Test func streamedDownload() async throws {
        let payload = randomData((1 << 20) + 7, seed: 11)
        let destination = try temporaryFile("observed.bin")
        defer { try? FileManager.default.removeItem(at: destination.deletingLastPathComponent()) }
        let stub = DaytonaStub()
        stub.on(
            .get, "/toolbox/{id}/toolbox/files/download",
            respond: .answer(headers: ["Content-Length": "\(payload.count)"], body: payload).chunked(by: 128 << 10))
        let recorder = EventRecorder()
        let sandbox = sandboxHandle(client(stub, api: .v0_14, observer: recorder), id: "sb-1")

        try await sandbox.fs.downloadFile(at: "/data/model.bin", to: destination)

        #expect(try Data(contentsOf: destination) == payload)
        let event = try #require(recorder.events.last)
        #expect(event.kind == .download)
        #expect(event.operation == "GET /toolbox/{id}/toolbox/files/download")
        #expect(event.outcome == .response(statusCode: 200))
        #expect(event.bytesReceived == Int64(payload.count))
        #expect(event.redactedURL.hasSuffix("/files/download?path=<redacted>"), "\(event.redactedURL)")
        #expect(event.redactedURL.contains("/sb-1/"))
        #expect(!event.redactedURL.contains("model.bin"))
    }

    /// Today's downloads are one multipart stream (`files/bulk-download`): one `stream` event.
    @Test func bulkDownloadOnTheCurrentAPI() async throws {
        let payload = randomData(300_000, seed: 12)
        let destination = try temporaryFile("observed-current.bin")
        defer { try? FileManager.default.removeItem(at: destination.deletingLastPathComponent()) }
        let stub = DaytonaStub()
        stub.on(
            .post, "/toolbox/{id}/files/bulk-download", respond: .bulkDownload(files: [("/data/model.bin", payload)]).chunked(by: 64 << 10))
        stub.on(.get, "/sandbox/{id}", respond: .sandbox(id: "sb-1", toolboxProxyURL: stub.toolboxURL))
        let recorder = EventRecorder()
        let sandbox = try await client(stub, observer: recorder).sandbox(id: "sb-1")

        try await sandbox.fs.downloadFile(at: "/data/model.bin", to: destination)

        #expect(try Data(contentsOf: destination) == payload)
        #expect(recorder.events.map(\.operation) == ["GET /sandbox/{id}", "POST /{id}/files/bulk-download"])
        #expect(recorder.events.last?.kind == .stream)
        #expect(recorder.events.last?.outcome == .response(statusCode: 200))
    }

    @Test func failedDownloadReportsItsStatus() async throws {
        let destination = try temporaryFile("missing.bin")
        defer { try? FileManager.default.removeItem(at: destination.deletingLastPathComponent()) }
        let stub = DaytonaStub()
        stub.on(.get, "/toolbox/{id}/toolbox/files/download", respond: .apiError(404, message: "no such file"))
        let recorder = EventRecorder()

        let error = await daytonaError {
            try await sandboxHandle(client(stub, api: .v0_14, observer: recorder)).fs.downloadFile(at: "/nope", to: destination)
        }

        #expect(error?.statusCode == 404)
        #expect(recorder.events.map(\.kind) == [.download])
        #expect(recorder.events.map(\.outcome) == [.response(statusCode: 404)])
    }

    @Test func uploadCountsTheFile() async throws {
        let source = try temporaryFile("up.bin", contents: randomData(70_000, seed: 5))
        defer { try? FileManager.default.removeItem(at: source.deletingLastPathComponent()) }
        let stub = DaytonaStub()
        stub.on(.post, "/toolbox/{id}/toolbox/files/upload", respond: .empty())
        let recorder = EventRecorder()

        try await sandboxHandle(client(stub, api: .v0_14, observer: recorder)).fs.uploadFile(from: source, to: "/home/daytona/up.bin")

        let event = try #require(recorder.events.first)
        #expect(event.kind == .upload)
        #expect(event.operation == "POST /toolbox/{id}/toolbox/files/upload")
        #expect((event.bytesSent ?? 0) > 70_000, "the multipart body around the file")
        #expect(event.outcome == .response(statusCode: 200))
    }

    @Test func followedLogIsReportedWhenItsHeadArrives() async throws {
        let stub = DaytonaStub()
        let (chunks, continuation) = AsyncStream<Data>.makeStream()
        stub.on(.get, "/toolbox/{id}/toolbox/process/session/{sessionId}/command/{commandId}/logs", respond: .streaming(chunks))
        let recorder = EventRecorder()
        let sandbox = sandboxHandle(client(stub, api: .v0_14, observer: recorder), id: "sb-1")

        continuation.yield(Data("hi\n".utf8))
        continuation.finish()
        var iterator = sandbox.process.followSessionCommand(sessionID: "s", commandID: "c").makeAsyncIterator()
        _ = try await iterator.next()

        let streamed = recorder.events.filter { $0.kind == .stream }
        #expect(streamed.first?.operation == "GET /toolbox/{id}/toolbox/process/session/{sessionId}/command/{commandId}/logs")
        #expect(streamed.first?.statusCode == 200)
        #expect(streamed.first?.bytesReceived == nil)
    }

    @Test func noEventShowsASecret() async throws {
        let stub = DaytonaStub(apiKey: Self.secretKey)
        stub.on(.post, "/sandbox", respond: .sandbox(id: "sb-1", state: .started, toolboxProxyURL: stub.toolboxURL))
        stub.on(.get, "/sandbox/{id}", respond: [.apiError(503, message: "key \(Self.secretKey) busy"), .sandbox(id: "sb-1")])
        stub.on(.post, "/toolbox/{id}/process/execute", respond: .executeResult(result: Self.secretKey))
        stub.on(.post, "/sandbox/{id}/ports/{port}/signed-preview-url/{token}/expire", respond: .empty())
        stub.on(.delete, "/sandbox/{id}", respond: .failure(.networkConnectionLost))
        let recorder = EventRecorder()
        var configuration = stub.configuration()
        configuration.retryPolicy = RetryPolicy(maxAttempts: 2, baseDelay: .zero, jitter: false)
        configuration.observer = recorder
        let daytona = DaytonaClient(configuration: configuration, sessionConfiguration: stub.sessionConfiguration)

        let sandbox = try await daytona.create()
        _ = try await daytona.sandbox(id: "sb-1")
        _ = try await sandbox.process.exec("echo \(Self.secretKey)")
        try await sandbox.expireSignedPreviewURL(
            SignedPreviewURL(url: URL(fileURLWithPath: "/"), token: "preview-token-42", port: 3000))
        _ = await daytonaError { try await daytona.remove(sandbox) }

        let events = recorder.events
        #expect(events.count >= 6)
        for event in events {
            for text in [event.description, String(reflecting: event), event.redactedURL, event.operation, "\(event.outcome)"] {
                #expect(!text.contains(Self.secretKey), "\(text)")
                #expect(!text.contains("preview-token-42"), "\(text)")
            }
            var dumped = ""
            dump(event, to: &dumped)
            #expect(!dumped.contains(Self.secretKey))
            #expect(!event.operation.contains("{…}"), "every route the SDK sends has a template: \(event.operation)")
        }
        #expect(events.contains { $0.operation == "POST /sandbox/{id}/ports/{port}/signed-preview-url/{token}/expire" })
        #expect(events.contains { $0.redactedURL.hasSuffix("/sandbox/sb-1/ports/3000/signed-preview-url/<redacted>/expire") })
    }

    @Test func redactedURLDropsCredentialsAndQueryValues() {
        let url = URL(string: "https://user:pa55@api.example.com:8443/api/sandbox/sb-1?verbose=true&token=abc&flag#part")!
        let text = RouteTemplates.redactedURL(url, path: "/sandbox/sb-1", toolboxProxy: false, secrets: ["sb-"])
        #expect(text == "https://api.example.com:8443/api/sandbox/<redacted>1?verbose=<redacted>&token=<redacted>&flag")
    }

    @Test(arguments: [
        ("/sandbox/ssh-access/validate", false, "/sandbox/ssh-access/validate"),
        ("/sandbox/start", false, "/sandbox/{id}"),
        ("/sandbox/a/start", false, "/sandbox/{id}/start"),
        ("/volumes/by-name/v", false, "/volumes/by-name/{name}"),
        ("/toolbox/a/toolbox/process/session/entrypoint", false, "/toolbox/{id}/toolbox/process/session/entrypoint"),
        (
            "/toolbox/a/toolbox/process/session/s/command/c/logs", false,
            "/toolbox/{id}/toolbox/process/session/{sessionId}/command/{commandId}/logs"
        ),
        ("/a/files/info", true, "/{id}/files/info"),
        ("/files/info", true, "/files/info"),
        ("/a/b", true, "/{…}/{…}"),
        ("/unknown/a", false, "/{…}/{…}"),
    ])
    func templates(path: String, toolboxProxy: Bool, template: String) {
        #expect(RouteTemplates.template(of: path, toolboxProxy: toolboxProxy) == template)
    }

    @Test func withoutAnObserverNothingChanges() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/sandbox/{id}", respond: .sandbox(id: "sb-1"))
        #expect(stub.configuration().observer == nil)
        _ = try await stub.makeClient().sandbox(id: "sb-1")
        #expect(stub.requests.count == 1)
    }
}
