/// A workspace's lifecycle state, as the server reports it.
///
/// The server may add states: an unknown value is kept as it is (compare ``rawValue``) instead of
/// failing to decode.
///
/// ```swift
/// if try await workspace.info().state == .stopped { try await workspace.start() }
/// ```
public struct WorkspaceState: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `pulling_image`.
    public var rawValue: String
    /// Creates a state from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a state from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// The workspace is being created.
    public static let creating: WorkspaceState = "creating"
    /// The workspace is being restored from a snapshot or archive.
    public static let restoring: WorkspaceState = "restoring"
    /// The workspace was removed.
    public static let destroyed: WorkspaceState = "destroyed"
    /// The workspace is being removed.
    public static let destroying: WorkspaceState = "destroying"
    /// The workspace runs; its toolbox answers.
    public static let started: WorkspaceState = "started"
    /// The workspace is stopped.
    public static let stopped: WorkspaceState = "stopped"
    /// The workspace is starting.
    public static let starting: WorkspaceState = "starting"
    /// The workspace is stopping.
    public static let stopping: WorkspaceState = "stopping"
    /// The workspace's resources are being changed.
    public static let resizing: WorkspaceState = "resizing"
    /// The workspace failed; see ``WorkspaceInfo/errorReason``.
    public static let error: WorkspaceState = "error"
    /// The server does not know the state.
    public static let unknown: WorkspaceState = "unknown"
    /// The workspace's image is being pulled.
    public static let pullingImage: WorkspaceState = "pulling_image"
    /// The workspace is being archived.
    public static let archiving: WorkspaceState = "archiving"
    /// The workspace's file system was moved to object storage.
    public static let archived: WorkspaceState = "archived"
}

/// The state of a workspace's last snapshot.
public struct SnapshotState: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `InProgress`.
    public var rawValue: String
    /// Creates a state from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a state from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// No snapshot was taken. (The wire value is the string `None`, not null.)
    public static let none: SnapshotState = "None"
    /// A snapshot is queued.
    public static let pending: SnapshotState = "Pending"
    /// A snapshot is being taken.
    public static let inProgress: SnapshotState = "InProgress"
    /// The last snapshot completed.
    public static let completed: SnapshotState = "Completed"
    /// The last snapshot failed.
    public static let error: SnapshotState = "Error"
}
