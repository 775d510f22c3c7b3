/// A long-lived shell inside a workspace that keeps its working directory and environment
/// across commands. See ``WorkspaceProcess/createSession(_:)``.
public struct Session: Sendable, Hashable, Decodable {
    /// The ID you chose when creating it.
    public var sessionID: String
    /// The commands run in it so far (empty when the server sends `null`).
    public var commands: [SessionCommand]

    /// Creates a session description.
    public init(sessionID: String, commands: [SessionCommand] = []) {
        self.sessionID = sessionID
        self.commands = commands
    }

    private enum Keys: String, CodingKey { case sessionId, commands }

    /// Decodes the server's `Session`, leniently.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(
            sessionID: container.lenientString(.sessionId) ?? "",
            commands: try container.lenientArray(SessionCommand.self, .commands)
        )
    }
}

/// A command run in a ``Session`` (the API's `Command`).
public struct SessionCommand: Sendable, Hashable, Decodable {
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

    private enum Keys: String, CodingKey { case id, command, exitCode }

    /// Decodes the server's `Command`, leniently.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(
            id: container.lenientString(.id) ?? "",
            command: container.lenientString(.command) ?? "",
            exitCode: container.lenientInt(.exitCode)
        )
    }
}

/// `CreateSessionRequest`.
struct CreateSessionRequest: Encodable {
    var sessionId: String
}
