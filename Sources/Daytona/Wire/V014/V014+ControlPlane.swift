import Foundation

/// The 0.14 API's control plane: `/workspace` (WIRE.md §2).
struct V014ControlPlane: ControlPlane {
    let api: APIClient
    var dialect: Dialect { .v014 }
    var failureStates: Set<SandboxState> { [.error] }
    var stoppedStates: Set<SandboxState> { [.stopped] }

    func create(_ params: CreateSandboxParams, requestedID: String, timeout: Duration?) async throws -> SandboxInfo? {
        var labels = params.labels
        if labels[CodeLanguage.labelKey] == nil { labels[CodeLanguage.labelKey] = params.language.rawValue }
        let body = V014.CreateWorkspace(
            id: requestedID,
            name: params.name ?? requestedID,
            image: params.image,
            user: params.osUser,
            env: params.envVars,
            labels: labels,
            public: params.isPublic,
            target: (params.target ?? api.target ?? .us).rawValue,
            cpu: params.resources?.cpu,
            gpu: params.resources?.gpu,
            memory: params.resources?.memory,
            disk: params.resources?.disk,
            autoStopInterval: params.autoStopInterval?.wholeMinutes
        )
        let response = try await api.send(try Endpoint.post("/workspace", json: body, expectsBody: true))
        return try response.hasBody ? api.decodeWorkspace(from: response) : nil
    }

    func sandbox(_ idOrName: String) async throws -> SandboxInfo {
        var info = try api.decodeWorkspace(from: await api.send(.get(api.workspacePath(idOrName))))
        if info.id.isEmpty { info.id = idOrName }
        return info
    }

    func sandboxes(_ filter: SandboxFilter, cursor: String?) async throws -> (sandboxes: [SandboxInfo], next: String?) {
        // One page: the 0.14 API answers every workspace and filters nothing.
        let all = try api.decodeWorkspaces(from: await api.send(.get("/workspace")))
        return (all.filter(filter.matches), nil)
    }

    func remove(_ id: String, timeout: Duration?) async throws {
        var endpoint = Endpoint.delete(api.workspacePath(id), query: [("force", "true")])
        endpoint.timeout = timeout
        _ = try await api.send(endpoint)
    }

    func removeAbandoned(_ id: String) async throws {
        try await remove(id, timeout: nil)
    }

    func start(_ id: String) async throws -> SandboxInfo? {
        _ = try await api.send(.post(api.workspacePath(id, "/start")))
        return nil
    }

    func stop(_ id: String, force: Bool) async throws -> SandboxInfo? {
        _ = try await api.send(.post(api.workspacePath(id, "/stop")))
        return nil
    }

    func archive(_ id: String) async throws -> SandboxInfo? {
        _ = try await api.send(.post(api.workspacePath(id, "/archive")))
        return nil
    }

    func setLabels(_ id: String, _ labels: [String: String]) async throws -> [String: String] {
        try await replaceLabels(at: api.workspacePath(id, "/labels"), labels)
    }

    func setPublic(_ id: String, _ isPublic: Bool) async throws -> SandboxInfo? {
        _ = try await api.send(.post(api.workspacePath(id, "/public/\(isPublic)")))
        return nil
    }

    func setAutoStopInterval(_ id: String, _ interval: Duration) async throws -> SandboxInfo? {
        _ = try await api.send(.post(api.workspacePath(id, "/autostop/\(interval.wholeMinutes)")))
        return nil
    }

    func resize(_ id: String, _ resources: SandboxResources) async throws -> SandboxInfo? {
        var endpoint = try Endpoint.post(api.workspacePath(id, "/resize"), json: resources)
        endpoint.expectsBody = false
        _ = try await api.send(endpoint)
        return nil
    }

    /// `POST /workspace/{id}/snapshot`: a backup of the workspace (the 0.14 meaning).
    func backUp(_ id: String) async throws -> SandboxInfo? {
        let response = try await api.send(.post(api.workspacePath(id, "/snapshot"), expectsBody: true))
        return try response.hasBody ? api.decodeWorkspace(from: response) : nil
    }
}
