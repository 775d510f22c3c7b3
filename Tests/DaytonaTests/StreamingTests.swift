import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

func temporaryFile(_ name: String = UUID().uuidString, contents: Data? = nil) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("daytona-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    if let contents { try contents.write(to: url) }
    return url
}

func randomData(_ count: Int, seed: UInt64) -> Data {
    var generator = SplitMix64(seed: seed)
    return Data((0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
}

@Suite struct TransferTests {
    @Test func uploadFromAFileSendsOneMultipartPart() async throws {
        let payload = randomData(3 << 20, seed: 1)
        let source = try temporaryFile("source.bin", contents: payload)
        defer { try? FileManager.default.removeItem(at: source.deletingLastPathComponent()) }
        let stub = DaytonaStub()
        stub.on(.post, "/toolbox/{id}/toolbox/files/upload", respond: .empty())
        let reports = Locked<[TransferProgress]>([])
        try await sandboxHandle(stub.makeClient(api: .v0_14)).fs.uploadFile(from: source, to: "/home/daytona/a b.bin") { progress in
            reports.withLock { $0.append(progress) }
        }
        let request = try #require(stub.requests.first)
        #expect(request.line == "POST \(tb)/files/upload?path=/home/daytona/a%20b.bin")
        let boundary = try #require(request.header("Content-Type")?.components(separatedBy: "boundary=").last)
        let (head, tail) = Multipart.frame(boundary: boundary)
        let intact = request.body == head + payload + tail
        #expect(intact, "the body is the file framed as one part (\(request.body.count) bytes)")
        let progress = reports.current
        #expect(progress.last == TransferProgress(bytesTransferred: Int64(payload.count), totalBytes: Int64(payload.count)))
        #expect(zip(progress, progress.dropFirst()).allSatisfy { $0.bytesTransferred <= $1.bytesTransferred })
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
            .filter { $0.hasPrefix("daytona-upload-\(boundary)") }
        #expect(leftovers.isEmpty, "the staged body is removed")
    }

    @Test func downloadToAFileStreamsInChunksWithProgress() async throws {
        let payload = randomData((2 << 20) + 123, seed: 2)
        let destination = try temporaryFile("out.bin", contents: Data("old".utf8))
        defer { try? FileManager.default.removeItem(at: destination.deletingLastPathComponent()) }
        let stub = DaytonaStub()
        stub.on(
            .get, "/toolbox/{id}/toolbox/files/download",
            respond: .answer(headers: ["Content-Length": "\(payload.count)"], body: payload).chunked(by: 256 << 10))
        let reports = Locked<[TransferProgress]>([])
        try await sandboxHandle(stub.makeClient(api: .v0_14)).fs.downloadFile(at: "/data/model.bin", to: destination) { progress in
            reports.withLock { $0.append(progress) }
        }
        let intact = try Data(contentsOf: destination) == payload
        #expect(intact)
        let progress = reports.current
        #expect(progress.count >= 8, "several chunks: \(progress.count)")
        #expect(progress.last == TransferProgress(bytesTransferred: Int64(payload.count), totalBytes: Int64(payload.count)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination.deletingLastPathComponent().path) == ["out.bin"])
        expectRequest(
            stub.requests.first, ExpectedRequest(method: "GET", path: tb + "/files/download", query: "path=/data/model.bin", accept: true))
    }

    @Test func cancelledDownloadLeavesNoPartialFile() async throws {
        let destination = try temporaryFile("never.bin")
        let directory = destination.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stub = DaytonaStub()
        stub.on(
            .get, "/toolbox/{id}/toolbox/files/download",
            respond: .stall(headers: [:], partialBody: randomData(512 << 10, seed: 3)).chunked(by: 64 << 10))
        let fs = sandboxHandle(stub.makeClient(api: .v0_14)).fs
        let started = AsyncStream<Void>.makeStream()
        let task = Task {
            try await fs.downloadFile(at: "/big", to: destination) { _ in started.continuation.yield() }
        }
        var iterator = started.stream.makeAsyncIterator()
        _ = await iterator.next()
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        #expect(stub.cancelledRequestCount == 1)
    }

    @Test func failedDownloadCreatesNothing() async throws {
        let destination = try temporaryFile("missing.bin")
        defer { try? FileManager.default.removeItem(at: destination.deletingLastPathComponent()) }
        let stub = DaytonaStub()
        stub.on(.get, "/toolbox/{id}/toolbox/files/download", respond: .apiError(404, message: "file not found"))
        let error = await daytonaError {
            try await sandboxHandle(stub.makeClient(api: .v0_14)).fs.downloadFile(at: "/nope", to: destination)
        }
        #expect(error?.category == .notFound)
        #expect(error?.message == "Failed to download file: file not found")
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination.deletingLastPathComponent().path).isEmpty)
    }
}

