import Daytona
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `swift run -c release daytona-benchmark [--server URL] [--quick] [scenario …]`
///
/// Scenarios: `overhead` (SDK vs raw URLSession over loopback, in alternating blocks), `split`
/// (time per call spent inside the transport and outside it, in the SDK), `ladder` (steps from
/// raw URLSession to the SDK, each against raw URLSession; not in the default run), `cpu` (SDK cost per call on an
/// in-process transport), `list` (decoding 1,000 sandboxes), `fanout` (200 sandboxes with a
/// 1 s start), `transfer` (1 GiB upload and download: MB/s and peak RSS, next to curl). With no
/// scenario, all of them run. Without `--server`, a loopback server is started in-process.
@main
struct Benchmark {
    static func main() async throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let quick = arguments.contains("--quick")
        arguments.removeAll { $0 == "--quick" }
        var serverURL: URL?
        if let index = arguments.firstIndex(of: "--server"), index + 1 < arguments.count {
            serverURL = URL(string: arguments[index + 1])
            arguments.removeSubrange(index...(index + 1))
        }
        if arguments.first == "serve" {
            let server = try LoopbackServer(startDelay: 1)
            server.start()
            FileHandle.standardOutput.write(Data("serving on \(server.baseURL.absoluteString)\n".utf8))
            while true { try await Task.sleep(for: .seconds(3600)) }
        }
        if arguments.first == "transfer-child" {
            try await TransferScenario.child(arguments: Array(arguments.dropFirst()), server: serverURL)
            return
        }
        let server = try LoopbackServer(startDelay: 1)
        server.start()
        let base = serverURL ?? server.baseURL
        let scenarios = arguments.isEmpty ? ["overhead", "split", "cpu", "list", "fanout", "transfer"] : arguments
        print("daytona-swift benchmark \(DaytonaClient.version), server \(base.absoluteString)\(quick ? ", quick" : "")")
        for scenario in scenarios {
            switch scenario {
            case "overhead": try await OverheadScenario.run(base: base, quick: quick)
            case "split": try await SplitScenario.run(base: base, quick: quick)
            case "ladder": try await LadderScenario.run(base: base, quick: quick)
            case "cpu": try await CPUScenario.run(quick: quick)
            case "list": try await ListScenario.run(quick: quick)
            case "fanout": try await FanOutScenario.run(base: base, server: serverURL == nil ? server : nil, quick: quick)
            case "transfer": try await TransferScenario.run(base: base, quick: quick)
            default: print("unknown scenario \(scenario)")
            }
        }
    }
}

// MARK: Measuring

enum Measure {
    /// Process CPU time (user + system) in seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(rusageSelf, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
            + Double(usage.ru_stime.tv_usec) / 1e6
    }

    /// The process's peak resident set size, in MiB.
    static func peakRSSMiB() -> Double {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kib = Double(line.split(separator: " ").dropFirst().first ?? "")
        {
            return kib / 1024
        }
        var usage = rusage()
        getrusage(rusageSelf, &usage)
        #if canImport(Darwin)
            return Double(usage.ru_maxrss) / 1_048_576
        #else
            return Double(usage.ru_maxrss) / 1024
        #endif
    }

    /// Runs `count` operations, `concurrency` at a time; returns operations per second.
    static func rate(count: Int, concurrency: Int, _ operation: @escaping @Sendable () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            var started = 0
            while started < min(concurrency, count) {
                group.addTask(operation: operation)
                started += 1
            }
            while try await group.next() != nil {
                if started < count {
                    group.addTask(operation: operation)
                    started += 1
                }
            }
        }
        return Double(count) / start.duration(to: .now).seconds
    }

    /// The outcome of ``paired(_:_:concurrency:total:block:)``.
    struct Paired {
        var firstRate: Double
        var secondRate: Double
        /// `firstRate / secondRate` over all blocks.
        var ratio: Double
        /// The quartiles of the per-block ratios.
        var ratioLow: Double
        var ratioHigh: Double
        /// CPU per request, µs.
        var firstCPU: Double
        var secondCPU: Double
    }

    /// Runs `first` and `second` in short alternating blocks of `block` calls, `total` calls
    /// each, so that drift in the machine or the server affects both alike. Warms both up first.
    static func paired(
        _ first: @escaping @Sendable () async throws -> Void, _ second: @escaping @Sendable () async throws -> Void,
        concurrency: Int, total: Int, block: Int
    ) async throws -> Paired {
        _ = try await rate(count: 300, concurrency: concurrency, first)
        _ = try await rate(count: 300, concurrency: concurrency, second)
        var time = (first: 0.0, second: 0.0)
        var cpu = (first: 0.0, second: 0.0)
        var ratios: [Double] = []
        for index in 0..<max(1, total / block) {
            // Alternate which one goes first in each pair of blocks.
            var pair = (first: 0.0, second: 0.0)
            for which in index % 2 == 0 ? [0, 1] : [1, 0] {
                let cpuStart = cpuSeconds()
                let start = ContinuousClock.now
                _ = try await rate(count: block, concurrency: concurrency, which == 0 ? first : second)
                let elapsed = start.duration(to: .now).seconds
                let used = cpuSeconds() - cpuStart
                if which == 0 {
                    pair.first = elapsed
                    cpu.first += used
                } else {
                    pair.second = elapsed
                    cpu.second += used
                }
            }
            time.first += pair.first
            time.second += pair.second
            ratios.append(pair.second / pair.first)
        }
        let calls = Double(max(1, total / block) * block)
        ratios.sort()
        return Paired(
            firstRate: calls / time.first, secondRate: calls / time.second, ratio: time.second / time.first,
            ratioLow: ratios[ratios.count / 4], ratioHigh: ratios[ratios.count * 3 / 4],
            firstCPU: cpu.first / calls * 1e6, secondCPU: cpu.second / calls * 1e6)
    }

    static func format(_ value: Double, _ digits: Int = 1) -> String {
        String(format: "%.\(digits)f", value)
    }
}

#if canImport(Glibc)
    let rusageSelf = RUSAGE_SELF.rawValue
#else
    let rusageSelf = RUSAGE_SELF
#endif

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

/// A transport that answers every request with canned bytes, in-process: what is left is the
/// SDK's own cost.
struct CannedTransport: HTTPTransport {
    let body: Data
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        HTTPResponse(statusCode: 200, headers: ["Content-Type": "application/json"], body: body)
    }
}

/// Raw URLSession, for comparison: the same requests, no SDK.
struct RawClient: Sendable {
    let session: URLSession

    init() {
        session = URLSession(configuration: URLSessionTransport.apiConfiguration(from: .default))
    }

    func send(_ request: URLRequest) async throws -> Data {
        try await withCheckedThrowingContinuation { continuation in
            session.dataTask(with: request) { data, _, error in
                if let error {
                    continuation.resume(throwing: error)
                } else {
                    continuation.resume(returning: data ?? Data())
                }
            }.resume()
        }
    }
}

func makeClient(_ base: URL) -> DaytonaClient {
    DaytonaClient(configuration: DaytonaConfiguration(apiKey: "benchmark-key", apiURL: base, api: .v0_14, retryPolicy: .none))
}

func rawRequest(_ url: URL, method: String, body: Data?, json: Bool) -> URLRequest {
    var request = URLRequest(url: url)
    request.httpMethod = method
    request.setValue("Bearer benchmark-key", forHTTPHeaderField: "Authorization")
    request.setValue("daytona-swift/\(DaytonaClient.version)", forHTTPHeaderField: "User-Agent")
    request.setValue("application/json", forHTTPHeaderField: "Accept")
    if json { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
    request.httpBody = body
    return request
}
