import Foundation

// The 0.14 toolbox's wire types (WIRE.md §5.2–§5.6) and their mapping to the public models, one
// place each. Answers are read leniently (``Lenient``); requests are written as the reference
// SDK writes them.

// MARK: Processes and sessions

extension V014 {
    /// `ExecuteRequest`.
    struct ExecuteRequest: Encodable {
        var command: String
        var cwd: String?
        var timeout: Int?
    }

    /// `ExecuteResponse`; some servers send `code` for `exitCode`.
    package struct ExecuteResponse: Codable, Sendable {
        @Lenient package var exitCode: Int? = nil
        @Lenient package var code: Int? = nil
        @Lenient package var result: String? = nil
        package init(exitCode: Int?, result: String?) {
            self.exitCode = exitCode
            self.result = result
        }
    }

    /// `CreateSessionRequest`.
    struct CreateSession: Encodable {
        var sessionId: String
    }

    /// `SessionExecuteRequest`.
    struct SessionExecute: Encodable {
        var command: String
        var runAsync: Bool?

        private enum CodingKeys: String, CodingKey {
            case command
            case runAsync = "async"
        }
    }

    /// `SessionExecuteResponse`.
    package struct SessionExecuteResponse: Codable, Sendable {
        @Lenient package var cmdId: String? = nil
        @Lenient package var output: String? = nil
        @Lenient package var exitCode: Int? = nil
        package init(cmdId: String?, output: String?, exitCode: Int?) {
            self.cmdId = cmdId
            self.output = output
            self.exitCode = exitCode
        }
    }

    /// `Session`.
    package struct Session: Codable, Sendable {
        @Lenient package var sessionId: String? = nil
        @Lenient package var commands: [Command]? = nil
        package init(sessionId: String?, commands: [Command]?) {
            self.sessionId = sessionId
            self.commands = commands
        }
    }

    /// `Command`.
    package struct Command: Codable, Sendable {
        @Lenient package var id: String? = nil
        @Lenient package var command: String? = nil
        @Lenient package var exitCode: Int? = nil
        package init(id: String?, command: String?, exitCode: Int?) {
            self.id = id
            self.command = command
            self.exitCode = exitCode
        }
    }
}

extension ExecuteResponse {
    package init(_ wire: V014.ExecuteResponse) {
        self.init(exitCode: wire.exitCode ?? wire.code ?? -1, result: wire.result ?? "")
    }
}

extension SessionCommand {
    package init(_ wire: V014.Command) {
        self.init(id: wire.id ?? "", command: wire.command ?? "", exitCode: wire.exitCode)
    }
}

extension Session {
    package init(_ wire: V014.Session) {
        self.init(sessionID: wire.sessionId ?? "", commands: (wire.commands ?? []).map(SessionCommand.init))
    }
}

// MARK: Files

extension V014 {
    /// `FileInfo`.
    package struct FileInfo: Codable, Sendable {
        @Lenient package var name: String? = nil
        @Lenient package var isDir: Bool? = nil
        @Lenient package var size: Int? = nil
        @Lenient package var modTime: String? = nil
        @Lenient package var mode: String? = nil
        @Lenient package var permissions: String? = nil
        @Lenient package var owner: String? = nil
        @Lenient package var group: String? = nil
        package init(
            name: String?, isDir: Bool?, size: Int?, modTime: String?, mode: String?, permissions: String?, owner: String?,
            group: String?
        ) {
            self.name = name
            self.isDir = isDir
            self.size = size
            self.modTime = modTime
            self.mode = mode
            self.permissions = permissions
            self.owner = owner
            self.group = group
        }
    }

    /// `Match`.
    package struct Match: Codable, Sendable {
        @Lenient package var file: String? = nil
        @Lenient package var line: Int? = nil
        @Lenient package var content: String? = nil
        package init(file: String?, line: Int?, content: String?) {
            self.file = file
            self.line = line
            self.content = content
        }
    }

    /// `ReplaceRequest`.
    struct ReplaceRequest: Encodable {
        var files: [String]
        var pattern: String
        var newValue: String
    }

    /// `ReplaceResult`.
    package struct ReplaceResult: Codable, Sendable {
        @Lenient package var file: String? = nil
        @Lenient package var success: Bool? = nil
        @Lenient package var error: String? = nil
        package init(file: String?, success: Bool?, error: String?) {
            self.file = file
            self.success = success
            self.error = error
        }
    }

    /// `SearchFilesResponse`; `"files": null` reads as no match.
    package struct SearchFilesResponse: Codable, Sendable {
        @Lenient package var files: [String]? = nil
        package init(files: [String]?) { self.files = files }
    }
}

