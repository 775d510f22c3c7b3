import Foundation

/// The wire types of the Daytona 0.14 API (`/workspace`, `/toolbox/{id}/toolbox/…`), as the
/// reference Python SDK 0.10 sends and reads them (WIRE.md). Each shape is written once, here;
/// the public models are mapped from them in one place each, and the test support and the local
/// backend build their answers from them.
package enum V014 {}

extension V014 {
    /// `Workspace` (WIRE.md §5.1a): the workspace's own fields, its `info` and, inside that, the
    /// provider metadata as a JSON document in a string.
    package struct Workspace: Codable, Sendable {
        @Lenient package var id: String? = nil
        @Lenient package var name: String? = nil
        @Lenient package var image: String? = nil
        @Lenient package var user: String? = nil
        @Lenient package var env: [String: String]? = nil
        @Lenient package var labels: [String: String]? = nil
        @Lenient package var `public`: Bool? = nil
        @Lenient package var target: String? = nil
        @Lenient package var state: String? = nil
        @Lenient package var errorReason: String? = nil
        @Lenient package var snapshotState: String? = nil
        @Lenient package var snapshotCreatedAt: String? = nil
        @Lenient package var autoStopInterval: Int? = nil
        @Lenient package var cpu: Double? = nil
        @Lenient package var gpu: Double? = nil
        @Lenient package var memory: Double? = nil
        @Lenient package var disk: Double? = nil
        @Lenient package var info: Info? = nil

        /// `SandboxInfo`: creation time, name, and the provider metadata text.
        package struct Info: LenientValue {
            @Lenient package var created: String? = nil
            @Lenient package var name: String? = nil
            @Lenient package var providerMetadata: String? = nil
        }
    }

    /// The JSON document inside `info.providerMetadata`.
    package struct ProviderMetadata: Codable, Sendable {
        @Lenient package var state: String? = nil
        @Lenient package var snapshotState: String? = nil
        @Lenient package var snapshotStateCreatedAt: String? = nil
        @Lenient package var autoStopInterval: Int? = nil
        @Lenient package var nodeDomain: String? = nil
        @Lenient package var region: String? = nil
        @Lenient package var `class`: String? = nil
        @Lenient package var updatedAt: String? = nil
        @Lenient package var lastSnapshot: String? = nil
        @Lenient package var cpu: Double? = nil
        @Lenient package var gpu: Double? = nil
        @Lenient package var memory: Double? = nil
        @Lenient package var disk: Double? = nil
        @Lenient package var resources: Resources? = nil

        /// The metadata in `text`; anything that is not a JSON object reads as empty.
        static func parse(_ text: String?) -> ProviderMetadata {
            guard let text, !text.isEmpty,
                let metadata = try? JSONCoding.decoder.decode(ProviderMetadata.self, from: Data(text.utf8))
            else { return ProviderMetadata() }
            return metadata
        }

        /// Numeric `cpu`, `gpu`, `memory` and `disk`.
        package struct Resources: LenientValue {
            @Lenient package var cpu: Double? = nil
            @Lenient package var gpu: Double? = nil
            @Lenient package var memory: Double? = nil
            @Lenient package var disk: Double? = nil

            var isEmpty: Bool { cpu == nil && gpu == nil && memory == nil && disk == nil }
        }

        var topLevelResources: Resources { Resources(cpu: cpu, gpu: gpu, memory: memory, disk: disk) }
    }

    /// `CreateWorkspace` (WIRE.md §5.1). `nil` keys are left out.
    struct CreateWorkspace: Encodable {
        var id: String?
        var name: String?
        var image: String?
        var user: String?
        var env: [String: String]
        var labels: [String: String]?
        var `public`: Bool?
        var target: String?
        var cpu: Double?
        var gpu: Double?
        var memory: Double?
        var disk: Double?
        var autoStopInterval: Int?
    }

    /// `WorkspaceLabels`, request and answer of `PUT /workspace/{id}/labels`: the same
    /// `{labels}` shape as today's `SandboxLabels`.
    typealias Labels = Current.Labels

    /// `ProjectDirResponse`: the same `{dir}` shape as today's `UserHomeDirResponse`.
    package typealias ProjectDirectory = Current.Directory
}

