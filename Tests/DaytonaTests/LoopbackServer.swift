import Foundation

@testable import Daytona

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small HTTP/1.1 server on a real socket on 127.0.0.1, for tests that must not depend on a
/// `URLProtocol` stub's behaviour. Each test starts its own (the kernel picks a free port) and
/// stops it when done.
///
/// Every request is parsed (head and `Content-Length` or chunked body), recorded, and handed to
/// the handler with its connection; the handler answers, or injects a fault: silence, trickled
/// bytes, a reset mid-body, closing a kept-alive connection after reading the request, a
/// redirect, a huge body. A connection is kept alive for the next request unless the handler
/// closes it.
final class LoopbackServer: Sendable {
    /// One request as the server read it.
    struct Request: Sendable {
        var method: String
        var target: String
        /// Header fields, names lower-cased.
        var headers: [String: String]
        var body: Data
        /// Which connection it came on (0, 1, …, in accept order).
        var connection: Int

        var path: String { String(target.split(separator: "?", maxSplits: 1).first ?? "") }
    }

    typealias Handler = @Sendable (Request, Connection) -> Void

    /// The port the server listens on.
    let port: UInt16
    private let listener: Int32
    private let handler: Handler
    private let state = Locked<State>(State())

    private struct State {
        var requests: [Request] = []
        var connections: [Connection] = []
        var accepted = 0
        var stopped = false
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
    }

