import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The entry point: creates, finds, starts, stops and removes Daytona workspaces.
///
/// ```swift
/// import Daytona
///
/// let daytona = try DaytonaClient()          // DAYTONA_API_KEY, DAYTONA_SERVER_URL
/// let workspace = try await daytona.create()
/// let response = try await workspace.process.codeRun(#"print("Hello from Swift")"#)
/// print(response.result)
/// try await daytona.remove(workspace)
/// ```
///
/// The client is an actor you can share across tasks. Its calls run concurrently: none of
/// them waits for another. Every wait (create, start, stop) runs under a deadline raced in a
/// task group, and cancelling the calling task cancels the HTTP request and the polling at once.
public actor DaytonaClient {
    /// The SDK's version, sent in the `User-Agent` header.
    public static let version = "0.1.0"

    /// The configuration the client was made with. Printing it never shows the API key.
    public nonisolated let configuration: DaytonaConfiguration
    nonisolated let api: APIClient

    /// Creates a client that talks through `transport` (for example an in-process or
    /// instrumented transport).
    ///
    /// - Parameters:
    ///   - configuration: API key, server URL and default region.
    ///   - transport: Where requests go.
    ///   - clock: The clock for deadlines and polling intervals (inject one in tests).
    public init(configuration: DaytonaConfiguration, transport: any HTTPTransport, clock: any Clock<Duration> = ContinuousClock()) {
        self.configuration = configuration
        self.api = APIClient(configuration: configuration, transport: transport, clock: clock)
    }

    /// Creates a client on a `URLSession` made from `sessionConfiguration`.
    ///
    /// Pass a configuration with your own `protocolClasses` to stub the network in tests. The
    /// session never caches responses nor stores cookies.
    public init(configuration: DaytonaConfiguration, sessionConfiguration: URLSessionConfiguration = .default) {
        self.init(configuration: configuration, transport: URLSessionTransport(configuration: sessionConfiguration))
    }

    /// Creates a client from `DAYTONA_API_KEY`, `DAYTONA_SERVER_URL` and `DAYTONA_TARGET`, read
    /// from the environment, `.env` and `.env.local` (see
    /// ``DaytonaConfiguration/fromEnvironment(_:directory:)``).
    ///
    /// - Throws: ``DaytonaError`` naming the missing setting.
    public init() throws {
        self.init(configuration: try DaytonaConfiguration.fromEnvironment())
    }

    // MARK: Lifecycle

    /// Creates a workspace and waits until it has started.
    ///
    /// The workspace carries the ID the server assigned. The language is recorded as the
    /// `code-toolbox-language` label so that ``list()`` and ``workspace(id:)`` know it later.
    ///
    /// If anything fails after the server created the workspace (it reaches the `error` state,
    /// the deadline passes, or the calling task is cancelled), the polling is cancelled and the
    /// workspace is removed before the error is thrown. A workspace is never removed when the
    /// create request itself was refused (e.g. 401 or 409): it may be somebody else's.
    ///
    /// ```swift
    /// let workspace = try await daytona.create(
    ///     CreateWorkspaceParams(language: .typescript, envVars: ["NODE_ENV": "test"]),
    ///     timeout: .seconds(120)
    /// )
    /// ```
    ///
    /// - Parameters:
    ///   - params: What to create. The default creates a Python workspace.
    ///   - timeout: The limit for creating and starting, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failed to create workspace: `, or `CancellationError`.
    public nonisolated func create(_ params: CreateWorkspaceParams = CreateWorkspaceParams(), timeout: Duration? = .seconds(60))
        async throws -> Workspace
    {
        let api = self.api
        let defaultTarget = configuration.target
        return try await withContext("Failed to create workspace: ") {
            try validateTimeout(timeout)
            try params.validate()
            let requestedID = params.id ?? Self.generateID()
            let body = Self.createBody(params, id: requestedID, defaultTarget: defaultTarget)
            // The overall deadline below also bounds this request.
            let endpoint = try Endpoint.post("/workspace", json: body, expectsBody: true)
            let progress = Locked(CreateProgress.notAnswered)
            do {
                return try await withDeadline(
                    timeout, clock: api.clock,
                    onTimeout: DaytonaError(
                        .timeout,
                        message: "Failed to create and start workspace within \(timeout?.secondsText ?? "") seconds timeout period.")
                ) {
                    let response: BufferedResponse
                    do {
                        response = try await api.send(endpoint)
                    } catch let error as DaytonaError where error.statusCode != nil {
                        progress.withLock { $0 = .refused }
                        throw error
                    }
                    var info = try response.hasBody ? api.decodeWorkspace(from: response) : WorkspaceInfo(id: requestedID)
                    if info.id.isEmpty { info.id = requestedID }
                    progress.withLock { $0 = .created(info.id) }
                    let workspace = Workspace(info: info, language: params.language, api: api)
                    try await withContext("Failure during waiting for workspace to start: ") {
                        try await workspace.poll(until: .started)
                    }
                    return workspace
                }
            } catch {
                // The deadline group has already cancelled and drained the poll and any request.
                let leftover: String?
                switch progress.current {
                case .created(let id): leftover = id
                // The request may have reached the server; the generated ID is ours alone.
                case .notAnswered where params.id == nil: leftover = requestedID
                case .notAnswered, .refused: leftover = nil
                }
                if let leftover {
                    let cleanup = Task.detached { await Self.cleanUp(leftover, api: api) }
                    // A cancelled caller gets its CancellationError at once; the cleanup goes on
                    // under its own deadline. Any other failure waits for the cleanup.
                    if !(error is CancellationError) { await cleanup.value }
                }
                throw error
            }
        }
    }

    private enum CreateProgress {
        case notAnswered
        case refused
        case created(String)
    }

    /// How long removing a half-created workspace may take.
    static let cleanupTimeout = Duration.seconds(30)

    /// Removes a workspace this call created, under its own deadline; errors are ignored. Runs
    /// in a detached task, so it is sent even when the caller was cancelled.
    private static func cleanUp(_ id: String, api: APIClient) async {
        let endpoint = Endpoint.delete(api.workspacePath(id), query: [("force", "true")])
        _ = try? await withDeadline(cleanupTimeout, clock: api.clock, onTimeout: DaytonaError(.timeout, message: "Cleanup timed out")) {
            try await api.send(endpoint)
        }
    }

    static func generateID() -> String {
        "sandbox-" + UUID().uuidString.lowercased().prefix(8)
    }

    static func createBody(_ params: CreateWorkspaceParams, id: String, defaultTarget: TargetRegion) -> V014.CreateWorkspace {
        var labels = params.labels
        if labels[CodeLanguage.labelKey] == nil { labels[CodeLanguage.labelKey] = params.language.rawValue }
        return V014.CreateWorkspace(
            id: id,
            name: params.name ?? id,
            image: params.image,
            user: params.osUser,
            env: params.envVars,
            labels: labels,
            public: params.isPublic,
            target: (params.target ?? defaultTarget).rawValue,
            cpu: params.resources?.cpu,
            gpu: params.resources?.gpu,
            memory: params.resources?.memory,
            disk: params.resources?.disk,
            autoStopInterval: params.autoStopInterval?.wholeMinutes
        )
    }

    /// Creates a workspace, runs `body` with it, and always removes it afterwards: when `body`
    /// returns, when it throws, and when the task is cancelled.
    ///
    /// ```swift
    /// let output = try await daytona.withWorkspace(CreateWorkspaceParams(language: .python)) { workspace in
    ///     try await workspace.process.codeRun("print(6 * 7)").result
    /// }
    /// ```
    ///
    /// `body` runs on the caller's actor (it may touch `@MainActor` state), and its result need
    /// not be `Sendable`.
    ///
    /// The removal runs even when the calling task was cancelled, under its own deadline. A
    /// leaked workspace costs money, so a failed removal is never silent: without
    /// `onCleanupFailure`, it is thrown as a ``DaytonaError`` of category
    /// ``DaytonaError/Category/cleanupFailed`` naming the workspace (when `body` threw, its error
    /// wins and the removal's failure goes to `onCleanupFailure` if given). With
    /// `onCleanupFailure`, the failure is handed to it and the body's result is returned.
    ///
    /// - Parameters:
    ///   - params: What to create.
    ///   - timeout: The limit for creating and starting the workspace. Defaults to 60 s.
    ///   - cleanupTimeout: The limit for removing it. Defaults to 30 s.
    ///   - onCleanupFailure: Called with the workspace's ID and the error when the removal fails.
    ///   - body: The work to do with the workspace.
    /// - Returns: What `body` returned.
    public nonisolated(nonsending) func withWorkspace<T>(
        _ params: CreateWorkspaceParams = CreateWorkspaceParams(),
        timeout: Duration? = .seconds(60),
        cleanupTimeout: Duration = .seconds(30),
        onCleanupFailure: (@Sendable (_ workspaceID: String, _ error: any Error) -> Void)? = nil,
        _ body: (Workspace) async throws -> T
    ) async throws -> T {
        let workspace = try await create(params, timeout: timeout)
        let result: Result<T, any Error>
        do {
            result = .success(try await body(workspace))
        } catch {
            result = .failure(error)
        }
        let id = workspace.id
        let removal: (any Error)? = await Task.detached { [self] () -> (any Error)? in
            do {
                try await remove(id: id, timeout: cleanupTimeout)
                return nil
            } catch {
                return error
            }
        }.value
        if let removal {
            if let onCleanupFailure {
                onCleanupFailure(id, removal)
            } else if case .success = result {
                throw DaytonaError(
                    .cleanupFailed,
                    message: "The work succeeded, but removing workspace \(id) failed; it may still exist: \(removal)",
                    underlyingError: removal)
            }
        }
        return try result.get()
    }

    /// Removes a workspace (`DELETE /workspace/{id}?force=true`).
    ///
    /// - Parameters:
    ///   - workspace: The workspace to remove.
    ///   - timeout: The limit for the request, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failed to remove workspace: `.
    public nonisolated func remove(_ workspace: Workspace, timeout: Duration? = .seconds(60)) async throws {
        try await remove(id: workspace.id, timeout: timeout)
    }

    /// Removes the workspace with the given ID (`DELETE /workspace/{id}?force=true`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to remove workspace: `.
    public nonisolated func remove(id: String, timeout: Duration? = .seconds(60)) async throws {
        let api = self.api
        try await withContext("Failed to remove workspace: ") {
            try validateTimeout(timeout)
            try requireNonEmpty(id, "workspace_id")
            var endpoint = Endpoint.delete(api.workspacePath(id), query: [("force", "true")])
            endpoint.timeout = timeout.flatMap { $0 > .zero ? $0 : nil }
            _ = try await api.send(endpoint)
        }
    }

    /// Finds a workspace by ID (Python: `get_current_workspace`).
    ///
    /// The workspace's language comes from its `code-toolbox-language` label.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get workspace: ` (category `notFound` when
    ///   there is no such workspace).
    public nonisolated func workspace(id: String) async throws -> Workspace {
        let api = self.api
        return try await withContext("Failed to get workspace: ") {
            try requireNonEmpty(id, "workspace_id")
            let info = try api.decodeWorkspace(from: await api.send(.get(api.workspacePath(id))))
            return Workspace(info: info.id.isEmpty ? WorkspaceInfo(id: id) : info, api: api)
        }
    }

    /// Lists every workspace the API key can see.
    ///
    /// Each workspace's language comes from its `code-toolbox-language` label; an unknown label
    /// is kept, not an error.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to list workspaces: `.
    public nonisolated func list() async throws -> [Workspace] {
        let api = self.api
        return try await withContext("Failed to list workspaces: ") {
            let infos = try api.decodeWorkspaces(from: await api.send(.get("/workspace")))
            return infos.map { Workspace(info: $0, api: api) }
        }
    }

    /// Starts a stopped workspace and waits until it runs. Same as ``Workspace/start(timeout:)``.
    public nonisolated func start(_ workspace: Workspace, timeout: Duration? = .seconds(60)) async throws {
        try await workspace.start(timeout: timeout)
    }

    /// Stops a workspace and waits until it has stopped. Same as ``Workspace/stop(timeout:)``.
    public nonisolated func stop(_ workspace: Workspace, timeout: Duration? = .seconds(60)) async throws {
        try await workspace.stop(timeout: timeout)
    }
}

/// Rejects an empty string argument before any request.
func requireNonEmpty(_ value: String, _ name: String) throws {
    if value.isEmpty { throw DaytonaError.invalidArgument("\(name) is required") }
}
