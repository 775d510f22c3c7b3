import Foundation

/// A handle on one Daytona workspace (a sandbox): its lifecycle, and its sub-APIs
/// ``fs``, ``git``, ``process`` and ``makeLSPServer(language:projectPath:)``.
///
/// A `Workspace` is a `Sendable` value: copy it into as many tasks as you like. It holds the
/// ``lastKnownInfo`` from when it was made (by create, get or list); call ``info()`` for the
/// current state.
///
/// ```swift
/// let workspace = try await daytona.create()
/// try await workspace.fs.uploadFile(Data("print(1)".utf8), to: "/home/daytona/main.py")
/// let run = try await workspace.process.exec("python3 /home/daytona/main.py")
/// print(run.exitCode, run.result)
/// ```
public struct Workspace: Sendable, Identifiable, Hashable, CustomStringConvertible {
    /// The ID the server assigned.
    public let id: String
    /// The language ``WorkspaceProcess/codeRun(_:params:timeout:)`` runs code in.
    public let codeLanguage: CodeLanguage
    /// What the server reported when this handle was made. Not refreshed; see ``info()``.
    public let lastKnownInfo: WorkspaceInfo
    let api: APIClient

    init(info: WorkspaceInfo, language: CodeLanguage? = nil, api: APIClient) {
        self.id = info.id
        self.codeLanguage = language ?? info.codeLanguage
        self.lastKnownInfo = info
        self.api = api
    }

    /// The ID and the last known state, e.g. `ws-1 (started)`.
    public var description: String { lastKnownInfo.description }

    /// Handles are equal when they name the same workspace with the same last known information.
    public static func == (lhs: Workspace, rhs: Workspace) -> Bool {
        lhs.id == rhs.id && lhs.codeLanguage == rhs.codeLanguage && lhs.lastKnownInfo == rhs.lastKnownInfo
    }

    /// Hashes the ID.
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// File-system operations inside the workspace.
    public var fs: FileSystem { FileSystem(workspaceID: id, api: api) }
    /// Git operations inside the workspace.
    public var git: Git { Git(workspaceID: id, api: api) }
    /// Commands, code and sessions inside the workspace.
    public var process: WorkspaceProcess { WorkspaceProcess(workspaceID: id, language: codeLanguage, api: api) }

    /// A handle on a language server for the project at `projectPath`. Call
    /// ``LSPServer/start()`` before anything else. No request is sent here.
    ///
    /// ```swift
    /// let lsp = workspace.makeLSPServer(language: .python, projectPath: "/home/daytona/app")
    /// try await lsp.start()
    /// ```
    public func makeLSPServer(language: LSPLanguageID, projectPath: String) -> LSPServer {
        LSPServer(workspaceID: id, language: language, projectPath: projectPath, api: api)
    }

    /// A handle on a language server (deprecated spelling).
    @available(*, deprecated, renamed: "makeLSPServer(language:projectPath:)")
    public func createLspServer(language: LSPLanguageID, projectPath: String) -> LSPServer {
        makeLSPServer(language: language, projectPath: projectPath)
    }

    // MARK: Information

    /// Fetches the workspace's current information (`GET /workspace/{id}`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get workspace info: `.
    public func info() async throws -> WorkspaceInfo {
        try await withContext("Failed to get workspace info: ") { try await fetchInfo() }
    }

    func fetchInfo() async throws -> WorkspaceInfo {
        var info = try api.decodeWorkspace(from: await api.send(.get(api.workspacePath(id))))
        if info.id.isEmpty { info.id = id }
        return info
    }

    /// The directory the workspace's toolbox starts in, e.g. `/home/daytona`
    /// (Python: `get_workspace_root_dir`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get workspace root directory: `.
    public func rootDirectory() async throws -> String {
        try await withContext("Failed to get workspace root directory: ") {
            try await api.send(.get(api.toolboxPath(id, "/project-dir")), decoding: V014.ProjectDirectory.self).dir ?? ""
        }
    }

    /// Replaces all of the workspace's labels (it does not merge) and returns the resulting set.
    ///
    /// ```swift
    /// let labels = try await workspace.setLabels(["team": "infra", "public": "true"])
    /// ```
    ///
    /// Keep the `code-toolbox-language` label if you want ``DaytonaClient/list()`` to know the
    /// workspace's language.
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

    /// Starts the workspace and waits until it runs.
    ///
    /// Sends `POST /workspace/{id}/start`, then polls the state (100 ms at first, backing off to
    /// 1 s) until it is `started`. Reaching `error` fails at once with the server's reason.
    ///
    /// - Parameter timeout: The limit for the whole operation, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failed to start workspace: `; category `timeout` when
    ///   the deadline passes, `workspaceFailed` on the `error` state. `CancellationError` when the
    ///   calling task is cancelled.
    public func start(timeout: Duration? = .seconds(60)) async throws {
        try await transition(
            "/start", until: .started, verb: "start", prefix: "Failed to start workspace: ", timeout: timeout)
    }

    /// Stops the workspace and waits until it has stopped.
    ///
    /// - Parameter timeout: The limit for the whole operation, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failed to stop workspace: `.
    public func stop(timeout: Duration? = .seconds(60)) async throws {
        try await transition(
            "/stop", until: .stopped, verb: "stop", prefix: "Failed to stop workspace: ", timeout: timeout)
    }

