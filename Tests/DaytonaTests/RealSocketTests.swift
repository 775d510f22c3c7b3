import Foundation
import Testing

@testable import Daytona

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The faults of issue 16, each against a real loopback socket (``LoopbackServer``), through
/// the default `URLSessionTransport`: what a `URLProtocol` stub cannot show (libcurl's own
/// timers and resends, redirects, memory, files, resets).
extension TimingSensitive {
    @Suite struct RealSocketTests {
        static let key = "dtn_real_socket_secret_key"

        static func client(
            _ server: LoopbackServer, requestTimeout: Duration? = nil, retry: RetryPolicy = .default,
            configure: (inout DaytonaConfiguration) -> Void = { _ in }
        ) -> DaytonaClient {
            var configuration = DaytonaConfiguration(
                apiKey: key, apiURL: server.url, api: .v0_14, requestTimeout: requestTimeout, retryPolicy: retry)
            configure(&configuration)
            return DaytonaClient(configuration: configuration)
        }

        static func workspaceJSON(_ id: String, state: String = "started") -> String {
            #"{"id":"\#(id)","name":"\#(id)","target":"us","info":{"providerMetadata":"{\"state\":\"\#(state)\"}"}}"#
        }

        static func elapsed(_ body: () async -> Void) async -> Duration {
            let clock = ContinuousClock()
            let start = clock.now
            await body()
            return start.duration(to: clock.now)
        }