extension FileInfo {
    package init(_ wire: V014.FileInfo) {
        self.init(
            name: wire.name ?? "", isDir: wire.isDir ?? false, size: wire.size ?? 0, modTime: wire.modTime ?? "",
            mode: wire.mode ?? "", permissions: wire.permissions ?? "", owner: wire.owner ?? "", group: wire.group ?? "")
    }
}

extension Match {
    package init(_ wire: V014.Match) {
        self.init(file: wire.file ?? "", line: wire.line ?? 0, content: wire.content ?? "")
    }
}

extension ReplaceResult {
    package init(_ wire: V014.ReplaceResult) {
        self.init(file: wire.file, success: wire.success, error: wire.error)
    }
}

// MARK: Git

extension V014 {
    /// `GitAddRequest`.
    struct GitAdd: Encodable {
        var path: String
        var files: [String]
    }

    /// `GitBranchRequest`.
    struct GitBranch: Encodable {
        var path: String
        var name: String
    }

    /// `GitCloneRequest`: the commit is `commit_id`.
    struct GitClone: Encodable {
        var url: String
        var path: String
        var username: String?
        var password: String?
        var branch: String?
        var commitID: String?
        /// Current API only: a shallow clone's depth.
        var depth: Int? = nil
        /// Current API only: skip TLS certificate checks.
        var insecureSkipTLS: Bool? = nil

        enum CodingKeys: String, CodingKey {
            case url, path, username, password, branch, depth
            case commitID = "commit_id"
            case insecureSkipTLS = "insecure_skip_tls"
        }
    }

    /// `GitCommitRequest`.
    struct GitCommit: Encodable {
        var path: String
        var message: String
        var author: String
        var email: String
    }

    /// `GitCommitResponse`.
    package struct GitCommitResponse: Codable, Sendable {
        @Lenient package var hash: String? = nil
        package init(hash: String?) { self.hash = hash }
    }

    /// `GitRepoRequest` (push and pull).
    struct GitRepo: Encodable {
        var path: String
        var username: String?
        var password: String?
    }

    /// `ListBranchResponse`; null branches read as none.
    package struct BranchList: Codable, Sendable {
        @Lenient package var branches: [String]? = nil
        package init(branches: [String]?) { self.branches = branches }
    }

    /// `GitStatus`: real servers send `fileStatus`; the published spec says `FileStatus[]`.
    package struct GitStatus: Codable, Sendable {
        @Lenient package var currentBranch: String? = nil
        @Lenient package var fileStatus: [FileStatus]? = nil
        @Lenient package var specFileStatus: [FileStatus]? = nil
        @Lenient package var ahead: Int? = nil
        @Lenient package var behind: Int? = nil
        @Lenient package var branchPublished: Bool? = nil

        enum CodingKeys: String, CodingKey {
            case currentBranch, fileStatus, ahead, behind, branchPublished
            case specFileStatus = "FileStatus[]"
        }

        package init(currentBranch: String?, fileStatus: [FileStatus]?, ahead: Int?, behind: Int?, branchPublished: Bool?) {
            self.currentBranch = currentBranch
            self.fileStatus = fileStatus
            self.ahead = ahead
            self.behind = behind
            self.branchPublished = branchPublished
        }
    }

    /// `FileStatus`.
    package struct FileStatus: Codable, Sendable {
        @Lenient package var name: String? = nil
        @Lenient package var staging: String? = nil
        @Lenient package var worktree: String? = nil
        @Lenient package var extra: String? = nil
        package init(name: String?, staging: String?, worktree: String?, extra: String?) {
            self.name = name
            self.staging = staging
            self.worktree = worktree
            self.extra = extra
        }
    }

    /// `GitCommitInfo`.
    package struct GitCommitInfo: Codable, Sendable {
        @Lenient package var hash: String? = nil
        @Lenient package var message: String? = nil
        @Lenient package var author: String? = nil
        @Lenient package var email: String? = nil
        @Lenient package var timestamp: String? = nil
        package init(hash: String?, message: String?, author: String?, email: String?, timestamp: String?) {
            self.hash = hash
            self.message = message
            self.author = author
            self.email = email
            self.timestamp = timestamp
        }
    }
}

extension GitStatus {
    package init(_ wire: V014.GitStatus) {
        self.init(
            currentBranch: wire.currentBranch ?? "",
            fileStatus: (wire.fileStatus ?? wire.specFileStatus ?? []).map(FileStatus.init),
            ahead: wire.ahead, behind: wire.behind, branchPublished: wire.branchPublished)
    }
}