    /// Starts a server that answers every request with `handler`.
    init(_ handler: @escaping Handler) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 512) == 0 else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.port = UInt16(bigEndian: address.sin_port)
        self.listener = fd
        self.handler = handler
        let server = self
        Thread.detachNewThread { server.acceptLoop() }
    }

    deinit { stop() }

    /// `http://127.0.0.1:<port>`
    var url: URL { URL(string: "http://127.0.0.1:\(port)") ?? URL(fileURLWithPath: "/") }

    /// Every request read so far, in order.
    var requests: [Request] { state.current.requests }

    /// How many connections were accepted so far.
    var connectionCount: Int { state.current.accepted }

    /// Waits until the server has read at least `count` requests.
    func waitForRequests(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state -> Bool in
                if state.requests.count >= count || state.stopped { return true }
                state.waiters.append((count, continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }

    /// Stops listening and closes every connection (each is shut down, which ends handlers
    /// waiting on them).
    func stop() {
        let stopping = state.withLock { state -> ([Connection], [CheckedContinuation<Void, Never>])? in
            guard !state.stopped else { return nil }
            state.stopped = true
            defer { state.waiters = [] }
            // Under the lock: the accept loop closes the listener only after seeing `stopped`.
            shutdown(listener, Int32(SHUT_RDWR))
            return (state.connections, state.waiters.map(\.continuation))
        }
        guard let (connections, waiters) = stopping else { return }
        for connection in connections { connection.shutDown() }
        for waiter in waiters { waiter.resume() }
    }

    var isStopped: Bool { state.current.stopped }

    private func acceptLoop() {
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                break
            }
            var yes: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            let connection = state.withLock { state -> Connection? in
                guard !state.stopped else { return nil }
                let connection = Connection(fd: fd, index: state.accepted)
                state.connections.append(connection)
                state.accepted += 1
                return connection
            }
            guard let connection else {
                close(fd)
                break
            }
            let server = self
            Thread.detachNewThread { server.serve(connection) }
        }
        // Only once stopped (or failed): `stop()` never touches the listener after this.
        state.withLock { $0.stopped = true }
        close(listener)
    }

    private func serve(_ connection: Connection) {
        defer {
            connection.close()
            state.withLock { $0.connections.removeAll { $0 === connection } }
        }
        while !connection.isClosed, let request = connection.readRequest() {
            let ready = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.requests.append(request)
                let count = state.requests.count
                let ready = state.waiters.filter { $0.count <= count }.map(\.continuation)
                state.waiters.removeAll { $0.count <= count }
                return ready
            }
            for waiter in ready { waiter.resume() }
            handler(request, connection)
        }
    }

    /// One accepted connection, used by one handler at a time.
    final class Connection: Sendable {
        let fd: Int32
        let index: Int
        private let buffer = Locked<(pending: Data, closed: Bool)>((Data(), false))

        init(fd: Int32, index: Int) {
            self.fd = fd
            self.index = index
        }

        var isClosed: Bool { buffer.current.closed }

        /// Writes all of `data`; `false` once the peer is gone.
        @discardableResult
        func write(_ data: Data) -> Bool {
            guard !isClosed else { return false }
            return data.withUnsafeBytes { raw -> Bool in
                guard let base = raw.baseAddress else { return true }
                var offset = 0
                while offset < raw.count {
                    #if canImport(Glibc)
                        let sent = send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                    #else
                        let sent = send(fd, base + offset, raw.count - offset, 0)
                    #endif
                    if sent < 0, errno == EINTR { continue }
                    guard sent > 0 else { return false }
                    offset += sent
                }
                return true
            }
        }

        @discardableResult
        func write(_ text: String) -> Bool { write(Data(text.utf8)) }

        /// Writes a status line and headers (`Content-Length` when `contentLength` is given).
        @discardableResult
        func writeHead(_ status: Int, _ headers: [String: String] = [:], contentLength: Int? = nil) -> Bool {
            var text = "HTTP/1.1 \(status) \(HTTPURLResponseReason.phrase(for: status))\r\n"
            for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
            if let contentLength { text += "Content-Length: \(contentLength)\r\n" }
            return write(text + "\r\n")
        }

        /// A whole answer.
        @discardableResult
        func respond(_ status: Int, _ headers: [String: String] = [:], body: Data = Data()) -> Bool {
            writeHead(status, headers, contentLength: body.count) && write(body)
        }

        @discardableResult
        func respond(_ status: Int, json: String) -> Bool {
            respond(status, ["Content-Type": "application/json"], body: Data(json.utf8))
        }

        /// Writes `count` bytes of `byte` in chunks of `chunk` until done or the peer leaves.
        @discardableResult
        func writeBytes(_ count: Int, byte: UInt8 = 0x61, chunk: Int = 1 << 20) -> Bool {
            let block = Data(repeating: byte, count: min(chunk, max(count, 1)))
            var left = count
            while left > 0 {
                guard write(left >= block.count ? block : block.prefix(left)) else { return false }
                left -= min(left, block.count)
            }
            return true
        }

        /// Writes one byte every `interval` until the peer leaves or `limit` bytes are out.
        func trickle(every interval: Duration, limit: Int = .max) {
            var sent = 0
            while sent < limit, write(Data("x".utf8)) {
                sent += 1
                Thread.sleep(forTimeInterval: interval.seconds)
            }
        }

        /// Blocks until the peer closes the connection (or the server stops): silence.
        func waitForPeerToClose() {
            var byte: UInt8 = 0
            while !isClosed {
                let count = recv(fd, &byte, 1, 0)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { return }
            }
        }

        /// Closes the connection.
        func close() {
            // Under the lock, so that `shutDown()` never reaches a number the system reused.
            buffer.withLock { state in
                guard !state.closed else { return }
                state.closed = true
                #if canImport(Glibc)
                    _ = Glibc.close(fd)
                #else
                    _ = Darwin.close(fd)
                #endif
            }
        }

        /// Shuts the connection down (ends reads and writes in progress) unless it is closed.
        func shutDown() {
            buffer.withLock { state in
                if !state.closed { _ = shutdown(fd, Int32(SHUT_RDWR)) }
            }
        }

        /// Resets the connection (RST, not FIN).
        func reset() {
            buffer.withLock { state in
                guard !state.closed else { return }
                var linger = linger(l_onoff: 1, l_linger: 0)
                setsockopt(fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<linger>.size))
            }
            close()
        }

        // MARK: Reading

        private func fill() -> Bool {
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                let count = recv(fd, &chunk, chunk.count, 0)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return false }
                buffer.withLock { $0.pending.append(contentsOf: chunk[0..<count]) }
                return true
            }
        }

        private func readLine() -> String? {
            while true {
                let line = buffer.withLock { state -> String? in
                    guard let end = state.pending.firstRange(of: Data("\r\n".utf8)) else { return nil }
                    let line = String(decoding: state.pending[state.pending.startIndex..<end.lowerBound], as: UTF8.self)
                    state.pending = Data(state.pending[end.upperBound...])
                    return line
                }
                if let line { return line }
                guard fill() else { return nil }
            }
        }

        private func readBytes(_ count: Int) -> Data? {
            while buffer.current.pending.count < count {
                guard fill() else { return nil }
            }
            return buffer.withLock { state in
                let data = Data(state.pending.prefix(count))
                state.pending = Data(state.pending.dropFirst(count))
                return data
            }
        }

        func readRequest() -> Request? {
            guard let requestLine = readLine(), !requestLine.isEmpty else { return nil }
            let parts = requestLine.split(separator: " ")
            guard parts.count >= 2 else { return nil }
            var headers: [String: String] = [:]
            while let line = readLine(), !line.isEmpty {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            var body = Data()
            if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
                while let sizeLine = readLine(), let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) {
                    if size == 0 {
                        while let trailer = readLine(), !trailer.isEmpty {}
                        break
                    }
                    guard let chunk = readBytes(size), readLine() != nil else { return nil }
                    body.append(chunk)
                }
            } else if let length = headers["content-length"].flatMap({ Int($0) }), length > 0 {
                guard let data = readBytes(length) else { return nil }
                body = data
            }
            return Request(method: String(parts[0]), target: String(parts[1]), headers: headers, body: body, connection: index)
        }
    }
}
