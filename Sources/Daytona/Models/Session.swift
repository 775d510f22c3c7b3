/// A long-lived shell inside a sandbox that keeps its working directory and environment
/// across commands. See ``SandboxProcess/createSession(_:)``.
public struct Session: Sendable, Hashable, Codable {
    /// The ID you chose when creating it.
    public var sessionID: String
    /// The commands run in it so far (empty when the server sends `null`).
    public var commands: [SessionCommand]

    /// Creates a session description.
    public init(sessionID: String, commands: [SessionCommand] = []) {
        self.sessionID = sessionID
        self.commands = commands
    }

}

/// A command run in a ``Session`` (the API's `Command`).
public struct SessionCommand: Sendable, Hashable, Codable {
    /// The command's ID (the `cmdId` returned when it was started).
    public var id: String
    /// The command line.
    public var command: String
    /// The exit code, or `nil` while the command is still running.
    public var exitCode: Int?

    /// Creates a command description.
    public init(id: String, command: String, exitCode: Int? = nil) {
        self.id = id
        self.command = command
        self.exitCode = exitCode
    }

}
