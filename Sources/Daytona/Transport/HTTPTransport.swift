import Foundation

/// The one seam between the SDK and the network: a single method.
///
/// `DaytonaClient` turns every call into an ``HTTPRequest`` and hands it to a transport. The
/// default is ``URLSessionTransport``; provide your own to route requests through another HTTP
/// stack or to answer requests in process.
///
/// Everything the SDK does goes through ``send(_:)``: plain calls, followed logs (a streamed
/// answer), file uploads (a ``HTTPRequest/Body/file(_:)`` body) and file downloads (a streamed
/// answer the client writes to disk). A wrapper that forwards `send` therefore keeps every
/// capability of the transport it wraps:
///
/// ```swift
/// struct LoggingTransport: HTTPTransport {
///     let base: any HTTPTransport
///     func send(_ request: HTTPRequest) async throws -> HTTPResponse {
///         let response = try await base.send(request)
///         logger.info("\(request.method) \(request.url.path) -> \(response.statusCode)")
///         return response
///     }
/// }
/// ```
///
/// A transport returns every HTTP answer it receives, whatever its status code: the client
/// interprets status codes and bodies. It throws only when no answer arrived (a connection
/// failure), and throws `CancellationError` when the calling task is cancelled. Ending the
/// iteration of a streamed body early, or dropping it, must cancel the request.
public protocol HTTPTransport: Sendable {
    /// Sends one request and returns as soon as the answer's head arrives, with its body.
    ///
    /// When ``HTTPRequest/delivery`` is ``HTTPRequest/Delivery/buffered`` the transport may read
    /// the whole body before returning (a cheaper path on most stacks); when it is
    /// ``HTTPRequest/Delivery/streamed`` the body must be delivered chunk by chunk as it arrives.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}

/// An HTTP request as the SDK builds it: fully encoded and ready to send.
public struct HTTPRequest: Sendable, Equatable, CustomStringConvertible {
    /// An HTTP method used by the Daytona API.
    public struct Method: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The method's name as sent on the wire, e.g. `GET`.
        public var rawValue: String
        /// Creates a method from its wire name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// `GET`
        public static let get = Method(rawValue: "GET")
        /// `POST`
        public static let post = Method(rawValue: "POST")
        /// `PUT`
        public static let put = Method(rawValue: "PUT")
        /// `PATCH`
        public static let patch = Method(rawValue: "PATCH")
        /// `DELETE`
        public static let delete = Method(rawValue: "DELETE")
        /// The method's wire name.
        public var description: String { rawValue }

        /// Whether sending the request twice has the effect of sending it once.
        public var isIdempotent: Bool { self != .post && self != .patch }
    }

    /// A request body.
    public enum Body: Sendable, Hashable {
        /// Bytes in memory.
        case data(Data)
        /// The contents of a local file, read as it is sent (large uploads).
        case file(URL)
    }

    /// How the caller reads the answer's body.
    public enum Delivery: Sendable, Hashable {
        /// The caller reads the whole body: the transport may buffer it.
        case buffered
        /// The caller reads the body as it arrives (followed logs): the transport must not wait
        /// for the end of the body before returning.
        case streamed
        /// The caller wants a 2xx body in this file (a new path). A transport that can write it as
        /// it arrives, in constant memory, does so and returns an empty body; any other transport
        /// treats this as ``streamed`` and the client writes the file. Any other status is
        /// returned with its body and no file.
        case file(URL)
    }

    /// The HTTP method.
    public var method: Method
    /// The complete URL, with its path and query already percent-encoded.
    public var url: URL
    /// Header fields to send, spelled as the SDK sends them (`Authorization`, `Content-Type`,
    /// `Accept`, `User-Agent`).
    public var headers: [String: String]
    /// The body, or `nil` for none.
    public var body: Body?
    /// How long the transport may wait for the answer, or `nil` for no limit of its own.
    ///
    /// The client enforces its own deadline around the call as well; this is a hint for
    /// transports that have a native timeout.
    public var timeout: Duration?
    /// How the caller reads the answer's body.
    public var delivery: Delivery
    /// Called with the bytes moved so far and the total when known: as a file body goes out,
    /// and as a ``Delivery/file(_:)`` answer is written. Transports that cannot tell may never
    /// call it. Not part of equality.
    public var onProgress: (@Sendable (_ bytes: Int64, _ total: Int64?) -> Void)?
    /// The most bytes of a 2xx answer's body the caller reads, or `nil` for no limit. A
    /// transport that buffers the body may stop reading past it (and throw
    /// ``HTTPBody/TooLarge``), so that a huge answer never fills memory. Not part of equality.
    public var bodyLimit: Int?
    /// How long the transport may wait without a byte arriving (a stalled peer), or `nil` for no
    /// limit. ``timeout`` bounds the whole call; this bounds silence, for calls with no
    /// ``timeout``. Not part of equality.
    public var idleTimeout: Duration?

    /// Creates a request.
    public init(
        method: Method, url: URL, headers: [String: String] = [:], body: Body? = nil, timeout: Duration? = nil,
        delivery: Delivery = .buffered
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.delivery = delivery
    }

    /// The in-memory body's bytes; `nil` for no body or a file body.
    public var bodyData: Data? {
        if case .data(let data) = body { return data }
        return nil
    }

