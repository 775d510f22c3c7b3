#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import Foundation

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// The outcome of a host process.
    struct ProcessOutcome: Sendable {
        var exitCode: Int
        var output: Data
        var timedOut: Bool
    }

    extension LocalDaytona {
        /// Runs `arguments` (looked up on `PATH`) as a process of sandbox `id` (see
        /// ``sandboxProcess(_:sandbox:in:environment:binds:readOnly:)``) in `directory` on a thread of its
        /// own, with stdout and stderr combined, killing it after `timeout` seconds, when the
        /// calling task is cancelled (the request was cancelled), or when the sandbox stops.
        func run(
            _ arguments: [String], sandbox id: String, in directory: URL, timeout: Int, environment: [String: String] = [:],
            readOnly: [URL] = []
        ) async -> ProcessOutcome {
            let process = sandboxProcess(arguments, sandbox: id, in: directory, environment: environment, readOnly: readOnly)
            let cancelled = Locked(false)
            return await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    Thread.detachNewThread { [self] in
                        Self.runToEnd(process, timeout: timeout, cancelled: cancelled, launched: { track(process, sandbox: id) }) {
                            untrack(process, sandbox: id)
                            continuation.resume(returning: $0)
                        }
                    }
                }
            } onCancel: {
                cancelled.withLock { $0 = true }
                if process.isRunning { Self.killGroup(process) }
            }
        }

        /// Launches `process` and waits for it on the calling thread.
        private static func runToEnd(
            _ process: Process, timeout: Int, cancelled: Locked<Bool>, launched: () -> Void, _ finished: (ProcessOutcome) -> Void
        ) {
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            process.standardInput = FileHandle.nullDevice
            do {
                try process.run()
            } catch {
                finished(ProcessOutcome(exitCode: -1, output: Data("\(error)".utf8), timedOut: false))
                return
            }
            launched()
            // Cancelled before the launch: the cancellation handler could not kill it.
            if cancelled.current { killGroup(process) }
            let timedOut = Locked(false)
            let deadline = DispatchWorkItem {
                if process.isRunning {
                    timedOut.withLock { $0 = true }
                    // SIGKILL: a SIGTERM may be ignored (an ignored signal survives exec). The whole
                    // group, so that children of a shell do not keep the output open.
                    killGroup(process)
                }
            }
            DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(timeout), execute: deadline)
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            deadline.cancel()
            finished(ProcessOutcome(exitCode: Int(process.terminationStatus), output: output, timedOut: timedOut.current))
        }

        /// Splits a command line as the Daytona daemon does: on spaces, honouring `'…'` and `"…"`
        /// (the quotes are removed; backslashes are not interpreted).
        static func splitCommand(_ command: String) -> [String] {
            var arguments: [String] = []
            var current = ""
            var quote: Character?
            var started = false
            for character in command {
                if let open = quote {
                    if character == open { quote = nil } else { current.append(character) }
                } else if character == "'" || character == "\"" {
                    quote = character
                    started = true
                } else if character == " " {
                    if started || !current.isEmpty { arguments.append(current) }
                    current = ""
                    started = false
                } else {
                    current.append(character)
                }
            }
            if started || !current.isEmpty { arguments.append(current) }
            return arguments
        }

        func registerProcessRoutes() {
            let process = "/toolbox/{id}/toolbox/process"
            router.on(.post, process + "/execute") { [unowned self] request in
                withSandbox(request) { record in
                    guard let body = request.decodeBody(ExecuteRequest.self), let command = body.command else {
                        return .apiError(400, message: "command is required")
                    }
                    let arguments = Self.splitCommand(command)
                    guard !arguments.isEmpty else { return .apiError(400, message: "command is required") }
                    guard let directory = hostPath(body.cwd ?? Self.home, sandbox: record.id) else { return Self.escapes }
                    let timeout = body.timeout.flatMap { $0 > 0 ? min($0, Self.longestTimeout) : nil } ?? 360
                    return .later { [self] in
                        let outcome = await run(arguments, sandbox: record.id, in: directory, timeout: timeout)
                        if outcome.timedOut { return .apiError(408, message: "command execution timeout") }
                        return .json(
                            V014.ExecuteResponse(exitCode: outcome.exitCode, result: String(decoding: outcome.output, as: UTF8.self)))
                    }
                }
            }

            let sessions = process + "/session"
            router.on(.post, sessions) { [unowned self] request in
                withSandbox(request) { record in
                    guard let sessionID = request.decodeBody(CreateSession.self)?.sessionId, !sessionID.isEmpty else {
                        return .apiError(400, message: "sessionId is required")
                    }
                    return createSession(sessionID, sandbox: record.id)
                }
            }
            router.on(.get, sessions) { [unowned self] request in
                withSandbox(request) { record in
                    let prefix = record.id + "/"
                    let found = state.withLock { $0.sessions.filter { $0.key.hasPrefix(prefix) }.map(\.value) }
                    return .json(found.sorted { $0.id < $1.id }.map(Self.session))
                }
            }
            router.on(.get, sessions + "/{sid}") { [unowned self] request in
                withSession(request) { .json(Self.session($0)) }
            }
            router.on(.delete, sessions + "/{sid}") { [unowned self] request in
                withSession(request) { session in
                    let key = request.segment(1) + "/" + session.id
                    _ = state.withLock { $0.sessions.removeValue(forKey: key) }
                    Self.end(session)
                    return .empty(status: 204)
                }
            }
            router.on(.post, sessions + "/{sid}/exec") { [unowned self] request in
                withSession(request) { session in
                    guard let body = request.decodeBody(SessionExecute.self), let command = body.command, !command.isEmpty else {
                        return .apiError(400, message: "command is required")
                    }
                    let runAsync = body.async ?? body.runAsync ?? false
                    let commandID = UUID().uuidString.lowercased()
                    session.commands.withLock { $0.append(SessionCommandRecord(id: commandID, command: command)) }
                    let log = session.directory.appendingPathComponent(commandID + ".log").path
                    let exit = session.directory.appendingPathComponent(commandID + ".exit").path
                    let script = "{\n\(command)\n} > '\(log)' 2>&1 < /dev/null; echo $? > '\(exit).tmp'; mv '\(exit).tmp' '\(exit)'\n"
                    do {
                        try session.input.write(contentsOf: Data(script.utf8))
                    } catch {
                        return .apiError(500, message: "The session's shell has ended")
                    }
                    if runAsync { return .json(V014.SessionExecuteResponse(cmdId: commandID, output: nil, exitCode: nil), status: 202) }
                    return .later {
                        while !FileManager.default.fileExists(atPath: exit) {
                            // A command that ran `exit` ended the session's shell: no exit file comes.
                            guard session.shell.isRunning else { return .apiError(400, message: "the session's shell has exited") }
                            try? await Task.sleep(for: .milliseconds(5))
                            if Task.isCancelled { return .empty() }
                        }
                        let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                        return .json(
                            V014.SessionExecuteResponse(cmdId: commandID, output: output, exitCode: Self.exitCode(atPath: exit) ?? -1))
                    }
                }
            }
            router.on(.get, sessions + "/{sid}/command/{cid}") { [unowned self] request in
                withSession(request) { session in
                    let commandID = request.segment(7)
                    guard let command = session.command(commandID) else {
                        return .apiError(404, message: "command not found")
                    }
                    return .json(Self.command(command.id, command.command, in: session))
                }
            }
            router.on(.get, sessions + "/{sid}/command/{cid}/logs") { [unowned self] request in
                withSession(request) { session in
                    let commandID = request.segment(7)
                    guard let command = session.command(commandID) else {
                        return .apiError(404, message: "command not found")
                    }
                    let log = session.directory.appendingPathComponent(commandID + ".log")
                    if command.marked {
                        // Run through today's API: 0.14 clients get the text without the markers.
                        let streams = Self.demultiplex((try? Data(contentsOf: log)) ?? Data())
                        return .text(String(decoding: streams.combined, as: UTF8.self))
                    }
                    if request.query["follow"] == "true" {
                        let exit = session.directory.appendingPathComponent(commandID + ".exit").path
                        return .streaming(
                            headers: ["Content-Type": "text/plain; charset=utf-8"], Self.follow(log, until: exit, shell: session.shell))
                    }
                    return .text((try? String(contentsOf: log, encoding: .utf8)) ?? "")
                }
            }
        }

        private func createSession(_ sessionID: String, sandbox id: String) -> LocalResponse {
            let key = id + "/" + sessionID
            guard state.withLock({ $0.sessions[key] }) == nil else { return .apiError(409, message: "session already exists") }
            guard let home = hostPath(Self.home, sandbox: id) else { return Self.escapes }
            let directory = rootDirectory.appendingPathComponent(".sessions").appendingPathComponent(Self.safeName(id))
                .appendingPathComponent(Self.safeName(sessionID) + "-" + UUID().uuidString)
            let shell = sandboxProcess(["/bin/sh"], sandbox: id, in: home, binds: [directory])
            let input = Pipe()
            shell.standardInput = input
            shell.standardOutput = FileHandle.nullDevice
            shell.standardError = FileHandle.nullDevice
            do {
                try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
                try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
                try shell.run()
            } catch {
                return .apiError(500, message: "Could not start a shell: \(error.localizedDescription)")
            }
            let session = SessionRecord(id: sessionID, shell: shell, input: input.fileHandleForWriting, directory: directory)
            state.withLock { $0.sessions[key] = session }
            return .empty(status: 201)
        }

        /// Runs `body` with the session named by the path's segment `index`, or answers 404.
        func withSession(_ request: LocalRequest, at index: Int = 5, _ body: (SessionRecord) -> LocalResponse) -> LocalResponse {
            withSandbox(request) { record in
                let key = record.id + "/" + request.segment(index)
                guard let session = state.withLock({ $0.sessions[key] }) else { return .apiError(404, message: "session not found") }
                return body(session)
            }
        }

        private static func session(_ session: SessionRecord) -> V014.Session {
            V014.Session(sessionId: session.id, commands: session.commands.current.map { command($0.id, $0.command, in: session) })
        }

        static func command(_ id: String, _ command: String, in session: SessionRecord) -> V014.Command {
            var exitCode = exitCode(atPath: session.directory.appendingPathComponent(id + ".exit").path)
            if exitCode == nil, !session.shell.isRunning {
                exitCode = -1  // The shell ended (a command ran `exit`).
            }
            return V014.Command(id: id, command: command, exitCode: exitCode)
        }

        /// Ends a session's shell, and what it started, and closes its commands' input.
        static func end(_ session: SessionRecord) {
            for command in session.commands.current { try? command.input?.close() }
            if session.shell.isRunning { killGroup(session.shell) }
        }

        /// Kills a launched process and its process group (Foundation starts each process in
        /// a group of its own, so this reaches what a shell started too).
        static func killGroup(_ process: Process) {
            // Only a launched process has an identifier; `kill(0, …)` would signal our own group.
            guard process.processIdentifier > 0 else { return }
            kill(-process.processIdentifier, SIGKILL)
            kill(process.processIdentifier, SIGKILL)
        }

        /// The longest timeout a command may ask for, in seconds (about a year).
        static let longestTimeout = 366 * 24 * 3600

        /// `ExecuteRequest`.
        private struct ExecuteRequest: Decodable {
            @Lenient var command: String? = nil
            @Lenient var cwd: String? = nil
            @Lenient var timeout: Int? = nil
        }

        /// `CreateSessionRequest`.
        private struct CreateSession: Decodable {
            @Lenient var sessionId: String? = nil
        }

        /// `SessionExecuteRequest` (`async`, or `runAsync` as older clients send it).
        private struct SessionExecute: Decodable {
            @Lenient var command: String? = nil
            @Lenient var async: Bool? = nil
            @Lenient var runAsync: Bool? = nil
        }

        /// The growing log file as a stream of new bytes, ending once the command has exited (or
        /// its shell has ended) and the log is read to its end.
        static func follow(_ log: URL, until exitPath: String, shell: Process) -> AsyncThrowingStream<Data, any Error> {
            AsyncThrowingStream { continuation in
                let reader = Task {
                    var offset: UInt64 = 0
                    while !Task.isCancelled {
                        let done = FileManager.default.fileExists(atPath: exitPath) || !shell.isRunning
                        if let handle = try? FileHandle(forReadingFrom: log) {
                            try? handle.seek(toOffset: offset)
                            if let data = try? handle.readToEnd(), !data.isEmpty {
                                offset += UInt64(data.count)
                                continuation.yield(data)
                            }
                            try? handle.close()
                        }
                        if done { break }
                        try? await Task.sleep(for: .milliseconds(10))
                    }
                    continuation.finish()
                }
                continuation.onTermination = { _ in reader.cancel() }
            }
        }

        static func exitCode(atPath path: String) -> Int? {
            (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        }
    }

#endif
