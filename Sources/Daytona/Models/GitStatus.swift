/// The state of a repository: branch, tracking and per-file changes.
public struct GitStatus: Sendable, Hashable, Decodable {
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

    /// Creates a status.
    public init(currentBranch: String, fileStatus: [FileStatus] = [], ahead: Int? = nil, behind: Int? = nil, branchPublished: Bool? = nil) {
        self.currentBranch = currentBranch
        self.fileStatus = fileStatus
        self.ahead = ahead
        self.behind = behind
        self.branchPublished = branchPublished
    }

    private enum Keys: String, CodingKey {
        case currentBranch, fileStatus, ahead, behind, branchPublished
        case specFileStatus = "FileStatus[]"
    }

    /// Decodes the server's `GitStatus`: the file list from `fileStatus` (what servers send),
    /// else `FileStatus[]` (what the 0.14 spec names), else empty.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let files =
            try container.decodeIfPresent([FileStatus].self, forKey: .fileStatus)
            ?? container.decodeIfPresent([FileStatus].self, forKey: .specFileStatus) ?? []
        self.init(
            currentBranch: container.lenientString(.currentBranch) ?? "",
            fileStatus: files,
            ahead: container.lenientInt(.ahead),
            behind: container.lenientInt(.behind),
            branchPublished: container.lenientBool(.branchPublished)
        )
    }
}

/// One changed file in a ``GitStatus``.
public struct FileStatus: Sendable, Hashable, Decodable {
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

    private enum Keys: String, CodingKey { case name, staging, worktree, extra }

    /// Decodes the server's `FileStatus`, leniently.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(
            name: container.lenientString(.name) ?? "",
            staging: GitFileStatus(rawValue: container.lenientString(.staging) ?? ""),
            worktree: GitFileStatus(rawValue: container.lenientString(.worktree) ?? ""),
            extra: container.lenientString(.extra) ?? ""
        )
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
