import Foundation

/// The volumes of your organization: storage that outlives sandboxes and mounts into them
/// (current API; Python: `daytona.volume`).
///
/// ```swift
/// let data = try await daytona.volumes.create(named: "datasets")
/// let sandbox = try await daytona.create(CreateSandboxParams(volumes: [data.mounted(at: "/home/daytona/data")]))
/// ```
///
/// Every call throws ``DaytonaError`` with category ``DaytonaError/Category/unsupported``,
/// before any request, on a server of the 0.14 API.
public struct Volumes: Sendable {
    let api: APIClient

    private func send(_ endpoint: Endpoint, _ operation: String) async throws -> BufferedResponse {
        _ = try await api.currentControlPlane(for: operation)
        return try await api.send(endpoint.speaking(.current))
    }

    private func decode(_ response: BufferedResponse) throws -> Volume {
        try api.decode(current: Volume.self, from: response)
    }

    /// Every volume (`GET /volumes`; Python: `list`).
    ///
    /// - Parameter includeDeleted: Whether deleted volumes are listed too.
    /// - Throws: ``DaytonaError`` prefixed `Failed to list volumes: `.
    public func list(includeDeleted: Bool = false) async throws -> [Volume] {
        try await withContext("Failed to list volumes: ") {
            let query: [(String, String?)] = [("includeDeleted", includeDeleted ? "true" : nil)]
            return try api.decode(current: [Volume].self, from: await send(.get("/volumes", query: query), "Listing volumes"))
        }
    }

    /// The volume with this ID (`GET /volumes/{id}`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get volume: `, `notFound` when there is none.
    public func volume(id: String) async throws -> Volume {
        try await withContext("Failed to get volume: ") {
            try requireNonEmpty(id, "volume_id")
            return try decode(await send(.get("/volumes/" + PercentEncoding.pathSegment(id)), "Getting a volume"))
        }
    }

    /// The volume with this name (`GET /volumes/by-name/{name}`; Python: `get`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get volume: `, `notFound` when there is none.
    public func volume(named name: String) async throws -> Volume {
        try await withContext("Failed to get volume: ") {
            try requireNonEmpty(name, "name")
            return try decode(await send(.get("/volumes/by-name/" + PercentEncoding.pathSegment(name)), "Getting a volume"))
        }
    }

    /// Creates a volume (`POST /volumes`) and waits until it is `ready`
    /// (`GET /volumes/{id}` until it is; Python: `create`, which does not wait).
    ///
    /// - Parameters:
    ///   - name: The new volume's name.
    ///   - timeout: The limit for waiting, or `nil` for none. Defaults to 60 s.
    /// - Throws: ``DaytonaError`` prefixed `Failed to create volume: `; category
    ///   `sandboxFailed` when it ends in `error`.
    public func create(named name: String, timeout: Duration? = .seconds(60)) async throws -> Volume {
        let api = self.api
        return try await withContext("Failed to create volume: ") {
            try requireNonEmpty(name, "name")
            try validateTimeout(timeout)
            let deadline = DaytonaError(.timeout, message: "Volume \(name) was not ready within \(timeout?.secondsText ?? "") seconds")
            return try await withDeadline(timeout, clock: api.clock, onTimeout: deadline) {
                let body = Current.CreateVolume(name: name)
                let created = try decode(await send(try .post("/volumes", json: body, expectsBody: true), "Creating a volume"))
                let path = "/volumes/" + PercentEncoding.pathSegment(created.id.isEmpty ? name : created.id)
                return try await pollValue(
                    from: created, clock: api.clock,
                    fetch: { try decode(await send(.get(path), "Getting a volume")) },
                    isDone: { $0.state == .ready },
                    failure: { value in
                        guard value.state == .error else { return nil }
                        return DaytonaError(
                            .sandboxFailed, message: "Volume \(value.name) failed, error reason: \(value.errorReason ?? "None")")
                    })
            }
        }
    }

    /// Removes a volume (`DELETE /volumes/{id}`; Python: `delete`). A volume a sandbox still
    /// uses cannot be removed (`conflict`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to remove volume: `.
    public func remove(_ volume: Volume) async throws {
        try await withContext("Failed to remove volume: ") {
            try requireNonEmpty(volume.id, "volume.id")
            _ = try await send(.delete("/volumes/" + PercentEncoding.pathSegment(volume.id)), "Removing a volume")
        }
    }
}
