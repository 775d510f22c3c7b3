import Daytona
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A scripted Daytona server for your tests, reached through a `URLProtocol`: no sockets, no
/// account, and every request still goes through the SDK's real encoding and decoding.
///
/// Each stub answers only for its own made-up host, so tests that run in parallel never see
/// each other's routes or requests. Script routes with ``on(_:_:respond:)-(_,_,StubResponse)``, make a client with
/// ``makeClient(target:api:)``, and assert on ``requests`` in the test body.
///
/// ```swift
/// import Daytona
/// import DaytonaTesting
/// import Testing
///
/// @Test func removesWorkspaces() async throws {
///     let stub = DaytonaStub()
///     stub.on(.get, "/workspace/{id}", respond: .workspace(id: "ws-1", state: .started))
///     stub.on(.delete, "/workspace/{id}", respond: .empty())
///     let daytona = stub.makeClient()
///
///     let sandbox = try await daytona.sandbox(id: "ws-1")
///     try await daytona.remove(sandbox)
///
///     #expect(stub.requests.last?.method == "DELETE")
///     #expect(stub.requests.last?.query == "force=true")
/// }
/// ```
public final class DaytonaStub: Sendable {
    /// The API URL to configure a client with, e.g. `http://stub-1a2b….daytona.test/api`.
    public let apiURL: URL
    /// The toolbox proxy URL the stub tells the current API's clients to use:
    /// `<apiURL>/toolbox`, so that a current toolbox call for sandbox `sb` arrives at the
    /// route `/toolbox/sb/…` (and a 0.14 one at `/toolbox/sb/toolbox/…`).
    public var toolboxURL: URL { apiURL.appendingPathComponent("toolbox") }

    /// The API URL (the 0.1 name of ``apiURL``).
    @available(*, deprecated, renamed: "apiURL")
    public var serverURL: URL { apiURL }
    /// The API key ``makeClient(target:api:)`` uses.
    public let apiKey: String
    let host: String
    private let state = Locked(State())

    private struct State {
        var routes: [Route] = []
        var requests: [RecordedRequest] = []
        var unmatched: [RecordedRequest] = []
        var cancelled = 0
        var fallback: (@Sendable (RecordedRequest) -> StubResponse)?
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var cancellationWaiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    /// Creates a stub with no routes. An unscripted request is answered `404` and recorded in
    /// ``unmatchedRequests``.
    ///
    /// - Parameter apiKey: The key ``makeClient(target:api:)`` configures.
    public init(apiKey: String = "test-api-key") {
        let host = "stub-\(UUID().uuidString.lowercased()).daytona.test"
        self.host = host
        self.apiKey = apiKey
        self.apiURL = URL(string: "http://\(host)/api") ?? URL(fileURLWithPath: "/")
        StubRegistry.register(self)
    }

    deinit {
        StubRegistry.unregister(host)
    }

    /// A session configuration that routes this stub's host to it. Give it to a client, or to
    /// your own `URLSession`.
    public var sessionConfiguration: URLSessionConfiguration {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.protocolClasses = [StubURLProtocol.self]
        return configuration
    }

    /// The client configuration for this stub: its API URL and API key, and the API to speak.
    ///
    /// - Parameters:
    ///   - target: The default region.
    ///   - api: The API the client speaks. Defaults to the current one; script `/sandbox`
    ///     routes for it, or pass `DaytonaConfiguration.APIVersion.v0_14` and script
    ///     `/workspace` routes.
    public func configuration(target: TargetRegion? = .us, api: DaytonaConfiguration.APIVersion = .current) -> DaytonaConfiguration {
        DaytonaConfiguration(apiKey: apiKey, apiURL: apiURL, target: target, api: api)
    }

    /// A client that talks to this stub through `URLSession` and the stub's `URLProtocol`.
    ///
    /// - Parameters:
    ///   - target: The default region.
    ///   - api: The API the client speaks (see ``configuration(target:api:)``).
    public func makeClient(target: TargetRegion? = .us, api: DaytonaConfiguration.APIVersion = .current) -> DaytonaClient {
        DaytonaClient(configuration: configuration(target: target, api: api), sessionConfiguration: sessionConfiguration)
    }

    // MARK: Scripting

    /// Answers requests to `method` and `path` with `responses`, one per request in order; the
    /// last one keeps answering.
    ///
    /// `path` is relative to the API root and may hold `{placeholders}` that match one path
    /// segment each: `"/toolbox/{id}/toolbox/files/info"`. Segments are compared
    /// percent-encoded, as they travel. A later route for the same method and path replaces an
    /// earlier one.
    ///
    /// ```swift
    /// stub.on(.get, "/workspace/{id}", respond: [
    ///     .workspace(id: "ws", state: .creating),
    ///     .workspace(id: "ws", state: .started),
    /// ])
    /// ```
    public func on(_ method: HTTPRequest.Method, _ path: String, respond responses: [StubResponse]) {
        let queue = Locked(responses.isEmpty ? [StubResponse.empty()] : responses)
        on(method, path) { _ in
            queue.withLock { queue in queue.count > 1 ? queue.removeFirst() : queue[0] }
        }
    }

