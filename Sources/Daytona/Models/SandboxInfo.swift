import Foundation

/// Everything the server reports about a sandbox, with its `providerMetadata` parsed into
/// typed properties.
///
/// Reading the server's answer is lenient, as a client of an evolving server should be: unknown
/// keys are ignored, missing or null keys take the defaults the reference SDK uses, numbers may
/// be integers or floats, and a null `info` or `providerMetadata` leaves the state
/// ``SandboxState/unknown`` rather than failing.
///
/// The type is `Codable` under its own Swift names (return it from a server handler as it is)
/// and prints as its ID and state.
///
/// ```swift
/// let info = try await sandbox.info()
/// print(info.state, info.resources.cpu, info.labels)
/// ```
public struct SandboxInfo: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The sandbox's ID.
    public var id: String
    /// The sandbox's name; the server sets it to the ID.
    public var name: String
    /// The container image, when reported.
    public var image: String?
    /// The OS user inside the sandbox, when reported.
    public var user: String?
    /// Environment variables.
    public var env: [String: String]
    /// Labels, including `code-toolbox-language`.
    public var labels: [String: String]
    /// Whether the sandbox's HTTP previews are public.
    public var isPublic: Bool
    /// The region.
    public var target: TargetRegion
    /// The lifecycle state: `providerMetadata.state`, else the top-level `state`, else
    /// ``SandboxState/unknown``.
    public var state: SandboxState
    /// Why the sandbox is in the `error` state, when it is.
    public var errorReason: String?
    /// The state of the last snapshot (top-level `snapshotState`, else the metadata's).
    public var snapshotState: SnapshotState?
    /// When the last snapshot was created (ISO-8601 text, passed through).
    public var snapshotCreatedAt: String?
    /// When the snapshot state last changed (ISO-8601 text), when the server reports it.
    public var snapshotStateCreatedAt: String?
    /// How long the sandbox may be idle before it stops (zero: never).
    public var autoStopInterval: Duration
    /// The CPU, GPU, memory and disk allocated.
    public var resources: SandboxResources
    /// When the sandbox was created (ISO-8601 text, passed through).
    public var created: String
    /// The preview domain, e.g. `node-eu-1.daytona.work`; empty when unknown.
    public var nodeDomain: String
    /// The region as the node reports it; empty when unknown.
    public var region: String
    /// The sandbox class (`small`, `medium`, `large`); empty when unknown.
    public var className: String
    /// When the sandbox last changed (ISO-8601 text); empty when unknown.
    public var updatedAt: String
    /// When the last snapshot was taken, if one was.
    public var lastSnapshot: String?
    /// The raw `info.providerMetadata` string (a JSON document), as the server sent it (0.14
    /// API only).
    public var providerMetadata: String?
    /// The organization that owns the sandbox (current API).
    public var organizationID: String? = nil
    /// The snapshot the sandbox was created from (current API).
    public var snapshot: String? = nil
    /// The state the server is moving the sandbox to (current API).
    public var desiredState: SandboxState? = nil
    /// Whether ``DaytonaClient`` can recover the sandbox from its `error` state (current API).
    public var recoverable: Bool? = nil
    /// How long a stopped sandbox waits before it is archived (current API).
    public var autoArchiveInterval: Duration? = nil
    /// How long a stopped sandbox waits before it is deleted; negative: never, zero: at once
    /// (current API).
    public var autoDeleteInterval: Duration? = nil
    /// How long the sandbox may be idle before it pauses (current API).
    public var autoPauseInterval: Duration? = nil
    /// When the sandbox was last active (ISO-8601 text; current API).
    public var lastActivityAt: String? = nil
    /// The version of the toolbox daemon inside the sandbox (current API).
    public var daemonVersion: String? = nil
    /// Whether all outbound traffic is blocked (current API).
    public var networkBlockAll: Bool? = nil
    /// The CIDRs outbound traffic may reach, comma-separated (current API).
    public var networkAllowList: String? = nil
    /// Where the sandbox's toolbox answers, e.g. `https://proxy.app.daytona.io/toolbox`
    /// (current API).
    public var toolboxProxyURL: String? = nil
    /// The volumes mounted in the sandbox (current API; not in list answers).
    public var volumes: [SandboxVolume] = []

    /// The resources allocated to a sandbox.
    @available(*, deprecated, renamed: "SandboxResources")
    public typealias Resources = SandboxResources

    /// Creates an info value; every property has the reference SDK's default.
    public init(
        id: String,
        name: String? = nil,
        image: String? = nil,
        user: String? = nil,
        env: [String: String] = [:],
        labels: [String: String] = [:],
        isPublic: Bool = false,
        target: TargetRegion = .us,
        state: SandboxState = .unknown,
        errorReason: String? = nil,
        snapshotState: SnapshotState? = nil,
        snapshotCreatedAt: String? = nil,
        snapshotStateCreatedAt: String? = nil,
        autoStopInterval: Duration = .zero,
        resources: SandboxResources = SandboxResources(cpu: 1, memory: 2, disk: 10),
        created: String = "",
        nodeDomain: String = "",
        region: String = "",
        className: String = "",
        updatedAt: String = "",
        lastSnapshot: String? = nil,
        providerMetadata: String? = nil
    ) {
        self.id = id
        self.name = name ?? id
        self.image = image
        self.user = user
        self.env = env
        self.labels = labels
        self.isPublic = isPublic
        self.target = target
        self.state = state
        self.errorReason = errorReason
        self.snapshotState = snapshotState
        self.snapshotCreatedAt = snapshotCreatedAt
        self.snapshotStateCreatedAt = snapshotStateCreatedAt
        self.autoStopInterval = autoStopInterval
        self.resources = resources
        self.created = created
        self.nodeDomain = nodeDomain
        self.region = region
        self.className = className
        self.updatedAt = updatedAt
        self.lastSnapshot = lastSnapshot
        self.providerMetadata = providerMetadata
    }

    /// The language recorded in the `code-toolbox-language` label; Python when absent or empty.
    public var codeLanguage: CodeLanguage {
        guard let label = labels[CodeLanguage.labelKey], !label.isEmpty else { return .python }
        return CodeLanguage(rawValue: label)
    }

    /// The ID and the state, e.g. `ws-1 (started)`.
    public var description: String { "\(id) (\(state))" }
}

/// A volume mounted in a sandbox.
public struct SandboxVolume: Sendable, Hashable, Codable {
    /// The volume's ID or name.
    public var volumeID: String
    /// Where it is mounted inside the sandbox, e.g. `/home/daytona/data`.
    public var mountPath: String
    /// A prefix inside the volume to mount instead of its root.
    public var subpath: String?

    /// Creates a mount of `volumeID` at `mountPath`.
    public init(volumeID: String, mountPath: String, subpath: String? = nil) {
        self.volumeID = volumeID
        self.mountPath = mountPath
        self.subpath = subpath
    }
}
