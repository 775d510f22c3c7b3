import Daytona
import DaytonaLocal
import Foundation
import Testing

@Suite struct LocalBackendTests {
    @Test(arguments: DaytonaConfiguration.APIVersion.bothAPIs)
    func lifecycleRunsAsAStateMachine(api: DaytonaConfiguration.APIVersion) async throws {
        let local = try LocalDaytona()
        let daytona = local.makeClient(api: api)
        let sandbox = try await daytona.create(CreateSandboxParams(language: .python, labels: ["team": "a"]))
        #expect(try await sandbox.info().state == .started)
        #expect(try await sandbox.rootDirectory() == "/home/daytona")
        try await sandbox.stop()
        #expect(try await sandbox.info().state == .stopped)
        try await sandbox.archive()
        #expect([SandboxState.archiving, .archived].contains(try await sandbox.info().state))
        try await sandbox.start()
        let labels = try await sandbox.setLabels(["x": "1"])
        #expect(labels == ["x": "1"])
        try await sandbox.setAutoStopInterval(.zero)
        #expect(try await sandbox.info().autoStopInterval == .zero)
        #expect(try await daytona.list().map(\.id) == [sandbox.id])
        try await daytona.remove(sandbox)
        let error = await #expect(throws: DaytonaError.self) { _ = try await daytona.sandbox(id: sandbox.id) }
        #expect(error?.category == .notFound)
    }
}

extension LocalBackendTests {
    @Test(arguments: DaytonaConfiguration.APIVersion.bothAPIs)
    func filesProcessesSessionsAndGit(api: DaytonaConfiguration.APIVersion) async throws {
        let local = try LocalDaytona()
        let sandbox = try await local.makeClient(api: api).create()
        let fs = sandbox.fs
        try await fs.createFolder(at: "/home/daytona/my dir", mode: "755")
        try await fs.uploadFile(Data("hello\nTODO: fix ü\n".utf8), to: "/home/daytona/my dir/a+b.txt")
        #expect(try await fs.downloadFile(at: "/home/daytona/my dir/a+b.txt") == Data("hello\nTODO: fix ü\n".utf8))
        #expect(try await fs.listFiles(in: "/home/daytona/my dir").map(\.name) == ["a+b.txt"])
        #expect(try await fs.fileInfo(at: "/home/daytona/my dir").isDir)
        #expect(
            try await fs.findFiles(in: "/home/daytona", pattern: "TODO") == [
                Match(file: "/home/daytona/my dir/a+b.txt", line: 2, content: "TODO: fix ü")
            ])
        #expect(try await fs.searchFiles(in: "/home/daytona", pattern: "*.txt") == ["/home/daytona/my dir/a+b.txt"])
        let replaced = try await fs.replaceInFiles(["/home/daytona/my dir/a+b.txt"], pattern: "hello", newValue: "bye")
        #expect(replaced == [ReplaceResult(file: "/home/daytona/my dir/a+b.txt", success: true)])
        try await fs.moveFile(from: "/home/daytona/my dir/a+b.txt", to: "/home/daytona/moved.txt")
        try await fs.setFilePermissions(at: "/home/daytona/moved.txt", mode: "600")
        #expect(try await fs.fileInfo(at: "/home/daytona/moved.txt").permissions == "0600")

        let exec = try await sandbox.process.exec("cat moved.txt", cwd: "/home/daytona")
        #expect(exec == ExecuteResponse(exitCode: 0, result: "bye\nTODO: fix ü\n"))
        let failing = try await sandbox.process.exec("sh -c 'echo oops >&2; exit 3'")
        #expect(failing == ExecuteResponse(exitCode: 3, result: "oops\n"))
        let code = try await sandbox.process.codeRun(
            "import sys, os; print(sys.argv[1:], os.environ['V'])", params: CodeRunParams(argv: ["a b", "it's"], env: ["V": "$HOME \"x\""]))
        #expect(code.result == "['a b', \"it's\"] $HOME \"x\"\n")
        let timeout = await #expect(throws: DaytonaError.self) { _ = try await sandbox.process.exec("sleep 5", timeout: .seconds(1)) }
        #expect(timeout?.category == .timeout)

