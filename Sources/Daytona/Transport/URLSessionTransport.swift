import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The default ``HTTPTransport``: `URLSession` data tasks, on Apple platforms and on Linux.
///
/// Cancelling the calling task cancels the underlying `URLSessionDataTask`, so a cancelled call
/// releases its connection at once. A redirect to another host, port or scheme never carries the
/// `Authorization` header.
///
/// Give it your own configuration to install a `URLProtocol` stub or a proxy:
///
/// ```swift
/// let configuration = URLSessionConfiguration.ephemeral
/// configuration.protocolClasses = [MyStubProtocol.self]
/// let transport = URLSessionTransport(configuration: configuration)
/// ```
public final class URLSessionTransport: HTTPTransport {
    /// The session every request goes through.
    public let session: URLSession
    /// The session for streamed bodies and file transfers (the same as ``session`` when the
    /// session was given to the transport).
    private let streamingSession: URLSession
    private let ownsSession: Bool
    /// The delegate of a session this transport made; `nil` for a session given to it, which
    /// then uses the buffered defaults for streaming.
    private let delegate: SessionDelegate?

    /// Creates a transport with its own session built from `configuration`.
    ///
    /// The configuration is copied, and the copy gets no URL cache, no cookie storage and no
    /// idle timeout of its own (the client enforces deadlines), which is what an API client wants.
    public init(configuration: URLSessionConfiguration = .default) {
        let copy = Self.apiConfiguration(from: configuration)
        // Two sessions: plain requests go through one whose delegate only guards redirects,
        // because on Linux a session whose delegate takes data callbacks costs every request
        // about 40 µs more CPU, streaming or not (see Docs/Performance.md).
        self.session = URLSession(configuration: copy, delegate: RedirectGuard(), delegateQueue: nil)
        let delegate = SessionDelegate()
        self.streamingSession = URLSession(configuration: copy, delegate: delegate, delegateQueue: nil)
        self.delegate = delegate
        self.ownsSession = true
    }

    /// Creates a transport on a session you own. The session is used as it is.
    ///
    /// Redirects are then handled by your session's delegate, if it has one.
    public init(session: URLSession) {
        self.session = session
        self.streamingSession = session
        self.delegate = nil
        self.ownsSession = false
    }

    deinit {
        if ownsSession {
            session.finishTasksAndInvalidate()
            streamingSession.finishTasksAndInvalidate()
        }
    }

    /// A copy of `configuration` suited to an API client: no URL cache, no cookies, no
    /// credential storage and no transport-level idle timeout.
    public static func apiConfiguration(from configuration: URLSessionConfiguration) -> URLSessionConfiguration {
        // `copy()` keeps protocol classes, proxies and extra headers the caller set.
        let copy = (configuration.copy() as? URLSessionConfiguration) ?? URLSessionConfiguration.ephemeral
        copy.urlCache = nil
        copy.requestCachePolicy = .reloadIgnoringLocalCacheData
        copy.httpCookieStorage = nil
        copy.httpShouldSetCookies = false
        copy.httpCookieAcceptPolicy = .never
        copy.urlCredentialStorage = nil
        copy.timeoutIntervalForRequest = Self.noTimeout
        copy.timeoutIntervalForResource = Self.noTimeout
        return copy
    }

    /// A week: URLSession has no "no timeout" value, and the client enforces its own deadlines.
    static let noTimeout: TimeInterval = 7 * 24 * 3600

