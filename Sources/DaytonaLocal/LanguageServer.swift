#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import Foundation

    /// A language server process spoken to over stdio with JSON-RPC (LSP framing).
    final class LanguageServer: Sendable {
        private let process: Process
        private let input: FileHandle
        private let state = Locked<ClientState>(ClientState())

        private struct ClientState {
            var nextID = 1
            var pending: [Int: CheckedContinuation<JSONValue, any Error>] = [:]
            var ended = false
        }

        struct Failure: Error, CustomStringConvertible {
            var description: String
        }

        /// The server command for a language, when one is installed on `PATH`.
        static func command(for language: String) -> [String]? {
            let candidates: [[String]]
            switch language {
            case "swift": candidates = [["sourcekit-lsp"]]
            case "python": candidates = [["pylsp"], ["pyright-langserver", "--stdio"]]
            case "typescript", "javascript": candidates = [["typescript-language-server", "--stdio"]]
            default: candidates = []
            }
            let path = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            return candidates.first { candidate in
                path.contains { FileManager.default.isExecutableFile(atPath: "\($0)/\(candidate[0])") }
            }
        }

        /// Starts `process` (made, not launched, by the backend) and speaks to it.
        init(_ process: Process) throws {
            self.process = process
            let stdin = Pipe()
            let stdout = Pipe()
            process.standardInput = stdin
            process.standardOutput = stdout
            process.standardError = FileHandle.nullDevice
            try process.run()
            input = stdin.fileHandleForWriting
            let output = stdout.fileHandleForReading
            Thread.detachNewThread { [self] in readLoop(output) }
        }

        /// Sends a request and waits for its result (at most 60 s).
        func request(_ method: String, _ params: JSONValue) async throws -> JSONValue {
            let id = state.withLock { state -> Int in
                defer { state.nextID += 1 }
                return state.nextID
            }
            return try await withCheckedThrowingContinuation { continuation in
                let ended = state.withLock { state -> Bool in
                    if state.ended { return true }
                    state.pending[id] = continuation
                    return false
                }
                if ended {
                    continuation.resume(throwing: Failure(description: "the language server has exited"))
                    return
                }
                send(["jsonrpc": .string("2.0"), "id": .number(Double(id)), "method": .string(method), "params": params])
                DispatchQueue.global().asyncAfter(deadline: .now() + 60) { [self] in
                    let late = state.withLock { $0.pending.removeValue(forKey: id) }
                    late?.resume(throwing: Failure(description: "the language server did not answer \(method) within 60 s"))
                }
            }
        }

        func notify(_ method: String, _ params: JSONValue) {
            send(["jsonrpc": .string("2.0"), "method": .string(method), "params": params])
        }

        func terminate() {
            if process.isRunning { process.terminate() }
        }

        func stop() async {
            _ = try? await request("shutdown", .null)
            notify("exit", .null)
            if process.isRunning { process.terminate() }
        }

        private func send(_ message: [String: JSONValue]) {
            guard let body = try? JSONEncoder().encode(JSONValue.object(message)) else { return }
            let frame = Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body
            try? input.write(contentsOf: frame)
        }

        private func readLoop(_ output: FileHandle) {
            var buffer = Data()
            while true {
                let chunk = output.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let message = Self.nextMessage(&buffer) { handle(message) }
            }
            let pending = state.withLock { state -> [CheckedContinuation<JSONValue, any Error>] in
                state.ended = true
                defer { state.pending = [:] }
                return Array(state.pending.values)
            }
            for continuation in pending { continuation.resume(throwing: Failure(description: "the language server has exited")) }
        }

        private func handle(_ message: JSONValue) {
            guard case .object(let object) = message else { return }
            if case .number(let number)? = object["id"], object["method"] == nil {
                let continuation = state.withLock { $0.pending.removeValue(forKey: Int(number)) }
                if case .object(let error)? = object["error"] {
                    let text = error["message"].flatMap { if case .string(let text) = $0 { return text } else { return nil } } ?? "error"
                    continuation?.resume(throwing: Failure(description: text))
                } else {
                    continuation?.resume(returning: object["result"] ?? .null)
                }
            } else if let id = object["id"], object["method"] != nil {
                // A request from the server (progress, configuration): answer it with null.
                send(["jsonrpc": .string("2.0"), "id": id, "result": .null])
            }
        }

        /// Takes one framed message off the front of `buffer`, if a whole one is there.
        static func nextMessage(_ buffer: inout Data) -> JSONValue? {
            guard let headerEnd = buffer.range(of: Data("\r\n\r\n".utf8)) else { return nil }
            let header = String(decoding: buffer[buffer.startIndex..<headerEnd.lowerBound], as: UTF8.self)
            guard
                let lengthLine = header.split(separator: "\r\n").first(where: { $0.lowercased().hasPrefix("content-length:") }),
                let length = Int(lengthLine.split(separator: ":")[1].trimmingCharacters(in: .whitespaces))
            else {
                buffer.removeSubrange(buffer.startIndex..<headerEnd.upperBound)
                return nil
            }
            guard buffer.distance(from: headerEnd.upperBound, to: buffer.endIndex) >= length else { return nil }
            let bodyEnd = buffer.index(headerEnd.upperBound, offsetBy: length)
            let body = Data(buffer[headerEnd.upperBound..<bodyEnd])
            buffer = Data(buffer[bodyEnd...])
            return try? JSONDecoder().decode(JSONValue.self, from: body)
        }
    }

#endif