        let process = sandbox.process
        try await process.createSession("s1")
        _ = try await process.executeSessionCommand(
            SessionExecuteRequest(command: "export GREETING=hi && mkdir -p sub && cd sub"), sessionID: "s1")
        let echoed = try await process.executeSessionCommand(
            SessionExecuteRequest(command: "echo $GREETING from $(basename $(pwd))"), sessionID: "s1")
        #expect(echoed.output == "hi from sub\n")
        #expect(echoed.exitCode == 0)
        let started = try await process.executeSessionCommand(
            SessionExecuteRequest(command: "printf 'one\\ntwo ✓\\n'; (exit 4)", runAsync: true), sessionID: "s1")
        let output = process.followSessionCommand(sessionID: "s1", commandID: try #require(started.commandID))
        var text = ""
        for try await chunk in output { text += chunk }
        #expect(text == "one\ntwo ✓\n")
        #expect(output.exitCode == 4)
        let slow = try await process.executeSessionCommand(
            SessionExecuteRequest(command: "printf 'first '; sleep 0.3; printf 'second'", runAsync: true), sessionID: "s1")
        let live = process.followSessionCommand(sessionID: "s1", commandID: try #require(slow.commandID))
        var pieces: [String] = []
        for try await chunk in live { pieces.append(chunk) }
        if api == .v0_14 {
            #expect(pieces.joined() == "first second")
            #expect(pieces.count >= 2, "delivered while the command ran: \(pieces)")
        } else {
            // Today's daemon writes its log a line at a time, and ends every line with a newline.
            #expect(pieces.joined() == "first second\n")
        }
        #expect(live.exitCode == 0)
        #expect(try await process.session("s1").commands.count == 4)
        #expect(try await process.listSessions().map(\.sessionID) == ["s1"])
        let duplicate = await #expect(throws: DaytonaError.self) { try await process.createSession("s1") }
        #expect(duplicate?.category == .conflict)
        try await process.deleteSession("s1")

        let git = sandbox.git
        // Commands run on the host: sandbox paths mean nothing to them, relative ones do.
        #expect(try await process.exec("git init -q -b main repo").exitCode == 0)
        try await fs.uploadFile(Data("print(1)\n".utf8), to: "/home/daytona/repo/main.py")
        #expect(
            try await git.status(in: "/home/daytona/repo").fileStatus == [
                FileStatus(name: "main.py", staging: .untracked, worktree: .untracked)
            ])
        try await git.add(["."], in: "/home/daytona/repo")
        let hash = try await git.commit(in: "/home/daytona/repo", message: "first", author: "Ann", email: "ann@example.com")
        #expect(hash.count == 40)
        try await git.createBranch("feature", in: "/home/daytona/repo")
        #expect(try await git.branches(in: "/home/daytona/repo").sorted() == ["feature", "main"])
        #expect(try await git.status(in: "/home/daytona/repo").currentBranch == "feature")
        let history = try await git.history(in: "/home/daytona/repo")
        #expect(history.map(\.hash) == [hash])
        #expect(history.first?.author == "Ann")
        try await git.clone(url: local.directory(ofWorkspace: sandbox.id).path + "/home/daytona/repo", to: "/home/daytona/copy")
        #expect(try await fs.downloadFile(at: "/home/daytona/copy/main.py") == Data("print(1)\n".utf8))

        let lsp = await #expect(throws: DaytonaError.self) {
            try await sandbox.makeLSPServer(language: "cobol", projectPath: "/home/daytona/repo").start()
        }
        #expect(lsp?.statusCode == 501)
    }

    @Test(
        arguments: ["../../../../outside.txt", "/home/daytona/../../../etc/passwd", "/../x", "link/secret.txt", "link"],
        DaytonaConfiguration.APIVersion.bothAPIs)
    func pathsThatEscapeAreRefused(_ path: String, api: DaytonaConfiguration.APIVersion) async throws {
        let local = try LocalDaytona()
        let sandbox = try await local.makeClient(api: api).create()
        let outside = local.rootDirectory.appendingPathComponent("outside-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: outside.appendingPathComponent("secret.txt"))
        try FileManager.default.createSymbolicLink(
            at: local.directory(ofWorkspace: sandbox.id).appendingPathComponent("home/daytona/link"), withDestinationURL: outside)
        let fs = sandbox.fs
        let calls: [@Sendable () async throws -> Void] = [
            { _ = try await fs.downloadFile(at: path) },
            { try await fs.uploadFile(Data("x".utf8), to: path + "/new.txt") },
            { try await fs.deleteFile(at: path) },
            { try await fs.createFolder(at: path + "/d") },
            { try await fs.moveFile(from: "/home/daytona", to: path + "/moved") },
        ]
        for call in calls {
            let error = await #expect(throws: DaytonaError.self) { try await call() }
            // Today's bulk upload reports every failed file in a 400, as the daemon does.
            #expect(error?.category == .forbidden || (api == .current && error?.category == .badRequest), "\(path)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path) == ["secret.txt"])
        #expect(try String(contentsOf: outside.appendingPathComponent("secret.txt"), encoding: .utf8) == "secret")
    }
}

extension LocalBackendTests {
    /// A real language server over stdio: `sourcekit-lsp`, which ships with the Swift toolchain.
    @Test(.timeLimit(.minutes(2)))
    func languageServerThroughSourceKitLSP() async throws {
        let local = try LocalDaytona()
        let sandbox = try await local.makeClient(api: .v0_14).create()
        try await sandbox.fs.createFolder(at: "/home/daytona/app")
        let source =
            "struct Point {\n    var x = 0\n}\n\nfunc greet() -> String {\n    let point = Point()\n    return \"\\(point.x)\"\n}\n"
        try await sandbox.fs.uploadFile(Data(source.utf8), to: "/home/daytona/app/main.swift")
        let lsp = sandbox.makeLSPServer(language: LSPLanguageID(rawValue: "swift"), projectPath: "/home/daytona/app")
        try await lsp.start()
        try await lsp.didOpen("/home/daytona/app/main.swift")
        let symbols = try await lsp.documentSymbols("/home/daytona/app/main.swift")
        #expect(symbols.map(\.name).contains("Point"))
        #expect(symbols.map(\.name).contains("greet()"))
        #expect(symbols.allSatisfy { $0.location.uri == "file:///home/daytona/app/main.swift" })
        let point = try #require(symbols.first { $0.name == "Point" })
        #expect(point.kind == 23)  // Struct
        #expect(point.location.range.start.line == 0)
        let completions = try await lsp.completions("/home/daytona/app/main.swift", at: Position(line: 6, character: 21))
        #expect(completions.items.contains { $0.label.hasPrefix("x") }, "\(completions.items.prefix(5).map(\.label))")
        try await lsp.didClose("/home/daytona/app/main.swift")
        try await lsp.stop()

        let python = await #expect(throws: DaytonaError.self) {
            try await sandbox.makeLSPServer(language: LSPLanguageID(rawValue: "cobol"), projectPath: "/home/daytona/app").start()
        }
        #expect(python?.statusCode == 501)
    }
}

