import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small HTTP/1.1 server on 127.0.0.1 that answers like a Daytona server: canned JSON for the
/// overhead scenarios, a lifecycle with a start delay for fan-out, and streamed bodies for
/// transfers. One thread per connection, keep-alive. For the benchmark only: it trusts its
/// client and handles only what the SDK sends.
final class LoopbackServer: @unchecked Sendable {
    // Mutable state is behind `lock`.
    private let lock = NSLock()
    private var sandboxes: [String: Date] = [:]
    private var counters: [String: Int] = [:]
    let startDelay: TimeInterval
    private let listener: Int32
    let port: UInt16

    static let workspaceJSON = Data(
        #"{"id":"bench","name":"bench","image":"daytonaio/workspace:latest","user":"daytona","env":{},"labels":{"code-toolbox-language":"python"},"public":false,"target":"us","info":{"created":"2025-03-10T10:00:00.000Z","name":"bench","providerMetadata":"{\"state\":\"started\",\"nodeDomain\":\"node-us-1.daytona.work\",\"region\":\"us\",\"class\":\"small\",\"updatedAt\":\"2025-03-10T10:00:00.000Z\",\"lastSnapshot\":null,\"cpu\":1,\"gpu\":0,\"memory\":2,\"disk\":10,\"autoStopInterval\":15}"},"cpu":1,"gpu":0,"memory":2,"disk":10,"state":"started","snapshotState":"None","autoStopInterval":15}"#
            .utf8)
    static let executeJSON = Data(#"{"exitCode":0,"result":"hello from the benchmark\n"}"#.utf8)

    static func sandbox(id: String, state: String) -> Data {
        let text = String(decoding: workspaceJSON, as: UTF8.self)
            .replacingOccurrences(of: "\"bench\"", with: "\"\(id)\"")
            .replacingOccurrences(of: "\\\"state\\\":\\\"started\\\"", with: "\\\"state\\\":\\\"\(state)\\\"")
            .replacingOccurrences(of: "\"state\":\"started\"", with: "\"state\":\"\(state)\"")
        return Data(text.utf8)
    }

    init(startDelay: TimeInterval = 1) throws {
        self.startDelay = startDelay
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 512) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        self.listener = fd
        self.port = UInt16(bigEndian: address.sin_port)
    }

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/api") ?? URL(fileURLWithPath: "/") }

