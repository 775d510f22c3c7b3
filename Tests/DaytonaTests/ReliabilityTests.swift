import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A clock whose sleeps return at once (after being recorded) and move virtual time forward.
/// For calls without a deadline only: a deadline on this clock would pass at once.
final class ImmediateClock: Clock, @unchecked Sendable {
    typealias Instant = ContinuousClock.Instant
    private let start = ContinuousClock.now
    private let state = Locked<(offset: Duration, sleeps: [Duration])>((.zero, []))
    var now: Instant { start + state.current.offset }
    var minimumResolution: Duration { .nanoseconds(1) }
    var sleeps: [Duration] { state.current.sleeps }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            let duration = (start + state.offset).duration(to: deadline)
            state.sleeps.append(duration)
            state.offset += max(duration, .zero)
        }
    }
}

/// A continuous clock that lets a test wait until some task starts sleeping on it.
final class SignallingClock: Clock, @unchecked Sendable {
    typealias Instant = ContinuousClock.Instant
    private let base = ContinuousClock()
    private let state = Locked<(sleeping: Int, waiters: [CheckedContinuation<Void, Never>])>((0, []))
    var now: Instant { base.now }
    var minimumResolution: Duration { base.minimumResolution }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let waiters = state.withLock { state in
            state.sleeping += 1
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
        try await base.sleep(until: deadline, tolerance: tolerance)
    }

    /// Returns once a sleep has begun (at once if one already has).
    func waitForSleep() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let already = state.withLock { state -> Bool in
                if state.sleeping > 0 { return true }
                state.waiters.append(continuation)
                return false
            }
            if already { continuation.resume() }
        }
    }
}

func client(
    _ stub: DaytonaStub, clock: any Clock<Duration> = ContinuousClock(), retry: RetryPolicy = .default, requestTimeout: Duration? = nil
) -> DaytonaClient {
    var configuration = stub.configuration(api: .v0_14)
    configuration.retryPolicy = retry
    configuration.requestTimeout = requestTimeout
    return DaytonaClient(
        configuration: configuration, transport: URLSessionTransport(configuration: stub.sessionConfiguration), clock: clock)
}

