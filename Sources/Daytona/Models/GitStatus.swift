/// The state of a repository: branch, tracking and per-file changes.
public struct GitStatus: Sendable, Hashable, Codable {
    /// The current branch's short name.
    public var currentBranch: String
    /// Per-file status (empty for a clean tree).
    public var fileStatus: [FileStatus]
    /// Local commits not pushed.
    public var ahead: Int?
    /// Remote commits not pulled.
    public var behind: Int?
    /// Whether the branch has an upstream.
    public var branchPublished: Bool?
    /// Whether `HEAD` is detached (current API; `nil` on 0.14).
    public var detached: Bool?
    /// The upstream branch, e.g. `origin/main`; empty when none is set (current API; `nil` on
    /// 0.14).
    public var upstream: String?

    /// Creates a status.
    public init(
        currentBranch: String, fileStatus: [FileStatus] = [], ahead: Int? = nil, behind: Int? = nil, branchPublished: Bool? = nil,
        detached: Bool? = nil, upstream: String? = nil
    ) {
        self.detached = detached
        self.upstream = upstream
        self.currentBranch = currentBranch
        self.fileStatus = fileStatus
        self.ahead = ahead
        self.behind = behind
        self.branchPublished = branchPublished
    }

}

/// One changed file in a ``GitStatus``.
public struct FileStatus: Sendable, Hashable, Codable {
    /// The path relative to the repository.
    public var name: String
    /// Its status in the index.
    public var staging: GitFileStatus
    /// Its status in the work tree.
    public var worktree: GitFileStatus
    /// Extra information, e.g. the original name of a renamed file; often empty.
    public var extra: String

    /// Creates a file status.
    public init(name: String, staging: GitFileStatus, worktree: GitFileStatus, extra: String = "") {
        self.name = name
        self.staging = staging
        self.worktree = worktree
        self.extra = extra
    }

}

/// A file's status in the index or the work tree. Unknown values are kept as they are.
public struct GitFileStatus: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `Modified` or `Updated but unmerged`.
    public var rawValue: String
    /// Creates a status from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a status from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// Unchanged.
    public static let unmodified: GitFileStatus = "Unmodified"
    /// Not tracked.
    public static let untracked: GitFileStatus = "Untracked"
    /// Changed.
    public static let modified: GitFileStatus = "Modified"
    /// Newly added.
    public static let added: GitFileStatus = "Added"
    /// Deleted.
    public static let deleted: GitFileStatus = "Deleted"
    /// Renamed.
    public static let renamed: GitFileStatus = "Renamed"
    /// Copied.
    public static let copied: GitFileStatus = "Copied"
    /// In conflict.
    public static let updatedButUnmerged: GitFileStatus = "Updated but unmerged"
}