    func start() {
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(listener, nil, nil)
                if client < 0 { return }
                var one: Int32 = 1
                setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
                Thread.detachNewThread { [self] in serve(client) }
            }
        }
    }

    func count(_ key: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return counters[key, default: 0]
    }

    func resetCounters() {
        lock.lock()
        counters = [:]
        lock.unlock()
    }

    private func bump(_ key: String) {
        lock.lock()
        counters[key, default: 0] += 1
        lock.unlock()
    }

    // MARK: Connection handling

    private func serve(_ fd: Int32) {
        defer { close(fd) }
        var buffer = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 256 << 10)
        while true {
            // Read the head.
            var headEnd: Int?
            while headEnd == nil {
                if let end = Self.find(buffer) {
                    headEnd = end
                    break
                }
                let count = recv(fd, &chunk, chunk.count, 0)
                if count <= 0 { return }
                buffer.append(contentsOf: chunk[0..<count])
            }
            guard let end = headEnd else { return }
            let head = String(decoding: buffer[0..<end], as: UTF8.self)
            buffer.removeFirst(end + 4)
            let lines = head.components(separatedBy: "\r\n")
            let parts = lines[0].split(separator: " ")
            guard parts.count >= 2 else { return }
            let method = String(parts[0])
            let target = String(parts[1])
            var contentLength = 0
            for line in lines.dropFirst() {
                let pair = line.split(separator: ":", maxSplits: 1)
                if pair.count == 2, pair[0].lowercased() == "content-length" {
                    contentLength = Int(pair[1].trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            // Read (and keep only the first 64 KiB of) the body.
            var body = [UInt8]()
            var remaining = contentLength
            let fromBuffer = min(remaining, buffer.count)
            body.append(contentsOf: buffer[0..<min(fromBuffer, 65536)])
            buffer.removeFirst(fromBuffer)
            remaining -= fromBuffer
            while remaining > 0 {
                let count = recv(fd, &chunk, min(chunk.count, remaining), 0)
                if count <= 0 { return }
                if body.count < 65536 { body.append(contentsOf: chunk[0..<min(count, 65536 - body.count)]) }
                remaining -= count
            }
            if !respond(fd, method: method, target: target, body: body) { return }
        }
    }

    private static func find(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }

    private func respond(_ fd: Int32, method: String, target: String, body: [UInt8]) -> Bool {
        let pathAndQuery = target.split(separator: "?", maxSplits: 1)
        let path = String(pathAndQuery[0])
        let query = pathAndQuery.count > 1 ? String(pathAndQuery[1]) : ""
        let segments = path.split(separator: "/").map(String.init)
        bump("\(method) \(segments.count > 1 ? segments[1] : "")")

        switch (method, segments.count) {
        case ("GET", 2) where segments[1] == "workspace":
            return write(fd, status: 200, body: listBody)
        case ("POST", 2) where segments[1] == "workspace":
            let id = (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])?["id"] as? String ?? UUID().uuidString
            lock.lock()
            sandboxes[id] = Date()
            lock.unlock()
            return write(fd, status: 200, body: Self.sandbox(id: id, state: "creating"))
        case ("GET", 3) where segments[1] == "workspace":
            let id = segments[2]
            bump("poll")
            lock.lock()
            let created = sandboxes[id]
            lock.unlock()
            guard let created else { return write(fd, status: 200, body: Self.workspaceJSON) }
            let state = Date().timeIntervalSince(created) >= startDelay ? "started" : "creating"
            return write(fd, status: 200, body: Self.sandbox(id: id, state: state))
        case ("DELETE", 3) where segments[1] == "workspace":
            lock.lock()
            sandboxes[segments[2]] = nil
            lock.unlock()
            return write(fd, status: 200, body: Data())
        default:
            break
        }
        if path.hasSuffix("/process/execute") { return write(fd, status: 200, body: Self.executeJSON) }
        if path.hasSuffix("/files/upload") { return write(fd, status: 200, body: Data()) }
        if path.hasSuffix("/files/download") {
            let decoded = query.removingPercentEncoding ?? query
            let size = Int(decoded.components(separatedBy: "size=").last ?? "") ?? (1 << 20)
            return stream(fd, size: size)
        }
        return write(fd, status: 404, body: Data(#"{"statusCode":404,"message":"not found"}"#.utf8))
    }

    let listBody = LoopbackServer.list(count: 1_000)

    static func list(count: Int) -> Data {
        var items: [String] = []
        for index in 0..<count {
            items.append(String(decoding: sandbox(id: "ws-\(index)", state: "started"), as: UTF8.self))
        }
        return Data(("[" + items.joined(separator: ",") + "]").utf8)
    }

    private func write(_ fd: Int32, status: Int, body: Data) -> Bool {
        var head = "HTTP/1.1 \(status) \(status == 200 ? "OK" : "Error")\r\nContent-Length: \(body.count)\r\n"
        if !body.isEmpty { head += "Content-Type: application/json\r\n" }
        head += "Connection: keep-alive\r\n\r\n"
        return sendAll(fd, Data(head.utf8) + body)
    }

    private func stream(_ fd: Int32, size: Int) -> Bool {
        let head = "HTTP/1.1 200 OK\r\nContent-Length: \(size)\r\nContent-Type: application/octet-stream\r\nConnection: keep-alive\r\n\r\n"
        guard sendAll(fd, Data(head.utf8)) else { return false }
        let block = Data(repeating: 0x5A, count: 1 << 20)
        var remaining = size
        while remaining > 0 {
            let piece = min(remaining, block.count)
            guard sendAll(fd, block.prefix(piece)) else { return false }
            remaining -= piece
        }
        return true
    }

    private func sendAll(_ fd: Int32, _ data: Data) -> Bool {
        data.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            var offset = 0
            while offset < raw.count {
                let sent = send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }
    }
}
