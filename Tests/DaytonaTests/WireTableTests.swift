import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

/// One row per endpoint of the API (WIRE.md §2): the exact request and the decoded result of
/// a captured answer.
struct WireCase: Sendable, CustomTestStringConvertible {
    var id: String
    var routes: [(HTTPRequest.Method, String, StubResponse)]
    var expected: ExpectedRequest
    var call: @Sendable (DaytonaClient, Sandbox) async throws -> Void

    var testDescription: String { id }

    init(
        _ id: String, _ method: HTTPRequest.Method, _ route: String, _ response: StubResponse,
        extra: [(HTTPRequest.Method, String, StubResponse)] = [],
        expect expected: ExpectedRequest,
        call: @escaping @Sendable (DaytonaClient, Sandbox) async throws -> Void
    ) {
        self.id = id
        self.routes = [(method, route, response)] + extra
        self.expected = expected
        self.call = call
    }
}

let tb = "/toolbox/\(hostileIDEncoded)/toolbox"
let ws = "/workspace/\(hostileIDEncoded)"
let started: (HTTPRequest.Method, String, StubResponse) = (.get, "/workspace/{id}", .workspace(id: hostileID, state: .started))
let stopped: (HTTPRequest.Method, String, StubResponse) = (.get, "/workspace/{id}", .workspace(id: hostileID, state: .stopped))