@Suite struct FollowTests {
    static let text = "héllo wörld ✓ 日本語\nsecond line 🚀\n"
    let logs = "/toolbox/{id}/toolbox/process/session/{sid}/command/{cid}/logs"
    let command = "/toolbox/{id}/toolbox/process/session/{sid}/command/{cid}"

    @Test func followsTheStreamAndSplitsUTF8Correctly() async throws {
        let stub = DaytonaStub()
        let bytes = Data(Self.text.utf8)
        stub.on(.get, logs) { request in
            request.query == "follow=true" ? .text(Self.text).chunked(by: 1) : .text(Self.text)
        }
        stub.on(.get, command, respond: .json(#"{"id":"c1","command":"build","exitCode":3}"#))
        let output = sandboxHandle(stub.makeClient(api: .v0_14)).process.followSessionCommand(sessionID: "s1", commandID: "c1")
        var chunks: [String] = []
        for try await chunk in output { chunks.append(chunk) }
        #expect(chunks.joined() == Self.text)
        #expect(chunks.count > 10, "delivered as it arrived")
        #expect(chunks.allSatisfy { !$0.contains("\u{FFFD}") })
        #expect(output.exitCode == 3)
        #expect(bytes.count > Self.text.count, "the text has multi-byte characters")
        let first = try #require(stub.requests.first)
        #expect(first.line == "GET \(tb)/process/session/s1/command/c1/logs?follow=true")
        #expect(first.header("Accept") == "text/plain")
    }

    @Test func fallsBackToPollingWithoutRepeatingOrDropping() async throws {
        let stub = DaytonaStub()
        let parts = ["step 1\n", "step 2 ü", "ber\n", "done\n"]
        let cumulative = parts.indices.map { StubResponse.text(parts[...$0].joined()) }
        let polled = Locked(0)
        stub.on(.get, logs) { request in
            if request.query == "follow=true" { return .apiError(400, message: "unknown query follow") }
            return polled.withLock { count in
                defer { count += 1 }
                return cumulative[min(count, cumulative.count - 1)]
            }
        }
        stub.on(
            .get, command,
            respond: [
                .json(#"{"id":"c1","command":"x"}"#), .json(#"{"id":"c1","command":"x"}"#),
                .json(#"{"id":"c1","command":"x","exitCode":null}"#), .json(#"{"id":"c1","command":"x","exitCode":0}"#),
            ])
        let output = sandboxHandle(stub.makeClient(api: .v0_14)).process.followSessionCommand(sessionID: "s1", commandID: "c1")
        var chunks: [String] = []
        for try await chunk in output { chunks.append(chunk) }
        #expect(chunks.joined() == parts.joined())
        #expect(output.exitCode == 0)
    }

    @Test func streamEndingEarlyContinuesByPolling() async throws {
        let stub = DaytonaStub()
        stub.on(.get, logs) { request in
            request.query == "follow=true" ? .text("first half, ") : .text("first half, second half")
        }
        stub.on(.get, command, respond: [.json(#"{"id":"c1","command":"x"}"#), .json(#"{"id":"c1","command":"x","exitCode":7}"#)])
        let output = sandboxHandle(stub.makeClient(api: .v0_14)).process.followSessionCommand(sessionID: "s1", commandID: "c1")
        var text = ""
        for try await chunk in output { text += chunk }
        #expect(text == "first half, second half")
        #expect(output.exitCode == 7)
    }

    @Test func stoppingTheConsumerStopsTheRequests() async throws {
        let stub = DaytonaStub()
        stub.on(.get, logs, respond: .stall(headers: ["Content-Type": "text/plain"], partialBody: Data("partial".utf8)))
        let output = sandboxHandle(stub.makeClient(api: .v0_14)).process.followSessionCommand(sessionID: "s1", commandID: "c1")
        let task = Task {
            var first: String?
            for try await chunk in output {
                first = chunk
                break
            }
            return first
        }
        let first = try await task.value
        #expect(first == "partial")
        await stub.waitForCancellations(count: 1)
        #expect(stub.cancelledRequestCount == 1)
    }
}

@Suite struct ScopedWorkspaceTests {
    func stub() -> DaytonaStub {
        let stub = DaytonaStub()
        stub.on(.post, "/workspace") { request in
            let id = (try? JSONSerialization.jsonObject(with: request.body) as? [String: Any])?["id"] as? String ?? "?"
            return .workspace(id: id, state: .started)
        }
        stub.on(.get, "/workspace/{id}") { request in .workspace(id: String(request.path.dropFirst("/workspace/".count))) }
        stub.on(.delete, "/workspace/{id}", respond: .empty())
        return stub
    }

    @Test func removesTheWorkspaceOnSuccessAndOnError() async throws {
        let stub = stub()
        let daytona = stub.makeClient(api: .v0_14)
        let value = try await daytona.withSandbox(CreateSandboxParams(id: "ok")) { sandbox in sandbox.id + "!" }
        #expect(value == "ok!")
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await daytona.withSandbox(CreateSandboxParams(id: "bad")) { _ in throw Boom() }
        }
        #expect(stub.requests.filter { $0.method == "DELETE" }.map(\.path) == ["/workspace/ok", "/workspace/bad"])
    }

    @Test func removesTheWorkspaceOnCancellation() async throws {
        let stub = stub()
        stub.on(.get, "/toolbox/{id}/toolbox/project-dir", respond: .never)
        let daytona = stub.makeClient(api: .v0_14)
        let task = Task {
            try await daytona.withSandbox(CreateSandboxParams(id: "cancelled")) { sandbox in
                try await sandbox.rootDirectory()
            }
        }
        await stub.waitForRequests(count: 2)
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(stub.requests.last?.line == "DELETE /workspace/cancelled?force=true")
    }

    /// Fan-out: many sandboxes on one client, at most `limit` at once, all removed even when
    /// some fail.
    @Test func fanOutWithBoundedConcurrency() async throws {
        let stub = stub()
        let daytona = stub.makeClient(api: .v0_14)
        let limit = 4
        let live = Locked((now: 0, peak: 0))
        struct Failed: Error { var index: Int }
        let results = await withTaskGroup(of: Result<String, any Error>.self) { group in
            var outcomes: [Result<String, any Error>] = []
            for index in 0..<20 {
                if index >= limit, let outcome = await group.next() { outcomes.append(outcome) }
                group.addTask {
                    await Result {
                        try await daytona.withSandbox(CreateSandboxParams(id: "fan-\(index)")) { sandbox in
                            live.withLock {
                                $0.now += 1
                                $0.peak = max($0.peak, $0.now)
                            }
                            defer { live.withLock { $0.now -= 1 } }
                            if index % 5 == 0 { throw Failed(index: index) }
                            return sandbox.id
                        }
                    }
                }
            }
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        #expect(results.count == 20)
        #expect(results.filter { (try? $0.get()) != nil }.count == 16)
        #expect(live.current.peak <= limit)
        #expect(Set(stub.requests.filter { $0.method == "DELETE" }.map(\.path)) == Set((0..<20).map { "/workspace/fan-\($0)" }))
    }
}

extension Result where Failure == any Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
