import Daytona
import DaytonaLocal
import Foundation
import Testing

/// The local backend speaking today's API: the control plane through the SDK, the toolbox
/// through raw requests on the client's transport (as today's daemon answers them).
@Suite(.timeLimit(.minutes(2))) struct LocalCurrentAPITests {
    /// A transport that notes each request's method and URL before the backend answers it.
    struct Recording: HTTPTransport {
        let base: LocalTransport
        let requests = Locked<[String]>([])

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            requests.withLock { $0.append("\(request.method) \(request.url.absoluteString)") }
            return try await base.send(request)
        }
    }

    /// A raw answer of the backend.
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    /// Sends `method path` (below the API URL) with the client's credentials.
    static func send(
        _ local: LocalDaytona, _ method: HTTPRequest.Method, _ path: String, json: String? = nil, body: Data? = nil,
        contentType: String? = nil
    ) async throws -> Answer {
        let configuration = local.configuration()
        let url = try #require(URL(string: configuration.apiURL.absoluteString + path))
        var headers = ["Authorization": "Bearer \(configuration.apiKey)", "X-Daytona-SDK-Version": "0.226.1"]
        var data = body
        if let json {
            data = Data(json.utf8)
            headers["Content-Type"] = "application/json"
        }
        if let contentType { headers["Content-Type"] = contentType }
        let response = try await local.transport.send(
            HTTPRequest(method: method, url: url, headers: headers, body: data.map { .data($0) }))
        return Answer(
            status: response.statusCode, headers: response.headers, body: try await response.body.collect(upTo: 16 << 20))
    }

    /// A started sandbox of `local`, made through the SDK, and its toolbox path.
    static func sandbox(_ local: LocalDaytona) async throws -> (sandbox: Sandbox, toolbox: String) {
        let sandbox = try await local.makeClient().create()
        return (sandbox, "/toolbox/\(sandbox.id)")
    }

    @Test func controlPlaneThroughTheSDK() async throws {
        let local = try LocalDaytona()
        let recording = Recording(base: local.transport)
        let daytona = DaytonaClient(configuration: local.configuration(), transport: recording)
        let first = try await daytona.create(CreateSandboxParams(name: "alpha", labels: ["team": "a"]))
        let second = try await daytona.create(CreateSandboxParams(labels: ["team": "a"]))
        let other = try await daytona.create(CreateSandboxParams(labels: ["team": "b"]))
        #expect(UUID(uuidString: first.id) != nil, "the server generates a UUID")
        #expect(second.lastKnownInfo.name == second.id, "the name defaults to the ID")
        #expect(first.lastKnownInfo.toolboxProxyURL == local.configuration().apiURL.absoluteString + "/toolbox")

        let found = try await daytona.sandbox(named: "alpha")
        #expect(found.id == first.id)
        #expect(found.lastKnownInfo.labels["team"] == "a")
        let duplicate = await daytonaError { _ = try await daytona.create(CreateSandboxParams(name: "alpha")) }
        #expect(duplicate?.category == .conflict)

        recording.requests.withLock { $0 = [] }
        var listed: [String] = []
        for try await sandbox in daytona.sandboxes(labels: ["team": "a"], pageSize: 1) { listed.append(sandbox.id) }
        #expect(listed == [first.id, second.id])
        let pages = recording.requests.current
        #expect(pages.count == 2, "one request per page: \(pages)")
        #expect(pages.allSatisfy { $0.contains("limit=1") && $0.contains("labels=") })
        #expect(pages.last?.contains("cursor=") == true)
        #expect(try await daytona.list().map(\.id) == [first.id, second.id, other.id])

        try await first.stop()
        #expect(try await first.info().state == .stopped)
        #expect(try await daytona.sandboxes(states: [.stopped]).reduce(into: []) { $0.append($1.id) } == [first.id])
        try await first.start()
        #expect(try await first.info().state == .started)
        #expect(try await first.setLabels(["team": "c"]) == ["team": "c"])
        #expect(try await first.info().labels == ["team": "c"])
        try await first.setAutoArchiveInterval(.seconds(120 * 60))
        try await first.setAutoDeleteInterval(.seconds(-60))
        let info = try await first.info()
        #expect(info.autoArchiveInterval == .seconds(120 * 60))
        #expect(info.autoDeleteInterval == .seconds(-60))
        try await first.resize(SandboxResources(cpu: 2, memory: 4))
        #expect(try await first.info().resources.cpu == 2)

        let link = try await first.previewLink(port: 3000)
        #expect(link.url.absoluteString == "http://localhost:3000")
        #expect(link.token?.isEmpty == false)
        let signed = try await first.signedPreviewURL(port: 8080, expiresIn: .seconds(30))
        #expect(signed.port == 8080)
        try await first.expireSignedPreviewURL(signed)

        try await first.createSnapshot(named: "from-alpha")
        let snapshot = try await Self.send(local, .get, "/snapshots/from-alpha")
        #expect(snapshot.status == 200)
        #expect(snapshot.json["sourceSandboxId"] as? String == first.id)

        try await daytona.remove(first)
        let gone = await daytonaError { _ = try await daytona.sandbox(id: first.id) }
        #expect(gone?.category == .notFound)
        #expect(try await daytona.list().map(\.id) == [second.id, other.id])
    }

    @Test func automaticDetectionAsksConfig() async throws {
        let local = try LocalDaytona()
        let recording = Recording(base: local.transport)
        let daytona = DaytonaClient(configuration: local.configuration(api: .automatic), transport: recording)
        let sandbox = try await daytona.create()
        let requests = recording.requests.current
        #expect(requests.first?.hasPrefix("GET ") == true && requests.first?.hasSuffix("/config") == true, "\(requests)")
        #expect(requests.dropFirst().first?.hasPrefix("POST ") == true && requests.dropFirst().first?.hasSuffix("/sandbox") == true)
        let config = try await Self.send(local, .get, "/config")
        #expect(config.json["defaultSnapshot"] as? String != nil)
        #expect(config.json["proxyToolboxUrl"] as? String == local.configuration().apiURL.absoluteString + "/toolbox")
        #expect(config.json["version"] as? String != nil)
        // One record, both APIs.
        #expect(try await local.makeClient(api: .v0_14).sandbox(id: sandbox.id).id == sandbox.id)
        try await daytona.remove(sandbox)
    }

    @Test func errorsHaveEachServersShape() async throws {
        let local = try LocalDaytona()
        let missing = try await Self.send(local, .get, "/sandbox/nope")
        #expect(missing.status == 404)
        #expect(missing.json["path"] as? String == "/api/sandbox/nope")
        #expect(missing.json["statusCode"] as? Int == 404)
        #expect(missing.json["error"] as? String == "Not Found")
        #expect(missing.json["message"] as? String == "Sandbox with ID or name nope not found")
        #expect(missing.json["timestamp"] as? String != nil)

        let (sandbox, toolbox) = try await Self.sandbox(local)
        let file = try await Self.send(local, .get, toolbox + "/files/info?path=/home/daytona/none")
        #expect(file.status == 404)
        #expect(file.json["code"] as? String == "FILE_NOT_FOUND")
        #expect(file.json["path"] as? String == "/files/info")
        #expect(file.json["method"] as? String == "GET")
        #expect(file.json["timestamp"] as? String != nil)
        let lsp = try await Self.send(
            local, .get, toolbox + "/lsp/workspacesymbols?query=x&languageId=python&pathToProject=/home/daytona")
        #expect(lsp.json["code"] as? String == "LSP_SERVER_NOT_INITIALIZED")
        try await local.makeClient().remove(sandbox)
    }

    @Test func bulkDownloadAnswersOnePartPerPath() async throws {
        let local = try LocalDaytona()
        let (sandbox, toolbox) = try await Self.sandbox(local)
        let home = local.directory(ofWorkspace: sandbox.id).appendingPathComponent("home/daytona")
        try Data("hello".utf8).write(to: home.appendingPathComponent("a.txt"))
        let answer = try await Self.send(
            local, .post, toolbox + "/files/bulk-download", json: #"{"paths":["/home/daytona/a.txt","/home/daytona/missing ü.txt"]}"#)
        #expect(answer.status == 200)
        #expect(answer.headers["content-type"] == "multipart/form-data; boundary=DAYTONA-FILE-BOUNDARY")
        let filePart =
            "--DAYTONA-FILE-BOUNDARY\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"/home/daytona/a.txt\"; filename*=utf-8''%2Fhome%2Fdaytona%2Fa.txt\r\n"
            + "Content-Length: 5\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n"
        let errorHead =
            "--DAYTONA-FILE-BOUNDARY\r\n"
            + "Content-Disposition: form-data; name=\"error\"; filename=\"/home/daytona/missing ü.txt\"; "
            + "filename*=utf-8''%2Fhome%2Fdaytona%2Fmissing%20%C3%BC.txt\r\n"
            + "Content-Type: application/json; charset=utf-8\r\n\r\n"
        let text = answer.text
        #expect(text.hasPrefix(filePart + errorHead), "\(text)")
        #expect(text.hasSuffix("\r\n--DAYTONA-FILE-BOUNDARY--\r\n"))
        let errorJSON = text.dropFirst((filePart + errorHead).count).dropLast("\r\n--DAYTONA-FILE-BOUNDARY--\r\n".count)
        let error = try #require(try JSONSerialization.jsonObject(with: Data(errorJSON.utf8)) as? [String: Any])
        #expect(error["code"] as? String == "FILE_NOT_FOUND")
        #expect(error["statusCode"] as? Int == 404)
        #expect(error["path"] as? String == "/home/daytona/missing ü.txt")

        let empty = try await Self.send(local, .post, toolbox + "/files/bulk-download", json: #"{"paths":[]}"#)
        #expect(empty.status == 400)
        #expect(empty.json["error"] as? String != nil)
        try await local.makeClient().remove(sandbox)
    }

    @Test func bulkUploadReportsEachFile() async throws {
        let local = try LocalDaytona()
        let (sandbox, toolbox) = try await Self.sandbox(local)
        func form(_ files: [(path: String, content: String)]) -> Data {
            var text = ""
            for (index, file) in files.enumerated() {
                text += "--B\r\nContent-Disposition: form-data; name=\"files[\(index)].path\"\r\n\r\n\(file.path)\r\n"
            }
            for (index, file) in files.enumerated() {
                text += "--B\r\nContent-Disposition: form-data; name=\"files[\(index)].file\"; filename=\"\(file.path)\"\r\n"
                text += "Content-Type: text/plain\r\n\r\n\(file.content)\r\n"
            }
            return Data((text + "--B--\r\n").utf8)
        }
        let type = "multipart/form-data; boundary=B"
        let partial = try await Self.send(
            local, .post, toolbox + "/files/bulk-upload",
            body: form([("/home/daytona/up/one.txt", "one"), ("/../../outside.txt", "two")]), contentType: type)
        #expect(partial.status == 400)
        let errors = try #require(partial.json["errors"] as? [String])
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("/../../outside.txt: ") == true)
        let files = try #require(partial.json["files"] as? [[String: Any]])
        #expect(files.count == 1)
        #expect(files.first?["path"] as? String == "/home/daytona/up/one.txt")
        #expect(files.first?["bytes"] as? Int == 3)
        let written = local.directory(ofWorkspace: sandbox.id).appendingPathComponent("home/daytona/up/one.txt")
        #expect(try String(contentsOf: written, encoding: .utf8) == "one")

        let whole = try await Self.send(
            local, .post, toolbox + "/files/bulk-upload", body: form([("/home/daytona/two.txt", "2")]), contentType: type)
        #expect(whole.status == 200)
        #expect(whole.json["errors"] == nil)
        let notMultipart = try await Self.send(local, .post, toolbox + "/files/bulk-upload", json: "{}")
        #expect(notMultipart.status == 400)
        #expect(notMultipart.json["errors"] as? [String] == ["invalid multipart form"])
        try await local.makeClient().remove(sandbox)
    }

    @Test func filesListDepthAndDirectories() async throws {
        let local = try LocalDaytona()
        let (sandbox, toolbox) = try await Self.sandbox(local)
        let home = local.directory(ofWorkspace: sandbox.id).appendingPathComponent("home/daytona")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("d/e"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: home.appendingPathComponent("d/e/f.txt"))
        let dir = try await Self.send(local, .get, toolbox + "/user-home-dir")
        #expect(dir.json["dir"] as? String == "/home/daytona")
        let work = try await Self.send(local, .get, toolbox + "/work-dir")
        #expect(work.json["dir"] as? String == "/home/daytona")
        let listing = try await Self.send(local, .get, toolbox + "/files?path=/home/daytona&depth=2")
        let entries = try #require(try JSONSerialization.jsonObject(with: listing.body) as? [[String: Any]])
        #expect(entries.compactMap { $0["path"] as? String } == ["/home/daytona/d", "/home/daytona/d/e"])
        #expect(entries.allSatisfy { $0["modifiedAt"] is String })
        let refused = try await Self.send(local, .delete, toolbox + "/files?path=/home/daytona/d")
        #expect(refused.status == 400)
        let deleted = try await Self.send(local, .delete, toolbox + "/files?path=/home/daytona/d&recursive=true")
        #expect(deleted.status == 204)
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("d").path))
        try await local.makeClient().remove(sandbox)
    }

    @Test func executeRunsAShellAndCodeRunsCode() async throws {
        let local = try LocalDaytona()
        let (sandbox, toolbox) = try await Self.sandbox(local)
        let shell = try await Self.send(
            local, .post, toolbox + "/process/execute", json: #"{"command":"echo $FOO | tr a-z A-Z; exit 3","envs":{"FOO":"bar"}}"#)
        #expect(shell.status == 200)
        #expect(shell.json["result"] as? String == "BAR\n")
        #expect(shell.json["exitCode"] as? Int == 3)
        let badName = try await Self.send(local, .post, toolbox + "/process/execute", json: #"{"command":"true","envs":{"1X":"y"}}"#)
        #expect(badName.status == 400)
        let code = try await Self.send(
            local, .post, toolbox + "/process/code-run",
            json: #"{"code":"import sys, os; print(sys.argv[1:], os.environ['V'])","language":"python","argv":["a b"],"envs":{"V":"v"}}"#)
        #expect(code.json["result"] as? String == "['a b'] v\n")
        #expect(code.json["exitCode"] as? Int == 0)
        #expect(code.json["artifacts"] as? [String: Any] != nil)
        let timeout = try await Self.send(
            local, .post, toolbox + "/process/execute", json: #"{"command":"sleep 5; echo late","timeout":1}"#)
        #expect(timeout.status == 408)
        #expect(timeout.json["code"] as? String == "PROCESS_EXECUTION_TIMEOUT")
        try await local.makeClient().remove(sandbox)
    }

    @Test func sessionsMarkStreamsAndTakeInput() async throws {
        let local = try LocalDaytona()
        let (sandbox, toolbox) = try await Self.sandbox(local)
        let session = toolbox + "/process/session/s1"
        #expect(try await Self.send(local, .post, toolbox + "/process/session", json: #"{"sessionId":"s1"}"#).status == 201)

        let sync = try await Self.send(local, .post, session + "/exec", json: #"{"command":"echo hi; echo oops >&2; (exit 3)"}"#)
        #expect(sync.status == 200)
        #expect(sync.json["stdout"] as? String == "hi\n")
        #expect(sync.json["stderr"] as? String == "oops\n")
        #expect(sync.json["exitCode"] as? Int == 3)
        let output = try #require(sync.json["output"] as? String)
        #expect(output.contains("\u{1}\u{1}\u{1}hi\n") && output.contains("\u{2}\u{2}\u{2}oops\n"))

        let started = try await Self.send(local, .post, session + "/exec", json: #"{"command":"echo out; echo err >&2","runAsync":true}"#)
        #expect(started.status == 202)
        let commandID = try #require(started.json["cmdId"] as? String)
        #expect(started.json.count == 1, "only cmdId: \(started.json)")
        // Following ends once the command has exited and its log is read to the end.
        let followed = try await Self.send(local, .get, session + "/command/\(commandID)/logs?follow=true")
        #expect(followed.text.contains("\u{1}\u{1}\u{1}out\n"))
        let logs = try await Self.send(local, .get, session + "/command/\(commandID)/logs")
        #expect(logs.headers["content-type"] == "application/json")
        #expect(logs.json["stdout"] as? String == "out\n")
        #expect(logs.json["stderr"] as? String == "err\n")
        #expect((logs.json["output"] as? String)?.contains("\u{2}\u{2}\u{2}err\n") == true)
        let command = try await Self.send(local, .get, session + "/command/\(commandID)")
        #expect(command.json["exitCode"] as? Int == 0)

        let reader = try await Self.send(
            local, .post, session + "/exec", json: #"{"command":"read line; echo \"got $line\"","runAsync":true}"#)
        let readerID = try #require(reader.json["cmdId"] as? String)
        let input = try await Self.send(local, .post, session + "/command/\(readerID)/input", json: #"{"data":"hello\n"}"#)
        #expect(input.status == 204)
        _ = try await Self.send(local, .get, session + "/command/\(readerID)/logs?follow=true")
        let answer = try await Self.send(local, .get, session + "/command/\(readerID)/logs")
        #expect(answer.json["stdout"] as? String == "got hello\n")
        let late = try await Self.send(local, .post, session + "/command/\(readerID)/input", json: #"{"data":"more\n"}"#)
        #expect(late.status == 410)
        #expect(late.json["code"] as? String == "COMMAND_ALREADY_COMPLETED")

        let listed = try await Self.send(local, .get, toolbox + "/process/session")
        #expect(listed.text.contains(#""sessionId":"s1""#))
        #expect(try await Self.send(local, .delete, session).status == 204)
        try await local.makeClient().remove(sandbox)
    }

    @Test func gitAnswersTodaysShapes() async throws {
        let local = try LocalDaytona()
        let (sandbox, toolbox) = try await Self.sandbox(local)
        let setup = try await Self.send(
            local, .post, toolbox + "/process/execute",
            json:
                #"{"command":"git init -q -b main repo && cd repo && echo x > a && git add a && git -c user.name=A -c user.email=a@b commit -qm one && git branch topic"}"#
        )
        #expect(setup.json["exitCode"] as? Int == 0, "\(setup.text)")
        let branches = try await Self.send(local, .get, toolbox + "/git/branches?path=/home/daytona/repo")
        #expect(branches.json["branches"] as? [String] == ["main", "topic"])
        #expect(branches.json["current"] as? String == "main")
        let checkout = try await Self.send(
            local, .post, toolbox + "/git/checkout", json: #"{"path":"/home/daytona/repo","branch":"topic"}"#)
        #expect(checkout.status == 200)
        let status = try await Self.send(local, .get, toolbox + "/git/status?path=/home/daytona/repo")
        #expect(status.json["currentBranch"] as? String == "topic")
        #expect(status.json["fileStatus"] as? [Any] != nil)
        #expect(status.json["detached"] as? Bool == false)
        #expect(status.json["upstream"] as? String == "")
        _ = try await Self.send(local, .post, toolbox + "/git/checkout", json: #"{"path":"/home/daytona/repo","branch":"main"}"#)
        let deleted = try await Self.send(local, .delete, toolbox + "/git/branches", json: #"{"path":"/home/daytona/repo","name":"topic"}"#)
        #expect(deleted.status == 204)
        let after = try await Self.send(local, .get, toolbox + "/git/branches?path=/home/daytona/repo")
        #expect(after.json["branches"] as? [String] == ["main"])
        let exists = try await Self.send(local, .post, toolbox + "/git/branches", json: #"{"path":"/home/daytona/repo","name":"main"}"#)
        #expect(exists.status == 409)
        #expect(exists.json["code"] as? String == "GIT_BRANCH_EXISTS")
        try await local.makeClient().remove(sandbox)
    }

    @Test func snapshotsAndVolumes() async throws {
        let local = try LocalDaytona()
        let created = try await Self.send(local, .post, "/snapshots", json: #"{"name":"py","imageName":"python:3.12"}"#)
        #expect(created.json["state"] as? String == "active")
        let id = try #require(created.json["id"] as? String)
        #expect(try await Self.send(local, .get, "/snapshots/py").json["id"] as? String == id)
        #expect(try await Self.send(local, .post, "/snapshots", json: #"{"name":"py"}"#).status == 409)
        #expect(try await Self.send(local, .post, "/snapshots", json: #"{"name":"l","imageName":"x:latest"}"#).status == 400)
        let page = try await Self.send(local, .get, "/snapshots?page=1&limit=10")
        #expect(page.json["total"] as? Int == 1)
        #expect(page.json["totalPages"] as? Int == 1)
        #expect((page.json["items"] as? [Any])?.count == 1)
        #expect(try await Self.send(local, .post, "/snapshots/\(id)/activate").status == 400, "already active")
        #expect(try await Self.send(local, .post, "/snapshots/\(id)/deactivate").status == 204)
        #expect(try await Self.send(local, .post, "/snapshots/\(id)/activate").json["state"] as? String == "active")
        #expect(try await Self.send(local, .delete, "/snapshots/\(id)").status == 200)
        #expect(try await Self.send(local, .get, "/snapshots/py").status == 404)

        let volume = try await Self.send(local, .post, "/volumes", json: #"{"name":"data"}"#)
        #expect(volume.json["state"] as? String == "ready")
        let volumeID = try #require(volume.json["id"] as? String)
        #expect(try await Self.send(local, .get, "/volumes/by-name/data").json["id"] as? String == volumeID)
        #expect(try await Self.send(local, .get, "/volumes/\(volumeID)").json["name"] as? String == "data")
        let sandbox = try await local.makeClient().create(
            CreateSandboxParams(volumes: [SandboxVolume(volumeID: "data", mountPath: "/data")]))
        #expect(sandbox.lastKnownInfo.volumes.map(\.volumeID) == [volumeID])
        #expect(try await Self.send(local, .delete, "/volumes/\(volumeID)").status == 409, "in use")
        try await local.makeClient().remove(sandbox)
        #expect(try await Self.send(local, .delete, "/volumes/\(volumeID)").status == 200)
        #expect(try await Self.send(local, .get, "/volumes").text == "[]")
    }
}