extension LocalBackendTests {
    /// A client made from a backend that is then dropped: the client's transport keeps it alive.
    static func makeDetachedClient() throws -> (client: DaytonaClient, root: URL) {
        let local = try LocalDaytona()
        return (local.makeClient(api: .v0_14), local.rootDirectory)
    }

    @Test func clientKeepsItsBackendAlive() async throws {
        let (daytona, root) = try Self.makeDetachedClient()
        let sandbox = try await daytona.create()
        let response = try await sandbox.process.exec("echo alive")
        #expect(response == ExecuteResponse(exitCode: 0, result: "alive\n"))
        #expect(FileManager.default.fileExists(atPath: root.path))
        try await daytona.remove(sandbox)
    }

    @Test(arguments: DaytonaConfiguration.APIVersion.bothAPIs)
    func cancellingACallEndsItAndItsProcess(api: DaytonaConfiguration.APIVersion) async throws {
        let daytona = try LocalDaytona().makeClient(api: api)
        let sandbox = try await daytona.create()
        let started = ContinuousClock.now
        let call = Task { try await sandbox.process.exec("sleep 20") }
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        #expect(ContinuousClock.now - started < .seconds(15), "the call ended without waiting for the process")
        try await daytona.remove(sandbox)
    }

    @Test(arguments: DaytonaConfiguration.APIVersion.bothAPIs)
    func readsFileUploadsAndStreamsDownloads(api: DaytonaConfiguration.APIVersion) async throws {
        let daytona = try LocalDaytona().makeClient(api: api)
        let sandbox = try await daytona.create()
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("local-upload-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: source) }
        let bytes = Data((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try bytes.write(to: source)
        let reports = Locked<[TransferProgress]>([])
        try await sandbox.fs.uploadFile(from: source, to: "/home/daytona/big.bin") { progress in reports.withLock { $0.append(progress) }
        }
        #expect(try await sandbox.fs.downloadFile(at: "/home/daytona/big.bin") == bytes)
        #expect(reports.current.count > 2, "progress reported while the body was read")
        #expect(reports.current.last?.bytesTransferred == Int64(bytes.count))

        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("local-download-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: destination) }
        try await sandbox.fs.downloadFile(at: "/home/daytona/big.bin", to: destination)
        #expect(try Data(contentsOf: destination) == bytes)

        let missing = await #expect(throws: DaytonaError.self) { _ = try await sandbox.fs.downloadFile(at: "/home/daytona/none") }
        #expect(missing?.category == .notFound)
        try await daytona.remove(sandbox)
    }
}
