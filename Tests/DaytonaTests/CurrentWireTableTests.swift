import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

/// The current API's control plane (WIRE-current §2): one row per endpoint, with every request
/// the call sends (method, path, encoded query), the headers and body bytes of the first, and
/// the decoded answer.
struct CurrentWireCase: Sendable, CustomTestStringConvertible {
    var id: String
    var routes: [(HTTPRequest.Method, String, StubResponse)]
    /// `METHOD /path?query` of every request, in order.
    var lines: [String]
    /// The `Accept` of the first request (`nil`: none).
    var accept: String?
    /// The body of the first request (`nil`: none).
    var body: String?
    var call: @Sendable (DaytonaClient, Sandbox) async throws -> Void

    var testDescription: String { id }

    init(
        _ id: String, _ routes: [(HTTPRequest.Method, String, StubResponse)], lines: [String], accept: String? = "application/json",
        body: String? = nil, call: @escaping @Sendable (DaytonaClient, Sandbox) async throws -> Void
    ) {
        self.id = id
        self.routes = routes
        self.lines = lines
        self.accept = accept
        self.body = body
        self.call = call
    }
}

/// A current-API handle on sandbox `sb-1` whose toolbox is the stub's, made without a request.
func currentSandboxHandle(_ client: DaytonaClient, stub: DaytonaStub, id: String = "sb-1") -> Sandbox {
    var info = SandboxInfo(id: id, labels: [CodeLanguage.labelKey: "python"], state: .started)
    info.toolboxProxyURL = stub.toolboxURL.absoluteString
    return Sandbox(info: info, plane: client.api.controlPlane(.current))
}

private let sb = "/sandbox/sb-1"
private let sandboxAnswer = StubResponse.sandbox(id: "sb-1")