@Suite struct RetryTests {
    @Test func idempotentRequestsRetryWithBackoffAndJitter() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace", respond: [.apiError(503, message: "busy"), .apiError(502, message: "gateway"), .workspaces(["a"])])
        let clock = ImmediateClock()
        let list = try await client(stub, clock: clock).list()
        #expect(list.map(\.id) == ["a"])
        #expect(stub.requests.count == 3)
        #expect(clock.sleeps.count == 2)
        #expect((Duration.milliseconds(100)...Duration.milliseconds(200)).contains(clock.sleeps[0]))
        #expect((Duration.milliseconds(200)...Duration.milliseconds(400)).contains(clock.sleeps[1]))
    }

    @Test func retryAfterIsHonoured() async throws {
        let stub = DaytonaStub()
        stub.on(.delete, "/workspace/{id}", respond: [.answer(status: 429, headers: ["Retry-After": "2"]), .empty(status: 204)])
        let clock = ImmediateClock()
        try await client(stub, clock: clock).remove(id: "w", timeout: nil)
        #expect(clock.sleeps == [.seconds(2)])
        #expect(stub.requests.count == 2)
        #expect(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now: Date(timeIntervalSince1970: 1_445_412_470)) == .seconds(10))
    }

    @Test(arguments: [408, 429, 502, 503, 504])
    func retryableStatusesOnGet(status: Int) async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace/{id}", respond: [.apiError(status, message: "x"), .workspace(id: "w")])
        _ = try await client(stub, clock: ImmediateClock()).sandbox(id: "w")
        #expect(stub.requests.count == 2)
    }

    @Test(arguments: [400, 401, 403, 404, 409, 500])
    func otherStatusesAreNotRetried(status: Int) async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace/{id}", respond: [.apiError(status, message: "x"), .workspace(id: "w")])
        _ = await daytonaError { _ = try await client(stub, clock: ImmediateClock()).sandbox(id: "w") }
        #expect(stub.requests.count == 1)
    }

    @Test func postIsRetriedOnlyWhenItNeverReachedTheServer() async throws {
        let stub = DaytonaStub()
        let path = "/toolbox/{id}/toolbox/process/execute"
        stub.on(.post, path, respond: [.failure(.cannotConnectToHost), .executeResult(result: "ok")])
        let process = sandboxHandle(client(stub, clock: ImmediateClock())).process
        #expect(try await process.exec("true").result == "ok")
        #expect(stub.requests.count == 2)

        let reset = DaytonaStub()
        reset.on(.post, path, respond: [.failure(.networkConnectionLost), .executeResult(result: "twice")])
        let error = await daytonaError { _ = try await sandboxHandle(client(reset, clock: ImmediateClock())).process.exec("true") }
        #expect(error?.category == .transport)
        #expect(error?.message == "Failed to execute command: The connection was lost")
        #expect(reset.requests.count == 1)

        let busy = DaytonaStub()
        busy.on(.post, path, respond: [.apiError(503, message: "busy"), .executeResult(result: "twice")])
        _ = await daytonaError { _ = try await sandboxHandle(client(busy, clock: ImmediateClock())).process.exec("true") }
        #expect(busy.requests.count == 1)
    }

    @Test func attemptsAreBoundedAndRetriesCanBeTurnedOff() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace", respond: .apiError(503, message: "still busy"))
        let error = await daytonaError { _ = try await client(stub, clock: ImmediateClock(), retry: RetryPolicy(maxAttempts: 4)).list() }
        #expect(error?.statusCode == 503)
        #expect(error?.message == "Failed to list sandboxes: still busy")
        #expect(stub.requests.count == 4)

        let off = DaytonaStub()
        off.on(.get, "/workspace", respond: .failure(.cannotConnectToHost))
        _ = await daytonaError { _ = try await client(off, retry: .none).list() }
        #expect(off.requests.count == 1)
    }
}

/// Cancelling the caller cancels the request or the polling within 100 ms, at each named point.
extension TimingSensitive {
    @Suite struct CancellationTests {
        enum Point: String, CaseIterable, Sendable {
            case beforeSend, waitingForHeaders, readingBody, polling, retryBackoff
        }

        @Test(arguments: Point.allCases)
        func cancellationIsPrompt(at point: Point) async throws {
            let stub = DaytonaStub()
            switch point {
            case .beforeSend: stub.on(.get, "/workspace/{id}", respond: .workspace(id: "w"))
            case .waitingForHeaders: stub.on(.get, "/workspace/{id}", respond: .never)
            case .readingBody: stub.on(.get, "/workspace/{id}", respond: .stall())
            case .polling: stub.on(.get, "/workspace/{id}", respond: .workspace(id: "w", state: .starting))
            case .retryBackoff: stub.on(.get, "/workspace/{id}", respond: .answer(status: 503, headers: ["Retry-After": "30"]))
            }
            let clock = SignallingClock()
            let daytona = client(stub, clock: clock, retry: RetryPolicy(maxAttempts: 5))
            let sandbox = sandboxHandle(daytona, id: "w")
            let gate = Locked(false)
            let task = Task {
                if point == .beforeSend {
                    while !gate.current { await Task.yield() }
                }
                try await sandbox.waitUntilStarted(timeout: nil)
            }
            if point == .beforeSend {
                task.cancel()
                gate.withLock { $0 = true }
            } else if point == .polling || point == .retryBackoff {
                await clock.waitForSleep()
                task.cancel()
            } else {
                await stub.waitForRequests(count: 1)
                task.cancel()
            }
            let start = ContinuousClock.now
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(start.duration(to: .now) < .milliseconds(100))
            switch point {
            case .beforeSend: #expect(stub.requests.isEmpty)
            case .waitingForHeaders, .readingBody: #expect(stub.cancelledRequestCount == 1)
            case .polling, .retryBackoff: #expect(stub.cancelledRequestCount == 0)
            }
        }

