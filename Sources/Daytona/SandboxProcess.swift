import Foundation

/// Commands, code and sessions inside a sandbox: ``Sandbox/process``.
///
/// ```swift
/// let run = try await sandbox.process.exec("ls -la", cwd: "/home/daytona")
/// let code = try await sandbox.process.codeRun("import sys; print(sys.argv[1:])",
///                                                params: CodeRunParams(argv: ["a b", "c"]))
/// ```
public struct SandboxProcess: Sendable {
    /// The sandbox these operations act on.
    public let sandboxID: String
    /// The language ``codeRun(_:params:timeout:)`` uses.
    public let language: CodeLanguage
    let api: ToolboxClient

    init(sandboxID: String, language: CodeLanguage, api: ToolboxClient) {
        self.sandboxID = sandboxID
        self.language = language
        self.api = api
    }

    private func path(_ suffix: String) -> String { api.path(suffix) }

    /// Runs a command and returns its exit code and combined output (`POST …/process/execute`).
    ///
    /// The command is not run by a shell: the server splits it on spaces, honouring quotes. Use
    /// `sh -c '…'` for pipes and variables. A non-zero exit code is returned, not thrown.
    ///
    /// - Parameters:
    ///   - command: The command line.
    ///   - cwd: The working directory.
    ///   - timeout: How long the server lets the command run, sent in whole seconds (rounded
    ///     up); `nil` for the server's default. A command that runs longer fails with category
    ///     `timeout` (HTTP 408).
    /// - Throws: ``DaytonaError`` prefixed `Failed to execute command: `.
    public func exec(_ command: String, cwd: String? = nil, timeout: Duration? = nil) async throws -> ExecuteResponse {
        try await withContext("Failed to execute command: ") {
            try requireCommand(command)
            try validateTimeout(timeout)
            let body = V014.ExecuteRequest(command: command, cwd: cwd, timeout: timeout?.wholeSecondsRoundedUp)
            return ExecuteResponse(
                try await api.send(.post(path("/process/execute"), json: body, expectsBody: true), decoding: V014.ExecuteResponse.self))
        }
    }

    /// Runs `code` with the sandbox's language (Python, or TypeScript/JavaScript through
    /// `ts-node`).
    ///
    /// Arguments and environment values are quoted for the shell, so any text passes through
    /// unchanged.
    ///
    /// ```swift
    /// let response = try await sandbox.process.codeRun(
    ///     "import os; print(os.environ['GREETING'])",
    ///     params: CodeRunParams(env: ["GREETING": "it's \"quoted\" $HOME"])
    /// )
    /// ```
    ///
    /// - Parameters:
    ///   - code: The program's source.
    ///   - params: Arguments and environment variables.
    ///   - timeout: As for ``exec(_:cwd:timeout:)``.
    /// - Throws: ``DaytonaError`` prefixed `Failed to execute command: `.
    public func codeRun(_ code: String, params: CodeRunParams? = nil, timeout: Duration? = nil) async throws -> ExecuteResponse {
        let command: String
        do {
            command = try CodeRunCommand.build(code: code, language: language, params: params)
        } catch let error as DaytonaError {
            throw error.prefixed("Failed to execute command: ")
        }
        return try await exec(command, timeout: timeout)
    }

    // MARK: Sessions

    /// Creates a session: a shell that keeps its working directory and environment across
    /// commands (`POST …/process/session`).
    ///
    /// - Parameter sessionID: An ID of your choosing.
    /// - Throws: ``DaytonaError`` prefixed `Failed to create session: ` (`conflict` when the ID
    ///   is taken).
    /// - Returns: A handle on the session, for the calls that act on it.
    @discardableResult
    public func createSession(_ sessionID: String) async throws -> ProcessSession {
        try await withContext("Failed to create session: ") {
            try requireNonEmpty(sessionID, "session_id")
            _ = try await api.send(try .post(path("/process/session"), json: V014.CreateSession(sessionId: sessionID)))
        }
        return ProcessSession(id: sessionID, process: self)
    }

    /// A handle on an existing session, for the calls that act on it. No request is sent.
    public func sessionHandle(_ sessionID: String) -> ProcessSession {
        ProcessSession(id: sessionID, process: self)
    }

    /// Describes a session and the commands run in it (`GET …/process/session/{id}`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get session: `.
    public func session(_ sessionID: String) async throws -> Session {
        try await withContext("Failed to get session: ") {
            try requireNonEmpty(sessionID, "session_id")
            return Session(try await api.send(.get(sessionPath(sessionID)), decoding: V014.Session.self))
        }
    }

