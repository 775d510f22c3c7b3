import Foundation

/// The snapshots of your organization: images that sandboxes start from (current API;
/// Python: `daytona.snapshot`).
///
/// ```swift
/// let snapshot = try await daytona.snapshots.create(named: "python-ml", image: "python:3.12-slim")
/// let sandbox = try await daytona.create(CreateSandboxParams(snapshot: snapshot.name))
/// ```
///
/// Every call throws ``DaytonaError`` with category ``DaytonaError/Category/unsupported``,
/// before any request, on a server of the 0.14 API.
public struct Snapshots: Sendable {
    let api: APIClient

    private func plane(_ operation: String) async throws -> CurrentControlPlane {
        try await api.currentControlPlane(for: operation)
    }

    private func send(_ endpoint: Endpoint) async throws -> BufferedResponse {
        try await api.send(endpoint.speaking(.current))
    }

    private func decode(_ response: BufferedResponse) throws -> Snapshot {
        try api.decode(current: Snapshot.self, from: response)
    }

    /// One page of snapshots (`GET /snapshots?page=&limit=&name=`; Python: `list`).
    ///
    /// - Parameters:
    ///   - number: The page, from 1.
    ///   - pageSize: Snapshots per page (1–200), or `nil` for the server's default (100).
    ///   - name: Only snapshots whose name contains this text.
    /// - Throws: ``DaytonaError`` prefixed `Failed to list snapshots: `.
    public func page(_ number: Int = 1, pageSize: Int? = nil, name: String? = nil) async throws -> SnapshotPage {
        try await withContext("Failed to list snapshots: ") {
            guard number >= 1 else { throw DaytonaError.invalidArgument("page must be a positive integer") }
            if let pageSize, pageSize < 1 { throw DaytonaError.invalidArgument("limit must be a positive integer") }
            _ = try await plane("Listing snapshots")
            let query: [(String, String?)] = [("page", String(number)), ("limit", pageSize.map(String.init)), ("name", name)]
            let page = try api.decode(
                Current.SnapshotPage.self, from: await send(.get("/snapshots", query: query)), displayName: "SnapshotPage")
            let snapshots = (page.items ?? []).map(Snapshot.init)
            return SnapshotPage(
                snapshots: snapshots, total: page.total ?? snapshots.count, page: page.page ?? number, totalPages: page.totalPages ?? number
            )
        }
    }

    /// Every snapshot, reading all pages.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to list snapshots: `.
    public func list() async throws -> [Snapshot] {
        var all: [Snapshot] = []
        var number = 1
        while true {
            let page = try await page(number)
            all += page.snapshots
            if page.snapshots.isEmpty || number >= page.totalPages { return all }
            number += 1
        }
    }

    /// The snapshot with this name or ID (`GET /snapshots/{nameOrID}`; Python: `get`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get snapshot: `, `notFound` when there
    ///   is none.
    public func snapshot(named nameOrID: String) async throws -> Snapshot {
        try await withContext("Failed to get snapshot: ") {
            try requireNonEmpty(nameOrID, "name")
            _ = try await plane("Getting a snapshot")
            return try decode(await send(.get("/snapshots/" + PercentEncoding.pathSegment(nameOrID))))
        }
    }

    /// Creates a snapshot from a registry image and waits until it is `active`
    /// (`POST /snapshots`, then `GET /snapshots/{id}` until it is; Python: `create`).
    ///
    /// - Parameters:
    ///   - name: The new snapshot's name.
    ///   - image: A registry image, e.g. `python:3.12-slim` (not `:latest`: the server refuses it).
    ///   - resources: CPUs, GPUs, memory and disk (GiB) of sandboxes made from it, rounded up.
    ///   - entrypoint: The image's entrypoint, if it needs another.
    ///   - region: Where to build it; `nil` for the client's target, else the organization's
    ///     default.
    ///   - timeout: The limit for building it, or `nil` (the default) for none.
    /// - Throws: ``DaytonaError`` prefixed `Failed to create snapshot: `; category
    ///   `sandboxFailed` when it ends in `error` or `build_failed`.
    public func create(
        named name: String, image: String, resources: SandboxResources? = nil, entrypoint: [String]? = nil,
        region: TargetRegion? = nil, timeout: Duration? = nil
    ) async throws -> Snapshot {
        let api = self.api
        return try await withContext("Failed to create snapshot: ") {
            try requireNonEmpty(name, "name")
            try requireNonEmpty(image, "image")
            try validateTimeout(timeout)
            try resources?.validate()
            _ = try await plane("Creating a snapshot")
            func whole(_ value: Double?) -> Int? { value.map { Int($0.rounded(.up)) } }
            let body = Current.CreateSnapshot(
                name: name, imageName: image, entrypoint: entrypoint, cpu: whole(resources?.cpu), gpu: whole(resources?.gpu),
                memory: whole(resources?.memory), disk: whole(resources?.disk), regionId: (region ?? api.target)?.rawValue)
            let deadline = DaytonaError(.timeout, message: "Snapshot \(name) was not active within \(timeout?.secondsText ?? "") seconds")
            return try await withDeadline(timeout, clock: api.clock, onTimeout: deadline) {
                let created = try decode(await send(try .post("/snapshots", json: body, expectsBody: true)))
                return try await waitUntilActive(created)
            }
        }
    }

    private func waitUntilActive(_ snapshot: Snapshot) async throws -> Snapshot {
        let path = "/snapshots/" + PercentEncoding.pathSegment(snapshot.id.isEmpty ? snapshot.name : snapshot.id)
        return try await pollValue(
            from: snapshot, clock: api.clock,
            fetch: { try decode(await send(.get(path))) },
            isDone: { $0.state == .active },
            failure: { value in
                guard value.state == .error || value.state == .buildFailed else { return nil }
                return DaytonaError(
                    .sandboxFailed,
                    message: "Snapshot \(value.name) failed with state: \(value.state), error reason: \(value.errorReason ?? "None")")
            })
    }

    /// Removes a snapshot (`DELETE /snapshots/{id}`; Python: `delete`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to remove snapshot: `.
    public func remove(_ snapshot: Snapshot) async throws {
        try await withContext("Failed to remove snapshot: ") {
            try requireNonEmpty(snapshot.id, "snapshot.id")
            _ = try await plane("Removing a snapshot")
            _ = try await send(.delete("/snapshots/" + PercentEncoding.pathSegment(snapshot.id)))
        }
    }

    /// Makes an `inactive` snapshot usable again (`POST /snapshots/{id}/activate`; Python:
    /// `activate`).
    ///
    /// - Returns: The snapshot as the server now reports it.
    /// - Throws: ``DaytonaError`` prefixed `Failed to activate snapshot: `.
    @discardableResult
    public func activate(_ snapshot: Snapshot) async throws -> Snapshot {
        try await withContext("Failed to activate snapshot: ") {
            try requireNonEmpty(snapshot.id, "snapshot.id")
            _ = try await plane("Activating a snapshot")
            return try decode(await send(.post("/snapshots/" + PercentEncoding.pathSegment(snapshot.id) + "/activate", expectsBody: true)))
        }
    }
}