let workspaceCases: [WireCase] = [
    WireCase("W1 list", .get, "/workspace", .workspaces(["a", "b"]), expect: .init(method: "GET", path: "/workspace", accept: true)) {
        client, _ in
        let list = try await client.list()
        #expect(list.map(\.id) == ["a", "b"])
        #expect(list.allSatisfy { $0.codeLanguage == .python })
    },
    WireCase(
        "W2 create", .post, "/workspace", .workspace(id: "server-id", state: .creating),
        extra: [(.get, "/workspace/{id}", .workspace(id: "server-id", state: .started))],
        expect: .init(
            method: "POST", path: "/workspace", accept: true, contentType: "application/json",
            body: #"{"env":{},"id":"my-id","labels":{"code-toolbox-language":"python"},"name":"my-id","target":"us"}"#)
    ) { client, _ in
        let created = try await client.create(CreateSandboxParams(id: "my-id"))
        #expect(created.id == "server-id")
    },
    WireCase(
        "W3 get", .get, "/workspace/{id}", .workspace(id: hostileID, state: .stopped), expect: .init(method: "GET", path: ws, accept: true)
    ) { client, _ in
        let found = try await client.sandbox(id: hostileID)
        #expect(found.id == hostileID)
        #expect(found.lastKnownInfo.state == .stopped)
    },
    WireCase("W4 delete", .delete, "/workspace/{id}", .empty(), expect: .init(method: "DELETE", path: ws, query: "force=true")) {
        client, sandbox in
        try await client.remove(sandbox)
    },
    WireCase("W5 start", .post, "/workspace/{id}/start", .empty(), extra: [started], expect: .init(method: "POST", path: ws + "/start")) {
        _, sandbox in
        try await sandbox.start()
    },
    WireCase("W6 stop", .post, "/workspace/{id}/stop", .empty(), extra: [stopped], expect: .init(method: "POST", path: ws + "/stop")) {
        client, sandbox in
        try await client.stop(sandbox)
    },
    WireCase(
        "W7 labels", .put, "/workspace/{id}/labels", .json(#"{"labels":{"a":"true","b":"3"}}"#),
        expect: .init(
            method: "PUT", path: ws + "/labels", accept: true, contentType: "application/json", body: #"{"labels":{"a":"true","b":"3"}}"#)
    ) { _, sandbox in
        let labels = try await sandbox.setLabels(["a": "true", "b": "3"])
        #expect(labels == ["a": "true", "b": "3"])
    },
    WireCase(
        "W8 snapshot", .post, "/workspace/{id}/snapshot", .empty(status: 201),
        expect: .init(method: "POST", path: ws + "/snapshot", accept: true)
    ) { _, sandbox in
        let info = try await sandbox.createSnapshot()
        #expect(info == nil)
    },
    WireCase(
        "W9 public", .post, "/workspace/{id}/public/{flag}", .empty(status: 201), expect: .init(method: "POST", path: ws + "/public/true")
    ) { _, sandbox in
        try await sandbox.setPublic(true)
    },
    WireCase(
        "W10 resize", .post, "/workspace/{id}/resize", .empty(status: 201),
        expect: .init(method: "POST", path: ws + "/resize", contentType: "application/json", body: #"{"cpu":2,"memory":4}"#)
    ) { _, sandbox in
        try await sandbox.resize(SandboxResources(cpu: 2, memory: 4))
    },
    WireCase(
        "W11 autostop", .post, "/workspace/{id}/autostop/{n}", .empty(status: 201), expect: .init(method: "POST", path: ws + "/autostop/60")
    ) { _, sandbox in
        try await sandbox.setAutoStopInterval(.seconds(3600))
    },
    WireCase("W12 archive", .post, "/workspace/{id}/archive", .empty(), expect: .init(method: "POST", path: ws + "/archive")) {
        _, sandbox in
        try await sandbox.archive()
    },
]

let fileSystemCases: [WireCase] = [
    WireCase(
        "T1 project-dir", .get, "/toolbox/{id}/toolbox/project-dir", .projectDirectory("/home/daytona"),
        expect: .init(method: "GET", path: tb + "/project-dir", accept: true)
    ) { _, sandbox in
        let value = try await sandbox.rootDirectory()
        #expect(value == "/home/daytona")
    },
    WireCase(
        "T2 list files", .get, "/toolbox/{id}/toolbox/files", .fileList(["a.txt", "b"]),
        expect: .init(method: "GET", path: tb + "/files", query: "path=/home", accept: true)
    ) { _, sandbox in
        let files = try await sandbox.fs.listFiles(in: "/home")
        #expect(files.map(\.name) == ["a.txt", "b"])
        #expect(files.first?.permissions == "0644")
    },
    WireCase(
        "T3 delete file", .delete, "/toolbox/{id}/toolbox/files", .empty(status: 204),
        expect: .init(method: "DELETE", path: tb + "/files", query: "path=/tmp/a%20b%26c%3Dd%3F.txt")
    ) { _, sandbox in
        try await sandbox.fs.deleteFile(at: "/tmp/a b&c=d?.txt")
    },
    WireCase(
        "T4 download", .get, "/toolbox/{id}/toolbox/files/download", .data(Data([0, 1, 2, 255])),
        expect: .init(method: "GET", path: tb + "/files/download", query: "path=/tmp/a.bin", accept: true)
    ) { _, sandbox in
        let value = try await sandbox.fs.downloadFile(at: "/tmp/a.bin")
        #expect(value == Data([0, 1, 2, 255]))
    },
    WireCase(
        "T5 find", .get, "/toolbox/{id}/toolbox/files/find", .json(##"[{"file":"/src/a.py","line":3,"content":"# TODO: x"}]"##),
        expect: .init(method: "GET", path: tb + "/files/find", query: "path=/src&pattern=TODO%3A%20x", accept: true)
    ) { _, sandbox in
        let value = try await sandbox.fs.findFiles(in: "/src", pattern: "TODO: x")
        #expect(value == [Match(file: "/src/a.py", line: 3, content: "# TODO: x")])
    },
    WireCase(
        "T6 create folder", .post, "/toolbox/{id}/toolbox/files/folder", .empty(status: 201),
        expect: .init(method: "POST", path: tb + "/files/folder", query: "path=/home/daytona/my%20dir/%C3%BC&mode=755")
    ) { _, sandbox in
        try await sandbox.fs.createFolder(at: "/home/daytona/my dir/ü", mode: "755")
    },
    WireCase(
        "T7 file info", .get, "/toolbox/{id}/toolbox/files/info", .fileInfo(name: "a+b #1.txt", size: 12),
        expect: .init(method: "GET", path: tb + "/files/info", query: "path=/a%2Bb%20%231.txt", accept: true)
    ) { _, sandbox in
        let info = try await sandbox.fs.fileInfo(at: "/a+b #1.txt")
        #expect(info.name == "a+b #1.txt")
        #expect(info.size == 12)
        #expect(!info.isDir)
    },
    WireCase(
        "T8 move", .post, "/toolbox/{id}/toolbox/files/move", .json(#"{"message":"copied","error":"delete failed"}"#),
        expect: .init(method: "POST", path: tb + "/files/move", query: "source=/a&destination=/b%25c")
    ) { _, sandbox in
        try await sandbox.fs.moveFile(from: "/a", to: "/b%c")
    },
    WireCase(
        "T9 permissions", .post, "/toolbox/{id}/toolbox/files/permissions", .empty(),
        expect: .init(method: "POST", path: tb + "/files/permissions", query: "path=/a&owner=o&group=g&mode=755")
    ) { _, sandbox in
        try await sandbox.fs.setFilePermissions(at: "/a", mode: "755", owner: "o", group: "g")
    },
    WireCase(
        "T10 replace", .post, "/toolbox/{id}/toolbox/files/replace",
        .json(#"[{"file":"/a.txt","success":true},{"file":"/b","success":false,"error":"denied"}]"#),
        expect: .init(
            method: "POST", path: tb + "/files/replace", accept: true, contentType: "application/json",
            body: #"{"files":["/a.txt","/b"],"newValue":"new","pattern":"old"}"#)
    ) { _, sandbox in
        let results = try await sandbox.fs.replaceInFiles(["/a.txt", "/b"], pattern: "old", newValue: "new")
        #expect(results == [ReplaceResult(file: "/a.txt", success: true), ReplaceResult(file: "/b", success: false, error: "denied")])
    },
    WireCase(
        "T11 search", .get, "/toolbox/{id}/toolbox/files/search", .json(#"{"files":null}"#),
        expect: .init(method: "GET", path: tb + "/files/search", query: "path=/ws&pattern=%2A.py", accept: true)
    ) { _, sandbox in
        let value = try await sandbox.fs.searchFiles(in: "/ws", pattern: "*.py")
        #expect(value == [])
    },
    WireCase(
        "T12 upload", .post, "/toolbox/{id}/toolbox/files/upload", .empty(),
        expect: .init(
            method: "POST", path: tb + "/files/upload", query: "path=/tmp/%C3%BC%20p.txt", contentType: "multipart/form-data",
            body: "MULTIPART")
    ) { _, sandbox in
        try await sandbox.fs.uploadFile(Data("hello\nworld".utf8), to: "/tmp/ü p.txt")
    },
]

let processCases: [WireCase] = [
    WireCase(
        "T13 execute", .post, "/toolbox/{id}/toolbox/process/execute", .executeResult(exitCode: 0, result: "hi\n"),
        expect: .init(
            method: "POST", path: tb + "/process/execute", accept: true, contentType: "application/json",
            body: #"{"command":"echo hi","cwd":"/tmp","timeout":5}"#)
    ) { _, sandbox in
        let value = try await sandbox.process.exec("echo hi", cwd: "/tmp", timeout: .milliseconds(4200))
        #expect(value == ExecuteResponse(exitCode: 0, result: "hi\n"))
    },
    WireCase(
        "T14 list sessions", .get, "/toolbox/{id}/toolbox/process/session", .json(#"[{"sessionId":"s1","commands":null}]"#),
        expect: .init(method: "GET", path: tb + "/process/session", accept: true)
    ) { _, sandbox in
        let value = try await sandbox.process.listSessions()
        #expect(value == [Session(sessionID: "s1")])
    },
    WireCase(
        "T15 create session", .post, "/toolbox/{id}/toolbox/process/session", .empty(status: 201),
        expect: .init(method: "POST", path: tb + "/process/session", contentType: "application/json", body: #"{"sessionId":"s 1"}"#)
    ) { _, sandbox in
        try await sandbox.process.createSession("s 1")
    },
    WireCase(
        "T16 get session", .get, "/toolbox/{id}/toolbox/process/session/{sid}", .session(id: "s 1", commandIDs: ["c1"]),
        expect: .init(method: "GET", path: tb + "/process/session/s%201", accept: true)
    ) { _, sandbox in
        let session = try await sandbox.process.session("s 1")
        #expect(session == Session(sessionID: "s 1", commands: [SessionCommand(id: "c1", command: "true", exitCode: 0)]))
    },
    WireCase(
        "T17 delete session", .delete, "/toolbox/{id}/toolbox/process/session/{sid}", .empty(status: 204),
        expect: .init(method: "DELETE", path: tb + "/process/session/s1")
    ) { _, sandbox in
        try await sandbox.process.deleteSession("s1")
    },
    WireCase(
        "T18 session exec async 202", .post, "/toolbox/{id}/toolbox/process/session/{sid}/exec", .json(#"{"cmdId":"c-42"}"#, status: 202),
        expect: .init(
            method: "POST", path: tb + "/process/session/s1/exec", accept: true, contentType: "application/json",
            body: #"{"async":true,"command":"sleep 1"}"#)
    ) { _, sandbox in
        let response = try await sandbox.process.executeSessionCommand(
            SessionExecuteRequest(command: "sleep 1", runAsync: true), sessionID: "s1")
        #expect(response == SessionExecuteResponse(commandID: "c-42"))
    },
    WireCase(
        "T19 session command", .get, "/toolbox/{id}/toolbox/process/session/{sid}/command/{cid}", .json(#"{"id":"c/1","command":"ls"}"#),
        expect: .init(method: "GET", path: tb + "/process/session/s1/command/c%2F1", accept: true)
    ) { _, sandbox in
        let value = try await sandbox.process.sessionCommand(sessionID: "s1", commandID: "c/1")
        #expect(value == SessionCommand(id: "c/1", command: "ls", exitCode: nil))
    },
    WireCase(
        "T20 session logs", .get, "/toolbox/{id}/toolbox/process/session/{sid}/command/{cid}/logs", .text("line 1\nlíne 2\n"),
        expect: .init(method: "GET", path: tb + "/process/session/s1/command/c1/logs", accept: true)
    ) { _, sandbox in
        let value = try await sandbox.process.sessionCommandLogs(sessionID: "s1", commandID: "c1")
        #expect(value == "line 1\nlíne 2\n")
    },
]

let gitCases: [WireCase] = [
    WireCase(
        "T21 add", .post, "/toolbox/{id}/toolbox/git/add", .empty(),
        expect: .init(method: "POST", path: tb + "/git/add", contentType: "application/json", body: #"{"files":["a","b"],"path":"/repo"}"#)
    ) { _, sandbox in
        try await sandbox.git.add(["a", "b"], in: "/repo")
    },
    WireCase(
        "T22 branches", .get, "/toolbox/{id}/toolbox/git/branches", .json(#"{"branches":["main","dev"]}"#),
        expect: .init(method: "GET", path: tb + "/git/branches", query: "path=/repo", accept: true)
    ) { _, sandbox in
        let value = try await sandbox.git.branches(in: "/repo")
        #expect(value == ["main", "dev"])
    },
    WireCase(
        "T23 create branch", .post, "/toolbox/{id}/toolbox/git/branches", .empty(status: 201),
        expect: .init(method: "POST", path: tb + "/git/branches", contentType: "application/json", body: #"{"name":"feat","path":"/repo"}"#)
    ) { _, sandbox in
        try await sandbox.git.createBranch("feat", in: "/repo")
    },
    WireCase(
        "T24 clone", .post, "/toolbox/{id}/toolbox/git/clone", .empty(),
        expect: .init(
            method: "POST", path: tb + "/git/clone", contentType: "application/json",
            body: #"{"branch":"dev","commit_id":"abc123","password":"p","path":"/repo","url":"https://x/y.git","username":"u"}"#)
    ) { _, sandbox in
        try await sandbox.git.clone(url: "https://x/y.git", to: "/repo", branch: "dev", commitID: "abc123", username: "u", password: "p")
    },
    WireCase(
        "T25 commit", .post, "/toolbox/{id}/toolbox/git/commit", .json(#"{"hash":"deadbeef"}"#),
        expect: .init(
            method: "POST", path: tb + "/git/commit", accept: true, contentType: "application/json",
            body: #"{"author":"A","email":"a@b.c","message":"msg","path":"/repo"}"#)
    ) { _, sandbox in
        let value = try await sandbox.git.commit(in: "/repo", message: "msg", author: "A", email: "a@b.c")
        #expect(value == "deadbeef")
    },
    WireCase(
        "T26 history", .get, "/toolbox/{id}/toolbox/git/history",
        .json(#"[{"hash":"h1","message":"m","author":"A","email":"a@b.c","timestamp":"2025-03-10T10:00:00+01:00"}]"#),
        expect: .init(method: "GET", path: tb + "/git/history", query: "path=/repo", accept: true)
    ) { _, sandbox in
        let value = try await sandbox.git.history(in: "/repo")
        #expect(value == [GitCommitInfo(hash: "h1", message: "m", author: "A", email: "a@b.c", timestamp: "2025-03-10T10:00:00+01:00")])
    },
    WireCase(
        "T27 pull", .post, "/toolbox/{id}/toolbox/git/pull", .empty(),
        expect: .init(method: "POST", path: tb + "/git/pull", contentType: "application/json", body: #"{"path":"/repo"}"#)
    ) { _, sandbox in
        try await sandbox.git.pull(in: "/repo")
    },
    WireCase(
        "T28 push", .post, "/toolbox/{id}/toolbox/git/push", .empty(),
        expect: .init(
            method: "POST", path: tb + "/git/push", contentType: "application/json",
            body: #"{"password":"p","path":"/repo","username":"u"}"#)
    ) { _, sandbox in
        try await sandbox.git.push(in: "/repo", username: "u", password: "p")
    },
    WireCase(
        "T29 status", .get, "/toolbox/{id}/toolbox/git/status", .gitStatus(branch: "main", modified: ["a.txt"]),
        expect: .init(method: "GET", path: tb + "/git/status", query: "path=/repo", accept: true)
    ) { _, sandbox in
        let status = try await sandbox.git.status(in: "/repo")
        #expect(status.currentBranch == "main")
        #expect(status.fileStatus == [FileStatus(name: "a.txt", staging: .unmodified, worktree: .modified)])
        #expect(status.branchPublished == true)
    },
]

let lspBody = #"{"languageId":"python","pathToProject":"/repo"}"#
let lspDocument = #"{"languageId":"python","pathToProject":"/repo","uri":"file:///repo/a.py"}"#
let symbolJSON =
    #"[{"kind":12,"name":"main","location":{"uri":"file:///repo/a.py","range":{"start":{"line":1,"character":0},"end":{"line":3,"character":4}}}}]"#
let mainSymbol = LSPSymbol(
    kind: 12,
    location: LSPLocation(
        range: LSPRange(start: Position(line: 1, character: 0), end: Position(line: 3, character: 4)), uri: "file:///repo/a.py"),
    name: "main")

let lspCases: [WireCase] = [
    WireCase(
        "T30 lsp start", .post, "/toolbox/{id}/toolbox/lsp/start", .empty(),
        expect: .init(method: "POST", path: tb + "/lsp/start", contentType: "application/json", body: lspBody)
    ) { _, sandbox in
        try await sandbox.makeLSPServer(language: .python, projectPath: "/repo").start()
    },
    WireCase(
        "T31 lsp stop", .post, "/toolbox/{id}/toolbox/lsp/stop", .empty(),
        expect: .init(method: "POST", path: tb + "/lsp/stop", contentType: "application/json", body: lspBody)
    ) { _, sandbox in
        try await sandbox.makeLSPServer(language: .python, projectPath: "/repo").stop()
    },
    WireCase(
        "T32 did-open", .post, "/toolbox/{id}/toolbox/lsp/did-open", .empty(),
        expect: .init(method: "POST", path: tb + "/lsp/did-open", contentType: "application/json", body: lspDocument)
    ) { _, sandbox in
        try await sandbox.makeLSPServer(language: .python, projectPath: "/repo").didOpen("/repo/a.py")
    },
    WireCase(
        "T33 did-close", .post, "/toolbox/{id}/toolbox/lsp/did-close", .empty(),
        expect: .init(method: "POST", path: tb + "/lsp/did-close", contentType: "application/json", body: lspDocument)
    ) { _, sandbox in
        try await sandbox.makeLSPServer(language: .python, projectPath: "/repo").didClose("/repo/a.py")
    },
    WireCase(
        "T34 completions", .post, "/toolbox/{id}/toolbox/lsp/completions",
        .json(
            #"{"isIncomplete":false,"items":[{"label":"print","kind":3,"documentation":"Prints."},{"label":"pow","documentation":{"kind":"markdown","value":"Power"}}]}"#
        ),
        expect: .init(
            method: "POST", path: tb + "/lsp/completions", accept: true, contentType: "application/json",
            body: #"{"languageId":"python","pathToProject":"/repo","position":{"character":2,"line":1},"uri":"file:///repo/a.py"}"#)
    ) { _, sandbox in
        let list = try await sandbox.makeLSPServer(language: .python, projectPath: "/repo").completions(
            "/repo/a.py", at: Position(line: 1, character: 2))
        #expect(list.items.map(\.label) == ["print", "pow"])
        #expect(list.items.map { $0.documentation?.text } == ["Prints.", "Power"])
        #expect(list.items.first?.kind == 3)
    },
    WireCase(
        "T35 document symbols", .get, "/toolbox/{id}/toolbox/lsp/document-symbols", .json(symbolJSON),
        expect: .init(
            method: "GET", path: tb + "/lsp/document-symbols", query: "languageId=python&pathToProject=/repo&uri=file%3A///repo/a.py",
            accept: true)
    ) { _, sandbox in
        let value = try await sandbox.makeLSPServer(language: .python, projectPath: "/repo").documentSymbols("/repo/a.py")
        #expect(value == [mainSymbol])
    },
    WireCase(
        "T36 sandbox symbols", .get, "/toolbox/{id}/toolbox/lsp/workspace-symbols", .json(symbolJSON),
        expect: .init(
            method: "GET", path: tb + "/lsp/workspace-symbols", query: "languageId=python&pathToProject=/repo&query=foo%20bar", accept: true
        )
    ) { _, sandbox in
        let value = try await sandbox.makeLSPServer(language: .python, projectPath: "/repo").workspaceSymbols("foo bar")
        #expect(value == [mainSymbol])
    },
]

@Suite struct WireTableTests {
    static let allCases = workspaceCases + fileSystemCases + processCases + gitCases + lspCases

    @Test func everyEndpointHasARow() {
        #expect(Self.allCases.count == 48)
    }

    @Test(arguments: allCases)
    func endpoint(_ row: WireCase) async throws {
        let stub = DaytonaStub()
        for (method, route, response) in row.routes { stub.on(method, route, respond: response) }
        let client = stub.makeClient(api: .v0_14)
        try await row.call(client, sandboxHandle(client))
        let request = stub.requests.first
        if row.expected.body == "MULTIPART" {
            var expected = row.expected
            let boundary = request?.header("Content-Type")?.components(separatedBy: "boundary=").last ?? "?"
            expected.body =
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\nhello\nworld\r\n--\(boundary)--\r\n"
            expectRequest(request, expected)
        } else {
            expectRequest(request, row.expected)
        }
        #expect(stub.unmatchedRequests.isEmpty, "unmatched: \(stub.unmatchedRequests.map(\.line))")
    }
}