    private func transition(
        _ action: String, until target: WorkspaceState, verb: String, prefix: String, timeout: Duration?
    ) async throws {
        let workspace = self
        try await withContext(prefix) {
            try validateTimeout(timeout)
            try await withDeadline(
                timeout, clock: api.clock,
                onTimeout: workspace.deadlineError(verb, timeout)
            ) {
                _ = try await workspace.api.send(.post(workspace.api.workspacePath(workspace.id, action)))
                try await withContext("Failure during waiting for workspace to \(verb): ") {
                    try await workspace.poll(until: target)
                }
            }
        }
    }

    /// Waits until the workspace runs, without asking it to start.
    ///
    /// - Parameter timeout: The limit, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failure during waiting for workspace to start: `.
    public func waitUntilStarted(timeout: Duration? = .seconds(60)) async throws {
        try await wait(until: .started, verb: "start", timeout: timeout)
    }

    /// Waits until the workspace has stopped, without asking it to stop.
    ///
    /// - Parameter timeout: The limit, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failure during waiting for workspace to stop: `.
    public func waitUntilStopped(timeout: Duration? = .seconds(60)) async throws {
        try await wait(until: .stopped, verb: "stop", timeout: timeout)
    }

    private func wait(until target: WorkspaceState, verb: String, timeout: Duration?) async throws {
        let workspace = self
        try await withContext("Failure during waiting for workspace to \(verb): ") {
            try validateTimeout(timeout)
            try await withDeadline(
                timeout, clock: api.clock,
                onTimeout: workspace.deadlineError(verb, timeout)
            ) {
                try await workspace.poll(until: target)
            }
        }
    }

    func deadlineError(_ verb: String, _ timeout: Duration?) -> DaytonaError {
        DaytonaError(.timeout, message: "Workspace \(id) failed to \(verb) within the \(timeout?.secondsText ?? "") seconds timeout period")
    }

    /// The first interval between two state polls.
    static let firstPollInterval = Duration.milliseconds(100)
    /// The longest interval between two state polls.
    static let maxPollInterval = Duration.seconds(1)

    /// Polls `GET /workspace/{id}` until the state is `target`, with backoff from 100 ms to 1 s.
    /// The `error` state fails at once. A missing state (no metadata) keeps polling.
    func poll(until target: WorkspaceState) async throws {
        var interval = Self.firstPollInterval
        let verb = target == .stopped ? "stop" : "start"
        let noun = target == .stopped ? "status" : "state"
        while true {
            let info: WorkspaceInfo
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
                    .workspaceFailed,
                    message: "Workspace \(id) failed to \(verb) with \(noun): error, error reason: \(info.errorReason ?? "None")"
                )
            }
            try await api.clock.sleep(for: interval)
            interval = min(interval * 3 / 2, Self.maxPollInterval)
        }
    }

    /// Sets how long the workspace may be idle before it stops (zero disables auto-stop).
    ///
    /// ```swift
    /// try await workspace.setAutoStopInterval(.seconds(30 * 60))
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

    /// The URL that reaches `port` inside the workspace: `https://{port}-{id}.{nodeDomain}`.
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
            throw DaytonaError.invalidArgument("\(prefix)The workspace ID and node domain do not form a valid host")
        }
        return url
    }

    /// Archives the stopped workspace: its file system moves to object storage until the next
    /// start.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to archive workspace: `.
    public func archive() async throws {
        try await withContext("Failed to archive workspace: ") {
            _ = try await api.send(.post(api.workspacePath(id, "/archive")))
        }
    }

    /// Asks the server to snapshot the workspace (`POST /workspace/{id}/snapshot`, not exposed
    /// by the reference SDK).
    ///
    /// - Returns: The workspace's information when the server returns it, else `nil` (servers
    ///   answer 201 with no body).
    /// - Throws: ``DaytonaError`` prefixed `Failed to create snapshot: `.
    @discardableResult
    public func createSnapshot() async throws -> WorkspaceInfo? {
        try await withContext("Failed to create snapshot: ") {
            let response = try await api.send(.post(api.workspacePath(id, "/snapshot"), expectsBody: true))
            return try response.hasBody ? api.decodeWorkspace(from: response) : nil
        }
    }

    /// Makes the workspace's HTTP previews public or private
    /// (`POST /workspace/{id}/public/{true|false}`, not exposed by the reference SDK).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to set public status: `.
    public func setPublic(_ isPublic: Bool) async throws {
        try await withContext("Failed to set public status: ") {
            _ = try await api.send(.post(api.workspacePath(id, "/public/\(isPublic)")))
        }
    }

    /// Changes the workspace's CPU, GPU and memory (`POST /workspace/{id}/resize`, not exposed
    /// by the reference SDK). Only the values you set are sent.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to resize workspace: `.
    public func resize(_ resources: WorkspaceResources) async throws {
        try await withContext("Failed to resize workspace: ") {
            try resources.validate()
            var endpoint = try Endpoint.post(api.workspacePath(id, "/resize"), json: resources)
            endpoint.expectsBody = false
            _ = try await api.send(endpoint)
        }
    }
}
