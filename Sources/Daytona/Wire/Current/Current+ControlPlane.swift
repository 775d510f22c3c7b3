import Foundation

/// Today's control plane: `/sandbox` (WIRE-current §2.1–2.3).
struct CurrentControlPlane: ControlPlane {
    let api: APIClient
    var dialect: Dialect { .current }
    var failureStates: Set<SandboxState> { [.error, .buildFailed] }
    var stoppedStates: Set<SandboxState> { [.stopped, .destroyed] }

    private func path(_ idOrName: String, _ suffix: String = "") -> String { api.sandboxPath(idOrName, suffix) }

    /// Sends `endpoint` in this dialect and reads a `Sandbox` answer, if there is one.
    private func sandboxAnswer(_ endpoint: Endpoint) async throws -> SandboxInfo? {
        let response = try await api.send(endpoint.speaking(.current))
        return try response.hasBody ? api.decode(current: SandboxInfo.self, from: response) : nil
    }

    /// `POST /sandbox` (S2). The server picks the ID; a requested ID becomes the name. The
    /// server may wait up to 30 s for the sandbox to start before it answers, so the request
    /// gets the call's whole `timeout`, not the client's request timeout; its 400 "Sandbox
    /// failed to start" is a ``DaytonaError/Category/sandboxFailed``.
    func create(_ params: CreateSandboxParams, requestedID: String, timeout: Duration?) async throws -> SandboxInfo? {
        var endpoint = try Endpoint.post("/sandbox", json: Self.createBody(params, target: api.target), expectsBody: true)
        endpoint.timeout = timeout ?? .seconds(365 * 86_400)  // no call limit: none for the request either
        do {
            return try await sandboxAnswer(endpoint)
        } catch var error as DaytonaError where error.statusCode == 400 && error.serverMessage?.hasPrefix("Sandbox failed to start") == true
        {
            error.category = .sandboxFailed
            throw error
        }
    }

    static func createBody(_ params: CreateSandboxParams, target: TargetRegion?) -> Current.CreateSandbox {
        var labels = params.labels
        if labels[CodeLanguage.labelKey] == nil { labels[CodeLanguage.labelKey] = params.language.rawValue }
        let build = params.image.map { Current.BuildInfo(dockerfileContent: "FROM \($0)\n") }
        // Resources go only with a build: the server refuses them with a snapshot.
        let resources = build == nil ? nil : params.resources
        return Current.CreateSandbox(
            name: params.name ?? params.id,
            snapshot: params.snapshot,
            user: params.osUser,
            env: params.envVars,
            labels: labels,
            public: params.isPublic,
            target: (params.target ?? target)?.rawValue,
            autoStopInterval: params.autoStopInterval?.wholeMinutes,
            autoPauseInterval: params.autoPauseInterval?.wholeMinutes,
            autoArchiveInterval: params.autoArchiveInterval?.wholeMinutes,
            autoDeleteInterval: params.isEphemeral ? 0 : params.autoDeleteInterval?.wholeMinutes,
            volumes: params.volumes.map { Current.CreateVolumeMount(volumeId: $0.volumeID, mountPath: $0.mountPath, subpath: $0.subpath) },
            networkBlockAll: params.networkBlockAll,
            networkAllowList: params.networkAllowList,
            cpu: resources?.cpu.map { Int($0.rounded(.up)) },
            gpu: resources?.gpu.map { Int($0.rounded(.up)) },
            memory: resources?.memory.map { Int($0.rounded(.up)) },
            disk: resources?.disk.map { Int($0.rounded(.up)) },
            buildInfo: build
        )
    }

    /// `GET /sandbox/{idOrName}` (S3).
    func sandbox(_ idOrName: String) async throws -> SandboxInfo {
        let response = try await api.send(Endpoint.get(path(idOrName)).speaking(.current))
        var info = try api.decode(current: SandboxInfo.self, from: response)
        if info.id.isEmpty { info.id = idOrName }
        return info
    }

    /// `GET /sandbox?cursor&limit&labels&states` (S1): one cursor page.
    func sandboxes(_ filter: SandboxFilter, cursor: String?) async throws -> (sandboxes: [SandboxInfo], next: String?) {
        var query: [(String, String?)] = [("cursor", cursor), ("limit", filter.pageSize.map(String.init))]
        if !filter.labels.isEmpty { query.append(("labels", PythonJSON.stringMap(filter.labels))) }
        query += filter.states.map { ("states", $0.rawValue) }
        let response = try await api.send(Endpoint.get("/sandbox", query: query).speaking(.current))
        let page = try api.decode(Current.SandboxPage.self, from: response, displayName: "a page of sandboxes")
        let next = page.nextCursor.flatMap { $0.isEmpty ? nil : $0 }
        return ((page.items ?? []).map(SandboxInfo.init), next)
    }

    /// `DELETE /sandbox/{id}` (S4); the answer (state `destroying`) is not needed.
    func remove(_ id: String, timeout: Duration?) async throws {
        var endpoint = Endpoint(method: .delete, path: path(id), expectsBody: true)
        endpoint.timeout = timeout
        _ = try await api.send(endpoint.speaking(.current))
    }

    func removeAbandoned(_ id: String) async throws {
        try await remove(id, timeout: nil)
    }

    /// `POST /sandbox/{id}/start` (S5).
    func start(_ id: String) async throws -> SandboxInfo? {
        try await sandboxAnswer(.post(path(id, "/start"), expectsBody: true))
    }

