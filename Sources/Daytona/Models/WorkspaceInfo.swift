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
        try self.init(data: JSONWriter.write(json))
    }

    /// Reads a `Workspace` JSON document. Only malformed JSON or a non-object fails.
    init(data: Data) throws {
        self = try JSONParser.read(data) { try Self(reading: &$0) }
    }

    /// Reads the `Workspace` object at the parser's cursor, member by member (no tree).
    init(reading parser: inout JSONParser) throws {
        var fields = WorkspaceFields()
        let isObject = try parser.readObject { parser, key in
            switch key {
            case "id": fields.id = try parser.readString()
            case "name": fields.name = try parser.readString()
            case "image": fields.image = try parser.readString()
            case "user": fields.user = try parser.readString()
            case "env": fields.env = try parser.readStringMap()
            case "labels": fields.labels = try parser.readStringMap()
            case "public": fields.isPublic = try parser.readBool()
            case "target": fields.target = try parser.readString()
            case "state": fields.state = try parser.readString()
            case "errorReason": fields.errorReason = try parser.readString()
            case "snapshotState": fields.snapshotState = try parser.readString()
            case "snapshotCreatedAt": fields.snapshotCreatedAt = try parser.readString()
            case "autoStopInterval": fields.autoStopInterval = try parser.readInt()
            case "cpu", "gpu", "memory", "disk": _ = try fields.resources.read(key, from: &parser)
            case "info":
                var info = WorkspaceFields.Info()
                info.isObject = try parser.readObject { parser, key in
                    switch key {
                    case "created": info.created = try parser.readString()
                    case "name": info.name = try parser.readString()
                    case "providerMetadata": info.providerMetadata = try parser.readString()
                    default: try parser.skipValue()
                    }
                }
                fields.info = info
            default: try parser.skipValue()
            }
        }
        guard isObject else {
            throw DecodingError.typeMismatch(
                [String: JSONValue].self, .init(codingPath: [], debugDescription: "A workspace must be a JSON object"))
        }
        self.init(fields)
    }

    /// Applies the fallbacks between the workspace's own fields and its provider metadata.
    private init(_ object: WorkspaceFields) {
        let id = object.id ?? ""
        let info = object.info.isObject ? object.info : WorkspaceFields.Info()
        let metadataText = info.providerMetadata
        let metadata = ProviderMetadata.parse(metadataText)

        // Resources: the metadata's `resources` object, else its top level, else the workspace's.
        let fields = [metadata.resourcesObject, metadata.resources].compactMap { $0 }.first { !$0.isEmpty }
        let resources = Resources(
            cpu: fields?.cpu ?? object.resources.cpu ?? 1,
            gpu: (fields?.gpu ?? object.resources.gpu).flatMap { $0 == 0 ? nil : $0 },
            memory: fields?.memory ?? object.resources.memory ?? 2,
            disk: fields?.disk ?? object.resources.disk ?? 10
        )
        let state = metadata.state.flatMap { $0.isEmpty ? nil : $0 } ?? object.state
        self.init(
            id: id,
            name: object.name ?? info.name ?? id,
            image: object.image,
            user: object.user,
            env: object.env,
            labels: object.labels,
            isPublic: object.isPublic ?? false,
            target: TargetRegion(rawValue: object.target ?? ""),
            state: state.map(WorkspaceState.init(rawValue:)) ?? .unknown,
            errorReason: object.errorReason,
            snapshotState: (object.snapshotState ?? metadata.snapshotState).map(SnapshotState.init(rawValue:)),
            snapshotCreatedAt: object.snapshotCreatedAt,
            snapshotStateCreatedAt: metadata.snapshotStateCreatedAt,
            autoStopInterval: metadata.autoStopInterval ?? object.autoStopInterval ?? 0,
            resources: resources,
            created: info.created ?? "",
            nodeDomain: metadata.nodeDomain ?? "",
            region: metadata.region ?? "",
            className: metadata.className ?? "",
            updatedAt: metadata.updatedAt ?? "",
            lastSnapshot: metadata.lastSnapshot,
            providerMetadata: metadataText
        )
    }
}

/// The members of a `Workspace` object the SDK reads, as they came (a repeated key keeps its
/// last value, as in a dictionary).
private struct WorkspaceFields {
    struct Info {
        var isObject = false
        var created: String?
        var name: String?
        var providerMetadata: String?
    }

    var id: String?
    var name: String?
    var image: String?
    var user: String?
    var env: [String: String] = [:]
    var labels: [String: String] = [:]
    var isPublic: Bool?
    var target: String?
    var state: String?
    var errorReason: String?
    var snapshotState: String?
    var snapshotCreatedAt: String?
    var autoStopInterval: Int?
    var resources = ResourceFields()
    var info = Info()
}

/// `cpu`, `gpu`, `memory` and `disk`, each when numeric.
struct ResourceFields {
    var cpu: Double?
    var gpu: Double?
    var memory: Double?
    var disk: Double?

    var isEmpty: Bool { cpu == nil && gpu == nil && memory == nil && disk == nil }

    /// Reads one of the four from `parser` when `key` names it; `false` for any other key.
    mutating func read(_ key: JSONKey, from parser: inout JSONParser) throws -> Bool {
        switch key {
        case "cpu": cpu = try parser.readDouble()
        case "gpu": gpu = try parser.readDouble()
        case "memory": memory = try parser.readDouble()
        case "disk": disk = try parser.readDouble()
        default: return false
        }
        return true
    }
}

/// `info.providerMetadata`: a JSON document inside a string (WIRE.md §5.1a). Anything that is
/// not a JSON object reads as empty.
struct ProviderMetadata {
    var state: String?
    var snapshotState: String?
    var snapshotStateCreatedAt: String?
    var autoStopInterval: Int?
    var nodeDomain: String?
    var region: String?
    var className: String?
    var updatedAt: String?
    var lastSnapshot: String?
    /// Numeric `cpu`, `gpu`, `memory` and `disk` at the top level.
    var resources = ResourceFields()
    /// The same four in a `resources` object, when there is one.
    var resourcesObject: ResourceFields?

    static func parse(_ text: String?) -> ProviderMetadata {
        guard let text, !text.isEmpty else { return ProviderMetadata() }
        var metadata = ProviderMetadata()
        let isObject = try? JSONParser.read(text) { parser in
            try parser.readObject { parser, key in
                switch key {
                case "state": metadata.state = try parser.readString()
                case "snapshotState": metadata.snapshotState = try parser.readString()
                case "snapshotStateCreatedAt": metadata.snapshotStateCreatedAt = try parser.readString()
                case "autoStopInterval": metadata.autoStopInterval = try parser.readInt()
                case "nodeDomain": metadata.nodeDomain = try parser.readString()
                case "region": metadata.region = try parser.readString()
                case "class": metadata.className = try parser.readString()
                case "updatedAt": metadata.updatedAt = try parser.readString()
                case "lastSnapshot": metadata.lastSnapshot = try parser.readString()
                case "cpu", "gpu", "memory", "disk": _ = try metadata.resources.read(key, from: &parser)
                case "resources":
                    var nested = ResourceFields()
                    let isObject = try parser.readObject { parser, key in
                        if try !nested.read(key, from: &parser) { try parser.skipValue() }
                    }
                    metadata.resourcesObject = isObject ? nested : nil
                default: try parser.skipValue()
                }
            }
        }
        return isObject == true ? metadata : ProviderMetadata()
    }
}