        @Test func everyKindOfCallSurfacesCancellation() async throws {
            let stub = DaytonaStub()
            stub.onAnyOtherRequest { _ in .never }
            let daytona = client(stub)
            let sandbox = sandboxHandle(daytona, id: "w")
            let calls: [@Sendable () async throws -> Void] = [
                { _ = try await daytona.create() },
                { _ = try await daytona.list() },
                { try await sandbox.stop() },
                { _ = try await sandbox.fs.downloadFile(at: "/a") },
                { try await sandbox.fs.uploadFile(Data(count: 1024), to: "/a") },
                { _ = try await sandbox.git.status(in: "/r") },
                { _ = try await sandbox.process.exec("sleep 10") },
                {
                    _ = try await sandbox.makeLSPServer(language: .python, projectPath: "/r").completions(
                        "/r/a.py", at: Position(line: 0, character: 0))
                },
            ]
            for (index, call) in calls.enumerated() {
                let task = Task { try await call() }
                await stub.waitForRequests(count: index + 1)
                task.cancel()
                await #expect(throws: CancellationError.self, "call \(index)") { try await task.value }
            }
        }
    }
}

extension TimingSensitive {
    @Suite struct DeadlineTests {
        @Test func startHoldsItsDeadlineAgainstSlowAndTricklingServers() async throws {
            for answer in [StubResponse.workspace(id: "w", state: .started).delayed(by: .seconds(10)), .stall()] {
                let stub = DaytonaStub()
                stub.on(.post, "/workspace/{id}/start", respond: .empty())
                stub.on(.get, "/workspace/{id}", respond: answer)
                let sandbox = sandboxHandle(stub.makeClient(api: .v0_14), id: "w")
                let clock = ContinuousClock()
                let start = clock.now
                let error = await daytonaError { try await sandbox.start(timeout: .milliseconds(200)) }
                #expect(error?.category == .timeout)
                #expect(start.duration(to: clock.now) < .milliseconds(300))
            }
        }

        @Test func requestTimeoutAppliesToEveryCall() async throws {
            let stub = DaytonaStub()
            stub.on(.get, "/toolbox/{id}/toolbox/git/status", respond: .never)
            let sandbox = sandboxHandle(client(stub, retry: .none, requestTimeout: .milliseconds(150)))
            let error = await daytonaError { _ = try await sandbox.git.status(in: "/r") }
            #expect(error?.category == .timeout)
            #expect(error?.message == "Failed to get status: The request timed out after 0.15 seconds.")
        }
    }
}

