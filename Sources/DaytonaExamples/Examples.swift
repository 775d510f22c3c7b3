import Daytona
import Foundation

/// The flows of the examples (`Sources/Examples/*`), ports of the reference SDK's examples.
///
/// Each takes a client and a `log` function, so the executables print and the tests assert on
/// the same lines.
public enum Examples {
    /// The quick start: create a sandbox, run code in it, remove it.
    public static func quickStart(_ daytona: DaytonaClient, log: (String) -> Void) async throws {
        try await daytona.withSandbox(CreateSandboxParams(language: .python)) { sandbox in
            log("Created sandbox \(sandbox.id)")
            let response = try await sandbox.process.codeRun(
                #"import sys; print(f"Hello from Python, args: {sys.argv[1:]}")"#,
                params: CodeRunParams(argv: ["it's", "quoted"])
            )
            log("exit code \(response.exitCode): \(response.result.trimmingCharacters(in: .newlines))")
        }
        log("Removed the sandbox")
    }

    /// `exec-command/exec.py`: run code and a command.
    public static func exec(_ daytona: DaytonaClient, log: (String) -> Void) async throws {
        let sandbox = try await daytona.create(CreateSandboxParams(language: .python))
        let code = try await sandbox.process.codeRun(#"print("Hello World!")"#)
        log(code.exitCode == 0 ? code.result.trimmingCharacters(in: .newlines) : "Error: \(code.exitCode) \(code.result)")
        let command = try await sandbox.process.exec(#"echo "Hello World from exec!""#, cwd: "/home/daytona", timeout: .seconds(10))
        log(command.exitCode == 0 ? command.result.trimmingCharacters(in: .newlines) : "Error: \(command.exitCode) \(command.result)")
        try await daytona.remove(sandbox)
    }

    /// `exec-command/exec-session.py`: a session keeps its environment between commands.
    public static func execSession(_ daytona: DaytonaClient, log: (String) -> Void) async throws {
        let sandbox = try await daytona.create()
        let process = sandbox.process
        let sessionID = "exec-session-1"
        try await process.createSession(sessionID)
        log("Session \(try await process.session(sessionID).sessionID) has \(try await process.session(sessionID).commands.count) commands")

        let first = try await process.executeSessionCommand(SessionExecuteRequest(command: "export FOO=BAR"), sessionID: sessionID)
        if first.exitCode != 0 { log("Error: \(first.exitCode ?? -1) \(first.output ?? "")") }
        log("Session has \(try await process.session(sessionID).commands.count) commands")
        let command = try await process.sessionCommand(sessionID: sessionID, commandID: first.commandID ?? "")
        log("Command \(command.command) exited with \(command.exitCode ?? -1)")

        let second = try await process.executeSessionCommand(SessionExecuteRequest(command: "echo $FOO"), sessionID: sessionID)
        log("Output: \(second.output?.trimmingCharacters(in: .newlines) ?? "")")
        let logs = try await process.sessionCommandLogs(sessionID: sessionID, commandID: second.commandID ?? "")
        log("Logs: \(logs.trimmingCharacters(in: .newlines))")
        log("Sessions: \(try await process.listSessions().map(\.sessionID))")
        try await process.deleteSession(sessionID)
        try await daytona.remove(sandbox)
    }

    /// `file-operations/main.py`: folders, uploads, search, replace, permissions, move, delete.
    public static func fileOperations(_ daytona: DaytonaClient, log: (String) -> Void) async throws {
        let sandbox = try await daytona.create(CreateSandboxParams(language: .python))
        let fs = sandbox.fs
        let root = try await sandbox.rootDirectory()
        log("Files: \(try await fs.listFiles(in: root).map(\.name))")
        let directory = root + "/new-dir"
        try await fs.createFolder(at: directory, mode: "755")
        let file = directory + "/data.txt"
        try await fs.uploadFile(Data("Hello, World!".utf8), to: file)
        log("Matches: \(try await fs.findFiles(in: root, pattern: "World!").map { "\($0.file):\($0.line)" })")
        _ = try await fs.replaceInFiles([file], pattern: "Hello, World!", newValue: "Goodbye, World!")
        log("File content: \(String(decoding: try await fs.downloadFile(at: file), as: UTF8.self))")
        try await fs.setFilePermissions(at: file, mode: "777")
        log("File permissions: \(try await fs.fileInfo(at: file).permissions)")
        let moved = root + "/moved-data.txt"
        try await fs.moveFile(from: file, to: moved)
        log("Search results: \(try await fs.searchFiles(in: root, pattern: "moved-data.txt"))")
        try await fs.deleteFile(at: moved)
        log("Files after delete: \(try await fs.listFiles(in: root).map(\.name))")
        try await daytona.remove(sandbox)
    }

    /// `git-lsp/main.py`: clone, find, fix, and ask a language server about the file.
    ///
    /// - Parameter repository: The repository to clone; the reference clones
    ///   `https://github.com/panaverse/learn-typescript` (branch `master`).
    public static func gitLSP(
        _ daytona: DaytonaClient, repository: String = "https://github.com/panaverse/learn-typescript", branch: String? = "master",
        log: (String) -> Void
    ) async throws {
        try await daytona.withSandbox { sandbox in
            let root = try await sandbox.rootDirectory()
            let project = root + "/learn-typescript"
            try await sandbox.git.clone(url: repository, to: project, branch: branch)
            try await sandbox.git.pull(in: project)
            let matches = try await sandbox.fs.findFiles(in: project, pattern: "var obj1 = new Base();")
            log("Matches: \(matches.map { "\($0.file):\($0.line)" })")
            guard let file = matches.first?.file else { return }
            _ = try await sandbox.fs.replaceInFiles([file], pattern: "var obj1 = new Base();", newValue: "var obj1 = new E();")
            log("Fixed: \(String(decoding: try await sandbox.fs.downloadFile(at: file), as: UTF8.self).contains("new E()"))")
            let lsp = sandbox.makeLSPServer(language: .typescript, projectPath: project)
            do {
                try await lsp.start()
                try await lsp.didOpen(file)
                log("Symbols: \(try await lsp.documentSymbols(file).map(\.name))")
                try await lsp.didClose(file)
                try await lsp.didOpen(file)
                log("Completions: \(try await lsp.completions(file, at: Position(line: 12, character: 18)).items.prefix(5).map(\.label))")
                try await lsp.stop()
            } catch let error as DaytonaError {
                log("Language server: \(error.message)")
            }
        }
    }

    /// `lifecycle/lifecycle.py`: labels, stop, start, get, exec, list, remove.
    public static func lifecycle(_ daytona: DaytonaClient, log: (String) -> Void) async throws {
        let sandbox = try await daytona.create()
        log("Sandbox created")
        _ = try await sandbox.setLabels(["public": "true"])
        try await daytona.stop(sandbox)
        log("Sandbox stopped: \(try await sandbox.info().state)")
        try await daytona.start(sandbox)
        log("Sandbox started: \(try await sandbox.info().state)")
        let existing = try await daytona.sandbox(id: sandbox.id)
        log("Got sandbox \(existing.id == sandbox.id ? "back" : "?")")
        let response = try await existing.process.exec(#"echo "Hello World from exec!""#, cwd: "/home/daytona", timeout: .seconds(10))
        log(response.exitCode == 0 ? response.result.trimmingCharacters(in: .newlines) : "Error: \(response.exitCode) \(response.result)")
        let sandboxes = try await daytona.list()
        log("Total sandboxes count: \(sandboxes.count)")
        if let first = sandboxes.first {
            let info = try await first.info()
            log("First sandbox: state \(info.state), labels \(info.labels.keys.sorted())")
        }
        try await daytona.remove(sandbox)
        log("Sandbox removed")
    }
}

#if os(macOS) || os(Linux)
    extension Examples {
        /// A small git repository on this machine with the TypeScript file the git-LSP example
        /// fixes, for runs without network (the local backend clones it by path).
        public static func makeSampleRepository() throws -> URL {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("daytona-sample-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("src"), withIntermediateDirectories: true)
            let source = """
                class Base {
                    greet(): string { return "base"; }
                }
                class E extends Base {
                    greet(): string { return "e"; }
                }
                var obj1 = new Base();
                console.log(obj1.greet());
                """
            try Data(source.utf8).write(to: directory.appendingPathComponent("src/classes.ts"))
            for arguments in [
                ["init", "-q", "-b", "master"], ["add", "."],
                ["-c", "user.name=Daytona", "-c", "user.email=examples@daytona.invalid", "commit", "-q", "-m", "Sample"],
            ] {
                let git = Process()
                git.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                git.arguments = ["git"] + arguments
                git.currentDirectoryURL = directory
                git.standardOutput = FileHandle.nullDevice
                git.standardError = FileHandle.nullDevice
                try git.run()
                git.waitUntilExit()
                guard git.terminationStatus == 0 else { throw CocoaError(.executableLoad) }
            }
            return directory
        }
    }
#endif
