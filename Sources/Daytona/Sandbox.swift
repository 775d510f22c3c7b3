import Foundation

/// A handle on one Daytona sandbox: its lifecycle, and its sub-APIs
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
    let plane: any ControlPlane
    let toolbox: ToolboxClient

    init(info: SandboxInfo, language: CodeLanguage? = nil, plane: any ControlPlane) {
        self.id = info.id
        self.codeLanguage = language ?? info.codeLanguage
        self.lastKnownInfo = info
        self.plane = plane
        self.toolbox = ToolboxClient(api: plane.api, sandboxID: info.id, dialect: plane.dialect, proxyURL: info.toolboxProxyURL)
    }

    /// A handle that speaks the 0.14 API (for tests).
    init(info: SandboxInfo, language: CodeLanguage? = nil, api: APIClient) {
        self.init(info: info, language: language, plane: api.controlPlane(.v014))
    }

    var api: APIClient { plane.api }

    /// The ID and the last known state, e.g. `ws-1 (started)`.
    public var description: String { lastKnownInfo.description }

    /// Handles are equal when they name the same sandbox with the same last known information.
    public static func == (lhs: Sandbox, rhs: Sandbox) -> Bool {
        lhs.id == rhs.id && lhs.codeLanguage == rhs.codeLanguage && lhs.lastKnownInfo == rhs.lastKnownInfo
    }

    /// Hashes the ID.
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }

    /// File-system operations inside the sandbox.
    public var fs: FileSystem { FileSystem(sandboxID: id, api: toolbox) }
    /// Git operations inside the sandbox.
    public var git: Git { Git(sandboxID: id, api: toolbox) }
    /// Commands, code and sessions inside the sandbox.
    public var process: SandboxProcess { SandboxProcess(sandboxID: id, language: codeLanguage, api: toolbox) }

    /// A handle on a language server for the project at `projectPath`. Call
    /// ``LSPServer/start()`` before anything else. No request is sent here.
    ///
    /// ```swift
    /// let lsp = sandbox.makeLSPServer(language: .python, projectPath: "/home/daytona/app")
    /// try await lsp.start()
    /// ```
    public func makeLSPServer(language: LSPLanguageID, projectPath: String) -> LSPServer {
        LSPServer(sandboxID: id, language: language, projectPath: projectPath, api: toolbox)
    }

    /// A handle on a language server (deprecated spelling).
    @available(*, deprecated, renamed: "makeLSPServer(language:projectPath:)")
    public func createLspServer(language: LSPLanguageID, projectPath: String) -> LSPServer {
        makeLSPServer(language: language, projectPath: projectPath)
    }

    // MARK: Information

    /// Fetches the sandbox's current information (`GET /sandbox/{id}`; 0.14:
    /// `GET /workspace/{id}`). Python: `refresh_data`.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get sandbox info: `.
    public func info() async throws -> SandboxInfo {
        try await withContext("Failed to get sandbox info: ") { try await fetchInfo() }
    }

    func fetchInfo() async throws -> SandboxInfo {
        let info = try await plane.sandbox(id)
        toolbox.update(from: info)
        return info
    }

    /// Keeps what an answer says about the sandbox (its toolbox URL may have moved).
    @discardableResult
    private func noting(_ info: SandboxInfo?) -> SandboxInfo? {
        if let info { toolbox.update(from: info) }
        return info
    }

    /// The user's home directory inside the sandbox, e.g. `/home/daytona`: the seed's name
    /// (`get_workspace_root_dir`) of ``userHomeDirectory()``.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get sandbox root directory: `.
    public func rootDirectory() async throws -> String {
        try await withContext("Failed to get sandbox root directory: ") { try await fetchHomeDirectory() }
    }

    /// Replaces all of the sandbox's labels (it does not merge) and returns the resulting set.
    ///
    /// ```swift
    /// let labels = try await sandbox.setLabels(["team": "infra", "public": "true"])
    /// ```
    ///
    /// Keep the `code-toolbox-language` label if you want ``DaytonaClient/list(labels:)`` to
    /// know the sandbox's language.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to set labels: `.
    public func setLabels(_ labels: [String: String]) async throws -> [String: String] {
        try await withContext("Failed to set labels: ") {
            try await plane.setLabels(id, labels)
        }
    }

    // MARK: Lifecycle

    /// Starts the sandbox (or resumes or restores it) and waits until it runs.
    ///
    /// Sends `POST /sandbox/{id}/start` (0.14: `/workspace/{id}/start`); unless the answer
    /// already says `started`, polls the state (100 ms at first, backing off to 1 s) until it
    /// is. Reaching `error` (or `build_failed`) fails at once with the server's reason.
    ///
    /// - Parameter timeout: The limit for the whole operation, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failed to start sandbox: `; category `timeout` when
    ///   the deadline passes, `sandboxFailed` on the `error` state. `CancellationError` when the
    ///   calling task is cancelled.
    public func start(timeout: Duration? = .seconds(60)) async throws {
        let sandbox = self
        try await transition(verb: "start", prefix: "Failed to start sandbox: ", timeout: timeout, until: .started) {
            sandbox.noting(try await sandbox.plane.start(sandbox.id))
        }
    }

    /// Stops the sandbox and waits until it has stopped.
    ///
    /// - Parameters:
    ///   - timeout: The limit for the whole operation, or `nil` for none. Defaults to 60 s.
    ///   - force: Kill the sandbox's processes (SIGKILL) instead of asking them to end (current
    ///     API; ignored by 0.14).
    /// - Throws: ``DaytonaError`` prefixed `Failed to stop sandbox: `.
    public func stop(timeout: Duration? = .seconds(60), force: Bool = false) async throws {
        let sandbox = self
        try await transition(verb: "stop", prefix: "Failed to stop sandbox: ", timeout: timeout, until: .stopped) {
            sandbox.noting(try await sandbox.plane.stop(sandbox.id, force: force))
        }
    }

    /// Recovers the sandbox from a recoverable `error` state and waits until it runs (current
    /// API; Python: `recover`).
    ///
    /// - Parameter timeout: The limit for the whole operation, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failed to recover sandbox: `; `unsupported` on 0.14.
    public func recover(timeout: Duration? = .seconds(60)) async throws {
        let sandbox = self
        try await transition(verb: "recover", prefix: "Failed to recover sandbox: ", timeout: timeout, until: .started) {
            let current = try CurrentControlPlane.require(sandbox.plane, for: "Recovering a sandbox")
            return sandbox.noting(try await current.recover(sandbox.id))
        }
    }

    /// Sends a lifecycle request, then polls until `target` unless the answer shows it already.
    private func transition(
        verb: String, prefix: String, timeout: Duration?, until target: SandboxState,
        request: @escaping @Sendable () async throws -> SandboxInfo?
    ) async throws {
        let sandbox = self
        try await withContext(prefix) {
            try validateTimeout(timeout)
            try await withDeadline(timeout, clock: api.clock, onTimeout: sandbox.deadlineError(verb, timeout)) {
                let answer = try await request()
                if let state = answer?.state, sandbox.isDone(state, target) { return }
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

    /// Whether `state` ends a wait for `target`: `stopped` also accepts the states the API
    /// counts as stopped (`destroyed`, today).
    private func isDone(_ state: SandboxState, _ target: SandboxState) -> Bool {
        target == .stopped ? plane.stoppedStates.contains(state) : state == target
    }

    /// The first interval between two state polls.
    static let firstPollInterval = Duration.milliseconds(100)
    /// The longest interval between two state polls.
    static let maxPollInterval = Duration.seconds(1)

    /// Polls the sandbox until its state is `target`, with backoff from 100 ms to 1 s. A
    /// failure state fails at once. A missing state (no metadata) keeps polling.
    func poll(until target: SandboxState) async throws {
        try await poll(verb: target == .stopped ? "stop" : "start") { isDone($0, target) }
    }

    /// Polls the sandbox until `isDone` accepts its state (or it fails).
    func poll(verb: String, until isDone: (SandboxState) -> Bool) async throws {
        var interval = Self.firstPollInterval
        let stopping = verb == "stop"
        let noun = stopping ? "status" : "state"
        while true {
            let info: SandboxInfo
            do {
                info = try await fetchInfo()
            } catch let error as DaytonaError where error.category == .decoding && stopping {
                // As the reference does while stopping: a half-written record is transient.
                try await api.clock.sleep(for: interval)
                continue
            } catch let error as DaytonaError where error.statusCode == 404 && stopping && plane.dialect == .current {
                // Today's reference counts a sandbox that is gone as stopped.
                return
            }
            if isDone(info.state) { return }
            if plane.failureStates.contains(info.state) {
                throw DaytonaError(
                    .sandboxFailed,
                    message: "Sandbox \(id) failed to \(verb) with \(noun): \(info.state), error reason: \(info.errorReason ?? "None")"
                )
            }
            try await api.clock.sleep(for: interval)
            interval = min(interval * 3 / 2, Self.maxPollInterval)
        }
    }

    // MARK: Settings

    /// Sets how long the sandbox may be idle before it stops (zero disables auto-stop).
    ///
    /// ```swift
    /// try await sandbox.setAutoStopInterval(.seconds(30 * 60))
    /// ```
    ///
    /// Daytona counts whole minutes: the interval is rounded down to one.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to set auto-stop interval: `; a negative
    ///   interval is rejected before any request.
    public func setAutoStopInterval(_ interval: Duration) async throws {
        try await withContext("Failed to set auto-stop interval: ") {
            guard interval >= .zero else {
                throw DaytonaError.invalidArgument("Auto-stop interval must be a non-negative integer")
            }
            noting(try await plane.setAutoStopInterval(id, interval))
        }
    }

    /// Sets the auto-stop interval in minutes (deprecated: pass a `Duration`).
    @available(*, deprecated, message: "Pass a Duration, e.g. .seconds(60 * minutes)")
    public func setAutoStopInterval(minutes: Int) async throws {
        try await setAutoStopInterval(.seconds(60 * minutes))
    }

    /// Sets how long a stopped sandbox waits before it is archived; zero means the maximum
    /// (current API; Python: `set_auto_archive_interval`). Rounded down to whole minutes.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to set auto-archive interval: `; a negative
    ///   interval is rejected before any request; `unsupported` on 0.14.
    public func setAutoArchiveInterval(_ interval: Duration) async throws {
        try await setInterval("autoarchive", interval, name: "auto-archive", allowsNegative: false)
    }

    /// Sets how long a stopped sandbox waits before it is deleted: negative disables
    /// auto-delete, zero deletes it as soon as it stops (current API; Python:
    /// `set_auto_delete_interval`). Rounded down to whole minutes.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to set auto-delete interval: `;
    ///   `unsupported` on 0.14.
    public func setAutoDeleteInterval(_ interval: Duration) async throws {
        try await setInterval("autodelete", interval, name: "auto-delete", allowsNegative: true)
    }

    /// Sets how long the sandbox may be idle before it pauses; zero disables auto-pause
    /// (current API; Python: `set_auto_pause_interval`). Rounded down to whole minutes.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to set auto-pause interval: `; a negative
    ///   interval is rejected before any request; `unsupported` on 0.14.
    public func setAutoPauseInterval(_ interval: Duration) async throws {
        try await setInterval("autopause", interval, name: "auto-pause", allowsNegative: false)
    }

    private func setInterval(_ route: String, _ interval: Duration, name: String, allowsNegative: Bool) async throws {
        try await withContext("Failed to set \(name) interval: ") {
            guard allowsNegative || interval >= .zero else {
                throw DaytonaError.invalidArgument(
                    "\(name.prefix(1).uppercased() + name.dropFirst()) interval must be a non-negative integer")
            }
            let current = try CurrentControlPlane.require(plane, for: "The \(name) interval")
            noting(try await current.setInterval(id, route, interval))
        }
    }

    /// Makes the sandbox's HTTP previews public or private (`POST /sandbox/{id}/public/{true|false}`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to set public status: `.
    public func setPublic(_ isPublic: Bool) async throws {
        try await withContext("Failed to set public status: ") {
            _ = noting(try await plane.setPublic(id, isPublic))
        }
    }

    // MARK: Previews

    /// The URL that reaches `port` inside the sandbox, and the token a private sandbox's
    /// previews need in the `X-Daytona-Preview-Token` header (Python: `get_preview_link`).
    ///
    /// ```swift
    /// let link = try await sandbox.previewLink(port: 3000)
    /// var request = URLRequest(url: link.url)
    /// request.setValue(link.token, forHTTPHeaderField: "X-Daytona-Preview-Token")
    /// ```
    ///
    /// The current API is asked each time (`GET /sandbox/{id}/ports/{port}/preview-url`). The
    /// 0.14 API has no such call: the URL is built from ``lastKnownInfo``'s node domain, with
    /// no token.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get preview link: ` when the port is not
    ///   in 1...65535 or no link can be made.
    public func previewLink(port: Int) async throws -> PreviewLink {
        let prefix = "Failed to get preview link: "
        try Self.validate(port: port, prefix: prefix)
        guard let current = plane as? CurrentControlPlane else {
            return PreviewLink(url: try legacyPreviewURL(port: port, prefix: prefix), token: nil)
        }
        return try await withContext(prefix) {
            let answer = try await current.previewLink(id, port: port)
            guard let text = answer.url, let url = URL(string: text) else {
                throw DaytonaError(.decoding, message: "The server's preview link is not a URL")
            }
            return PreviewLink(url: url, token: answer.token)
        }
    }

    /// The 0.14 preview URL, `https://{port}-{id}.{nodeDomain}`, built without a request.
    @available(*, deprecated, message: "Use the async previewLink(port:), which works with both APIs and returns the token too.")
    public func previewLink(port: Int) throws -> URL {
        let prefix = "Failed to get preview link: "
        try Self.validate(port: port, prefix: prefix)
        return try legacyPreviewURL(port: port, prefix: prefix)
    }

    private static func validate(port: Int, prefix: String) throws {
        guard (1...65535).contains(port) else {
            throw DaytonaError.invalidArgument("\(prefix)Port must be between 1 and 65535")
        }
    }

    private func legacyPreviewURL(port: Int, prefix: String) throws -> URL {
        let domain = lastKnownInfo.nodeDomain
        guard !domain.isEmpty else {
            throw DaytonaError(.notFound, message: "\(prefix)Node domain not found in provider metadata. Please contact support.")
        }
        guard let url = URL(string: "https://\(port)-\(id).\(domain)") else {
            throw DaytonaError.invalidArgument("\(prefix)The sandbox ID and node domain do not form a valid host")
        }
        return url
    }

    /// A preview URL for `port` that works without headers until it expires: the token is in
    /// the host (current API; Python: `create_signed_preview_url`).
    ///
    /// - Parameters:
    ///   - port: The port inside the sandbox.
    ///   - expiresIn: How long the URL works, in whole seconds; `nil` for the server's default
    ///     (60 s).
    /// - Throws: ``DaytonaError`` prefixed `Failed to create signed preview url: `;
    ///   `unsupported` on 0.14.
    public func signedPreviewURL(port: Int, expiresIn: Duration? = nil) async throws -> SignedPreviewURL {
        let prefix = "Failed to create signed preview url: "
        try Self.validate(port: port, prefix: prefix)
        return try await withContext(prefix) {
            let current = try CurrentControlPlane.require(plane, for: "A signed preview URL")
            if let expiresIn, expiresIn <= .zero {
                throw DaytonaError.invalidArgument("expires_in_seconds must be positive")
            }
            let answer = try await current.signedPreviewURL(id, port: port, expiresInSeconds: expiresIn.map { Int($0.components.seconds) })
            guard let text = answer.url, let url = URL(string: text) else {
                throw DaytonaError(.decoding, message: "The server's signed preview URL is not a URL")
            }
            return SignedPreviewURL(url: url, token: answer.token ?? "", port: answer.port ?? port)
        }
    }

    /// Ends a signed preview URL before it expires (current API; Python:
    /// `expire_signed_preview_url`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to expire signed preview url: `;
    ///   `unsupported` on 0.14.
    public func expireSignedPreviewURL(_ signed: SignedPreviewURL) async throws {
        try await withContext("Failed to expire signed preview url: ") {
            try requireNonEmpty(signed.token, "token")
            let current = try CurrentControlPlane.require(plane, for: "Expiring a signed preview URL")
            try await current.expireSignedPreviewURL(id, port: signed.port, token: signed.token)
        }
    }

    // MARK: Archive, snapshots, resources

    /// Archives the stopped sandbox: its file system moves to object storage until the next
    /// start. Does not wait for the `archived` state (as the reference does not).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to archive sandbox: `.
    public func archive() async throws {
        try await withContext("Failed to archive sandbox: ") {
            _ = noting(try await plane.archive(id))
        }
    }

    /// Asks a 0.14 server to back the sandbox up (`POST /workspace/{id}/snapshot`, not exposed
    /// by the reference SDK). Today's API manages backups itself and makes named snapshots
    /// instead: see ``createSnapshot(named:timeout:)``.
    ///
    /// - Returns: The sandbox's information when the server returns it, else `nil` (servers
    ///   answer 201 with no body).
    /// - Throws: ``DaytonaError`` prefixed `Failed to create snapshot: `; `unsupported` on the
    ///   current API.
    @discardableResult
    public func createSnapshot() async throws -> SandboxInfo? {
        try await withContext("Failed to create snapshot: ") {
            guard let v014 = plane as? V014ControlPlane else {
                throw DaytonaError.unsupported("A backup snapshot without a name", in: plane.dialect)
            }
            return try await v014.backUp(id)
        }
    }

    /// Makes a named snapshot from the sandbox, which new sandboxes can then start from, and
    /// waits until the sandbox is no longer `snapshotting` (current API; Python:
    /// `create_snapshot`).
    ///
    /// - Parameters:
    ///   - name: The new snapshot's name.
    ///   - timeout: The limit for the whole operation, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failed to create snapshot: `; `unsupported` on 0.14.
    public func createSnapshot(named name: String, timeout: Duration? = .seconds(60)) async throws {
        let sandbox = self
        try await withContext("Failed to create snapshot: ") {
            try requireNonEmpty(name, "name")
            try validateTimeout(timeout)
            let current = try CurrentControlPlane.require(plane, for: "A named snapshot of a sandbox")
            try await withDeadline(timeout, clock: api.clock, onTimeout: sandbox.deadlineError("snapshot", timeout)) {
                let answer = sandbox.noting(try await current.createSnapshot(sandbox.id, name: name))
                if let state = answer?.state, state != .snapshotting { return }
                try await sandbox.poll(verb: "snapshot") { $0 != .snapshotting }
            }
        }
    }

    /// Changes the sandbox's CPUs, memory and disk (GiB) and, on the current API, waits until
    /// it is no longer `resizing`. CPU and memory may grow while it runs; disk only grows, and
    /// only while it is stopped. Only the values you set are sent, rounded up to whole units
    /// on the current API.
    ///
    /// - Parameters:
    ///   - resources: What to change. GPUs cannot be resized on the current API.
    ///   - timeout: The limit for the whole operation, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failed to resize sandbox: `.
    public func resize(_ resources: SandboxResources, timeout: Duration? = .seconds(60)) async throws {
        let sandbox = self
        try await withContext("Failed to resize sandbox: ") {
            try resources.validate()
            try validateTimeout(timeout)
            if plane.dialect == .current, resources.gpu != nil {
                throw DaytonaError.invalidArgument("GPU resources cannot be resized")
            }
            try await withDeadline(timeout, clock: api.clock, onTimeout: sandbox.deadlineError("resize", timeout)) {
                let answer = sandbox.noting(try await sandbox.plane.resize(sandbox.id, resources))
                guard sandbox.plane.dialect == .current else { return }
                if let state = answer?.state, state != .resizing { return }
                try await sandbox.poll(verb: "resize") { $0 != .resizing }
            }
        }
    }
}
