import Foundation

/// A handle on one Daytona sandbox (a sandbox): its lifecycle, and its sub-APIs
/// ``fs``, ``git``, ``process`` and ``makeLSPServer(language:projectPath:)``.
///
/// A `Sandbox` is a `Sendable` value: copy it into as many tasks as you like. It holds the
/// ``lastKnownInfo`` from when it was made (by create, get or list); call ``info()`` for the
/// current state.
///
/// ```swift
/// let sandbox = try await daytona.create()
/// try await sandbox.fs.uploadFile(Data("print(1)".utf8), to: "/home/daytona/main.py")
/// let run = try await sandbox.process.exec("python3 /home/daytona/main.py")
/// print(run.exitCode, run.result)
/// ```
public struct Sandbox: Sendable, Identifiable, Hashable, CustomStringConvertible {
    /// The ID the server assigned.
    public let id: String
    /// The language ``SandboxProcess/codeRun(_:params:timeout:)`` runs code in.
    public let codeLanguage: CodeLanguage
    /// What the server reported when this handle was made. Not refreshed; see ``info()``.
    public let lastKnownInfo: SandboxInfo
    let api: APIClient

    init(info: SandboxInfo, language: CodeLanguage? = nil, api: APIClient) {
        self.id = info.id
        self.codeLanguage = language ?? info.codeLanguage
        self.lastKnownInfo = info
        self.api = api
    }

    /// The ID and the last known state, e.g. `ws-1 (started)`.
    public var description: String { lastKnownInfo.description }

    /// Handles are equal when they name the same sandbox with the same last known information.
    public static func == (lhs: Sandbox, rhs: Sandbox) -> Bool {
        lhs.id == rhs.id && lhs.codeLanguage == rhs.codeLanguage && lhs.lastKnownInfo == rhs.lastKnownInfo
    }

    /// Hashes the ID.
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// File-system operations inside the sandbox.
    public var fs: FileSystem { FileSystem(sandboxID: id, api: api) }
    /// Git operations inside the sandbox.
    public var git: Git { Git(sandboxID: id, api: api) }
    /// Commands, code and sessions inside the sandbox.
    public var process: SandboxProcess { SandboxProcess(sandboxID: id, language: codeLanguage, api: api) }

    /// A handle on a language server for the project at `projectPath`. Call
    /// ``LSPServer/start()`` before anything else. No request is sent here.
    ///
    /// ```swift
    /// let lsp = sandbox.makeLSPServer(language: .python, projectPath: "/home/daytona/app")
    /// try await lsp.start()
    /// ```
    public func makeLSPServer(language: LSPLanguageID, projectPath: String) -> LSPServer {
        LSPServer(sandboxID: id, language: language, projectPath: projectPath, api: api)
    }

    /// A handle on a language server (deprecated spelling).
    @available(*, deprecated, renamed: "makeLSPServer(language:projectPath:)")
    public func createLspServer(language: LSPLanguageID, projectPath: String) -> LSPServer {
        makeLSPServer(language: language, projectPath: projectPath)
    }

    // MARK: Information

    /// Fetches the sandbox's current information (`GET /workspace/{id}`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get sandbox info: `.
    public func info() async throws -> SandboxInfo {
        try await withContext("Failed to get sandbox info: ") { try await fetchInfo() }
    }

    func fetchInfo() async throws -> SandboxInfo {
        var info = try api.decodeWorkspace(from: await api.send(.get(api.workspacePath(id))))
        if info.id.isEmpty { info.id = id }
        return info
    }

    /// The directory the sandbox's toolbox starts in, e.g. `/home/daytona`
    /// (Python: `get_workspace_root_dir`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get sandbox root directory: `.
    public func rootDirectory() async throws -> String {
        try await withContext("Failed to get sandbox root directory: ") {
            try await api.send(.get(api.toolboxPath(id, "/project-dir")), decoding: V014.ProjectDirectory.self).dir ?? ""
        }
    }

