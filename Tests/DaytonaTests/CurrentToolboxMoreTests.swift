import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

private let toolbox = "/toolbox/sb-1"
private let json = "application/json"

/// More rows of today's toolbox wire table: git configuration and credentials, clone and
/// push and pull options, the entry-point session and system metrics.
let currentToolboxMoreCases: [CurrentCase] = [
    CurrentCase(
        "G6 shallow, unverified clone", .post, "/toolbox/{id}/git/clone", .empty(),
        expect: .init(
            method: "POST", path: toolbox + "/git/clone", accept: json, contentType: json,
            body: #"{"depth":1,"insecure_skip_tls":true,"path":"/repo","url":"https://x/y.git"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.clone(url: "https://x/y.git", to: "/repo", depth: 1, skipTLSVerification: true)
    },
    CurrentCase(
        "G9 pull from a remote's branch", .post, "/toolbox/{id}/git/pull", .empty(),
        expect: .init(
            method: "POST", path: toolbox + "/git/pull", accept: json, contentType: json,
            body: #"{"branch":"main","path":"/repo","remote":"upstream"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.pull(in: "/repo", remote: "upstream", branch: "main")
    },
    CurrentCase(
        "G10 push, setting the upstream", .post, "/toolbox/{id}/git/push", .empty(),
        expect: .init(
            method: "POST", path: toolbox + "/git/push", accept: json, contentType: json,
            body: #"{"branch":"feat","path":"/repo","remote":"origin","set_upstream":true}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.push(in: "/repo", remote: "origin", branch: "feat", setUpstream: true)
    },
    CurrentCase(
        "G17 config", .get, "/toolbox/{id}/git/config", .json(#"{"value":"Jane Doe"}"#),
        expect: .init(method: "GET", path: toolbox + "/git/config", query: "key=user.name&path=/repo&scope=local", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let value = try await sandbox.git.config("user.name", scope: .local, in: "/repo")
        #expect(value == "Jane Doe")
    },
    CurrentCase(
        "G17 config, unset", .get, "/toolbox/{id}/git/config", .json(#"{"value":null}"#),
        expect: .init(method: "GET", path: toolbox + "/git/config", query: "key=pull.rebase", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let value = try await sandbox.git.config("pull.rebase")
        #expect(value == nil)
    },
    CurrentCase(
        "G18 set config", .post, "/toolbox/{id}/git/config", .empty(),
        expect: .init(
            method: "POST", path: toolbox + "/git/config", accept: json, contentType: json,
            body: #"{"key":"pull.rebase","scope":"global","value":"true"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.setConfig("pull.rebase", to: "true", scope: .global)
    },
    CurrentCase(
        "G20 credentials", .post, "/toolbox/{id}/git/credentials", .empty(),
        expect: .init(
            method: "POST", path: toolbox + "/git/credentials", accept: json, contentType: json,
            body: #"{"host":"gitlab.com","password":"tok","username":"u"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.storeCredentials(username: "u", password: "tok", host: "gitlab.com")
    },
    CurrentCase(
        "E9 entry-point session", .get, "/toolbox/{id}/process/session/entrypoint", .session(id: "entrypoint", commandIDs: ["c1"]),
        expect: .init(method: "GET", path: toolbox + "/process/session/entrypoint", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let session = try await sandbox.process.entrypointSession()
        #expect(session.sessionID == "entrypoint")
        #expect(session.commands.map(\.id) == ["c1"])
    },
    CurrentCase(
        "E10 entry-point logs", .get, "/toolbox/{id}/process/session/entrypoint/logs",
        .json(#"{"output":"\u0001\u0001\u0001ready\n\u0002\u0002\u0002warn\n","stdout":"ready\n","stderr":"warn\n"}"#),
        expect: .init(method: "GET", path: toolbox + "/process/session/entrypoint/logs", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let logs = try await sandbox.process.entrypointLogs()
        #expect(logs == SessionCommandLogs(output: "ready\nwarn\n", stdout: "ready\n", stderr: "warn\n"))
    },
    CurrentCase(
        "Y1 terminal sessions", .get, "/toolbox/{id}/process/pty",
        .json(
            #"{"sessions":[{"id":"p1","cwd":"/home/daytona","envs":{"TERM":"xterm"},"cols":80,"rows":24,"createdAt":"t","active":true,"lazyStart":false}]}"#
        ),
        expect: .init(method: "GET", path: toolbox + "/process/pty", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let sessions = try await sandbox.process.ptySessions()
        #expect(
            sessions == [
                PTYSession(
                    id: "p1", cwd: "/home/daytona", environment: ["TERM": "xterm"], columns: 80, rows: 24, createdAt: "t", isActive: true)
            ])
    },
    CurrentCase(
        "Y3 terminal session", .get, "/toolbox/{id}/process/pty/{sid}",
        .json(#"{"id":"p 1","cwd":"/","cols":80,"rows":24,"active":false}"#),
        expect: .init(method: "GET", path: toolbox + "/process/pty/p%201", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let session = try await sandbox.process.ptySession("p 1")
        #expect(session.isActive == false)
    },
    CurrentCase(
        "Y6 resize a terminal", .post, "/toolbox/{id}/process/pty/{sid}/resize",
        .json(#"{"id":"p1","cwd":"/","cols":120,"rows":40,"active":true}"#),
        expect: .init(
            method: "POST", path: toolbox + "/process/pty/p1/resize", accept: json, contentType: json, body: #"{"cols":120,"rows":40}"#)
    ) { (sandbox: Sandbox) async throws in
        let session = try await sandbox.process.resizePTYSession("p1", columns: 120, rows: 40)
        #expect(session.columns == 120)
    },
    CurrentCase(
        "Y4 kill a terminal", .delete, "/toolbox/{id}/process/pty/{sid}", .json(#"{"message":"PTY session deleted"}"#),
        expect: .init(method: "DELETE", path: toolbox + "/process/pty/p1", accept: json)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.process.killPTYSession("p1")
    },
    CurrentCase(
        "K2 create an interpreter context", .post, "/toolbox/{id}/process/interpreter/context",
        .json(#"{"id":"ctx-1","cwd":"/tmp","language":"python","createdAt":"t","active":true}"#),
        expect: .init(
            method: "POST", path: toolbox + "/process/interpreter/context", accept: json, contentType: json, body: #"{"cwd":"/tmp"}"#)
    ) { (sandbox: Sandbox) async throws in
        let context = try await sandbox.codeInterpreter.createContext(cwd: "/tmp")
        #expect(context == InterpreterContext(id: "ctx-1", cwd: "/tmp", createdAt: "t", isActive: true))
    },
    CurrentCase(
        "K1 interpreter contexts", .get, "/toolbox/{id}/process/interpreter/context",
        .json(#"{"contexts":[{"id":"ctx-1","cwd":"/tmp","language":"python","createdAt":"t","active":true}]}"#),
        expect: .init(method: "GET", path: toolbox + "/process/interpreter/context", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let contexts = try await sandbox.codeInterpreter.contexts()
        #expect(contexts.map(\.id) == ["ctx-1"])
    },
    CurrentCase(
        "K3 delete an interpreter context", .delete, "/toolbox/{id}/process/interpreter/context/{cid}", .json("{}"),
        expect: .init(method: "DELETE", path: toolbox + "/process/interpreter/context/ctx-1", accept: json)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.codeInterpreter.deleteContext(InterpreterContext(id: "ctx-1", cwd: "/tmp", isActive: true))
    },
    CurrentCase(
        "I6 system metrics", .get, "/toolbox/{id}/system/metrics",
        .json(#"{"cpuCount":2,"cpuUsedPct":12.5,"memTotal":4294967296,"memUsed":1073741824,"diskTotal":10737418240,"timestamp":"t"}"#),
        expect: .init(method: "GET", path: toolbox + "/system/metrics", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let metrics = try await sandbox.systemMetrics()
        #expect(metrics.cpuCount == 2)
        #expect(metrics.cpuUsedPercent == 12.5)
        #expect(metrics.memoryTotal == 4 << 30)
        #expect(metrics.diskFree == nil)
    },
]

@Suite struct CurrentToolboxMoreTests {
    @Test(arguments: currentToolboxMoreCases)
    func row(_ row: CurrentCase) async throws {
        let stub = DaytonaStub()
        stub.on(row.method, row.route, respond: row.response)
        try await row.call(currentSandboxHandle(stub, stub.makeClient()))
        expectCurrentRequest(stub.requests.first, row.expected)
        #expect(stub.requests.count == 1)
    }

    @Test func theseCallsAreRefusedOn014BeforeAnyRequest() async throws {
        let stub = DaytonaStub()
        let sandbox = sandboxHandle(stub.makeClient(api: .v0_14))
        let calls: [@Sendable () async throws -> Void] = [
            { _ = try await sandbox.git.config("user.name") },
            { try await sandbox.git.setConfig("a.b", to: "c") },
            { try await sandbox.git.storeCredentials(username: "u", password: "secret-pw") },
            { try await sandbox.git.clone(url: "https://x/y.git", to: "/r", depth: 1) },
            { try await sandbox.git.push(in: "/r", remote: "origin") },
            { try await sandbox.git.pull(in: "/r", branch: "main") },
            { _ = try await sandbox.process.entrypointSession() },
            { _ = try await sandbox.process.entrypointLogs() },
            { _ = try await sandbox.systemMetrics() },
            { _ = try await sandbox.process.ptySessions() },
            { try await sandbox.process.killPTYSession("p1") },
            { _ = try await sandbox.process.resizePTYSession("p1", columns: 80, rows: 24) },
            { _ = try await sandbox.codeInterpreter.createContext() },
            { _ = try await sandbox.codeInterpreter.contexts() },
        ]
        for call in calls {
            let error = await daytonaError { try await call() }
            #expect(error?.category == .unsupported)
            #expect(error?.message.contains("secret-pw") == false)
        }
        #expect(stub.requests.isEmpty)
    }
}
