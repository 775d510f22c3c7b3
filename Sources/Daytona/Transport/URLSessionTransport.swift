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
    /// The session idempotent requests (`GET`, `PUT`, `DELETE`) go through.
    public let session: URLSession
    /// The configuration of the session each `POST` and `PATCH` request gets for itself.
    private let oneShotConfiguration: URLSessionConfiguration?
    private let ownsSession: Bool
    /// The delegate of the sessions this transport made; `nil` for a session given to it, which
    /// then uses the buffered defaults.
    private let delegate: SessionDelegate?
    /// Whether the session routes requests through `URLProtocol` classes of its user (a test
    /// stub): buffered answers then come through completion handlers, as such protocols expect.
    private let usesCustomProtocols: Bool
    /// For answers a stub gives through completion handlers: a session whose delegate only
    /// guards redirects, as those protocols expect.
    private let plainSession: URLSession

    /// Creates a transport with its own sessions built from `configuration`.
    ///
    /// The configuration is copied, and the copy gets no URL cache, no cookie storage, no idle
    /// timeout of its own (the client enforces deadlines) and at least
    /// ``defaultConnectionsPerHost`` connections per host, which is what an API client wants.
    ///
    /// - Parameters:
    ///   - configuration: The session configuration to start from.
    ///   - reusesConnectionsForPOST: Whether `POST` and `PATCH` requests may go out on kept-alive
    ///     connections. `false` (the default) sends each on a connection of its own, closed
    ///     after the answer, so that it reaches the server at most once: libcurl (URLSession on
    ///     Linux) sends a request again on a new connection when the server closed a kept-alive
    ///     one after reading it. `true` saves a connection (and a TLS handshake) per `POST`, at
    ///     the risk of such a repeat (an `exec` run twice); see `Docs/Reliability.md`.
    public init(configuration: URLSessionConfiguration = .default, reusesConnectionsForPOST: Bool = false) {
        let copy = Self.apiConfiguration(from: configuration)
        let delegate = SessionDelegate()
        self.session = URLSession(configuration: copy, delegate: delegate, delegateQueue: nil)
        self.oneShotConfiguration = reusesConnectionsForPOST ? nil : copy
        self.delegate = delegate
        self.ownsSession = true
        self.usesCustomProtocols = Self.hasCustomProtocols(copy)
        self.plainSession = URLSession(configuration: copy, delegate: RedirectGuard(), delegateQueue: nil)
    }

    /// Creates a transport on a session you own. The session is used as it is.
    ///
    /// Redirects are then handled by your session's delegate, if it has one; answers are read
    /// whole by URLSession before the client sees them, and `POST` requests may go out on
    /// kept-alive connections.
    public init(session: URLSession) {
        self.session = session
        self.oneShotConfiguration = nil
        self.delegate = nil
        self.ownsSession = false
        self.usesCustomProtocols = Self.hasCustomProtocols(session.configuration)
        self.plainSession = session
    }

    /// Whether `configuration` has `URLProtocol` classes a default configuration lacks.
    private static func hasCustomProtocols(_ configuration: URLSessionConfiguration) -> Bool {
        let standard = Set((URLSessionConfiguration.default.protocolClasses ?? []).map { ObjectIdentifier($0) })
        return (configuration.protocolClasses ?? []).contains { !standard.contains(ObjectIdentifier($0)) }
    }

    deinit {
        if ownsSession {
            session.finishTasksAndInvalidate()
            plainSession.finishTasksAndInvalidate()
        }
    }

    /// The connections per host a transport's own session allows at least (URLSession's
    /// default is 6 on Linux, where requests beyond it wait, unseen, for a free connection).
    public static let defaultConnectionsPerHost = 256

    /// A copy of `configuration` suited to an API client: no URL cache, no cookies, no
    /// credential storage, no transport-level idle timeout, and at least
    /// ``defaultConnectionsPerHost`` connections per host.
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
        copy.httpMaximumConnectionsPerHost = max(copy.httpMaximumConnectionsPerHost, Self.defaultConnectionsPerHost)
        return copy
    }

    /// A week: URLSession has no "no timeout" value, and the client enforces its own deadlines.
    static let noTimeout: TimeInterval = 7 * 24 * 3600

    /// Sends `request` and returns the answer, whatever its status code.
    ///
    /// Every request is a delegate-driven data task: a buffered answer is read up to
    /// ``HTTPRequest/bodyLimit`` (an error answer up to 64 KiB) and the task is cancelled past
    /// it; a streamed one is delivered chunk by chunk as it arrives (this works on Linux, which
    /// has no `URLSession.bytes(for:)`); a ``HTTPRequest/Delivery/file(_:)`` answer is written
    /// to its file as it arrives; a file body is read as it is sent. `POST` and `PATCH`
    /// requests go out on a new connection each, closed after the answer (unless the transport
    /// was made to reuse connections for them). On a session given to
    /// ``init(session:)`` answers are buffered whole and file bodies read into memory.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        try Self.validate(request.url)
        guard let delegate else {
            if case .file(let file) = request.body { return try await sendBuffered(request.readingFileBody(file), on: session) }
            return try await sendBuffered(request, on: session)
        }
        if usesCustomProtocols, request.delivery == .buffered, request.bodyData != nil || request.body == nil {
            // A stub answers in memory: no socket to guard, no body to cap on the way.
            return try await sendBuffered(request, on: plainSession)
        }
        // A POST gets a session of its own (its own connection cache, invalidated once the task
        // ends): it never goes out on a kept-alive connection, which libcurl would send it again
        // on if the server closed that connection after reading it.
        let oneShot = request.method.isIdempotent ? nil : oneShotConfiguration
        let session = oneShot.map { URLSession(configuration: $0, delegate: delegate, delegateQueue: nil) } ?? self.session
        defer { if oneShot != nil { session.finishTasksAndInvalidate() } }
        var urlRequest = Self.urlRequest(for: request)
        if oneShot != nil {
            // Never kept alive: the next POST can then never land on a connection the server is
            // about to close (see Docs/Reliability.md).
            urlRequest.setValue("close", forHTTPHeaderField: "Connection")
        }
        if case .file(let file) = request.body {
            // A body stream is read chunk by chunk on every platform (an upload task from a file
            // hands no body to a URLProtocol on Linux). Content-Length avoids chunked encoding.
            guard let stream = InputStream(url: file),
                let size = (try? FileManager.default.attributesOfItem(atPath: file.path))?[.size] as? NSNumber
            else { throw URLError(.fileDoesNotExist) }
            urlRequest.httpBody = nil
            urlRequest.httpBodyStream = stream
            urlRequest.setValue(String(size.int64Value), forHTTPHeaderField: "Content-Length")
            urlRequest.setValue(nil, forHTTPHeaderField: "Transfer-Encoding")
        }
        let task = session.dataTask(with: urlRequest)
        switch request.delivery {
        case .buffered: return try await collect(task, request: request, on: delegate)
        case .streamed: return try await stream(task, on: delegate)
        case .file(let destination): return try await download(task, request: request, to: destination, on: delegate)
        }
    }

    /// The most bytes of a non-2xx body a transport's own session reads.
    static let maxErrorBody = 64 << 10

    private func sendBuffered(_ request: HTTPRequest, on session: URLSession) async throws -> HTTPResponse {
        let urlRequest = Self.urlRequest(for: request)
        let state = Locked(TaskState.idle)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
                let task = session.dataTask(with: urlRequest) { data, response, error in
                    continuation.resume(with: Self.result(data: data, response: response, error: error))
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

    /// Reads the whole answer, up to the request's body limit (a 2xx answer: past it the task is
    /// cancelled and ``HTTPBody/TooLarge`` thrown) or ``maxErrorBody`` (any other: past it the
    /// task is cancelled and the first bytes returned).
    private func collect(_ task: URLSessionDataTask, request: HTTPRequest, on delegate: SessionDelegate) async throws -> HTTPResponse {
        let progress = request.onProgress
        let limit = request.bodyLimit ?? .max
        return try await run(task, on: delegate) { (resumer: Resumer<HTTPResponse>) in
            let state = Locked<Collected>(Collected())
            let finish: @Sendable (Result<HTTPResponse, any Error>) -> Void = { result in
                state.withLock { $0.finished = true }
                resumer.resume(result)
            }
            return SessionDelegate.Handler(
                response: { head in
                    let tooLarge = state.withLock { state -> Bool in
                        state.head = head
                        state.limit = (200..<300).contains(head.statusCode) ? limit : Self.maxErrorBody
                        return (200..<300).contains(head.statusCode) && head.expectedContentLength > Int64(limit)
                    }
                    if tooLarge { finish(.failure(HTTPBody.TooLarge(limit: limit))) }
                },
                allow: { head in !((200..<300).contains(head.statusCode) && head.expectedContentLength > Int64(limit)) },
                data: { chunk in
                    let outcome = state.withLock { state -> Result<HTTPResponse, any Error>? in
                        guard !state.finished, let head = state.head else { return nil }
                        guard state.body.count + chunk.count > state.limit else {
                            state.body.append(chunk)
                            return nil
                        }
                        guard (200..<300).contains(head.statusCode) else {
                            state.body.append(chunk.prefix(state.limit - state.body.count))
                            return .success(Self.response(head, body: state.body))
                        }
                        return .failure(HTTPBody.TooLarge(limit: state.limit))
                    }
                    if let outcome {
                        task.cancel()
                        finish(outcome)
                    }
                },
                sent: { sent, expected in progress?(sent, expected > 0 ? expected : nil) },
                completion: { error in
                    let (head, body) = state.withLock { ($0.head, $0.body) }
                    finish(Self.outcome(head: head, body: body, error: error))
                }
            )
        }
    }

    private struct Collected {
        var head: HTTPURLResponse?
        var body = Data()
        var limit = Int.max
        var finished = false
    }

    /// Streams the answer's body chunk by chunk. Ending the iteration early, dropping the body
    /// or cancelling the calling task before the head arrives cancels the data task.
    private func stream(_ task: URLSessionDataTask, on delegate: SessionDelegate) async throws -> HTTPResponse {
        let (body, bodyContinuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        bodyContinuation.onTermination = { termination in
            if case .cancelled = termination { task.cancel() }
        }
        let head = try await run(task, on: delegate) { (resumer: Resumer<HTTPResponse>) in
            let headArrived = Locked(false)
            return SessionDelegate.Handler(
                response: { head in
                    headArrived.withLock { $0 = true }
                    resumer.resume(.success(Self.response(head, body: Data())))
                },
                data: { bodyContinuation.yield($0) },
                completion: { error in
                    if let error {
                        let failure = Self.mapped(error, afterHead: headArrived.current)
                        resumer.resume(.failure(failure))
                        bodyContinuation.finish(throwing: failure)
                    } else {
                        resumer.resume(.failure(URLError(.badServerResponse)))
                        bodyContinuation.finish()
                    }
                }
            )
        }
        return HTTPResponse(statusCode: head.statusCode, headers: head.headers, body: HTTPBody(body))
    }

    /// Writes a 2xx body to `destination` in the delegate's callback, as it arrives; any other
    /// answer is returned with its first ``maxErrorBody`` bytes. (A download task is not used:
    /// on Linux it cannot take its data from a `URLProtocol`, and it leaves its temporary file
    /// behind on errors and cancellation.) Whatever ends the call early (an error, cancellation)
    /// removes the partial file before returning.
    private func download(
        _ task: URLSessionDataTask, request: HTTPRequest, to destination: URL, on delegate: SessionDelegate
    ) async throws -> HTTPResponse {
        let progress = request.onProgress
        let state = Locked<Downloading>(Downloading())
        do {
            return try await run(task, on: delegate) { (resumer: Resumer<HTTPResponse>) in
                let finish: @Sendable (Result<HTTPResponse, any Error>) -> Void = { result in
                    state.withLock { state in
                        state.finished = true
                        try? state.file?.close()
                        state.file = nil
                    }
                    resumer.resume(result)
                }
                return SessionDelegate.Handler(
                    response: { head in
                        state.withLock { state in
                            state.head = head
                            guard (200..<300).contains(head.statusCode), !state.finished else { return }
                            do {
                                guard FileManager.default.createFile(atPath: destination.path, contents: nil) else {
                                    throw CocoaError(.fileWriteNoPermission)
                                }
                                state.created = true
                                state.file = try FileHandle(forWritingTo: destination)
                            } catch {
                                state.failure = error
                            }
                        }
                    },
                    allow: { _ in state.withLock { $0.failure == nil } },
                    data: { chunk in
                        let (report, errorBody) = state.withLock { state -> ((Int64, Int64?)?, HTTPResponse?) in
                            guard state.failure == nil, !state.finished, let head = state.head else { return (nil, nil) }
                            guard let file = state.file else {
                                state.body.append(chunk.prefix(Self.maxErrorBody - state.body.count))
                                if state.body.count >= Self.maxErrorBody { return (nil, Self.response(head, body: state.body)) }
                                return (nil, nil)
                            }
                            do {
                                try file.write(contentsOf: chunk)
                            } catch {
                                state.failure = error
                                task.cancel()
                                return (nil, nil)
                            }
                            state.written += Int64(chunk.count)
                            let expected = head.expectedContentLength > 0 ? head.expectedContentLength : nil
                            return ((state.written, expected), nil)
                        }
                        if let report { progress?(report.0, report.1) }
                        if let errorBody {
                            task.cancel()
                            finish(.success(errorBody))
                        }
                    },
                    completion: { error in
                        let (head, body, failure) = state.withLock { ($0.head, $0.body, $0.failure) }
                        finish(Self.outcome(head: head, body: body, error: failure ?? error))
                    }
                )
            }
        } catch {
            let created = state.withLock { state -> Bool in
                state.finished = true
                try? state.file?.close()
                state.file = nil
                return state.created
            }
            if created { try? FileManager.default.removeItem(at: destination) }
            throw error
        }
    }

    private struct Downloading {
        var head: HTTPURLResponse?
        var file: FileHandle?
        var created = false
        var body = Data()
        var written: Int64 = 0
        var failure: (any Error)?
        var finished = false
    }

    /// Runs `task` with the handler `makeHandler` builds; the caller resumes when the handler
    /// resumes, once. Cancelling the calling task cancels `task` and resumes the caller at once
    /// with `CancellationError`: it does not wait for URLSession to deliver the chunks it had
    /// queued (the task's late callbacks are then ignored).
    private func run<Value: Sendable>(
        _ task: URLSessionTask, on delegate: SessionDelegate,
        _ makeHandler: (Resumer<Value>) -> SessionDelegate.Handler
    ) async throws -> Value {
        let resumer = Resumer<Value>()
        delegate.register(makeHandler(resumer), for: task)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
                if resumer.attach(continuation) { task.resume() }
            }
        } onCancel: {
            resumer.resume(.failure(CancellationError()))
            // `cancel()` waits for the task's queue, which may be busy reading: not on the
            // caller's time.
            DispatchQueue.global().async { task.cancel() }
        }
    }

    /// How a delegate-driven task ended: its error, else its answer, else "not HTTP".
    static func outcome(head: HTTPURLResponse?, body: Data, error: (any Error)?) -> Result<HTTPResponse, any Error> {
        if let error { return .failure(mapped(error, afterHead: head != nil)) }
        guard let head else { return .failure(URLError(.badServerResponse)) }
        return .success(response(head, body: body))
    }

    static func response(_ head: HTTPURLResponse, body: Data) -> HTTPResponse {
        HTTPResponse(statusCode: head.statusCode, headers: headers(of: head), body: body)
    }

    /// `URLError.cancelled` becomes `CancellationError`; a failure after the answer's head
    /// arrived that URLSession could not name (libcurl's "partial file", a reset mid-body, which
    /// Linux reports as `URLError -1`) becomes `networkConnectionLost`, a connection failure.
    static func mapped(_ error: any Error, afterHead: Bool = false) -> any Error {
        guard let urlError = error as? URLError else { return error }
        if urlError.code == .cancelled { return CancellationError() }
        if afterHead, urlError.code == .unknown || urlError.code == .cannotParseResponse || urlError.code == .zeroByteResource {
            return URLError(.networkConnectionLost)
        }
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

    /// Extra time URLSession's own timer gets over the client's deadline, so that the client's
    /// deadline always fires first (URLSession's counts whole seconds of silence on Linux).
    static let timeoutGrace: TimeInterval = 5

    static func urlRequest(for request: HTTPRequest) -> URLRequest {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method.rawValue
        urlRequest.cachePolicy = .reloadIgnoringLocalCacheData
        urlRequest.httpShouldHandleCookies = false
        urlRequest.timeoutInterval = timeoutInterval(for: request)
        // One assignment: a `setValue` per header costs about 1 µs each on Linux.
        urlRequest.allHTTPHeaderFields = request.headers
        if case .data(let body) = request.body {
            urlRequest.httpBody = body
        } else if request.method == .post || request.method == .put {
            // A body-less POST/PUT carries `Content-Length: 0`, as the reference client sends.
            urlRequest.httpBody = Data()
        }
        return urlRequest
    }

    /// URLSession's timer, which fires after that much silence: the idle timeout when the request
    /// has no deadline; otherwise longer than the deadline (the client's own deadline ends the
    /// call, and is not taken for a connection failure worth a retry).
    static func timeoutInterval(for request: HTTPRequest) -> TimeInterval {
        let idle = request.idleTimeout.map { max(1, $0.seconds.rounded(.up)) }
        guard let timeout = request.timeout, timeout > .zero else { return idle ?? noTimeout }
        let beyondDeadline = min(noTimeout, timeout.seconds.rounded(.up) + timeoutGrace)
        return max(beyondDeadline, idle ?? 0)
    }

    private static func result(data: Data?, response: URLResponse?, error: (any Error)?) -> Result<HTTPResponse, any Error> {
        if let error { return .failure(mapped(error, afterHead: response != nil)) }
        guard let http = response as? HTTPURLResponse else {
            return .failure(URLError(.badServerResponse))
        }
        return .success(HTTPResponse(statusCode: http.statusCode, headers: Self.headers(of: http), body: data ?? Data()))
    }
}

extension HTTPRequest {
    /// The same request with the file body read into memory (for sessions that cannot stream
    /// a body).
    func readingFileBody(_ file: URL) throws -> HTTPRequest {
        var copy = self
        let data = try Data(contentsOf: file)
        copy.body = .data(data)
        onProgress?(Int64(data.count), Int64(data.count))
        return copy
    }
}

/// Checks redirects: credentials never follow a redirect to another origin, and a redirect
/// that would change the request's method or drop its body is not followed (the 3xx answer is
/// returned, and the client turns it into a clear error).
final class RedirectGuard: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(Self.guarded(request, from: task.originalRequest))
    }

    /// The request to follow the redirect with, or `nil` to stop and return the 3xx answer.
    static func guarded(_ request: URLRequest, from original: URLRequest?) -> URLRequest? {
        guard let original else { return request }
        let method = (original.httpMethod ?? "GET").uppercased()
        guard (request.httpMethod ?? "GET").uppercased() == method else { return nil }
        // A streamed body (a file upload) cannot be sent twice; an in-memory one must survive.
        if original.httpBodyStream != nil { return nil }
        if let body = original.httpBody, !body.isEmpty, request.httpBody != body { return nil }
        return guarded(request, from: original.url)
    }

    /// `request` without its `Authorization` header when it goes to another origin than
    /// `original`.
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

/// Resumes a continuation once, with the first result given, whether that comes before or after
/// the continuation is attached.
final class Resumer<Value: Sendable>: Sendable {
    private let state = Locked<(continuation: CheckedContinuation<Value, any Error>?, result: Result<Value, any Error>?, done: Bool)>(
        (nil, nil, false))

    /// Attaches the continuation; `false` when a result was already given (it is resumed now).
    @discardableResult
    func attach(_ continuation: CheckedContinuation<Value, any Error>) -> Bool {
        let result = state.withLock { state -> Result<Value, any Error>? in
            if let result = state.result {
                state.result = nil
                return result
            }
            state.continuation = continuation
            return nil
        }
        guard let result else { return true }
        continuation.resume(with: result)
        return false
    }

    func resume(_ result: Result<Value, any Error>) {
        let continuation = state.withLock { state -> CheckedContinuation<Value, any Error>? in
            guard !state.done else { return nil }
            state.done = true
            guard let continuation = state.continuation else {
                state.result = result
                return nil
            }
            state.continuation = nil
            return continuation
        }
        continuation?.resume(with: result)
    }
}
