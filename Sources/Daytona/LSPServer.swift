import Foundation

/// A language server for one project inside a sandbox, made by
/// ``Sandbox/createLspServer(language:projectPath:)``.
///
/// Start it first, tell it which documents you work on, then ask for symbols and completions.
/// Documents are named by absolute path; the SDK sends them as `file://` URIs.
///
/// ```swift
/// let lsp = sandbox.createLspServer(language: .python, projectPath: "/home/daytona/app")
/// try await lsp.start()
/// try await lsp.didOpen("/home/daytona/app/main.py")
/// let symbols = try await lsp.documentSymbols("/home/daytona/app/main.py")
/// let completions = try await lsp.completions("/home/daytona/app/main.py", at: Position(line: 2, character: 4))
/// try await lsp.stop()
/// ```
public struct LSPServer: Sendable {
    /// The sandbox the server runs in.
    public let sandboxID: String
    /// The language it handles.
    public let language: LSPLanguageID
    /// The project's root inside the sandbox.
    public let projectPath: String
    let api: ToolboxClient

    init(sandboxID: String, language: LSPLanguageID, projectPath: String, api: ToolboxClient) {
        self.sandboxID = sandboxID
        self.language = language
        self.projectPath = projectPath
        self.api = api
    }

    private func path(_ suffix: String) -> String { api.path("/lsp" + suffix) }

    private var server: V014.LSPServerRequest { V014.LSPServerRequest(languageId: language.rawValue, pathToProject: projectPath) }

    /// Starts the server; call it before anything else (`POST …/lsp/start`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to start LSP server: `.
    public func start() async throws {
        try await withContext("Failed to start LSP server: ") {
            try requireNonEmpty(projectPath, "path_to_project")
            _ = try await api.send(api.declaringJSONAnswer(try .post(path("/start"), json: server)))
        }
    }

    /// Stops the server (`POST …/lsp/stop`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to stop LSP server: `.
    public func stop() async throws {
        try await withContext("Failed to stop LSP server: ") {
            try requireNonEmpty(projectPath, "path_to_project")
            _ = try await api.send(api.declaringJSONAnswer(try .post(path("/stop"), json: server)))
        }
    }

    /// Tells the server a document is open (`POST …/lsp/did-open`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to open file: `.
    public func didOpen(_ path: String) async throws {
        try await withContext("Failed to open file: ") {
            _ = try await api.send(api.declaringJSONAnswer(try .post(self.path("/did-open"), json: document(path))))
        }
    }

    /// Tells the server a document is closed (`POST …/lsp/did-close`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to close file: `.
    public func didClose(_ path: String) async throws {
        try await withContext("Failed to close file: ") {
            _ = try await api.send(api.declaringJSONAnswer(try .post(self.path("/did-close"), json: document(path))))
        }
    }

    /// The symbols defined in a document (`GET …/lsp/document-symbols`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get symbols from document: `.
    public func documentSymbols(_ path: String) async throws -> [LSPSymbol] {
        try await withContext("Failed to get symbols from document: ") {
            let uri = try document(path).uri
            let query = [("languageId", language.rawValue), ("pathToProject", projectPath), ("uri", uri)]
            let response = try await api.send(.get(self.path("/document-symbols"), query: query))
            return try api.decodeIfPresent([V014.Symbol].self, from: response)?.map(LSPSymbol.init) ?? []
        }
    }

    /// The symbols across the project whose names match `query`
    /// (`GET …/lsp/workspace-symbols` on 0.14, `GET …/lsp/workspacesymbols` with `query` first on
    /// the current API).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get symbols from sandbox: `.
    public func workspaceSymbols(_ query: String) async throws -> [LSPSymbol] {
        try await withContext("Failed to get symbols from sandbox: ") {
            try requireNonEmpty(projectPath, "path_to_project")
            let endpoint: Endpoint
            switch api.dialect {
            case .v014:
                let items = [("languageId", language.rawValue), ("pathToProject", projectPath), ("query", query)]
                endpoint = .get(path("/workspace-symbols"), query: items)
            case .current:
                let items = [("query", query), ("languageId", language.rawValue), ("pathToProject", projectPath)]
                endpoint = .get(path("/workspacesymbols"), query: items)
            }
            let response = try await api.send(endpoint)
            return try api.decodeIfPresent([V014.Symbol].self, from: response)?.map(LSPSymbol.init) ?? []
        }
    }

    /// Completion suggestions at a position in a document (`POST …/lsp/completions`).
    ///
    /// - Parameters:
    ///   - path: The document's absolute path.
    ///   - position: The zero-based cursor position.
    /// - Throws: ``DaytonaError`` prefixed `Failed to get completions: `; a negative position is
    ///   rejected before any request.
    public func completions(_ path: String, at position: Position) async throws -> CompletionList {
        try await withContext("Failed to get completions: ") {
            guard position.line >= 0, position.character >= 0 else {
                throw DaytonaError.invalidArgument("Position line and character must be non-negative")
            }
            let document = try document(path)
            let body = V014.LSPCompletionParams(
                languageId: document.languageId, pathToProject: document.pathToProject, uri: document.uri, position: V014.Position(position)
            )
            return CompletionList(
                try await api.send(try .post(self.path("/completions"), json: body, expectsBody: true), decoding: V014.CompletionList.self))
        }
    }

    private func document(_ path: String) throws -> V014.LSPDocumentRequest {
        try requireNonEmpty(path, "path")
        try requireNonEmpty(projectPath, "path_to_project")
        return V014.LSPDocumentRequest(languageId: language.rawValue, pathToProject: projectPath, uri: "file://" + path)
    }
}
