import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

/// A continuous clock that records every sleep it is asked for.
final class RecordingClock: Clock, @unchecked Sendable {
    typealias Instant = ContinuousClock.Instant
    private let base = ContinuousClock()
    private let recorded = Locked<[Duration]>([])
    var now: Instant { base.now }
    var minimumResolution: Duration { base.minimumResolution }
    var sleeps: [Duration] { recorded.current }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let duration = base.now.duration(to: deadline)
        recorded.withLock { $0.append(duration) }
        try await base.sleep(until: deadline, tolerance: tolerance)
    }
}

extension TimingSensitive {
    @Suite struct LifecycleTests {
        @Test func createPollsUntilStartedWithBackoff() async throws {
            let stub = DaytonaStub()
            stub.on(.post, "/workspace", respond: .workspace(id: "server-id", state: .creating))
            stub.on(
                .get, "/workspace/{id}",
                respond: [
                    .workspace(id: "server-id", state: .creating),
                    .workspace(id: "server-id", state: .pullingImage),
                    .workspace(id: "server-id", state: .started),
                ])
            let clock = RecordingClock()
            let client = DaytonaClient(
                configuration: stub.configuration(api: .v0_14), transport: URLSessionTransport(configuration: stub.sessionConfiguration),
                clock: clock)

            let sandbox = try await client.create(CreateSandboxParams(language: .typescript), timeout: nil)

            #expect(sandbox.id == "server-id")
            #expect(sandbox.codeLanguage == .typescript)
            #expect(
                stub.requests.map(\.line) == [
                    "POST /workspace", "GET /workspace/server-id", "GET /workspace/server-id", "GET /workspace/server-id",
                ])
            #expect(clock.sleeps.count == 2)
            #expect(clock.sleeps.first.map { $0 > .milliseconds(90) && $0 <= .milliseconds(100) } == true)
            #expect(clock.sleeps.last.map { $0 > .milliseconds(140) && $0 <= .milliseconds(150) } == true)
            let body = try #require(try JSONSerialization.jsonObject(with: stub.requests[0].body) as? [String: Any])
            #expect((body["id"] as? String)?.hasPrefix("sandbox-") == true)
            #expect((body["id"] as? String)?.count == 16)
            #expect(body["labels"] as? [String: String] == ["code-toolbox-language": "typescript"])
        }

        @Test func createSendsEveryParameter() async throws {
            let stub = DaytonaStub()
            stub.on(.post, "/workspace", respond: .workspace(id: "my-id", state: .started))
            stub.on(.get, "/workspace/{id}", respond: .workspace(id: "my-id", state: .started))
            let params = CreateSandboxParams(
                language: .typescript, id: "my-id", name: "nm", image: "img", osUser: "u", envVars: ["A": "1"],
                labels: ["l": "v"], isPublic: true, target: .eu, resources: SandboxResources(cpu: 2, gpu: 1, memory: 4, disk: 20),
                autoStopInterval: .zero)
            _ = try await stub.makeClient(api: .v0_14).create(params)
            expectRequest(
                stub.requests.first,
                ExpectedRequest(
                    method: "POST", path: "/workspace", accept: true, contentType: "application/json",
                    body:
                        #"{"autoStopInterval":0,"cpu":2,"disk":20,"env":{"A":"1"},"gpu":1,"id":"my-id","image":"img","labels":{"code-toolbox-language":"typescript","l":"v"},"memory":4,"name":"nm","public":true,"target":"eu","user":"u"}"#
                ))
        }

