import Foundation

/// The wire types of today's Daytona API (`/sandbox`, `/snapshots`, `/volumes`, and the toolbox
/// behind each sandbox's proxy), as the current Python SDK (`daytona` 0.226.1) sends and reads
/// them (WIRE-current.md). Each shape is written once, here; the public models are mapped from
/// them in one place each, and the test support and the local backend build their answers
/// from them.
package enum Current {}

extension Current {
    /// `Sandbox` (answer of most `/sandbox` calls) and `SandboxListItem` (items of the list):
    /// the list item has a subset of the keys.
    package struct Sandbox: Codable, Sendable {
        @Lenient package var id: String? = nil
        @Lenient package var organizationId: String? = nil
        @Lenient package var name: String? = nil
        @Lenient package var snapshot: String? = nil
        @Lenient package var user: String? = nil
        @Lenient package var env: [String: String]? = nil
        @Lenient package var labels: [String: String]? = nil
        @Lenient package var `public`: Bool? = nil
        @Lenient package var networkBlockAll: Bool? = nil
        @Lenient package var kvm: Bool? = nil
        @Lenient package var networkAllowList: String? = nil
        @Lenient package var target: String? = nil
        @Lenient package var cpu: Double? = nil
        @Lenient package var gpu: Double? = nil
        @Lenient package var memory: Double? = nil
        @Lenient package var disk: Double? = nil
        @Lenient package var state: String? = nil
        @Lenient package var desiredState: String? = nil
        @Lenient package var errorReason: String? = nil
        @Lenient package var recoverable: Bool? = nil
        @Lenient package var backupState: String? = nil
        @Lenient package var backupCreatedAt: String? = nil
        @Lenient package var autoStopInterval: Double? = nil
        @Lenient package var autoPauseInterval: Double? = nil
        @Lenient package var autoArchiveInterval: Double? = nil
        @Lenient package var autoDeleteInterval: Double? = nil
        @Lenient package var volumes: [Volume]? = nil
        @Lenient package var createdAt: String? = nil
        @Lenient package var updatedAt: String? = nil
        @Lenient package var lastActivityAt: String? = nil
        @Lenient package var sandboxClass: String? = nil
        @Lenient package var daemonVersion: String? = nil
        @Lenient package var toolboxProxyUrl: String? = nil

        package init() {}

        /// `SandboxVolume`: a volume mount.
        package struct Volume: LenientValue, Sendable {
            @Lenient package var volumeId: String? = nil
            @Lenient package var mountPath: String? = nil
            @Lenient package var subpath: String? = nil
        }
    }

    /// `ListSandboxesResponse`: one cursor page. `nextCursor` is sent as `null` on the last
    /// page, as the server sends it.
    package struct SandboxPage: Codable, Sendable {
        @Lenient package var items: [Sandbox]? = nil
        @Lenient package var nextCursor: String? = nil
        package init(items: [Sandbox]?, nextCursor: String?) {
            self.items = items
            self.nextCursor = nextCursor
        }

        enum CodingKeys: String, CodingKey { case items, nextCursor }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(items, forKey: .items)
            try container.encode(nextCursor, forKey: .nextCursor)
        }
    }

    /// `SandboxLabels`: the body and the answer of `PUT /sandbox/{id}/labels`.
    package struct Labels: Codable, Sendable {
        @Lenient package var labels: [String: String]? = nil
        package init(labels: [String: String]?) { self.labels = labels }
    }

    /// `CreateSandbox` (WIRE-current §4.1). `nil` keys are left out; `env`, `labels` and
    /// `volumes` are always sent, as the current SDK does.
    package struct CreateSandbox: Codable, Sendable {
        package var name: String?
        package var snapshot: String?
        package var user: String?
        package var env: [String: String]
        package var labels: [String: String]
        package var `public`: Bool?
        package var target: String?
        package var autoStopInterval: Int?
        package var autoPauseInterval: Int?
        package var autoArchiveInterval: Int?
        package var autoDeleteInterval: Int?
        package var volumes: [CreateVolumeMount]
        package var networkBlockAll: Bool?
        package var networkAllowList: String?
        package var cpu: Int?
        package var gpu: Int?
        package var memory: Int?
        package var disk: Int?
        package var buildInfo: BuildInfo?
    }

    /// A `SandboxVolume` in a create request.
    package struct CreateVolumeMount: Codable, Sendable {
        package var volumeId: String
        package var mountPath: String
        package var subpath: String?
    }

    /// `CreateBuildInfo`: the SDK turns an image name `X` into `FROM X\n`.
    package struct BuildInfo: Codable, Sendable {
        package var dockerfileContent: String
    }

    /// `ResizeSandbox`.
    package struct Resize: Codable, Sendable {
        package var cpu: Int?
        package var memory: Int?
        package var disk: Int?
    }

    /// `CreateSandboxSnapshot`.
    package struct CreateSandboxSnapshot: Codable, Sendable {
        package var name: String
    }

    /// `PortPreviewUrl` and `SignedPortPreviewUrl`.
    package struct PreviewURL: Codable, Sendable {
        @Lenient package var sandboxId: String? = nil
        @Lenient package var url: String? = nil
        @Lenient package var token: String? = nil
        @Lenient package var port: Int? = nil
        package init() {}
    }

    /// `ToolboxProxyUrl` and `Url`: `{"url": …}`.
    package struct URLAnswer: Codable, Sendable {
        @Lenient package var url: String? = nil
        package init(url: String?) { self.url = url }
    }
}

