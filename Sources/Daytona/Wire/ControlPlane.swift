import Foundation

/// The control plane of one of Daytona's APIs: the calls on sandboxes that the public types
/// (``DaytonaClient``, ``Sandbox``) make, in that API's routes and shapes. The public types
/// add what both APIs share: validation, deadlines, waiting and error prefixes.
protocol ControlPlane: Sendable {
    var api: APIClient { get }
    var dialect: Dialect { get }

    /// Sends the create request, with `timeout` as its own request timeout (today's server
    /// may hold it up to 30 s while the sandbox starts); `nil` when the server answered
    /// without a body.
    func create(_ params: CreateSandboxParams, requestedID: String, timeout: Duration?) async throws -> SandboxInfo?
    /// `GET` one sandbox by ID (or, where the API allows it, by name).
    func sandbox(_ idOrName: String) async throws -> SandboxInfo
    /// One page of the list and the cursor of the next, if any.
    func sandboxes(_ filter: SandboxFilter, cursor: String?) async throws -> (sandboxes: [SandboxInfo], next: String?)
    func remove(_ id: String, timeout: Duration?) async throws
    /// Removes a sandbox this SDK created and could not start, as forcefully as the API allows.
    func removeAbandoned(_ id: String) async throws
    func start(_ id: String) async throws -> SandboxInfo?
    func stop(_ id: String, force: Bool) async throws -> SandboxInfo?
    func archive(_ id: String) async throws -> SandboxInfo?
    func setLabels(_ id: String, _ labels: [String: String]) async throws -> [String: String]
    func setPublic(_ id: String, _ isPublic: Bool) async throws -> SandboxInfo?
    func setAutoStopInterval(_ id: String, _ interval: Duration) async throws -> SandboxInfo?
    func resize(_ id: String, _ resources: SandboxResources) async throws -> SandboxInfo?

    /// The states that end a wait for `started` with a failure.
    var failureStates: Set<SandboxState> { get }
    /// The states that end a wait for `stopped`.
    var stoppedStates: Set<SandboxState> { get }
}

extension ControlPlane {
    /// `PUT {path}` with `{labels}`, the same shape in both APIs; the answer is the whole new
    /// set (the sent one when the server answers without a body).
    func replaceLabels(at path: String, _ labels: [String: String]) async throws -> [String: String] {
        var endpoint = Endpoint(method: .put, path: path, expectsBody: true).speaking(dialect)
        endpoint.body = .json(try JSONCoding.encode(Current.Labels(labels: labels)))
        let response = try await api.send(endpoint)
        return try api.decodeIfPresent(Current.Labels.self, from: response)?.labels ?? labels
    }
}

extension APIClient {
    /// The control plane of `dialect`.
    func controlPlane(_ dialect: Dialect) -> any ControlPlane {
        switch dialect {
        case .v014: V014ControlPlane(api: self)
        case .current: CurrentControlPlane(api: self)
        }
    }

    /// The control plane of the API the server speaks (asking it once, if configured so).
    func controlPlane() async throws -> any ControlPlane {
        controlPlane(try await dialect())
    }

    /// The current API's control plane, or an `unsupported` error naming `operation` when the
    /// server speaks 0.14. Sends no request when the API is configured.
    func currentControlPlane(for operation: String) async throws -> CurrentControlPlane {
        try CurrentControlPlane.require(controlPlane(try await dialect()), for: operation)
    }
}

extension CurrentControlPlane {
    /// `plane` as the current API's, or an `unsupported` error naming `operation`.
    static func require(_ plane: any ControlPlane, for operation: String) throws -> CurrentControlPlane {
        guard let current = plane as? CurrentControlPlane else {
            throw DaytonaError.unsupported(operation, in: plane.dialect)
        }
        return current
    }
}

extension DaytonaError {
    /// The error of a call that `dialect` does not have.
    static func unsupported(_ operation: String, in dialect: Dialect) -> DaytonaError {
        DaytonaError(
            .unsupported,
            message: "\(operation) is not available in \(dialect.name), which this server speaks (see DaytonaConfiguration.api)")
    }
}

/// What a list of sandboxes is filtered by.
struct SandboxFilter: Sendable, Hashable {
    var labels: [String: String] = [:]
    var states: [SandboxState] = []
    var pageSize: Int?

    /// Whether `info` passes the filter (for APIs that cannot filter on the server).
    func matches(_ info: SandboxInfo) -> Bool {
        labels.allSatisfy { info.labels[$0.key] == $0.value } && (states.isEmpty || states.contains(info.state))
    }
}