extension TimingSensitive {
    @Suite struct HostileServerTests {
        @Test(arguments: [
            ("truncated JSON", StubResponse.json(#"{"id":"w","info":{"providerMeta"#), DaytonaError.Category.decoding),
            ("a string instead of an object", .json(#""started""#), .decoding),
            ("array instead of object", .json("[]"), .decoding),
            ("HTML error page", .text("<html><h1>502 Bad Gateway</h1></html>", status: 502, contentType: "text/html"), .server),
            ("500 plain text", .text("database exploded", status: 500), .server),
            ("huge garbage body", .answer(status: 200, body: Data(repeating: UInt8(ascii: "{"), count: 8 << 20)), .decoding),
            ("connection refused", .failure(.cannotConnectToHost), .transport),
            ("connection reset", .failure(.networkConnectionLost), .transport),
            ("not HTTP", .failure(.badServerResponse), .transport),
        ])
        func hostileAnswersBecomeClearErrors(name: String, answer: StubResponse, category: DaytonaError.Category) async throws {
            let stub = DaytonaStub()
            stub.on(.get, "/workspace/{id}", respond: answer)
            let error = await daytonaError { _ = try await client(stub, retry: .none).sandbox(id: "w") }
            #expect(error?.category == category, "\(name)")
            #expect(error?.message.hasPrefix("Failed to get sandbox: ") == true)
            #expect((error?.message.count ?? 0) < 2_000, "messages stay readable")
        }

        @Test func wrongTypesInsideAnObjectAreTolerated() async throws {
            let stub = DaytonaStub()
            stub.on(.get, "/workspace/{id}", respond: .json(#"{"id":"w","labels":"nope","public":"maybe","info":7,"cpu":"x"}"#))
            let sandbox = try await client(stub, retry: .none).sandbox(id: "w")
            #expect(sandbox.lastKnownInfo.labels.isEmpty)
            #expect(sandbox.lastKnownInfo.state == .unknown)
        }

        @Test func redirectsToAnotherOriginDropTheAuthorizationHeader() throws {
            var request = URLRequest(url: URL(string: "https://evil.example/api/workspace")!)
            request.setValue("Bearer secret", forHTTPHeaderField: "Authorization")
            let original = URL(string: "https://app.daytona.io/api/workspace")!
            #expect(RedirectGuard.guarded(request, from: original).value(forHTTPHeaderField: "Authorization") == nil)
            var sameOrigin = request
            sameOrigin.url = URL(string: "https://app.daytona.io/api/v2/workspace")
            #expect(RedirectGuard.guarded(sameOrigin, from: original).value(forHTTPHeaderField: "Authorization") == "Bearer secret")
            var otherPort = request
            otherPort.url = URL(string: "https://app.daytona.io:8443/api/workspace")
            #expect(RedirectGuard.guarded(otherPort, from: original).value(forHTTPHeaderField: "Authorization") == nil)
        }

        /// Decodes thousands of seeded mutations of captured answers: errors are fine, traps are not.
        @Test func fuzzedAnswersNeverTrap() throws {
            let samples = [
                #"{"id":"sandbox-cc56ac8a","name":"n","env":{"A":"1"},"labels":{"code-toolbox-language":"python"},"public":true,"target":"eu","info":{"created":"2025","name":"n","providerMetadata":"{\"state\":\"started\",\"nodeDomain\":\"d\",\"cpu\":1,\"resources\":{\"cpu\":2}}"},"cpu":1,"autoStopInterval":15}"#,
                #"{"currentBranch":"main","fileStatus":[{"name":"a","staging":"Modified","worktree":"Untracked","extra":""}],"ahead":1}"#,
                #"[{"name":"a","isDir":false,"size":1,"modTime":"x","mode":"-rw","permissions":"0644","owner":"1","group":"1"}]"#,
                #"{"isIncomplete":false,"items":[{"label":"p","kind":3,"documentation":{"kind":"md","value":"v"}}]}"#,
                #"[{"kind":12,"name":"main","location":{"uri":"file:///a","range":{"start":{"line":1,"character":0},"end":{"line":2,"character":1}}}}]"#,
                #"{"exitCode":0,"result":"hello\nworld","code":3}"#,
            ]
            var generator = SplitMix64(seed: 0xDA17_0A)
            let decoder = JSONDecoder()
            var decoded = 0
            var execDecoded = 0
            let alphabet = Array(#"{}[]":,0-9.eE\"#.utf8)
            for iteration in 0..<5_000 {
                var bytes = Array(samples[iteration % samples.count].utf8)
                for _ in 0..<(1 + Int(generator.next() % 4)) {
                    let position = Int(generator.next() % UInt64(max(bytes.count, 1)))
                    switch generator.next() % 4 {
                    case 0 where !bytes.isEmpty: bytes[position] = UInt8(truncatingIfNeeded: generator.next())
                    case 1 where !bytes.isEmpty: bytes.remove(at: position)
                    case 2: bytes.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: min(position, bytes.count))
                    default: bytes = Array(bytes.prefix(position))
                    }
                }
                let data = Data(bytes)
                if (try? V014.decode(SandboxInfo.self, from: data)) != nil { decoded += 1 }
                _ = try? V014.decode([SandboxInfo].self, from: data)
                _ = try? V014.decode(GitStatus.self, from: data)
                _ = try? V014.decode([FileInfo].self, from: data)
                _ = try? V014.decode(CompletionList.self, from: data)
                _ = try? V014.decode([LSPSymbol].self, from: data)
                _ = APIClient.serverMessage(from: data)
                // What decodes survives the trip through the public models' own Codable form.
                if let info = try? V014.decode(SandboxInfo.self, from: data) {
                    let again = try decoder.decode(SandboxInfo.self, from: try JSONEncoder().encode(info))
                    #expect(again == info, "mutation \(iteration)")
                }
                if (try? V014.decode(ExecuteResponse.self, from: data)) != nil { execDecoded += 1 }
            }
            #expect(decoded > 100, "some mutations stay valid JSON and still decode")
            #expect(execDecoded > 100)
        }
    }
}

/// Deterministic pseudo-random numbers for the fuzz test.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct SecretMatrixTests {
    /// Every endpoint, answered with an error that echoes the request's Authorization header:
    /// the key never survives into the error.
    @Test(arguments: WireTableTests.allCases)
    func apiKeyNeverLeaks(_ row: WireCase) async throws {
        let key = "dtn_matrix_secret_0123456789"
        let stub = DaytonaStub(apiKey: key)
        stub.onAnyOtherRequest { request in
            .apiError(400, message: "rejected \(request.header("Authorization") ?? "") for \(request.path)")
        }
        let daytona = client(stub, retry: .none)
        do {
            try await row.call(daytona, sandboxHandle(daytona))
            Issue.record("expected a failure")
        } catch let error as DaytonaError {
            var dumped = ""
            dump(error, to: &dumped)
            for text in [
                error.message, error.debugDescription, error.serverMessage ?? "",
                String(decoding: error.responseBody ?? Data(), as: UTF8.self), dumped,
            ] {
                #expect(!text.contains(key), "\(row.id) leaked: \(text)")
            }
            #expect(error.message.contains("Bearer <redacted>"), "\(row.id): \(error.message)")
        }
    }
}

extension TimingSensitive {
    @Suite struct ConcurrencyTests {
        @Test func thousandConcurrentCallsOnOneClient() async throws {
            let stub = DaytonaStub()
            stub.on(.get, "/workspace/{id}") { request in
                .workspace(id: String(request.path.dropFirst("/workspace/".count)))
            }
            let daytona = stub.makeClient(api: .v0_14)
            let ids = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for index in 0..<1_000 {
                    group.addTask { (index, try await daytona.sandbox(id: "w\(index)").id) }
                }
                var results: [Int: String] = [:]
                for try await (index, id) in group { results[index] = id }
                return results
            }
            #expect(ids.count == 1_000)
            #expect(ids.allSatisfy { $0.value == "w\($0.key)" })
            #expect(stub.requests.count == 1_000)
        }
    }
}

@Suite struct HeaderTests {
    /// The transport returns every header field, names lower-cased.
    @Test func transportReturnsEveryHeaderField() async throws {
        let stub = DaytonaStub()
        let headers = ["Content-Type": "application/json", "Retry-After": "1", "X-Request-ID": "abc", "Date": "today"]
        stub.on(.get, "/workspace/{id}", respond: .answer(status: 200, headers: headers, body: Data(#"{"id":"w"}"#.utf8)))
        let transport = URLSessionTransport(configuration: stub.sessionConfiguration)
        let url = try #require(URL(string: stub.configuration(api: .v0_14).apiURL.absoluteString + "/workspace/w"))
        let full = try await transport.send(HTTPRequest(method: .get, url: url))
        #expect(full.header("X-Request-ID") == "abc" && full.header("date") == "today")
        #expect(full.header("Content-Type") == "application/json" && full.headers["retry-after"] == "1")
        #expect(try await full.body.collect(upTo: 100) == Data(#"{"id":"w"}"#.utf8))
    }
}
