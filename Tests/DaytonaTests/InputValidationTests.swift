import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

@Suite struct InputValidationTests {
    @Test func badInputFailsBeforeAnyRequest() async throws {
        let stub = DaytonaStub()
        let sandbox = sandboxHandle(stub.makeClient(api: .v0_14))
        let lsp = sandbox.makeLSPServer(language: .python, projectPath: "/repo")
        let calls: [(String, @Sendable () async throws -> Void)] = [
            ("empty path", { _ = try await sandbox.fs.listFiles(in: "") }),
            ("empty download", { _ = try await sandbox.fs.downloadFile(at: "") }),
            ("bad mode", { try await sandbox.fs.createFolder(at: "/a", mode: "999") }),
            ("bad permission mode", { try await sandbox.fs.setFilePermissions(at: "/a", mode: "rwx") }),
            ("empty move", { try await sandbox.fs.moveFile(from: "", to: "/b") }),
            ("no files", { _ = try await sandbox.fs.replaceInFiles([], pattern: "a", newValue: "b") }),
            ("empty search", { _ = try await sandbox.fs.searchFiles(in: "/", pattern: "") }),
            ("empty command", { _ = try await sandbox.process.exec("  ") }),
            ("negative exec timeout", { _ = try await sandbox.process.exec("ls", timeout: .seconds(-1)) }),
            ("empty session", { try await sandbox.process.createSession("") }),
            ("empty command id", { _ = try await sandbox.process.sessionCommandLogs(sessionID: "s", commandID: "") }),
            (
                "empty session command",
                { _ = try await sandbox.process.executeSessionCommand(SessionExecuteRequest(command: ""), sessionID: "s") }
            ),
            ("empty git path", { _ = try await sandbox.git.status(in: "") }),
            ("no git files", { try await sandbox.git.add([], in: "/r") }),
            ("empty clone url", { try await sandbox.git.clone(url: "", to: "/r") }),
            ("negative position", { _ = try await lsp.completions("/repo/a.py", at: Position(line: -1, character: 0)) }),
            ("empty document", { try await lsp.didOpen("") }),
            ("negative resources", { try await sandbox.resize(SandboxResources(cpu: -1)) }),
        ]
        for (name, call) in calls {
            let error = await daytonaError { try await call() }
            #expect(error?.category == .invalidArgument, "\(name)")
        }
        #expect(stub.requests.isEmpty)
    }

    @Test func execTimeoutRoundsUpToWholeSeconds() async throws {
        let stub = DaytonaStub()
        stub.on(.post, "/toolbox/{id}/toolbox/process/execute", respond: .executeResult(result: ""))
        let process = sandboxHandle(stub.makeClient(api: .v0_14)).process
        _ = try await process.exec("a", timeout: .milliseconds(1))
        _ = try await process.exec("b", timeout: .zero)
        _ = try await process.exec("c", timeout: .seconds(3))
        #expect(
            stub.requests.map(\.bodyText) == [
                #"{"command":"a","timeout":1}"#, #"{"command":"b","timeout":0}"#, #"{"command":"c","timeout":3}"#,
            ])
    }

    @Test func percentEncodingMatchesTheReference() {
        #expect(PercentEncoding.pathSegment("a/b c:d") == "a%2Fb%20c%3Ad")
        #expect(PercentEncoding.queryValue("/a b+c&d=e?f#g%h*ü~._-") == "/a%20b%2Bc%26d%3De%3Ff%23g%25h%2A%C3%BC~._-")
        #expect(PercentEncoding.query([("a", "1"), ("b", nil), ("c", "x y")]) == "a=1&c=x%20y")
    }
}

extension InputValidationTests {
    @Test func largeFilesRoundTrip() async throws {
        let stub = DaytonaStub()
        var generator = SplitMix64(seed: 7)
        let payload = Data((0..<(6 << 20)).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        stub.on(.post, "/toolbox/{id}/toolbox/files/upload", respond: .empty())
        stub.on(.get, "/toolbox/{id}/toolbox/files/download", respond: .data(payload))
        let fs = sandboxHandle(stub.makeClient(api: .v0_14)).fs
        try await fs.uploadFile(payload, to: "/tmp/big file ü.bin")
        let body = try #require(stub.requests.first?.body)
        let headerEnd = try #require(body.range(of: Data("\r\n\r\n".utf8)))
        let trailerStart = try #require(body.range(of: Data("\r\n--".utf8), options: .backwards))
        let sent = body[headerEnd.upperBound..<trailerStart.lowerBound] == payload
        #expect(sent)
        let received = try await fs.downloadFile(at: "/tmp/big file ü.bin") == payload
        #expect(received)
    }
}