        @Test func errorStateFailsAtOnceAndRemovesTheCreatedWorkspace() async throws {
            let stub = DaytonaStub()
            stub.on(.post, "/workspace", respond: .workspace(id: "server-id", state: .creating))
            stub.on(.get, "/workspace/{id}", respond: .workspace(id: "server-id", state: .error, errorReason: "image pull failed"))
            stub.on(.delete, "/workspace/{id}", respond: .empty())
            let error = await daytonaError { _ = try await stub.makeClient(api: .v0_14).create() }
            #expect(error?.category == .sandboxFailed)
            #expect(
                error?.message
                    == "Failed to create sandbox: Failure during waiting for sandbox to start: Sandbox server-id failed to start with state: error, error reason: image pull failed"
            )
            #expect(stub.requests.map(\.line) == ["POST /workspace", "GET /workspace/server-id", "DELETE /workspace/server-id?force=true"])
        }

        @Test(arguments: [401, 409, 400])
        func refusedCreateNeverDeletesAnything(status: Int) async throws {
            let stub = DaytonaStub()
            stub.on(.post, "/workspace", respond: .apiError(status, message: "Image fail not found"))
            let error = await daytonaError { _ = try await stub.makeClient(api: .v0_14).create(CreateSandboxParams(id: "existing")) }
            #expect(error?.message == "Failed to create sandbox: Image fail not found")
            #expect(error?.statusCode == status)
            #expect(error?.category == DaytonaError.Category.forStatus(status))
            #expect(stub.requests.map(\.method) == ["POST"])
        }

        @Test func deadlineFiresWhileTheServerNeverAnswersThenCleansUp() async throws {
            let stub = DaytonaStub()
            stub.on(.post, "/workspace", respond: .workspace(id: "server-id", state: .creating))
            stub.on(.get, "/workspace/{id}", respond: .never)
            stub.on(.delete, "/workspace/{id}", respond: .empty())
            let clock = ContinuousClock()
            let start = clock.now
            let error = await daytonaError { _ = try await stub.makeClient(api: .v0_14).create(timeout: .milliseconds(300)) }
            let elapsed = start.duration(to: clock.now)
            #expect(error?.category == .timeout)
            #expect(error?.message == "Failed to create sandbox: Failed to create and start sandbox within 0.3 seconds timeout period.")
            #expect(elapsed < .milliseconds(300 + 100), "took \(elapsed), cleanup included")
            #expect(stub.cancelledRequestCount == 1)
            #expect(stub.requests.last?.line == "DELETE /workspace/server-id?force=true")
        }

        @Test func unansweredCreateRemovesOnlyAGeneratedID() async throws {
            let stub = DaytonaStub()
            stub.on(.post, "/workspace", respond: .never)
            stub.on(.delete, "/workspace/{id}", respond: .empty())
            let client = stub.makeClient(api: .v0_14)
            _ = await daytonaError { _ = try await client.create(timeout: .milliseconds(100)) }
            let generated = try #require(try JSONSerialization.jsonObject(with: stub.requests[0].body) as? [String: Any])["id"] as? String
            #expect(stub.requests.last?.line == "DELETE /workspace/\(generated ?? "?")?force=true")

            let other = DaytonaStub()
            other.on(.post, "/workspace", respond: .never)
            _ = await daytonaError {
                _ = try await other.makeClient(api: .v0_14).create(CreateSandboxParams(id: "mine"), timeout: .milliseconds(100))
            }
            #expect(other.requests.map(\.method) == ["POST"])
        }

        @Test func cancellationStopsPollingAndCleansUp() async throws {
            let stub = DaytonaStub()
            stub.on(.post, "/workspace", respond: .workspace(id: "server-id", state: .creating))
            stub.on(.get, "/workspace/{id}", respond: .never)
            stub.on(.delete, "/workspace/{id}", respond: .empty())
            let client = stub.makeClient(api: .v0_14)
            let task = Task { try await client.create(timeout: nil) }
            await stub.waitForRequests(count: 2)
            let clock = ContinuousClock()
            let cancelledAt = clock.now
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            #expect(cancelledAt.duration(to: clock.now) < .milliseconds(100))
            #expect(stub.cancelledRequestCount == 1)
            await stub.waitForRequests(count: 3)
            #expect(stub.requests.map(\.method) == ["POST", "GET", "DELETE"])
        }

        @Test func negativeTimeoutIsRejectedBeforeAnyRequest() async throws {
            let stub = DaytonaStub()
            let client = stub.makeClient(api: .v0_14)
            let sandbox = sandboxHandle(client)
            let errors = [
                await daytonaError { _ = try await client.create(timeout: .seconds(-1)) },
                await daytonaError { try await sandbox.start(timeout: .seconds(-1)) },
                await daytonaError { try await sandbox.waitUntilStopped(timeout: .milliseconds(-5)) },
                await daytonaError { try await client.remove(sandbox, timeout: .seconds(-1)) },
                await daytonaError { try await sandbox.setAutoStopInterval(.seconds(-60)) },
                await daytonaError { _ = try await client.create(CreateSandboxParams(autoStopInterval: .seconds(-60))) },
                await daytonaError { _ = try await client.create(CreateSandboxParams(language: "ruby")) },
                await daytonaError { _ = try await client.sandbox(id: "") },
            ]
            #expect(errors.allSatisfy { $0?.category == .invalidArgument })
            #expect(errors[0]?.message == "Failed to create sandbox: Timeout must be a non-negative duration or nil.")
            #expect(errors[6]?.message == "Failed to create sandbox: Unsupported language: ruby")
            #expect(stub.requests.isEmpty)
        }

        @Test func startAndStopPollTheirTargetState() async throws {
            let stub = DaytonaStub()
            stub.on(.post, "/workspace/{id}/start", respond: .empty())
            stub.on(
                .get, "/workspace/{id}", respond: [.workspace(id: hostileID, state: .starting), .workspace(id: hostileID, state: .started)])
            let client = stub.makeClient(api: .v0_14)
            let sandbox = sandboxHandle(client)
            try await client.start(sandbox)
            #expect(stub.requests.map(\.line) == ["POST \(ws)/start", "GET \(ws)", "GET \(ws)"])

            stub.on(.post, "/workspace/{id}/stop", respond: .empty())
            stub.on(.get, "/workspace/{id}", respond: .workspace(id: hostileID, state: .error))
            let error = await daytonaError { try await sandbox.stop() }
            #expect(
                error?.message
                    == "Failed to stop sandbox: Failure during waiting for sandbox to stop: Sandbox \(hostileID) failed to stop with status: error, error reason: None"
            )
        }

        @Test func waitDeadlineHoldsWhileTheServerNeverAnswers() async throws {
            let stub = DaytonaStub()
            stub.on(.get, "/workspace/{id}", respond: .never)
            let sandbox = sandboxHandle(stub.makeClient(api: .v0_14), id: "w")
            let clock = ContinuousClock()
            let start = clock.now
            let error = await daytonaError { try await sandbox.waitUntilStarted(timeout: .milliseconds(200)) }
            #expect(start.duration(to: clock.now) < .milliseconds(200 + 100))
            #expect(
                error?.message
                    == "Failure during waiting for sandbox to start: Sandbox w failed to start within the 0.2 seconds timeout period")
            #expect(stub.cancelledRequestCount == 1)
        }

        @Test func startDeadlineMessage() async throws {
            let stub = DaytonaStub()
            stub.on(.post, "/workspace/{id}/start", respond: .empty())
            stub.on(.get, "/workspace/{id}", respond: .workspace(id: "w", state: .stopped))
            let sandbox = sandboxHandle(stub.makeClient(api: .v0_14), id: "w")
            let error = await daytonaError { try await sandbox.start(timeout: .milliseconds(250)) }
            #expect(error?.category == .timeout)
            #expect(error?.message == "Failed to start sandbox: Sandbox w failed to start within the 0.25 seconds timeout period")
        }

        @Test func missingMetadataKeepsPolling() async throws {
            let stub = DaytonaStub()
            stub.on(
                .get, "/workspace/{id}",
                respond: [
                    .json(#"{"id":"w","info":null}"#),
                    .json(#"{"id":"w","info":{"created":"x","name":"w","providerMetadata":null}}"#),
                    .json(#"{"id":"w","info":{"created":"x","name":"w","providerMetadata":"not json"}}"#),
                    .workspace(id: "w", state: .started),
                ])
            try await sandboxHandle(stub.makeClient(api: .v0_14), id: "w").waitUntilStarted(timeout: .seconds(5))
            #expect(stub.requests.count == 4)
        }

        @Test func listKeepsUnknownLanguageLabels() async throws {
            let stub = DaytonaStub()
            stub.on(
                .get, "/workspace",
                respond: .json(
                    #"[{"id":"a","labels":{"code-toolbox-language":"ruby"}},{"id":"b","labels":{"code-toolbox-language":"javascript"}},{"id":"c","labels":null}]"#
                ))
            let list = try await stub.makeClient(api: .v0_14).list()
            #expect(list.map(\.codeLanguage) == ["ruby", .javascript, .python])
            let error = await daytonaError { _ = try await list[0].process.codeRun("puts 1") }
            #expect(error?.message == "Failed to execute command: Unsupported language: ruby")
        }

        @Test func previewLink() async throws {
            let stub = DaytonaStub()
            stub.on(.get, "/workspace/{id}", respond: .workspace(id: "sandbox-cc56ac8a", nodeDomain: "node1.daytona.work"))
            let sandbox = try await stub.makeClient(api: .v0_14).sandbox(id: "sandbox-cc56ac8a")
            let link = try await sandbox.previewLink(port: 3000)
            #expect(link == PreviewLink(url: try #require(URL(string: "https://3000-sandbox-cc56ac8a.node1.daytona.work")), token: nil))
            await #expect(throws: DaytonaError.self) { try await sandbox.previewLink(port: 0) }
            let bare = Sandbox(info: SandboxInfo(id: "x"), api: sandbox.api)
            let error = await daytonaError { _ = try await bare.previewLink(port: 80) }
            #expect(error?.message == "Failed to get preview link: Node domain not found in provider metadata. Please contact support.")
            // No request beyond the lookup: 0.14 links are built from the node domain.
            #expect(stub.requests.count == 1)
        }
    }
}