extension SandboxInfo {
    /// Maps a current `Sandbox` (or list item).
    package init(_ wire: Current.Sandbox) {
        let id = wire.id ?? ""
        func minutes(_ value: Double?) -> Duration? { value.map { .seconds(Int(($0 * 60).rounded())) } }
        self.init(
            id: id,
            name: wire.name ?? id,
            user: wire.user,
            env: wire.env ?? [:],
            labels: wire.labels ?? [:],
            isPublic: wire.public ?? false,
            target: TargetRegion(rawValue: wire.target ?? ""),
            state: wire.state.map(SandboxState.init(rawValue:)) ?? .unknown,
            errorReason: wire.errorReason,
            snapshotState: wire.backupState.map(SnapshotState.init(rawValue:)),
            snapshotCreatedAt: wire.backupCreatedAt,
            autoStopInterval: minutes(wire.autoStopInterval) ?? .zero,
            resources: SandboxResources(
                cpu: wire.cpu, gpu: wire.gpu.flatMap { $0 == 0 ? nil : $0 }, memory: wire.memory, disk: wire.disk),
            created: wire.createdAt ?? "",
            region: wire.target ?? "",
            className: wire.sandboxClass ?? "",
            updatedAt: wire.updatedAt ?? ""
        )
        organizationID = wire.organizationId
        snapshot = wire.snapshot
        desiredState = wire.desiredState.map(SandboxState.init(rawValue:))
        recoverable = wire.recoverable
        autoPauseInterval = minutes(wire.autoPauseInterval)
        autoArchiveInterval = minutes(wire.autoArchiveInterval)
        autoDeleteInterval = minutes(wire.autoDeleteInterval)
        lastActivityAt = wire.lastActivityAt
        daemonVersion = wire.daemonVersion
        networkBlockAll = wire.networkBlockAll
        networkAllowList = wire.networkAllowList
        toolboxProxyURL = wire.toolboxProxyUrl.flatMap { $0.isEmpty ? nil : $0 }
        volumes = (wire.volumes ?? []).map {
            SandboxVolume(volumeID: $0.volumeId ?? "", mountPath: $0.mountPath ?? "", subpath: $0.subpath)
        }
    }
}

extension Current.Sandbox {
    /// The `Sandbox` a current server sends for `info` (for canned answers and the local
    /// backend).
    package init(_ info: SandboxInfo) {
        self.init()
        id = info.id
        organizationId = info.organizationID ?? "local"
        name = info.name
        snapshot = info.snapshot
        user = info.user ?? "daytona"
        env = info.env
        labels = info.labels
        `public` = info.isPublic
        networkBlockAll = info.networkBlockAll ?? false
        kvm = false
        networkAllowList = info.networkAllowList
        target = info.target.rawValue
        cpu = info.resources.cpu ?? 1
        gpu = info.resources.gpu ?? 0
        memory = info.resources.memory ?? 1
        disk = info.resources.disk ?? 3
        state = info.state.rawValue
        desiredState = info.desiredState?.rawValue
        errorReason = info.errorReason
        recoverable = info.recoverable
        backupState = info.snapshotState?.rawValue
        backupCreatedAt = info.snapshotCreatedAt
        autoStopInterval = Double(info.autoStopInterval.wholeMinutes)
        autoPauseInterval = info.autoPauseInterval.map { Double($0.wholeMinutes) }
        autoArchiveInterval = info.autoArchiveInterval.map { Double($0.wholeMinutes) }
        autoDeleteInterval = info.autoDeleteInterval.map { Double($0.wholeMinutes) }
        volumes = info.volumes.map { Volume(volumeId: $0.volumeID, mountPath: $0.mountPath, subpath: $0.subpath) }
        createdAt = info.created.isEmpty ? nil : info.created
        updatedAt = info.updatedAt.isEmpty ? nil : info.updatedAt
        lastActivityAt = info.lastActivityAt
        sandboxClass = info.className.isEmpty ? nil : info.className
        daemonVersion = info.daemonVersion
        toolboxProxyUrl = info.toolboxProxyURL ?? ""
    }
}

/// A public model read from a current wire type: the one place its mapping is written.
package protocol CurrentDecodable {
    /// The wire type the model is read from.
    associatedtype CurrentWire: Decodable
    /// Maps the wire value.
    init(_ wire: CurrentWire)
}

extension Current {
    /// Decodes `data` as the wire type of `Model` and maps it (for tests and tools).
    package static func decode<Model: CurrentDecodable>(_ type: Model.Type, from data: Data) throws -> Model {
        Model(try JSONCoding.decoder.decode(Model.CurrentWire.self, from: data))
    }
}

extension Array: CurrentDecodable where Element: CurrentDecodable {
    package init(_ wire: [Element.CurrentWire]) { self = wire.map(Element.init) }
}

extension SandboxInfo: CurrentDecodable {
    package typealias CurrentWire = Current.Sandbox
}

extension APIClient {
    /// Decodes the current wire type of `Model` and maps it; errors name `Model`.
    func decode<Model: CurrentDecodable>(current model: Model.Type, from response: BufferedResponse) throws -> Model {
        Model(try decode(Model.CurrentWire.self, from: response, displayName: Self.typeName(Model.self)))
    }
}
