import Daytona
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The `URLProtocol` behind ``DaytonaStub``. It serves only hosts a live stub registered, so
/// it never intercepts anything else.
///
/// Answers that are ready when the request arrives are handed to the URL loading system inside
/// `startLoading`, on the thread that called it. Answers that come later (delayed, computed with
/// ``StubResponse/later(_:)`` or streamed with ``StubResponse/streaming(status:headers:_:)``)
/// are queued, and on Linux the protocol asks its task to `resume()`: swift-corelibs-foundation
/// then calls `startLoading` again on the task's own queue, where the queued steps are
/// delivered. Its protocol client must only be called there.
///
/// Suspending a task the stub serves counts as cancelling it.
public final class StubURLProtocol: URLProtocol {
    private let mailbox = StubMailbox()

    /// Whether a live ``DaytonaStub`` serves the request's host.
    public override class func canInit(with request: URLRequest) -> Bool {
        StubRegistry.stub(for: request.url?.host) != nil
    }

    /// The request, unchanged.
    public override class func canonicalRequest(for request: URLRequest) -> URLRequest { request }

    /// Records the request with its stub and delivers the scripted answer; called again (on
    /// Linux) to deliver the parts of an answer that were not ready the first time.
    public override func startLoading() {
        switch mailbox.start() {
        case .again:
            perform(mailbox.take())
        case .first:
            begin()
        }
    }

    /// Cancels a pending answer; counts the request as cancelled when it was still pending.
    public override func stopLoading() {
        let (producer, wasFinished) = mailbox.stop()
        producer?.cancel()
        if !wasFinished, let stub = StubRegistry.stub(for: request.url?.host) {
            stub.recordCancellation()
        }
    }

    private func begin() {
        guard let url = request.url, let stub = StubRegistry.stub(for: url.host) else {
            mailbox.markFinished()
            client?.urlProtocol(self, didFailWithError: URLError(.cannotFindHost))
            return
        }
        mailbox.setDeliversChunks(Self.deliversChunks(to: task))
        let recorded = RecordedRequest(
            method: request.httpMethod ?? "GET",
            url: url,
            path: stub.relativePath(of: url),
            query: URLComponents(url: url, resolvingAgainstBaseURL: false)?.percentEncodedQuery,
            headers: request.allHTTPHeaderFields ?? [:],
            body: Self.body(of: request)
        )
        let scripted = stub.respond(to: recorded)
        // An answer that is ready now is delivered right here, on the thread that called
        // `startLoading`, which is where swift-corelibs-foundation wants its client called.
        if scripted.delay == nil, let steps = scripted.immediateSteps {
            perform(steps)
            return
        }
        let mailbox = self.mailbox
        let wake = wakeUp()
        let producer = Task {
            var response = scripted
            while case .deferred(let produce) = response.kind {
                response = await produce()
                guard !Task.isCancelled else { return }
            }
            if let delay = response.delay {
                do { try await Task.sleep(for: delay) } catch { return }
            }
            if let steps = response.immediateSteps {
                mailbox.post(steps, wake: wake)
                return
            }
            guard case .live(let status, let headers, let chunks) = response.kind else { return }
            mailbox.post([.head(status: status, headers: headers)], wake: wake)
            for await chunk in chunks {
                guard !Task.isCancelled else { return }
                mailbox.post(StubResponse.bodySteps(chunk, chunkSize: response.chunkSize), wake: wake)
            }
            guard !Task.isCancelled else { return }
            mailbox.post([.finish], wake: wake)
        }
        mailbox.setProducer(producer)
    }

    /// How queued steps reach the client.
    private func wakeUp() -> @Sendable () -> Void {
        #if canImport(FoundationNetworking)
            // swift-corelibs-foundation's `resume()` on a running task calls `startLoading`
            // again, on the task's queue (where client calls are safe); it does nothing once the
            // task is cancelled or completed.
            let urlTask = task
            return { [weak urlTask] in urlTask?.resume() }
        #else
            // Apple's URL loading system accepts client calls from any thread.
            let target = ProtocolReference(self)
            return { target.protocol.perform(target.protocol.mailbox.take()) }
        #endif
    }

    #if !canImport(FoundationNetworking)
        /// The protocol, for the task that delivers later steps on Apple platforms. Its own
        /// state is behind a lock; the loading system sets `client` before `startLoading`.
        private struct ProtocolReference: @unchecked Sendable {
            let `protocol`: StubURLProtocol
            init(_ value: StubURLProtocol) { self.protocol = value }
        }
    #endif

    /// Whether the task hears about each piece of the body as it arrives (a data delegate), or
    /// only about the whole body at the end (a completion handler).
    ///
    /// swift-corelibs-foundation hands a completion handler only the last piece a protocol
    /// loaded, so on Linux a body goes to a task without a data delegate in one piece. A task
    /// with both a completion handler and a data delegate cannot be told apart from a
    /// delegate-driven one there, and gets the pieces. Apple platforms collect the pieces
    /// themselves.
    private static func deliversChunks(to task: URLSessionTask?) -> Bool {
        #if canImport(FoundationNetworking)
            return task?.delegate is URLSessionDataDelegate
        #else
            return true
        #endif
    }

