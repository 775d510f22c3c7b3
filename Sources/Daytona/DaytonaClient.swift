import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The entry point: creates, finds, starts, stops and removes Daytona sandboxes.
///
/// ```swift
/// import Daytona
///
/// let daytona = try DaytonaClient()          // DAYTONA_API_KEY, DAYTONA_SERVER_URL
/// let sandbox = try await daytona.create()
/// let response = try await sandbox.process.codeRun(#"print("Hello from Swift")"#)
/// print(response.result)
/// try await daytona.remove(sandbox)
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

    /// Creates a sandbox and waits until it has started.
    ///
    /// The sandbox carries the ID the server assigned. The language is recorded as the
    /// `code-toolbox-language` label so that ``list()`` and ``sandbox(id:)`` know it later.
    ///
    /// If anything fails after the server created the sandbox (it reaches the `error` state,
    /// the deadline passes, or the calling task is cancelled), the polling is cancelled and the
    /// sandbox is removed before the error is thrown. A sandbox is never removed when the
    /// create request itself was refused (e.g. 401 or 409): it may be somebody else's.
    ///
    /// ```swift
    /// let sandbox = try await daytona.create(
    ///     CreateSandboxParams(language: .typescript, envVars: ["NODE_ENV": "test"]),
    ///     timeout: .seconds(120)
    /// )
    /// ```
    ///
    /// - Parameters:
    ///   - params: What to create. The default creates a Python sandbox.
    ///   - timeout: The limit for creating and starting, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failed to create sandbox: `, or `CancellationError`.
    public nonisolated func create(_ params: CreateSandboxParams = CreateSandboxParams(), timeout: Duration? = .seconds(60))
        async throws -> Sandbox
    {
        let api = self.api
        let defaultTarget = configuration.target
        return try await withContext("Failed to create sandbox: ") {
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
                        message: "Failed to create and start sandbox within \(timeout?.secondsText ?? "") seconds timeout period.")
                ) {
                    let response: BufferedResponse
                    do {
                        response = try await api.send(endpoint)
                    } catch let error as DaytonaError where error.statusCode != nil {
                        progress.withLock { $0 = .refused }
                        throw error
                    }
                    var info = try response.hasBody ? api.decodeWorkspace(from: response) : SandboxInfo(id: requestedID)
                    if info.id.isEmpty { info.id = requestedID }
                    progress.withLock { $0 = .created(info.id) }
                    let sandbox = Sandbox(info: info, language: params.language, api: api)
                    try await withContext("Failure during waiting for sandbox to start: ") {
                        try await sandbox.poll(until: .started)
                    }
                    return sandbox
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

    /// How long removing a half-created sandbox may take.
    static let cleanupTimeout = Duration.seconds(30)

    /// Removes a sandbox this call created, under its own deadline; errors are ignored. Runs
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

    static func createBody(_ params: CreateSandboxParams, id: String, defaultTarget: TargetRegion) -> V014.CreateWorkspace {
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

    /// Creates a sandbox, runs `body` with it, and always removes it afterwards: when `body`
    /// returns, when it throws, and when the task is cancelled.
    ///
    /// ```swift
    /// let output = try await daytona.withSandbox(CreateSandboxParams(language: .python)) { sandbox in
    ///     try await sandbox.process.codeRun("print(6 * 7)").result
    /// }
    /// ```
    ///
    /// `body` runs on the caller's actor (it may touch `@MainActor` state), and its result need
    /// not be `Sendable`.
    ///
    /// The removal runs even when the calling task was cancelled, under its own deadline. A
    /// leaked sandbox costs money, so a failed removal is never silent: without
    /// `onCleanupFailure`, it is thrown as a ``DaytonaError`` of category
    /// ``DaytonaError/Category/cleanupFailed`` naming the sandbox (when `body` threw, its error
    /// wins and the removal's failure goes to `onCleanupFailure` if given). With
    /// `onCleanupFailure`, the failure is handed to it and the body's result is returned.
    ///
    /// - Parameters:
    ///   - params: What to create.
    ///   - timeout: The limit for creating and starting the sandbox. Defaults to 60 s.
    ///   - cleanupTimeout: The limit for removing it. Defaults to 30 s.
    ///   - onCleanupFailure: Called with the sandbox's ID and the error when the removal fails.
    ///   - body: The work to do with the sandbox.
    /// - Returns: What `body` returned.
    public nonisolated(nonsending) func withSandbox<T>(
        _ params: CreateSandboxParams = CreateSandboxParams(),
        timeout: Duration? = .seconds(60),
        cleanupTimeout: Duration = .seconds(30),
        onCleanupFailure: (@Sendable (_ sandboxID: String, _ error: any Error) -> Void)? = nil,
        _ body: (Sandbox) async throws -> T
    ) async throws -> T {
        let sandbox = try await create(params, timeout: timeout)
        let result: Result<T, any Error>
        do {
            result = .success(try await body(sandbox))
        } catch {
            result = .failure(error)
        }
        let id = sandbox.id
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
                    message: "The work succeeded, but removing sandbox \(id) failed; it may still exist: \(removal)",
                    underlyingError: removal)
            }
        }
        return try result.get()
    }

    /// Removes a sandbox (`DELETE /workspace/{id}?force=true`).
    ///
    /// - Parameters:
    ///   - sandbox: The sandbox to remove.
    ///   - timeout: The limit for the request, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failed to remove sandbox: `.
    public nonisolated func remove(_ sandbox: Sandbox, timeout: Duration? = .seconds(60)) async throws {
        try await remove(id: sandbox.id, timeout: timeout)
    }

    /// Removes the sandbox with the given ID (`DELETE /workspace/{id}?force=true`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to remove sandbox: `.
    public nonisolated func remove(id: String, timeout: Duration? = .seconds(60)) async throws {
        let api = self.api
        try await withContext("Failed to remove sandbox: ") {
            try validateTimeout(timeout)
            try requireNonEmpty(id, "workspace_id")
            var endpoint = Endpoint.delete(api.workspacePath(id), query: [("force", "true")])
            endpoint.timeout = timeout.flatMap { $0 > .zero ? $0 : nil }
            _ = try await api.send(endpoint)
        }
    }

    /// Finds a sandbox by ID (Python: `get_current_workspace`).
    ///
    /// The sandbox's language comes from its `code-toolbox-language` label.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get sandbox: ` (category `notFound` when
    ///   there is no such sandbox).
    public nonisolated func sandbox(id: String) async throws -> Sandbox {
        let api = self.api
        return try await withContext("Failed to get sandbox: ") {
            try requireNonEmpty(id, "workspace_id")
            let info = try api.decodeWorkspace(from: await api.send(.get(api.workspacePath(id))))
            return Sandbox(info: info.id.isEmpty ? SandboxInfo(id: id) : info, api: api)
        }
    }

    /// Lists every sandbox the API key can see.
    ///
    /// Each sandbox's language comes from its `code-toolbox-language` label; an unknown label
    /// is kept, not an error.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to list sandboxes: `.
    public nonisolated func list() async throws -> [Sandbox] {
        let api = self.api
        return try await withContext("Failed to list sandboxes: ") {
            let infos = try api.decodeWorkspaces(from: await api.send(.get("/workspace")))
            return infos.map { Sandbox(info: $0, api: api) }
        }
    }

    /// Starts a stopped sandbox and waits until it runs. Same as ``Sandbox/start(timeout:)``.
    public nonisolated func start(_ sandbox: Sandbox, timeout: Duration? = .seconds(60)) async throws {
        try await sandbox.start(timeout: timeout)
    }

    /// Stops a sandbox and waits until it has stopped. Same as ``Sandbox/stop(timeout:)``.
    public nonisolated func stop(_ sandbox: Sandbox, timeout: Duration? = .seconds(60)) async throws {
        try await sandbox.stop(timeout: timeout)
    }
}

/// Rejects an empty string argument before any request.
func requireNonEmpty(_ value: String, _ name: String) throws {
    if value.isEmpty { throw DaytonaError.invalidArgument("\(name) is required") }
}
