import AsyncHTTPClient
import Daytona
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// An ``HTTPTransport`` on [AsyncHTTPClient](https://github.com/swift-server/async-http-client)
/// (SwiftNIO): the transport for Linux servers.
///
/// Hand it to ``DaytonaClient`` in place of the default `URLSessionTransport`:
///
/// ```swift
/// import AsyncHTTPClient
/// import Daytona
/// import DaytonaAsyncHTTPClient
///
/// let daytona = DaytonaClient(configuration: configuration, transport: AsyncHTTPClientTransport())
/// ```
///
/// By default it sends through `HTTPClient.shared`, which lives as long as the process and is never
/// shut down. A Vapor or Hummingbird server passes the `HTTPClient` it already has
/// (``init(client:maximumRedirects:)``); that client stays its owner's to shut down, after the
/// last request. To have a client made for you, with the configuration this transport
/// recommends, and shut down when you are done, use
/// ``withTransport(configuration:eventLoopGroup:isolation:_:)``.
///
/// What it does:
/// - **Deliveries.** Buffered answers are read whole (a body longer than 8 MiB is handed on as a
///   stream, so that the client's own size limit applies without this transport holding it all);
///   streamed answers arrive chunk by chunk with back-pressure; file deliveries are written to
///   disk as they arrive, off the concurrency pool, and the partial file is removed on any error
///   or cancellation.
/// - **Uploads.** A file body is read from disk as it is sent, with `Content-Length` (no chunked
///   encoding) and progress.
/// - **Deadlines.** ``HTTPRequest/timeout`` is a deadline on the whole request (connection, head
///   and body) for buffered and file deliveries, so a server that trickles bytes cannot keep a
///   request alive past it; for streamed deliveries (followed logs) it bounds the wait for the
///   answer's head, as the client expects.
/// - **Cancellation.** Cancelling the calling task cancels the request at once and closes its
///   connection; so does ending the iteration of a streamed body early, or dropping it.
/// - **Redirects.** Followed here (up to `maximumRedirects`), keeping the method and the body
///   (a file body is read again); `Authorization`, `Cookie` and `Proxy-Authorization` never
///   follow a redirect to another origin, and `https` never redirects to `http`.
/// - **Errors.** Failures are thrown as `URLError`s where the client classifies them (connection
///   refused or reset, timed out, TLS, malformed answers), so retries and messages work as with
///   `URLSessionTransport`; cancellation is `CancellationError`. No error names a header value.
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// The client every request goes through.
    public let client: HTTPClient
    /// How many redirects a request follows at most; 0 returns every redirect as it is.
    public let maximumRedirects: Int

    /// Creates a transport on `client`.
    ///
    /// The transport never shuts the client down: `HTTPClient.shared` needs no shutdown, and a
    /// client you made (or your server framework made) is shut down by its owner once no request
    /// is in flight.
    ///
    /// - Parameters:
    ///   - client: The client to send through; by default the process-wide `HTTPClient.shared`.
    ///   - maximumRedirects: How many redirects a request follows at most (0: none). A client
    ///     whose own configuration follows redirects follows them before this transport sees
    ///     them; ``recommendedConfiguration(maximumConnectionsPerHost:connectTimeout:idleTimeout:)``
    ///     leaves them to the transport.
    public init(client: HTTPClient = .shared, maximumRedirects: Int = 5) {
        self.client = client
        self.maximumRedirects = max(0, maximumRedirects)
    }

    /// The configuration this transport recommends for an `HTTPClient` of its own.
    ///
    /// - Redirects are left to the transport (the client's policy would turn a `POST` into a
    ///   `GET` on a 301, 302 or 303 and cannot send a streamed body twice).
    /// - Up to `maximumConnectionsPerHost` keep-alive connections per host (AsyncHTTPClient's
    ///   default is 8, which would queue 32 concurrent `exec` calls).
    /// - A connection attempt that fails fails its request at once, so the SDK's
    ///   ``RetryPolicy`` decides about retries (AsyncHTTPClient would otherwise retry it until
    ///   the connect timeout passes).
    /// - No read timeout: a long-running `exec` legitimately sends nothing for minutes; each
    ///   request's own timeout bounds it instead. No decompression, no cookies.
    ///
    /// - Parameters:
    ///   - maximumConnectionsPerHost: The soft limit of HTTP/1.1 connections per host.
    ///   - connectTimeout: How long opening a connection may take.
    ///   - idleTimeout: How long an unused connection stays open in the pool.
    public static func recommendedConfiguration(
        maximumConnectionsPerHost: Int = 64, connectTimeout: Duration = .seconds(10), idleTimeout: Duration = .seconds(60)
    ) -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: TimeAmount(connectTimeout))
        configuration.connectionPool.idleTimeout = TimeAmount(idleTimeout)
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = max(1, maximumConnectionsPerHost)
        configuration.decompression = .disabled
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// Runs `body` with a transport on a new `HTTPClient` made from `configuration`, and shuts
    /// the client down when `body` returns or throws.
    ///
    /// ```swift
    /// try await AsyncHTTPClientTransport.withTransport { transport in
    ///     let daytona = DaytonaClient(configuration: configuration, transport: transport)
    ///     let sandbox = try await daytona.create()
    ///     …
    /// }
    /// ```
    ///
    /// Do not let the transport (or a client built on it) escape `body`: requests sent after it
    /// returns fail, because the client is shut down.
    ///
    /// - Parameters:
    ///   - configuration: The client's configuration; the recommended one by default.
    ///   - eventLoopGroup: The event loops the client runs on; NIO's shared singleton group by
    ///     default.
    ///   - maximumRedirects: How many redirects a request follows at most.
    ///   - isolation: The caller's isolation, inherited.
    ///   - body: What to do with the transport.
    public static func withTransport<Result>(
        configuration: HTTPClient.Configuration = recommendedConfiguration(),
        eventLoopGroup: any EventLoopGroup = HTTPClient.defaultEventLoopGroup,
        maximumRedirects: Int = 5,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (AsyncHTTPClientTransport) async throws -> Result
    ) async throws -> Result {
        let client = HTTPClient(eventLoopGroup: eventLoopGroup, configuration: configuration)
        let result: Result
        do {
            result = try await body(AsyncHTTPClientTransport(client: client, maximumRedirects: maximumRedirects))
        } catch {
            try? await client.shutdown()
            throw error
        }
        try await client.shutdown()
        return result
    }

    // MARK: Sending

    /// Sends `request` and returns its answer, whatever its status code.
    ///
    /// - Throws: `CancellationError` when the calling task is cancelled; a `URLError` when no
    ///   answer arrived (`.timedOut` once ``HTTPRequest/timeout`` has passed,
    ///   `.cannotConnectToHost`, `.networkConnectionLost`, `.secureConnectionFailed`,
    ///   `.badServerResponse`, `.httpTooManyRedirects`, `.unsupportedURL`, `.fileDoesNotExist`
    ///   for a missing upload file); an ``AsyncHTTPClientTransportError`` for a request
    ///   AsyncHTTPClient refuses to send.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Task.checkCancellation()
        let deadline = Deadline(request.timeout)
        do {
            switch request.delivery {
            case .buffered:
                return try await deadline.race { try await self.sendBuffered(request, deadline: deadline) }
            case .streamed:
                let response = try await execute(request, deadline: deadline)
                return HTTPResponse(
                    statusCode: Int(response.status.code), headers: Self.headers(of: response),
                    body: HTTPBody(ChunkReader(response.body).stream()))
            case .file(let destination):
                return try await deadline.race { try await self.download(request, to: destination, deadline: deadline) }
            }
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw ErrorMapping.mapped(error)
        }
    }

    /// The largest buffered body read whole; a longer one continues as a stream.
    static let bufferLimit = 8 << 20
    /// The most bytes of a redirect's body read (to keep its connection) before following it.
    static let redirectBodyLimit = 64 << 10

    private func sendBuffered(_ request: HTTPRequest, deadline: Deadline) async throws -> HTTPResponse {
        let response = try await execute(request, deadline: deadline)
        let status = Int(response.status.code)
        let headers = Self.headers(of: response)
        var iterator = response.body.makeAsyncIterator()
        var collected: ByteBuffer?
        while let chunk = try await iterator.next() {
            collected.setOrWriteImmutableBuffer(chunk)
            if let buffer = collected, buffer.readableBytes > Self.bufferLimit {
                // Too long to hold here: the rest follows as a stream, under the client's limit.
                let reader = ChunkReader(pending: Data(buffer: buffer, byteTransferStrategy: .noCopy), iterator: iterator)
                return HTTPResponse(statusCode: status, headers: headers, body: HTTPBody(reader.stream()))
            }
        }
        let body = collected.map { Data(buffer: $0, byteTransferStrategy: .automatic) } ?? Data()
        return HTTPResponse(statusCode: status, headers: headers, body: body)
    }

    /// Writes a 2xx body to `destination` as it arrives; any other answer is returned with (up to
    /// 1 MiB of) its body and no file. The file is removed on any failure or cancellation.
    private func download(_ request: HTTPRequest, to destination: URL, deadline: Deadline) async throws -> HTTPResponse {
        let response = try await execute(request, deadline: deadline)
        let status = Int(response.status.code)
        let headers = Self.headers(of: response)
        guard (200..<300).contains(status) else {
            var body = Data()
            for try await chunk in response.body {
                body.append(contentsOf: chunk.readableBytesView.prefix(Self.maxErrorBody - body.count))
                if body.count >= Self.maxErrorBody { break }
            }
            return HTTPResponse(statusCode: status, headers: headers, body: body)
        }
        let file = try await FileSink.create(at: destination)
        do {
            let total = response.headers.first(name: "content-length").flatMap { Int64($0) }
            let progress = request.onProgress
            var written: Int64 = 0
            var pending: ByteBuffer?
            for try await chunk in response.body {
                pending.setOrWriteImmutableBuffer(chunk)
                guard let batch = pending, batch.readableBytes >= FileSink.batch else { continue }
                pending = nil
                try await file.write(batch)
                written += Int64(batch.readableBytes)
                progress?(written, total)
            }
            if let batch = pending, batch.readableBytes > 0 {
                try await file.write(batch)
                written += Int64(batch.readableBytes)
                progress?(written, total)
            }
            try Task.checkCancellation()
            try file.close()
        } catch {
            file.discard()
            throw error
        }
        return HTTPResponse(statusCode: status, headers: headers)
    }

    /// The longest error body read for a file delivery (as `URLSessionTransport` reads).
    static let maxErrorBody = 1 << 20

    // MARK: Requests and redirects

    /// Sends `request`, following redirects, and returns once an answer's head arrives.
    private func execute(_ request: HTTPRequest, deadline: Deadline) async throws -> HTTPClientResponse {
        var url = request.url
        var headers = request.headers
        var redirects = 0
        while true {
            let outgoing = try Self.clientRequest(request, url: url, headers: headers)
            let response = try await client.execute(outgoing, deadline: deadline.nio, logger: nil)
            guard maximumRedirects > 0, let target = Self.redirectTarget(of: response, from: url) else { return response }
            // Read a short redirect body so that its connection can serve the next request; drop
            // any other (which closes its connection) rather than wait for it.
            if let length = response.headers.first(name: "content-length").flatMap({ Int($0) }), length <= Self.redirectBodyLimit {
                _ = try? await response.body.collect(upTo: Self.redirectBodyLimit)
            }
            redirects += 1
            guard redirects <= maximumRedirects else { throw URLError(.httpTooManyRedirects) }
            if !Self.sameOrigin(url, target) {
                headers = headers.filter { !Self.credentialHeaders.contains($0.key.lowercased()) }
            }
            url = target
        }
    }

    /// Header fields that never follow a redirect to another origin.
    static let credentialHeaders: Set<String> = ["authorization", "cookie", "proxy-authorization"]
    static let redirectStatuses: Set<UInt> = [301, 302, 303, 307, 308]

    /// Where a redirect answer points, when it is one this transport follows: an `http` or
    /// `https` URL with a host, never from `https` down to `http`.
    static func redirectTarget(of response: HTTPClientResponse, from url: URL) -> URL? {
        guard redirectStatuses.contains(response.status.code), let location = response.headers.first(name: "location"),
            let target = URL(string: location, relativeTo: url)?.absoluteURL,
            let scheme = target.scheme?.lowercased(), scheme == "http" || scheme == "https", target.host?.isEmpty == false
        else { return nil }
        if url.scheme?.lowercased() == "https", scheme == "http" { return nil }
        return target
    }

    static func sameOrigin(_ lhs: URL, _ rhs: URL) -> Bool {
        lhs.scheme?.lowercased() == rhs.scheme?.lowercased() && lhs.host?.lowercased() == rhs.host?.lowercased()
            && effectivePort(lhs) == effectivePort(rhs)
    }

    private static func effectivePort(_ url: URL) -> Int? {
        url.port ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil)
    }

    static func clientRequest(_ request: HTTPRequest, url: URL, headers: [String: String]) throws -> HTTPClientRequest {
        let scheme = url.scheme?.lowercased()
        guard scheme == "http" || scheme == "https", url.host?.isEmpty == false else { throw URLError(.unsupportedURL) }
        var outgoing = HTTPClientRequest(url: url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method.rawValue)
        var fields = HTTPHeaders()
        fields.reserveCapacity(headers.count)
        for (name, value) in headers { fields.add(name: name, value: value) }
        outgoing.headers = fields
        switch request.body {
        case .data(let data):
            outgoing.body = .bytes(ByteBuffer(data: data))
        case .file(let file):
            let size = try FileSource.size(of: file)
            outgoing.body = .stream(FileSource(url: file, size: size, progress: request.onProgress), length: .known(size))
        case nil:
            // A body-less POST, PUT or PATCH carries `Content-Length: 0`, as URLSession sends it.
            if request.method == .post || request.method == .put || request.method == .patch {
                outgoing.body = .bytes(ByteBuffer())
            }
        }
        return outgoing
    }

    /// The answer's header fields with lower-cased names; repeated fields are joined with `, `.
    static func headers(of response: HTTPClientResponse) -> [String: String] {
        var headers: [String: String] = [:]
        headers.reserveCapacity(response.headers.count)
        for (name, value) in response.headers {
            let key = name.lowercased()
            if let existing = headers[key] {
                headers[key] = existing + ", " + value
            } else {
                headers[key] = value
            }
        }
        return headers
    }
}

extension TimeAmount {
    /// The duration, clamped to what a `TimeAmount` holds.
    init(_ duration: Duration) {
        let parts = duration.components
        let (scaled, overflow) = parts.seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow {
            self = .nanoseconds(parts.seconds < 0 ? .min : .max)
        } else {
            let (sum, overflowed) = scaled.addingReportingOverflow(parts.attoseconds / 1_000_000_000)
            self = .nanoseconds(overflowed ? .max : sum)
        }
    }
}
