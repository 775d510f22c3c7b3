import Foundation

/// The one seam between the SDK and the network.
///
/// `DaytonaClient` turns every call into an ``HTTPRequest`` and hands it to a transport. The
/// default is ``URLSessionTransport``; provide your own to route requests through another HTTP
/// stack, to add middleware such as logging, or to answer requests in-process.
///
/// A transport returns every HTTP answer it receives, whatever its status code: the client
/// interprets status codes and bodies. It throws only when no answer arrived (a connection
/// failure) and must throw `CancellationError` when the calling task is cancelled.
///
/// ```swift
/// struct LoggingTransport: HTTPTransport {
///     let base: any HTTPTransport
///     func send(_ request: HTTPRequest) async throws -> HTTPResponse {
///         let response = try await base.send(request)
///         logger.info("\(request.method.rawValue) \(request.url.path) -> \(response.statusCode)")
///         return response
///     }
/// }
/// ```
public protocol HTTPTransport: Sendable {
    /// Sends one request and returns the server's answer, whatever its status code.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse

    /// Sends one request and returns as soon as the answer's headers arrive, with its body as
    /// a stream of chunks (for downloads to a file and for following logs).
    ///
    /// Ending the iteration of the body early, or cancelling the calling task, must cancel the
    /// request. The default implementation calls ``send(_:)`` and delivers the whole body as
    /// one chunk, so it works with any transport, without constant memory.
    func stream(_ request: HTTPRequest) async throws -> HTTPStreamedResponse

    /// Sends one request and hands each chunk of a 2xx answer's body to `sink` as it arrives,
    /// with the `Content-Length` when known, in order, before the next chunk is read (for downloads to a file, where a slow reader
    /// must not let chunks pile up in memory). Any other answer is returned with its body.
    ///
    /// The default implementation iterates ``stream(_:)``.
    func receive(_ request: HTTPRequest, into sink: @escaping @Sendable (_ chunk: Data, _ expectedLength: Int64?) throws -> Void)
        async throws -> HTTPResponse

    /// Sends one request and, for a 2xx answer, writes its body to the file `destination`
    /// (created or replaced) and returns the answer with an empty body. Any other answer is
    /// returned with its body and no file is written.
    ///
    /// The default implementation writes the chunks of ``receive(_:into:)`` to the file.
    func download(
        _ request: HTTPRequest, to destination: URL, progress: (@Sendable (_ written: Int64, _ total: Int64?) -> Void)?
    ) async throws -> HTTPResponse

    /// Sends one request whose body is read from `bodyFile`, without loading it into memory,
    /// and reports the bytes sent.
    ///
    /// The default implementation reads the file into memory and calls ``send(_:)``.
    func upload(
        _ request: HTTPRequest, bodyFile: URL, progress: (@Sendable (_ sent: Int64, _ total: Int64?) -> Void)?
    ) async throws -> HTTPResponse
}

extension HTTPTransport {
    /// Buffers the whole answer with ``send(_:)`` and delivers its body as one chunk.
    public func stream(_ request: HTTPRequest) async throws -> HTTPStreamedResponse {
        try await bufferedStream(request)
    }

    /// Reads `bodyFile` into memory and sends it with ``send(_:)``.
    public func upload(
        _ request: HTTPRequest, bodyFile: URL, progress: (@Sendable (_ sent: Int64, _ total: Int64?) -> Void)?
    ) async throws -> HTTPResponse {
        try await bufferedUpload(request, bodyFile: bodyFile, progress: progress)
    }

    /// Iterates ``stream(_:)`` and hands each chunk of a 2xx body to `sink`.
    public func receive(_ request: HTTPRequest, into sink: @escaping @Sendable (_ chunk: Data, _ expectedLength: Int64?) throws -> Void)
        async throws -> HTTPResponse
    {
        try await drain(try await stream(request), into: sink)
    }

    /// Writes the chunks of ``receive(_:into:)`` to `destination`.
    public func download(
        _ request: HTTPRequest, to destination: URL, progress: (@Sendable (_ written: Int64, _ total: Int64?) -> Void)?
    ) async throws -> HTTPResponse {
        try await downloadByReceiving(request, to: destination, progress: progress)
    }

