/// What ``WorkspaceProcess/executeSessionCommand(sessionID:_:timeout:)`` returns.
///
/// For a synchronous command, ``output`` and ``exitCode`` are set. For an asynchronous one only
/// ``cmdID`` is: follow it with ``WorkspaceProcess/sessionCommand(sessionID:commandID:)`` and
/// ``WorkspaceProcess/sessionCommandLogs(sessionID:commandID:)``.
public struct SessionExecuteResponse: Sendable, Hashable, Decodable {
    /// The command's ID.
    public var cmdID: String?
    /// Standard output and standard error, combined (synchronous commands).
    public var output: String?
    /// The exit code (synchronous commands).
    public var exitCode: Int?

    /// Creates a response.
    public init(cmdID: String? = nil, output: String? = nil, exitCode: Int? = nil) {
        self.cmdID = cmdID
        self.output = output
        self.exitCode = exitCode
    }

    private enum Keys: String, CodingKey { case cmdId, output, exitCode }

    /// Decodes the server's `SessionExecuteResponse`, leniently.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(
            cmdID: container.lenientString(.cmdId),
            output: container.lenientString(.output),
            exitCode: container.lenientInt(.exitCode)
        )
    }
}
