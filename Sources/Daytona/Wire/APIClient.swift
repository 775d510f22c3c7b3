import Foundation

/// The wire dialect a client speaks, once known: the 0.14 API (`/workspace`) or today's
/// (`/sandbox`, toolbox proxy).
enum Dialect: Sendable, Hashable {
    case v014
    case current

    /// The API's name in messages.
    var name: String { self == .current ? "the current Daytona API" : "the Daytona 0.14 API" }
}

/// One API call before encoding: method, encoded path, query pairs and body.
struct Endpoint: Sendable {
    enum Body: Sendable {
        case none
        case json(Data)
        case multipart(Data, boundary: String)
    }

    var method: HTTPRequest.Method
    /// The path below the base URL, already percent-encoded, e.g. `/workspace/ws%201`.
    var path: String
    /// Query pairs in wire order; pairs with a `nil` value are left out.
    var query: [(String, String?)] = []
    var body: Body = .none
    /// Whether the operation declares a response body (then `Accept: application/json` is sent).
    var expectsBody: Bool = false
    /// A per-call request timeout that overrides the client's.
    var timeout: Duration?
    /// An `Accept` value other than `application/json`, for an answer that is not JSON.
    var accept: String?
    /// The most bytes of a 2xx answer the client buffers; `nil` for the configuration's
    /// ``DaytonaConfiguration/maxResponseSize``.
    var bodyLimit: Int?
    /// Which API's headers the request carries.
    var dialect: Dialect = .v014
    /// A base URL other than the API's (without a trailing slash), e.g. a sandbox's toolbox
    /// proxy.
    var base: String?

    static func get(_ path: String, query: [(String, String?)] = []) -> Endpoint {
        Endpoint(method: .get, path: path, query: query, expectsBody: true)
    }

    static func post(_ path: String, query: [(String, String?)] = [], expectsBody: Bool = false) -> Endpoint {
        Endpoint(method: .post, path: path, query: query, expectsBody: expectsBody)
    }

    static func post<Body: Encodable>(_ path: String, json: Body, expectsBody: Bool = false) throws -> Endpoint {
        Endpoint(method: .post, path: path, body: .json(try JSONCoding.encode(json)), expectsBody: expectsBody)
    }

    static func delete(_ path: String, query: [(String, String?)] = []) -> Endpoint {
        Endpoint(method: .delete, path: path, query: query)
    }

    /// The same endpoint, for `dialect`.
    func speaking(_ dialect: Dialect) -> Endpoint {
        var copy = self
        copy.dialect = dialect
        return copy
    }
}

/// Builds requests, sends them through the transport, and turns answers into values or
/// ``DaytonaError``s. Shared, immutable, by the client and every sandbox handle (a class, so
/// that handing it to a handle costs one reference, not one per field).
final class APIClient: Sendable {
    let baseURL: String
    let transport: any HTTPTransport
    let clock: any Clock<Duration>
    let requestTimeout: Duration?
    let retryPolicy: RetryPolicy
    /// The most bytes of a 2xx answer a buffered call reads.
    let maxResponseSize: Int
    /// The default region, if configured.
    let target: TargetRegion?
    /// Receives an event per HTTP attempt, if configured.
    let observer: (any DaytonaObserver)?
    /// Requests in flight per host (``DaytonaConfiguration/maxConnectionsPerHost``).
    let gate: ConnectionGate
    /// The longest silence a request without a deadline of its own waits through.
    let idleTimeout: Duration?
    private let secrets: [String]
    /// The headers of every request, per dialect: without and with `Accept: application/json`,
    /// and with `Content-Type: application/json` as well: built once, not per call.
    private let headers: [Dialect: Headers]
    /// The dialect the configuration names, or `nil` to ask the server.
    private let fixedDialect: Dialect?
    /// The answer of the server, once asked (or the question in flight).
    private let resolution = Locked<Task<Dialect, any Error>?>(nil)

