/// What to create: language, image, resources, environment, labels and more.
///
/// Every property is optional; an empty value creates a Python workspace with the server's
/// defaults.
///
/// ```swift
/// let workspace = try await daytona.create(CreateWorkspaceParams(
///     language: .python,
///     image: "python:3.12",
///     envVars: ["DEBUG": "true"],
///     resources: WorkspaceResources(cpu: 2, memory: 4),
///     autoStopInterval: 30
/// ))
/// ```
public struct CreateWorkspaceParams: Sendable, Hashable {
    /// The language code runs in (default Python). Recorded as the `code-toolbox-language` label.
    public var language: CodeLanguage
    /// The ID to request. Defaults to `sandbox-` and eight random hex digits. The server may
    /// assign another ID; the returned ``Workspace`` carries the one it assigned.
    public var id: String?
    /// A display name (defaults to the ID).
    public var name: String?
    /// The container image.
    public var image: String?
    /// The OS user inside the sandbox.
    public var osUser: String?
    /// Environment variables.
    public var envVars: [String: String]
    /// Labels. The SDK adds `code-toolbox-language` unless you set it.
    public var labels: [String: String]
    /// Whether HTTP previews are public.
    public var isPublic: Bool?
    /// The region; defaults to the client's configured target.
    public var target: TargetRegion?
    /// CPU, memory, disk and GPU.
    public var resources: WorkspaceResources?
    /// Minutes of inactivity after which the workspace stops (0 disables auto-stop).
    public var autoStopInterval: Int?

    /// Creates parameters; everything defaults to the server's choice.
    public init(
        language: CodeLanguage = .python,
        id: String? = nil,
        name: String? = nil,
        image: String? = nil,
        osUser: String? = nil,
        envVars: [String: String] = [:],
        labels: [String: String] = [:],
        isPublic: Bool? = nil,
        target: TargetRegion? = nil,
        resources: WorkspaceResources? = nil,
        autoStopInterval: Int? = nil
    ) {
        self.language = language
        self.id = id
        self.name = name
        self.image = image
        self.osUser = osUser
        self.envVars = envVars
        self.labels = labels
        self.isPublic = isPublic
        self.target = target
        self.resources = resources
        self.autoStopInterval = autoStopInterval
    }

    func validate() throws {
        guard language.isSupported else {
            throw DaytonaError.invalidArgument("Unsupported language: \(language)")
        }
        if let autoStopInterval, autoStopInterval < 0 {
            throw DaytonaError.invalidArgument("auto_stop_interval must be a non-negative integer")
        }
        if let id, id.isEmpty {
            throw DaytonaError.invalidArgument("The workspace ID must not be empty; pass nil to have one generated")
        }
        try resources?.validate()
    }
}

/// CPU cores, memory and disk (in GB) and GPUs for a workspace.
public struct WorkspaceResources: Sendable, Hashable, Codable {
    /// CPU cores.
    public var cpu: Int?
    /// Memory in GB.
    public var memory: Int?
    /// Disk in GB.
    public var disk: Int?
    /// GPUs.
    public var gpu: Int?

    /// Creates a resource request; `nil` leaves a value to the server.
    public init(cpu: Int? = nil, memory: Int? = nil, disk: Int? = nil, gpu: Int? = nil) {
        self.cpu = cpu
        self.memory = memory
        self.disk = disk
        self.gpu = gpu
    }

    func validate() throws {
        for (name, value) in [("cpu", cpu), ("memory", memory), ("disk", disk), ("gpu", gpu)] {
            if let value, value < 0 {
                throw DaytonaError.invalidArgument("Resource \(name) must be non-negative")
            }
        }
    }
}

/// The `CreateWorkspace` body (WIRE.md §5.1). `nil` keys are left out.
struct CreateWorkspaceBody: Encodable {
    var id: String?
    var name: String?
    var image: String?
    var user: String?
    var env: [String: String]
    var labels: [String: String]?
    var `public`: Bool?
    var target: String?
    var cpu: Int?
    var gpu: Int?
    var memory: Int?
    var disk: Int?
    var autoStopInterval: Int?
}
