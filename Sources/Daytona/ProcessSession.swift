import Foundation

/// A handle on one session of a sandbox: a shell that keeps its working directory and
/// environment across commands. Made by ``SandboxProcess/createSession(_:)`` or
/// ``SandboxProcess/sessionHandle(_:)``.
///
/// ```swift
/// let session = try await sandbox.process.createSession("build")
/// _ = try await session.execute("cd /home/daytona/app && export CI=1")
/// let started = try await session.start("make test")
/// for try await chunk in session.follow(started) { print(chunk, terminator: "") }
/// try await session.delete()
/// ```
///
/// Each call is the ``SandboxProcess`` call of the same meaning with this session's ID.
public struct ProcessSession: Sendable, Hashable, CustomStringConvertible {
    /// The session's ID.
    public let id: String
    let process: SandboxProcess

    init(id: String, process: SandboxProcess) {
        self.id = id
        self.process = process
    }

    /// Runs a command and waits for its output and exit code.
    public func execute(_ command: String, timeout: Duration? = nil) async throws -> SessionExecuteResponse {
        try await process.executeSessionCommand(SessionExecuteRequest(command: command), sessionID: id, timeout: timeout)
    }

    /// Starts a command and returns at once with its ID.
    public func start(_ command: String) async throws -> StartedSessionCommand {
        try await process.startSessionCommand(command, sessionID: id)
    }

    /// Follows a command's output live until it exits.
    public func follow(_ command: StartedSessionCommand) -> SessionCommandOutput {
        process.followSessionCommand(sessionID: id, commandID: command.commandID)
    }

    /// A command's output so far, as text.
    public func logs(of command: StartedSessionCommand) async throws -> String {
        try await process.sessionCommandLogs(sessionID: id, commandID: command.commandID)
    }

    /// Follows a command's output live until it exits, standard output and standard error
    /// apart (current API only).
    public func followStreams(_ command: StartedSessionCommand) -> SessionCommandStreams {
        process.followSessionCommandStreams(sessionID: id, commandID: command.commandID)
    }

    /// A command's output so far, standard output and standard error apart (current API only).
    public func splitLogs(of command: StartedSessionCommand) async throws -> SessionCommandLogs {
        try await process.splitSessionCommandLogs(sessionID: id, commandID: command.commandID)
    }

    /// Writes `data` to a running command's standard input (current API only); include the
    /// line break a program waits for.
    public func sendInput(_ data: String, to command: StartedSessionCommand) async throws {
        try await process.sendSessionCommandInput(data, sessionID: id, commandID: command.commandID)
    }

    /// Describes one of the session's commands; its exit code is `nil` while it runs.
    public func command(_ commandID: String) async throws -> SessionCommand {
        try await process.sessionCommand(sessionID: id, commandID: commandID)
    }

    /// Describes the session and the commands run in it.
    public func info() async throws -> Session {
        try await process.session(id)
    }

    /// Ends the session and its commands.
    public func delete() async throws {
        try await process.deleteSession(id)
    }

    /// The session's ID.
    public var description: String { id }

    /// Handles are equal when they name the same session of the same sandbox.
    public static func == (lhs: ProcessSession, rhs: ProcessSession) -> Bool {
        lhs.id == rhs.id && lhs.process.sandboxID == rhs.process.sandboxID
    }

    /// Hashes the sandbox's and the session's IDs.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(process.sandboxID)
        hasher.combine(id)
    }
}