    /// Compares everything but ``onProgress``.
    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.headers == rhs.headers && lhs.body == rhs.body
            && lhs.timeout == rhs.timeout && lhs.delivery == rhs.delivery
    }

    /// `METHOD URL`, with the query's secrets, if any, left as they are (the SDK never puts a
    /// secret in a URL).
    public var description: String { "\(method) \(url.absoluteString)" }
}

/// An HTTP answer: status code, header fields and a body that may still be arriving.
public struct HTTPResponse: Sendable, CustomStringConvertible {
    /// The HTTP status code, e.g. `200`.
    public var statusCode: Int
    /// Header fields, with names lower-cased.
    public var headers: [String: String]
    /// The body: whole, or chunk by chunk as it arrives.
    public var body: HTTPBody

    /// Creates a response. Header names are lower-cased.
    public init(statusCode: Int, headers: [String: String] = [:], body: HTTPBody = HTTPBody()) {
        self.statusCode = statusCode
        self.headers = lowercasedKeys(headers)
        self.body = body
    }

    /// Creates a response whose whole body is `body`. Header names are lower-cased.
    public init(statusCode: Int, headers: [String: String] = [:], body: Data) {
        self.init(statusCode: statusCode, headers: headers, body: HTTPBody(body))
    }

    /// The value of a header field, looked up without regard to case.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// Whether the status code is in the 2xx range.
    public var isSuccess: Bool { (200..<300).contains(statusCode) }

    /// The `Content-Length`, when the server sent one.
    public var contentLength: Int64? { header("Content-Length").flatMap { Int64($0) } }

    /// The status code, e.g. `HTTP 200`.
    public var description: String { "HTTP \(statusCode)" }
}

/// The body of an ``HTTPResponse``: an async sequence of chunks of bytes, or all of them at once.
///
/// A transport that has the whole body makes it with ``init(_:)-(Data)``; one that streams makes
/// it from an `AsyncThrowingStream` whose termination cancels the request.
public struct HTTPBody: AsyncSequence, Sendable {
    /// A chunk of bytes.
    public typealias Element = Data

    private enum Storage: Sendable {
        case whole(Data)
        case stream(AsyncThrowingStream<Data, any Error>)
    }

    private let storage: Storage

    /// An empty body.
    public init() { storage = .whole(Data()) }

    /// A body whose bytes are all here.
    public init(_ data: Data) { storage = .whole(data) }

    /// A body that arrives chunk by chunk. Dropping it, or ending its iteration early, should
    /// cancel the request behind it (set the stream's `onTermination`).
    public init(_ stream: AsyncThrowingStream<Data, any Error>) { storage = .stream(stream) }

    /// The whole body, when it was given at once; `nil` for a streamed body.
    public var wholeData: Data? {
        if case .whole(let data) = storage { return data }
        return nil
    }

    /// Reads the whole body, failing with ``TooLarge`` once it exceeds `limit` bytes (the
    /// stream is then dropped, which cancels the request).
    public func collect(upTo limit: Int) async throws -> Data {
        switch storage {
        case .whole(let data):
            guard data.count <= limit else { throw TooLarge(limit: limit) }
            return data
        case .stream(let stream):
            var data = Data()
            for try await chunk in stream {
                guard data.count + chunk.count <= limit else { throw TooLarge(limit: limit) }
                data.append(chunk)
            }
            return data
        }
    }

    /// Reads at most `limit` bytes of the body and drops the rest (for error bodies).
    func prefix(upTo limit: Int) async -> Data {
        switch storage {
        case .whole(let data):
            return data.prefix(limit)
        case .stream(let stream):
            var data = Data()
            do {
                for try await chunk in stream {
                    data.append(chunk.prefix(limit - data.count))
                    if data.count >= limit { break }
                }
            } catch {}
            return data
        }
    }

    /// Thrown by ``HTTPBody/collect(upTo:)`` when the body is longer than the limit.
    public struct TooLarge: Error, Sendable, CustomStringConvertible {
        /// The limit that was exceeded, in bytes.
        public var limit: Int
        /// Says which limit was exceeded.
        public var description: String { "The answer's body is larger than \(limit) bytes" }
    }

    /// Iterates over the chunks.
    public func makeAsyncIterator() -> Iterator {
        switch storage {
        case .whole(let data): Iterator(pending: data.isEmpty ? nil : data, stream: nil)
        case .stream(let stream): Iterator(pending: nil, stream: stream.makeAsyncIterator())
        }
    }

    /// The iterator of an ``HTTPBody``.
    public struct Iterator: AsyncIteratorProtocol {
        var pending: Data?
        var stream: AsyncThrowingStream<Data, any Error>.Iterator?

        /// The next chunk, or `nil` at the end of the body.
        public mutating func next() async throws -> Data? {
            if let chunk = pending {
                pending = nil
                return chunk
            }
            return try await stream?.next()
        }
    }
}

/// A dictionary with lower-cased keys (the last value wins when two names differ only in case).
func lowercasedKeys(_ headers: [String: String]) -> [String: String] {
    if headers.keys.allSatisfy({ !$0.utf8.contains { (65...90).contains($0) } }) { return headers }
    return Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
}
