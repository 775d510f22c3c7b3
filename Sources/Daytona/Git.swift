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
            _ = try await api.send(api.declaringJSONAnswer(try .post(self.path("/git/add"), json: V014.GitAdd(path: path, files: files))))
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

    /// Lists the repository's branches and names the one checked out (`GET …/git/branches`,
    /// current API only).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to list branches: `; `unsupported` on 0.14.
    public func branchList(in path: String) async throws -> GitBranchList {
        try await withContext("Failed to list branches: ") {
            try api.requireCurrent("Naming the current branch")
            try requireNonEmpty(path, "path")
            let response = try await api.send(.get(self.path("/git/branches"), query: [("path", path)]))
            let wire = try api.decodeIfPresent(Current.BranchList.self, from: response)
            let current = wire?.current.flatMap { $0.isEmpty ? nil : $0 }
            return GitBranchList(branches: wire?.branches ?? [], current: current)
        }
    }

    /// Creates a branch (`POST …/git/branches`, not exposed by the reference SDK).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to create branch: `.
    public func createBranch(_ name: String, in path: String) async throws {
        try await withContext("Failed to create branch: ") {
            try requireNonEmpty(path, "path")
            try requireNonEmpty(name, "name")
            _ = try await api.send(
                api.declaringJSONAnswer(try .post(self.path("/git/branches"), json: V014.GitBranch(path: path, name: name))))
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
    ///   - depth: Only this many commits of history (a shallow clone; current API).
    ///   - skipTLSVerification: Accept any TLS certificate (current API; sent as
    ///     `insecure_skip_tls`). Only for servers you trust by other means.
    /// - Throws: ``DaytonaError`` prefixed `Failed to clone repository: `; `unsupported` for
    ///   `depth` or `skipTLSVerification` on 0.14.
    public func clone(
        url: String, to path: String, branch: String? = nil, commitID: String? = nil,
        username: String? = nil, password: String? = nil, depth: Int? = nil, skipTLSVerification: Bool = false
    ) async throws {
        try await withContext("Failed to clone repository: ", redacting: [password].compactMap { $0 }) {
            try requireNonEmpty(url, "url")
            try requireNonEmpty(path, "path")
            if depth != nil || skipTLSVerification { try api.requireCurrent("A shallow or unverified clone") }
            if let depth, depth < 1 { throw DaytonaError.invalidArgument("depth must be a positive integer") }
            var body = V014.GitClone(url: url, path: path, username: username, password: password, branch: branch, commitID: commitID)
            body.depth = depth
            body.insecureSkipTLS = skipTLSVerification ? true : nil
            _ = try await api.send(api.declaringJSONAnswer(try .post(self.path("/git/clone"), json: body)))
        }
    }

    /// Commits the staged changes and returns the new commit's hash (`POST …/git/commit`).
    ///
    /// - Parameters:
    ///   - path: The repository's root.
    ///   - message: The commit message.
    ///   - author: The author's name.
    ///   - email: The author's email.
    ///   - allowEmpty: Whether to commit when nothing is staged (current API only; sent as
    ///     `allow_empty`).
    /// - Throws: ``DaytonaError`` prefixed `Failed to commit changes: `; `unsupported` for
    ///   `allowEmpty` on 0.14.
    @discardableResult
    public func commit(in path: String, message: String, author: String, email: String, allowEmpty: Bool = false) async throws -> String {
        try await withContext("Failed to commit changes: ") {
            try requireNonEmpty(path, "path")
            try requireNonEmpty(message, "message")
            let endpoint: Endpoint
            switch api.dialect {
            case .v014:
                if allowEmpty { try api.requireCurrent("An empty commit") }
                let body = V014.GitCommit(path: path, message: message, author: author, email: email)
                endpoint = try .post(self.path("/git/commit"), json: body, expectsBody: true)
            case .current:
                let body = Current.GitCommit(path: path, message: message, author: author, email: email, allowEmpty: allowEmpty)
                endpoint = try .post(self.path("/git/commit"), json: body, expectsBody: true)
            }
            let response = try await api.send(endpoint)
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
    /// - Parameters:
    ///   - path: The repository's root.
    ///   - username: A user name for private repositories.
    ///   - password: A password or token for private repositories.
    ///   - remote: The remote to push to (current API; the server's default is `origin`).
    ///   - branch: The branch to push (current API; the server's default is the current one).
    ///   - setUpstream: Make the pushed branch track the remote one (current API).
    /// - Throws: ``DaytonaError`` prefixed `Failed to push changes: `; `unsupported` for the
    ///   current API's options on 0.14.
    public func push(
        in path: String, username: String? = nil, password: String? = nil, remote: String? = nil, branch: String? = nil,
        setUpstream: Bool = false
    ) async throws {
        try await withContext("Failed to push changes: ", redacting: [password].compactMap { $0 }) {
            try requireNonEmpty(path, "path")
            switch api.dialect {
            case .v014:
                if remote != nil || branch != nil || setUpstream { try api.requireCurrent("Pushing to a named remote or branch") }
                let body = V014.GitRepo(path: path, username: username, password: password)
                _ = try await api.send(try .post(self.path("/git/push"), json: body))
            case .current:
                let body = Current.GitPush(
                    path: path, username: username, password: password, remote: remote, branch: branch, setUpstream: setUpstream)
                _ = try await api.send(try .post(self.path("/git/push"), json: body, expectsBody: true))
            }
        }
    }

    /// Pulls the current branch (`POST …/git/pull`).
    ///
    /// - Parameters:
    ///   - path: The repository's root.
    ///   - username: A user name for private repositories.
    ///   - password: A password or token for private repositories.
    ///   - remote: The remote to pull from (current API; the server's default is `origin`).
    ///   - branch: The branch to pull (current API; the server's default is the upstream of the
    ///     current branch).
    /// - Throws: ``DaytonaError`` prefixed `Failed to pull changes: `; `unsupported` for the
    ///   current API's options on 0.14.
    public func pull(
        in path: String, username: String? = nil, password: String? = nil, remote: String? = nil, branch: String? = nil
    ) async throws {
        try await withContext("Failed to pull changes: ", redacting: [password].compactMap { $0 }) {
            try requireNonEmpty(path, "path")
            switch api.dialect {
            case .v014:
                if remote != nil || branch != nil { try api.requireCurrent("Pulling from a named remote or branch") }
                let body = V014.GitRepo(path: path, username: username, password: password)
                _ = try await api.send(try .post(self.path("/git/pull"), json: body))
            case .current:
                let body = Current.GitPull(path: path, username: username, password: password, remote: remote, branch: branch)
                _ = try await api.send(try .post(self.path("/git/pull"), json: body, expectsBody: true))
            }
        }
    }

    /// The repository's branch, tracking and file status (`GET …/git/status`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get status: `.
    public func status(in path: String) async throws -> GitStatus {
        try await withContext("Failed to get status: ") {
            try requireNonEmpty(path, "path")
            let endpoint = Endpoint.get(self.path("/git/status"), query: [("path", path)])
            switch api.dialect {
            case .v014: return GitStatus(try await api.send(endpoint, decoding: V014.GitStatus.self))
            case .current: return GitStatus(try await api.send(endpoint, decoding: Current.GitStatus.self))
            }
        }
    }

    // MARK: Current API only

    /// Checks out a branch or a commit (`POST …/git/checkout`, current API only).
    ///
    /// - Parameters:
    ///   - branch: A branch name or a commit hash.
    ///   - path: The repository's root.
    /// - Throws: ``DaytonaError`` prefixed `Failed to checkout branch: `; `unsupported` on 0.14.
    public func checkout(_ branch: String, in path: String) async throws {
        try await withContext("Failed to checkout branch: ") {
            try api.requireCurrent("Checking out a branch")
            try requireNonEmpty(path, "path")
            try requireNonEmpty(branch, "branch")
            _ = try await api.send(
                try .post(self.path("/git/checkout"), json: Current.GitCheckout(path: path, branch: branch), expectsBody: true))
        }
    }

    /// Deletes a local branch (`DELETE …/git/branches` with a JSON body, current API only).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to delete branch: `; `unsupported` on 0.14.
    public func deleteBranch(_ name: String, in path: String) async throws {
        try await withContext("Failed to delete branch: ") {
            try api.requireCurrent("Deleting a branch")
            try requireNonEmpty(path, "path")
            try requireNonEmpty(name, "name")
            var endpoint = Endpoint.delete(self.path("/git/branches"))
            endpoint.body = .json(try JSONCoding.encode(V014.GitBranch(path: path, name: name)))
            endpoint.expectsBody = true
            _ = try await api.send(endpoint)
        }
    }

    /// Creates a repository (`POST …/git/init`, current API only).
    ///
    /// - Parameters:
    ///   - path: Where to create it.
    ///   - bare: Whether to create it without a work tree.
    ///   - initialBranch: The first branch's name, or `nil` for git's default.
    /// - Throws: ``DaytonaError`` prefixed `Failed to initialize repository: `; `unsupported`
    ///   on 0.14.
    public func initialize(at path: String, bare: Bool = false, initialBranch: String? = nil) async throws {
        try await withContext("Failed to initialize repository: ") {
            try api.requireCurrent("Initializing a repository")
            try requireNonEmpty(path, "path")
            let body = Current.GitInit(path: path, bare: bare, initialBranch: initialBranch)
            _ = try await api.send(try .post(self.path("/git/init"), json: body, expectsBody: true))
        }
    }

    /// Lists the repository's remotes (`GET …/git/remotes`, current API only).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to list remotes: `; `unsupported` on 0.14.
    public func remotes(in path: String) async throws -> [GitRemote] {
        try await withContext("Failed to list remotes: ") {
            try api.requireCurrent("Listing remotes")
            try requireNonEmpty(path, "path")
            let response = try await api.send(.get(self.path("/git/remotes"), query: [("path", path)]))
            return try api.decodeIfPresent(Current.RemoteList.self, from: response)?.remotes?.map(GitRemote.init) ?? []
        }
    }

    /// Adds a remote (`POST …/git/remotes`, current API only).
    ///
    /// - Parameters:
    ///   - name: The remote's name, e.g. `origin`.
    ///   - url: Its URL.
    ///   - path: The repository's root.
    ///   - fetch: Whether to fetch from it right away.
    ///   - overwrite: Whether to replace a remote of the same name.
    /// - Throws: ``DaytonaError`` prefixed `Failed to add remote: `; `unsupported` on 0.14.
    public func addRemote(_ name: String, url: String, in path: String, fetch: Bool = false, overwrite: Bool = false) async throws {
        try await withContext("Failed to add remote: ") {
            try api.requireCurrent("Adding a remote")
            try requireNonEmpty(path, "path")
            try requireNonEmpty(name, "name")
            try requireNonEmpty(url, "url")
            let body = Current.GitAddRemote(path: path, name: name, url: url, fetch: fetch, overwrite: overwrite)
            _ = try await api.send(try .post(self.path("/git/remotes"), json: body, expectsBody: true))
        }
    }

    /// Resets `HEAD`, and the index or work tree as `mode` says (`POST …/git/reset`, current API
    /// only).
    ///
    /// - Parameters:
    ///   - path: The repository's root.
    ///   - mode: How far to reset; `nil` for git's default, `mixed`.
    ///   - target: The revision to reset to; `nil` for `HEAD`.
    ///   - files: Only these paths (resets their index entries); `nil` for all.
    /// - Throws: ``DaytonaError`` prefixed `Failed to reset: `; `unsupported` on 0.14.
    public func reset(in path: String, mode: GitResetMode? = nil, target: String? = nil, files: [String]? = nil) async throws {
        try await withContext("Failed to reset: ") {
            try api.requireCurrent("Resetting")
            try requireNonEmpty(path, "path")
            let body = Current.GitReset(path: path, mode: mode?.rawValue, target: target, files: files)
            _ = try await api.send(try .post(self.path("/git/reset"), json: body, expectsBody: true))
        }
    }

    /// Restores files in the work tree or the index (`POST …/git/restore`, current API only).
    ///
    /// - Parameters:
    ///   - files: The paths to restore.
    ///   - path: The repository's root.
    ///   - source: The revision to restore from; `nil` for the index (or `HEAD` with `staged`).
    ///   - staged: Whether to restore the index.
    ///   - worktree: Whether to restore the work tree; `nil` for git's default.
    /// - Throws: ``DaytonaError`` prefixed `Failed to restore files: `; `unsupported` on 0.14.
    public func restore(_ files: [String], in path: String, source: String? = nil, staged: Bool? = nil, worktree: Bool? = nil)
        async throws
    {
        try await withContext("Failed to restore files: ") {
            try api.requireCurrent("Restoring files")
            try requireNonEmpty(path, "path")
            guard !files.isEmpty else { throw DaytonaError.invalidArgument("files must not be empty") }
            let body = Current.GitRestore(path: path, files: files, source: source, staged: staged, worktree: worktree)
            _ = try await api.send(try .post(self.path("/git/restore"), json: body, expectsBody: true))
        }
    }

    /// Sets the name and email git records in commits (`POST …/git/config/user`, current API
    /// only).
    ///
    /// - Parameters:
    ///   - name: The user's name.
    ///   - email: The user's email.
    ///   - scope: Where to write it; `nil` for the server's default, `global`.
    ///   - path: The repository, for the `local` scope.
    /// - Throws: ``DaytonaError`` prefixed `Failed to configure user: `; `unsupported` on 0.14.
    public func configureUser(name: String, email: String, scope: GitConfigScope? = nil, in path: String? = nil) async throws {
        try await withContext("Failed to configure user: ") {
            try api.requireCurrent("Configuring the git user")
            try requireNonEmpty(name, "name")
            try requireNonEmpty(email, "email")
            try GitConfigScope.requirePath(path, for: scope)
            let body = Current.GitConfigureUser(name: name, email: email, scope: scope?.rawValue, path: path)
            _ = try await api.send(try .post(self.path("/git/config/user"), json: body, expectsBody: true))
        }
    }

    /// A git configuration value, or `nil` when it is not set (`GET …/git/config`, current API;
    /// Python: `get_config`).
    ///
    /// - Parameters:
    ///   - key: The key in dotted form, e.g. `user.name`.
    ///   - scope: Where to read it; `nil` for the server's default, `global`.
    ///   - path: The repository, for the `local` scope.
    /// - Throws: ``DaytonaError`` prefixed `Failed to get config: `; `unsupported` on 0.14.
    public func config(_ key: String, scope: GitConfigScope? = nil, in path: String? = nil) async throws -> String? {
        try await withContext("Failed to get config: ") {
            try api.requireCurrent("Reading git configuration")
            try requireNonEmpty(key, "key")
            try GitConfigScope.requirePath(path, for: scope)
            let endpoint = Endpoint.get(self.path("/git/config"), query: [("key", key), ("path", path), ("scope", scope?.rawValue)])
            return try await api.send(endpoint, decoding: Current.GitConfigValue.self).value
        }
    }

    /// Sets a git configuration value (`POST …/git/config`, current API; Python: `set_config`).
    ///
    /// - Parameters:
    ///   - key: The key in dotted form, e.g. `pull.rebase`.
    ///   - value: The value.
    ///   - scope: Where to write it; `nil` for the server's default, `global`.
    ///   - path: The repository, for the `local` scope.
    /// - Throws: ``DaytonaError`` prefixed `Failed to set config: `; `unsupported` on 0.14.
    public func setConfig(_ key: String, to value: String, scope: GitConfigScope? = nil, in path: String? = nil) async throws {
        try await withContext("Failed to set config: ") {
            try api.requireCurrent("Writing git configuration")
            try requireNonEmpty(key, "key")
            try GitConfigScope.requirePath(path, for: scope)
            let body = Current.GitSetConfig(key: key, value: value, scope: scope?.rawValue, path: path)
            _ = try await api.send(try .post(self.path("/git/config"), json: body, expectsBody: true))
        }
    }

    /// Stores credentials for a git host in the sandbox, so later clones, pulls and pushes need
    /// none (`POST …/git/credentials`, current API; Python: `dangerously_authenticate`).
    ///
    /// The sandbox keeps the password **in plain text on its disk**: anything that runs in the
    /// sandbox can read it. Prefer passing credentials to each call.
    ///
    /// - Parameters:
    ///   - username: The user name.
    ///   - password: The password or token.
    ///   - host: The host; `nil` for the server's default, `github.com`.
    ///   - scheme: The protocol; `nil` for the server's default, `https`.
    /// - Throws: ``DaytonaError`` prefixed `Failed to authenticate: `; `unsupported` on 0.14.
    public func storeCredentials(username: String, password: String, host: String? = nil, scheme: String? = nil) async throws {
        try await withContext("Failed to authenticate: ", redacting: [password]) {
            try api.requireCurrent("Storing git credentials")
            try requireNonEmpty(username, "username")
            try requireNonEmpty(password, "password")
            let body = Current.GitAuthenticate(username: username, password: password, host: host, protocol: scheme)
            _ = try await api.send(try .post(self.path("/git/credentials"), json: body, expectsBody: true))
        }
    }
}