        static func temporaryDirectory() throws -> URL {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("real-socket-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            return directory
        }

        // MARK: Deadlines

        @Test func aTricklingDownloadEndsAtItsDeadline() async throws {
            let server = try LoopbackServer { _, connection in
                connection.writeHead(200, ["Content-Type": "application/octet-stream"], contentLength: 1_000_000)
                connection.trickle(every: .milliseconds(100))
            }
            defer { server.stop() }
            let sandbox = sandboxHandle(Self.client(server, requestTimeout: .seconds(1)), id: "w")
            let directory = try Self.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let destination = directory.appendingPathComponent("out.bin")
            var error: DaytonaError?
            let took = await Self.elapsed {
                error = await daytonaError { try await sandbox.fs.downloadFile(at: "/big", to: destination) }
            }
            #expect(error?.category == .timeout)
            #expect(took < .milliseconds(2_500), "took \(took)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        }

        @Test func anUploadWhoseAnswerTricklesEndsAtItsDeadline() async throws {
            let server = try LoopbackServer { _, connection in
                connection.writeHead(200, ["Content-Type": "application/json"], contentLength: 1_000)
                connection.trickle(every: .milliseconds(100))
            }
            defer { server.stop() }
            let sandbox = sandboxHandle(Self.client(server, requestTimeout: .seconds(1)), id: "w")
            let directory = try Self.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let source = directory.appendingPathComponent("in.bin")
            try Data(repeating: 7, count: 100_000).write(to: source)
            var error: DaytonaError?
            let took = await Self.elapsed {
                error = await daytonaError { try await sandbox.fs.uploadFile(from: source, to: "/up") }
            }
            #expect(error?.category == .timeout, "\(String(describing: error))")
            #expect(took < .milliseconds(2_500), "took \(took)")
            #expect(server.requests.count == 1)
            #expect(server.requests.first?.body.count ?? 0 > 100_000)
        }

        @Test func aRequestTimeoutIsOneLimitForTheWholeCall() async throws {
            let server = try LoopbackServer { _, connection in connection.waitForPeerToClose() }
            defer { server.stop() }
            let client = Self.client(server, requestTimeout: .seconds(2))
            var error: DaytonaError?
            let took = await Self.elapsed {
                error = await daytonaError { _ = try await client.sandbox(id: "w") }
            }
            #expect(error?.category == .timeout)
            #expect(error?.message.contains("timed out after 2 seconds") == true, "\(error?.message ?? "")")
            #expect(took < .milliseconds(3_000), "took \(took)")
            #expect(server.requests.count == 1, "an answer cut off by the deadline is never retried")
        }

        @Test func silenceEndsAtTheIdleTimeoutWithoutARetry() async throws {
            let server = try LoopbackServer { _, connection in connection.waitForPeerToClose() }
            defer { server.stop() }
            let client = Self.client(server) { $0.idleTimeout = .seconds(1) }
            var error: DaytonaError?
            let took = await Self.elapsed {
                error = await daytonaError { _ = try await client.sandbox(id: "w") }
            }
            #expect(error?.category == .timeout, "\(String(describing: error))")
            #expect(took < .milliseconds(3_500), "took \(took)")
            #expect(server.requests.count == 1)
        }

        @Test func createHoldsItsDeadlineWhileTheCleanupHangs() async throws {
            let server = try LoopbackServer { request, connection in
                if request.method == "POST" {
                    connection.respond(200, json: Self.workspaceJSON(request.path == "/workspace" ? "w1" : "?", state: "creating"))
                } else {
                    connection.waitForPeerToClose()  // polls and the cleanup: never answered
                }
            }
            defer { server.stop() }
            let client = Self.client(server)
            var error: DaytonaError?
            let took = await Self.elapsed {
                error = await daytonaError { _ = try await client.create(timeout: .seconds(2)) }
            }
            #expect(error?.category == .timeout)
            #expect(took < .milliseconds(3_000), "took \(took)")
            await server.waitForRequests(3)
            #expect(server.requests.contains { $0.method == "DELETE" && $0.target == "/workspace/w1?force=true" })
        }

        @Test func queuedRequestsFitTheDeadlineAndATimeoutSaysHowLongTheyWaited() async throws {
            let server = try LoopbackServer { request, connection in
                Thread.sleep(forTimeInterval: 1)  // the server takes 1 s per request
                connection.respond(200, json: Self.workspaceJSON("w"))
            }
            defer { server.stop() }
            let client = Self.client(server, requestTimeout: .seconds(8), retry: .none)
            let failures = await withTaskGroup(of: Bool.self) { group in
                for _ in 0..<200 {
                    group.addTask { (try? await client.sandbox(id: "w")) == nil }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(failures == 0, "200 calls of 1 s each on 64 connections fit in 8 s")

            let narrow = Self.client(server, requestTimeout: .milliseconds(1_500), retry: .none) { $0.maxConnectionsPerHost = 1 }
            let messages = await withTaskGroup(of: String?.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        do {
                            _ = try await narrow.sandbox(id: "w")
                            return nil
                        } catch {
                            return "\(error)"
                        }
                    }
                }
                return await group.compactMap { $0 }.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(messages.count >= 2)
            #expect(messages.contains { $0.contains("of them waiting for a free connection") }, "\(messages)")
        }

        // MARK: Each POST at most once

        @Test func aPostReachesTheServerAtMostOnceWhenItClosesAKeptAliveConnection() async throws {
            let server = try LoopbackServer { request, connection in
                if request.method == "POST" && request.path.hasSuffix("/process/execute")
                    && String(decoding: request.body, as: UTF8.self).contains("second")
                {
                    connection.close()  // read the POST, then close: no answer
                    return
                }
                connection.respond(200, json: #"{"code":0,"result":"ok"}"#)  // kept alive
            }
            defer { server.stop() }
            let sandbox = sandboxHandle(Self.client(server, requestTimeout: .seconds(10)), id: "w")
            _ = try await sandbox.process.exec("first")
            _ = try? await sandbox.fs.fileInfo(at: "/warm")  // a GET that leaves a kept-alive connection
            let error = await daytonaError { _ = try await sandbox.process.exec("second") }
            #expect(error?.category == .transport)
            let posts = server.requests.filter { $0.method == "POST" }
            #expect(posts.count == 2, "the second exec reached the server once: \(posts.map(\.connection))")
            #expect(posts.allSatisfy { $0.headers["connection"]?.lowercased() == "close" })
            #expect(Set(posts.map(\.connection)).count == posts.count, "each POST on a new connection")
        }

        /// The opt-out: a transport that reuses connections for POSTs sends them kept alive.
        @Test func aTransportMayReuseConnectionsForPostsWhenAsked() async throws {
            let server = try LoopbackServer { _, connection in connection.respond(200, json: #"{"code":0,"result":"ok"}"#) }
            defer { server.stop() }
            let configuration = DaytonaConfiguration(apiKey: Self.key, apiURL: server.url, api: .v0_14, requestTimeout: .seconds(10))
            let client = DaytonaClient(configuration: configuration, transport: URLSessionTransport(reusesConnectionsForPOST: true))
            let sandbox = sandboxHandle(client, id: "w")
            _ = try await sandbox.process.exec("first")
            _ = try await sandbox.process.exec("second")
            let posts = server.requests.filter { $0.method == "POST" }
            #expect(posts.count == 2)
            #expect(posts.allSatisfy { $0.headers["connection"]?.lowercased() != "close" })
            #expect(Set(posts.map(\.connection)).count == 1, "both POSTs on one kept-alive connection")
        }

        // MARK: Redirects

        @Test func aRedirectThatWouldTurnAnUploadIntoAGetIsRefused() async throws {
            let elsewhere = try LoopbackServer { _, connection in connection.respond(200, json: "{}") }
            defer { elsewhere.stop() }
            let server = try LoopbackServer { _, connection in
                connection.respond(302, ["Location": elsewhere.url.absoluteString + "/upload"])
            }
            defer { server.stop() }
            let sandbox = sandboxHandle(Self.client(server, requestTimeout: .seconds(10)), id: "w")
            let directory = try Self.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let source = directory.appendingPathComponent("in.bin")
            try Data(repeating: 1, count: 10_000).write(to: source)
            var error: DaytonaError?
            let took = await Self.elapsed {
                error = await daytonaError { try await sandbox.fs.uploadFile(from: source, to: "/up") }
            }
            #expect(error?.statusCode == 302)
            #expect(error?.message.contains("was not followed") == true, "\(error?.message ?? "")")
            #expect(took < .seconds(5))
            #expect(elsewhere.requests.isEmpty)
            // An in-memory POST body is refused the same way (302 turns it into a GET).
            let exec = await daytonaError { _ = try await sandbox.process.exec("ls") }
            #expect(exec?.statusCode == 302)
            #expect(elsewhere.requests.isEmpty)
        }

        @Test func aGetFollowsARedirectToAnotherOriginWithoutItsKey() async throws {
            let elsewhere = try LoopbackServer { _, connection in connection.respond(200, json: Self.workspaceJSON("w")) }
            defer { elsewhere.stop() }
            let server = try LoopbackServer { request, connection in
                connection.respond(302, ["Location": elsewhere.url.absoluteString + request.target])
            }
            defer { server.stop() }
            let sandbox = try await Self.client(server, requestTimeout: .seconds(10)).sandbox(id: "w")
            #expect(sandbox.id == "w")
            #expect(elsewhere.requests.count == 1)
            #expect(elsewhere.requests.first?.headers["authorization"] == nil)
            #expect(server.requests.first?.headers["authorization"] == "Bearer \(Self.key)")
        }

        // MARK: Memory and files

        @Test func aHugeAnswerIsCutAtTheLimitInBoundedMemory() async throws {
            // 256 MiB: far past the 1 MiB limit, and quick enough under the thread sanitizer.
            let size = 256 << 20
            let server = try LoopbackServer { request, connection in
                if request.path.hasSuffix("chunked") {
                    connection.writeHead(200, ["Content-Type": "application/json", "Connection": "close"])  // no length
                } else {
                    connection.writeHead(200, ["Content-Type": "application/json"], contentLength: size)
                }
                connection.writeBytes(size)
                connection.close()
            }
            defer { server.stop() }
            let client = Self.client(server, requestTimeout: .seconds(60)) { $0.maxResponseSize = 1 << 20 }
            for id in ["w", "chunked"] {
                var error: DaytonaError?
                let took = await Self.elapsed {
                    error = await daytonaError { _ = try await client.sandbox(id: id) }
                }
                #expect(error?.category == .responseTooLarge)
                #expect(error?.message.contains("maxResponseSize") == true)
                #expect(took < .seconds(60), "took \(took)")
                // Memory is not asserted here: the process's peak RSS also moves with the suites
                // that run in parallel. With a length the call stops before reading; without one,
                // the transport stops at the first chunk past the limit, but
                // swift-corelibs-foundation queues what libcurl already read (Docs/Reliability.md).
            }
        }

        @Test func aHugeErrorAnswerKeepsAShortMessageAndABoundedBody() async throws {
            let size = 512 << 20
            let server = try LoopbackServer { _, connection in
                connection.writeHead(500, ["Content-Type": "text/plain"], contentLength: size)
                connection.writeBytes(size)
                connection.close()
            }
            defer { server.stop() }
            let sandbox = sandboxHandle(Self.client(server, requestTimeout: .seconds(60)), id: "w")
            var error: DaytonaError?
            let took = await Self.elapsed {
                error = await daytonaError { _ = try await sandbox.process.exec("ls") }
            }
            #expect(error?.category == .server, "\(String(describing: error))")
            #expect((error?.message.count ?? .max) < 1_200)
            #expect((error?.responseBody?.count ?? .max) <= 64 << 10)
            #expect(took < .seconds(10), "took \(took)")
        }

        @Test func nothingOutlivesAFailedDownload() async throws {
            let server = try LoopbackServer { request, connection in
                switch request.path {
                case _ where request.target.contains("missing"):
                    connection.respond(404, json: #"{"message":"no such file"}"#)
                default:
                    connection.writeHead(200, ["Content-Type": "application/octet-stream"], contentLength: 10_000_000)
                    connection.writeBytes(1_000_000)
                    connection.reset()
                }
            }
            defer { server.stop() }
            let sandbox = sandboxHandle(Self.client(server, requestTimeout: .seconds(20), retry: .none), id: "w")
            let directory = try Self.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let destination = directory.appendingPathComponent("out.bin")
            let missing = await daytonaError { try await sandbox.fs.downloadFile(at: "/missing", to: destination) }
            #expect(missing?.category == .notFound)
            let reset = await daytonaError { try await sandbox.fs.downloadFile(at: "/reset", to: destination) }
            #expect(reset?.category == .transport)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        }

        @Test func cancellingALargeDownloadIsPromptAndStopsReading() async throws {
            let stopped = Locked<CheckedContinuation<Void, Never>?>(nil)
            let stoppedFlag = Locked(false)
            let server = try LoopbackServer { _, connection in
                connection.writeHead(200, ["Content-Type": "application/octet-stream"], contentLength: 8 << 30)
                connection.writeBytes(8 << 30, chunk: 256 << 10)  // until the client stops reading
                stoppedFlag.withLock { $0 = true }
                stopped.withLock { $0 }?.resume()
            }
            defer { server.stop() }
            let sandbox = sandboxHandle(Self.client(server), id: "w")
            let directory = try Self.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let destination = directory.appendingPathComponent("out.bin")
            let (started, startedContinuation) = AsyncStream<Void>.makeStream()
            let download = Task {
                try await sandbox.fs.downloadFile(at: "/huge", to: destination) { progress in
                    if progress.bytesTransferred > 64 << 20 { startedContinuation.yield() }
                }
            }
            for await _ in started { break }
            let clock = ContinuousClock()
            let cancelledAt = clock.now
            download.cancel()
            let result = await download.result
            let took = cancelledAt.duration(to: clock.now)
            #expect(throws: CancellationError.self) { try result.get() }
            #expect(took < .milliseconds(250), "took \(took)")
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let done = stoppedFlag.withLock { done -> Bool in
                    if !done { stopped.withLock { $0 = continuation } }
                    return done
                }
                if done { continuation.resume() }
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        }

        // MARK: Secrets

        @Test func aKeyEchoedInABodyThatIsNotUTF8IsRedacted() async throws {
            var body = Data([0xFF, 0xFE, 0xC3])
            body.append(Data(Self.key.utf8))
            body.append(Data([0x80, 0xFF]))
            body.append(Data(Self.key.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
            let echoed = body
            let server = try LoopbackServer { _, connection in
                connection.respond(400, ["Content-Type": "application/octet-stream"], body: echoed)
            }
            defer { server.stop() }
            let error = await daytonaError { _ = try await Self.client(server, requestTimeout: .seconds(10)).sandbox(id: "w") }
            let raw = try #require(error?.responseBody)
            #expect(raw.range(of: Data(Self.key.utf8)) == nil)
            #expect(raw.range(of: Data(Self.key.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] })) == nil)
            #expect(raw.starts(with: [0xFF, 0xFE, 0xC3]))
            #expect(error?.message.contains(Self.key) == false)
            #expect("\(String(describing: error))".contains(Self.key) == false)
        }

        // MARK: Smaller ones

        @Test func aGetCutMidBodyIsRetried() async throws {
            let server = try LoopbackServer { request, connection in
                if request.connection == 0 {
                    connection.writeHead(200, ["Content-Type": "application/json"], contentLength: 500)
                    connection.write(String(Self.workspaceJSON("w").prefix(20)))
                    connection.reset()
                } else {
                    connection.respond(200, json: Self.workspaceJSON("w"))
                }
            }
            defer { server.stop() }
            let client = Self.client(server, requestTimeout: .seconds(20), retry: RetryPolicy(baseDelay: .milliseconds(10)))
            let sandbox = try await client.sandbox(id: "w")
            #expect(sandbox.id == "w")
            #expect(server.requests.count == 2)

            let once = try LoopbackServer { _, connection in
                connection.writeHead(200, ["Content-Type": "application/json"], contentLength: 500)
                connection.write("{\"id\":")
                connection.reset()
            }
            defer { once.stop() }
            let error = await daytonaError { _ = try await Self.client(once, requestTimeout: .seconds(20), retry: .none).sandbox(id: "w") }
            #expect(error?.category == .transport)
            #expect(error?.message.contains("connection was lost") == true, "\(error?.message ?? "")")
        }

        @Test func aCreateWhoseAnswerCannotBeReadIsCleanedUp() async throws {
            let server = try LoopbackServer { request, connection in
                if request.method == "POST" {
                    connection.respond(200, json: "{\"id\": 12, oops")
                } else {
                    connection.respond(204)
                }
            }
            defer { server.stop() }
            let error = await daytonaError {
                _ = try await Self.client(server, requestTimeout: .seconds(10)).create(
                    CreateSandboxParams(id: "mine"), timeout: .seconds(10))
            }
            #expect(error?.category == .decoding)
            await server.waitForRequests(2)
            #expect(server.requests.map { "\($0.method) \($0.target)" } == ["POST /workspace", "DELETE /workspace/mine?force=true"])
        }
    }
}
