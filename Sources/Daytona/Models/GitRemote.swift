/// A remote of a repository, from ``Git/remotes(in:)``.
public struct GitRemote: Sendable, Hashable, Codable {
    /// The remote's name, e.g. `origin`.
    public var name: String
    /// Its URL.
    public var url: String

    /// Creates a remote.
    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }
}

/// The branches of a repository and the one checked out, from ``Git/branchList(in:)``.
public struct GitBranchList: Sendable, Hashable, Codable {
    /// The local branches' names.
    public var branches: [String]
    /// The branch checked out; `nil` when `HEAD` is detached or the server does not say.
    public var current: String?

    /// Creates a branch list.
    public init(branches: [String], current: String? = nil) {
        self.branches = branches
        self.current = current
    }
}

/// How ``Git/reset(in:mode:target:files:)`` moves `HEAD`, the index and the work tree.
public struct GitResetMode: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `hard`.
    public var rawValue: String
    /// Creates a mode from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a mode from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// Moves `HEAD` only.
    public static let soft: GitResetMode = "soft"
    /// Moves `HEAD` and resets the index (git's default).
    public static let mixed: GitResetMode = "mixed"
    /// Moves `HEAD` and resets the index and the work tree, discarding changes.
    public static let hard: GitResetMode = "hard"
    /// Like `hard`, but keeps changes that were not staged.
    public static let merge: GitResetMode = "merge"
    /// Like `hard`, but refuses when local changes would be lost.
    public static let keep: GitResetMode = "keep"
}

/// Where ``Git/configureUser(name:email:scope:in:)`` writes git settings.
public struct GitConfigScope: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `global`.
    public var rawValue: String
    /// Creates a scope from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a scope from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// The sandbox user's settings (`~/.gitconfig`).
    public static let global: GitConfigScope = "global"
    /// One repository's settings (needs its path).
    public static let local: GitConfigScope = "local"
    /// The whole system's settings.
    public static let system: GitConfigScope = "system"
}

extension GitConfigScope {
    /// Rejects the `local` scope without a repository path, before any request.
    static func requirePath(_ path: String?, for scope: GitConfigScope?) throws {
        if scope == .local, path?.isEmpty ?? true { throw DaytonaError.invalidArgument("path is required for the local scope") }
    }
}
