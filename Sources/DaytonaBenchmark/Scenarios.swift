import Daytona
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

enum OverheadScenario {
    static func run(base: URL, quick: Bool) async throws {
        let client = makeClient(base)
        let sandbox = try await client.sandbox(id: "bench")
        let raw = RawClient()
        let getRequest = rawRequest(base.appendingPathComponent("workspace/bench"), method: "GET", body: nil, json: false)
        let execRequest = rawRequest(
            base.appendingPathComponent("toolbox/bench/toolbox/process/execute"), method: "POST",
            body: Data(#"{"command":"echo hi"}"#.utf8), json: true)
        let count = quick ? 2_000 : 10_000
        let calls: [(String, @Sendable () async throws -> Void, @Sendable () async throws -> Void)] = [
            ("sandbox(id:)", { _ = try await client.sandbox(id: "bench") }, { _ = try await raw.send(getRequest) }),
            ("process.exec", { _ = try await sandbox.process.exec("echo hi") }, { _ = try await raw.send(execRequest) }),
        ]
        for (name, sdk, rawCall) in calls {
            for concurrency in [1, 32] {
                let result = try await Measure.paired(
                    sdk, rawCall, concurrency: concurrency, total: count, block: concurrency == 1 ? 50 : 320)
                print(
                    "overhead \(name) x\(concurrency): SDK \(Measure.format(result.firstRate, 0)) req/s, raw URLSession \(Measure.format(result.secondRate, 0)) req/s, ratio \(Measure.format(result.ratio, 2)) (target >= 0.85; middle half of blocks \(Measure.format(result.ratioLow, 2))-\(Measure.format(result.ratioHigh, 2))); CPU per request \(Measure.format(result.firstCPU, 0)) µs vs \(Measure.format(result.secondCPU, 0)) µs"
                )
            }
        }
    }
}

/// Times each call inside the transport and in total, over loopback: the rest is the SDK's own
/// work in a real setting (cache and thread effects included), a steadier figure than the
/// throughput ratio.
enum SplitScenario {
    struct TimedTransport: HTTPTransport {
        let base = URLSessionTransport()
        let inside = Locked<Double>(0)

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let start = ContinuousClock.now
            let response = try await base.send(request)
            let elapsed = start.duration(to: .now).seconds
            inside.withLock { $0 += elapsed }
            return response
        }
    }

    static func run(base: URL, quick: Bool) async throws {
        let transport = TimedTransport()
        let client = DaytonaClient(
            configuration: DaytonaConfiguration(apiKey: "benchmark-key", apiURL: base, api: .v0_14, retryPolicy: .none),
            transport: transport)
        let sandbox = try await client.sandbox(id: "bench")
        let count = quick ? 1_000 : 5_000
        let calls: [(String, @Sendable () async throws -> Void)] = [
            ("sandbox(id:)", { _ = try await client.sandbox(id: "bench") }),
            ("process.exec", { _ = try await sandbox.process.exec("echo hi") }),
        ]
        for (name, call) in calls {
            // Off the main actor, as a server's request handler would be.
            let (total, inside) = try await Task.detached {
                for _ in 0..<300 { try await call() }
                transport.inside.withLock { $0 = 0 }
                let start = ContinuousClock.now
                for _ in 0..<count { try await call() }
                return (start.duration(to: .now).seconds, transport.inside.current)
            }.value
            let perCall = total / Double(count) * 1e6
            let outside = (total - inside) / Double(count) * 1e6
            print(
                "split \(name): \(Measure.format(perCall)) µs per call, of which \(Measure.format(outside)) µs outside the transport (\(Measure.format(outside / perCall * 100))%)"
            )
        }
    }
}

enum CPUScenario {
    static func run(quick: Bool) async throws {
        let configuration = DaytonaConfiguration(
            apiKey: "benchmark-key", apiURL: URL(fileURLWithPath: "/"), api: .v0_14, retryPolicy: .none)
        let count = quick ? 5_000 : 50_000
        let get = DaytonaClient(configuration: configuration, transport: CannedTransport(body: LoopbackServer.workspaceJSON))
        let exec = DaytonaClient(configuration: configuration, transport: CannedTransport(body: LoopbackServer.executeJSON))
        let sandbox = try await get.sandbox(id: "bench")
        let execWorkspace = try await exec.sandbox(id: "bench").process
        _ = sandbox
        let operations: [(String, @Sendable () async throws -> Void)] = [
            ("sandbox(id:) incl. full decode", { _ = try await get.sandbox(id: "bench") }),
            ("process.exec", { _ = try await execWorkspace.exec("echo hi") }),
        ]
        for (name, operation) in operations {
            for _ in 0..<1_000 { try await operation() }
            let cpuStart = Measure.cpuSeconds()
            let start = ContinuousClock.now
            for _ in 0..<count { try await operation() }
            let wall = start.duration(to: .now).seconds / Double(count) * 1e6
            let cpu = (Measure.cpuSeconds() - cpuStart) / Double(count) * 1e6
            print("cpu \(name): \(Measure.format(cpu)) µs CPU per call, \(Measure.format(wall)) µs wall (target < 25 µs CPU)")
        }
    }
}

enum ListScenario {
    static func run(quick: Bool) async throws {
        let body = LoopbackServer.list(count: 1_000)
        let client = DaytonaClient(
            configuration: DaytonaConfiguration(apiKey: "benchmark-key", apiURL: URL(fileURLWithPath: "/"), api: .v0_14),
            transport: CannedTransport(body: body))
        _ = try await client.list()
        let rounds = quick ? 5 : 20
        var times: [Double] = []
        for _ in 0..<rounds {
            let start = ContinuousClock.now
            let list = try await client.list()
            times.append(start.duration(to: .now).seconds * 1000)
            precondition(list.count == 1_000)
        }
        let median = times.sorted()[times.count / 2]
        print(
            "list: decoding 1,000 sandboxes (\(body.count / 1024) KiB) takes \(Measure.format(median, 2)) ms (median of \(rounds); target < 80 ms)"
        )
    }
}

enum FanOutScenario {
    static func run(base: URL, server: LoopbackServer?, quick: Bool) async throws {
        let count = quick ? 50 : 200
        let client = makeClient(base)
        server?.resetCounters()
        let start = ContinuousClock.now
        let failures = await withTaskGroup(of: Bool.self) { group in
            for index in 0..<count {
                group.addTask {
                    do {
                        try await client.withSandbox(CreateSandboxParams(id: "fan-\(index)"), timeout: .seconds(30)) { _ in }
                        return false
                    } catch {
                        return true
                    }
                }
            }
            var failed = 0
            for await failure in group where failure { failed += 1 }
            return failed
        }
        let wall = start.duration(to: .now).seconds
        let polls = server?.count("poll") ?? -1
        // The reference polls every 100 ms from the first answer: a 1 s start needs 11 polls.
        let reference = count * 11
        print(
            "fanout: \(count) sandboxes created, started (1 s start) and removed in \(Measure.format(wall, 2)) s (target < 3 s), \(failures) failed; \(polls) state polls vs ~\(reference) with the reference's fixed 100 ms polling"
        )
    }
}

enum TransferScenario {
    static func run(base: URL, quick: Bool) async throws {
        let size = quick ? 64 << 20 : 1 << 30
        for direction in ["download", "upload"] {
            let output = try runChild(["transfer-child", direction, String(size), "--server", base.absoluteString])
            print(output.trimmingCharacters(in: .whitespacesAndNewlines))
            if let curl = curlRate(direction: direction, base: base, size: size) {
                print("transfer \(direction) with curl: \(Measure.format(curl, 0)) MB/s")
            }
        }
    }

