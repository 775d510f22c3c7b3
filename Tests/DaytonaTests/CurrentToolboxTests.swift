import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

/// A current-API handle on sandbox `id` whose toolbox is the stub's proxy, without a request.
func currentSandboxHandle(
    _ stub: DaytonaStub, _ client: DaytonaClient, id: String = "sb-1", language: CodeLanguage = .python, proxy: String? = nil
) -> Sandbox {
    var info = SandboxInfo(id: id, labels: [CodeLanguage.labelKey: language.rawValue])
    info.toolboxProxyURL = proxy ?? stub.toolboxURL.absoluteString
    return Sandbox(info: info, plane: client.api.controlPlane(.current))
}

/// What a current toolbox request must look like on the wire.
struct CurrentRequest: Sendable {
    var method: String
    var path: String
    var query: String? = nil
    var accept: String? = nil
    var contentType: String? = nil
    var body: String? = nil
}

/// Asserts the exact method, path, encoded query, headers (including the current API's
/// `X-Daytona-Source` and `X-Daytona-SDK-Version`) and body of `request`.
func expectCurrentRequest(_ request: RecordedRequest?, _ expected: CurrentRequest, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let request else {
        Issue.record("No request was sent; expected \(expected.method) \(expected.path)", sourceLocation: sourceLocation)
        return
    }
    #expect(request.method == expected.method, sourceLocation: sourceLocation)
    #expect(request.path == expected.path, sourceLocation: sourceLocation)
    #expect(request.query == expected.query, sourceLocation: sourceLocation)
    #expect(request.header("Authorization") == "Bearer test-api-key", sourceLocation: sourceLocation)
    #expect(request.header("User-Agent") == "daytona-swift/\(DaytonaClient.version)", sourceLocation: sourceLocation)
    #expect(request.header("X-Daytona-Source") == "sdk-swift", sourceLocation: sourceLocation)
    #expect(request.header("X-Daytona-SDK-Version") == "0.226.1", sourceLocation: sourceLocation)
    #expect(request.header("Accept") == expected.accept, sourceLocation: sourceLocation)
    if let contentType = expected.contentType, contentType == "multipart/form-data" {
        #expect(request.header("Content-Type")?.hasPrefix("multipart/form-data; boundary=") == true, sourceLocation: sourceLocation)
    } else {
        #expect(request.header("Content-Type") == expected.contentType, sourceLocation: sourceLocation)
    }
    if let body = expected.body {
        #expect(request.bodyText == body, sourceLocation: sourceLocation)
    } else if expected.contentType == nil {
        #expect(request.body.isEmpty, "unexpected body: \(request.bodyText)", sourceLocation: sourceLocation)
    }
}

/// One row per current toolbox endpoint the SDK calls.
struct CurrentCase: Sendable, CustomTestStringConvertible {
    var id: String
    var method: HTTPRequest.Method
    var route: String
    var response: StubResponse
    var expected: CurrentRequest
    var call: @Sendable (Sandbox) async throws -> Void
    var testDescription: String { id }

    init(
        _ id: String, _ method: HTTPRequest.Method, _ route: String, _ response: StubResponse, expect expected: CurrentRequest,
        call: @escaping @Sendable (Sandbox) async throws -> Void
    ) {
        self.id = id
        self.method = method
        self.route = route
        self.response = response
        self.expected = expected
        self.call = call
    }
}

private let ctb = "/toolbox/sb-1"
private let json = "application/json"
private let any = "*/*"

