/// A sandbox's lifecycle state, as the server reports it.
///
/// The server may add states: an unknown value is kept as it is (compare ``rawValue``) instead of
/// failing to decode.
///
/// ```swift
/// if try await sandbox.info().state == .stopped { try await sandbox.start() }
/// ```
public struct SandboxState: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `pulling_image`.
    public var rawValue: String
    /// Creates a state from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a state from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// The sandbox is being created.
    public static let creating: SandboxState = "creating"
    /// The sandbox is being restored from a snapshot or archive.
    public static let restoring: SandboxState = "restoring"
    /// The sandbox was removed.
    public static let destroyed: SandboxState = "destroyed"
    /// The sandbox is being removed.
    public static let destroying: SandboxState = "destroying"
    /// The sandbox runs; its toolbox answers.
    public static let started: SandboxState = "started"
    /// The sandbox is stopped.
    public static let stopped: SandboxState = "stopped"
    /// The sandbox is starting.
    public static let starting: SandboxState = "starting"
    /// The sandbox is stopping.
    public static let stopping: SandboxState = "stopping"
    /// The sandbox's resources are being changed.
    public static let resizing: SandboxState = "resizing"
    /// The sandbox failed; see ``SandboxInfo/errorReason``.
    public static let error: SandboxState = "error"
    /// The server does not know the state.
    public static let unknown: SandboxState = "unknown"
    /// The sandbox's image is being pulled.
    public static let pullingImage: SandboxState = "pulling_image"
    /// The sandbox is being archived.
    public static let archiving: SandboxState = "archiving"
    /// The sandbox's file system was moved to object storage.
    public static let archived: SandboxState = "archived"
    /// The sandbox's image is being built (current API).
    public static let pendingBuild: SandboxState = "pending_build"
    /// The snapshot for the sandbox is being built (current API).
    public static let buildingSnapshot: SandboxState = "building_snapshot"
    /// Building the sandbox's image failed; see ``SandboxInfo/errorReason`` (current API).
    public static let buildFailed: SandboxState = "build_failed"
    /// The sandbox's snapshot is being pulled (current API).
    public static let pullingSnapshot: SandboxState = "pulling_snapshot"
    /// A snapshot is being made from the sandbox (current API).
    public static let snapshotting: SandboxState = "snapshotting"
    /// The sandbox is being forked (current API).
    public static let forking: SandboxState = "forking"
    /// The sandbox is pausing (current API).
    public static let pausing: SandboxState = "pausing"
    /// The sandbox is paused (current API).
    public static let paused: SandboxState = "paused"
    /// The sandbox is resuming from a pause (current API).
    public static let resuming: SandboxState = "resuming"
}

/// The state of a sandbox's last snapshot.
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