extension SandboxInfo {
    /// Maps a 0.14 `Workspace`, applying the fallbacks between the workspace's own fields and its
    /// provider metadata and the reference SDK's defaults.
    package init(_ wire: V014.Workspace) {
        let id = wire.id ?? ""
        let info = wire.info ?? V014.Workspace.Info()
        let metadata = V014.ProviderMetadata.parse(info.providerMetadata)
        // Resources: the metadata's `resources` object, else its top level, else the workspace's.
        let reported = [metadata.resources, metadata.topLevelResources].compactMap { $0 }.first { !$0.isEmpty }
        let resources = SandboxResources(
            cpu: reported?.cpu ?? wire.cpu ?? 1,
            gpu: (reported?.gpu ?? wire.gpu).flatMap { $0 == 0 ? nil : $0 },
            memory: reported?.memory ?? wire.memory ?? 2,
            disk: reported?.disk ?? wire.disk ?? 10
        )
        let state = metadata.state.flatMap { $0.isEmpty ? nil : $0 } ?? wire.state
        self.init(
            id: id,
            name: wire.name ?? info.name ?? id,
            image: wire.image,
            user: wire.user,
            env: wire.env ?? [:],
            labels: wire.labels ?? [:],
            isPublic: wire.public ?? false,
            target: TargetRegion(rawValue: wire.target ?? ""),
            state: state.map(SandboxState.init(rawValue:)) ?? .unknown,
            errorReason: wire.errorReason,
            snapshotState: (wire.snapshotState ?? metadata.snapshotState).map(SnapshotState.init(rawValue:)),
            snapshotCreatedAt: wire.snapshotCreatedAt,
            snapshotStateCreatedAt: metadata.snapshotStateCreatedAt,
            autoStopInterval: .seconds(60 * (metadata.autoStopInterval ?? wire.autoStopInterval ?? 0)),
            resources: resources,
            created: info.created ?? "",
            nodeDomain: metadata.nodeDomain ?? "",
            region: metadata.region ?? "",
            className: metadata.class ?? "",
            updatedAt: metadata.updatedAt ?? "",
            lastSnapshot: metadata.lastSnapshot,
            providerMetadata: info.providerMetadata
        )
    }
}

extension V014.Workspace {
    /// The `Workspace` a 0.14 server sends for `info` (for canned answers and the local
    /// backend): its state and details in the provider metadata, as real servers put them.
    package init(_ info: SandboxInfo) {
        var metadata = V014.ProviderMetadata()
        metadata.state = info.state.rawValue
        metadata.nodeDomain = info.nodeDomain
        metadata.region = info.region
        metadata.class = info.className
        metadata.updatedAt = info.updatedAt
        metadata.lastSnapshot = info.lastSnapshot
        metadata.snapshotStateCreatedAt = info.snapshotStateCreatedAt
        metadata.autoStopInterval = info.autoStopInterval.wholeMinutes
        metadata.resources = .init(
            cpu: info.resources.cpu, gpu: info.resources.gpu, memory: info.resources.memory, disk: info.resources.disk)
        let metadataText = info.providerMetadata ?? (try? JSONCoding.encode(metadata)).map { String(decoding: $0, as: UTF8.self) }
        self.init()
        id = info.id
        name = info.name
        image = info.image
        user = info.user
        env = info.env
        labels = info.labels
        `public` = info.isPublic
        target = info.target.rawValue
        state = info.state.rawValue
        errorReason = info.errorReason
        snapshotState = info.snapshotState?.rawValue
        snapshotCreatedAt = info.snapshotCreatedAt
        autoStopInterval = info.autoStopInterval.wholeMinutes
        self.info = Info(created: info.created, name: info.name, providerMetadata: metadataText)
    }
}

extension APIClient {
    /// Reads a 0.14 `Workspace` answer.
    func decodeWorkspace(from response: BufferedResponse) throws -> SandboxInfo {
        try decode(model: SandboxInfo.self, from: response)
    }

    /// Reads a 0.14 array of `Workspace`.
    func decodeWorkspaces(from response: BufferedResponse) throws -> [SandboxInfo] {
        try decode(model: [SandboxInfo].self, from: response)
    }
}

extension Duration {
    /// Whole minutes, rounded down (the 0.14 API's unit for auto-stop).
    var wholeMinutes: Int { Int(components.seconds / 60) }
}

/// A public model read from a 0.14 wire type: the one place its mapping is written.
package protocol V014Decodable {
    /// The wire type the model is read from.
    associatedtype V014Wire: Decodable
    /// Maps the wire value.
    init(_ wire: V014Wire)
}

extension V014 {
    /// Decodes `data` as the wire type of `Model` and maps it (for tests and tools).
    package static func decode<Model: V014Decodable>(_ type: Model.Type, from data: Data) throws -> Model {
        Model(try JSONCoding.decoder.decode(Model.V014Wire.self, from: data))
    }
}

extension Array: V014Decodable where Element: V014Decodable {
    package init(_ wire: [Element.V014Wire]) { self = wire.map(Element.init) }
}

extension SandboxInfo: V014Decodable {
    package typealias V014Wire = V014.Workspace
}
extension ExecuteResponse: V014Decodable {}
extension Session: V014Decodable {}
extension SessionCommand: V014Decodable {}
extension SessionExecuteResponse: V014Decodable {}
extension FileInfo: V014Decodable {}
extension Match: V014Decodable {}
extension ReplaceResult: V014Decodable {}
extension GitStatus: V014Decodable {}
extension FileStatus: V014Decodable {}
extension GitCommitInfo: V014Decodable {}
extension CompletionList: V014Decodable {}
extension CompletionItem: V014Decodable {}
extension LSPSymbol: V014Decodable {}
extension Position: V014Decodable {
    package init(_ wire: V014.Position) { self.init(line: wire.line ?? 0, character: wire.character ?? 0) }
}