    /// Sends `request` with a data task and returns the answer, whatever its status code.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await send(request, keepingHeaders: nil)
    }

    /// Sends `request`; with `names` (lower-cased), only those header fields are copied out of
    /// Foundation's response. The client reads no others, and on Linux converting all of them
    /// costs every call several microseconds on the path between the answer and the caller.
    func send(_ request: HTTPRequest, keepingHeaders names: [String]?) async throws -> HTTPResponse {
        try Task.checkCancellation()
        try Self.validate(request.url)
        let urlRequest = Self.urlRequest(for: request)
        let state = Locked(TaskState.idle)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                let task = session.dataTask(with: urlRequest) { data, response, error in
                    continuation.resume(with: Self.result(data: data, response: response, error: error, keepingHeaders: names))
                }
                let started = state.withLock { current -> Bool in
                    guard case .idle = current else { return false }
                    current = .running(task)
                    return true
                }
                if started {
                    task.resume()
                } else {
                    continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let task = state.withLock { current -> URLSessionDataTask? in
                defer { current = .cancelled }
                if case .running(let task) = current { return task }
                return nil
            }
            task?.cancel()
        }
    }

    /// Streams the answer's body chunk by chunk with a delegate-driven data task (this works on
    /// Linux, which has no `URLSession.bytes(for:)`). Ending the iteration early or cancelling the
    /// calling task cancels the data task.
    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamedResponse {
        guard let delegate else { return try await bufferedStream(request) }
        try Task.checkCancellation()
        try Self.validate(request.url)
        let task = streamingSession.dataTask(with: Self.urlRequest(for: request))
        let (body, bodyContinuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        bodyContinuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        let head = try await run(task, on: delegate) { (continuation: CheckedContinuation<HTTPURLResponse, any Error>) in
            let pending = Locked<CheckedContinuation<HTTPURLResponse, any Error>?>(continuation)
            let take: @Sendable () -> CheckedContinuation<HTTPURLResponse, any Error>? = {
                pending.withLock { current in
                    defer { current = nil }
                    return current
                }
            }
            return SessionDelegate.Handler(
                response: { take()?.resume(returning: $0) },
                data: { bodyContinuation.yield($0) },
                completion: { error in
                    if let error {
                        let failure = Self.mapped(error)
                        take()?.resume(throwing: failure)
                        bodyContinuation.finish(throwing: failure)
                    } else {
                        take()?.resume(throwing: URLError(.badServerResponse))
                        bodyContinuation.finish()
                    }
                }
            )
        }
        return HTTPStreamedResponse(statusCode: head.statusCode, headers: Self.headers(of: head), body: body)
    }

    /// Hands each chunk of a 2xx body to `sink` in the session's delegate callback itself, so
    /// chunks never queue up between the network and the sink.
    public func receive(_ request: HTTPRequest, into sink: @escaping @Sendable (_ chunk: Data, _ expectedLength: Int64?) throws -> Void)
        async throws -> HTTPResponse
    {
        guard let delegate else { return try await drain(try await bufferedStream(request), into: sink) }
        try Task.checkCancellation()
        try Self.validate(request.url)
        let task = streamingSession.dataTask(with: Self.urlRequest(for: request))
        return try await run(task, on: delegate) { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
            // head, error body, and the sink's failure, if any.
            let state = Locked<(head: HTTPURLResponse?, body: Data, failure: (any Error)?)>((nil, Data(), nil))
            return SessionDelegate.Handler(
                response: { head in state.withLock { $0.head = head } },
                data: { chunk in
                    let (success, failed, expected) = state.withLock { state -> (Bool, Bool, Int64?) in
                        let success = (200..<300).contains(state.head?.statusCode ?? 0)
                        if !success { state.body.append(chunk) }
                        let expected = state.head.map(\.expectedContentLength).flatMap { $0 > 0 ? $0 : nil }
                        return (success, state.failure != nil, expected)
                    }
                    guard success, !failed else { return }
                    do {
                        try sink(chunk, expected)
                    } catch {
                        state.withLock { $0.failure = error }
                        task.cancel()
                    }
                },
                completion: { error in
                    let (head, body, failure) = state.current
                    continuation.resume(with: Self.outcome(head: head, body: body, error: failure ?? error))
                }
            )
        }
    }

    /// Downloads with a download task, which writes the body to disk as it arrives: memory stays
    /// flat however fast the network is (a data task on Linux queues every chunk in memory until
    /// the delegate takes it). Sessions with custom `URLProtocol` classes use the chunked path,
    /// because download tasks on Linux cannot take their data from a `URLProtocol`.
    public func download(
        _ request: HTTPRequest, to destination: URL, progress: (@Sendable (_ written: Int64, _ total: Int64?) -> Void)?
    ) async throws -> HTTPResponse {
        guard let delegate, !usesCustomProtocols else { return try await downloadByReceiving(request, to: destination, progress: progress) }
        try Task.checkCancellation()
        try Self.validate(request.url)
        let task = streamingSession.downloadTask(with: Self.urlRequest(for: request))
        return try await run(task, on: delegate) { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
            let outcome = Locked<Result<HTTPResponse, any Error>?>(nil)
            return SessionDelegate.Handler(
                downloaded: { location, head in
                    let status = head?.statusCode ?? 0
                    let headers = head.map(Self.headers(of:)) ?? [:]
                    let result: Result<HTTPResponse, any Error>
                    if (200..<300).contains(status) {
                        result = Result {
                            if FileManager.default.fileExists(atPath: destination.path) {
                                try FileManager.default.removeItem(at: destination)
                            }
                            try FileManager.default.moveItem(at: location, to: destination)
                            return HTTPResponse(statusCode: status, headers: headers)
                        }
                    } else {
                        let body =
                            (try? FileHandle(forReadingFrom: location)).flatMap { try? $0.read(upToCount: 1 << 20) } ?? Data()
                        result = .success(HTTPResponse(statusCode: status, headers: headers, body: body))
                    }
                    outcome.withLock { $0 = result }
                },
                written: { written, expected in progress?(written, expected > 0 ? expected : nil) },
                completion: { error in
                    if let error {
                        continuation.resume(throwing: Self.mapped(error))
                    } else if let result = outcome.current {
                        continuation.resume(with: result)
                    } else {
                        continuation.resume(throwing: URLError(.badServerResponse))
                    }
                }
            )
        }
    }

    /// Whether the session routes requests through `URLProtocol` classes of its user (such as
    /// a test stub) rather than the system's own.
    private var usesCustomProtocols: Bool {
        #if canImport(FoundationNetworking)
            (streamingSession.configuration.protocolClasses ?? []).contains { !String(reflecting: $0).hasPrefix("FoundationNetworking.") }
        #else
            false  // Download tasks take their data from URLProtocols on Apple platforms.
        #endif
    }

    /// Sends the body straight from `bodyFile` with an upload task, reporting the bytes sent.
    public func upload(
        _ request: HTTPRequest, bodyFile: URL, progress: (@Sendable (_ sent: Int64, _ total: Int64?) -> Void)?
    ) async throws -> HTTPResponse {
        guard let delegate else { return try await bufferedUpload(request, bodyFile: bodyFile, progress: progress) }
        try Task.checkCancellation()
        try Self.validate(request.url)
        var urlRequest = Self.urlRequest(for: request)
        // A body stream is read chunk by chunk on every platform (an upload task from a file
        // hands no body to a URLProtocol on Linux). Content-Length avoids chunked encoding.
        guard let stream = InputStream(url: bodyFile),
            let size = (try? FileManager.default.attributesOfItem(atPath: bodyFile.path))?[.size] as? NSNumber
        else { throw URLError(.fileDoesNotExist) }
        urlRequest.httpBody = nil
        urlRequest.httpBodyStream = stream
        urlRequest.setValue(String(size.int64Value), forHTTPHeaderField: "Content-Length")
        let task = streamingSession.dataTask(with: urlRequest)
        return try await run(task, on: delegate) { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
            let received = Locked<(head: HTTPURLResponse?, body: Data)>((nil, Data()))
            return SessionDelegate.Handler(
                response: { head in received.withLock { $0.head = head } },
                data: { chunk in received.withLock { $0.body.append(chunk) } },
                sent: { sent, expected in progress?(sent, expected > 0 ? expected : nil) },
                completion: { error in
                    let (head, body) = received.current
                    continuation.resume(with: Self.outcome(head: head, body: body, error: error))
                }
            )
        }
    }

    /// Runs `task` with the handler `makeHandler` builds; the caller resumes when the handler
    /// resumes its continuation, and cancelling the calling task cancels `task`.
    private func run<Value>(
        _ task: URLSessionTask, on delegate: SessionDelegate,
        _ makeHandler: (CheckedContinuation<Value, any Error>) -> SessionDelegate.Handler
    ) async throws -> Value {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                delegate.register(makeHandler(continuation), for: task)
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
    }

    /// How a delegate-driven task ended: its error, else its answer, else "not HTTP".
    static func outcome(head: HTTPURLResponse?, body: Data, error: (any Error)?) -> Result<HTTPResponse, any Error> {
        if let error { return .failure(mapped(error)) }
        guard let head else { return .failure(URLError(.badServerResponse)) }
        return .success(HTTPResponse(statusCode: head.statusCode, headers: headers(of: head), body: body))
    }

    static func mapped(_ error: any Error) -> any Error {
        if let urlError = error as? URLError, urlError.code == .cancelled { return CancellationError() }
        return error
    }

    static func headers(of response: HTTPURLResponse) -> [String: String] {
        let fields = response.allHeaderFields
        var headers: [String: String] = [:]
        headers.reserveCapacity(fields.count)
        for (key, value) in fields {
            guard let name = key as? String else { continue }
            // Lower-cased here once; `HTTPResponse` keeps them as they are.
            headers[name.lowercased()] = (value as? String) ?? String(describing: value)
        }
        return headers
    }

    private enum TaskState {
        case idle
        case running(URLSessionDataTask)
        case cancelled
    }

    /// Only `http` and `https` URLs with a host go to URLSession (others can crash it on Linux).
    static func validate(_ url: URL) throws {
        let scheme = url.scheme?.lowercased()
        guard scheme == "http" || scheme == "https", url.host?.isEmpty == false else { throw URLError(.unsupportedURL) }
    }

    static func urlRequest(for request: HTTPRequest) -> URLRequest {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method.rawValue
        urlRequest.cachePolicy = .reloadIgnoringLocalCacheData
        urlRequest.httpShouldHandleCookies = false
        if let timeout = request.timeout {
            urlRequest.timeoutInterval = max(0.001, timeout.seconds)
        } else {
            urlRequest.timeoutInterval = noTimeout
        }
        // One assignment: a `setValue` per header costs about 1 µs each on Linux.
        urlRequest.allHTTPHeaderFields = request.headers
        if let body = request.body {
            urlRequest.httpBody = body
        } else if request.method == .post || request.method == .put {
            // A body-less POST/PUT carries `Content-Length: 0`, as the reference client sends.
            urlRequest.httpBody = Data()
        }
        return urlRequest
    }

    private static func result(data: Data?, response: URLResponse?, error: (any Error)?, keepingHeaders names: [String]?)
        -> Result<HTTPResponse, any Error>
    {
        if let error { return .failure(mapped(error)) }
        guard let http = response as? HTTPURLResponse else {
            return .failure(URLError(.badServerResponse))
        }
        let fields = names.map { Self.headers(of: http, named: $0) } ?? Self.headers(of: http)
        return .success(HTTPResponse(statusCode: http.statusCode, headers: fields, body: data ?? Data()))
    }

    /// The fields `names` (lower-cased) of `response`, looked up one by one.
    static func headers(of response: HTTPURLResponse, named names: [String]) -> [String: String] {
        var headers: [String: String] = [:]
        for name in names {
            if let value = response.value(forHTTPHeaderField: name) { headers[name] = value }
        }
        return headers
    }
}

/// Checks redirects: credentials never follow a redirect to another origin.
final class RedirectGuard: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(Self.guarded(request, from: task.originalRequest?.url))
    }

    static func guarded(_ request: URLRequest, from original: URL?) -> URLRequest {
        guard let original, let target = request.url, !sameOrigin(original, target) else { return request }
        var stripped = request
        stripped.setValue(nil, forHTTPHeaderField: "Authorization")
        return stripped
    }

    static func sameOrigin(_ lhs: URL, _ rhs: URL) -> Bool {
        lhs.scheme?.lowercased() == rhs.scheme?.lowercased()
            && lhs.host?.lowercased() == rhs.host?.lowercased()
            && lhs.port == rhs.port
    }
}

extension Duration {
    /// The duration in seconds, as a floating-point number.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