    /// `POST /sandbox/{id}/stop?force=` (S6); the SDK always sends `force`.
    func stop(_ id: String, force: Bool) async throws -> SandboxInfo? {
        try await sandboxAnswer(.post(path(id, "/stop"), query: [("force", "\(force)")], expectsBody: true))
    }

    /// `POST /sandbox/{id}/archive`.
    func archive(_ id: String) async throws -> SandboxInfo? {
        try await sandboxAnswer(.post(path(id, "/archive"), expectsBody: true))
    }

    /// `PUT /sandbox/{id}/labels` (S13): the answer is the whole new set.
    func setLabels(_ id: String, _ labels: [String: String]) async throws -> [String: String] {
        try await replaceLabels(at: path(id, "/labels"), labels)
    }

    /// `POST /sandbox/{id}/public/{true|false}` (S14), lowercase as the server requires.
    func setPublic(_ id: String, _ isPublic: Bool) async throws -> SandboxInfo? {
        try await sandboxAnswer(.post(path(id, "/public/\(isPublic ? "true" : "false")"), expectsBody: true))
    }

    func setAutoStopInterval(_ id: String, _ interval: Duration) async throws -> SandboxInfo? {
        try await setInterval(id, "autostop", interval)
    }

    /// `POST /sandbox/{id}/{autostop|autopause|autoarchive|autodelete}/{minutes}` (S15–S18).
    func setInterval(_ id: String, _ name: String, _ interval: Duration) async throws -> SandboxInfo? {
        try await sandboxAnswer(.post(path(id, "/\(name)/\(interval.wholeMinutes)"), expectsBody: true))
    }

    /// `POST /sandbox/{id}/resize` (S9) with whole CPUs and GiB.
    func resize(_ id: String, _ resources: SandboxResources) async throws -> SandboxInfo? {
        let body = Current.Resize(
            cpu: resources.cpu.map { Int($0.rounded(.up)) }, memory: resources.memory.map { Int($0.rounded(.up)) },
            disk: resources.disk.map { Int($0.rounded(.up)) })
        return try await sandboxAnswer(try Endpoint.post(path(id, "/resize"), json: body, expectsBody: true))
    }

    /// `POST /sandbox/{id}/recover` (S7).
    func recover(_ id: String) async throws -> SandboxInfo? {
        try await sandboxAnswer(.post(path(id, "/recover"), expectsBody: true))
    }

    /// `POST /sandbox/{id}/snapshot` `{name}` (N1): a named snapshot made from the sandbox.
    func createSnapshot(_ id: String, name: String) async throws -> SandboxInfo? {
        try await sandboxAnswer(
            try Endpoint.post(path(id, "/snapshot"), json: Current.CreateSandboxSnapshot(name: name), expectsBody: true))
    }

    /// `GET /sandbox/{id}/toolbox-proxy-url` (S10).
    func toolboxProxyURL(_ id: String) async throws -> String {
        let response = try await api.send(Endpoint.get(path(id, "/toolbox-proxy-url")).speaking(.current))
        return try api.decode(Current.URLAnswer.self, from: response, displayName: "a toolbox URL").url ?? ""
    }

    /// `GET /sandbox/{id}/ports/{port}/preview-url` (P1).
    func previewLink(_ id: String, port: Int) async throws -> Current.PreviewURL {
        let response = try await api.send(Endpoint.get(path(id, "/ports/\(port)/preview-url")).speaking(.current))
        return try api.decode(Current.PreviewURL.self, from: response, displayName: "PreviewLink")
    }

    /// `GET /sandbox/{id}/ports/{port}/signed-preview-url?expiresInSeconds=` (P2).
    func signedPreviewURL(_ id: String, port: Int, expiresInSeconds: Int?) async throws -> Current.PreviewURL {
        let endpoint = Endpoint.get(
            path(id, "/ports/\(port)/signed-preview-url"), query: [("expiresInSeconds", expiresInSeconds.map(String.init))])
        let response = try await api.send(endpoint.speaking(.current))
        return try api.decode(Current.PreviewURL.self, from: response, displayName: "SignedPreviewURL")
    }

    /// `POST /sandbox/{id}/ports/{port}/signed-preview-url/{token}/expire` (P3), no answer.
    func expireSignedPreviewURL(_ id: String, port: Int, token: String) async throws {
        let endpoint = Endpoint.post(path(id, "/ports/\(port)/signed-preview-url/\(PercentEncoding.pathSegment(token))/expire"))
        _ = try await api.send(endpoint.speaking(.current))
    }
}

/// JSON text as Python's `json.dumps` writes it (`{"a": "1", "b": "2"}`: a space after `:`
/// and `,`, non-ASCII escaped), for query values the current SDK sends that way.
enum PythonJSON {
    /// A string map with its keys sorted.
    static func stringMap(_ map: [String: String]) -> String {
        "{" + map.sorted { $0.key < $1.key }.map { string($0.key) + ": " + string($0.value) }.joined(separator: ", ") + "}"
    }

    /// One JSON string, ASCII only.
    static func string(_ text: String) -> String {
        var result = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: result += "\\\""
            case 0x5C: result += "\\\\"
            case 0x0A: result += "\\n"
            case 0x0D: result += "\\r"
            case 0x09: result += "\\t"
            case 0x08: result += "\\b"
            case 0x0C: result += "\\f"
            case 0x20..<0x7F: result.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default: result += String(format: "\\u%04x", unit)
            }
        }
        return result + "\""
    }
}
