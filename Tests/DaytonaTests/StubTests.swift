import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

/// The stub itself: chunked and late answers, descriptions, canned answers, and many clients at
/// once.
@Suite struct StubTests {
    let logs = "/toolbox/{id}/toolbox/process/session/{sid}/command/{cid}/logs"
    let command = "/toolbox/{id}/toolbox/process/session/{sid}/command/{cid}"

    // MARK: Chunked answers

    @Test(arguments: [1, 7])
    func chunkedAnswersDecodeLikeAnyOther(chunkSize: Int) async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace/{id}", respond: .workspace(id: "ws-1", state: .stopped).chunked(by: chunkSize))
        let sandbox = try await stub.makeClient(api: .v0_14).sandbox(id: "ws-1")
        #expect(sandbox.id == "ws-1")
        #expect(sandbox.lastKnownInfo.state == .stopped)
        #expect(sandbox.lastKnownInfo.nodeDomain == "node-us-1.daytona.test")
    }

    @Test(arguments: [1, 7])
    func delayedChunkedAnswersDecodeLikeAnyOther(chunkSize: Int) async throws {
        let stub = DaytonaStub()
        stub.on(
            .get, "/workspace/{id}",
            respond: .workspace(id: "ws-1", state: .started).chunked(by: chunkSize).delayed(by: .milliseconds(1)))
        let sandbox = try await stub.makeClient(api: .v0_14).sandbox(id: "ws-1")
        #expect(sandbox.lastKnownInfo.state == .started)
    }

    @Test func chunkedStreamedAnswersStillArriveChunkByChunk() async throws {
        let stub = DaytonaStub()
        let text = String(repeating: "line of output\n", count: 20)
        stub.on(.get, logs) { request in
            request.query == "follow=true" ? .text(text).chunked(by: 7) : .text(text)
        }
        stub.on(.get, command, respond: .json(#"{"id":"c1","command":"build","exitCode":0}"#))
        let output = sandboxHandle(stub.makeClient(api: .v0_14)).process.followSessionCommand(sessionID: "s1", commandID: "c1")
        var chunks: [String] = []
        for try await chunk in output { chunks.append(chunk) }
        #expect(chunks.joined() == text)
        #expect(chunks.count > 1, "delivered as it arrived")
        #expect(chunks.allSatisfy { $0.utf8.count <= 7 })
    }

    @Test func liveStreamsDecodeWhenBuffered() async throws {
        let stub = DaytonaStub()
        let body = Data(#"{"exitCode":0,"result":"streamed"}"#.utf8)
        stub.on(.post, "/toolbox/{id}/toolbox/process/execute") { _ in
            let (stream, continuation) = AsyncStream<Data>.makeStream()
            for byte in body { continuation.yield(Data([byte])) }
            continuation.finish()
            return .streaming(headers: ["Content-Type": "application/json"], stream)
        }
        let response = try await sandboxHandle(stub.makeClient(api: .v0_14)).process.exec("true")
        #expect(response.result == "streamed")
    }

    // MARK: Descriptions

    @Test func responsesDescribeThemselvesBriefly() {
        #expect(StubResponse.json(#"{"a":1}"#).description == "200 application/json (7 bytes)")
        #expect(StubResponse.empty(status: 204).description == "204 (0 bytes)")
        #expect(StubResponse.failure(.cannotConnectToHost).description == "transport failure (URLError -1004)")
        #expect(StubResponse.never.description == "never answers")
        #expect(StubResponse.text("x").chunked(by: 1).description == "200 text/plain; charset=utf-8 (1 byte), in 1 byte chunks")
        #expect(StubResponse.empty().delayed(by: .milliseconds(500)).description == "200 (0 bytes), after 0.5 seconds")
        #expect(StubResponse.later { .empty() }.description == "computed later")
        #expect(String(reflecting: StubResponse.never) == "never answers")
    }

    @Test func requestsDescribeThemselvesWithoutSecrets() async throws {
        let stub = DaytonaStub(apiKey: "secret-key-123")
        stub.on(.delete, "/workspace/{id}", respond: .empty())
        try await stub.makeClient(api: .v0_14).remove(sandboxHandle(stub.makeClient(api: .v0_14), id: "ws-1"))
        let request = try #require(stub.requests.first)
        #expect(request.header("Authorization") == "Bearer secret-key-123")
        #expect(request.description == "DELETE /workspace/ws-1?force=true")
        #expect(!String(reflecting: request).contains("secret-key-123"))
        #expect(!String(describing: request).contains("secret-key-123"))
    }

    @Test func aMissingStubNamesTheRequest() async throws {
        let stub = DaytonaStub()
        let error = await daytonaError { _ = try await stub.makeClient(api: .v0_14).sandbox(id: "ws-9") }
        #expect(error?.message.contains("No stub for GET /workspace/ws-9") == true)
        #expect(stub.unmatchedRequests.map(\.description) == ["GET /workspace/ws-9"])
    }

    // MARK: Canned answers

    @Test func cannedWorkspacesCarryTheirAutoStopInterval() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace/{id}", respond: .workspace(id: "ws-1", autoStopInterval: .seconds(30 * 60)))
        stub.on(.get, "/workspace", respond: .workspaces(["a", "b"], state: .stopped))
        let daytona = stub.makeClient(api: .v0_14)
        let info = try await daytona.sandbox(id: "ws-1").lastKnownInfo
        #expect(info.autoStopInterval == .seconds(30 * 60))
        #expect(info.codeLanguage == .python)
        #expect(info.image == "daytonaio/workspace:latest")
        let listed = try await daytona.list()
        #expect(listed.map(\.id) == ["a", "b"])
        #expect(listed.allSatisfy { $0.lastKnownInfo.state == .stopped && $0.lastKnownInfo.autoStopInterval == .seconds(15 * 60) })
    }

    @Test func cannedToolboxAnswersDecode() async throws {
        let stub = DaytonaStub()
        stub.on(.post, "/toolbox/{id}/toolbox/process/execute", respond: .executeResult(exitCode: 2, result: "boom"))
        stub.on(.get, "/toolbox/{id}/toolbox/files/info", respond: .fileInfo(name: "src", isDir: true, size: 4096))
        stub.on(.get, "/toolbox/{id}/toolbox/files", respond: .fileList(["a.txt", "b.txt"]))
        stub.on(.get, "/toolbox/{id}/toolbox/git/status", respond: .gitStatus(branch: "dev", modified: ["x.swift"]))
        stub.on(.get, "/toolbox/{id}/toolbox/process/session/{sid}", respond: .session(id: "s1", commandIDs: ["c1", "c2"]))
        stub.on(.get, "/toolbox/{id}/toolbox/project-dir", respond: .projectDirectory("/home/me"))
        let sandbox = sandboxHandle(stub.makeClient(api: .v0_14))

        let run = try await sandbox.process.exec("false")
        #expect(run.exitCode == 2)
        #expect(run.result == "boom")
        let file = try await sandbox.fs.fileInfo(at: "src")
        #expect(file.isDir && file.size == 4096 && file.name == "src")
        #expect(try await sandbox.fs.listFiles(in: ".").map(\.name) == ["a.txt", "b.txt"])
        let status = try await sandbox.git.status(in: ".")
        #expect(status.currentBranch == "dev")
        #expect(status.fileStatus.map(\.name) == ["x.swift"])
        let session = try await sandbox.process.session("s1")
        #expect(session.sessionID == "s1")
        #expect(session.commands.map(\.id) == ["c1", "c2"])
        #expect(session.commands.allSatisfy { $0.exitCode == 0 })
        #expect(try await sandbox.rootDirectory() == "/home/me")
    }
}

/// Many clients at once, each with late, chunked, computed and streamed answers and with
/// requests cancelled while their answer is pending: the stub must deliver every answer, in
/// order, on the URL loading system's terms (run it under `--sanitize=thread` too).
@Suite struct StubStressTests {
    static let logs = "/toolbox/{id}/toolbox/process/session/{sid}/command/{cid}/logs"
    static let command = "/toolbox/{id}/toolbox/process/session/{sid}/command/{cid}"
    static let lines = (0..<20).map { "line \($0)\n" }

    @Test(arguments: 0..<4)
    func manyClientsWithLateAndStreamedAnswers(round: Int) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<12 {
                group.addTask { try await Self.exercise(client: client) }
            }
            try await group.waitForAll()
        }
    }

    static func exercise(client: Int) async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace/{id}") { request in
            let id = request.path.split(separator: "/").last.map(String.init) ?? ""
            return .workspace(id: id).chunked(by: 1 + id.count % 7).delayed(by: .microseconds(100 * (id.count % 5)))
        }
        stub.on(.post, "/toolbox/{id}/toolbox/process/execute") { request in
            let command = request.bodyText
            return .later { .executeResult(result: command).chunked(by: 3) }
        }
        stub.on(.get, logs) { _ in
            let (stream, continuation) = AsyncStream<Data>.makeStream()
            for line in lines { continuation.yield(Data(line.utf8)) }
            continuation.finish()
            return .streaming(headers: ["Content-Type": "text/plain"], stream)
        }
        stub.on(.get, command, respond: .json(#"{"id":"c1","command":"build","exitCode":0}"#))
        let daytona = stub.makeClient(api: .v0_14)
        let sandbox = sandboxHandle(daytona)

        try await withThrowingTaskGroup(of: Void.self) { group in
            for call in 0..<6 {
                group.addTask {
                    let id = "ws-\(client)-\(call)"
                    let fetched = try await daytona.sandbox(id: id)
                    #expect(fetched.id == id)
                }
            }
            for call in 0..<3 {
                group.addTask {
                    let response = try await sandbox.process.exec("echo \(client) \(call)")
                    #expect(response.result.contains("echo \(client) \(call)"))
                }
            }
            for _ in 0..<2 {
                group.addTask {
                    let output = sandbox.process.followSessionCommand(sessionID: "s1", commandID: "c1")
                    var text = ""
                    for try await chunk in output { text += chunk }
                    #expect(text == lines.joined())
                }
            }
            try await group.waitForAll()
        }
        try await cancelPendingAnswers()
    }

    /// Requests cancelled while the stub waits, computes or streams their answer.
    static func cancelPendingAnswers() async throws {
        let stub = DaytonaStub()
        let (endless, feed) = AsyncStream<Data>.makeStream()
        feed.yield(Data("first\n".utf8))
        stub.on(.get, "/workspace/{id}", respond: .workspace(id: "slow").delayed(by: .seconds(600)))
        stub.on(.get, logs, respond: .streaming(headers: ["Content-Type": "text/plain"], endless))
        let sandbox = sandboxHandle(stub.makeClient(api: .v0_14))

        let slow = Task { try await stub.makeClient(api: .v0_14).sandbox(id: "slow") }
        await stub.waitForRequests(count: 1)
        slow.cancel()
        await #expect(throws: CancellationError.self) { _ = try await slow.value }

        let output = sandbox.process.followSessionCommand(sessionID: "s1", commandID: "c1")
        for try await chunk in output {
            #expect(chunk == "first\n")
            break
        }
        await stub.waitForCancellations(count: 2)
        feed.finish()
        #expect(stub.cancelledRequestCount == 2)
    }
}
