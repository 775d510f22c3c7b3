import Foundation

/// Git operations on repositories inside a sandbox: ``Sandbox/git``.
///
/// Passwords and tokens you pass are sent to the sandbox only; they never appear in an
/// error's message or description.
///
/// ```swift
/// try await sandbox.git.clone(url: "https://github.com/user/repo.git", to: "/home/daytona/repo")
/// try await sandbox.git.add(["."], in: "/home/daytona/repo")
/// let hash = try await sandbox.git.commit(in: "/home/daytona/repo", message: "Update",
///                                           author: "Bot", email: "bot@example.com")
/// ```
public struct Git: Sendable {
    /// The sandbox these operations act on.
    public let sandboxID: String
    let api: ToolboxClient

    init(sandboxID: String, api: ToolboxClient) {
        self.sandboxID = sandboxID
        self.api = api
    }

    private func path(_ suffix: String) -> String { api.path(suffix) }

    /// Stages files (`POST …/git/add`).
    ///
    /// - Parameters:
    ///   - files: Paths relative to the repository; `["."]` stages everything.
    ///   - path: The repository's root.
    /// - Throws: ``DaytonaError`` prefixed `Failed to add files: `.
    public func add(_ files: [String], in path: String) async throws {
        try await withContext("Failed to add files: ") {
            try requireNonEmpty(path, "path")
            guard !files.isEmpty else { throw DaytonaError.invalidArgument("files must not be empty") }
            _ = try await api.send(try .post(self.path("/git/add"), json: V014.GitAdd(path: path, files: files)))
        }
    }

    /// Lists the repository's branches (`GET …/git/branches`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to list branches: `.
    public func branches(in path: String) async throws -> [String] {
        try await withContext("Failed to list branches: ") {
            try requireNonEmpty(path, "path")
            let response = try await api.send(.get(self.path("/git/branches"), query: [("path", path)]))
            return try api.decodeIfPresent(V014.BranchList.self, from: response)?.branches ?? []
        }
    }

    /// Creates a branch (`POST …/git/branches`, not exposed by the reference SDK).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to create branch: `.
    public func createBranch(_ name: String, in path: String) async throws {
        try await withContext("Failed to create branch: ") {
            try requireNonEmpty(path, "path")
            try requireNonEmpty(name, "name")
            _ = try await api.send(try .post(self.path("/git/branches"), json: V014.GitBranch(path: path, name: name)))
        }
    }

    /// Clones a repository (`POST …/git/clone`).
    ///
    /// - Parameters:
    ///   - url: The repository's URL.
    ///   - path: Where to clone it.
    ///   - branch: A branch to check out.
    ///   - commitID: A commit to check out (detached HEAD). Sent as `commit_id`, which the
    ///     reference SDK silently drops.
    ///   - username: A user name for private repositories.
    ///   - password: A password or token for private repositories.
    /// - Throws: ``DaytonaError`` prefixed `Failed to clone repository: `.
    public func clone(
        url: String, to path: String, branch: String? = nil, commitID: String? = nil,
        username: String? = nil, password: String? = nil
    ) async throws {
        try await withContext("Failed to clone repository: ", redacting: [password].compactMap { $0 }) {
            try requireNonEmpty(url, "url")
            try requireNonEmpty(path, "path")
            let body = V014.GitClone(url: url, path: path, username: username, password: password, branch: branch, commitID: commitID)
            _ = try await api.send(try .post(self.path("/git/clone"), json: body))
        }
    }

    /// Commits the staged changes and returns the new commit's hash (`POST …/git/commit`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to commit changes: `.
    @discardableResult
    public func commit(in path: String, message: String, author: String, email: String) async throws -> String {
        try await withContext("Failed to commit changes: ") {
            try requireNonEmpty(path, "path")
            try requireNonEmpty(message, "message")
            let body = V014.GitCommit(path: path, message: message, author: author, email: email)
            let response = try await api.send(try .post(self.path("/git/commit"), json: body, expectsBody: true))
            return try api.decodeIfPresent(V014.GitCommitResponse.self, from: response)?.hash ?? ""
        }
    }

    /// Lists the repository's commits, newest first (`GET …/git/history`, not exposed by the
    /// reference SDK).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get history: `.
    public func history(in path: String) async throws -> [GitCommitInfo] {
        try await withContext("Failed to get history: ") {
            try requireNonEmpty(path, "path")
            let response = try await api.send(.get(self.path("/git/history"), query: [("path", path)]))
            return try api.decodeIfPresent([V014.GitCommitInfo].self, from: response)?.map(GitCommitInfo.init) ?? []
        }
    }

    /// Pushes the current branch (`POST …/git/push`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to push changes: `.
    public func push(in path: String, username: String? = nil, password: String? = nil) async throws {
        try await withContext("Failed to push changes: ", redacting: [password].compactMap { $0 }) {
            try requireNonEmpty(path, "path")
            let body = V014.GitRepo(path: path, username: username, password: password)
            _ = try await api.send(try .post(self.path("/git/push"), json: body))
        }
    }

    /// Pulls the current branch (`POST …/git/pull`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to pull changes: `.
    public func pull(in path: String, username: String? = nil, password: String? = nil) async throws {
        try await withContext("Failed to pull changes: ", redacting: [password].compactMap { $0 }) {
            try requireNonEmpty(path, "path")
            let body = V014.GitRepo(path: path, username: username, password: password)
            _ = try await api.send(try .post(self.path("/git/pull"), json: body))
        }
    }

    /// The repository's branch, tracking and file status (`GET …/git/status`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get status: `.
    public func status(in path: String) async throws -> GitStatus {
        try await withContext("Failed to get status: ") {
            try requireNonEmpty(path, "path")
            return GitStatus(try await api.send(.get(self.path("/git/status"), query: [("path", path)]), decoding: V014.GitStatus.self))
        }
    }
}
