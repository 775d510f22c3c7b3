import Foundation

/// A request as it reached a ``DaytonaStub``: everything needed to assert the exact wire form.
public struct RecordedRequest: Sendable, Hashable {
    /// The HTTP method, e.g. `POST`.
    public var method: String
    /// The full URL.
    public var url: URL
    /// The percent-encoded path below the API root, e.g. `/workspace/ws%201/start`.
    public var path: String
    /// The percent-encoded query without `?`, or `nil` when there is none.
    public var query: String?
    /// The header fields, as sent.
    public var headers: [String: String]
    /// The body bytes (empty when there was none).
    public var body: Data

    /// Creates a recorded request.
    public init(method: String, url: URL, path: String, query: String?, headers: [String: String], body: Data) {
        self.method = method
        self.url = url
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// A header's value, looked up without regard to case.
    public func header(_ name: String) -> String? {
        headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// `METHOD /path?query`, handy in assertions and failure messages.
    public var line: String { "\(method) \(path)" + (query.map { "?\($0)" } ?? "") }
}

extension RecordedRequest: CustomStringConvertible, CustomDebugStringConvertible {
    /// The request ``line``, e.g. `GET /workspace/ws-1?force=true`: no headers (so never the
    /// `Authorization` header) and no body.
    public var description: String { line }

    /// The request ``line`` and the size of the body, e.g. `POST /workspace (42-byte body)`.
    /// Headers and body contents are left out, as they may carry secrets.
    public var debugDescription: String { body.isEmpty ? line : "\(line) (\(body.count)-byte body)" }
}
