import Foundation

/// A terminal (PTY) session in a sandbox, as ``SandboxProcess/ptySessions()`` reports it.
public struct PTYSession: Sendable, Hashable, Codable, Identifiable {
    /// The session's ID.
    public var id: String
    /// Its working directory.
    public var cwd: String
    /// Its environment variables.
    public var environment: [String: String]
    /// Its width, in columns.
    public var columns: Int
    /// Its height, in rows.
    public var rows: Int
    /// When it was created (RFC 3339 text).
    public var createdAt: String?
    /// Whether its process is running.
    public var isActive: Bool
    /// Whether its process starts on the first connection.
    public var startsLazily: Bool

    /// Creates a session value.
    public init(
        id: String, cwd: String, environment: [String: String] = [:], columns: Int, rows: Int, createdAt: String? = nil,
        isActive: Bool, startsLazily: Bool = false
    ) {
        self.id = id
        self.cwd = cwd
        self.environment = environment
        self.columns = columns
        self.rows = rows
        self.createdAt = createdAt
        self.isActive = isActive
        self.startsLazily = startsLazily
    }
}

/// A context of a sandbox's stateful code interpreter: variables and imports persist within it
/// (``CodeInterpreter``).
public struct InterpreterContext: Sendable, Hashable, Codable, Identifiable {
    /// The context's ID.
    public var id: String
    /// Its working directory.
    public var cwd: String
    /// Its language (`python`).
    public var language: String
    /// When it was created (RFC 3339 text).
    public var createdAt: String?
    /// Whether it is in use.
    public var isActive: Bool

    /// Creates a context value.
    public init(id: String, cwd: String, language: String = "python", createdAt: String? = nil, isActive: Bool) {
        self.id = id
        self.cwd = cwd
        self.language = language
        self.createdAt = createdAt
        self.isActive = isActive
    }
}

/// The contexts of a sandbox's stateful Python interpreter (current API; Python:
/// `sandbox.code_interpreter`). Running code in a context travels over a WebSocket, which this
/// SDK does not open yet; these calls manage the contexts over HTTP.
public struct CodeInterpreter: Sendable {
    let api: ToolboxClient

    /// Creates a context (`POST …/process/interpreter/context`; Python: `create_context`).
    ///
    /// - Parameter cwd: Its working directory; `nil` for the sandbox's work directory.
    /// - Throws: ``DaytonaError`` prefixed `Failed to create interpreter context: `;
    ///   `unsupported` on 0.14.
    public func createContext(cwd: String? = nil) async throws -> InterpreterContext {
        try await withContext("Failed to create interpreter context: ") {
            try api.requireCurrent("The code interpreter")
            let endpoint = try Endpoint.post(
                api.path("/process/interpreter/context"), json: Current.CreateInterpreterContext(cwd: cwd), expectsBody: true)
            return InterpreterContext(try await api.send(endpoint, decoding: Current.InterpreterContext.self))
        }
    }

    /// The contexts created with ``createContext(cwd:)`` (`GET …/process/interpreter/context`;
    /// Python: `list_contexts`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to list interpreter contexts: `;
    ///   `unsupported` on 0.14.
    public func contexts() async throws -> [InterpreterContext] {
        try await withContext("Failed to list interpreter contexts: ") {
            try api.requireCurrent("The code interpreter")
            let list = try await api.send(.get(api.path("/process/interpreter/context")), decoding: Current.InterpreterContextList.self)
            return (list.contexts ?? []).map(InterpreterContext.init)
        }
    }

    /// Removes a context (`DELETE …/process/interpreter/context/{id}`; Python: `delete_context`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to delete interpreter context: `;
    ///   `unsupported` on 0.14.
    public func deleteContext(_ context: InterpreterContext) async throws {
        try await withContext("Failed to delete interpreter context: ") {
            try api.requireCurrent("The code interpreter")
            try requireNonEmpty(context.id, "context.id")
            var endpoint = Endpoint.delete(api.path("/process/interpreter/context/" + PercentEncoding.pathSegment(context.id)))
            endpoint.expectsBody = true
            _ = try await api.send(endpoint)
        }
    }
}

extension Sandbox {
    /// The contexts of the sandbox's stateful code interpreter (current API).
    public var codeInterpreter: CodeInterpreter { CodeInterpreter(api: toolbox) }
}

extension SandboxProcess {
    /// The sandbox's terminal sessions (`GET …/process/pty`, current API; Python:
    /// `list_pty_sessions`). Connecting to one travels over a WebSocket, which this SDK does
    /// not open yet.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to list PTY sessions: `; `unsupported` on 0.14.
    public func ptySessions() async throws -> [PTYSession] {
        try await withContext("Failed to list PTY sessions: ") {
            try api.requireCurrent("Terminal sessions")
            let list = try await api.send(.get(api.path("/process/pty")), decoding: Current.PTYSessionList.self)
            return (list.sessions ?? []).map(PTYSession.init)
        }
    }

    /// One terminal session (`GET …/process/pty/{id}`; Python: `get_pty_session_info`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get PTY session: `; `unsupported` on 0.14.
    public func ptySession(_ id: String) async throws -> PTYSession {
        try await withContext("Failed to get PTY session: ") {
            try api.requireCurrent("Terminal sessions")
            try requireNonEmpty(id, "session_id")
            return PTYSession(try await api.send(.get(ptyPath(id)), decoding: Current.PTYSession.self))
        }
    }

    /// Resizes a terminal session (`POST …/process/pty/{id}/resize`; Python:
    /// `resize_pty_session`). Both sizes must be 1–999.
    ///
    /// - Returns: The session as it now is.
    /// - Throws: ``DaytonaError`` prefixed `Failed to resize PTY session: `; `gone` when its
    ///   process has ended; `unsupported` on 0.14.
    @discardableResult
    public func resizePTYSession(_ id: String, columns: Int, rows: Int) async throws -> PTYSession {
        try await withContext("Failed to resize PTY session: ") {
            try api.requireCurrent("Terminal sessions")
            try requireNonEmpty(id, "session_id")
            guard (1..<1000).contains(columns), (1..<1000).contains(rows) else {
                throw DaytonaError.invalidArgument("columns and rows must be between 1 and 999")
            }
            let endpoint = try Endpoint.post(ptyPath(id) + "/resize", json: Current.PTYResize(cols: columns, rows: rows), expectsBody: true)
            return PTYSession(try await api.send(endpoint, decoding: Current.PTYSession.self))
        }
    }

    /// Ends a terminal session and its process (`DELETE …/process/pty/{id}`; Python:
    /// `kill_pty_session`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to kill PTY session: `; `unsupported` on 0.14.
    public func killPTYSession(_ id: String) async throws {
        try await withContext("Failed to kill PTY session: ") {
            try api.requireCurrent("Terminal sessions")
            try requireNonEmpty(id, "session_id")
            var endpoint = Endpoint.delete(ptyPath(id))
            endpoint.expectsBody = true
            _ = try await api.send(endpoint)
        }
    }

    private func ptyPath(_ id: String) -> String { api.path("/process/pty/" + PercentEncoding.pathSegment(id)) }
}