    func downloadByReceiving(
        _ request: HTTPRequest, to destination: URL, progress: (@Sendable (_ written: Int64, _ total: Int64?) -> Void)?
    ) async throws -> HTTPResponse {
        let file = Locked<FileHandle?>(nil)
        let written = Locked<Int64>(0)
        defer { try? file.current?.close() }
        let response = try await receive(request) { chunk, total in
            let handle = try file.withLock { handle -> FileHandle in
                if let handle { return handle }
                guard FileManager.default.createFile(atPath: destination.path, contents: nil) else {
                    throw CocoaError(.fileWriteNoPermission)
                }
                let opened = try FileHandle(forWritingTo: destination)
                handle = opened
                return opened
            }
            try handle.write(contentsOf: chunk)
            let bytes = written.withLock { bytes -> Int64 in
                bytes += Int64(chunk.count)
                return bytes
            }
            progress?(bytes, total)
        }
        if response.isSuccess, file.current == nil {
            // An empty body: an empty file.
            guard FileManager.default.createFile(atPath: destination.path, contents: Data()) else {
                throw CocoaError(.fileWriteNoPermission)
            }
        }
        return response
    }

    func bufferedStream(_ request: HTTPRequest) async throws -> HTTPStreamedResponse {
        let response = try await send(request)
        let (body, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        if !response.body.isEmpty { continuation.yield(response.body) }
        continuation.finish()
        return HTTPStreamedResponse(statusCode: response.statusCode, headers: response.headers, body: body)
    }

    func bufferedUpload(
        _ request: HTTPRequest, bodyFile: URL, progress: (@Sendable (_ sent: Int64, _ total: Int64?) -> Void)?
    ) async throws -> HTTPResponse {
        var request = request
        let body = try Data(contentsOf: bodyFile)
        request.body = body
        let response = try await send(request)
        progress?(Int64(body.count), Int64(body.count))
        return response
    }
}

/// Hands a streamed 2xx body to `sink`; any other body is collected and returned.
func drain(_ response: HTTPStreamedResponse, into sink: @Sendable (_ chunk: Data, _ expectedLength: Int64?) throws -> Void) async throws
    -> HTTPResponse
{
    var body = Data()
    let success = (200..<300).contains(response.statusCode)
    for try await chunk in response.body {
        if success { try sink(chunk, response.contentLength) } else { body.append(chunk) }
    }
    return HTTPResponse(statusCode: response.statusCode, headers: response.headers, body: body)
}

/// An HTTP answer whose body arrives as a stream of chunks.
public struct HTTPStreamedResponse: Sendable {
    /// The HTTP status code.
    public var statusCode: Int
    /// Header fields, with names lower-cased.
    public var headers: [String: String]
    /// The body, chunk by chunk. It finishes when the body is complete and throws when the
    /// connection fails.
    public var body: AsyncThrowingStream<Data, any Error>

    /// Creates a streamed response. Header names are lower-cased.
    public init(statusCode: Int, headers: [String: String], body: AsyncThrowingStream<Data, any Error>) {
        self.statusCode = statusCode
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        self.body = body
    }

    /// The value of a header field, looked up without regard to case.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The `Content-Length`, when the server sent one.
    public var contentLength: Int64? { header("Content-Length").flatMap { Int64($0) } }
}

/// An HTTP request as the SDK builds it: fully encoded and ready to send.
public struct HTTPRequest: Sendable, Equatable {
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
        /// `DELETE`
        public static let delete = Method(rawValue: "DELETE")
        /// The method's wire name.
        public var description: String { rawValue }
    }

    /// The HTTP method.
    public var method: Method
    /// The complete URL, with its path and query already percent-encoded.
    public var url: URL
    /// Header fields to send. Names are spelled as the SDK sends them (`Authorization`,
    /// `Content-Type`, `Accept`, `User-Agent`).
    public var headers: [String: String]
    /// The body, or `nil` for none.
    public var body: Data?
    /// How long the transport may wait for the answer, or `nil` for no limit of its own.
    ///
    /// The client enforces its own deadline around the call as well; this is a hint for
    /// transports that have a native timeout.
    public var timeout: Duration?

    /// Creates a request.
    public init(method: Method, url: URL, headers: [String: String] = [:], body: Data? = nil, timeout: Duration? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// An HTTP answer: status code, header fields and the whole body.
public struct HTTPResponse: Sendable, Equatable {
    /// The HTTP status code, e.g. `200`.
    public var statusCode: Int
    /// Header fields, with names lower-cased.
    public var headers: [String: String]
    /// The body; empty when the server sent none.
    public var body: Data

    /// Creates a response. Header names are lower-cased.
    public init(statusCode: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.statusCode = statusCode
        if headers.keys.allSatisfy({ !$0.utf8.contains { (65...90).contains($0) } }) {
            self.headers = headers
        } else {
            self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
        }
        self.body = body
    }

    /// The value of a header field, looked up without regard to case.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// Whether the body holds anything but white space.
    public var hasBody: Bool {
        body.contains { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
    }

    /// Whether the status code is in the 2xx range.
    public var isSuccess: Bool { (200..<300).contains(statusCode) }
}