    /// Replaces all of the sandbox's labels (it does not merge) and returns the resulting set.
    ///
    /// ```swift
    /// let labels = try await sandbox.setLabels(["team": "infra", "public": "true"])
    /// ```
    ///
    /// Keep the `code-toolbox-language` label if you want ``DaytonaClient/list()`` to know the
    /// sandbox's language.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to set labels: `.
    public func setLabels(_ labels: [String: String]) async throws -> [String: String] {
        try await withContext("Failed to set labels: ") {
            var endpoint = Endpoint(method: .put, path: api.workspacePath(id, "/labels"), expectsBody: true)
            endpoint.body = .json(try JSONCoding.encode(V014.Labels(labels: labels)))
            let response = try await api.send(endpoint)
            return try api.decodeIfPresent(V014.Labels.self, from: response)?.labels ?? labels
        }
    }

    // MARK: Lifecycle

    /// Starts the sandbox and waits until it runs.
    ///
    /// Sends `POST /workspace/{id}/start`, then polls the state (100 ms at first, backing off to
    /// 1 s) until it is `started`. Reaching `error` fails at once with the server's reason.
    ///
    /// - Parameter timeout: The limit for the whole operation, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failed to start sandbox: `; category `timeout` when
    ///   the deadline passes, `sandboxFailed` on the `error` state. `CancellationError` when the
    ///   calling task is cancelled.
    public func start(timeout: Duration? = .seconds(60)) async throws {
        try await transition(
            "/start", until: .started, verb: "start", prefix: "Failed to start sandbox: ", timeout: timeout)
    }

    /// Stops the sandbox and waits until it has stopped.
    ///
    /// - Parameter timeout: The limit for the whole operation, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failed to stop sandbox: `.
    public func stop(timeout: Duration? = .seconds(60)) async throws {
        try await transition(
            "/stop", until: .stopped, verb: "stop", prefix: "Failed to stop sandbox: ", timeout: timeout)
    }

    private func transition(
        _ action: String, until target: SandboxState, verb: String, prefix: String, timeout: Duration?
    ) async throws {
        let sandbox = self
        try await withContext(prefix) {
            try validateTimeout(timeout)
            try await withDeadline(
                timeout, clock: api.clock,
                onTimeout: sandbox.deadlineError(verb, timeout)
            ) {
                _ = try await sandbox.api.send(.post(sandbox.api.workspacePath(sandbox.id, action)))
                try await withContext("Failure during waiting for sandbox to \(verb): ") {
                    try await sandbox.poll(until: target)
                }
            }
        }
    }

    /// Waits until the sandbox runs, without asking it to start.
    ///
    /// - Parameter timeout: The limit, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failure during waiting for sandbox to start: `.
    public func waitUntilStarted(timeout: Duration? = .seconds(60)) async throws {
        try await wait(until: .started, verb: "start", timeout: timeout)
    }

    /// Waits until the sandbox has stopped, without asking it to stop.
    ///
    /// - Parameter timeout: The limit, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failure during waiting for sandbox to stop: `.
    public func waitUntilStopped(timeout: Duration? = .seconds(60)) async throws {
        try await wait(until: .stopped, verb: "stop", timeout: timeout)
    }

    private func wait(until target: SandboxState, verb: String, timeout: Duration?) async throws {
        let sandbox = self
        try await withContext("Failure during waiting for sandbox to \(verb): ") {
            try validateTimeout(timeout)
            try await withDeadline(
                timeout, clock: api.clock,
                onTimeout: sandbox.deadlineError(verb, timeout)
            ) {
                try await sandbox.poll(until: target)
            }
        }
    }

    func deadlineError(_ verb: String, _ timeout: Duration?) -> DaytonaError {
        DaytonaError(.timeout, message: "Sandbox \(id) failed to \(verb) within the \(timeout?.secondsText ?? "") seconds timeout period")
    }

    /// The first interval between two state polls.
    static let firstPollInterval = Duration.milliseconds(100)
    /// The longest interval between two state polls.
    static let maxPollInterval = Duration.seconds(1)

    /// Polls `GET /workspace/{id}` until the state is `target`, with backoff from 100 ms to 1 s.
    /// The `error` state fails at once. A missing state (no metadata) keeps polling.
    func poll(until target: SandboxState) async throws {
        var interval = Self.firstPollInterval
        let verb = target == .stopped ? "stop" : "start"
        let noun = target == .stopped ? "status" : "state"
        while true {
            let info: SandboxInfo
            do {
                info = try await fetchInfo()
            } catch let error as DaytonaError where error.category == .decoding && target == .stopped {
                // As the reference does while stopping: a half-written record is transient.
                try await api.clock.sleep(for: interval)
                continue
            }
            if info.state == target { return }
            if info.state == .error {
                throw DaytonaError(
                    .sandboxFailed,
                    message: "Sandbox \(id) failed to \(verb) with \(noun): error, error reason: \(info.errorReason ?? "None")"
                )
            }
            try await api.clock.sleep(for: interval)
            interval = min(interval * 3 / 2, Self.maxPollInterval)
        }
    }