    private struct Headers: Sendable {
        var fixed: [String: String]
        var acceptingJSON: [String: String]
        var sendingJSON: [String: String]
    }

    /// The `User-Agent` the SDK sends.
    static let userAgent = "daytona-swift/\(DaytonaClient.version)"
    /// The `X-Daytona-SDK-Version` sent to the current API: the Python SDK release whose wire
    /// behaviour this SDK reproduces. The toolbox daemon shapes its answers by this value
    /// (WIRE-current §1.7): from 0.167.0 on, session logs are JSON with stdout and stderr
    /// apart, `exec` answers carry both, and sessions start in the work directory.
    static let wireVersion = "0.226.1"

    init(configuration: DaytonaConfiguration, transport: any HTTPTransport, clock: any Clock<Duration>) {
        var base = configuration.apiURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.transport = transport
        self.clock = clock
        self.requestTimeout = configuration.requestTimeout
        self.retryPolicy = configuration.retryPolicy
        self.maxResponseSize = configuration.maxResponseSize
        self.target = configuration.target
        self.gate = ConnectionGate(limit: configuration.maxConnectionsPerHost)
        self.idleTimeout = configuration.idleTimeout
        self.secrets = configuration.secrets
        self.observer = configuration.observer
        switch configuration.api {
        case .automatic: self.fixedDialect = nil
        case .current: self.fixedDialect = .current
        case .v0_14: self.fixedDialect = .v014
        }
        func headers(_ fixed: [String: String]) -> Headers {
            var headers = fixed
            headers["Accept"] = "application/json"
            let accepting = headers
            headers["Content-Type"] = "application/json"
            return Headers(fixed: fixed, acceptingJSON: accepting, sendingJSON: headers)
        }
        var v014 = ["Authorization": "Bearer \(configuration.bearerToken)", "User-Agent": Self.userAgent]
        if let organization = configuration.organizationID { v014["X-Daytona-Organization-ID"] = organization }
        var current = [
            "Authorization": "Bearer \(configuration.bearerToken)", "User-Agent": Self.userAgent,
            "X-Daytona-Source": "sdk-swift", "X-Daytona-SDK-Version": Self.wireVersion,
        ]
        if configuration.apiKey.isEmpty, let organization = configuration.organizationID {
            current["X-Daytona-Organization-ID"] = organization
        }
        self.headers = [.v014: headers(v014), .current: headers(current)]
    }

    // MARK: Dialect

    /// The API the server speaks: the configured one, or the server's answer to `GET /config`,
    /// asked once per client (concurrent first calls share one question).
    func dialect() async throws -> Dialect {
        if let fixedDialect { return fixedDialect }
        while true {
            let task = resolution.withLock { current in
                if let current { return current }
                let task = Task { try await self.askServerForDialect() }
                current = task
                return task
            }
            do {
                return try await withTaskCancellationHandler {
                    try await task.value
                } onCancel: {
                    task.cancel()
                }
            } catch {
                resolution.withLock { if $0 == task { $0 = nil } }
                // Another caller's cancellation ended the shared question: ask again.
                if error is CancellationError, !Task.isCancelled { continue }
                throw error
            }
        }
    }

    /// `GET /config`: a JSON object means the current API; 404 means 0.14.
    private func askServerForDialect() async throws -> Dialect {
        let response: BufferedResponse
        do {
            response = try await send(Endpoint.get("/config").speaking(.current))
        } catch let error as DaytonaError where error.statusCode == 404 {
            return .v014
        }
        let isObject = (try? JSONSerialization.jsonObject(with: response.body)) is [String: Any]
        guard isObject else {
            throw DaytonaError(
                .unsupported,
                message:
                    "The server at \(baseURL) speaks neither the current Daytona API nor the 0.14 API: GET /config answered \(response.statusCode) without a JSON object. Check the API URL, or set DaytonaConfiguration.api.",
                statusCode: response.statusCode, responseBody: response.body)
        }
        return .current
    }

