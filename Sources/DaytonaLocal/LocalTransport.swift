#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import Foundation

    /// The transport that carries a `DaytonaClient`'s requests to a ``LocalDaytona`` in the same
    /// process: no sockets and no `URLSession`, but every call still goes through the SDK's real
    /// encoding and decoding.
    ///
    /// It holds the backend strongly, so a client made with ``LocalDaytona/makeClient(target:api:)``
    /// keeps its backend (and the backend's sandboxes) alive for as long as the client lives.
    ///
    /// Followed logs arrive as a streamed body, chunk by chunk as the command writes them; file
    /// uploads are read from their file, reporting progress as they are read.
    public struct LocalTransport: HTTPTransport {
        /// The backend that answers the requests.
        public let backend: LocalDaytona

        /// Creates a transport that answers with `backend`.
        public init(backend: LocalDaytona) {
            self.backend = backend
        }

        /// Answers one request from the backend.
        ///
        /// Throws `CancellationError` when the calling task is cancelled before the answer's head
        /// is ready; a body that cannot be read (a missing upload file) is thrown as it is.
        public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            try Task.checkCancellation()
            let body = try Self.readBody(of: request)
            let local = LocalRequest(
                method: request.method.rawValue,
                path: backend.relativePath(of: request.url),
                rawQuery: URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.percentEncodedQuery,
                headers: request.headers,
                body: body, rootPath: backend.serverURL.path)
            return try await Self.resolve(backend.router.respond(to: local))
        }

        /// The head and body of an answer, running deferred work first.
        private static func resolve(_ response: LocalResponse) async throws -> HTTPResponse {
            switch response {
            case .whole(let status, let headers, let body):
                var headers = headers
                headers["Content-Length"] = String(body.count)
                return HTTPResponse(statusCode: status, headers: headers, body: body)
            case .streamed(let status, let headers, let body):
                return HTTPResponse(statusCode: status, headers: headers, body: HTTPBody(body))
            case .deferred(let produce):
                return try await resolve(try await cancellable(produce))
            }
        }

        /// Runs `work` in a task of its own and returns its result, or throws `CancellationError`
        /// as soon as the calling task is cancelled (the work is cancelled too; work that cannot
        /// stop at once, such as a process, finishes on its own and its answer is dropped).
        private static func cancellable(_ work: @escaping @Sendable () async -> LocalResponse) async throws -> LocalResponse {
            let results = AsyncStream<LocalResponse> { continuation in
                let task = Task {
                    continuation.yield(await work())
                    continuation.finish()
                }
                continuation.onTermination = { _ in task.cancel() }
            }
            // Iterating an AsyncStream ends (with `nil`) when the iterating task is cancelled.
            for await result in results { return result }
            throw CancellationError()
        }

        /// The request's body bytes: in memory, or read from its file in pieces, reporting
        /// progress as it goes.
        private static func readBody(of request: HTTPRequest) throws -> Data {
            switch request.body {
            case nil:
                return Data()
            case .data(let data):
                request.onProgress?(Int64(data.count), Int64(data.count))
                return data
            case .file(let url):
                let handle = try FileHandle(forReadingFrom: url)
                defer { try? handle.close() }
                let total = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.int64Value
                var data = Data()
                while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
                    try Task.checkCancellation()
                    data.append(chunk)
                    request.onProgress?(Int64(data.count), total)
                }
                return data
            }
        }
    }

#endif
