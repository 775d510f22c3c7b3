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
    /// On 0.14 the command is not run by a shell: the server splits it on spaces, honouring
    /// quotes (use `sh -c '…'` for pipes and variables). The current API pipes it to a shell, so
    /// full shell syntax works. A non-zero exit code is returned, not thrown.
    ///
    /// - Parameters:
    ///   - command: The command line.
    ///   - cwd: The working directory.
    ///   - environment: Extra environment variables (current API only; names must be POSIX
    ///     names).
    ///   - timeout: How long the server lets the command run, sent in whole seconds (rounded
    ///     up); `nil` for the server's default (none on the current API). A command that runs
    ///     longer fails with category `timeout` (HTTP 408). On the current API the HTTP request
    ///     waits 5 seconds longer, as the Python SDK's does.
    /// - Throws: ``DaytonaError`` prefixed `Failed to execute command: `; `unsupported` for an
    ///   environment on 0.14.
    public func exec(_ command: String, cwd: String? = nil, environment: [String: String]? = nil, timeout: Duration? = nil)
        async throws -> ExecuteResponse
    {
        try await withContext("Failed to execute command: ") {
            try requireCommand(command)
            try validateTimeout(timeout)
            switch api.dialect {
            case .v014:
                if environment != nil { try api.requireCurrent("Passing environment variables to exec") }
                let body = V014.ExecuteRequest(command: command, cwd: cwd, timeout: timeout?.wholeSecondsRoundedUp)
                return ExecuteResponse(
                    try await api.send(.post(path("/process/execute"), json: body, expectsBody: true), decoding: V014.ExecuteResponse.self))
            case .current:
                let seconds = timeout?.wholeSecondsRoundedUp
                let body = Current.ExecuteRequest(command: command, cwd: cwd, envs: environment, timeout: seconds)
                var endpoint = try Endpoint.post(path("/process/execute"), json: body, expectsBody: true)
                endpoint.timeout = Self.httpTimeout(seconds)
                return ExecuteResponse(try await api.send(endpoint, decoding: V014.ExecuteResponse.self))
            }
        }
    }

    /// The HTTP timeout of a call the server bounds by `seconds`: 5 seconds more, as the Python
    /// SDK's; `nil` (the client's) when the server has none.
    static func httpTimeout(_ seconds: Int?) -> Duration? {
        guard let seconds, seconds > 0 else { return nil }
        return .seconds(seconds + 5)
    }

    /// Runs `code` with the sandbox's language (Python, or TypeScript/JavaScript through
    /// `ts-node`).
    ///
    /// On the current API the daemon runs it (`POST …/process/code-run`) and finds matplotlib
    /// charts in its output (``ExecuteResponse/charts``). On 0.14 the SDK builds the command
    /// and runs it with ``exec(_:cwd:environment:timeout:)``; arguments and environment values
    /// are quoted for the shell, so any text passes through unchanged.
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
    ///   - timeout: As for ``exec(_:cwd:environment:timeout:)``.
    /// - Throws: ``DaytonaError`` prefixed `Failed to execute command: `.
    public func codeRun(_ code: String, params: CodeRunParams? = nil, timeout: Duration? = nil) async throws -> ExecuteResponse {
        if api.dialect == .current {
            return try await withContext("Failed to execute command: ") {
                try validateTimeout(timeout)
                for name in (params?.env ?? [:]).keys where !CodeRunCommand.isShellName(name) {
                    throw DaytonaError.invalidArgument("Invalid environment variable name: \(name)")
                }
                let seconds = timeout?.wholeSecondsRoundedUp
                let body = Current.CodeRunRequest(
                    code: code, language: language.rawValue, argv: params.flatMap { $0.argv.isEmpty ? nil : $0.argv },
                    envs: params.flatMap { $0.env.isEmpty ? nil : $0.env }, timeout: seconds)
                var endpoint = try Endpoint.post(path("/process/code-run"), json: body, expectsBody: true)
                endpoint.timeout = Self.httpTimeout(seconds)
                return ExecuteResponse(try await api.send(endpoint, decoding: Current.CodeRunResponse.self))
            }
        }
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
            _ = try await api.send(
                api.declaringJSONAnswer(try .post(path("/process/session"), json: V014.CreateSession(sessionId: sessionID))))
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
    /// A synchronous command returns its output and exit code; on the current API also its
    /// standard output and standard error apart (``SessionExecuteResponse/stdout``,
    /// ``SessionExecuteResponse/stderr``), and the combined output without the daemon's stream
    /// markers. An asynchronous one (`runAsync: true`) returns at once with its
    /// ``SessionExecuteResponse/commandID``, from a 200 or a 202 answer alike;
    /// ``startSessionCommand(_:sessionID:)`` does the same with a command ID that is never `nil`.
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
            switch api.dialect {
            case .v014:
                if request.suppressInputEcho != nil { try api.requireCurrent("Suppressing input echo") }
                let body = V014.SessionExecute(command: request.command, runAsync: request.runAsync)
                var endpoint = try Endpoint.post(sessionPath(sessionID, "/exec"), json: body, expectsBody: true)
                endpoint.timeout = timeout.flatMap { $0 > .zero ? $0 : nil }
                let response = try await api.send(endpoint)
                return try api.decodeIfPresent(V014.SessionExecuteResponse.self, from: response).map(SessionExecuteResponse.init)
                    ?? SessionExecuteResponse()
            case .current:
                let body = Current.SessionExecute(
                    command: request.command, runAsync: request.runAsync, suppressInputEcho: request.suppressInputEcho)
                var endpoint = try Endpoint.post(sessionPath(sessionID, "/exec"), json: body, expectsBody: true)
                endpoint.timeout = timeout.flatMap { $0 > .zero ? $0 : nil }
                let response = try await api.send(endpoint)
                return try api.decodeIfPresent(Current.SessionExecuteResponse.self, from: response).map(SessionExecuteResponse.init)
                    ?? SessionExecuteResponse()
            }
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
    /// (`GET …/process/session/{id}/command/{commandID}/logs`): standard output and standard
    /// error in the order written, without the current API's stream markers.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get session command logs: `.
    public func sessionCommandLogs(sessionID: String, commandID: String) async throws -> String {
        try await withContext("Failed to get session command logs: ") {
            try requireNonEmpty(sessionID, "session_id")
            try requireNonEmpty(commandID, "command_id")
            let response = try await api.send(.get(commandPath(sessionID, commandID) + "/logs"))
            switch api.dialect {
            case .v014: return Self.logText(response)
            case .current: return Self.currentLogs(response).output
            }
        }
    }

    /// A session command's output so far with standard output and standard error apart
    /// (`GET …/process/session/{id}/command/{commandID}/logs`, current API only).
    ///
    /// ```swift
    /// let logs = try await sandbox.process.splitSessionCommandLogs(sessionID: "ci", commandID: id)
    /// print("errors:", logs.stderr)
    /// ```
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get session command logs: `; `unsupported`
    ///   on 0.14.
    public func splitSessionCommandLogs(sessionID: String, commandID: String) async throws -> SessionCommandLogs {
        try await withContext("Failed to get session command logs: ") {
            try api.requireCurrent("Reading standard output and standard error apart")
            try requireNonEmpty(sessionID, "session_id")
            try requireNonEmpty(commandID, "command_id")
            return Self.currentLogs(try await api.send(.get(commandPath(sessionID, commandID) + "/logs")))
        }
    }

    /// The current API's logs: JSON `{output, stdout, stderr}` (the daemon's answer to SDK
    /// versions from 0.167.0 on), or, from older daemons, the raw log as text; markers stripped.
    static func currentLogs(_ response: BufferedResponse) -> SessionCommandLogs {
        if let type = response.header("Content-Type")?.lowercased(), type.contains("json"),
            let wire = try? JSONCoding.decoder.decode(Current.SessionCommandLogs.self, from: response.body)
        {
            return SessionCommandLogs(wire)
        }
        let split = StreamDemuxer.split(logText(response))
        return SessionCommandLogs(output: split.output, stdout: split.stdout, stderr: split.stderr)
    }

    /// Writes `data` to the standard input of a running session command
    /// (`POST …/process/session/{id}/command/{commandID}/input`, current API only). Include the
    /// line break a program waits for, e.g. `"y\n"`.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to send session command input: ` (`gone` once
    ///   the command has finished); `unsupported` on 0.14.
    public func sendSessionCommandInput(_ data: String, sessionID: String, commandID: String) async throws {
        try await withContext("Failed to send session command input: ") {
            try api.requireCurrent("Sending input to a session command")
            try requireNonEmpty(sessionID, "session_id")
            try requireNonEmpty(commandID, "command_id")
            let endpoint = try Endpoint.post(commandPath(sessionID, commandID) + "/input", json: Current.SessionSendInput(data: data))
            _ = try await api.send(api.declaringNoAnswer(endpoint))
        }
    }

    /// Follows a session command's output live, until the command exits.
    ///
    /// On 0.14, uses the logs endpoint's `follow=true` streaming where the server offers it;
    /// otherwise, or when the stream ends early, polls the logs and the command (100 ms, backing
    /// off to 1 s) and delivers only what is new. On the current API, whose live follow is a
    /// WebSocket, it polls over HTTP the same way, and delivers both streams in the order
    /// written, without the stream markers; ``followSessionCommandStreams(sessionID:commandID:)``
    /// keeps them apart. The exit code is in
    /// ``FollowedOutput/exitCode`` once the sequence has ended.
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

    /// Follows a session command's output live, until the command exits, with standard output
    /// and standard error apart (current API only).
    ///
    /// Polls `GET …/logs` and `GET …/command/{commandID}` (100 ms, backing off to 1 s) until the
    /// command has an exit code, and delivers only what is new, each chunk labelled with its
    /// stream. The current API's live follow is a WebSocket, which this SDK does not use.
    ///
    /// ```swift
    /// let started = try await sandbox.process.startSessionCommand("make test", sessionID: "ci")
    /// let output = sandbox.process.followSessionCommandStreams(sessionID: "ci", commandID: started.commandID)
    /// for try await chunk in output where chunk.stream == .stderr { print(chunk.text, terminator: "") }
    /// print("exit code:", output.exitCode ?? -1)
    /// ```
    ///
    /// - Returns: An async sequence of chunks; iterating it throws ``DaytonaError`` prefixed
    ///   `Failed to follow session command: ` (`unsupported` on 0.14), or `CancellationError`.
    public func followSessionCommandStreams(sessionID: String, commandID: String) -> SessionCommandStreams {
        let exitCode = Locked<Int?>(nil)
        let (stream, continuation) = AsyncThrowingStream<SessionOutputChunk, any Error>.makeStream()
        let process = self
        let producer = Task {
            do {
                let code = try await withContext("Failed to follow session command: ") {
                    try process.api.requireCurrent("Following standard output and standard error apart")
                    try requireNonEmpty(sessionID, "session_id")
                    try requireNonEmpty(commandID, "command_id")
                    return try await process.pollCurrentOutput(sessionID: sessionID, commandID: commandID) { parts in
                        for (kind, text) in parts {
                            continuation.yield(SessionOutputChunk(stream: kind == .stdout ? .stdout : .stderr, text: text))
                        }
                    }
                }
                exitCode.withLock { $0 = code }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in producer.cancel() }
        return SessionCommandStreams(stream: stream, exitCode: exitCode) { producer.cancel() }
    }

    /// Polls the current API's logs and command until the command exits, handing the new text
    /// of each poll to `emit` (markers removed, streams labelled); returns the exit code.
    private func pollCurrentOutput(
        sessionID: String, commandID: String, emit: ([(StreamDemuxer.Stream, String)]) -> Void
    ) async throws -> Int {
        let logsPath = commandPath(sessionID, commandID) + "/logs"
        var demuxer = StreamDemuxer()
        var delivered = 0
        var interval = Sandbox.firstPollInterval
        while true {
            let command = try await api.send(.get(commandPath(sessionID, commandID)), decoding: V014.Command.self)
            let logs = Self.rawCurrentLog(try await api.send(.get(logsPath)))
            if logs.count > delivered {
                let parts = demuxer.feed(logs[delivered...])
                delivered = logs.count
                if !parts.isEmpty { emit(parts) }
            }
            if let code = command.exitCode {
                let rest = demuxer.flush()
                if !rest.isEmpty { emit(rest) }
                return code
            }
            try await api.clock.sleep(for: interval)
            interval = min(interval * 3 / 2, Sandbox.maxPollInterval)
        }
    }

    /// The current API's log with its markers, as bytes: the JSON answer's `output`, or a text
    /// answer as it is.
    private static func rawCurrentLog(_ response: BufferedResponse) -> [UInt8] {
        if let type = response.header("Content-Type")?.lowercased(), type.contains("json"),
            let wire = try? JSONCoding.decoder.decode(Current.SessionCommandLogs.self, from: response.body)
        {
            return Array((wire.output ?? "").utf8)
        }
        return Array(logText(response).utf8)
    }

    /// Delivers the command's output to `emit` until it exits, and returns its exit code.
    private func pumpOutput(sessionID: String, commandID: String, emit: (String) -> Void) async throws -> Int {
        if api.dialect == .current {
            return try await pollCurrentOutput(sessionID: sessionID, commandID: commandID) { parts in
                let text = parts.map(\.1).joined()
                if !text.isEmpty { emit(text) }
            }
        }
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

    /// The session that runs the sandbox image's entry point, and its commands
    /// (`GET …/process/session/entrypoint`, current API; Python: `get_entrypoint_session`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get entrypoint session: `; `unsupported`
    ///   on 0.14.
    public func entrypointSession() async throws -> Session {
        try await withContext("Failed to get entrypoint session: ") {
            try api.requireCurrent("The entry-point session")
            return Session(try await api.send(.get(path("/process/session/entrypoint")), decoding: V014.Session.self))
        }
    }

    /// What the sandbox image's entry point has written so far, standard output and standard
    /// error apart (`GET …/process/session/entrypoint/logs`, current API; Python:
    /// `get_entrypoint_logs`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get entrypoint logs: `; `unsupported` on
    ///   0.14.
    public func entrypointLogs() async throws -> SessionCommandLogs {
        try await withContext("Failed to get entrypoint logs: ") {
            try api.requireCurrent("The entry point's logs")
            return Self.currentLogs(try await api.send(.get(path("/process/session/entrypoint/logs"))))
        }
    }

    /// Ends a session and its commands (`DELETE …/process/session/{id}`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to delete session: `.
    public func deleteSession(_ sessionID: String) async throws {
        try await withContext("Failed to delete session: ") {
            try requireNonEmpty(sessionID, "session_id")
            _ = try await api.send(api.declaringNoAnswer(.delete(sessionPath(sessionID))))
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
