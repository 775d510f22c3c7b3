import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One scripted answer of a ``DaytonaStub``: a status, headers and body, optionally after a
/// delay; or a transport failure; or no answer at all.
///
/// ```swift
/// stub.on(.post, "/workspace", respond: .json(#"{"statusCode":401,"message":"Unauthorized"}"#, status: 401))
/// stub.on(.get, "/workspace/{id}", respond: .never)   // hangs until the client cancels
/// stub.on(.get, "/workspace", respond: .failure(.cannotConnectToHost))
/// ```
public struct StubResponse: Sendable {
    enum Kind: Sendable {
        case answer(status: Int, headers: [String: String], body: Data)
        case failure(URLError.Code)
        case never
        case stall(status: Int, headers: [String: String], partialBody: Data)
        case deferred(@Sendable () async -> StubResponse)
        case live(status: Int, headers: [String: String], chunks: AsyncStream<Data>)
    }

    let kind: Kind
    /// How long the stub waits before answering (cancellable by the client).
    public var delay: Duration?
    /// The size of the pieces the body is delivered in, or `nil` for one piece.
    public var chunkSize: Int?

    init(_ kind: Kind, delay: Duration? = nil) {
        self.kind = kind
        self.delay = delay
    }

    /// An answer with any status, headers and body.
    public static func answer(status: Int = 200, headers: [String: String] = [:], body: Data = Data()) -> StubResponse {
        StubResponse(.answer(status: status, headers: headers, body: body))
    }

    /// A JSON answer (`Content-Type: application/json`).
    public static func json(_ text: String, status: Int = 200) -> StubResponse {
        .answer(status: status, headers: ["Content-Type": "application/json"], body: Data(text.utf8))
    }

    /// A JSON answer encoding `value`.
    public static func json<T: Encodable>(encoding value: T, status: Int = 200) -> StubResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let body = (try? encoder.encode(value)) ?? Data("null".utf8)
        return .answer(status: status, headers: ["Content-Type": "application/json"], body: body)
    }

    /// A plain-text answer.
    public static func text(_ text: String, status: Int = 200, contentType: String = "text/plain; charset=utf-8") -> StubResponse {
        .answer(status: status, headers: ["Content-Type": contentType], body: Data(text.utf8))
    }

    /// Raw bytes (`Content-Type: application/octet-stream`).
    public static func data(_ data: Data, status: Int = 200) -> StubResponse {
        .answer(status: status, headers: ["Content-Type": "application/octet-stream"], body: data)
    }

    /// An answer with no body, 200 by default (use 201, 202 or 204 as real servers do).
    public static func empty(status: Int = 200) -> StubResponse {
        .answer(status: status)
    }

    /// An error in the shape the API server sends: `{"statusCode", "message", "error"}`.
    public static func apiError(_ status: Int, message: String) -> StubResponse {
        let body: [String: AnyEncodable] = [
            "statusCode": .int(status), "message": .string(message), "error": .string(HTTPStatus.reason(status)),
        ]
        return .json(encoding: body, status: status)
    }

    /// A transport failure: no HTTP answer, as when the connection is refused or reset.
    public static func failure(_ code: URLError.Code) -> StubResponse {
        StubResponse(.failure(code))
    }

    /// No answer, ever: the request stays in flight until the client cancels it.
    public static let never = StubResponse(.never)

    /// Headers and the first bytes of a body, then nothing more: the request stays in flight,
    /// reading the body, until the client cancels it.
    public static func stall(
        status: Int = 200, headers: [String: String] = ["Content-Type": "application/json"], partialBody: Data = Data("[{\"id\":".utf8)
    ) -> StubResponse {
        StubResponse(.stall(status: status, headers: headers, partialBody: partialBody))
    }

    /// Headers at once, then the body as `chunks` produce it; the answer ends when the stream
    /// finishes (like a server following a log). The client cancelling ends the iteration.
    public static func streaming(status: Int = 200, headers: [String: String] = [:], _ chunks: AsyncStream<Data>) -> StubResponse {
        StubResponse(.live(status: status, headers: headers, chunks: chunks))
    }

    /// An answer computed asynchronously when the request arrives (for handlers that do real
    /// work, such as running a process). Cancelled with the request.
    public static func later(_ produce: @escaping @Sendable () async -> StubResponse) -> StubResponse {
        StubResponse(.deferred(produce))
    }

    /// The same answer with its body delivered in pieces of `size` bytes, as a network would,
    /// to exercise streaming and progress.
    public func chunked(by size: Int) -> StubResponse {
        var copy = self
        copy.chunkSize = max(1, size)
        return copy
    }

    /// The same answer after `delay`.
    public func delayed(by delay: Duration) -> StubResponse {
        var copy = self
        copy.delay = delay
        return copy
    }
}

extension StubResponse: CustomStringConvertible, CustomDebugStringConvertible {
    /// A short summary for test output, e.g. `200 application/json (123 bytes)`,
    /// `transport failure (URLError -1004)` or `never answers`, followed by the chunk size and
    /// delay when set. Only the status, the content type and sizes are shown, never other
    /// headers or the body.
    public var description: String {
        var text: String
        switch kind {
        case .answer(let status, let headers, let body):
            text = "\(Self.head(status, headers)) (\(Self.bytes(body.count)))"
        case .failure(let code):
            text = "transport failure (URLError \(code.rawValue))"
        case .never:
            text = "never answers"
        case .stall(let status, let headers, let partialBody):
            text = "\(Self.head(status, headers)) (stalls after \(Self.bytes(partialBody.count)))"
        case .deferred:
            text = "computed later"
        case .live(let status, let headers, _):
            text = "\(Self.head(status, headers)) (streamed)"
        }
        if let chunkSize { text += ", in \(Self.bytes(chunkSize)) chunks" }
        if let delay { text += ", after \(delay)" }
        return text
    }

    /// The same as ``description``.
    public var debugDescription: String { description }

    private static func head(_ status: Int, _ headers: [String: String]) -> String {
        let contentType = headers.first { $0.key.caseInsensitiveCompare("Content-Type") == .orderedSame }?.value
        return contentType.map { "\(status) \($0)" } ?? "\(status)"
    }

    private static func bytes(_ count: Int) -> String {
        count == 1 ? "1 byte" : "\(count) bytes"
    }
}

enum AnyEncodable: Encodable, Sendable {
    case int(Int)
    case string(String)

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        }
    }
}

enum HTTPStatus {
    static func reason(_ status: Int) -> String {
        switch status {
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 403: return "Forbidden"
        case 404: return "Not Found"
        case 408: return "Request Timeout"
        case 409: return "Conflict"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        case 502: return "Bad Gateway"
        case 503: return "Service Unavailable"
        default: return "Error"
        }
    }
}
