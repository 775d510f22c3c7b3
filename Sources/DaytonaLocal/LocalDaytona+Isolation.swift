#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import Foundation

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    extension LocalDaytona {
        /// How the backend runs a sandbox's commands, sessions, code runs, git and language
        /// servers: inside a bubblewrap sandbox where the system has one, else on the host.
        public enum Isolation: Sendable, Equatable, CustomStringConvertible {
            /// Each process runs inside `bwrap` (at `executable`): the sandbox's home directory
            /// at `/home/daytona`, the rest of the system read-only, a `/tmp` of its own, a PID
            /// namespace of its own, killed with the backend. Commands see the same absolute
            /// paths as file calls, as on a real server.
            case bubblewrap(executable: String)
            /// Processes run on the host as your user, with your permissions, and see host
            /// paths (`HOME` is the sandbox's home directory, but `/home/daytona` does not exist
            /// for them). `reason` says why.
            case none(reason: String)

            /// Whether commands run isolated (inside bubblewrap).
            public var isIsolated: Bool {
                if case .bubblewrap = self { return true }
                return false
            }

            /// One line for people: what commands see, and why.
            public var description: String {
                switch self {
                case .bubblewrap:
                    return "commands run isolated by bubblewrap, with the sandbox's home at /home/daytona"
                case .none(let reason):
                    return "NOT isolated (\(reason)): commands run on this machine as you and see host paths, not /home/daytona"
                }
            }
        }

        /// Whether a backend isolates its sandboxes' processes.
        public enum IsolationMode: Sendable, Equatable {
            /// Bubblewrap when it is installed and works, unless the environment variable
            /// `DAYTONA_LOCAL_ISOLATION` is `none`; else host processes.
            case automatic
            /// Host processes, whatever the system has.
            case disabled
        }

        /// The environment variable that turns isolation off (`none`) for `automatic` backends.
        public static let isolationEnvironmentVariable = "DAYTONA_LOCAL_ISOLATION"

        /// The isolation `mode` gives on this system. Bubblewrap is looked for and tried
        /// (`bwrap --ro-bind / / true`) once per process.
        static func isolation(for mode: IsolationMode) -> Isolation {
            guard mode == .automatic else { return .none(reason: "isolation disabled by the backend's creator") }
            if ProcessInfo.processInfo.environment[isolationEnvironmentVariable]?.lowercased() == "none" {
                return .none(reason: "\(isolationEnvironmentVariable)=none")
            }
            return bubblewrapProbe
        }

        /// Bubblewrap, if it is on `PATH` and can start a sandbox here.
        private static let bubblewrapProbe: Isolation = {
            #if os(Linux)
                let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
                guard let executable = path.map({ "\($0)/bwrap" }).first(where: FileManager.default.isExecutableFile(atPath:)) else {
                    return .none(reason: "bubblewrap (bwrap) is not installed")
                }
                let probe = Process()
                probe.executableURL = URL(fileURLWithPath: executable)
                probe.arguments = ["--ro-bind", "/", "/", "--unshare-pid", "--die-with-parent", "true"]
                probe.standardInput = FileHandle.nullDevice
                probe.standardOutput = FileHandle.nullDevice
                probe.standardError = FileHandle.nullDevice
                do {
                    try probe.run()
                } catch {
                    return .none(reason: "bubblewrap could not be started")
                }
                probe.waitUntilExit()
                guard probe.terminationStatus == 0 else {
                    return .none(reason: "bubblewrap cannot create a sandbox here (no user namespaces?)")
                }
                return .bubblewrap(executable: executable)
            #else
                return .none(reason: "bubblewrap is Linux only")
            #endif
        }()

        /// A process of sandbox `id` (not launched): `command` (looked up on `PATH`) in
        /// `directory` (a host path), with `HOME` set to the sandbox's home and `extra` added to
        /// the environment. Isolated, it runs inside bubblewrap, which also binds the home at its
        /// host path (so that host paths the backend hands to git and language servers work),
        /// each of `binds` at its own path, and each of `readOnly` at its own path, read-only.
        func sandboxProcess(
            _ command: [String], sandbox id: String, in directory: URL, environment extra: [String: String] = [:], binds: [URL] = [],
            readOnly: [URL] = []
        ) -> Process {
            let home = self.directory(ofWorkspace: id).appendingPathComponent(String(Self.home.dropFirst()), isDirectory: true)
            let process = Process()
            var environment = ProcessInfo.processInfo.environment
            switch isolation {
            case .bubblewrap(let executable):
                environment["HOME"] = Self.home
                process.executableURL = URL(fileURLWithPath: executable)
                var arguments = [
                    "--ro-bind", "/", "/", "--tmpfs", "/home", "--tmpfs", "/tmp", "--bind", home.path, Self.home,
                    "--bind", home.path, home.path,
                ]
                for bind in binds { arguments += ["--bind", bind.path, bind.path] }
                for bind in readOnly { arguments += ["--ro-bind", bind.path, bind.path] }
                arguments += [
                    "--proc", "/proc", "--dev", "/dev", "--unshare-pid", "--die-with-parent", "--chdir",
                    Self.insidePath(directory, home: home), "--", "/usr/bin/env",
                ]
                process.arguments = arguments + command
            case .none:
                environment["HOME"] = home.path
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = command
            }
            environment.merge(extra) { _, new in new }
            process.environment = environment
            process.currentDirectoryURL = directory
            return process
        }

        /// Where a host directory is for an isolated process: below `/home/daytona` when it is
        /// below the sandbox's home, else the same path.
        private static func insidePath(_ directory: URL, home: URL) -> String {
            let path = directory.standardizedFileURL.path
            let root = home.standardizedFileURL.path
            if path == root { return Self.home }
            if path.hasPrefix(root + "/") { return Self.home + path.dropFirst(root.count) }
            return path
        }

        /// Ends every process of sandbox `id`: its sessions' shells (and what they started),
        /// running commands, and language servers; waits until each has exited. Isolated, each
        /// is a bubblewrap sandbox whose processes all end with it.
        func endProcesses(of id: String) {
            let sessions = state.withLock { state -> [SessionRecord] in
                let keys = state.sessions.keys.filter { $0.hasPrefix(id + "/") }
                return keys.compactMap { state.sessions.removeValue(forKey: $0) }
            }
            sessions.forEach(Self.end)
            let prefix = id + "\u{1}"
            let stopped = servers.withLock { servers -> [LanguageServer] in
                let keys = servers.keys.filter { $0.hasPrefix(prefix) }
                return keys.compactMap { servers.removeValue(forKey: $0) }
            }
            stopped.forEach { $0.terminate() }
            let commands = running.withLock { $0.removeValue(forKey: id) ?? [:] }
            for process in commands.values { Self.killGroup(process) }
            for process in sessions.map(\.shell) + commands.values where process.processIdentifier > 0 { process.waitUntilExit() }
        }

        /// Notes a launched command of sandbox `id`, so that stopping the sandbox ends it.
        func track(_ process: Process, sandbox id: String) {
            running.withLock { $0[id, default: [:]][process.processIdentifier] = process }
        }

        /// Forgets a command that has exited.
        func untrack(_ process: Process, sandbox id: String) {
            running.withLock { running in
                running[id]?[process.processIdentifier] = nil
                if running[id]?.isEmpty == true { running[id] = nil }
            }
        }
    }

    /// The temporary root directories of live backends, removed at exit if their backend has not
    /// gone by then (a program's top-level variables are never deinitialized).
    enum OwnedRoots {
        private static let paths = Locked<Set<String>>([])
        private static let cleanupAtExit: Void = {
            atexit {
                for path in OwnedRoots.paths.current { try? FileManager.default.removeItem(atPath: path) }
            }
        }()

        static func add(_ url: URL) {
            _ = cleanupAtExit
            paths.withLock { _ = $0.insert(url.path) }
        }

        static func remove(_ url: URL) {
            paths.withLock { _ = $0.remove(url.path) }
        }
    }

#endif
