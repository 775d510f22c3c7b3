/// What ``SandboxProcess/executeSessionCommand(_:sessionID:timeout:)`` returns.
///
/// For a synchronous command, ``output`` and ``exitCode`` are set. For an asynchronous one only
/// ``commandID`` is; ``SandboxProcess/startSessionCommand(_:sessionID:)`` returns it without an
/// optional.
public struct SessionExecuteResponse: Sendable, Hashable, Codable {
    /// The command's ID.
    public var commandID: String?
    /// Standard output and standard error, combined in the order written (synchronous
    /// commands), without the current API's stream markers.
    public var output: String?
    /// The exit code (synchronous commands).
    public var exitCode: Int?
    /// Standard output alone (synchronous commands on the current API; `nil` on 0.14).
    public var stdout: String?
    /// Standard error alone (synchronous commands on the current API; `nil` on 0.14).
    public var stderr: String?

    /// Creates a response.
    public init(commandID: String? = nil, output: String? = nil, exitCode: Int? = nil, stdout: String? = nil, stderr: String? = nil) {
        self.stdout = stdout
        self.stderr = stderr
        self.commandID = commandID
        self.output = output
        self.exitCode = exitCode
    }

    /// The command's ID (deprecated spelling).
    @available(*, deprecated, renamed: "commandID")
    public var cmdID: String? { commandID }

    package init(_ wire: V014.SessionExecuteResponse) {
        self.init(commandID: wire.cmdId, output: wire.output, exitCode: wire.exitCode)
    }
}

/// A session command started with ``SandboxProcess/startSessionCommand(_:sessionID:)``, still
/// running when the call returned.
public struct StartedSessionCommand: Sendable, Hashable, Codable {
    /// The session it runs in.
    public var sessionID: String
    /// The command's ID.
    public var commandID: String

    /// Creates a reference to a running command.
    public init(sessionID: String, commandID: String) {
        self.sessionID = sessionID
        self.commandID = commandID
    }
}
