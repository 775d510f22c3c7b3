#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import Foundation

    /// A request as the local backend's routes see it: the path below the API root, the query
    /// and the whole body.
    struct LocalRequest: Sendable {
        /// The HTTP method, e.g. `POST`.
        var method: String
        /// The percent-encoded path below the API root, e.g. `/workspace/ws%201/start`.
        var path: String
        /// The percent-encoded query without `?`, or `nil` when there is none.
        var rawQuery: String?
        /// The header fields, as sent.
        var headers: [String: String]
        /// The body bytes (empty when there was none).
        var body: Data
        /// The API root's path (e.g. `/api`), which error bodies put before ``path``.
        var rootPath = ""

        /// A header's value, looked up without regard to case.
        func header(_ name: String) -> String? {
            headers.first { $0.key.caseInsensitiveCompare(name) == .orderedSame }?.value
        }

        /// The `index`th path segment, percent-decoded (`/workspace/{id}` has the ID at 1).
        func segment(_ index: Int) -> String {
            let segments = path.split(separator: "/", omittingEmptySubsequences: true)
            guard index < segments.count else { return "" }
            return String(segments[index]).removingPercentEncoding ?? String(segments[index])
        }

        /// The query's values, percent-decoded.
        var query: [String: String] {
            var values: [String: String] = [:]
            for pair in (rawQuery ?? "").split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(parts[0])
                let value = parts.count > 1 ? String(parts[1]) : ""
                values[key] = value.removingPercentEncoding ?? value
            }
            return values
        }

        /// Every value of a query key that may repeat (`states=a&states=b`), percent-decoded, in
        /// order.
        func queryValues(_ name: String) -> [String] {
            (rawQuery ?? "").split(separator: "&").compactMap { pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard parts[0] == name else { return nil }
                let value = parts.count > 1 ? String(parts[1]) : ""
                return value.removingPercentEncoding ?? value
            }
        }

        /// The path as the client sent it, API root included (`/api/sandbox/x`), decoded.
        var fullPath: String {
            let whole = rootPath + path
            return whole.removingPercentEncoding ?? whole
        }

        /// The body decoded as `type`, or `nil` when it is not JSON of that shape.
        func decodeBody<T: Decodable>(_ type: T.Type) -> T? {
            try? JSONCoding.decoder.decode(T.self, from: body)
        }

        /// The body's top-level JSON object, or `nil` when it is not one.
        var jsonObject: [String: JSONValue]? {
            guard case .object(let object)? = decodeBody(JSONValue.self) else { return nil }
            return object
        }
    }

    /// An answer of the local backend: whole, streamed, or computed asynchronously.
    enum LocalResponse: Sendable {
        /// A status, headers and the whole body.
        case whole(status: Int, headers: [String: String], body: Data)
        /// A status and headers at once, then the body as the stream produces it.
        case streamed(status: Int, headers: [String: String], body: AsyncThrowingStream<Data, any Error>)
        /// An answer that takes work (running a process): computed when the request arrives,
        /// cancelled with the request.
        case deferred(@Sendable () async -> LocalResponse)

        /// An answer with any status, headers and body.
        static func answer(status: Int = 200, headers: [String: String] = [:], body: Data = Data()) -> LocalResponse {
            .whole(status: status, headers: headers, body: body)
        }

        /// A JSON answer encoding `value` as the SDK encodes JSON.
        static func json<T: Encodable>(_ value: T, status: Int = 200) -> LocalResponse {
            guard let body = try? JSONCoding.encode(value) else { return .apiError(500, message: "Could not encode the answer") }
            return .answer(status: status, headers: ["Content-Type": "application/json"], body: body)
        }

        /// A plain-text answer.
        static func text(_ text: String, status: Int = 200) -> LocalResponse {
            .answer(status: status, headers: ["Content-Type": "text/plain; charset=utf-8"], body: Data(text.utf8))
        }

        /// Raw bytes (`Content-Type: application/octet-stream`).
        static func data(_ data: Data, status: Int = 200) -> LocalResponse {
            .answer(status: status, headers: ["Content-Type": "application/octet-stream"], body: data)
        }

        /// An answer with no body.
        static func empty(status: Int = 200) -> LocalResponse {
            .answer(status: status)
        }

        /// An error in the shape the API server sends: `{"statusCode", "message", "error"}`.
        static func apiError(_ status: Int, message: String) -> LocalResponse {
            let error = Current.ErrorResponse(statusCode: status, message: message, code: nil, path: nil, error: reason(status))
            let body = (try? JSONCoding.encode(error)) ?? Data()
            return .answer(status: status, headers: ["Content-Type": "application/json"], body: body)
        }

        /// Headers at once, then the body as `chunks` produce it.
        static func streaming(status: Int = 200, headers: [String: String] = [:], _ chunks: AsyncThrowingStream<Data, any Error>)
            -> LocalResponse
        {
            .streamed(status: status, headers: headers, body: chunks)
        }

        /// An answer computed asynchronously when the request arrives.
        static func later(_ produce: @escaping @Sendable () async -> LocalResponse) -> LocalResponse {
            .deferred(produce)
        }

        /// An error in the shape today's API server (NestJS) sends:
        /// `{"path", "timestamp", "statusCode", "error", "message"}`.
        static func nestError(_ status: Int, message: String, request: LocalRequest) -> LocalResponse {
            let error = Current.ErrorResponse(
                statusCode: status, message: message, code: nil, path: request.fullPath, error: reason(status), timestamp: timestamp())
            let body = (try? JSONCoding.encode(error)) ?? Data()
            return .answer(status: status, headers: ["Content-Type": "application/json"], body: body)
        }

        /// An error in the shape today's sandbox daemon sends:
        /// `{"statusCode", "message", "code", "timestamp", "path", "method"}`.
        static func daemonError(_ status: Int, code: String, message: String, path: String, method: String) -> LocalResponse {
            let body = (try? JSONCoding.encode(daemonErrorBody(status, code: code, message: message, path: path, method: method))) ?? Data()
            return .answer(status: status, headers: ["Content-Type": "application/json"], body: body)
        }

        /// Now, as the servers write times (RFC 3339 with milliseconds, UTC).
        static func timestamp(_ date: Date = Date()) -> String {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return formatter.string(from: date)
        }

        /// The body of a 0.14-shaped error (`{"statusCode", "message", "error"}`), if `body` is one.
        static func apiErrorBody(_ body: Data) -> (status: Int, message: String)? {
            guard let error = try? JSONCoding.decoder.decode(Current.ErrorResponse.self, from: body), let status = error.statusCode,
                let message = error.message, error.error != nil, error.code == nil
            else { return nil }
            return (status, message)
        }

        private static func reason(_ status: Int) -> String {
            switch status {
            case 400: "Bad Request"
            case 401: "Unauthorized"
            case 403: "Forbidden"
            case 404: "Not Found"
            case 408: "Request Timeout"
            case 409: "Conflict"
            case 410: "Gone"
            case 500: "Internal Server Error"
            case 501: "Not Implemented"
            default: "Error"
            }
        }
    }

    /// `ErrorResponse`, the daemon's error body (`statusCode`, `message`, `code`, `timestamp`,
    /// `path`, `method`); also the body of a bulk download's `error` part.
    func daemonErrorBody(_ status: Int, code: String, message: String, path: String, method: String) -> Current.ErrorResponse {
        Current.ErrorResponse(
            statusCode: status, message: message, code: code, path: path, timestamp: LocalResponse.timestamp(), method: method)
    }

    /// The local backend's routes: a method and a path template such as `/workspace/{id}`, whose
    /// `{placeholders}` match one non-empty path segment each. Segments are compared
    /// percent-encoded, as they travel. A later route for the same method and template replaces
    /// an earlier one.
    final class LocalRouter: Sendable {
        typealias Handler = @Sendable (LocalRequest) -> LocalResponse

        private struct Route: Sendable {
            let method: String
            let template: [String]
            let handler: Handler

            func matches(method: String, segments: [String]) -> Bool {
                guard method == self.method, segments.count == template.count else { return false }
                return zip(template, segments).allSatisfy { pattern, segment in
                    (pattern.hasPrefix("{") && pattern.hasSuffix("}") && !segment.isEmpty) || pattern == segment
                }
            }
        }

        private let routes = Locked<[Route]>([])

        /// The segments of a path that starts with `/` (empty segments kept).
        static func segments(_ path: String) -> [String] {
            path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        }

        /// Answers requests to `method` and `path` with whatever `handler` returns.
        func on(_ method: HTTPRequest.Method, _ path: String, handler: @escaping Handler) {
            let route = Route(method: method.rawValue, template: Self.segments(path), handler: handler)
            routes.withLock { routes in
                routes.removeAll { $0.method == route.method && $0.template == route.template }
                routes.append(route)
            }
        }

        /// The answer of the route that matches `request`, or a 404 in the API's shape.
        func respond(to request: LocalRequest) -> LocalResponse {
            let segments = Self.segments(request.path)
            let route = routes.withLock { $0.last { $0.matches(method: request.method, segments: segments) } }
            guard let route else { return .apiError(404, message: "No route for \(request.method) \(request.path)") }
            return route.handler(request)
        }
    }

#endif