    // MARK: Paths

    func workspacePath(_ id: String, _ suffix: String = "") -> String {
        "/workspace/" + PercentEncoding.pathSegment(id) + suffix
    }

    func sandboxPath(_ idOrName: String, _ suffix: String = "") -> String {
        "/sandbox/" + PercentEncoding.pathSegment(idOrName) + suffix
    }

    func toolboxPath(_ id: String, _ suffix: String) -> String {
        "/toolbox/" + PercentEncoding.pathSegment(id) + "/toolbox" + suffix
    }

    // MARK: Requests

    /// URLs parsed recently, by their text: parsing a URL costs more on Linux than the rest of
    /// building a request, and calls repeat their URLs (polling, a loop of commands).
    private let parsedURLs = Locked<[String: URL]>([:])
    private static let parsedURLLimit = 256

    private func url(_ text: String) -> URL? {
        if let url = parsedURLs.withLock({ $0[text] }) { return url }
        guard let url = URL(string: text) else { return nil }
        parsedURLs.withLock { cache in
            if cache.count >= Self.parsedURLLimit { cache.removeAll(keepingCapacity: true) }
            cache[text] = url
        }
        return url
    }

    func makeRequest(_ endpoint: Endpoint) throws -> HTTPRequest {
        var text = (endpoint.base ?? baseURL) + endpoint.path
        let query = PercentEncoding.query(endpoint.query)
        if !query.isEmpty { text += "?" + query }
        guard let url = url(text) else {
            throw DaytonaError.invalidArgument("Could not build a URL from the server URL and path \(endpoint.path)")
        }
        // The usual shapes take a prebuilt dictionary as it is; others add to a copy.
        let acceptsJSON = endpoint.accept == nil && endpoint.expectsBody
        let set = self.headers[endpoint.dialect] ?? Headers(fixed: [:], acceptingJSON: [:], sendingJSON: [:])
        var headers = acceptsJSON ? set.acceptingJSON : set.fixed
        if let accept = endpoint.accept { headers["Accept"] = accept }
        let body: HTTPRequest.Body?
        switch endpoint.body {
        case .none:
            body = nil
        case .json(let data):
            if acceptsJSON { headers = set.sendingJSON } else { headers["Content-Type"] = "application/json" }
            body = .data(data)
        case .multipart(let data, let boundary):
            headers["Content-Type"] = "multipart/form-data; boundary=\(boundary)"
            body = .data(data)
        }
        var request = HTTPRequest(
            method: endpoint.method, url: url, headers: headers, body: body, timeout: endpoint.timeout ?? requestTimeout)
        request.idleTimeout = idleTimeout
        return request
    }

    /// Sends `endpoint` and returns the whole 2xx answer; any other status becomes a
    /// `DaytonaError`.
    ///
    /// Failures worth another try are retried here, and only here, as ``RetryPolicy`` says.
    func send(_ endpoint: Endpoint) async throws -> BufferedResponse {
        var request = try makeRequest(endpoint)
        let limit = endpoint.bodyLimit ?? maxResponseSize
        request.bodyLimit = limit
        let prepared = request
        // One deadline for the whole call, retries and their waits included.
        return try await underDeadline(prepared) { waiting in
            try await self.sendRetrying(endpoint, prepared, bodyLimit: limit, waiting: waiting)
        }
    }

