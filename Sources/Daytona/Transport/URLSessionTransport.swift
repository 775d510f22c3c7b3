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

    /// Sends `request` and returns the answer, whatever its status code.
    ///
    /// A buffered request goes through a plain data task; a streamed one through a
    /// delegate-driven data task whose chunks are delivered as they arrive (this works on Linux,
    /// which has no `URLSession.bytes(for:)`); a file body is read as it is sent. On a session
    /// given to ``init(session:)`` streamed answers and file bodies are buffered.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        try Self.validate(request.url)
        if case .file(let file) = request.body {
            guard let delegate else { return try await sendBuffered(request.readingFileBody(file)) }
            return try await upload(request, bodyFile: file, on: delegate)
        }
        guard let delegate else { return try await sendBuffered(request) }
        switch request.delivery {
        case .buffered: return try await sendBuffered(request)
        case .streamed: return try await stream(request, on: delegate)
        case .file(let destination):
            if usesCustomProtocols { return try await download(request, to: destination, on: delegate) }
            return try await downloadTask(request, to: destination, on: delegate)
        }
    }

    private func sendBuffered(_ request: HTTPRequest) async throws -> HTTPResponse {
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

    /// Streams the answer's body chunk by chunk. Ending the iteration early, dropping the body
    /// or cancelling the calling task before the head arrives cancels the data task.
    private func stream(_ request: HTTPRequest, on delegate: SessionDelegate) async throws -> HTTPResponse {
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
        return HTTPResponse(statusCode: head.statusCode, headers: Self.headers(of: head), body: HTTPBody(body))
    }

    /// Writes a 2xx body to `destination` in the delegate's callback, as it arrives: chunks never
    /// queue up between the network and the disk. (A download task is not used: on Linux it
    /// cannot take its data from a `URLProtocol`, and it leaves its temporary file behind on
    /// failure.)
    private func download(_ request: HTTPRequest, to destination: URL, on delegate: SessionDelegate) async throws -> HTTPResponse {
        let task = streamingSession.dataTask(with: Self.urlRequest(for: request))
        let progress = request.onProgress
        return try await run(task, on: delegate) { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
            let state = Locked<(head: HTTPURLResponse?, file: FileHandle?, body: Data, written: Int64, failure: (any Error)?)>(
                (nil, nil, Data(), 0, nil))
            return SessionDelegate.Handler(
                response: { head in
                    state.withLock { state in
                        state.head = head
                        guard (200..<300).contains(head.statusCode) else { return }
                        do {
                            guard FileManager.default.createFile(atPath: destination.path, contents: nil) else {
                                throw CocoaError(.fileWriteNoPermission)
                            }
                            state.file = try FileHandle(forWritingTo: destination)
                        } catch {
                            state.failure = error
                            task.cancel()
                        }
                    }
                },
                data: { chunk in
                    let report = state.withLock { state -> (Int64, Int64?)? in
                        guard state.failure == nil else { return nil }
                        guard let file = state.file else {
                            state.body.append(chunk.prefix(APIClient.maxErrorBody - state.body.count))
                            return nil
                        }
                        do {
                            try file.write(contentsOf: chunk)
                        } catch {
                            state.failure = error
                            task.cancel()
                            return nil
                        }
                        state.written += Int64(chunk.count)
                        let expected = state.head.map(\.expectedContentLength).flatMap { $0 > 0 ? $0 : nil }
                        return (state.written, expected)
                    }
                    if let report { progress?(report.0, report.1) }
                },
                completion: { error in
                    let (head, file, body, _, failure) = state.current
                    try? file?.close()
                    continuation.resume(with: Self.outcome(head: head, body: body, error: failure ?? error))
                }
            )
        }
    }

    /// Downloads with a download task, which writes the body to disk as it arrives on the
    /// session's own queue: memory stays flat however fast the network is (a data task on Linux
    /// queues every chunk in memory until its delegate takes it).
    private func downloadTask(_ request: HTTPRequest, to destination: URL, on delegate: SessionDelegate) async throws -> HTTPResponse {
        let task = streamingSession.downloadTask(with: Self.urlRequest(for: request))
        let progress = request.onProgress
        return try await run(task, on: delegate) { (continuation: CheckedContinuation<HTTPResponse, any Error>) in
            let outcome = Locked<Result<HTTPResponse, any Error>?>(nil)
            return SessionDelegate.Handler(
                downloaded: { location, head in
                    let status = head?.statusCode ?? 0
                    let headers = head.map(Self.headers(of:)) ?? [:]
                    let result: Result<HTTPResponse, any Error>
                    if (200..<300).contains(status) {
                        result = Result {
                            try FileManager.default.moveItem(at: location, to: destination)
                            return HTTPResponse(statusCode: status, headers: headers)
                        }
                    } else {
                        let body =
                            (try? FileHandle(forReadingFrom: location)).flatMap { try? $0.read(upToCount: APIClient.maxErrorBody) }
                            ?? Data()
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
    /// a test stub), found by comparing with the classes of a default configuration. Download
    /// tasks on Linux cannot take their data from such a protocol.
    private var usesCustomProtocols: Bool {
        #if canImport(FoundationNetworking)
            let standard = Set((URLSessionConfiguration.default.protocolClasses ?? []).map { ObjectIdentifier($0) })
            return (streamingSession.configuration.protocolClasses ?? []).contains { !standard.contains(ObjectIdentifier($0)) }
        #else
            return false  // Download tasks take their data from URLProtocols on Apple platforms.
        #endif
    }

    /// Sends the body straight from `bodyFile`, reporting the bytes sent.
    private func upload(_ request: HTTPRequest, bodyFile: URL, on delegate: SessionDelegate) async throws -> HTTPResponse {
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
        let progress = request.onProgress
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
        if case .data(let body) = request.body {
            urlRequest.httpBody = body
        } else if request.method == .post || request.method == .put {
            // A body-less POST/PUT carries `Content-Length: 0`, as the reference client sends.
            urlRequest.httpBody = Data()
        }
        return urlRequest
    }

    private static func result(data: Data?, response: URLResponse?, error: (any Error)?) -> Result<HTTPResponse, any Error> {
        if let error { return .failure(mapped(error)) }
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