    /// Hands `steps` to the client, in order.
    private func perform(_ steps: [StubStep]) {
        for step in steps {
            switch step {
            case .head(let status, let headers):
                guard let url = request.url,
                    let http = HTTPURLResponse(url: url, statusCode: status, httpVersion: "HTTP/1.1", headerFields: headers)
                else {
                    mailbox.markFinished()
                    client?.urlProtocol(self, didFailWithError: URLError(.badServerResponse))
                    return
                }
                client?.urlProtocol(self, didReceive: http, cacheStoragePolicy: .notAllowed)
            case .body(let data):
                if let piece = mailbox.pass(data) { client?.urlProtocol(self, didLoad: piece) }
            case .finish:
                let held = mailbox.markFinished()
                if !held.isEmpty { client?.urlProtocol(self, didLoad: held) }
                client?.urlProtocolDidFinishLoading(self)
            case .fail(let code):
                mailbox.markFinished()
                client?.urlProtocol(self, didFailWithError: URLError(code))
            }
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

/// One thing the protocol tells its client.
enum StubStep: Sendable {
    case head(status: Int, headers: [String: String])
    case body(Data)
    case finish
    case fail(URLError.Code)
}

extension StubResponse {
    /// The whole answer as steps, when it needs nothing asynchronous (`nil` for deferred and
    /// streamed answers).
    var immediateSteps: [StubStep]? {
        switch kind {
        case .answer(let status, let headers, let body):
            return [.head(status: status, headers: headers)] + Self.bodySteps(body, chunkSize: chunkSize) + [.finish]
        case .failure(let code):
            return [.fail(code)]
        case .never:
            return []
        case .stall(let status, let headers, let partialBody):
            return [.head(status: status, headers: headers)] + Self.bodySteps(partialBody, chunkSize: chunkSize)
        case .deferred, .live:
            return nil
        }
    }

    /// `body` in pieces of `chunkSize` bytes (one piece when `nil`).
    static func bodySteps(_ body: Data, chunkSize: Int?) -> [StubStep] {
        guard !body.isEmpty else { return [] }
        let size = max(1, chunkSize ?? body.count)
        var steps: [StubStep] = []
        var start = body.startIndex
        while start < body.endIndex {
            let end = body.index(start, offsetBy: size, limitedBy: body.endIndex) ?? body.endIndex
            steps.append(.body(body[start..<end]))
            start = end
        }
        return steps
    }
}

/// The state of one ``StubURLProtocol``, behind a lock: steps waiting for the client, and
/// whether loading started, stopped or finished.
final class StubMailbox: Sendable {
    private struct State {
        var started = false
        var stopped = false
        var finished = false
        var deliversChunks = true
        var pending: [StubStep] = []
        var wakeRequested = false
        var held = Data()
        var producer: Task<Void, Never>?
    }

    enum Start {
        case first
        case again
    }

    private let state = Locked(State())

    /// Whether this is the first `startLoading`.
    func start() -> Start {
        state.withLock { state in
            defer { state.started = true }
            return state.started ? .again : .first
        }
    }

    func setDeliversChunks(_ value: Bool) {
        state.withLock { $0.deliversChunks = value }
    }

    /// Keeps the task that produces later steps, or cancels it at once if loading stopped.
    func setProducer(_ producer: Task<Void, Never>) {
        let stopped = state.withLock { state -> Bool in
            if !state.stopped { state.producer = producer }
            return state.stopped
        }
        if stopped { producer.cancel() }
    }

    /// Queues `steps` and calls `wake` unless a wake-up is already on its way. Only the one
    /// producer task posts, so a wake-up always happens before the steps it announces are
    /// taken: the client is never woken after the last step was delivered.
    func post(_ steps: [StubStep], wake: @Sendable () -> Void) {
        let needsWake = state.withLock { state -> Bool in
            guard !state.stopped, !state.finished else { return false }
            state.pending += steps
            guard !state.wakeRequested else { return false }
            state.wakeRequested = true
            return true
        }
        if needsWake { wake() }
    }

    /// The queued steps (none once loading stopped).
    func take() -> [StubStep] {
        state.withLock { state in
            defer {
                state.pending = []
                state.wakeRequested = false
            }
            return state.stopped || state.finished ? [] : state.pending
        }
    }

    /// The piece to hand to the client now, or `nil` when the body is held for the end.
    func pass(_ data: Data) -> Data? {
        state.withLock { state in
            if state.deliversChunks { return data }
            state.held.append(data)
            return nil
        }
    }

    /// Marks the answer complete and returns the body held for the end.
    @discardableResult
    func markFinished() -> Data {
        state.withLock { state in
            state.finished = true
            state.producer = nil
            defer { state.held = Data() }
            return state.held
        }
    }

    /// Marks loading stopped; returns the producer to cancel and whether the answer was complete.
    func stop() -> (producer: Task<Void, Never>?, finished: Bool) {
        state.withLock { state in
            state.stopped = true
            defer { state.producer = nil }
            return (state.producer, state.finished)
        }
    }
}
