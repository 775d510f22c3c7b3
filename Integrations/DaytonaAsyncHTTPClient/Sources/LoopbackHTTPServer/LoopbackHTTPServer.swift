import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small HTTP/1.1 server on 127.0.0.1 for this package's tests and benchmark: each request is
/// answered as a route function says, including badly (a body that trickles, stops short, or
/// never comes). It runs on one event loop of its own, apart from the client's.
public final class LoopbackHTTPServer: Sendable {
    /// A request as the server read it.
    public struct Request: Sendable {
        /// The method, e.g. `POST`.
        public var method: String
        /// The request target (path and query) as sent.
        public var uri: String
        /// The header fields in wire order, names as sent.
        public var headers: [(name: String, value: String)]
        /// The whole body.
        public var body: Data

        /// The first value of a header field, looked up without regard to case.
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The path, without the query.
        public var path: String { String(uri.split(separator: "?", maxSplits: 1).first ?? "") }
    }

    /// How the server answers one request.
    public indirect enum Reply: Sendable {
        /// A whole answer with `Content-Length`.
        case answer(status: Int, headers: [(String, String)] = [], body: Data = Data())
        /// A chunked answer whose body is `count` chunks of `chunk`, one every `interval`.
        case trickle(status: Int, chunk: Data, interval: TimeAmount, count: Int)
        /// A head that declares `declaredLength` bytes, `body` (fewer), then a reset (RST).
        case reset(status: Int, declaredLength: Int, body: Data)
        /// No answer at all; the connection stays open until the client closes it.
        case silence
        /// `reply`, after `delay`.
        case delayed(TimeAmount, Reply)
    }

    /// Something the server saw, in order.
    public enum Event: Sendable {
        /// A request arrived (its head and whole body).
        case request(Request)
        /// A connection was closed.
        case closed
    }

    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let recorded: Recorder
    /// What the server saw, as it happened (for tests to wait on, instead of sleeping).
    public let events: AsyncStream<Event>
    private let eventSink: AsyncStream<Event>.Continuation

    /// The port the server listens on.
    public let port: Int

    /// `http://127.0.0.1:<port>`
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/") }

    /// Starts a server that answers each request with `route(request)`.
    public init(route: @escaping @Sendable (Request) -> Reply) async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let recorded = Recorder()
        let (events, sink) = AsyncStream<Event>.makeStream()
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.backlog, value: 512)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                    try channel.pipeline.syncOperations.addHandler(
                        ConnectionHandler(route: route, recorded: recorded, events: sink))
                }
            }
        do {
            channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        self.group = group
        self.recorded = recorded
        self.events = events
        self.eventSink = sink
        self.port = channel.localAddress?.port ?? 0
    }

    /// Every request so far, in order of arrival.
    public var requests: [Request] { recorded.requests.withLockedValue { $0 } }

    /// Stops keeping requests and reporting them as events (for long benchmark runs, which
    /// would otherwise hold every request in memory).
    public func stopRecording() {
        recorded.isOn.withLockedValue { $0 = false }
    }

    /// Stops listening, closes every connection and the event loop.
    public func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
        eventSink.finish()
    }
}

/// The requests seen, while recording is on.
private final class Recorder: Sendable {
    let requests = NIOLockedValueBox<[LoopbackHTTPServer.Request]>([])
    let isOn = NIOLockedValueBox(true)
}

/// Reads requests on one connection and answers each as the route says.
private final class ConnectionHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let route: @Sendable (LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Reply
    private let recorded: Recorder
    private let events: AsyncStream<LoopbackHTTPServer.Event>.Continuation
    private var head: HTTPRequestHead?
    private var body = ByteBuffer()

    init(
        route: @escaping @Sendable (LoopbackHTTPServer.Request) -> LoopbackHTTPServer.Reply,
        recorded: Recorder,
        events: AsyncStream<LoopbackHTTPServer.Event>.Continuation
    ) {
        self.route = route
        self.recorded = recorded
        self.events = events
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body.clear()
        case .body(var chunk):
            body.writeBuffer(&chunk)
        case .end:
            guard let head else { return }
            self.head = nil
            let request = LoopbackHTTPServer.Request(
                method: head.method.rawValue, uri: head.uri, headers: head.headers.map { ($0.name, $0.value) },
                body: Data(buffer: body))
            if recorded.isOn.withLockedValue({ $0 }) {
                recorded.requests.withLockedValue { $0.append(request) }
                events.yield(.request(request))
            }
            reply(route(request), keepAlive: head.isKeepAlive, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        events.yield(.closed)
        context.fireChannelInactive()
    }

    private func reply(_ reply: LoopbackHTTPServer.Reply, keepAlive: Bool, context: ChannelHandlerContext) {
        switch reply {
        case .answer(let status, let headers, let body):
            var fields = HTTPHeaders(headers)
            fields.replaceOrAdd(name: "Content-Length", value: String(body.count))
            if !keepAlive { fields.replaceOrAdd(name: "Connection", value: "close") }
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: fields))),
                promise: nil)
            if !body.isEmpty { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(data: body)))), promise: nil) }
            let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            if !keepAlive {
                let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
                done.whenComplete { _ in bound.value.close(promise: nil) }
            }
        case .trickle(let status, let chunk, let interval, let count):
            let fields = HTTPHeaders([("Transfer-Encoding", "chunked")])
            context.writeAndFlush(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: fields))),
                promise: nil)
            trickle(chunk, interval: interval, remaining: count, context: NIOLoopBound(context, eventLoop: context.eventLoop))
        case .reset(let status, let declaredLength, let body):
            let fields = HTTPHeaders([("Content-Length", String(declaredLength))])
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .init(statusCode: status), headers: fields))),
                promise: nil)
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(data: body))))).whenComplete { _ in
                let context = bound.value
                // SO_LINGER 0: close with a reset, as a crashing server would.
                guard let options = context.channel as? any SocketOptionProvider else {
                    context.close(promise: nil)
                    return
                }
                options.setSoLinger(linger(l_onoff: 1, l_linger: 0)).whenComplete { _ in bound.value.close(promise: nil) }
            }
        case .silence:
            break
        case .delayed(let delay, let next):
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: delay) {
                let (handler, context) = bound.value
                guard context.channel.isActive else { return }
                handler.reply(next, keepAlive: keepAlive, context: context)
            }
        }
    }

    private func trickle(_ chunk: Data, interval: TimeAmount, remaining: Int, context bound: NIOLoopBound<ChannelHandlerContext>) {
        let context = bound.value
        guard context.channel.isActive else { return }
        guard remaining > 0 else {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            return
        }
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(data: chunk)))), promise: nil)
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        context.eventLoop.scheduleTask(in: interval) {
            handler.value.trickle(chunk, interval: interval, remaining: remaining - 1, context: bound)
        }
    }
}
