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
    /// How long the sandbox may be idle before it stops (zero disables auto-stop). Daytona
    /// counts whole minutes: the value is rounded down to one.
    public var autoStopInterval: Duration?
    /// The snapshot to create the sandbox from, by name or ID (current API; the server's
    /// default snapshot when `nil` and no ``image`` is given).
    public var snapshot: String? = nil
    /// How long a stopped sandbox waits before it is archived; zero: the maximum (current API).
    public var autoArchiveInterval: Duration? = nil
    /// How long a stopped sandbox waits before it is deleted; negative: never (the server's
    /// default), zero: as soon as it stops (current API).
    public var autoDeleteInterval: Duration? = nil
    /// How long the sandbox may be idle before it pauses; zero: never. Not with a non-zero
    /// auto-stop interval (current API).
    public var autoPauseInterval: Duration? = nil
    /// Whether the sandbox is deleted as soon as it stops (sends an auto-delete interval of
    /// zero; current API).
    public var isEphemeral: Bool = false
    /// Volumes to mount (current API).
    public var volumes: [SandboxVolume] = []
    /// Whether all outbound traffic is blocked (current API).
    public var networkBlockAll: Bool? = nil
    /// The CIDRs outbound traffic may reach, comma-separated (current API).
    public var networkAllowList: String? = nil

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
        autoStopInterval: Duration? = nil,
        snapshot: String? = nil,
        autoArchiveInterval: Duration? = nil,
        autoDeleteInterval: Duration? = nil,
        autoPauseInterval: Duration? = nil,
        isEphemeral: Bool = false,
        volumes: [SandboxVolume] = [],
        networkBlockAll: Bool? = nil,
        networkAllowList: String? = nil
    ) {
        self.snapshot = snapshot
        self.autoArchiveInterval = autoArchiveInterval
        self.autoDeleteInterval = autoDeleteInterval
        self.autoPauseInterval = autoPauseInterval
        self.isEphemeral = isEphemeral
        self.volumes = volumes
        self.networkBlockAll = networkBlockAll
        self.networkAllowList = networkAllowList
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
        if let autoArchiveInterval, autoArchiveInterval < .zero {
            throw DaytonaError.invalidArgument("auto_archive_interval must be a non-negative integer")
        }
        if let autoPauseInterval, autoPauseInterval < .zero {
            throw DaytonaError.invalidArgument("auto_pause_interval must be a non-negative integer")
        }
        if let autoPauseInterval, autoPauseInterval > .zero, let autoStopInterval, autoStopInterval > .zero {
            throw DaytonaError.invalidArgument("auto_pause_interval and auto_stop_interval cannot both be non-zero")
        }
        if snapshot != nil, image != nil {
            throw DaytonaError.invalidArgument("Pass a snapshot or an image, not both")
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