    /// Describes one command of a session; its exit code is `nil` while it runs
    /// (`GET …/process/session/{id}/command/{commandID}`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get session command: `.
    public func sessionCommand(sessionID: String, commandID: String) async throws -> SessionCommand {
        try await withContext("Failed to get session command: ") {
            try requireNonEmpty(sessionID, "session_id")
            try requireNonEmpty(commandID, "command_id")
            return SessionCommand(try await api.send(.get(commandPath(sessionID, commandID)), decoding: V014.Command.self))
        }
    }

    /// Runs a command in a session (`POST …/process/session/{id}/exec`).
    ///
    /// A synchronous command returns its output and exit code. An asynchronous one
    /// (`runAsync: true`) returns at once with its ``SessionExecuteResponse/commandID``, from a
    /// 200 or a 202 answer alike; ``startSessionCommand(_:sessionID:)`` does the same with a
    /// command ID that is never `nil`.
    ///
    /// - Parameters:
    ///   - request: The command and whether to run it asynchronously.
    ///   - sessionID: The session.
    ///   - timeout: The limit for the HTTP request, or `nil` for none.
    /// - Throws: ``DaytonaError`` prefixed `Failed to execute session command: `.
    public func executeSessionCommand(_ request: SessionExecuteRequest, sessionID: String, timeout: Duration? = nil) async throws
        -> SessionExecuteResponse
    {
        try await withContext("Failed to execute session command: ") {
            try requireNonEmpty(sessionID, "session_id")
            try requireCommand(request.command)
            try validateTimeout(timeout)
            let body = V014.SessionExecute(command: request.command, runAsync: request.runAsync)
            var endpoint = try Endpoint.post(sessionPath(sessionID, "/exec"), json: body, expectsBody: true)
            endpoint.timeout = timeout.flatMap { $0 > .zero ? $0 : nil }
            let response = try await api.send(endpoint)
            return try api.decodeIfPresent(V014.SessionExecuteResponse.self, from: response).map(SessionExecuteResponse.init)
                ?? SessionExecuteResponse()
        }
    }

    /// Runs a command in a session (deprecated spelling).
    @available(*, deprecated, renamed: "executeSessionCommand(_:sessionID:timeout:)")
    public func executeSessionCommand(sessionID: String, _ request: SessionExecuteRequest, timeout: Duration? = nil) async throws
        -> SessionExecuteResponse
    {
        try await executeSessionCommand(request, sessionID: sessionID, timeout: timeout)
    }

    /// Starts a command in a session and returns at once, without waiting for it to finish
    /// (`POST …/process/session/{id}/exec` with `async: true`).
    ///
    /// ```swift
    /// let started = try await sandbox.process.startSessionCommand("make test", sessionID: "ci")
    /// for try await chunk in sandbox.process.followSessionCommand(started) { print(chunk, terminator: "") }
    /// ```
    ///
    /// - Returns: The running command, whose ``StartedSessionCommand/commandID`` is always set.
    /// - Throws: ``DaytonaError`` prefixed `Failed to execute session command: `; category
    ///   `decoding` when the server's answer names no command.
    public func startSessionCommand(_ command: String, sessionID: String) async throws -> StartedSessionCommand {
        let response = try await executeSessionCommand(SessionExecuteRequest(command: command, runAsync: true), sessionID: sessionID)
        guard let commandID = response.commandID, !commandID.isEmpty else {
            throw DaytonaError(.decoding, message: "Failed to execute session command: The server's answer names no command ID")
        }
        return StartedSessionCommand(sessionID: sessionID, commandID: commandID)
    }

    /// Follows a command started with ``startSessionCommand(_:sessionID:)`` until it exits. Same
    /// as ``followSessionCommand(sessionID:commandID:)``.
    public func followSessionCommand(_ command: StartedSessionCommand) -> SessionCommandOutput {
        followSessionCommand(sessionID: command.sessionID, commandID: command.commandID)
    }

    /// A session command's output so far, as text
    /// (`GET …/process/session/{id}/command/{commandID}/logs`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get session command logs: `.
    public func sessionCommandLogs(sessionID: String, commandID: String) async throws -> String {
        try await withContext("Failed to get session command logs: ") {
            try requireNonEmpty(sessionID, "session_id")
            try requireNonEmpty(commandID, "command_id")
            let response = try await api.send(.get(commandPath(sessionID, commandID) + "/logs"))
            return Self.logText(response)
        }
    }

