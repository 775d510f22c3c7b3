/// What to create: language, image, resources, environment, labels and more.
///
/// Every property is optional; an empty value creates a Python sandbox with the server's
/// defaults.
///
/// ```swift
/// let sandbox = try await daytona.create(CreateSandboxParams(
///     language: .python,
///     image: "python:3.12",
///     envVars: ["DEBUG": "true"],
///     resources: SandboxResources(cpu: 2, memory: 4),
///     autoStopInterval: .seconds(30 * 60)
/// ))
/// ```
public struct CreateSandboxParams: Sendable, Hashable {
    /// The language code runs in (default Python). Recorded as the `code-toolbox-language` label.
    public var language: CodeLanguage
    /// The ID to request. Defaults to `sandbox-` and eight random hex digits. The server may
    /// assign another ID; the returned ``Sandbox`` carries the one it assigned.
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
    public var resources: SandboxResources?
    /// How long the sandbox may be idle before it stops (zero disables auto-stop). The 0.14
    /// API counts whole minutes: the value is rounded down to one.
    public var autoStopInterval: Duration?

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
        resources: SandboxResources? = nil,
        autoStopInterval: Duration? = nil
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
        if let autoStopInterval, autoStopInterval < .zero {
            throw DaytonaError.invalidArgument("auto_stop_interval must be a non-negative integer")
        }
        if let id, id.isEmpty {
            throw DaytonaError.invalidArgument("The sandbox ID must not be empty; pass nil to have one generated")
        }
        try resources?.validate()
    }
}

/// CPU cores, GPUs, memory and disk of a sandbox: what to ask for when creating or resizing
/// one, and what ``SandboxInfo/resources`` reports.
///
/// Memory and disk are in GiB. Values you leave `nil` are left to the server.
public struct SandboxResources: Sendable, Hashable, Codable {
    /// CPU cores.
    public var cpu: Double?
    /// GPUs.
    public var gpu: Double?
    /// Memory in GiB.
    public var memory: Double?
    /// Disk in GiB.
    public var disk: Double?

    /// Creates a resource description; `nil` leaves a value to the server.
    public init(cpu: Double? = nil, gpu: Double? = nil, memory: Double? = nil, disk: Double? = nil) {
        self.cpu = cpu
        self.gpu = gpu
        self.memory = memory
        self.disk = disk
    }

    func validate() throws {
        for (name, value) in [("cpu", cpu), ("memory", memory), ("disk", disk), ("gpu", gpu)] {
            if let value, value < 0 {
                throw DaytonaError.invalidArgument("Resource \(name) must be non-negative")
            }
        }
    }
}
