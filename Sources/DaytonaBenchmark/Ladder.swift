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

/// Steps from raw URLSession to the full SDK call, each timed against raw URLSession in
/// alternating blocks (``Measure/paired(_:_:concurrency:total:block:)``): where the SDK's extra
/// time goes, in the setting where it matters.
enum LadderScenario {
    static func run(base: URL, quick: Bool) async throws {
        let raw = RawClient()
        let url = base.appendingPathComponent("workspace/bench")
        let prebuilt = rawRequest(url, method: "GET", body: nil, json: false)
        let transport = URLSessionTransport()
        let request = HTTPRequest(
            method: .get, url: url,
            headers: [
                "Authorization": "Bearer benchmark-key", "User-Agent": "daytona-swift/\(DaytonaClient.version)",
                "Accept": "application/json",
            ])
        let configuration = DaytonaConfiguration(apiKey: "benchmark-key", apiURL: base, api: .v0_14, retryPolicy: .none)
        let sdk = DaytonaClient(configuration: configuration)
        let inProcess = DaytonaClient(configuration: configuration, transport: CannedTransport(body: LoopbackServer.workspaceJSON))
        let steps: [(String, @Sendable () async throws -> Void)] = [
            (
                "raw URLSession, a new URLRequest per call",
                { _ = try await raw.send(rawRequest(url, method: "GET", body: nil, json: false)) }
            ),
            ("URLSessionTransport.send alone", { _ = try await transport.send(request) }),
            (
                "URLSessionTransport.send, then 10 µs of CPU",
                {
                    _ = try await transport.send(request)
                    spin(microseconds: 10)
                }
            ),
            (
                "URLSessionTransport.send, then the SDK's sandbox(id:) on an in-process transport",
                {
                    _ = try await transport.send(request)
                    _ = try await inProcess.sandbox(id: "bench")
                }
            ),
            ("the SDK's sandbox(id:)", { _ = try await sdk.sandbox(id: "bench") }),
        ]
        let reference: @Sendable () async throws -> Void = { _ = try await raw.send(prebuilt) }
        for concurrency in [1, 32] {
            for (name, step) in steps {
                let result = try await Measure.paired(
                    step, reference, concurrency: concurrency, total: quick ? 2_000 : 6_000, block: concurrency == 1 ? 50 : 320)
                print(
                    "ladder x\(concurrency) \(name): \(Measure.format(result.ratio, 2)) of raw URLSession (middle half of blocks \(Measure.format(result.ratioLow, 2))-\(Measure.format(result.ratioHigh, 2))), \(Measure.format(result.firstCPU - result.secondCPU, 1)) µs more CPU per request"
                )
            }
        }
    }
}

/// Burns `microseconds` of this thread's CPU time.
func spin(microseconds: Double) {
    var start = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &start)
    var now = timespec()
    repeat {
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    } while Double(now.tv_sec - start.tv_sec) * 1e6 + Double(now.tv_nsec - start.tv_nsec) / 1e3 < microseconds
}
