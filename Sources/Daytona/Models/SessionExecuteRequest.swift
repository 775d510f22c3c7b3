/// A command to run in a session.
///
/// ```swift
/// let request = SessionExecuteRequest(command: "npm test", runAsync: true)
/// let started = try await sandbox.process.executeSessionCommand(request, sessionID: "ci")
/// ```
public struct SessionExecuteRequest: Sendable, Hashable, Codable {
    /// The command, run by the session's shell (so pipes, `cd` and `export` work).
    public var command: String
    /// Whether to return as soon as the command started (`true`) or when it finished. `nil`
    /// (the default) leaves the key out: the server runs it synchronously.
    public var runAsync: Bool?
    /// Whether input sent with ``SandboxProcess/sendSessionCommandInput(_:sessionID:commandID:)``
    /// is kept out of the command's log (current API only; `nil` leaves the key out).
    public var suppressInputEcho: Bool?

    /// Creates a request.
    public init(command: String, runAsync: Bool? = nil, suppressInputEcho: Bool? = nil) {
        self.suppressInputEcho = suppressInputEcho
        self.command = command
        self.runAsync = runAsync
    }

}
