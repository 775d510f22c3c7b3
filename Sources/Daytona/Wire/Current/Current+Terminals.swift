import Foundation

// The REST side of today's terminals (PTY) and code interpreter (WIRE-current §3.5, §3.6);
// their live input and output travel over WebSockets.
extension Current {
    /// `PtySessionInfo` (Y3, Y6).
    package struct PTYSession: Codable, Sendable, LenientValue {
        @Lenient package var id: String? = nil
        @Lenient package var cwd: String? = nil
        @Lenient package var envs: [String: String]? = nil
        @Lenient package var cols: Int? = nil
        @Lenient package var rows: Int? = nil
        @Lenient package var createdAt: String? = nil
        @Lenient package var active: Bool? = nil
        @Lenient package var lazyStart: Bool? = nil
        package init() {}
    }

    /// `PtyListResponse` (Y1).
    package struct PTYSessionList: Codable, Sendable {
        @Lenient package var sessions: [PTYSession]? = nil
    }

    /// `PtyResizeRequest` (Y6).
    struct PTYResize: Encodable {
        var cols: Int
        var rows: Int
    }

    /// `InterpreterContext` (K1 items, K2).
    package struct InterpreterContext: Codable, Sendable, LenientValue {
        @Lenient package var id: String? = nil
        @Lenient package var cwd: String? = nil
        @Lenient package var language: String? = nil
        @Lenient package var createdAt: String? = nil
        @Lenient package var active: Bool? = nil
        package init() {}
    }

    /// `ListContextsResponse` (K1).
    package struct InterpreterContextList: Codable, Sendable {
        @Lenient package var contexts: [InterpreterContext]? = nil
    }

    /// `CreateContextRequest` (K2): the SDK sends only `cwd`.
    struct CreateInterpreterContext: Encodable {
        var cwd: String?
    }
}

extension PTYSession {
    package init(_ wire: Current.PTYSession) {
        self.init(
            id: wire.id ?? "", cwd: wire.cwd ?? "", environment: wire.envs ?? [:], columns: wire.cols ?? 0, rows: wire.rows ?? 0,
            createdAt: wire.createdAt, isActive: wire.active ?? false, startsLazily: wire.lazyStart ?? false)
    }
}

extension InterpreterContext {
    package init(_ wire: Current.InterpreterContext) {
        self.init(
            id: wire.id ?? "", cwd: wire.cwd ?? "", language: wire.language ?? "python", createdAt: wire.createdAt,
            isActive: wire.active ?? false)
    }
}
