import Foundation

/// A snapshot: an image that sandboxes start from (current API).
///
/// Unknown states and fields a server adds are tolerated. Prints as its name and state.
public struct Snapshot: Sendable, Hashable, Codable, Identifiable, CustomStringConvertible {
    /// A snapshot's state, as the server reports it. Unknown values are kept.
    public struct State: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
        /// The wire value, e.g. `active`.
        public var rawValue: String
        /// Creates a state from its wire value.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Creates a state from a string literal.
        public init(stringLiteral value: String) { self.rawValue = value }
        /// The wire value.
        public var description: String { rawValue }

        /// The image is being built.
        public static let building: State = "building"
        /// Waiting to be processed.
        public static let pending: State = "pending"
        /// The image is being pulled.
        public static let pulling: State = "pulling"
        /// Sandboxes can start from it.
        public static let active: State = "active"
        /// Deactivated; ``Snapshots/activate(_:)`` makes it usable again.
        public static let inactive: State = "inactive"
        /// It failed; see ``Snapshot/errorReason``.
        public static let error: State = "error"
        /// Building its image failed; see ``Snapshot/errorReason``.
        public static let buildFailed: State = "build_failed"
        /// It is being removed.
        public static let removing: State = "removing"
    }

    /// The snapshot's ID.
    public var id: String
    /// Its name, which ``CreateSandboxParams/snapshot`` accepts.
    public var name: String
    /// Its state.
    public var state: State
    /// The image it was made from, when known.
    public var imageName: String?
    /// Whether it is one of Daytona's shared snapshots.
    public var isGeneral: Bool
    /// The organization that owns it (none for shared snapshots).
    public var organizationID: String?
    /// The CPUs, GPUs, memory and disk (GiB) of sandboxes made from it.
    public var resources: SandboxResources
    /// Its size, as the server reports it.
    public var size: Double?
    /// The image's entrypoint.
    public var entrypoint: [String]?
    /// Why it failed, when it did.
    public var errorReason: String?
    /// When it was created (ISO-8601 text).
    public var createdAt: String?
    /// When it last changed (ISO-8601 text).
    public var updatedAt: String?
    /// When a sandbox last started from it (ISO-8601 text).
    public var lastUsedAt: String?

    /// Creates a snapshot value.
    public init(
        id: String, name: String, state: State, imageName: String? = nil, isGeneral: Bool = false, organizationID: String? = nil,
        resources: SandboxResources = SandboxResources(), size: Double? = nil, entrypoint: [String]? = nil, errorReason: String? = nil,
        createdAt: String? = nil, updatedAt: String? = nil, lastUsedAt: String? = nil
    ) {
        self.id = id
        self.name = name
        self.state = state
        self.imageName = imageName
        self.isGeneral = isGeneral
        self.organizationID = organizationID
        self.resources = resources
        self.size = size
        self.entrypoint = entrypoint
        self.errorReason = errorReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastUsedAt = lastUsedAt
    }

    /// The name and state, e.g. `python-3.12 (active)`.
    public var description: String { "\(name) (\(state))" }
}

/// One page of snapshots, as ``Snapshots/page(_:pageSize:name:)`` reads it.
public struct SnapshotPage: Sendable, Hashable, Codable {
    /// The snapshots on this page.
    public var snapshots: [Snapshot]
    /// How many snapshots there are in all.
    public var total: Int
    /// This page's number, from 1.
    public var page: Int
    /// How many pages there are.
    public var totalPages: Int

    /// Creates a page.
    public init(snapshots: [Snapshot], total: Int, page: Int, totalPages: Int) {
        self.snapshots = snapshots
        self.total = total
        self.page = page
        self.totalPages = totalPages
    }
}

/// A volume: storage that outlives sandboxes and mounts into them (current API).
public struct Volume: Sendable, Hashable, Codable, Identifiable, CustomStringConvertible {
    /// A volume's state, as the server reports it. Unknown values are kept.
    public struct State: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
        /// The wire value, e.g. `ready`.
        public var rawValue: String
        /// Creates a state from its wire value.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// Creates a state from a string literal.
        public init(stringLiteral value: String) { self.rawValue = value }
        /// The wire value.
        public var description: String { rawValue }

        /// Waiting to be created.
        public static let pendingCreate: State = "pending_create"
        /// Being created.
        public static let creating: State = "creating"
        /// Ready to mount.
        public static let ready: State = "ready"
        /// Waiting to be deleted.
        public static let pendingDelete: State = "pending_delete"
        /// Being deleted.
        public static let deleting: State = "deleting"
        /// Deleted.
        public static let deleted: State = "deleted"
        /// It failed; see ``Volume/errorReason``.
        public static let error: State = "error"
    }

    /// The volume's ID.
    public var id: String
    /// Its name.
    public var name: String
    /// Its state.
    public var state: State
    /// The organization that owns it.
    public var organizationID: String?
    /// Why it failed, when it did.
    public var errorReason: String?
    /// When it was created (ISO-8601 text).
    public var createdAt: String?
    /// When it last changed (ISO-8601 text).
    public var updatedAt: String?
    /// When a sandbox last used it (ISO-8601 text).
    public var lastUsedAt: String?

    /// Creates a volume value.
    public init(
        id: String, name: String, state: State, organizationID: String? = nil, errorReason: String? = nil, createdAt: String? = nil,
        updatedAt: String? = nil, lastUsedAt: String? = nil
    ) {
        self.id = id
        self.name = name
        self.state = state
        self.organizationID = organizationID
        self.errorReason = errorReason
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lastUsedAt = lastUsedAt
    }

    /// A mount of this volume at `path` inside a sandbox, for ``CreateSandboxParams/volumes``.
    public func mounted(at path: String, subpath: String? = nil) -> SandboxVolume {
        SandboxVolume(volumeID: id, mountPath: path, subpath: subpath)
    }

    /// The name and state, e.g. `data (ready)`.
    public var description: String { "\(name) (\(state))" }
}