    /// Sets how long the sandbox may be idle before it stops (zero disables auto-stop).
    ///
    /// ```swift
    /// try await sandbox.setAutoStopInterval(.seconds(30 * 60))
    /// ```
    ///
    /// The 0.14 API counts whole minutes: the interval is rounded down to one.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to set auto-stop interval: `; a negative
    ///   interval is rejected before any request.
    public func setAutoStopInterval(_ interval: Duration) async throws {
        try await withContext("Failed to set auto-stop interval: ") {
            guard interval >= .zero else {
                throw DaytonaError.invalidArgument("Auto-stop interval must be a non-negative integer")
            }
            _ = try await api.send(.post(api.workspacePath(id, "/autostop/\(interval.wholeMinutes)")))
        }
    }

    /// Sets the auto-stop interval in minutes (deprecated: pass a `Duration`).
    @available(*, deprecated, message: "Pass a Duration, e.g. .seconds(60 * minutes)")
    public func setAutoStopInterval(minutes: Int) async throws {
        try await setAutoStopInterval(.seconds(60 * minutes))
    }

    /// The URL that reaches `port` inside the sandbox: `https://{port}-{id}.{nodeDomain}`.
    ///
    /// No request is sent; the node domain comes from ``lastKnownInfo``.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get preview link: ` when the port is not
    ///   in 1...65535 or the server reported no node domain.
    public func previewLink(port: Int) throws -> URL {
        let prefix = "Failed to get preview link: "
        guard (1...65535).contains(port) else {
            throw DaytonaError.invalidArgument("\(prefix)Port must be between 1 and 65535")
        }
        let domain = lastKnownInfo.nodeDomain
        guard !domain.isEmpty else {
            throw DaytonaError(.notFound, message: "\(prefix)Node domain not found in provider metadata. Please contact support.")
        }
        guard let url = URL(string: "https://\(port)-\(id).\(domain)") else {
            throw DaytonaError.invalidArgument("\(prefix)The sandbox ID and node domain do not form a valid host")
        }
        return url
    }

    /// Archives the stopped sandbox: its file system moves to object storage until the next
    /// start.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to archive sandbox: `.
    public func archive() async throws {
        try await withContext("Failed to archive sandbox: ") {
            _ = try await api.send(.post(api.workspacePath(id, "/archive")))
        }
    }

    /// Asks the server to snapshot the sandbox (`POST /workspace/{id}/snapshot`, not exposed
    /// by the reference SDK).
    ///
    /// - Returns: The sandbox's information when the server returns it, else `nil` (servers
    ///   answer 201 with no body).
    /// - Throws: ``DaytonaError`` prefixed `Failed to create snapshot: `.
    @discardableResult
    public func createSnapshot() async throws -> SandboxInfo? {
        try await withContext("Failed to create snapshot: ") {
            let response = try await api.send(.post(api.workspacePath(id, "/snapshot"), expectsBody: true))
            return try response.hasBody ? api.decodeWorkspace(from: response) : nil
        }
    }

    /// Makes the sandbox's HTTP previews public or private
    /// (`POST /workspace/{id}/public/{true|false}`, not exposed by the reference SDK).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to set public status: `.
    public func setPublic(_ isPublic: Bool) async throws {
        try await withContext("Failed to set public status: ") {
            _ = try await api.send(.post(api.workspacePath(id, "/public/\(isPublic)")))
        }
    }

    /// Changes the sandbox's CPU, GPU and memory (`POST /workspace/{id}/resize`, not exposed
    /// by the reference SDK). Only the values you set are sent.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to resize sandbox: `.
    public func resize(_ resources: SandboxResources) async throws {
        try await withContext("Failed to resize sandbox: ") {
            try resources.validate()
            var endpoint = try Endpoint.post(api.workspacePath(id, "/resize"), json: resources)
            endpoint.expectsBody = false
            _ = try await api.send(endpoint)
        }
    }
}