let currentControlPlaneCases: [CurrentWireCase] = [
    CurrentWireCase(
        "S1 list, two pages, filtered",
        [
            (.get, "/sandbox", .later { .sandboxPage(["a", "b"], nextCursor: "CUR%2F1") })
        ],
        lines: [
            "GET /sandbox?limit=2&labels=%7B%22env%22%3A%20%22dev%22%7D&states=started&states=stopped",
            "GET /sandbox?cursor=CUR%252F1&limit=2&labels=%7B%22env%22%3A%20%22dev%22%7D&states=started&states=stopped",
        ]
    ) { client, _ in
        var seen: [String] = []
        for try await sandbox in client.sandboxes(labels: ["env": "dev"], states: [.started, .stopped], pageSize: 2) {
            seen.append(sandbox.id)
            if seen.count == 3 { break }
        }
        #expect(seen == ["a", "b", "a"])
    },
    CurrentWireCase(
        "S2 create, answered started",
        [(.post, "/sandbox", sandboxAnswer)],
        lines: ["POST /sandbox"], body: #"{"env":{},"labels":{"code-toolbox-language":"python"},"volumes":[]}"#
    ) { client, _ in
        let created = try await client.create()
        #expect(created.id == "sb-1")
        #expect(created.lastKnownInfo.organizationID == "org-1")
    },
    CurrentWireCase(
        "S2 create from a snapshot, ephemeral, then polled",
        [(.post, "/sandbox", .sandbox(id: "sb-1", state: .creating)), (.get, "/sandbox/{id}", sandboxAnswer)],
        lines: ["POST /sandbox", "GET /sandbox/sb-1"],
        body:
            #"{"autoDeleteInterval":0,"autoStopInterval":0,"env":{"A":"1"},"labels":{"code-toolbox-language":"typescript","l":"v"},"public":true,"snapshot":"my-snap","volumes":[]}"#
    ) { client, _ in
        var params = CreateSandboxParams(language: .typescript, envVars: ["A": "1"], labels: ["l": "v"], isPublic: true)
        params.snapshot = "my-snap"
        params.autoStopInterval = .zero
        params.isEphemeral = true
        let created = try await client.create(params)
        #expect(created.codeLanguage == .typescript)
    },
    CurrentWireCase(
        "S2 create from an image with resources and a volume",
        [(.post, "/sandbox", sandboxAnswer)],
        lines: ["POST /sandbox"],
        body:
            #"{"buildInfo":{"dockerfileContent":"FROM python:3.12-slim\n"},"cpu":2,"disk":8,"env":{},"labels":{"code-toolbox-language":"python"},"memory":4,"name":"named","target":"eu","volumes":[{"mountPath":"/data","volumeId":"vol-1"}]}"#
    ) { client, _ in
        let params = CreateSandboxParams(
            name: "named", image: "python:3.12-slim", target: .eu, resources: SandboxResources(cpu: 2, memory: 4, disk: 8),
            volumes: [SandboxVolume(volumeID: "vol-1", mountPath: "/data")])
        _ = try await client.create(params)
    },
    CurrentWireCase("S3 get by ID", [(.get, "/sandbox/{id}", sandboxAnswer)], lines: ["GET /sandbox/sb-1"]) { client, _ in
        let found = try await client.sandbox(id: "sb-1")
        #expect(found.lastKnownInfo.state == .started)
        #expect(found.description == "sb-1 (started)")
    },
    CurrentWireCase(
        "S3 get by name", [(.get, "/sandbox/{id}", .sandbox(id: "uuid-1"))], lines: ["GET /sandbox/my%20sandbox%2F%C3%BC"]
    ) { client, _ in
        let found = try await client.sandbox(named: "my sandbox/ü")
        #expect(found.id == "uuid-1")
    },
    CurrentWireCase(
        "S3 missing",
        [
            (
                .get, "/sandbox/{id}",
                .json(#"{"statusCode":404,"error":"Not Found","message":"Sandbox with ID or name missing not found"}"#, status: 404)
            )
        ],
        lines: ["GET /sandbox/missing"]
    ) { client, _ in
        let error = await daytonaError { _ = try await client.sandbox(id: "missing") }
        #expect(error?.category == .notFound)
        #expect(error?.message == "Failed to get sandbox: Sandbox with ID or name missing not found")
    },
    CurrentWireCase(
        "S4 delete", [(.delete, "/sandbox/{id}", .sandbox(id: "sb-1", state: .destroying))], lines: ["DELETE /sandbox/sb-1"]
    ) { client, sandbox in
        try await client.remove(sandbox)
    },
    CurrentWireCase("S5 start, answered started", [(.post, "/sandbox/{id}/start", sandboxAnswer)], lines: ["POST /sandbox/sb-1/start"]) {
        _, sandbox in
        try await sandbox.start()
    },
    CurrentWireCase(
        "S5 start, answered starting",
        [(.post, "/sandbox/{id}/start", .sandbox(id: "sb-1", state: .starting)), (.get, "/sandbox/{id}", sandboxAnswer)],
        lines: ["POST /sandbox/sb-1/start", "GET /sandbox/sb-1"]
    ) { _, sandbox in
        try await sandbox.start()
    },
    CurrentWireCase(
        "S6 stop", [(.post, "/sandbox/{id}/stop", .sandbox(id: "sb-1", state: .stopped))], lines: ["POST /sandbox/sb-1/stop?force=false"]
    ) { client, sandbox in
        try await client.stop(sandbox)
    },
    CurrentWireCase(
        "S6 stop, forced, then gone",
        [(.post, "/sandbox/{id}/stop", .sandbox(id: "sb-1", state: .stopping)), (.get, "/sandbox/{id}", .apiError(404, message: "gone"))],
        lines: ["POST /sandbox/sb-1/stop?force=true", "GET /sandbox/sb-1"]
    ) { _, sandbox in
        try await sandbox.stop(force: true)
    },
    CurrentWireCase("S7 recover", [(.post, "/sandbox/{id}/recover", sandboxAnswer)], lines: ["POST /sandbox/sb-1/recover"]) {
        _, sandbox in
        try await sandbox.recover()
    },
    CurrentWireCase(
        "S8 archive", [(.post, "/sandbox/{id}/archive", .sandbox(id: "sb-1", state: .archiving))], lines: ["POST /sandbox/sb-1/archive"]
    ) { _, sandbox in
        try await sandbox.archive()
    },
    CurrentWireCase(
        "S9 resize, then polled",
        [(.post, "/sandbox/{id}/resize", .sandbox(id: "sb-1", state: .resizing)), (.get, "/sandbox/{id}", sandboxAnswer)],
        lines: ["POST /sandbox/sb-1/resize", "GET /sandbox/sb-1"], body: #"{"cpu":2,"memory":4}"#
    ) { _, sandbox in
        try await sandbox.resize(SandboxResources(cpu: 2, memory: 3.5))
    },
    CurrentWireCase(
        "S10 toolbox URL asked once when the answer names none",
        [
            (.get, "/sandbox/{id}", .sandbox(id: "sb-1", toolboxProxyURL: nil)),
            (.get, "/toolbox/{id}/user-home-dir", .json(#"{"dir":"/home/daytona"}"#)),
        ],
        lines: [
            "GET /sandbox/sb-1", "GET /sandbox/sb-1/toolbox-proxy-url", "GET /toolbox/sb-1/user-home-dir",
            "GET /toolbox/sb-1/user-home-dir",
        ]
    ) { client, _ in
        let found = try await client.sandbox(id: "sb-1")
        let first = try await found.rootDirectory()
        let second = try await found.rootDirectory()
        #expect([first, second] == ["/home/daytona", "/home/daytona"])
    },
    CurrentWireCase(
        "S13 labels", [(.put, "/sandbox/{id}/labels", .json(#"{"labels":{"a":"1"}}"#))], lines: ["PUT /sandbox/sb-1/labels"],
        body: #"{"labels":{"a":"1"}}"#
    ) { _, sandbox in
        let labels = try await sandbox.setLabels(["a": "1"])
        #expect(labels == ["a": "1"])
    },
    CurrentWireCase(
        "S14 public, lowercase", [(.post, "/sandbox/{id}/public/{flag}", sandboxAnswer)], lines: ["POST /sandbox/sb-1/public/true"]
    ) {
        _, sandbox in
        try await sandbox.setPublic(true)
    },
    CurrentWireCase(
        "S15-S18 intervals",
        [
            (.post, "/sandbox/{id}/autostop/{n}", sandboxAnswer), (.post, "/sandbox/{id}/autoarchive/{n}", sandboxAnswer),
            (.post, "/sandbox/{id}/autodelete/{n}", sandboxAnswer), (.post, "/sandbox/{id}/autopause/{n}", sandboxAnswer),
        ],
        lines: [
            "POST /sandbox/sb-1/autostop/60", "POST /sandbox/sb-1/autoarchive/0", "POST /sandbox/sb-1/autodelete/-1",
            "POST /sandbox/sb-1/autopause/5",
        ]
    ) { _, sandbox in
        try await sandbox.setAutoStopInterval(.seconds(3600))
        try await sandbox.setAutoArchiveInterval(.zero)
        try await sandbox.setAutoDeleteInterval(.seconds(-60))
        try await sandbox.setAutoPauseInterval(.seconds(300))
    },
    CurrentWireCase(
        "P1 preview link",
        [
            (
                .get, "/sandbox/{id}/ports/{port}/preview-url",
                .json(#"{"sandboxId":"sb-1","url":"https://3000-sb-1.proxy.daytona.works","token":"ptok"}"#)
            )
        ],
        lines: ["GET /sandbox/sb-1/ports/3000/preview-url"]
    ) { _, sandbox in
        let link = try await sandbox.previewLink(port: 3000)
        #expect(link.url.absoluteString == "https://3000-sb-1.proxy.daytona.works")
        #expect(link.token == "ptok")
        #expect(!link.description.contains("ptok"))
    },
    CurrentWireCase(
        "P2 and P3 signed preview URL, then expired",
        [
            (
                .get, "/sandbox/{id}/ports/{port}/signed-preview-url",
                .json(#"{"sandboxId":"sb-1","port":3000,"token":"stok","url":"https://3000-stok.proxy.daytona.works"}"#)
            ),
            (.post, "/sandbox/{id}/ports/{port}/signed-preview-url/{token}/expire", .empty()),
        ],
        lines: [
            "GET /sandbox/sb-1/ports/3000/signed-preview-url?expiresInSeconds=3600",
            "POST /sandbox/sb-1/ports/3000/signed-preview-url/stok/expire",
        ]
    ) { _, sandbox in
        let signed = try await sandbox.signedPreviewURL(port: 3000, expiresIn: .seconds(3600))
        #expect(signed.token == "stok")
        #expect(!signed.description.contains("stok"))
        try await sandbox.expireSignedPreviewURL(signed)
    },
    CurrentWireCase(
        "N1 named snapshot of a sandbox",
        [(.post, "/sandbox/{id}/snapshot", .sandbox(id: "sb-1", state: .snapshotting)), (.get, "/sandbox/{id}", sandboxAnswer)],
        lines: ["POST /sandbox/sb-1/snapshot", "GET /sandbox/sb-1"], body: #"{"name":"snap-1"}"#
    ) { _, sandbox in
        try await sandbox.createSnapshot(named: "snap-1")
    },
    CurrentWireCase(
        "N3 create snapshot, then polled until active",
        [
            (
                .post, "/snapshots",
                .json(#"{"id":"snap-id","name":"py","state":"pending","general":false,"cpu":1,"gpu":0,"mem":1,"disk":3}"#)
            ),
            (
                .get, "/snapshots/{id}",
                .json(#"{"id":"snap-id","name":"py","state":"active","general":false,"cpu":1,"gpu":0,"mem":1,"disk":3}"#)
            ),
        ],
        lines: ["POST /snapshots", "GET /snapshots/snap-id"], body: #"{"imageName":"python:3.12-slim","name":"py"}"#
    ) { client, _ in
        let snapshot = try await client.snapshots.create(named: "py", image: "python:3.12-slim")
        #expect(snapshot.state == .active)
        #expect(snapshot.resources.memory == 1)
    },
    CurrentWireCase(
        "N4 page of snapshots",
        [(.get, "/snapshots", .json(#"{"items":[{"id":"s1","name":"a","state":"active"}],"total":1,"page":2,"totalPages":2}"#))],
        lines: ["GET /snapshots?page=2&limit=10&name=a%20b"]
    ) { client, _ in
        let page = try await client.snapshots.page(2, pageSize: 10, name: "a b")
        #expect(page.snapshots.map(\.name) == ["a"])
        #expect(page.totalPages == 2)
    },
    CurrentWireCase(
        "N5 get, N6 remove, N7 activate",
        [
            (.get, "/snapshots/{id}", .json(#"{"id":"s1","name":"a b","state":"inactive"}"#)),
            (.delete, "/snapshots/{id}", .empty()),
            (.post, "/snapshots/{id}/activate", .json(#"{"id":"s1","name":"a b","state":"active"}"#)),
        ],
        lines: ["GET /snapshots/a%20b", "POST /snapshots/s1/activate", "DELETE /snapshots/s1"]
    ) { client, _ in
        let snapshot = try await client.snapshots.snapshot(named: "a b")
        #expect(snapshot.state == .inactive)
        let activated = try await client.snapshots.activate(snapshot)
        #expect(activated.state == .active)
        try await client.snapshots.remove(snapshot)
    },
    CurrentWireCase(
        "V1-V5 volumes",
        [
            (.get, "/volumes", .json(#"[{"id":"v1","name":"data","organizationId":"o","state":"ready"}]"#)),
            (.post, "/volumes", .json(#"{"id":"v2","name":"new","state":"pending_create"}"#)),
            (.get, "/volumes/{id}", .json(#"{"id":"v2","name":"new","state":"ready"}"#)),
            (.get, "/volumes/by-name/{name}", .json(#"{"id":"v1","name":"data","state":"ready"}"#)),
            (.delete, "/volumes/{id}", .empty()),
        ],
        lines: [
            "GET /volumes?includeDeleted=true", "POST /volumes", "GET /volumes/v2", "GET /volumes/by-name/data", "GET /volumes/v1",
            "DELETE /volumes/v1",
        ]
    ) { client, _ in
        let listed = try await client.volumes.list(includeDeleted: true)
        #expect(listed.map(\.name) == ["data"])
        let created = try await client.volumes.create(named: "new")
        #expect(created.state == .ready)
        let data = try await client.volumes.volume(named: "data")
        _ = try await client.volumes.volume(id: data.id)
        try await client.volumes.remove(data)
        #expect(data.mounted(at: "/data") == SandboxVolume(volumeID: "v1", mountPath: "/data"))
    },
]

@Suite struct CurrentWireTableTests {
    @Test(arguments: currentControlPlaneCases)
    func controlPlane(_ row: CurrentWireCase) async throws {
        let stub = DaytonaStub()
        for (method, path, response) in row.routes { stub.on(method, path, respond: response) }
        let client = stub.makeClient(target: nil)
        try await row.call(client, currentSandboxHandle(client, stub: stub))
        #expect(stub.requests.map(\.line) == row.lines)
        let first = try #require(stub.requests.first)
        #expect(first.header("Authorization") == "Bearer test-api-key")
        #expect(first.header("X-Daytona-Source") == "sdk-swift")
        #expect(first.header("X-Daytona-SDK-Version") == "0.226.1")
        #expect(first.header("User-Agent") == "daytona-swift/\(DaytonaClient.version)")
        #expect(first.header("X-Daytona-Organization-ID") == nil)
        #expect(first.header("Accept") == row.accept)
        if let body = row.body {
            #expect(first.bodyText == body)
            #expect(first.header("Content-Type") == "application/json")
        } else {
            #expect(first.body.isEmpty, "unexpected body: \(first.bodyText)")
            #expect(first.header("Content-Type") == nil)
        }
    }

    @Test func automaticAsksOnceAndRemembers() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/config", respond: .json(#"{"version":"v0.226.0","defaultSnapshot":"daytonaio/sandbox"}"#))
        stub.on(.get, "/sandbox/{id}", respond: .sandbox(id: "sb-1"))
        let client = stub.makeClient(api: .automatic)
        async let first = client.sandbox(id: "sb-1")
        async let second = client.sandbox(id: "sb-1")
        _ = try await (first, second)
        let version = try await client.apiVersion()
        #expect(version == .current)
        #expect(stub.requests.map(\.line).filter { $0 == "GET /config" }.count == 1)
        #expect(stub.requests.filter { $0.line == "GET /sandbox/sb-1" }.count == 2)
        #expect(stub.requests.first?.header("X-Daytona-Source") == "sdk-swift")
    }

    @Test func automaticFallsBackTo014OnA404() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace/{id}", respond: .workspace(id: "ws-1"))
        let client = stub.makeClient(api: .automatic)
        _ = try await client.sandbox(id: "ws-1")
        _ = try await client.sandbox(id: "ws-1")
        #expect(stub.requests.map(\.line) == ["GET /config", "GET /workspace/ws-1", "GET /workspace/ws-1"])
        #expect(stub.requests[1].header("X-Daytona-Source") == nil)
        let version = try await client.apiVersion()
        #expect(version == .v0_14)
    }

    @Test func aServerThatIsNeitherIsAClearErrorAndIsAskedAgain() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/config", respond: [.text("<html>hello</html>", contentType: "text/html"), .json(#"{"version":"x"}"#)])
        stub.on(.get, "/sandbox/{id}", respond: .sandbox(id: "sb-1"))
        let client = stub.makeClient(api: .automatic)
        let error = await daytonaError { _ = try await client.sandbox(id: "sb-1") }
        #expect(error?.category == .unsupported)
        #expect(error?.message.contains("speaks neither the current Daytona API nor the 0.14 API") == true)
        _ = try await client.sandbox(id: "sb-1")
        #expect(stub.requests.map(\.line) == ["GET /config", "GET /config", "GET /sandbox/sb-1"])
    }

    @Test func callsOfOneAPIFailBeforeAnyRequestOnTheOther() async throws {
        let stub = DaytonaStub()
        let legacy = stub.makeClient(api: .v0_14)
        let byName = await daytonaError { _ = try await legacy.sandbox(named: "x") }
        #expect(byName?.category == .unsupported)
        #expect(
            byName?.message
                == "Failed to get sandbox: Finding a sandbox by name is not available in the Daytona 0.14 API, which this server speaks (see DaytonaConfiguration.api)"
        )
        #expect(await daytonaError { _ = try await legacy.snapshots.list() }?.category == .unsupported)
        #expect(await daytonaError { _ = try await legacy.volumes.list() }?.category == .unsupported)
        let old = sandboxHandle(legacy)
        #expect(await daytonaError { try await old.recover() }?.category == .unsupported)
        #expect(await daytonaError { try await old.setAutoArchiveInterval(.zero) }?.category == .unsupported)
        #expect(await daytonaError { _ = try await old.signedPreviewURL(port: 80) }?.category == .unsupported)
        let current = currentSandboxHandle(stub.makeClient(), stub: stub)
        #expect(await daytonaError { _ = try await current.createSnapshot() }?.category == .unsupported)
        #expect(stub.requests.isEmpty)
    }

    @Test func badInputIsRefusedBeforeAnyRequest() async throws {
        let stub = DaytonaStub()
        let client = stub.makeClient()
        #expect(await daytonaError { _ = try await client.sandbox(id: "") }?.category == .invalidArgument)
        #expect(await daytonaError { _ = try await client.sandbox(named: "") }?.category == .invalidArgument)
        #expect(await daytonaError { _ = try await client.snapshots.snapshot(named: "") }?.category == .invalidArgument)
        #expect(await daytonaError { _ = try await client.volumes.volume(named: "") }?.category == .invalidArgument)
        let sandbox = currentSandboxHandle(client, stub: stub)
        #expect(await daytonaError { _ = try await sandbox.previewLink(port: 0) }?.category == .invalidArgument)
        #expect(await daytonaError { try await sandbox.setAutoArchiveInterval(.seconds(-60)) }?.category == .invalidArgument)
        #expect(await daytonaError { try await sandbox.resize(SandboxResources(gpu: 1)) }?.category == .invalidArgument)
        #expect(await daytonaError { try await sandbox.createSnapshot(named: "") }?.category == .invalidArgument)
        #expect(await daytonaError { for try await _ in client.sandboxes(pageSize: 0) {} }?.category == .invalidArgument)
        #expect(stub.requests.isEmpty)
    }

    @Test func trailingSlashesOnTheAPIAndProxyURLsAreIgnored() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/sandbox/{id}", respond: .sandbox(id: "sb-1", toolboxProxyURL: stub.toolboxURL.appendingPathComponent("/")))
        stub.on(.get, "/toolbox/{id}/user-home-dir", respond: .json(#"{"dir":"/home/daytona"}"#))
        var configuration = stub.configuration()
        configuration.apiURL = URL(string: stub.apiURL.absoluteString + "//")!
        let client = DaytonaClient(configuration: configuration, sessionConfiguration: stub.sessionConfiguration)
        _ = try await client.sandbox(id: "sb-1").rootDirectory()
        #expect(stub.requests.map(\.url.path) == ["/api/sandbox/sb-1", "/api/toolbox/sb-1/user-home-dir"])
    }

    @Test func errorBodiesOfEveryShapeKeepTheirCode() async throws {
        let stub = DaytonaStub()
        stub.on(
            .get, "/toolbox/{id}/user-home-dir",
            respond: .json(
                #"{"statusCode":403,"message":"permission denied","code":"FILE_ACCESS_DENIED","timestamp":"t","path":"/user-home-dir","method":"GET","source":"DAYTONA_DAEMON"}"#,
                status: 403))
        stub.on(
            .post, "/sandbox/{id}/start", respond: .json(#"{"statusCode":409,"code":"SANDBOX_DESTROYED","message":"gone"}"#, status: 400))
        let sandbox = currentSandboxHandle(stub.makeClient(), stub: stub)
        let denied = await daytonaError { _ = try await sandbox.rootDirectory() }
        #expect(denied?.category == .forbidden)
        #expect(denied?.code == "FILE_ACCESS_DENIED")
        #expect(denied?.source == "DAYTONA_DAEMON")
        #expect(denied?.message == "Failed to get sandbox root directory: permission denied")
        let destroyed = await daytonaError { try await sandbox.start() }
        #expect(destroyed?.category == .notFound)
        #expect(destroyed?.statusCode == 400)
        #expect(destroyed?.debugDescription.contains("code SANDBOX_DESTROYED") == true)
    }

    @Test func createOutlivesTheRequestTimeoutAndMapsAFailedStart() async throws {
        let stub = DaytonaStub()
        // Today's server holds the create request while the sandbox starts.
        stub.on(
            .post, "/sandbox",
            respond: [.sandbox(id: "sb-1").delayed(by: .milliseconds(300)), .apiError(400, message: "Sandbox failed to start: no runner")])
        var configuration = stub.configuration()
        configuration.requestTimeout = .milliseconds(50)
        let client = DaytonaClient(configuration: configuration, sessionConfiguration: stub.sessionConfiguration)
        let created = try await client.create()
        #expect(created.id == "sb-1")
        let error = await daytonaError { _ = try await client.create() }
        #expect(error?.category == .sandboxFailed)
        #expect(error?.message == "Failed to create sandbox: Sandbox failed to start: no runner")
        #expect(stub.requests.map(\.line) == ["POST /sandbox", "POST /sandbox"])
    }

    @Test func createThatFailsToStartRemovesTheSandboxWithoutForce() async throws {
        let stub = DaytonaStub()
        stub.on(.post, "/sandbox", respond: .sandbox(id: "sb-1", state: .creating))
        stub.on(.get, "/sandbox/{id}", respond: .sandbox(id: "sb-1", state: .buildFailed, errorReason: "bad Dockerfile"))
        stub.on(.delete, "/sandbox/{id}", respond: .sandbox(id: "sb-1", state: .destroying))
        let error = await daytonaError { _ = try await stub.makeClient().create() }
        #expect(error?.category == .sandboxFailed)
        #expect(
            error?.message
                == "Failed to create sandbox: Failure during waiting for sandbox to start: Sandbox sb-1 failed to start with state: build_failed, error reason: bad Dockerfile"
        )
        #expect(stub.requests.map(\.line) == ["POST /sandbox", "GET /sandbox/sb-1", "DELETE /sandbox/sb-1"])
    }
}