let currentInfoAndFileCases: [CurrentCase] = [
    CurrentCase(
        "I1 user-home-dir", .get, "/toolbox/{id}/user-home-dir", .directory("/home/daytona"),
        expect: .init(method: "GET", path: ctb + "/user-home-dir", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.userHomeDirectory() == "/home/daytona")
        #expect(try await sandbox.rootDirectory() == "/home/daytona")
    },
    CurrentCase(
        "I2 work-dir", .get, "/toolbox/{id}/work-dir", .directory("/workspace"),
        expect: .init(method: "GET", path: ctb + "/work-dir", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.workDirectory() == "/workspace")
    },
    CurrentCase(
        "I4 env", .post, "/toolbox/{id}/env", .json(#"{"A":"1"}"#),
        expect: .init(method: "POST", path: ctb + "/env", accept: json, contentType: json, body: #"{"set":{"A":"1"},"unset":["OLD"]}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.updateEnvironment(["A": "1"], unset: ["OLD"])
    },
    CurrentCase(
        "F1 list files with depth", .get, "/toolbox/{id}/files", .toolboxFileList(["/home/daytona/a b/x.txt"]),
        expect: .init(method: "GET", path: ctb + "/files", query: "path=/home/daytona/a%20b&depth=2", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let files = try await sandbox.fs.listFiles(in: "/home/daytona/a b", depth: 2)
        #expect(files.map(\.name) == ["x.txt"])
        #expect(files.first?.path == "/home/daytona/a b/x.txt")
        #expect(files.first?.modifiedAt == "2026-01-01T10:00:00.123456789Z")
    },
    CurrentCase(
        "F2 delete recursive", .delete, "/toolbox/{id}/files", .empty(status: 204),
        expect: .init(method: "DELETE", path: ctb + "/files", query: "path=/tmp/a%26b%3Dc%3F.txt&recursive=true", accept: any)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.fs.deleteFile(at: "/tmp/a&b=c?.txt", recursive: true)
    },
    CurrentCase(
        "F2 delete", .delete, "/toolbox/{id}/files", .empty(status: 204),
        expect: .init(method: "DELETE", path: ctb + "/files", query: "path=/tmp/%23x%25&recursive=false", accept: any)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.fs.deleteFile(at: "/tmp/#x%")
    },
    CurrentCase(
        "F4 find", .get, "/toolbox/{id}/files/find", .json(##"[{"file":"/src/a.py","line":3,"content":"# TODO: x"}]"##),
        expect: .init(method: "GET", path: ctb + "/files/find", query: "path=/src&pattern=TODO%3A%20x", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.fs.findFiles(in: "/src", pattern: "TODO: x") == [Match(file: "/src/a.py", line: 3, content: "# TODO: x")])
    },
    CurrentCase(
        "F5 folder", .post, "/toolbox/{id}/files/folder", .empty(status: 201),
        expect: .init(method: "POST", path: ctb + "/files/folder", query: "path=/tmp/new%20dir&mode=755", accept: any)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.fs.createFolder(at: "/tmp/new dir")
    },
    CurrentCase(
        "F6 info", .get, "/toolbox/{id}/files/info", .toolboxFileInfo(name: "ü.txt", path: "rel/ü.txt", size: 3),
        expect: .init(method: "GET", path: ctb + "/files/info", query: "path=rel/%C3%BC.txt", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let info = try await sandbox.fs.fileInfo(at: "rel/ü.txt")
        #expect(info.size == 3)
        #expect(info.path == "rel/ü.txt")
        #expect(info.permissions == "0644")
    },
    CurrentCase(
        "F7 move", .post, "/toolbox/{id}/files/move", .empty(),
        expect: .init(method: "POST", path: ctb + "/files/move", query: "source=/a&destination=/b/../c", accept: any)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.fs.moveFile(from: "/a", to: "/b/../c")
    },
    CurrentCase(
        "F8 permissions", .post, "/toolbox/{id}/files/permissions", .empty(),
        expect: .init(method: "POST", path: ctb + "/files/permissions", query: "path=/a&mode=755", accept: any)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.fs.setFilePermissions(at: "/a", mode: "755")
    },
    CurrentCase(
        "F9 replace", .post, "/toolbox/{id}/files/replace", .json(#"[{"file":"/a.txt","success":true}]"#),
        expect: .init(
            method: "POST", path: ctb + "/files/replace", accept: json, contentType: json,
            body: #"{"files":["/a.txt"],"newValue":"new","pattern":"old"}"#)
    ) { (sandbox: Sandbox) async throws in
        #expect(
            try await sandbox.fs.replaceInFiles(["/a.txt"], pattern: "old", newValue: "new") == [
                ReplaceResult(file: "/a.txt", success: true)
            ])
    },
    CurrentCase(
        "F10 search", .get, "/toolbox/{id}/files/search", .json(#"{"files":["/ws/a.py"]}"#),
        expect: .init(method: "GET", path: ctb + "/files/search", query: "path=/ws&pattern=%2A.py", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.fs.searchFiles(in: "/ws", pattern: "*.py") == ["/ws/a.py"])
    },
    CurrentCase(
        "F12 bulk-upload one", .post, "/toolbox/{id}/files/bulk-upload", .bulkUploadResult(written: [("/tmp/up.txt", 5)]),
        expect: .init(method: "POST", path: ctb + "/files/bulk-upload", accept: any, contentType: "multipart/form-data")
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.fs.uploadFile(Data("hello".utf8), to: "/tmp/up.txt")
    },
    CurrentCase(
        "F13 bulk-download one", .post, "/toolbox/{id}/files/bulk-download", .bulkDownload(files: [("/tmp/a.txt", Data("hello".utf8))]),
        expect: .init(
            method: "POST", path: ctb + "/files/bulk-download", accept: "multipart/form-data", contentType: json,
            body: #"{"paths":["/tmp/a.txt"]}"#)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.fs.downloadFile(at: "/tmp/a.txt") == Data("hello".utf8))
    },
]

let currentProcessCases: [CurrentCase] = [
    CurrentCase(
        "X1 exec", .post, "/toolbox/{id}/process/execute", .executeResult(exitCode: 0, result: "hi\n"),
        expect: .init(
            method: "POST", path: ctb + "/process/execute", accept: json, contentType: json,
            body: #"{"command":"echo hi","cwd":"/tmp","envs":{"K":"V"},"timeout":5}"#)
    ) { (sandbox: Sandbox) async throws in
        let run = try await sandbox.process.exec("echo hi", cwd: "/tmp", environment: ["K": "V"], timeout: .seconds(5))
        #expect(run == ExecuteResponse(exitCode: 0, result: "hi\n"))
    },
    CurrentCase(
        "X2 code-run", .post, "/toolbox/{id}/process/code-run", .codeRunResult(result: "hi\n", charts: ["Sales"]),
        expect: .init(
            method: "POST", path: ctb + "/process/code-run", accept: json, contentType: json,
            body: #"{"argv":["a b"],"code":"print('hi')","envs":{"K":"it's"},"language":"python"}"#)
    ) { (sandbox: Sandbox) async throws in
        let run = try await sandbox.process.codeRun("print('hi')", params: CodeRunParams(argv: ["a b"], env: ["K": "it's"]))
        #expect(run.result == "hi\n")
        #expect(run.charts.first?.type == .line)
        #expect(run.charts.first?.title == "Sales")
        #expect(run.charts.first?.elements.first?.points == [[.number(0), .number(1)]])
    },
    CurrentCase(
        "E1 list sessions", .get, "/toolbox/{id}/process/session",
        .json(#"[{"sessionId":"s1","commands":[{"id":"c1","command":"true","exitCode":0}]}]"#),
        expect: .init(method: "GET", path: ctb + "/process/session", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.process.listSessions().map(\.sessionID) == ["s1"])
    },
    CurrentCase(
        "E2 create session", .post, "/toolbox/{id}/process/session", .empty(status: 201),
        expect: .init(method: "POST", path: ctb + "/process/session", accept: json, contentType: json, body: #"{"sessionId":"s1"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.process.createSession("s1")
    },
    CurrentCase(
        "E3 get session", .get, "/toolbox/{id}/process/session/{sid}", .session(id: "s 1", commandIDs: ["c1"]),
        expect: .init(method: "GET", path: ctb + "/process/session/s%201", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.process.session("s 1").commands.map(\.id) == ["c1"])
    },
    CurrentCase(
        "E4 delete session", .delete, "/toolbox/{id}/process/session/{sid}", .empty(status: 204),
        expect: .init(method: "DELETE", path: ctb + "/process/session/s1", accept: any)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.process.deleteSession("s1")
    },
    CurrentCase(
        "E5 exec sync", .post, "/toolbox/{id}/process/session/{sid}/exec",
        .sessionExecuteResult(commandID: "c1", stdout: "out\n", stderr: "err\n", exitCode: 0),
        expect: .init(method: "POST", path: ctb + "/process/session/s1/exec", accept: json, contentType: json, body: #"{"command":"ls"}"#)
    ) { (sandbox: Sandbox) async throws in
        let result = try await sandbox.process.executeSessionCommand(SessionExecuteRequest(command: "ls"), sessionID: "s1")
        #expect(result == SessionExecuteResponse(commandID: "c1", output: "out\nerr\n", exitCode: 0, stdout: "out\n", stderr: "err\n"))
    },
    CurrentCase(
        "E5 exec async 202", .post, "/toolbox/{id}/process/session/{sid}/exec", .sessionCommandStarted(commandID: "c9"),
        expect: .init(
            method: "POST", path: ctb + "/process/session/s1/exec", accept: json, contentType: json,
            body: #"{"command":"sleep 1","runAsync":true,"suppressInputEcho":true}"#)
    ) { (sandbox: Sandbox) async throws in
        let result = try await sandbox.process.executeSessionCommand(
            SessionExecuteRequest(command: "sleep 1", runAsync: true, suppressInputEcho: true), sessionID: "s1")
        #expect(result.commandID == "c9")
        #expect(result.exitCode == nil)
    },
    CurrentCase(
        "E6 command", .get, "/toolbox/{id}/process/session/{sid}/command/{cid}", .sessionCommand(id: "c1", exitCode: nil),
        expect: .init(method: "GET", path: ctb + "/process/session/s1/command/c1", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.process.sessionCommand(sessionID: "s1", commandID: "c1").exitCode == nil)
    },
    CurrentCase(
        "E7 input", .post, "/toolbox/{id}/process/session/{sid}/command/{cid}/input", .empty(status: 204),
        expect: .init(
            method: "POST", path: ctb + "/process/session/s1/command/c1/input", accept: any, contentType: json, body: #"{"data":"y\n"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.process.sendSessionCommandInput("y\n", sessionID: "s1", commandID: "c1")
    },
    CurrentCase(
        "E8 logs", .get, "/toolbox/{id}/process/session/{sid}/command/{cid}/logs", .sessionLogs(stdout: "a\nb\n", stderr: "oops\n"),
        expect: .init(method: "GET", path: ctb + "/process/session/s1/command/c1/logs", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.process.sessionCommandLogs(sessionID: "s1", commandID: "c1") == "a\nb\noops\n")
        let split = try await sandbox.process.splitSessionCommandLogs(sessionID: "s1", commandID: "c1")
        #expect(split == SessionCommandLogs(output: "a\nb\noops\n", stdout: "a\nb\n", stderr: "oops\n"))
    },
]

let currentGitCases: [CurrentCase] = [
    CurrentCase(
        "G1 add", .post, "/toolbox/{id}/git/add", .empty(),
        expect: .init(method: "POST", path: ctb + "/git/add", accept: json, contentType: json, body: #"{"files":["."],"path":"/repo"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.add(["."], in: "/repo")
    },
    CurrentCase(
        "G2 branches", .get, "/toolbox/{id}/git/branches", .branchList(["main", "dev"], current: "dev"),
        expect: .init(method: "GET", path: ctb + "/git/branches", query: "path=/repo", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.git.branches(in: "/repo") == ["main", "dev"])
        #expect(try await sandbox.git.branchList(in: "/repo") == GitBranchList(branches: ["main", "dev"], current: "dev"))
    },
    CurrentCase(
        "G3 create branch", .post, "/toolbox/{id}/git/branches", .empty(status: 201),
        expect: .init(
            method: "POST", path: ctb + "/git/branches", accept: json, contentType: json, body: #"{"name":"feat","path":"/repo"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.createBranch("feat", in: "/repo")
    },
    CurrentCase(
        "G4 delete branch", .delete, "/toolbox/{id}/git/branches", .empty(status: 204),
        expect: .init(
            method: "DELETE", path: ctb + "/git/branches", accept: json, contentType: json, body: #"{"name":"feat","path":"/repo"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.deleteBranch("feat", in: "/repo")
    },
    CurrentCase(
        "G5 checkout", .post, "/toolbox/{id}/git/checkout", .empty(),
        expect: .init(
            method: "POST", path: ctb + "/git/checkout", accept: json, contentType: json, body: #"{"branch":"feat","path":"/repo"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.checkout("feat", in: "/repo")
    },
    CurrentCase(
        "G6 clone", .post, "/toolbox/{id}/git/clone", .empty(),
        expect: .init(
            method: "POST", path: ctb + "/git/clone", accept: json, contentType: json,
            body: #"{"branch":"dev","commit_id":"abc","password":"p","path":"/repo","url":"https://x/y.git","username":"u"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.clone(url: "https://x/y.git", to: "/repo", branch: "dev", commitID: "abc", username: "u", password: "p")
    },
    CurrentCase(
        "G7 commit", .post, "/toolbox/{id}/git/commit", .json(#"{"hash":"abc123"}"#),
        expect: .init(
            method: "POST", path: ctb + "/git/commit", accept: json, contentType: json,
            body: #"{"allow_empty":false,"author":"A","email":"a@b.c","message":"msg","path":"/repo"}"#)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.git.commit(in: "/repo", message: "msg", author: "A", email: "a@b.c") == "abc123")
    },
    CurrentCase(
        "G8 history", .get, "/toolbox/{id}/git/history",
        .json(#"[{"hash":"h1","message":"m","author":"A","email":"a@b.c","timestamp":"2026-01-01T00:00:00Z"}]"#),
        expect: .init(method: "GET", path: ctb + "/git/history", query: "path=/repo", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.git.history(in: "/repo").map(\.hash) == ["h1"])
    },
    CurrentCase(
        "G9 pull", .post, "/toolbox/{id}/git/pull", .empty(),
        expect: .init(
            method: "POST", path: ctb + "/git/pull", accept: json, contentType: json,
            body: #"{"password":"p","path":"/repo","username":"u"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.pull(in: "/repo", username: "u", password: "p")
    },
    CurrentCase(
        "G10 push", .post, "/toolbox/{id}/git/push", .empty(),
        expect: .init(
            method: "POST", path: ctb + "/git/push", accept: json, contentType: json, body: #"{"path":"/repo","set_upstream":false}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.push(in: "/repo")
    },
    CurrentCase(
        "G11 status", .get, "/toolbox/{id}/git/status", .toolboxGitStatus(branch: "main", modified: ["a.txt"]),
        expect: .init(method: "GET", path: ctb + "/git/status", query: "path=/repo", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let status = try await sandbox.git.status(in: "/repo")
        #expect(status.currentBranch == "main")
        #expect(status.fileStatus == [FileStatus(name: "a.txt", staging: .unmodified, worktree: .modified)])
        #expect(status.upstream == "origin/main")
        #expect(status.detached == false)
    },
    CurrentCase(
        "G12 init", .post, "/toolbox/{id}/git/init", .empty(status: 201),
        expect: .init(
            method: "POST", path: ctb + "/git/init", accept: json, contentType: json,
            body: #"{"bare":false,"initial_branch":"main","path":"/repo"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.initialize(at: "/repo", initialBranch: "main")
    },
    CurrentCase(
        "G13 remotes", .get, "/toolbox/{id}/git/remotes", .remotes([("origin", "https://x/y.git")]),
        expect: .init(method: "GET", path: ctb + "/git/remotes", query: "path=/repo", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.git.remotes(in: "/repo") == [GitRemote(name: "origin", url: "https://x/y.git")])
    },
    CurrentCase(
        "G14 add remote", .post, "/toolbox/{id}/git/remotes", .empty(status: 201),
        expect: .init(
            method: "POST", path: ctb + "/git/remotes", accept: json, contentType: json,
            body: #"{"fetch":false,"name":"up","overwrite":true,"path":"/repo","url":"https://x/z.git"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.addRemote("up", url: "https://x/z.git", in: "/repo", overwrite: true)
    },
    CurrentCase(
        "G15 reset", .post, "/toolbox/{id}/git/reset", .empty(),
        expect: .init(
            method: "POST", path: ctb + "/git/reset", accept: json, contentType: json,
            body: #"{"mode":"hard","path":"/repo","target":"HEAD~1"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.reset(in: "/repo", mode: .hard, target: "HEAD~1")
    },
    CurrentCase(
        "G16 restore", .post, "/toolbox/{id}/git/restore", .empty(),
        expect: .init(
            method: "POST", path: ctb + "/git/restore", accept: json, contentType: json,
            body: #"{"files":["a.txt"],"path":"/repo","staged":true}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.restore(["a.txt"], in: "/repo", staged: true)
    },
    CurrentCase(
        "G19 configure user", .post, "/toolbox/{id}/git/config/user", .empty(),
        expect: .init(
            method: "POST", path: ctb + "/git/config/user", accept: json, contentType: json,
            body: #"{"email":"a@b.c","name":"A","path":"/repo","scope":"local"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.git.configureUser(name: "A", email: "a@b.c", scope: .local, in: "/repo")
    },
]

let currentLSPCases: [CurrentCase] = [
    CurrentCase(
        "L1 start", .post, "/toolbox/{id}/lsp/start", .empty(),
        expect: .init(
            method: "POST", path: ctb + "/lsp/start", accept: json, contentType: json,
            body: #"{"languageId":"python","pathToProject":"/repo"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.makeLSPServer(language: .python, projectPath: "/repo").start()
    },
    CurrentCase(
        "L2 stop", .post, "/toolbox/{id}/lsp/stop", .empty(),
        expect: .init(
            method: "POST", path: ctb + "/lsp/stop", accept: json, contentType: json,
            body: #"{"languageId":"python","pathToProject":"/repo"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.makeLSPServer(language: .python, projectPath: "/repo").stop()
    },
    CurrentCase(
        "L3 did-open", .post, "/toolbox/{id}/lsp/did-open", .empty(),
        expect: .init(
            method: "POST", path: ctb + "/lsp/did-open", accept: json, contentType: json,
            body: #"{"languageId":"python","pathToProject":"/repo","uri":"file:///repo/a.py"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.makeLSPServer(language: .python, projectPath: "/repo").didOpen("/repo/a.py")
    },
    CurrentCase(
        "L4 did-close", .post, "/toolbox/{id}/lsp/did-close", .empty(),
        expect: .init(
            method: "POST", path: ctb + "/lsp/did-close", accept: json, contentType: json,
            body: #"{"languageId":"python","pathToProject":"/repo","uri":"file:///repo/a.py"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.makeLSPServer(language: .python, projectPath: "/repo").didClose("/repo/a.py")
    },
    CurrentCase(
        "L5 completions", .post, "/toolbox/{id}/lsp/completions", .json(#"{"isIncomplete":false,"items":[{"label":"print","kind":3}]}"#),
        expect: .init(
            method: "POST", path: ctb + "/lsp/completions", accept: json, contentType: json,
            body: #"{"languageId":"python","pathToProject":"/repo","position":{"character":2,"line":1},"uri":"file:///repo/a.py"}"#)
    ) { (sandbox: Sandbox) async throws in
        let list = try await sandbox.makeLSPServer(language: .python, projectPath: "/repo").completions(
            "/repo/a.py", at: Position(line: 1, character: 2))
        #expect(list.items.map(\.label) == ["print"])
    },
    CurrentCase(
        "L6 document symbols", .get, "/toolbox/{id}/lsp/document-symbols", .json("[]"),
        expect: .init(
            method: "GET", path: ctb + "/lsp/document-symbols", query: "languageId=python&pathToProject=/repo&uri=file%3A///repo/a.py",
            accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.makeLSPServer(language: .python, projectPath: "/repo").documentSymbols("/repo/a.py").isEmpty)
    },
    CurrentCase(
        "L7 workspacesymbols", .get, "/toolbox/{id}/lsp/workspacesymbols",
        .json(
            #"[{"kind":12,"name":"foo","location":{"uri":"file:///repo/a.py","range":{"start":{"line":0,"character":4},"end":{"line":0,"character":7}}}}]"#
        ),
        expect: .init(
            method: "GET", path: ctb + "/lsp/workspacesymbols", query: "query=foo%20bar&languageId=python&pathToProject=/repo", accept: json
        )
    ) { (sandbox: Sandbox) async throws in
        let symbols = try await sandbox.makeLSPServer(language: .python, projectPath: "/repo").workspaceSymbols("foo bar")
        #expect(symbols.map(\.name) == ["foo"])
    },
]

@Suite struct CurrentToolboxWireTable {
    @Test(arguments: currentInfoAndFileCases + currentProcessCases + currentGitCases + currentLSPCases)
    func row(_ row: CurrentCase) async throws {
        let stub = DaytonaStub()
        stub.on(row.method, row.route, respond: row.response)
        let sandbox = currentSandboxHandle(stub, stub.makeClient())
        try await row.call(sandbox)
        #expect(stub.unmatchedRequests.isEmpty, "unmatched: \(stub.unmatchedRequests)")
        #expect(!stub.requests.isEmpty)
        for request in stub.requests { expectCurrentRequest(request, row.expected) }
    }
}