extension FileStatus {
    package init(_ wire: V014.FileStatus) {
        self.init(
            name: wire.name ?? "", staging: GitFileStatus(rawValue: wire.staging ?? ""),
            worktree: GitFileStatus(rawValue: wire.worktree ?? ""), extra: wire.extra ?? "")
    }
}

extension GitCommitInfo {
    package init(_ wire: V014.GitCommitInfo) {
        self.init(
            hash: wire.hash ?? "", message: wire.message ?? "", author: wire.author ?? "", email: wire.email ?? "",
            timestamp: wire.timestamp ?? "")
    }
}

// MARK: Language servers

extension V014 {
    /// `LspServerRequest`.
    struct LSPServerRequest: Encodable {
        var languageId: String
        var pathToProject: String
    }

    /// `LspDocumentRequest`.
    struct LSPDocumentRequest: Encodable {
        var languageId: String
        var pathToProject: String
        var uri: String
    }

    /// `LspCompletionParams`.
    struct LSPCompletionParams: Encodable {
        var languageId: String
        var pathToProject: String
        var uri: String
        var position: Position
    }

    /// `Position`.
    package struct Position: Codable, Sendable, LenientValue {
        @Lenient package var line: Int? = nil
        @Lenient package var character: Int? = nil
        package init(line: Int?, character: Int?) {
            self.line = line
            self.character = character
        }
    }

    /// `Range`.
    package struct Range: Codable, Sendable, LenientValue {
        @Lenient package var start: Position? = nil
        @Lenient package var end: Position? = nil
        package init(start: Position?, end: Position?) {
            self.start = start
            self.end = end
        }
    }

    /// `LspLocation`.
    package struct Location: Codable, Sendable, LenientValue {
        @Lenient package var range: Range? = nil
        @Lenient package var uri: String? = nil
        package init(range: Range?, uri: String?) {
            self.range = range
            self.uri = uri
        }
    }

    /// `LspSymbol`.
    package struct Symbol: Codable, Sendable {
        @Lenient package var kind: Int? = nil
        @Lenient package var location: Location? = nil
        @Lenient package var name: String? = nil
        package init(kind: Int?, location: Location?, name: String?) {
            self.kind = kind
            self.location = location
            self.name = name
        }
    }

    /// `CompletionList`.
    package struct CompletionList: Codable, Sendable {
        @Lenient package var isIncomplete: Bool? = nil
        @Lenient package var items: [CompletionItem]? = nil
        package init(isIncomplete: Bool?, items: [CompletionItem]?) {
            self.isIncomplete = isIncomplete
            self.items = items
        }
    }

    /// `CompletionItem`.
    package struct CompletionItem: Codable, Sendable {
        @Lenient package var label: String? = nil
        @Lenient package var kind: Int? = nil
        @Lenient package var detail: String? = nil
        @Lenient package var documentation: JSONValue? = nil
        @Lenient package var sortText: String? = nil
        @Lenient package var filterText: String? = nil
        @Lenient package var insertText: String? = nil
        package init(label: String?, kind: Int?, detail: String?) {
            self.label = label
            self.kind = kind
            self.detail = detail
        }
    }
}

extension V014.Position {
    init(_ position: Position) { self.init(line: position.line, character: position.character) }
}

extension Position {
    init(orZero wire: V014.Position?) { self.init(line: wire?.line ?? 0, character: wire?.character ?? 0) }
}

extension LSPSymbol {
    package init(_ wire: V014.Symbol) {
        let range = wire.location?.range
        self.init(
            kind: wire.kind ?? 0,
            location: LSPLocation(
                range: LSPRange(start: Position(orZero: range?.start), end: Position(orZero: range?.end)), uri: wire.location?.uri ?? ""),
            name: wire.name ?? "")
    }
}

extension CompletionList {
    package init(_ wire: V014.CompletionList) {
        self.init(isIncomplete: wire.isIncomplete ?? false, items: (wire.items ?? []).map(CompletionItem.init))
    }
}

extension CompletionItem {
    package init(_ wire: V014.CompletionItem) {
        self.init(
            label: wire.label ?? "", kind: wire.kind, detail: wire.detail, documentation: wire.documentation,
            sortText: wire.sortText, filterText: wire.filterText, insertText: wire.insertText)
    }
}

// MARK: Models read from both APIs

// These models also map a current-API wire type with `init(_:)`, so their 0.14 wire type is
// named rather than inferred.
extension FileInfo { package typealias V014Wire = V014.FileInfo }
extension ExecuteResponse { package typealias V014Wire = V014.ExecuteResponse }
extension SessionExecuteResponse { package typealias V014Wire = V014.SessionExecuteResponse }
extension GitStatus { package typealias V014Wire = V014.GitStatus }