    private func sendRetrying(
        _ endpoint: Endpoint, _ request: HTTPRequest, bodyLimit limit: Int, waiting: Locked<ConnectionGate.Waiting>?
    ) async throws
        -> BufferedResponse
    {
        var attempt = 1
        while true {
            var retryAfter: Duration?
            do {
                let response = try await observed(endpoint, request, kind: .call, attempt: attempt) {
                    try await sendOnce(request, bodyLimit: limit, waiting: waiting)
                }
                guard !response.isSuccess else { return response }
                guard attempt < retryPolicy.maxAttempts, retryPolicy.shouldRetry(request.method, after: .status(response.statusCode))
                else { throw httpError(response) }
                retryAfter = RetryPolicy.retryAfter(response.header("Retry-After"))
            } catch let failure as TransportFailure {
                let kind = RetryPolicy.Outcome(failure.error)
                guard attempt < retryPolicy.maxAttempts, retryPolicy.shouldRetry(request.method, after: kind) else {
                    throw Self.transportError(failure.error).redacting(secrets)
                }
            }
            try await clock.sleep(for: retryPolicy.delay(afterAttempt: attempt, retryAfter: retryAfter, random: Double.random(in: 0...1)))
            attempt += 1
        }
    }

    /// One attempt: the transport's answer, whatever its status, read whole (a 2xx body up to
    /// `bodyLimit` bytes, any other up to ``maxErrorBody``), once a connection to the host is
    /// free.
    private func sendOnce(_ request: HTTPRequest, bodyLimit: Int, waiting: Locked<ConnectionGate.Waiting>?) async throws
        -> BufferedResponse
    {
        try await classifyingFailures {
            try await gate.withPermit(for: ConnectionGate.key(for: request.url), waiting: waiting) {
                do {
                    let response = try await transport.send(request)
                    let body: Data
                    if response.isSuccess {
                        body = try await response.body.collect(upTo: bodyLimit)
                    } else {
                        body = await response.body.prefix(upTo: Self.maxErrorBody)
                    }
                    return BufferedResponse(statusCode: response.statusCode, headers: response.headers, body: body)
                } catch let tooLarge as HTTPBody.TooLarge {
                    throw DaytonaError(
                        .responseTooLarge,
                        message:
                            "The server's answer is larger than the limit of \(tooLarge.limit) bytes (DaytonaConfiguration.maxResponseSize)"
                    )
                }
            }
        }
    }

    /// Runs `operation` under the request's deadline; a timeout says how long the request
    /// waited for a free connection, if it did.
    private func underDeadline<T: Sendable>(
        _ request: HTTPRequest, _ operation: @escaping @Sendable (Locked<ConnectionGate.Waiting>?) async throws -> T
    ) async throws -> T {
        let timeout = request.timeout
        // The time spent waiting matters only to the message of a deadline.
        let waiting = timeout == nil ? nil : Locked(ConnectionGate.Waiting())
        return try await withDeadline(
            timeout, clock: clock, onTimeout: Self.requestTimeoutError(timeout, queued: waiting?.current.total ?? .zero)
        ) {
            try await operation(waiting)
        }
    }

    static func requestTimeoutError(_ timeout: Duration?, queued: Duration) -> DaytonaError {
        guard queued >= .milliseconds(1) else { return requestTimeoutError(timeout) }
        return DaytonaError(
            .timeout,
            message:
                "The request timed out after \(timeout?.secondsText ?? "?") seconds, \(String(format: "%.2f", queued.seconds)) of them waiting for a free connection (DaytonaConfiguration.maxConnectionsPerHost)."
        )
    }

    static func requestTimeoutError(_ timeout: Duration?) -> DaytonaError {
        DaytonaError(.timeout, message: "The request timed out after \(timeout?.secondsText ?? "?") seconds.")
    }