    /// Follows a session command's output live, until the command exits.
    ///
    /// Uses the logs endpoint's `follow=true` streaming where the server offers it; otherwise, or
    /// when the stream ends early, polls the logs and the command (100 ms, backing off to 1 s)
    /// and delivers only what is new. The exit code is in
    /// ``SessionCommandOutput/exitCode`` once the sequence has ended.
    ///
    /// - Returns: An async sequence of output chunks; iterating it throws ``DaytonaError``
    ///   prefixed `Failed to follow session command: `, or `CancellationError`.
    public func followSessionCommand(sessionID: String, commandID: String) -> SessionCommandOutput {
        let exitCode = Locked<Int?>(nil)
        let (stream, continuation) = AsyncThrowingStream<String, any Error>.makeStream()
        let process = self
        let producer = Task {
            do {
                let code = try await withContext("Failed to follow session command: ") {
                    try requireNonEmpty(sessionID, "session_id")
                    try requireNonEmpty(commandID, "command_id")
                    return try await process.pumpOutput(sessionID: sessionID, commandID: commandID) { continuation.yield($0) }
                }
                exitCode.withLock { $0 = code }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in producer.cancel() }
        return SessionCommandOutput(stream: stream, exitCode: exitCode) { producer.cancel() }
    }

    /// Delivers the command's output to `emit` until it exits, and returns its exit code.
    private func pumpOutput(sessionID: String, commandID: String, emit: (String) -> Void) async throws -> Int {
        let logsPath = commandPath(sessionID, commandID) + "/logs"
        var decoder = UTF8ChunkDecoder()
        var delivered = 0
        func deliver(_ bytes: some Collection<UInt8>) {
            delivered += bytes.count
            let text = decoder.decode(bytes)
            if !text.isEmpty { emit(text) }
        }
        // 1. Follow the stream, where the server offers it.
        do {
            var endpoint = Endpoint.get(logsPath, query: [("follow", "true")])
            endpoint.accept = "text/plain"
            let response = try await api.stream(endpoint)
            for try await chunk in response.body { deliver(chunk) }
        } catch let error as DaytonaError where error.statusCode != nil || error.category == .transport {
            // No follow support, or the stream broke: polling below picks up from `delivered`.
        }
        // 2. Poll until the command has an exit code, delivering only new bytes.
        var interval = Sandbox.firstPollInterval
        while true {
            let command = try await api.send(.get(commandPath(sessionID, commandID)), decoding: V014.Command.self)
            let logs = Array(Self.logText(try await api.send(.get(logsPath))).utf8)
            if logs.count > delivered { deliver(logs[delivered...]) }
            if let code = command.exitCode {
                let rest = decoder.flush()
                if !rest.isEmpty { emit(rest) }
                return code
            }
            try await api.clock.sleep(for: interval)
            interval = min(interval * 3 / 2, Sandbox.maxPollInterval)
        }
    }

    /// Logs are plain text whatever the content type; a JSON-labelled answer that holds one JSON
    /// string is unwrapped, as the reference client does.
    static func logText(_ response: BufferedResponse) -> String {
        if let type = response.header("Content-Type")?.lowercased(), type.contains("json"),
            let text = try? JSONDecoder().decode(String.self, from: response.body)
        {
            return text
        }
        return String(decoding: response.body, as: UTF8.self)
    }

    /// Lists the sandbox's sessions (`GET …/process/session`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to list sessions: `.
    public func listSessions() async throws -> [Session] {
        try await withContext("Failed to list sessions: ") {
            try await api.decodeIfPresent([V014.Session].self, from: api.send(.get(path("/process/session"))))?.map(Session.init) ?? []
        }
    }

    /// Ends a session and its commands (`DELETE …/process/session/{id}`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to delete session: `.
    public func deleteSession(_ sessionID: String) async throws {
        try await withContext("Failed to delete session: ") {
            try requireNonEmpty(sessionID, "session_id")
            _ = try await api.send(.delete(sessionPath(sessionID)))
        }
    }

    private func sessionPath(_ sessionID: String, _ suffix: String = "") -> String {
        path("/process/session/" + PercentEncoding.pathSegment(sessionID) + suffix)
    }

    private func commandPath(_ sessionID: String, _ commandID: String) -> String {
        sessionPath(sessionID, "/command/" + PercentEncoding.pathSegment(commandID))
    }
}

/// Rejects a command that is empty or only blanks (checked without Foundation's string bridging,
/// which costs microseconds per call on Linux).
func requireCommand(_ command: String) throws {
    if !command.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) {
        throw DaytonaError.invalidArgument("command is required")
    }
}
