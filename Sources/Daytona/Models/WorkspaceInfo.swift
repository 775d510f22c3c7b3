import Foundation

/// Everything the server reports about a workspace, with its `providerMetadata` parsed into
/// typed properties.
///
/// Decoding is lenient, as a client of an evolving server should be: unknown keys are ignored,
/// missing or null keys take the defaults the reference SDK uses, numbers may be integers or
/// floats, and a null `info` or `providerMetadata` leaves the state ``WorkspaceState/unknown``
/// rather than failing.
///
/// ```swift
/// let info = try await workspace.info()
/// print(info.state, info.resources.cpu, info.labels)
/// ```
public struct WorkspaceInfo: Sendable, Hashable, Decodable {
    /// The workspace's ID.
    public var id: String
    /// The workspace's name; the server sets it to the ID.
    public var name: String
    /// The container image, when reported.
    public var image: String?
    /// The OS user inside the sandbox, when reported.
    public var user: String?
    /// Environment variables.
    public var env: [String: String]
    /// Labels, including `code-toolbox-language`.
    public var labels: [String: String]
    /// Whether the workspace's HTTP previews are public.
    public var isPublic: Bool
    /// The region.
    public var target: TargetRegion
    /// The lifecycle state: `providerMetadata.state`, else the top-level `state`, else
    /// ``WorkspaceState/unknown``.
    public var state: WorkspaceState
    /// Why the workspace is in the `error` state, when it is.
    public var errorReason: String?
    /// The state of the last snapshot (top-level `snapshotState`, else the metadata's).
    public var snapshotState: SnapshotState?
    /// When the last snapshot was created (ISO-8601 text, passed through).
    public var snapshotCreatedAt: String?
    /// When the snapshot state last changed (ISO-8601 text), when the server reports it.
    public var snapshotStateCreatedAt: String?
    /// The auto-stop interval in minutes (0 = disabled).
    public var autoStopInterval: Int
    /// The CPU, GPU, memory and disk allocated.
    public var resources: Resources
    /// When the workspace was created (ISO-8601 text, passed through).
    public var created: String
    /// The preview domain, e.g. `node-eu-1.daytona.work`; empty when unknown.
    public var nodeDomain: String
    /// The region as the node reports it; empty when unknown.
    public var region: String
    /// The workspace class (`small`, `medium`, `large`); empty when unknown.
    public var className: String
    /// When the workspace last changed (ISO-8601 text); empty when unknown.
    public var updatedAt: String
    /// When the last snapshot was taken, if one was.
    public var lastSnapshot: String?
    /// The raw `info.providerMetadata` string (a JSON document), as the server sent it.
    public var providerMetadata: String?

    /// Resources allocated to a workspace. Memory and disk are in GiB.
    public struct Resources: Sendable, Hashable {
        /// CPU cores (default 1).
        public var cpu: Double
        /// GPUs, or `nil` for none.
        public var gpu: Double?
        /// Memory in GiB (default 2).
        public var memory: Double
        /// Disk in GiB (default 10).
        public var disk: Double

        /// Creates a resource description.
        public init(cpu: Double = 1, gpu: Double? = nil, memory: Double = 2, disk: Double = 10) {
            self.cpu = cpu
            self.gpu = gpu
            self.memory = memory
            self.disk = disk
        }
    }

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
        state: WorkspaceState = .unknown,
        errorReason: String? = nil,
        snapshotState: SnapshotState? = nil,
        snapshotCreatedAt: String? = nil,
        snapshotStateCreatedAt: String? = nil,
        autoStopInterval: Int = 0,
        resources: Resources = Resources(),
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

    /// Decodes the server's `Workspace` JSON, leniently (see the type's discussion).
    public init(from decoder: any Decoder) throws {
        try self.init(json: JSONValue(from: decoder))
    }

    /// Builds the info from a parsed `Workspace` object. Only a non-object fails.
    init(json: JSONValue) throws {
        guard case .object(let object) = json else {
            throw DecodingError.typeMismatch(
                [String: JSONValue].self, .init(codingPath: [], debugDescription: "A workspace must be a JSON object"))
        }
        let id = object.string("id") ?? ""
        let info = object.object("info")
        let metadataText = info?.string("providerMetadata")
        let metadata = ProviderMetadata.parse(metadataText)

        // Resources: the metadata's `resources` object, else its top level, else the workspace's.
        let fields = [metadata.object("resources"), metadata].compactMap { $0 }.first {
            $0.double("cpu") != nil || $0.double("gpu") != nil || $0.double("memory") != nil || $0.double("disk") != nil
        }
        let resources = Resources(
            cpu: fields?.double("cpu") ?? object.double("cpu") ?? 1,
            gpu: (fields?.double("gpu") ?? object.double("gpu")).flatMap { $0 == 0 ? nil : $0 },
            memory: fields?.double("memory") ?? object.double("memory") ?? 2,
            disk: fields?.double("disk") ?? object.double("disk") ?? 10
        )
        let state = metadata.string("state").flatMap { $0.isEmpty ? nil : $0 } ?? object.string("state")
        self.init(
            id: id,
            name: object.string("name") ?? info?.string("name") ?? id,
            image: object.string("image"),
            user: object.string("user"),
            env: object.stringMap("env"),
            labels: object.stringMap("labels"),
            isPublic: object.bool("public") ?? false,
            target: TargetRegion(rawValue: object.string("target") ?? ""),
            state: state.map(WorkspaceState.init(rawValue:)) ?? .unknown,
            errorReason: object.string("errorReason"),
            snapshotState: (object.string("snapshotState") ?? metadata.string("snapshotState")).map(SnapshotState.init(rawValue:)),
            snapshotCreatedAt: object.string("snapshotCreatedAt"),
            snapshotStateCreatedAt: metadata.string("snapshotStateCreatedAt"),
            autoStopInterval: metadata.int("autoStopInterval") ?? object.int("autoStopInterval") ?? 0,
            resources: resources,
            created: info?.string("created") ?? "",
            nodeDomain: metadata.string("nodeDomain") ?? "",
            region: metadata.string("region") ?? "",
            className: metadata.string("class") ?? "",
            updatedAt: metadata.string("updatedAt") ?? "",
            lastSnapshot: metadata.string("lastSnapshot"),
            providerMetadata: metadataText
        )
    }
}

/// `info.providerMetadata`: a JSON document inside a string (WIRE.md §5.1a). Anything that is
/// not a JSON object reads as empty.
enum ProviderMetadata {
    static func parse(_ text: String?) -> [String: JSONValue] {
        guard let text, !text.isEmpty, case .object(let object)? = try? JSONParser.parse(text) else { return [:] }
        return object
    }
}
