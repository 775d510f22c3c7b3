import Daytona
import DaytonaLocal
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The local backend's sandboxes as commands see them: with bubblewrap, `/home/daytona` is the
/// sandbox's home and nothing outside it is writable; without, host processes, said so.
@Suite(.timeLimit(.minutes(2))) struct LocalIsolationTests {
    /// Whether this machine isolates (bubblewrap installed and working; CI installs it).
    static let isolated = (try? LocalDaytona())?.isIsolated ?? false

    @Test(.enabled(if: isolated), arguments: DaytonaConfiguration.APIVersion.bothAPIs)
    func uploadedScriptRunsAtItsSandboxPath(api: DaytonaConfiguration.APIVersion) async throws {
        let local = try LocalDaytona()
        #expect(local.isIsolated)
        #expect(local.isolation.description.contains("/home/daytona"))
        let daytona = local.makeClient(api: api)
        let sandbox = try await daytona.create()
        try await sandbox.fs.uploadFile(Data("import os\nprint('hello from', os.getcwd())\n".utf8), to: "/home/daytona/hello.py")
        let run = try await sandbox.process.exec("python3 /home/daytona/hello.py")
        #expect(run.exitCode == 0)
        #expect(run.result == "hello from /home/daytona\n")
        let home = try await sandbox.process.exec("sh -c 'echo $HOME; pwd'", cwd: "/home/daytona")
        #expect(home.result == "/home/daytona\n/home/daytona\n")
        try await sandbox.process.createSession("s")
        let session = try await sandbox.process.executeSessionCommand(
            SessionExecuteRequest(command: "cd /home/daytona && python3 hello.py > out.txt"), sessionID: "s")
        #expect(session.exitCode == 0)
        #expect(
            String(decoding: try await sandbox.fs.downloadFile(at: "/home/daytona/out.txt"), as: UTF8.self) == "hello from /home/daytona\n")
        try await daytona.remove(sandbox)
    }

    @Test(.enabled(if: isolated), arguments: DaytonaConfiguration.APIVersion.bothAPIs)
    func commandsCannotWriteOutsideTheirHome(api: DaytonaConfiguration.APIVersion) async throws {
        let local = try LocalDaytona()
        let daytona = local.makeClient(api: api)
        let sandbox = try await daytona.create()
        let name = "daytona-escape-\(UUID().uuidString)"
        let hostTemp = FileManager.default.temporaryDirectory.appendingPathComponent(name)
        let outsideHome = local.rootDirectory.appendingPathComponent(name)
        for target in ["/etc/\(name)", "/usr/\(name)", hostTemp.path, outsideHome.path] {
            let attempt = try await sandbox.process.exec("sh -c 'echo x > \(target)'")
            // Either refused (read-only) or written to the sandbox's own /tmp, never the host's.
            #expect(!FileManager.default.fileExists(atPath: target), "\(target)")
            if target.hasPrefix("/etc") || target.hasPrefix("/usr") { #expect(attempt.exitCode != 0, "\(target)") }
        }
        let home = try await sandbox.process.exec("sh -c 'echo x > /home/daytona/inside.txt'")
        #expect(home.exitCode == 0)
        #expect(String(decoding: try await sandbox.fs.downloadFile(at: "/home/daytona/inside.txt"), as: UTF8.self) == "x\n")
        try await daytona.remove(sandbox)
    }

    @Test(.enabled(if: isolated), arguments: DaytonaConfiguration.APIVersion.bothAPIs)
    func processesOfARemovedSandboxAreGone(api: DaytonaConfiguration.APIVersion) async throws {
        let local = try LocalDaytona()
        let daytona = local.makeClient(api: api)
        let sandbox = try await daytona.create()
        let home = local.directory(ofWorkspace: sandbox.id).appendingPathComponent("home/daytona")
        // Each sleeping process holds a FIFO open for writing: its reader sees the end of file
        // exactly when every such process has exited.
        let fromSession = home.appendingPathComponent("session.fifo")
        let fromExec = home.appendingPathComponent("exec.fifo")
        #expect(mkfifo(fromSession.path, 0o600) == 0)
        #expect(mkfifo(fromExec.path, 0o600) == 0)
        let sessionReader = Self.reader(fromSession)
        let execReader = Self.reader(fromExec)
        try await sandbox.process.createSession("s")
        _ = try await sandbox.process.executeSessionCommand(
            SessionExecuteRequest(command: "sleep 1000 > /home/daytona/session.fifo 2>/dev/null < /dev/null &"), sessionID: "s")
        let running = Task { try? await sandbox.process.exec("sh -c 'sleep 1000 > /home/daytona/exec.fifo'") }
        var session = sessionReader.makeAsyncIterator()
        var exec = execReader.makeAsyncIterator()
        #expect(await session.next() == "opened")
        #expect(await exec.next() == "opened")
        try await daytona.remove(sandbox)
        #expect(await session.next() == "closed")
        #expect(await exec.next() == "closed")
        _ = await running.value
    }

    /// Opens `fifo` for reading on a thread of its own: `opened` once a writer has it open,
    /// `closed` at the end of file (every writer has closed it).
    static func reader(_ fifo: URL) -> AsyncStream<String> {
        AsyncStream { continuation in
            Thread.detachNewThread {
                let descriptor = open(fifo.path, O_RDONLY)
                guard descriptor >= 0 else {
                    continuation.yield("failed")
                    continuation.finish()
                    return
                }
                continuation.yield("opened")
                var buffer = [UInt8](repeating: 0, count: 64)
                while read(descriptor, &buffer, buffer.count) > 0 {}
                close(descriptor)
                continuation.yield("closed")
                continuation.finish()
            }
        }
    }

    @Test(arguments: DaytonaConfiguration.APIVersion.bothAPIs)
    func withoutIsolationCommandsRunOnTheHostAndSaySo(api: DaytonaConfiguration.APIVersion) async throws {
        let local = try LocalDaytona(isolation: .disabled)
        #expect(!local.isIsolated)
        #expect(local.isolation == .none(reason: "isolation disabled by the backend's creator"))
        #expect(local.isolation.description.hasPrefix("NOT isolated"))
        let daytona = local.makeClient(api: api)
        let sandbox = try await daytona.create()
        let home = local.directory(ofWorkspace: sandbox.id).appendingPathComponent("home/daytona").path
        let pwd = try await sandbox.process.exec("pwd")
        #expect(pwd.result.trimmingCharacters(in: .whitespacesAndNewlines) == home)
        try await daytona.remove(sandbox)
    }

    @Test func theTemporaryRootGoesWithTheBackend() async throws {
        var root = ""
        do {
            let local = try LocalDaytona()
            root = local.rootDirectory.path
            let daytona = local.makeClient()
            let sandbox = try await daytona.create()
            _ = try await sandbox.process.exec("echo hi")
            #expect(FileManager.default.fileExists(atPath: root))
        }
        #expect(!FileManager.default.fileExists(atPath: root))
    }
}