    /// Answers requests to `method` and `path` with `response`, every time.
    public func on(_ method: HTTPRequest.Method, _ path: String, respond response: StubResponse) {
        on(method, path, respond: [response])
    }

    /// Answers requests to `method` and `path` with whatever `handler` returns for each.
    ///
    /// The handler runs on the URL loading system's thread: keep it quick, and record or assert
    /// in the test body rather than here.
    public func on(_ method: HTTPRequest.Method, _ path: String, handler: @escaping @Sendable (RecordedRequest) -> StubResponse) {
        let route = Route(method: method.rawValue, template: Route.segments(path), handler: handler)
        state.withLock { state in
            state.routes.removeAll { $0.method == route.method && $0.template == route.template }
            state.routes.append(route)
        }
    }

    /// Answers every request that no route matches with whatever `handler` returns (instead of
    /// a 404).
    public func onAnyOtherRequest(_ handler: @escaping @Sendable (RecordedRequest) -> StubResponse) {
        state.withLock { $0.fallback = handler }
    }

    // MARK: Inspection

    /// Every request that reached the stub, in arrival order.
    public var requests: [RecordedRequest] { state.withLock { $0.requests } }

    /// The requests no route matched (they were answered 404).
    public var unmatchedRequests: [RecordedRequest] { state.withLock { $0.unmatched } }

    /// How many requests were cancelled by the client before the stub answered them.
    public var cancelledRequestCount: Int { state.withLock { $0.cancelled } }

    /// Suspends until at least `count` requests have arrived. Use it to act (for example, to
    /// cancel a task) at a known point instead of sleeping.
    public func waitForRequests(count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.requests.count >= count { return true }
                state.waiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    // MARK: Serving (called by StubURLProtocol)

    /// Unless scripted, `GET /sandbox/{id}/toolbox-proxy-url` answers ``toolboxURL``: canned
    /// current-API sandboxes name no proxy, so a client asks for it once per handle.
    private func toolboxProxyAnswer(_ request: RecordedRequest) -> StubResponse? {
        let segments = Route.segments(request.path)
        guard request.method == "GET", segments.count == 3, segments[0] == "sandbox", segments[2] == "toolbox-proxy-url" else {
            return nil
        }
        return .wire(Current.URLAnswer(url: toolboxURL.absoluteString))
    }

    func respond(to request: RecordedRequest) -> StubResponse {
        let (response, ready) = state.withLock { state -> (StubResponse, [CheckedContinuation<Void, Never>]) in
            state.requests.append(request)
            let route = state.routes.last { $0.matches(method: request.method, path: request.path) }
            if route == nil, toolboxProxyAnswer(request) == nil { state.unmatched.append(request) }
            let count = state.requests.count
            let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
            state.waiters.removeAll { $0.count <= count }
            let response =
                route?.handler(request)
                ?? state.fallback?(request)
                ?? toolboxProxyAnswer(request)
                ?? .json(
                    #"{"statusCode":404,"message":"No stub for \#(request.method) \#(request.path)","error":"Not Found"}"#, status: 404)
            return (response, ready)
        }
        for continuation in ready { continuation.resume() }
        return response
    }

    func recordCancellation() {
        let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.cancelled += 1
            let count = state.cancelled
            let ready = state.cancellationWaiters.filter { $0.count <= count }.map(\.continuation)
            state.cancellationWaiters.removeAll { $0.count <= count }
            return ready
        }
        for continuation in ready { continuation.resume() }
    }

    /// Suspends until the client has cancelled at least `count` requests.
    public func waitForCancellations(count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.cancelled >= count { return true }
                state.cancellationWaiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// The part of `url`'s percent-encoded path below the API root.
    func relativePath(of url: URL) -> String {
        let path = URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedPath ?? url.path
        let root = apiURL.path
        return path.hasPrefix(root) ? String(path.dropFirst(root.count)) : path
    }
}

struct Route: Sendable {
    let method: String
    let template: [String]
    let handler: @Sendable (RecordedRequest) -> StubResponse

    static func segments(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
    }

    func matches(method: String, path: String) -> Bool {
        guard method == self.method else { return false }
        let segments = Self.segments(path)
        guard segments.count == template.count else { return false }
        return zip(template, segments).allSatisfy { pattern, segment in
            (pattern.hasPrefix("{") && pattern.hasSuffix("}") && !segment.isEmpty) || pattern == segment
        }
    }
}

/// Maps each stub's made-up host to the stub, without keeping stubs alive.
enum StubRegistry {
    private struct Entry { weak var stub: DaytonaStub? }
    private static let entries = Locked<[String: Entry]>([:])

    static func register(_ stub: DaytonaStub) {
        entries.withLock { $0[stub.host] = Entry(stub: stub) }
    }

    static func unregister(_ host: String) {
        _ = entries.withLock { $0.removeValue(forKey: host) }
    }

    static func stub(for host: String?) -> DaytonaStub? {
        guard let host else { return nil }
        return entries.withLock { $0[host]?.stub }
    }
}
