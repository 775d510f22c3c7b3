import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The entry point: creates, finds, starts, stops and removes Daytona sandboxes, and reaches
/// snapshots and volumes.
///
/// ```swift
/// import Daytona
///
/// let daytona = try DaytonaClient()          // DAYTONA_API_KEY, DAYTONA_API_URL
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

    /// Creates a client from `DAYTONA_API_KEY` (or `DAYTONA_JWT_TOKEN`), `DAYTONA_API_URL` and
    /// `DAYTONA_TARGET`, read
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
    /// `code-toolbox-language` label so that ``list(labels:)`` and ``sandbox(id:)`` know it later.
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
        return try await withContext("Failed to create sandbox: ") {
            try validateTimeout(timeout)
            try params.validate()
            let requestedID = params.id ?? Self.generateID()
            let progress = Locked(CreateProgress.notAnswered)
            let started = ContinuousClock.now
            // Resolved outside the deadline's task group, so a cleanup knows the API.
            let plane = try await api.controlPlane()
            do {
                return try await withDeadline(
                    timeout, clock: api.clock,
                    onTimeout: DaytonaError(
                        .timeout,
                        message: "Failed to create and start sandbox within \(timeout?.secondsText ?? "") seconds timeout period.")
                ) {
                    let answer: SandboxInfo?
                    do {
                        answer = try await plane.create(params, requestedID: requestedID, timeout: timeout)
                    } catch let error as DaytonaError where error.statusCode != nil {
                        // A 2xx answer that cannot be read: the server accepted the sandbox.
                        let accepted = error.category == .decoding && (200..<300).contains(error.statusCode ?? 0)
                        let knownID = plane.dialect == .v014 ? requestedID : params.id
                        progress.withLock { $0 = accepted ? knownID.map(CreateProgress.created) ?? .refused : .refused }
                        throw error
                    }
                    var info = answer ?? SandboxInfo(id: requestedID)
                    if info.id.isEmpty { info.id = requestedID }
                    progress.withLock { $0 = .created(info.id) }
                    let sandbox = Sandbox(info: info, language: params.language, plane: plane)
                    if info.state == .started { return sandbox }
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
                // The request may have reached the server; a generated 0.14 ID is ours alone.
                case .notAnswered where params.id == nil && plane.dialect == .v014: leftover = requestedID
                case .notAnswered, .refused: leftover = nil
                }
                if let leftover {
                    let cleanup = Task.detached { await Self.cleanUp(leftover, plane: plane) }
                    // A cancelled caller gets its CancellationError at once; the cleanup goes on
                    // under its own deadline. Any other failure waits for the cleanup, but not
                    // past the caller's deadline (the cleanup goes on after it).
                    if !(error is CancellationError) {
                        await Self.wait(for: cleanup, atMost: timeout.map { $0 - started.duration(to: .now) })
                    }
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
    private static func cleanUp(_ id: String, plane: any ControlPlane) async {
        _ = try? await withDeadline(cleanupTimeout, clock: plane.api.clock, onTimeout: DaytonaError(.timeout, message: "Cleanup timed out"))
        {
            try await plane.removeAbandoned(id)
        }
    }

    /// Waits for `cleanup`, at most `limit` (at least a few milliseconds, enough to hand the
    /// request to the network), or until it ends when `limit` is `nil`.
    private static func wait(for cleanup: Task<Void, Never>, atMost limit: Duration?) async {
        guard let limit else { return await cleanup.value }
        // Not a task group: it would wait for its child awaiting `cleanup`, which cannot be
        // cancelled.
        let timer = Locked<Task<Void, Never>?>(nil)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let pending = Locked<CheckedContinuation<Void, Never>?>(continuation)
            let resume: @Sendable () -> Void = {
                pending.withLock { current in
                    defer { current = nil }
                    return current
                }?.resume()
            }
            Task {
                await cleanup.value
                resume()
            }
            timer.withLock {
                $0 = Task {
                    try? await Task.sleep(for: max(limit, cleanupGrace))
                    resume()
                }
            }
        }
        timer.current?.cancel()
    }

    /// How long a caller whose deadline has passed still waits for its cleanup to go out.
    static let cleanupGrace = Duration.milliseconds(50)

    static func generateID() -> String {
        "sandbox-" + UUID().uuidString.lowercased().prefix(8)
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
                try await remove(sandbox, timeout: cleanupTimeout)
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

    /// Removes a sandbox (`DELETE /sandbox/{id}`; 0.14: `DELETE /workspace/{id}?force=true`).
    ///
    /// - Parameters:
    ///   - sandbox: The sandbox to remove.
    ///   - timeout: The limit for the request, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failed to remove sandbox: `.
    public nonisolated func remove(_ sandbox: Sandbox, timeout: Duration? = .seconds(60)) async throws {
        try await withContext("Failed to remove sandbox: ") {
            try validateTimeout(timeout)
            try await sandbox.plane.remove(sandbox.id, timeout: timeout.flatMap { $0 > .zero ? $0 : nil })
        }
    }

    /// Removes the sandbox with the given ID (`DELETE /sandbox/{id}`; 0.14:
    /// `DELETE /workspace/{id}?force=true`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to remove sandbox: `.
    public nonisolated func remove(id: String, timeout: Duration? = .seconds(60)) async throws {
        let api = self.api
        try await withContext("Failed to remove sandbox: ") {
            try validateTimeout(timeout)
            try requireNonEmpty(id, "sandbox_id")
            try await api.controlPlane().remove(id, timeout: timeout.flatMap { $0 > .zero ? $0 : nil })
        }
    }

    /// Finds a sandbox by ID (Python: `get`; the seed's `get_current_workspace`).
    ///
    /// The sandbox's language comes from its `code-toolbox-language` label.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get sandbox: ` (category `notFound` when
    ///   there is no such sandbox).
    public nonisolated func sandbox(id: String) async throws -> Sandbox {
        let api = self.api
        return try await withContext("Failed to get sandbox: ") {
            try requireNonEmpty(id, "sandbox_id")
            let plane = try await api.controlPlane()
            return Sandbox(info: try await plane.sandbox(id), plane: plane)
        }
    }

    /// Finds a sandbox by its name (Python: `get`). The current API only: names are not unique
    /// keys in 0.14.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get sandbox: `: `notFound` when there is
    ///   no such sandbox, `unsupported` on a 0.14 server.
    public nonisolated func sandbox(named name: String) async throws -> Sandbox {
        let api = self.api
        return try await withContext("Failed to get sandbox: ") {
            try requireNonEmpty(name, "sandbox_id_or_name")
            let plane = try await api.currentControlPlane(for: "Finding a sandbox by name")
            return Sandbox(info: try await plane.sandbox(name), plane: plane)
        }
    }

    /// Lists every sandbox the credentials can see, reading all pages.
    ///
    /// Each sandbox's language comes from its `code-toolbox-language` label; an unknown label
    /// is kept, not an error. For large accounts, prefer ``sandboxes(labels:states:pageSize:)``,
    /// which reads one page at a time.
    ///
    /// - Parameter labels: Only sandboxes with all these labels (the 0.14 API filters here,
    ///   after reading every workspace).
    /// - Throws: ``DaytonaError`` prefixed `Failed to list sandboxes: `.
    public nonisolated func list(labels: [String: String] = [:]) async throws -> [Sandbox] {
        var all: [Sandbox] = []
        for try await sandbox in sandboxes(labels: labels) { all.append(sandbox) }
        return all
    }

    /// The sandboxes the credentials can see, one page at a time as you iterate.
    ///
    /// ```swift
    /// for try await sandbox in daytona.sandboxes(labels: ["team": "infra"]) {
    ///     print(sandbox)
    /// }
    /// ```
    ///
    /// The current API pages with a cursor (`GET /sandbox?cursor=…`); the next page is asked
    /// for only when you iterate past the last sandbox of a page, and stopping early asks for
    /// no more. The 0.14 API answers everything at once.
    ///
    /// - Parameters:
    ///   - labels: Only sandboxes with all these labels.
    ///   - states: Only sandboxes in one of these states; empty for all.
    ///   - pageSize: Sandboxes per request (1–200), or `nil` for the server's default (100).
    public nonisolated func sandboxes(
        labels: [String: String] = [:], states: [SandboxState] = [], pageSize: Int? = nil
    ) -> SandboxSequence {
        SandboxSequence(api: api, filter: SandboxFilter(labels: labels, states: states, pageSize: pageSize))
    }

    /// The snapshots of your organization (current API).
    public nonisolated var snapshots: Snapshots { Snapshots(api: api) }

    /// The volumes of your organization (current API).
    public nonisolated var volumes: Volumes { Volumes(api: api) }

    /// Which API the server speaks: the configured one, or (with
    /// ``DaytonaConfiguration/APIVersion/automatic``) the server's answer to `GET /config`,
    /// asked on the first call and remembered.
    ///
    /// - Throws: ``DaytonaError`` when the server cannot be reached or speaks neither API.
    public nonisolated func apiVersion() async throws -> DaytonaConfiguration.APIVersion {
        try await api.dialect() == .current ? .current : .v0_14
    }

    /// Starts a stopped sandbox and waits until it runs. Same as ``Sandbox/start(timeout:)``.
    public nonisolated func start(_ sandbox: Sandbox, timeout: Duration? = .seconds(60)) async throws {
        try await sandbox.start(timeout: timeout)
    }

    /// Stops a sandbox and waits until it has stopped. Same as ``Sandbox/stop(timeout:force:)``.
    public nonisolated func stop(_ sandbox: Sandbox, timeout: Duration? = .seconds(60)) async throws {
        try await sandbox.stop(timeout: timeout)
    }
}

/// Rejects an empty string argument before any request.
func requireNonEmpty(_ value: String, _ name: String) throws {
    if value.isEmpty { throw DaytonaError.invalidArgument("\(name) is required") }
}
