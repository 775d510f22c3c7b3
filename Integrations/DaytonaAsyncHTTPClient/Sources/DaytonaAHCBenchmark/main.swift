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
let idleSeconds = arguments.firstIndex(of: "--idle-seconds").flatMap { arguments.index(after: $0) < arguments.endIndex ? Int(arguments[arguments.index(after: $0)]) : nil } ?? 3
let callsPerRound = quick ? 1_000 : 5_000
let rounds = quick ? 1 : 3

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

print("daytona-ahc-benchmark: \(callsPerRound) calls per round, best of \(rounds) round(s), server on 127.0.0.1:\(server.port)")

try await AsyncHTTPClientTransport.withTransport { transport in
    let ahcSandbox = try await DaytonaClient(configuration: configuration, transport: transport).sandbox(id: "bench")
    let urlSessionSandbox = try await DaytonaClient(configuration: configuration, transport: URLSessionTransport()).sandbox(id: "bench")
    let client = transport.client
    let body = ByteBuffer(string: #"{"command":"echo hi"}"#)

    let contenders: [(String, @Sendable () async throws -> Void)] = [
        (
            "raw AsyncHTTPClient",
            {
                var request = HTTPClientRequest(url: execURL.absoluteString)
                request.method = .POST
                request.headers = [
                    "Authorization": "Bearer benchmark-key", "Content-Type": "application/json", "Accept": "application/json",
                ]
                request.body = .bytes(body)
                let response = try await client.execute(request, deadline: .distantFuture)
                let answer = try await response.body.collect(upTo: 1 << 20)
                guard response.status == .ok, answer.readableBytes > 0 else { throw URLError(.badServerResponse) }
            }
        ),
        ("SDK on AsyncHTTPClientTransport", { _ = try await ahcSandbox.process.exec("echo hi") }),
        ("SDK on URLSessionTransport", { _ = try await urlSessionSandbox.process.exec("echo hi") }),
    ]

    for concurrency in [1, 32] {
        var best: [String: (rate: Double, cpu: Double)] = [:]
        for _ in 0..<rounds {
            // Interleaved rounds: each contender sees the same machine load in turn.
            for (name, call) in contenders {
                try await run(call, concurrency: concurrency, total: callsPerRound / 5)  // warm-up
                let result = try await run(call, concurrency: concurrency, total: callsPerRound)
                if result.rate > best[name]?.rate ?? 0 { best[name] = result }
            }
        }
        for (name, _) in contenders {
            guard let result = best[name] else { continue }
            print(
                "exec x\(concurrency) \(name): \(format(result.rate, 0)) calls/s, \(format(result.cpu, 1)) µs CPU per call")
        }
        if let sdk = best["SDK on AsyncHTTPClientTransport"], let raw = best["raw AsyncHTTPClient"],
            let urlSession = best["SDK on URLSessionTransport"]
        {
            print(
                "exec x\(concurrency) ratios: SDK on AsyncHTTPClient / raw AsyncHTTPClient \(format(sdk.rate / raw.rate, 2)) (target >= 0.9); SDK on AsyncHTTPClient / SDK on URLSession \(format(sdk.rate / urlSession.rate, 2)) (target >= 3)"
            )
        }
    }

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
                _ = try await URLSessionTransport().send(HTTPRequest(method: .post, url: slowURL, body: .data(Data(#"{"command":"sleep"}"#.utf8))))
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

/// Runs `total` calls, `concurrency` at a time; returns calls per second and process CPU
/// microseconds per call.
@discardableResult
func run(_ call: @escaping @Sendable () async throws -> Void, concurrency: Int, total: Int) async throws -> (rate: Double, cpu: Double) {
    let perWorker = total / concurrency
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
    return (calls / seconds, (cpuSeconds() - cpuStart) / calls * 1e6)
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