    /// Runs in its own process so that its peak RSS is the transfer's alone.
    static func child(arguments: [String], server: URL?) async throws {
        guard arguments.count >= 2, let size = Int(arguments[1]), let base = server else { return }
        let fs = try await makeClient(base).sandbox(id: "bench").fs
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("daytona-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("payload.bin")
        let start: ContinuousClock.Instant
        let baseline = Measure.peakRSSMiB()
        if arguments[0] == "upload" {
            try writeFile(file, size: size)
            start = .now
            try await fs.uploadFile(from: file, to: "/bench/payload.bin")
        } else {
            start = .now
            try await fs.downloadFile(at: "/bench/payload.bin?size=\(size)", to: file)
        }
        let seconds = start.duration(to: .now).seconds
        let rate = Double(size) / 1_048_576 / seconds
        print(
            "transfer \(arguments[0]) \(size >> 20) MiB: \(Measure.format(rate, 0)) MB/s, peak RSS \(Measure.format(Measure.peakRSSMiB(), 1)) MiB (before: \(Measure.format(baseline, 1)) MiB; target < 64 MiB)"
        )
    }

    static func writeFile(_ url: URL, size: Int) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        let block = Data(repeating: 0xA5, count: 1 << 20)
        var remaining = size
        while remaining > 0 {
            try handle.write(contentsOf: block.prefix(min(remaining, block.count)))
            remaining -= block.count
        }
    }

    static func runChild(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// curl's rate against the same server, when curl is installed.
    static func curlRate(direction: String, base: URL, size: Int) -> Double? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else { return nil }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("daytona-curl-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("payload.bin")
        // `Expect:` turns off curl's 100-continue wait, which this server does not answer.
        var arguments = ["-s", "-o", "/dev/null", "-H", "Authorization: Bearer benchmark-key", "-H", "Expect:"]
        if direction == "upload" {
            guard (try? writeFile(file, size: size)) != nil else { return nil }
            arguments += ["-F", "file=@\(file.path)", base.absoluteString + "/toolbox/bench/toolbox/files/upload?path=/bench/payload.bin"]
        } else {
            arguments += [base.absoluteString + "/toolbox/bench/toolbox/files/download?path=/bench/payload.bin&size=\(size)"]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments
        let start = ContinuousClock.now
        guard (try? process.run()) != nil else { return nil }
        process.waitUntilExit()
        return Double(size) / 1_048_576 / start.duration(to: .now).seconds
    }
}
