#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import Foundation

    /// A Daytona-compatible backend that runs in your process, with no server and no account: each
    /// sandbox is a directory on this machine, commands are real processes, git is the `git`
    /// command line.
    ///
    /// A `DaytonaClient` reaches it through a ``LocalTransport``, in process, so every call
    /// still goes through the SDK's real encoding and decoding. The client holds the backend: it
    /// may outlive the `LocalDaytona` value it was made from.
    ///
    /// ```swift
    /// let daytona = try LocalDaytona().makeClient()
    /// let sandbox = try await daytona.create()
    /// print(try await sandbox.process.exec("uname -a").result)
    /// ```
    ///
    /// On Linux with bubblewrap (`bwrap`) installed and working, every command, session,
    /// code run, git command and language server of a sandbox runs inside a bubblewrap sandbox:
    /// the sandbox's home directory at `/home/daytona` (so commands see the same absolute paths
    /// as file calls, as on a real server), the rest of the system read-only, a `/tmp` of its
    /// own, a PID namespace of its own. Elsewhere, processes run on the host and see host paths:
    /// ``isolation`` says which, and why.
    ///
    /// A sandbox's processes end when it is stopped or removed, and when the backend goes. The
    /// temporary root directory goes with the backend (or at exit).
    ///
    /// - Important: This is **not a security boundary**. File operations are confined to the
    ///   sandbox's directory (a path that escapes it by `..` or a symbolic link is refused with
    ///   403 and touches nothing), and bubblewrap keeps commands from writing outside their home,
    ///   but commands run as your user, can read what you can, and share your network. Use it for
    ///   development, demos and tests, never for untrusted code.
    ///
    /// Language servers run on this machine when one is installed for the language
    /// (`sourcekit-lsp` for `swift`, `pylsp` for `python`, `typescript-language-server` for
    /// TypeScript and JavaScript); otherwise the LSP calls answer 501.
    public final class LocalDaytona: Sendable {
        /// The directory that holds one sub-directory per sandbox.
        public let rootDirectory: URL
        /// How long a sandbox takes to start and to stop (it reports `creating`/`starting` and
        /// `stopping` meanwhile).
        public let transitionDelay: Duration
        /// The made-up server URL clients of this backend are configured with.
        let serverURL: URL
        /// The API key clients of this backend send.
        let apiKey: String
        let router = LocalRouter()
        let state = Locked(BackendState())
        let servers = Locked<[String: LanguageServer]>([:])
        /// Running commands (`exec`, code runs, git), by sandbox and process ID.
        let running = Locked<[String: [Int32: Process]]>([:])
        private let ownsRoot: Bool

        /// How this backend runs sandboxes' processes: isolated by bubblewrap, or on the host
        /// (with the reason). Decided when the backend is created.
        public let isolation: Isolation

        /// Whether commands run isolated by bubblewrap (see ``isolation``).
        public var isIsolated: Bool { isolation.isIsolated }

        /// Creates a backend.
        ///
        /// - Parameters:
        ///   - rootDirectory: Where sandboxes live; a new temporary directory (removed when the
        ///     backend goes away) when `nil`.
        ///   - transitionDelay: How long starting and stopping take.
        ///   - isolation: Whether to run sandboxes' processes inside bubblewrap when it works
        ///     (``IsolationMode/automatic``, the default) or always on the host.
        public init(
            rootDirectory: URL? = nil, transitionDelay: Duration = .milliseconds(50), isolation: IsolationMode = .automatic
        ) throws {
            let root = rootDirectory ?? FileManager.default.temporaryDirectory.appendingPathComponent("daytona-local-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            self.rootDirectory = root.resolvingSymlinksInPath()
            self.ownsRoot = rootDirectory == nil
            self.isolation = Self.isolation(for: isolation)
            if ownsRoot { OwnedRoots.add(self.rootDirectory) }
            self.transitionDelay = transitionDelay
            self.apiKey = "local-backend-\(UUID().uuidString)"
            self.serverURL = URL(string: "http://daytona-local.invalid/api") ?? URL(fileURLWithPath: "/api")
            registerRoutes()
        }

        deinit {
            let sandboxes = state.withLock { state in Set(state.sessions.keys.map { String($0.prefix { $0 != "/" }) }) }
            let servers = servers.withLock { servers in Set(servers.keys.map { String($0.prefix { $0 != "\u{1}" }) }) }
            let commands = running.withLock { Set($0.keys) }
            for id in sandboxes.union(servers).union(commands) { endProcesses(of: id) }
            if ownsRoot {
                try? FileManager.default.removeItem(at: rootDirectory)
                OwnedRoots.remove(rootDirectory)
            }
        }

        /// A client wired to this backend through a ``LocalTransport``. The client keeps the
        /// backend alive: `let daytona = try LocalDaytona().makeClient()` works on its own.
        ///
        /// The backend serves both of Daytona's APIs over the same sandboxes: today's API
        /// (`/sandbox`, `/snapshots`, `/volumes`, `/config`, and each sandbox's toolbox at
        /// `{apiURL}/toolbox/{id}/…`) and the 0.14 API (`/workspace`, `/toolbox/{id}/toolbox/…`).
        ///
        /// ```swift
        /// let daytona = try LocalDaytona().makeClient()                 // today's API
        /// let legacy = try LocalDaytona().makeClient(api: .v0_14)       // the 0.14 API
        /// ```
        ///
        /// - Parameters:
        ///   - target: The default region of new sandboxes.
        ///   - api: Which of Daytona's APIs the client speaks. Defaults to
        ///     ``DaytonaConfiguration/APIVersion/current``; ``DaytonaConfiguration/APIVersion/automatic``
        ///     asks the backend's `GET /config`, which answers as today's servers do.
        public func makeClient(target: TargetRegion = .us, api: DaytonaConfiguration.APIVersion = .current) -> DaytonaClient {
            DaytonaClient(configuration: configuration(target: target, api: api), transport: transport)
        }

        /// The client configuration for this backend: a made-up server URL that only its
        /// ``transport`` answers, an API key, and the API to speak.
        ///
        /// - Parameters:
        ///   - target: The default region of new sandboxes.
        ///   - api: Which of Daytona's APIs to speak. Defaults to
        ///     ``DaytonaConfiguration/APIVersion/current``.
        public func configuration(target: TargetRegion = .us, api: DaytonaConfiguration.APIVersion = .current) -> DaytonaConfiguration {
            DaytonaConfiguration(apiKey: apiKey, apiURL: serverURL, target: target, api: api)
        }

        /// The base of every sandbox's toolbox in today's API (the `toolboxProxyUrl` of its
        /// answers): `{apiURL}/toolbox`.
        var toolboxProxyURL: String { serverURL.absoluteString + "/toolbox" }

        /// The in-process transport that answers requests with this backend (and keeps it alive).
        public var transport: LocalTransport { LocalTransport(backend: self) }

        /// The part of `url`'s percent-encoded path below the API root.
        func relativePath(of url: URL) -> String {
            let path = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? url.path
            let root = serverURL.path
            return path.hasPrefix(root + "/") ? String(path.dropFirst(root.count)) : path
        }

        /// A client for a real server when `DAYTONA_API_KEY` (or a JWT) is set (in the
        /// environment or `.env` files), otherwise for a new local backend; and a line saying which.
        ///
        /// The examples start with it:
        ///
        /// ```swift
        /// let (daytona, using, backend) = try LocalDaytona.connect()
        /// print(using)
        /// ```
        public static func connect() throws -> (client: DaytonaClient, description: String, backend: LocalDaytona?) {
            if let configuration = try? DaytonaConfiguration.fromEnvironment() {
                return (
                    DaytonaClient(configuration: configuration), "Using: the Daytona server at \(configuration.apiURL.absoluteString)",
                    nil
                )
            }
            let backend = try LocalDaytona()
            return (
                backend.makeClient(),
                "Using: the local backend in \(backend.rootDirectory.path) (no server configured); \(backend.isolation)", backend
            )
        }

        /// The directory of a sandbox.
        public func directory(ofWorkspace id: String) -> URL {
            rootDirectory.appendingPathComponent(Self.safeName(id), isDirectory: true)
        }

        static func safeName(_ id: String) -> String {
            let allowed = id.unicodeScalars.map {
                CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0) ? Character($0) : "_"
            }
            let name = String(allowed)
            return name.isEmpty || name == "." || name == ".." ? "_\(name)" : name
        }

        /// The home directory inside every sandbox.
        static let home = "/home/daytona"
    }

    /// Everything the backend remembers.
    struct BackendState {
        var sandboxes: [String: WorkspaceRecord] = [:]
        var sessions: [String: SessionRecord] = [:]
        /// Today's API's named snapshots, by ID.
        var snapshots: [String: SnapshotRecord] = [:]
        /// Today's API's volumes, by ID.
        var volumes: [String: VolumeRecord] = [:]
        /// Signed preview URLs' tokens, and the sandbox and port each one opens.
        var signedPreviews: [String: (sandbox: String, port: Int, expires: Date)] = [:]

        /// The sandbox with this ID, else the one with this name (today's API accepts both).
        func sandbox(idOrName: String) -> WorkspaceRecord? {
            sandboxes[idOrName] ?? sandboxes.values.first { $0.name == idOrName }
        }
    }

    /// A named snapshot of today's API.
    struct SnapshotRecord {
        var id: String
        var name: String
        var imageName: String?
        var state: String
        var created: Date
        var updated: Date
        var sourceSandboxID: String?
    }

    /// A volume of today's API.
    struct VolumeRecord {
        var id: String
        var name: String
        var state: String
        var created: Date
        var updated: Date
    }

    struct WorkspaceRecord {
        var id: String
        var name: String
        var image: String
        var user: String
        var env: [String: String]
        var labels: [String: String]
        var isPublic: Bool
        var target: String
        var cpu: Double
        var gpu: Double
        var memory: Double
        var disk: Double
        var autoStopInterval: Int
        var created: Date
        /// Where the sandbox is heading, and when it gets there.
        var desired: String
        var transitionEnds: Date
        var snapshotState = "None"
        var snapshotCreatedAt: String?
        /// Whether the sandbox has been started before (then it is `starting`, not `creating`).
        var restarted = false
        /// Today's API: the snapshot it was created from.
        var snapshot: String?
        /// Today's API: minutes idle before pausing (0: never).
        var autoPauseInterval = 0
        /// Today's API: minutes stopped before archiving.
        var autoArchiveInterval = 7 * 24 * 60
        /// Today's API: minutes stopped before deletion (negative: never).
        var autoDeleteInterval = -1
        var networkBlockAll = false
        var networkAllowList: String?
        var volumes: [SandboxVolume] = []
        /// The token private previews need.
        var previewToken = UUID().uuidString.lowercased()
        /// A passing state on the way back to `desired` (`snapshotting`, `resizing`), and
        /// until when.
        var busy: (state: String, until: Date)?

        func state(at now: Date) -> String {
            if let busy, now < busy.until { return busy.state }
            if now >= transitionEnds { return desired }
            switch desired {
            case "started": return restarted ? "starting" : "creating"
            case "stopped": return "stopping"
            case "archived": return "archiving"
            default: return desired
            }
        }
    }

    final class SessionRecord: Sendable {
        let id: String
        let shell: Process
        let input: FileHandle
        let directory: URL
        let commands = Locked<[SessionCommandRecord]>([])

        init(id: String, shell: Process, input: FileHandle, directory: URL) {
            self.id = id
            self.shell = shell
            self.input = input
            self.directory = directory
        }

        /// The command with this ID, if the session ran it.
        func command(_ id: String) -> SessionCommandRecord? {
            commands.current.first { $0.id == id }
        }
    }

    /// A command run in a session.
    struct SessionCommandRecord: Sendable {
        var id: String
        var command: String
        /// Whether its log marks each line with its stream, as today's daemon writes it
        /// (`01 01 01` before stdout lines, `02 02 02` before stderr lines).
        var marked = false
        /// The write end of its stdin, for an asynchronous command of today's API.
        var input: FileHandle?
    }

#endif
