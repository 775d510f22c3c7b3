import Daytona
import DaytonaExamples
import DaytonaLocal
import Foundation
import Testing

/// Every example's flow, run against the local backend, with its output asserted line by line.
@Suite struct ExampleTests {
    /// Runs `flow` against a new local backend, speaking `api` (0.14 unless asked: the SDK's
    /// toolbox calls for today's API are being rewritten).
    func run(
        api: DaytonaConfiguration.APIVersion = .v0_14, _ flow: (DaytonaClient, (String) -> Void) async throws -> Void
    ) async throws -> [String] {
        let local = try LocalDaytona()
        var lines: [String] = []
        try await flow(local.makeClient(api: api)) { lines.append($0) }
        #expect(try await local.makeClient(api: api).list().isEmpty, "the example removes its sandbox")
        return lines
    }

    @Test func quickStart() async throws {
        let lines = try await run(Examples.quickStart)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("Created sandbox sandbox-"))
        #expect(lines[1] == #"exit code 0: Hello from Python, args: ["it's", 'quoted']"#)
        #expect(lines[2] == "Removed the sandbox")
    }

    /// A newcomer's first run: the quick start with the local backend's default API, today's.
    @Test func quickStartSpeaksTodaysAPI() async throws {
        let lines = try await run(api: .current, Examples.quickStart)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("Created sandbox "))
        #expect(UUID(uuidString: String(lines[0].dropFirst("Created sandbox ".count))) != nil, "today's API makes UUIDs")
        #expect(lines[1] == #"exit code 0: Hello from Python, args: ["it's", 'quoted']"#)
        #expect(lines[2] == "Removed the sandbox")
    }

    @Test func exec() async throws {
        #expect(try await run(Examples.exec) == ["Hello World!", "Hello World from exec!"])
    }

    @Test func execSession() async throws {
        #expect(
            try await run(Examples.execSession) == [
                "Session exec-session-1 has 0 commands", "Session has 1 commands", "Command export FOO=BAR exited with 0", "Output: BAR",
                "Logs: BAR", #"Sessions: ["exec-session-1"]"#,
            ])
    }

    @Test func fileOperations() async throws {
        #expect(
            try await run(Examples.fileOperations) == [
                "Files: []", #"Matches: ["/home/daytona/new-dir/data.txt:1"]"#, "File content: Goodbye, World!", "File permissions: 0777",
                #"Search results: ["/home/daytona/moved-data.txt"]"#, #"Files after delete: ["new-dir"]"#,
            ])
    }

    @Test func gitLSP() async throws {
        let repository = try Examples.makeSampleRepository()
        defer { try? FileManager.default.removeItem(at: repository) }
        let lines = try await run { client, log in
            try await Examples.gitLSP(client, repository: repository.path, branch: nil, log: log)
        }
        #expect(
            lines == [
                #"Matches: ["/home/daytona/learn-typescript/src/classes.ts:7"]"#, "Fixed: true",
                "Language server: Failed to start LSP server: No language server for typescript is installed on this machine",
            ])
    }

    @Test func lifecycle() async throws {
        #expect(
            try await run(Examples.lifecycle) == [
                "Sandbox created", "Sandbox stopped: stopped", "Sandbox started: started", "Got sandbox back",
                "Hello World from exec!",
                "Total sandboxes count: 1", #"First sandbox: state started, labels ["public"]"#, "Sandbox removed",
            ])
    }
}