    /// Runs a transport call: `DaytonaError` passes through (redacted), cancellation stays
    /// `CancellationError`, and any other failure becomes a ``TransportFailure`` for the retry
    /// decision.
    private func classifyingFailures<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as DaytonaError {
            throw error.redacting(secrets)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw TransportFailure(error: error)
        }
    }

    /// A failure of the transport itself (no HTTP answer), before it becomes a `DaytonaError`.
    private struct TransportFailure: Error {
        var error: any Error
    }

    /// Sends `endpoint` and returns once the head of a 2xx answer arrives, with the body as a
    /// stream. Any other status becomes a `DaytonaError` (its body read, up to
    /// ``maxErrorBody``). The request timeout bounds the wait for the head. Not retried.
    func stream(
        _ endpoint: Endpoint, delivery: HTTPRequest.Delivery = .streamed, progress: (@Sendable (Int64, Int64?) -> Void)? = nil
    ) async throws -> HTTPResponse {
        var streamed = try makeRequest(endpoint)
        streamed.delivery = delivery
        streamed.onProgress = progress
        if case .streamed = delivery { streamed.idleTimeout = nil }  // followed logs may be quiet for long
        let request = streamed
        let transport = self.transport
        let response = try await observed(endpoint, request, kind: .stream) {
            try await mappingTransportErrors {
                try await withDeadline(request.timeout, clock: clock, onTimeout: Self.requestTimeoutError(request.timeout)) {
                    try await transport.send(request)
                }
            }
        }
        guard response.isSuccess else {
            let body = await response.body.prefix(upTo: Self.maxErrorBody)
            throw httpError(BufferedResponse(statusCode: response.statusCode, headers: response.headers, body: body))
        }
        return response
    }

    /// Sends `endpoint` and writes its 2xx body to `destination` (a new path) as it arrives; any
    /// other status becomes a `DaytonaError`. Not retried. The request's deadline bounds the
    /// whole transfer. The caller removes `destination` on failure.
    func download(_ endpoint: Endpoint, to destination: URL, progress: (@Sendable (Int64, Int64?) -> Void)?) async throws {
        var prepared = try makeRequest(endpoint)
        prepared.delivery = .file(destination)
        prepared.onProgress = progress
        let request = prepared
        // One event for the whole download: the status and the file's size, or the failure.
        try await observed(endpoint, request, kind: .download) { () async throws -> Void in
            try await mappingTransportErrors {
                try await underDeadline(request) { waiting in
                    try await self.gate.withPermit(for: ConnectionGate.key(for: request.url), waiting: waiting) {
                        try await self.receive(request, into: destination, progress: progress)
                    }
                }
            }
        } answer: { _ in
            (200, Self.fileSize(destination))
        }
    }

    private func receive(_ request: HTTPRequest, into destination: URL, progress: (@Sendable (Int64, Int64?) -> Void)?) async throws {
        let response = try await transport.send(request)
        guard response.isSuccess else {
            let body = await response.body.prefix(upTo: Self.maxErrorBody)
            throw httpError(BufferedResponse(statusCode: response.statusCode, headers: response.headers, body: body))
        }
        // The transport wrote the file itself, or left the body for us to write.
        if FileManager.default.fileExists(atPath: destination.path) { return }
        guard FileManager.default.createFile(atPath: destination.path, contents: nil) else {
            throw DaytonaError.invalidArgument("Could not create the file \(destination.path)")
        }
        let file = try FileHandle(forWritingTo: destination)
        defer { try? file.close() }
        var written: Int64 = 0
        let total = response.contentLength
        for try await chunk in response.body {
            try file.write(contentsOf: chunk)
            written += Int64(chunk.count)
            progress?(written, total)
        }
    }

    /// Sends `endpoint` with its body read from `bodyFile`. Not retried: the body is streamed.
    /// The request's deadline bounds the whole transfer.
    func upload(_ endpoint: Endpoint, bodyFile: URL, progress: (@Sendable (Int64, Int64?) -> Void)?) async throws -> BufferedResponse {
        var prepared = try makeRequest(endpoint)
        prepared.body = .file(bodyFile)
        prepared.onProgress = progress
        prepared.bodyLimit = endpoint.bodyLimit ?? maxResponseSize
        let request = prepared
        let response = try await observed(endpoint, request, kind: .upload, sent: Self.fileSize(bodyFile)) {
            try await mappingTransportErrors {
                try await underDeadline(request) { waiting in
                    try await self.gate.withPermit(for: ConnectionGate.key(for: request.url), waiting: waiting) {
                        let response = try await self.transport.send(request)
                        let body = await response.body.prefix(upTo: Self.maxErrorBody)
                        return BufferedResponse(statusCode: response.statusCode, headers: response.headers, body: body)
                    }
                }
            }
        }
        guard response.isSuccess else { throw httpError(response) }
        return response
    }

    /// The longest error body the client reads (and an error keeps).
    static let maxErrorBody = 64 << 10
    /// The longest server message an error's ``DaytonaError/message`` quotes.
    static let maxMessageLength = 1_000

    // MARK: Observation

    /// Runs one attempt and, when an observer is configured, reports it: the status and body
    /// size of what `body` returns (read by `answer`), or how it failed.
    private func observed<T>(
        _ endpoint: Endpoint, _ request: HTTPRequest, kind: DaytonaRequestEvent.Kind, attempt: Int = 1,
        sent: @autoclosure () -> Int64? = nil, _ body: () async throws -> T, answer: (T) -> (statusCode: Int, bytes: Int64?)
    ) async throws -> T {
        guard let observer else { return try await body() }
        let start = ContinuousClock.now
        let outcome: DaytonaRequestEvent.Outcome
        let received: Int64?
        let result: Result<T, any Error>
        do {
            let value = try await body()
            let (statusCode, bytes) = answer(value)
            (outcome, received, result) = (.response(statusCode: statusCode), bytes, .success(value))
        } catch {
            (outcome, received, result) = (self.outcome(of: error), nil, .failure(error))
        }
        let duration = ContinuousClock.now - start
        let toolboxProxy = endpoint.base != nil
        observer.observe(
            DaytonaRequestEvent(
                operation: "\(request.method) \(RouteTemplates.template(of: endpoint.path, toolboxProxy: toolboxProxy))",
                method: request.method,
                redactedURL: RouteTemplates.redactedURL(request.url, path: endpoint.path, toolboxProxy: toolboxProxy, secrets: secrets),
                kind: kind, attempt: attempt, outcome: outcome, duration: duration,
                bytesSent: sent() ?? request.bodyData.map { Int64($0.count) } ?? 0, bytesReceived: received))
        return try result.get()
    }

    private func observed(
        _ endpoint: Endpoint, _ request: HTTPRequest, kind: DaytonaRequestEvent.Kind, attempt: Int = 1,
        sent: @autoclosure () -> Int64? = nil, _ body: () async throws -> BufferedResponse
    ) async throws -> BufferedResponse {
        try await observed(endpoint, request, kind: kind, attempt: attempt, sent: sent(), body) { ($0.statusCode, Int64($0.body.count)) }
    }

    private func observed(
        _ endpoint: Endpoint, _ request: HTTPRequest, kind: DaytonaRequestEvent.Kind, _ body: () async throws -> HTTPResponse
    ) async throws -> HTTPResponse {
        try await observed(endpoint, request, kind: kind, body) { ($0.statusCode, nil) }
    }

    /// How a failed attempt ended, as an observer may see it (the SDK's message, redacted).
    private func outcome(of error: any Error) -> DaytonaRequestEvent.Outcome {
        switch error {
        case is CancellationError: return .cancelled
        case let failure as TransportFailure:
            let error = Self.transportError(failure.error).redacting(secrets)
            return .failure(error.category, message: error.message)
        case let error as DaytonaError:
            // An HTTP answer outside 2xx (a download's, thrown once its head arrived) is an answer.
            if let statusCode = error.statusCode, error.category != .decoding, error.category != .responseTooLarge {
                return .response(statusCode: statusCode)
            }
            let error = error.redacting(secrets)
            return .failure(error.category, message: error.message)
        default:
            return .failure(.transport, message: Redaction.redact("\(error)", secrets))
        }
    }

    /// The size of the file at `url`, or `nil` when it cannot be read.
    private static func fileSize(_ url: URL) -> Int64? {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value
    }

    /// Runs a transport call, turning its failures into `DaytonaError` or `CancellationError`.
    private func mappingTransportErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await classifyingFailures(body)
        } catch let failure as TransportFailure {
            throw Self.transportError(failure.error).redacting(secrets)
        }
    }

    /// Sends `endpoint` and decodes its JSON answer as `T`.
    func send<T: Decodable>(_ endpoint: Endpoint, decoding type: T.Type) async throws -> T {
        try decode(T.self, from: try await send(endpoint))
    }

    /// Decodes the JSON answer as `T` with the SDK's configured `JSONDecoder`; failures become a
    /// `decoding` ``DaytonaError`` that names the type and where the JSON went wrong.
    func decode<T: Decodable>(_ type: T.Type, from response: BufferedResponse, displayName: String? = nil) throws -> T {
        do {
            return try JSONCoding.decoder.decode(T.self, from: response.body)
        } catch {
            throw DaytonaError(
                .decoding,
                message:
                    "Could not read the server's answer as \(displayName ?? Self.typeName(T.self)): \(Self.describe(decodingError: error))",
                statusCode: response.statusCode,
                responseBody: response.body.prefix(Self.maxErrorBody),
                underlyingError: error
            ).redacting(secrets)
        }
    }

    /// Decodes the wire type of `Model` and maps it; errors name `Model`.
    func decode<Model: V014Decodable>(model: Model.Type, from response: BufferedResponse) throws -> Model {
        Model(try decode(Model.V014Wire.self, from: response, displayName: Self.typeName(Model.self)))
    }

    /// Decodes `T` when the answer has a body, `nil` when it is empty (201/204 answers).
    func decodeIfPresent<T: Decodable>(_ type: T.Type, from response: BufferedResponse) throws -> T? {
        guard response.hasBody else { return nil }
        return try decode(T.self, from: response)
    }

    // MARK: Errors

    func httpError(_ response: BufferedResponse) -> DaytonaError {
        let details = Self.errorDetails(from: response.body.prefix(Self.maxErrorBody))
        let serverMessage = details.message.map(Self.capped)
        let message = Self.redirectMessage(response) ?? serverMessage ?? Self.genericMessage(status: response.statusCode)
        return DaytonaError(
            .forStatus(response.statusCode, code: details.code),
            message: message,
            statusCode: response.statusCode,
            serverMessage: serverMessage,
            responseBody: response.body.prefix(Self.maxErrorBody),
            code: details.code,
            source: details.source
        ).redacting(secrets)
    }

    /// `text`, cut to ``maxMessageLength`` characters.
    static func capped(_ text: String) -> String {
        guard text.count > maxMessageLength else { return text }
        return text.prefix(maxMessageLength) + "… (\(text.utf8.count) bytes)"
    }

    /// The message for a redirect the transport did not follow (it would have changed the
    /// method or dropped the body); `nil` for other answers.
    static func redirectMessage(_ response: BufferedResponse) -> String? {
        guard (300..<400).contains(response.statusCode), let location = response.header("Location") else { return nil }
        return
            "The server redirected the request (\(response.statusCode)) to \(capped(location)); it was not followed, because it would have changed the request's method or dropped its body."
    }

    /// What an error body says, in any of the servers' shapes (WIRE.md §1.8, WIRE-current
    /// §1.13): a JSON object's `message` (arrays joined), else its `error` text, else its
    /// `errors` list; else the raw body text. `code` (or the legacy `error_code`) and `source`
    /// are kept.
    static func errorDetails(from body: Data) -> (message: String?, code: String?, source: String?) {
        guard !body.isEmpty else { return (nil, nil, nil) }
        if let object = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) as? [String: Any] {
            let code = (object["code"] as? String) ?? (object["error_code"] as? String)
            let source = object["source"] as? String
            if let message = object["message"] {
                return (text(ofMessage: message), code, source)
            }
            if let error = object["error"] as? String {
                return (error, code, source)
            }
            if let errors = object["errors"] as? [Any], !errors.isEmpty {
                return (errors.map { "\($0)" }.joined(separator: ", "), code, source)
            }
        }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (text.isEmpty ? nil : text, nil, nil)
    }

    /// A `message` value as text: strings as they are, arrays joined with `; `.
    private static func text(ofMessage message: Any) -> String {
        switch message {
        case let text as String: return text
        case let list as [Any]: return list.map { "\($0)" }.joined(separator: "; ")
        case is NSNull: return "null"
        default:
            if let data = try? JSONSerialization.data(withJSONObject: message, options: [.fragmentsAllowed]),
                let text = String(data: data, encoding: .utf8)
            {
                return text
            }
            return "\(message)"
        }
    }

    /// The server's message in an error body (see ``errorDetails(from:)``).
    static func serverMessage(from body: Data) -> String? { errorDetails(from: body).message }

    static func genericMessage(status: Int) -> String {
        "(\(status)) Reason: \(HTTPURLResponseReason.phrase(for: status))"
    }

    static func transportError(_ error: any Error) -> DaytonaError {
        guard let urlError = error as? URLError else {
            return DaytonaError(.transport, message: "\(error)", underlyingError: error)
        }
        let text: String
        var category = DaytonaError.Category.transport
        switch urlError.code {
        case .cannotConnectToHost: text = "Could not connect to the server"
        case .cannotFindHost, .dnsLookupFailed: text = "Could not find the server's host"
        case .networkConnectionLost: text = "The connection was lost"
        case .notConnectedToInternet: text = "The network is not reachable"
        case .timedOut:
            text = "The request timed out"
            category = .timeout
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
            .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
            text = "The secure connection failed"
        case .badServerResponse: text = "The server's answer was not valid HTTP"
        case .httpTooManyRedirects, .redirectToNonExistentLocation: text = "The server redirected too often or to nowhere"
        case .unsupportedURL: text = "The server URL must be an http or https URL with a host"
        default: text = "The request failed (URLError \(urlError.code.rawValue))"
        }
        return DaytonaError(category, message: text, underlyingError: urlError)
    }

    /// A type's name as users know it (`Sandbox`, not the module-qualified wire type).
    static func typeName<T>(_ type: T.Type) -> String { String(describing: type) }

    static func describe(decodingError error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return text.isEmpty ? "the top level" : "'\(text)'"
        }
        switch error {
        case .typeMismatch(let type, let context): return "expected \(type) at \(path(context))"
        case .valueNotFound(let type, let context): return "missing \(type) at \(path(context))"
        case .keyNotFound(let key, let context): return "missing key '\(key.stringValue)' at \(path(context))"
        case .dataCorrupted(let context): return "malformed JSON at \(path(context))"
        @unknown default: return "\(error)"
        }
    }
}

/// An answer read whole: status code, header fields (names lower-cased) and body.
struct BufferedResponse: Sendable {
    var statusCode: Int
    var headers: [String: String]
    var body: Data

    init(statusCode: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.statusCode = statusCode
        self.headers = lowercasedKeys(headers)
        self.body = body
    }

    func header(_ name: String) -> String? { headers[name.lowercased()] }

    var isSuccess: Bool { (200..<300).contains(statusCode) }

    /// Whether the body holds anything but white space.
    var hasBody: Bool {
        body.contains { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
    }
}

/// Reason phrases without depending on `HTTPURLResponse` (not available the same way on every
/// platform).
enum HTTPURLResponseReason {
    static func phrase(for status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 413: return "Payload Too Large"
        case 422: return "Unprocessable Entity"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        case 504: return "Gateway Timeout"
        default: return "HTTP \(status)"
        }
    }
}

extension APIClient: CustomReflectable {
    /// Hides the API key and the `Authorization` header from `dump` and debuggers.
    var customMirror: Mirror {
        Mirror(self, children: ["baseURL": baseURL, "credentials": Redaction.placeholder], displayStyle: .class)
    }
}
