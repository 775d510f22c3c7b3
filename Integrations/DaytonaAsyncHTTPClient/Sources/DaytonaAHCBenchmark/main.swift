// daytona-ahc-benchmark: the SDK on AsyncHTTPClientTransport beside raw AsyncHTTPClient and the
// SDK on URLSessionTransport, against one loopback server in the same run.
//
//     swift run -c release daytona-ahc-benchmark [--quick] [--idle-seconds N]
//
// Figures: `exec`-style POST calls per second, one at a time (x1) and 32 at a time (x32), with
// the process's CPU time per call; and the CPU time one call costs while its server takes a few
// seconds to answer (the idle wait). One line per figure.

import AsyncHTTPClient
import Daytona
import DaytonaAsyncHTTPClient
import Foundation
import LoopbackHTTPServer
import NIOConcurrencyHelpers
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

let arguments = CommandLine.arguments.dropFirst()
let quick = arguments.contains("--quick")
let idleSeconds =
    arguments.firstIndex(of: "--idle-seconds").flatMap {
        arguments.index(after: $0) < arguments.endIndex ? Int(arguments[arguments.index(after: $0)]) : nil
    } ?? 3
let blockSize = 1_000
let blocks = quick ? 3 : 12

let executeJSON = Data(#"{"exitCode":0,"result":"hello from the benchmark\n"}"#.utf8)
let toolboxBase = NIOLockedValueBox("")

let server = try await LoopbackHTTPServer { request in
    let json = [("Content-Type", "application/json")]
    switch (request.method, request.path) {
    case ("POST", "/toolbox/bench/process/execute"):
        return .answer(status: 200, headers: json, body: executeJSON)
    case ("POST", "/toolbox/bench/process/execute-slowly"):
        return .delayed(.seconds(Int64(idleSeconds)), .answer(status: 200, headers: json, body: executeJSON))
    case ("GET", "/api/sandbox/bench"):
        return .answer(status: 200, headers: json, body: sandboxJSON(toolbox: toolboxBase.withLockedValue { $0 }))
    default:
        return .answer(status: 404, body: Data(#"{"statusCode":404,"message":"not found"}"#.utf8))
    }
}
toolboxBase.withLockedValue { $0 = server.baseURL.appendingPathComponent("toolbox").absoluteString }
let execURL = server.baseURL.appendingPathComponent("toolbox/bench/process/execute")
let configuration = DaytonaConfiguration(
    apiKey: "benchmark-key", apiURL: server.baseURL.appendingPathComponent("api"), api: .current, retryPolicy: .none)

print("daytona-ahc-benchmark: \(blocks) blocks per contender (250 calls each x1, 1,000 x32), server on 127.0.0.1:\(server.port)")

try await AsyncHTTPClientTransport.withTransport { transport in
    let ahcSandbox = try await DaytonaClient(configuration: configuration, transport: transport).sandbox(id: "bench")
    let urlSessionSandbox = try await DaytonaClient(configuration: configuration, transport: URLSessionTransport()).sandbox(id: "bench")
    let client = transport.client
    // Raw calls send exactly what the SDK sends: its header fields and body, as the server saw them.
    _ = try await ahcSandbox.process.exec("echo hi")
    guard let seen = server.requests.last, seen.path == execURL.path else { throw URLError(.badServerResponse) }
    server.stopRecording()
    let sdkHeaders = seen.headers.filter { !["host", "content-length"].contains($0.name.lowercased()) }
    let body = ByteBuffer(data: seen.body)
    let execRequest = HTTPRequest(
        method: .post, url: execURL, headers: Dictionary(sdkHeaders.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
        body: .data(seen.body))

    let allContenders: [(String, @Sendable () async throws -> Void)] = [
        (
            "raw AsyncHTTPClient",
            {
                var request = HTTPClientRequest(url: execURL.absoluteString)
                request.method = .POST
                request.headers = HTTPHeaders(sdkHeaders)
                request.body = .bytes(body)
                let response = try await client.execute(request, deadline: .distantFuture)
                let answer = try await response.body.collect(upTo: 1 << 20)
                guard response.status == .ok, answer.readableBytes > 0 else { throw URLError(.badServerResponse) }
            }
        ),
        (
            "AsyncHTTPClientTransport alone",
            {
                let response = try await transport.send(execRequest)
                guard response.statusCode == 200, try await !response.body.collect(upTo: 1 << 20).isEmpty else {
                    throw URLError(.badServerResponse)
                }
            }
        ),
        ("SDK on AsyncHTTPClientTransport", { _ = try await ahcSandbox.process.exec("echo hi") }),
        ("SDK on URLSessionTransport", { _ = try await urlSessionSandbox.process.exec("echo hi") }),
    ]

    // `--only NAME` keeps the contenders whose name contains NAME (for profiling one of them).
    let only = arguments.firstIndex(of: "--only").flatMap {
        arguments.index(after: $0) < arguments.endIndex ? arguments[arguments.index(after: $0)] : nil
    }
    let contenders = allContenders.filter { only == nil || $0.0.contains(only ?? "") }
    for concurrency in [1, 32] {
        // Warm-up, then short blocks of each contender in turn, in a rotating order, so that all
        // of them see the same machine load (this machine is shared); ratios are per block.
        for (_, call) in contenders { try await run(call, concurrency: concurrency, total: blockSize * 2) }
        var totals: [String: (calls: Double, seconds: Double, cpu: Double)] = [:]
        var blockRates: [String: [Double]] = [:]
        for block in 0..<blocks {
            for index in contenders.indices {
                let (name, call) = contenders[(index + block) % contenders.count]
                let result = try await run(call, concurrency: concurrency, total: concurrency == 1 ? blockSize / 4 : blockSize)
                let total = totals[name] ?? (0, 0, 0)
                totals[name] = (total.calls + result.calls, total.seconds + result.seconds, total.cpu + result.cpuSeconds)
                blockRates[name, default: []].append(result.rate)
            }
        }
        let raw = blockRates["raw AsyncHTTPClient"] ?? []
        let urlSession = blockRates["SDK on URLSessionTransport"] ?? []
        for (name, _) in contenders {
            guard let total = totals[name], let rates = blockRates[name] else { continue }
            var line =
                "exec x\(concurrency) \(name): \(format(total.calls / total.seconds, 0)) calls/s, \(format(total.cpu / total.calls * 1e6, 1)) µs CPU per call"
            if name != "raw AsyncHTTPClient" {
                let ratios = zip(rates, raw).map { $0 / $1 }.sorted()
                line +=
                    "; vs raw AsyncHTTPClient \(format(median(ratios), 2)) (middle half of blocks \(format(quartiles(ratios).0, 2))–\(format(quartiles(ratios).1, 2)))"
            }
            if name.hasPrefix("SDK on AsyncHTTPClient") {
                let ratios = zip(rates, urlSession).map { $0 / $1 }.sorted()
                line += "; vs SDK on URLSession \(format(median(ratios), 2))"
            }
            print(line)
        }
    }

    // Where a sequential SDK call's time goes: inside the transport, or in the SDK around it.
    let timed = TimedTransport(base: transport)
    let timedSandbox = try await DaytonaClient(configuration: configuration, transport: timed).sandbox(id: "bench")
    try await run({ _ = try await timedSandbox.process.exec("echo hi") }, concurrency: 1, total: blockSize)
    timed.inside.withLockedValue { $0 = 0 }
    let split = try await run({ _ = try await timedSandbox.process.exec("echo hi") }, concurrency: 1, total: blockSize * 3)
    let perCall = split.seconds / split.calls * 1e6
    let outside = perCall - timed.inside.withLockedValue { $0 } / split.calls * 1e6
    print(
        "exec x1 SDK on AsyncHTTPClientTransport: \(format(perCall, 1)) µs per call, of which \(format(outside, 1)) µs outside the transport"
    )

    // The SDK's own work per call: the same exec on a transport that answers in process.
    let canned = try await DaytonaClient(
        configuration: configuration, transport: CannedTransport(sandbox: sandboxJSON(toolbox: "http://127.0.0.1:1/toolbox"))
    )
    .sandbox(id: "bench")
    try await run({ _ = try await canned.process.exec("echo hi") }, concurrency: 1, total: blockSize)
    let core = try await run({ _ = try await canned.process.exec("echo hi") }, concurrency: 1, total: blockSize * 20)
    print("exec x1 SDK on an in-process canned transport (the SDK's own work): \(format(core.cpu, 1)) µs CPU per call")

    // The idle wait: one call whose server answers after `idleSeconds`.
    let slowURL = server.baseURL.appendingPathComponent("toolbox/bench/process/execute-slowly")
    let idle: [(String, @Sendable () async throws -> Void)] = [
        (
            "raw AsyncHTTPClient",
            {
                var request = HTTPClientRequest(url: slowURL.absoluteString)
                request.method = .POST
                request.body = .bytes(body)
                let response = try await client.execute(request, deadline: .distantFuture)
                _ = try await response.body.collect(upTo: 1 << 20)
            }
        ),
        (
            "SDK on AsyncHTTPClientTransport",
            { _ = try await transport.send(HTTPRequest(method: .post, url: slowURL, body: .data(Data(#"{"command":"sleep"}"#.utf8)))) }
        ),
        (
            "SDK on URLSessionTransport",
            {
                _ = try await URLSessionTransport().send(
                    HTTPRequest(method: .post, url: slowURL, body: .data(Data(#"{"command":"sleep"}"#.utf8))))
            }
        ),
    ]
    for (name, call) in idle {
        let cpuStart = cpuSeconds()
        let start = ContinuousClock.now
        try await call()
        let wall = start.duration(to: .now)
        let cpu = cpuSeconds() - cpuStart
        print(
            "idle wait \(name): \(format(cpu, 3)) s CPU for one call answered after \(format(Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18, 2)) s (target < 0.1 s)"
        )
    }
}
await server.shutdown()

// MARK: Measuring

/// Runs `total` calls, `concurrency` at a time.
@discardableResult
func run(_ call: @escaping @Sendable () async throws -> Void, concurrency: Int, total: Int) async throws -> (
    rate: Double, cpu: Double, calls: Double, seconds: Double, cpuSeconds: Double
) {
    let perWorker = max(1, total / concurrency)
    let cpuStart = cpuSeconds()
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { group in
        for _ in 0..<concurrency {
            group.addTask {
                for _ in 0..<perWorker { try await call() }
            }
        }
        try await group.waitForAll()
    }
    let elapsed = start.duration(to: .now).components
    let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
    let calls = Double(perWorker * concurrency)
    let cpu = cpuSeconds() - cpuStart
    return (calls / seconds, cpu / calls * 1e6, calls, seconds, cpu)
}

func median(_ sorted: [Double]) -> Double { sorted.isEmpty ? 0 : sorted[sorted.count / 2] }

func quartiles(_ sorted: [Double]) -> (Double, Double) {
    sorted.isEmpty ? (0, 0) : (sorted[sorted.count / 4], sorted[(sorted.count * 3) / 4])
}

/// Process CPU time (user + system) in seconds.
func cpuSeconds() -> Double {
    var usage = rusage()
    #if canImport(Glibc)
        getrusage(RUSAGE_SELF.rawValue, &usage)
    #else
        getrusage(RUSAGE_SELF, &usage)
    #endif
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
}

/// Times what happens inside `base`.
struct TimedTransport: HTTPTransport {
    let base: any HTTPTransport
    let inside = NIOLockedValueBox<Double>(0)

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let start = ContinuousClock.now
        let response = try await base.send(request)
        let elapsed = start.duration(to: .now).components
        inside.withLockedValue { $0 += Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18 }
        return response
    }
}

/// Answers every request in process: the sandbox for `GET`, the exec result for `POST`.
struct CannedTransport: HTTPTransport {
    let sandbox: Data

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        HTTPResponse(
            statusCode: 200, headers: ["content-type": "application/json"], body: request.method == .get ? sandbox : executeJSON)
    }
}

func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }

/// A current-API sandbox (WIRE-current §4.1) whose toolbox proxy is the loopback server.
func sandboxJSON(toolbox: String) -> Data {
    Data(
        """
        {"id":"bench","organizationId":"org","name":"bench","user":"daytona","env":{},"labels":{"code-toolbox-language":"python"},\
        "public":false,"networkBlockAll":false,"target":"us","cpu":1,"gpu":0,"memory":1,"disk":3,"state":"started",\
        "autoStopInterval":15,"toolboxProxyUrl":"\(toolbox)"}
        """.utf8)
}
