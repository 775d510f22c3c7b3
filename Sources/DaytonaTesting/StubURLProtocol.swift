import Daytona
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The `URLProtocol` behind ``DaytonaStub``. It serves only hosts a live stub registered, so
/// it never intercepts anything else.
public final class StubURLProtocol: URLProtocol {
    // The only mutable state, guarded by a lock: the task that delivers the answer.
    private let delivery = Locked<Task<Void, Never>?>(nil)

    /// Whether a live ``DaytonaStub`` serves the request's host.
    public override class func canInit(with request: URLRequest) -> Bool {
        StubRegistry.stub(for: request.url?.host) != nil
    }

    /// The request, unchanged.
    public override class func canonicalRequest(for request: URLRequest) -> URLRequest { request }

    /// Records the request with its stub and delivers the scripted answer.
    public override func startLoading() {
        guard let url = request.url, let stub = StubRegistry.stub(for: url.host) else {
            client?.urlProtocol(self, didFailWithError: URLError(.cannotFindHost))
            return
        }
        let recorded = RecordedRequest(
            method: request.httpMethod ?? "GET",
            url: url,
            path: stub.relativePath(of: url),
            query: URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery,
            headers: request.allHTTPHeaderFields ?? [:],
            body: Self.body(of: request)
        )
        let scripted = stub.respond(to: recorded)
        // Answers that are ready now are delivered right here, on the thread that called
        // `startLoading`: swift-corelibs-foundation's URLSession expects its protocol client to
        // be called there, and calls from other threads race with its task registry.
        if scripted.delay == nil {
            switch scripted.kind {
            case .answer, .failure:
                deliver(scripted, for: url)
                return
            case .never:
                return
            case .stall:
                deliver(scripted, for: url)
                return
            case .deferred, .live:
                break
            }
        }
        // Answers that come later are handed to the client on the same queue.
        let handle = Handle(protocol: self, queue: Self.clientQueue(of: task))
        let task = Task {
            var response = scripted
            while case .deferred(let produce) = response.kind {
                response = await produce()
            }
            if let delay = response.delay {
                do { try await Task.sleep(for: delay) } catch { return }
            }
            guard !Task.isCancelled else { return }
            let ready = response
            handle.onClientQueue { $0.deliver(ready, for: url) }
            switch ready.kind {
            case .live(_, _, let chunks):
                for await chunk in chunks {
                    guard !Task.isCancelled else { return }
                    handle.onClientQueue { $0.client?.urlProtocol($0, didLoad: chunk) }
                }
                guard !Task.isCancelled else { return }
                handle.onClientQueue { stub in
                    stub.finished.withLock { $0 = true }
                    stub.client?.urlProtocolDidFinishLoading(stub)
                }
            case .answer, .failure, .deferred, .never, .stall:
                break
            }
        }
        delivery.withLock { $0 = task }
    }

    /// Cancels a pending answer; counts the request as cancelled when it was still pending.
    public override func stopLoading() {
        stopped.withLock { $0 = true }
        let task = delivery.withLock { current -> Task<Void, Never>? in
            defer { current = nil }
            return current
        }
        task?.cancel()
        if let stub = StubRegistry.stub(for: request.url?.host), !finished.current {
            stub.recordCancellation()
        }
    }

    private let finished = Locked(false)

    /// Set by `stopLoading`; a late answer is then dropped.
    private let stopped = Locked(false)

    /// Carries the protocol object into the delivery task, with the queue its client must be
    /// called on. The object's own state is behind locks.
    private struct Handle: @unchecked Sendable {
        let `protocol`: StubURLProtocol
        let queue: DispatchQueue?

        /// Runs `body` on the client's queue (in order), unless loading has been stopped.
        func onClientQueue(_ body: @escaping @Sendable (StubURLProtocol) -> Void) {
            let target = self
            let run: @Sendable () -> Void = {
                guard !target.protocol.stopped.current else { return }
                body(target.protocol)
            }
            if let queue { queue.async(execute: run) } else { run() }
        }
    }

    /// The serial queue swift-corelibs-foundation runs a task's protocol on (its `workQueue`,
    /// found by reflection because it is not public): client calls from any other thread race
    /// with the session's task registry. `nil` on Apple platforms, where any thread will do.
    private static func clientQueue(of task: URLSessionTask?) -> DispatchQueue? {
        #if canImport(FoundationNetworking)
            var mirror = task.map { Mirror(reflecting: $0) }
            while let current = mirror {
                if let queue = current.descendant("workQueue") as? DispatchQueue { return queue }
                mirror = current.superclassMirror
            }
        #endif
        return nil
    }

    private func deliver(_ response: StubResponse, for url: URL) {
        switch response.kind {
        case .never, .stall, .deferred, .live: break
        case .answer, .failure: finished.withLock { $0 = true }
        }
        switch response.kind {
        case .failure(let code):
            client?.urlProtocol(self, didFailWithError: URLError(code))
        case .answer(let status, let headers, let body):
            guard let http = HTTPURLResponse(url: url, statusCode: status, httpVersion: "HTTP/1.1", headerFields: headers) else {
                client?.urlProtocol(self, didFailWithError: URLError(.badServerResponse))
                return
            }
            client?.urlProtocol(self, didReceive: http, cacheStoragePolicy: .notAllowed)
            deliverBody(body, chunkSize: response.chunkSize)
            client?.urlProtocolDidFinishLoading(self)
        case .never, .deferred:
            break
        case .live(let status, let headers, _):
            guard let http = HTTPURLResponse(url: url, statusCode: status, httpVersion: "HTTP/1.1", headerFields: headers) else { return }
            client?.urlProtocol(self, didReceive: http, cacheStoragePolicy: .notAllowed)
        case .stall(let status, let headers, let partialBody):
            guard let http = HTTPURLResponse(url: url, statusCode: status, httpVersion: "HTTP/1.1", headerFields: headers) else { return }
            client?.urlProtocol(self, didReceive: http, cacheStoragePolicy: .notAllowed)
            deliverBody(partialBody, chunkSize: response.chunkSize)
        }
    }

    private func deliverBody(_ body: Data, chunkSize: Int?) {
        guard !body.isEmpty else { return }
        let size = chunkSize ?? body.count
        var start = body.startIndex
        while start < body.endIndex {
            let end = body.index(start, offsetBy: size, limitedBy: body.endIndex) ?? body.endIndex
            client?.urlProtocol(self, didLoad: body[start..<end])
            start = end
        }
    }

    /// The body, whether it came as `httpBody` or (as on Apple platforms and for uploads) as
    /// `httpBodyStream`.
    static func body(of request: URLRequest) -> Data {
        if let body = request.httpBody { return body }
        guard let stream = request.httpBodyStream else { return Data() }
        stream.open()
        defer { stream.close() }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = stream.read(&buffer, maxLength: buffer.count)
            if count <= 0 { break }
            data.append(buffer, count: count)
        }
        return data
    }
}
