import Foundation

extension Current {
    /// `SnapshotDto` (N3, N5, N7).
    package struct Snapshot: Codable, Sendable {
        @Lenient package var id: String? = nil
        @Lenient package var organizationId: String? = nil
        @Lenient package var general: Bool? = nil
        @Lenient package var name: String? = nil
        @Lenient package var imageName: String? = nil
        @Lenient package var state: String? = nil
        @Lenient package var size: Double? = nil
        @Lenient package var entrypoint: [String]? = nil
        @Lenient package var cpu: Double? = nil
        @Lenient package var gpu: Double? = nil
        @Lenient package var mem: Double? = nil
        @Lenient package var disk: Double? = nil
        @Lenient package var errorReason: String? = nil
        @Lenient package var createdAt: String? = nil
        @Lenient package var updatedAt: String? = nil
        @Lenient package var lastUsedAt: String? = nil
        @Lenient package var sourceSandboxId: String? = nil
        @Lenient package var regionIds: [String]? = nil
        package init() {}

        enum CodingKeys: String, CodingKey {
            case id, organizationId, general, name, imageName, state, size, entrypoint, cpu, gpu, mem, disk, errorReason
            case createdAt, updatedAt, lastUsedAt, sourceSandboxId, regionIds
        }

        /// The keys the server declares nullable (`size`, `entrypoint`, `errorReason`,
        /// `lastUsedAt`, `sourceSandboxId`) are sent as `null`; other `nil` keys are left out.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeFields(
                [
                    (.id, id), (.organizationId, organizationId), (.general, general), (.name, name), (.imageName, imageName),
                    (.state, state), (.size, size), (.entrypoint, entrypoint), (.cpu, cpu), (.gpu, gpu), (.mem, mem), (.disk, disk),
                    (.errorReason, errorReason), (.createdAt, createdAt), (.updatedAt, updatedAt), (.lastUsedAt, lastUsedAt),
                    (.sourceSandboxId, sourceSandboxId), (.regionIds, regionIds),
                ], nullable: [.size, .entrypoint, .errorReason, .lastUsedAt, .sourceSandboxId])
        }
    }

    /// `PaginatedSnapshots` (N4).
    package struct SnapshotPage: Codable, Sendable {
        @Lenient package var items: [Snapshot]? = nil
        @Lenient package var total: Int? = nil
        @Lenient package var page: Int? = nil
        @Lenient package var totalPages: Int? = nil
        package init(items: [Snapshot]?, total: Int?, page: Int?, totalPages: Int?) {
            self.items = items
            self.total = total
            self.page = page
            self.totalPages = totalPages
        }
    }

    /// `CreateSnapshot` (N3). `nil` keys are left out.
    package struct CreateSnapshot: Codable, Sendable {
        package var name: String
        package var imageName: String?
        package var entrypoint: [String]?
        package var cpu: Int?
        package var gpu: Int?
        package var memory: Int?
        package var disk: Int?
        package var regionId: String?
    }

    /// `VolumeDto` (V1–V4).
    package struct Volume: Codable, Sendable {
        @Lenient package var id: String? = nil
        @Lenient package var name: String? = nil
        @Lenient package var organizationId: String? = nil
        @Lenient package var state: String? = nil
        @Lenient package var createdAt: String? = nil
        @Lenient package var updatedAt: String? = nil
        @Lenient package var lastUsedAt: String? = nil
        @Lenient package var errorReason: String? = nil
        package init() {}

        enum CodingKeys: String, CodingKey {
            case id, name, organizationId, state, createdAt, updatedAt, lastUsedAt, errorReason
        }

        /// `lastUsedAt` and `errorReason`, which the server declares nullable, are sent as
        /// `null`; other `nil` keys are left out.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeFields(
                [
                    (.id, id), (.name, name), (.organizationId, organizationId), (.state, state), (.createdAt, createdAt),
                    (.updatedAt, updatedAt), (.lastUsedAt, lastUsedAt), (.errorReason, errorReason),
                ], nullable: [.lastUsedAt, .errorReason])
        }
    }

    /// `CreateVolume` (V2).
    package struct CreateVolume: Codable, Sendable {
        package var name: String
    }
}

extension KeyedEncodingContainer {
    /// Writes each field; a `nil` one is left out, unless its key is one of `nullable` (a key
    /// the server declares nullable, and sends as `null`).
    fileprivate mutating func encodeFields(_ fields: [(Key, (any Encodable)?)], nullable: [Key]) throws {
        let nullKeys = Set(nullable.map(\.stringValue))
        for (key, value) in fields {
            if let value {
                try encode(value, forKey: key)
            } else if nullKeys.contains(key.stringValue) {
                try encodeNil(forKey: key)
            }
        }
    }
}

extension Snapshot: CurrentDecodable {
    package typealias CurrentWire = Current.Snapshot

    /// Maps a `SnapshotDto`.
    package init(_ wire: Current.Snapshot) {
        self.init(
            id: wire.id ?? "",
            name: wire.name ?? "",
            state: State(rawValue: wire.state ?? "unknown"),
            imageName: wire.imageName,
            isGeneral: wire.general ?? false,
            organizationID: wire.organizationId,
            resources: SandboxResources(cpu: wire.cpu, gpu: wire.gpu, memory: wire.mem, disk: wire.disk),
            size: wire.size,
            entrypoint: wire.entrypoint,
            errorReason: wire.errorReason,
            createdAt: wire.createdAt,
            updatedAt: wire.updatedAt,
            lastUsedAt: wire.lastUsedAt)
    }
}

extension Current.Snapshot {
    /// The `SnapshotDto` a server sends for `snapshot` (for canned answers and the local
    /// backend).
    package init(_ snapshot: Snapshot) {
        self.init()
        id = snapshot.id
        organizationId = snapshot.organizationID
        general = snapshot.isGeneral
        name = snapshot.name
        imageName = snapshot.imageName
        state = snapshot.state.rawValue
        size = snapshot.size
        entrypoint = snapshot.entrypoint
        cpu = snapshot.resources.cpu ?? 1
        gpu = snapshot.resources.gpu ?? 0
        mem = snapshot.resources.memory ?? 1
        disk = snapshot.resources.disk ?? 3
        errorReason = snapshot.errorReason
        createdAt = snapshot.createdAt
        updatedAt = snapshot.updatedAt
        lastUsedAt = snapshot.lastUsedAt
    }
}

extension Volume: CurrentDecodable {
    package typealias CurrentWire = Current.Volume

    /// Maps a `VolumeDto`.
    package init(_ wire: Current.Volume) {
        self.init(
            id: wire.id ?? "", name: wire.name ?? "", state: State(rawValue: wire.state ?? "unknown"),
            organizationID: wire.organizationId, errorReason: wire.errorReason, createdAt: wire.createdAt,
            updatedAt: wire.updatedAt, lastUsedAt: wire.lastUsedAt)
    }
}

extension Current.Volume {
    /// The `VolumeDto` a server sends for `volume` (for canned answers and the local backend).
    package init(_ volume: Volume) {
        self.init()
        id = volume.id
        name = volume.name
        organizationId = volume.organizationID ?? "org-1"
        state = volume.state.rawValue
        createdAt = volume.createdAt
        updatedAt = volume.updatedAt
        lastUsedAt = volume.lastUsedAt
        errorReason = volume.errorReason
    }
}
