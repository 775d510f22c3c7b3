#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import Foundation

    #if canImport(Glibc)
        import Glibc
    #elseif canImport(Darwin)
        import Darwin
    #endif

    /// Today's session commands (WIRE-current §3.4), answered as the daemon answers a client that
    /// claims SDK 0.167.0 or newer: the log marks every stdout line with `01 01 01` and every
    /// stderr line with `02 02 02`; a synchronous `exec` answers `output` (with the markers),
    /// `stdout` and `stderr`; `logs` answers JSON. An asynchronous command reads its stdin from a
    /// pipe that `…/input` writes to.
    extension LocalDaytona {
        func registerCurrentSessionRoutes() {
            let command = "/process/session/{sid}/command/{cid}"
            onToolbox(.post, "/process/session/{sid}/exec") { [unowned self] request in
                withSession(request, at: 4) { session in execute(request, in: session) }
            }
            onToolbox(.get, command + "/logs") { [unowned self] request in
                withSession(request, at: 4) { session in
                    guard let command = session.command(request.segment(6)) else { return .apiError(404, message: "command not found") }
                    let log = session.directory.appendingPathComponent(command.id + ".log")
                    if request.query["follow"] == "true" {
                        let exit = session.directory.appendingPathComponent(command.id + ".exit").path
                        return .streaming(
                            headers: ["Content-Type": "application/octet-stream"], Self.follow(log, until: exit, shell: session.shell))
                    }
                    let data = (try? Data(contentsOf: log)) ?? Data()
                    let streams = command.marked ? Self.demultiplex(data) : (output: data, stdout: data, stderr: Data(), combined: data)
                    return .json(
                        Current.SessionCommandLogs(
                            output: String(decoding: streams.output, as: UTF8.self),
                            stdout: String(decoding: streams.stdout, as: UTF8.self),
                            stderr: String(decoding: streams.stderr, as: UTF8.self)))
                }
            }
            onToolbox(.post, command + "/input") { [unowned self] request in
                withSession(request, at: 4) { session in
                    guard let data = request.decodeBody(InputBody.self)?.data else { return .apiError(400, message: "data is required") }
                    guard let command = session.command(request.segment(6)) else { return .apiError(404, message: "command not found") }
                    let exit = session.directory.appendingPathComponent(command.id + ".exit").path
                    guard !FileManager.default.fileExists(atPath: exit), session.shell.isRunning else {
                        try? command.input?.close()
                        return Self.toolboxError(410, "COMMAND_ALREADY_COMPLETED", "command has already completed", request)
                    }
                    guard let input = command.input else {
                        return .apiError(400, message: "the command reads no input: only commands run with runAsync do")
                    }
                    do {
                        try input.write(contentsOf: Data(data.utf8))
                    } catch {
                        return Self.toolboxError(410, "COMMAND_ALREADY_COMPLETED", "command has already completed", request)
                    }
                    return .empty(status: 204)
                }
            }
        }

        /// `POST …/exec`: hands the command to the session's shell, which runs it with its
        /// stdout and stderr through `awk` filters that mark each line, then writes its exit code.
        private func execute(_ request: LocalRequest, in session: SessionRecord) -> LocalResponse {
            guard let body = request.decodeBody(ExecuteBody.self), let text = body.command,
                !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
            else { return .apiError(400, message: "command is required") }
            let runAsync = body.runAsync ?? body.async ?? false
            let id = UUID().uuidString.lowercased()
            func file(_ suffix: String) -> String { session.directory.appendingPathComponent(id + suffix).path }
            let (log, exit, out, err, inPipe) = (file(".log"), file(".exit"), file(".out"), file(".err"), file(".in"))
            guard FileManager.default.createFile(atPath: log, contents: nil), mkfifo(out, 0o600) == 0, mkfifo(err, 0o600) == 0 else {
                return .apiError(500, message: "Could not prepare the command's output")
            }
            var input: FileHandle?
            if runAsync {
                // Held open for reading and writing, so that opening it never blocks and the
                // command sees its input, and end of file only when the session ends.
                guard mkfifo(inPipe, 0o600) == 0 else { return .apiError(500, message: "Could not prepare the command's input") }
                let descriptor = open(inPipe, O_RDWR | O_CLOEXEC)
                guard descriptor >= 0 else { return .apiError(500, message: "Could not prepare the command's input") }
                input = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            }
            let q = Self.shellQuote
            // Each filter notes when it has written its last line; the shell waits for both notes
            // with a polling loop, not `wait`: a shell that inherited a blocked SIGCHLD never
            // returns from `wait` for a background job.
            func filter(_ marker: String, _ source: String) -> String {
                #"awk -v done=\#(q(source + ".done")) '{ printf "\#(marker)%s\n", $0; fflush() } END { printf "" > done }'"#
                    + " < \(q(source)) >> \(q(log)) &"
            }
            let script = """
                \(filter(#"\001\001\001"#, out))
                \(filter(#"\002\002\002"#, err))
                {
                \(text)
                } > \(q(out)) 2> \(q(err)) < \(q(runAsync ? inPipe : "/dev/null")); echo $? > \(q(exit + ".tmp")); \
                while [ ! -e \(q(out + ".done")) ] || [ ! -e \(q(err + ".done")) ]; do sleep 0.01; done; \
                mv \(q(exit + ".tmp")) \(q(exit)); rm -f \(q(out)) \(q(err)) \(q(out + ".done")) \(q(err + ".done"))

                """
            session.commands.withLock { $0.append(SessionCommandRecord(id: id, command: text, marked: true, input: input)) }
            do {
                try session.input.write(contentsOf: Data(script.utf8))
            } catch {
                return Self.toolboxError(410, "SESSION_ENDED", "the session's shell has ended", request)
            }
            if runAsync { return .json(V014.SessionExecuteResponse(cmdId: id, output: nil, exitCode: nil), status: 202) }
            return .later {
                while !FileManager.default.fileExists(atPath: exit) {
                    // A command that ran `exit` ended the session's shell: no exit file comes.
                    guard session.shell.isRunning else {
                        return Self.toolboxError(410, "SESSION_ENDED", "the session's shell has exited", request)
                    }
                    try? await Task.sleep(for: .milliseconds(5))
                    if Task.isCancelled { return .empty() }
                }
                let streams = Self.demultiplex((try? Data(contentsOf: URL(fileURLWithPath: log))) ?? Data())
                return .json(
                    Current.SessionExecuteResponse(
                        cmdId: id, output: String(decoding: streams.output, as: UTF8.self),
                        stdout: String(decoding: streams.stdout, as: UTF8.self), stderr: String(decoding: streams.stderr, as: UTF8.self),
                        exitCode: Self.exitCode(atPath: exit) ?? -1))
            }
        }

        /// `text` as one single-quoted shell word.
        static func shellQuote(_ text: String) -> String {
            "'" + text.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
        }

        /// A marked log split by stream: bytes after `01 01 01` are stdout's, after `02 02 02`
        /// stderr's, until the next marker. `combined` is the log without its markers.
        static func demultiplex(_ log: Data) -> (output: Data, stdout: Data, stderr: Data, combined: Data) {
            var stdout = Data()
            var stderr = Data()
            var combined = Data()
            var toStderr = false
            let bytes = [UInt8](log)
            var index = 0
            while index < bytes.count {
                if index + 2 < bytes.count, bytes[index] == bytes[index + 1], bytes[index] == bytes[index + 2],
                    bytes[index] == 1 || bytes[index] == 2
                {
                    toStderr = bytes[index] == 2
                    index += 3
                    continue
                }
                if toStderr { stderr.append(bytes[index]) } else { stdout.append(bytes[index]) }
                combined.append(bytes[index])
                index += 1
            }
            return (log, stdout, stderr, combined)
        }

        // MARK: Wire

        /// `SessionExecuteRequest` (`runAsync`, or the deprecated `async`).
        private struct ExecuteBody: Decodable {
            @Lenient var command: String? = nil
            @Lenient var runAsync: Bool? = nil
            @Lenient var async: Bool? = nil
        }

        /// `SessionSendInputRequest`.
        private struct InputBody: Decodable {
            @Lenient var data: String? = nil
        }
    }

#endif
