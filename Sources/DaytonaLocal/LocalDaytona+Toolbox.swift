#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import Foundation

    /// Today's toolbox (WIRE-current §3), at `{apiURL}/toolbox/{sandboxId}/…`, the
    /// `toolboxProxyUrl` the backend's sandbox answers name. Routes whose shape did not change
    /// are served by the 0.14 handlers; errors have the daemon's shape
    /// `{"statusCode", "message", "code", "timestamp", "path", "method"}`.
    extension LocalDaytona {
        func registerCurrentToolboxRoutes() {
            // The same requests and answers as in 0.14 (`files/upload` and `project-dir` as the
            // v0.190 daemon still served them).
            let unchanged: [(HTTPRequest.Method, String)] = [
                (.get, "/project-dir"), (.get, "/files/download"), (.post, "/files/folder"), (.post, "/files/move"),
                (.post, "/files/permissions"), (.get, "/files/find"), (.get, "/files/search"), (.post, "/files/replace"),
                (.post, "/files/upload"), (.get, "/process/session"), (.post, "/process/session"), (.get, "/process/session/{sid}"),
                (.delete, "/process/session/{sid}"), (.get, "/process/session/{sid}/command/{cid}"), (.post, "/git/add"),
                (.post, "/git/clone"), (.post, "/git/commit"), (.post, "/git/branches"), (.post, "/git/pull"), (.post, "/git/push"),
                (.get, "/git/history"), (.post, "/lsp/start"), (.post, "/lsp/stop"), (.post, "/lsp/did-open"), (.post, "/lsp/did-close"),
                (.get, "/lsp/document-symbols"), (.post, "/lsp/completions"),
            ]
            for (method, route) in unchanged {
                onToolbox(method, route) { [unowned self] request in router.respond(to: Self.legacy(request)) }
            }
            onToolbox(.get, "/lsp/workspacesymbols") { [unowned self] request in
                router.respond(to: Self.legacy(request, renaming: "workspace-symbols"))
            }
            for route in ["/user-home-dir", "/work-dir"] {
                // The work dir is the home directory: a local sandbox has no image WORKDIR.
                onToolbox(.get, route) { [unowned self] request in
                    withSandbox(request) { _ in .json(V014.ProjectDirectory(dir: Self.home)) }
                }
            }
            registerCurrentFileRoutes()
            registerCurrentProcessRoutes()
            registerCurrentSessionRoutes()
            registerCurrentGitRoutes()
        }

        /// Serves `GET|POST… {toolbox}/{id}{suffix}` with `handler`, its errors in the daemon's shape.
        func onToolbox(_ method: HTTPRequest.Method, _ suffix: String, handler: @escaping LocalRouter.Handler) {
            router.on(method, "/toolbox/{id}" + suffix) { request in Self.daemonShaped(handler(request), request) }
        }

        /// The 0.14 request for a current toolbox request: `/toolbox/{id}/x` becomes
        /// `/toolbox/{id}/toolbox/x` (with its last segment renamed, if asked).
        static func legacy(_ request: LocalRequest, renaming last: String? = nil) -> LocalRequest {
            var segments = LocalRouter.segments(request.path)
            if let last, !segments.isEmpty { segments[segments.count - 1] = last }
            segments.insert("toolbox", at: min(2, segments.count))
            var legacy = request
            legacy.path = "/" + segments.joined(separator: "/")
            return legacy
        }

        /// The path as the daemon sees it, below the sandbox's toolbox (`/files/info`).
        static func daemonPath(_ request: LocalRequest) -> String {
            "/" + LocalRouter.segments(request.path).dropFirst(2).map { $0.removingPercentEncoding ?? $0 }.joined(separator: "/")
        }

        /// `response` with an error body of the 0.14 shape rewritten in the daemon's shape, with
        /// the code today's daemon sends for it.
        static func daemonShaped(_ response: LocalResponse, _ request: LocalRequest) -> LocalResponse {
            switch response {
            case .whole(let status, _, let body) where status >= 400:
                guard let error = LocalResponse.apiErrorBody(body) else { return response }
                let path = daemonPath(request)
                let (finalStatus, code) = daemonCode(status, message: error.message, path: path)
                return .daemonError(finalStatus, code: code, message: error.message, path: path, method: request.method)
            case .deferred(let produce):
                return .deferred { daemonShaped(await produce(), request) }
            default:
                return response
            }
        }

        /// The status and `DaemonErrorCode` of an error of a route.
        static func daemonCode(_ status: Int, message: String, path: String) -> (Int, String) {
            let lowered = message.lowercased()
            if path.hasPrefix("/files") {
                switch status {
                case 404: return (404, "FILE_NOT_FOUND")
                case 403: return (403, "FILE_ACCESS_DENIED")
                default: break
                }
            }
            if path.hasPrefix("/git"), status == 400 {
                if lowered.contains("authentication failed") { return (401, "GIT_AUTH_FAILED") }
                if lowered.contains("not a git repository") || lowered.contains("does not exist") { return (404, "GIT_REPO_NOT_FOUND") }
                if lowered.contains("already exists") { return (409, "GIT_BRANCH_EXISTS") }
                if lowered.contains("did not match any") || lowered.contains("not found") { return (404, "GIT_BRANCH_NOT_FOUND") }
                if lowered.contains("rejected") { return (409, "GIT_PUSH_REJECTED") }
                if lowered.contains("conflict") { return (409, "GIT_MERGE_CONFLICT") }
            }
            if path.hasPrefix("/lsp"), status == 400, lowered.contains("start the language server") {
                return (400, "LSP_SERVER_NOT_INITIALIZED")
            }
            switch status {
            case 400: return (400, "BAD_REQUEST")
            case 401: return (401, "UNAUTHORIZED")
            case 403: return (403, "FORBIDDEN")
            case 404: return (404, "NOT_FOUND")
            case 408: return (408, "PROCESS_EXECUTION_TIMEOUT")
            case 409: return (409, "CONFLICT")
            case 410: return (410, "GONE")
            case 501: return (501, "NOT_IMPLEMENTED")
            default: return (status, "INTERNAL_SERVER_ERROR")
            }
        }

        /// A daemon-shaped error for `request`.
        static func toolboxError(_ status: Int, _ code: String, _ message: String, _ request: LocalRequest) -> LocalResponse {
            .daemonError(status, code: code, message: message, path: daemonPath(request), method: request.method)
        }

        // MARK: Files

        private func registerCurrentFileRoutes() {
            onToolbox(.get, "/files") { [unowned self] request in
                withSandbox(request) { record in
                    let depth = request.query["depth"].map { Int($0) } ?? 1
                    guard let depth, depth >= 1 else { return .apiError(400, message: "depth must be a positive integer") }
                    let path = request.query["path"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.home
                    guard let url = hostPath(path, sandbox: record.id) else { return Self.escapes }
                    var isDirectory: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                        return .apiError(404, message: "file not found: \(path)")
                    }
                    guard isDirectory.boolValue else { return .apiError(400, message: "path is not a directory: \(path)") }
                    return .json(listing(url, depth: depth, sandbox: record.id))
                }
            }
            onToolbox(.get, "/files/info") { [unowned self] request in
                withPath(request) { url, id in
                    guard let info = currentFileInfo(url, sandbox: id) else {
                        return .apiError(404, message: "file not found: \(request.query["path"] ?? "")")
                    }
                    return .json(info)
                }
            }
            onToolbox(.delete, "/files") { [unowned self] request in
                withPath(request) { url, _ in
                    var isDirectory: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                        return .apiError(404, message: "file not found: \(request.query["path"] ?? "")")
                    }
                    if isDirectory.boolValue, request.query["recursive"] != "true" {
                        return .apiError(400, message: "cannot delete a directory without recursive=true")
                    }
                    try FileManager.default.removeItem(at: url)
                    return .empty(status: 204)
                }
            }
            onToolbox(.post, "/files/bulk-download") { [unowned self] request in
                withSandbox(request) { record in
                    guard let paths = request.decodeBody(PathsBody.self)?.paths, !paths.isEmpty else {
                        return .json(["error": #"request body must be {"paths": [ ... ]} and non-empty"#], status: 400)
                    }
                    var body = Data()
                    for path in paths { body.append(downloadPart(path, sandbox: record.id)) }
                    body.append(Data("--\(Self.fileBoundary)--\r\n".utf8))
                    return .answer(headers: ["Content-Type": "multipart/form-data; boundary=\(Self.fileBoundary)"], body: body)
                }
            }
            onToolbox(.post, "/files/bulk-upload") { [unowned self] request in
                withSandbox(request) { record in bulkUpload(request, sandbox: record.id) }
            }
        }

        /// The boundary of today's daemon's bulk downloads.
        static let fileBoundary = "DAYTONA-FILE-BOUNDARY"

        /// The entries below `url`, `depth` levels deep, depth first in name order.
        private func listing(_ url: URL, depth: Int, sandbox id: String) -> [Current.FileInfo] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path).sorted()) ?? []
            var entries: [Current.FileInfo] = []
            for name in names {
                let child = url.appendingPathComponent(name)
                guard let info = currentFileInfo(child, sandbox: id) else { continue }
                entries.append(info)
                if depth > 1, info.isDir == true, hostPath(sandboxPath(child, sandbox: id), sandbox: id) != nil {
                    entries += listing(child, depth: depth - 1, sandbox: id)
                }
            }
            return entries
        }

        /// Today's `FileInfo`: the 0.14 one with `path` and an RFC 3339 `modifiedAt`.
        private func currentFileInfo(_ url: URL, sandbox id: String) -> Current.FileInfo? {
            guard let base = Self.fileInfo(url) else { return nil }
            let modified = (try? FileManager.default.attributesOfItem(atPath: url.path)[.modificationDate] as? Date) ?? Date()
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return Current.FileInfo(
                name: base.name, path: sandboxPath(url, sandbox: id), isDir: base.isDir, size: base.size, modTime: base.modTime,
                modifiedAt: formatter.string(from: modified), mode: base.mode, permissions: base.permissions, owner: base.owner,
                group: base.group)
        }

        /// One part of a bulk download: the file (`file`) or why it could not be read (`error`).
        private func downloadPart(_ path: String, sandbox id: String) -> Data {
            func failure(_ status: Int, _ code: String, _ message: String) -> Data {
                let error = daemonErrorBody(status, code: code, message: message, path: path, method: "POST")
                return Self.part(
                    name: "error", path: path, type: "application/json; charset=utf-8", content: (try? JSONCoding.encode(error)) ?? Data())
            }
            guard !path.trimmingCharacters(in: .whitespaces).isEmpty else { return failure(400, "INVALID_FILE_PATH", "empty path") }
            guard let url = hostPath(path, sandbox: id) else {
                return failure(403, "FILE_ACCESS_DENIED", "access denied: \(path) is outside the sandbox")
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                return failure(404, "FILE_NOT_FOUND", "file not found: \(path)")
            }
            guard !isDirectory.boolValue else { return failure(400, "INVALID_FILE_PATH", "path is a directory: \(path)") }
            guard let content = try? Data(contentsOf: url) else { return failure(500, "FILE_READ_FAILED", "could not read \(path)") }
            return Self.part(name: "file", path: path, type: Self.contentType(of: path), content: content, length: true)
        }

        /// A multipart part as Go's `multipart.Writer` writes it for the daemon: headers in
        /// sorted order, `filename` and the lossless `filename*`.
        static func part(name: String, path: String, type: String, content: Data, length: Bool = false) -> Data {
            var head = "--\(fileBoundary)\r\n"
            head +=
                "Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(quotedFilename(path))\"; filename*=utf-8''\(rfc5987(path))\r\n"
            if length { head += "Content-Length: \(content.count)\r\n" }
            head += "Content-Type: \(type)\r\n\r\n"
            var data = Data(head.utf8)
            data.append(content)
            data.append(Data("\r\n".utf8))
            return data
        }

        /// `path` for a quoted `filename`: `\` and `"` escaped, CR, LF and NUL removed, other
        /// controls and characters outside Latin-1 replaced by `_`.
        static func quotedFilename(_ path: String) -> String {
            var result = ""
            for scalar in path.unicodeScalars {
                switch scalar.value {
                case 0x0D, 0x0A, 0x00: continue
                case 0x5C, 0x22:
                    result.append("\\")
                    result.unicodeScalars.append(scalar)
                case 0x01..<0x20, 0x7F, 0x100...: result.append("_")
                default: result.unicodeScalars.append(scalar)
                }
            }
            return result
        }

        /// `path`'s UTF-8 bytes percent-encoded as RFC 5987 asks (letters, digits and
        /// `` !#$&+-.^_`|~ `` kept).
        static func rfc5987(_ path: String) -> String {
            let kept = Set("!#$&+-.^_`|~".utf8)
            var result = ""
            for byte in path.utf8 {
                let isAlphanumeric = (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                if isAlphanumeric || kept.contains(byte) {
                    result.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    result += String(format: "%%%02X", byte)
                }
            }
            return result
        }

        /// The content type Go's `mime.TypeByExtension` gives a file name, for common types.
        static func contentType(of path: String) -> String {
            let types = [
                "txt": "text/plain; charset=utf-8", "html": "text/html; charset=utf-8", "htm": "text/html; charset=utf-8",
                "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "mjs": "text/javascript; charset=utf-8",
                "json": "application/json", "xml": "text/xml; charset=utf-8", "svg": "image/svg+xml", "png": "image/png",
                "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "pdf": "application/pdf",
                "wasm": "application/wasm", "avif": "image/avif",
            ]
            let name = path.split(separator: "/").last.map(String.init) ?? path
            guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "application/octet-stream" }
            return types[name[name.index(after: dot)...].lowercased()] ?? "application/octet-stream"
        }

        /// `POST files/bulk-upload`: `files[i].path` then `files[i].file` parts; every file is
        /// written (parents created) or reported in `errors` (then the answer is 400).
        private func bulkUpload(_ request: LocalRequest, sandbox id: String) -> LocalResponse {
            guard let parts = Self.multipartParts(request) else {
                return .json(Current.UploadFilesResponse(files: nil, errors: ["invalid multipart form"]), status: 400)
            }
            var destinations: [String: String] = [:]
            var uploaded: [Current.UploadedFile] = []
            var errors: [String] = []
            for part in parts {
                guard let name = part.name, name.hasPrefix("files["), let close = name.firstIndex(of: "]") else { continue }
                let index = String(name[name.index(name.startIndex, offsetBy: 6)..<close])
                let field = name[name.index(after: close)...]
                if field == ".path" {
                    destinations[index] = String(decoding: part.content, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                    continue
                }
                guard field == ".file" else { continue }
                guard let destination = destinations[index] else {
                    errors.append("file[\(index)]: missing .path metadata")
                    continue
                }
                guard let url = hostPath(destination, sandbox: id) else {
                    errors.append("\(destination): create: the path is outside the sandbox")
                    continue
                }
                do {
                    try FileManager.default.createDirectory(
                        at: url.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
                    try part.content.write(to: url)
                    uploaded.append(Current.UploadedFile(path: destination, bytes: Int64(part.content.count)))
                } catch {
                    errors.append("\(destination): create: \(error.localizedDescription)")
                }
            }
            if errors.isEmpty { return .json(Current.UploadFilesResponse(files: uploaded, errors: nil)) }
            return .json(Current.UploadFilesResponse(files: uploaded, errors: errors), status: 400)
        }

        /// The parts of a `multipart/form-data` body, or `nil` when it is not one.
        static func multipartParts(_ request: LocalRequest) -> [(name: String?, content: Data)]? {
            guard let type = request.header("Content-Type"), type.lowercased().hasPrefix("multipart/form-data"),
                let range = type.range(of: "boundary=")
            else { return nil }
            var boundary = String(type[range.upperBound...].prefix { $0 != ";" }).trimmingCharacters(in: .whitespaces)
            if boundary.hasPrefix("\""), boundary.hasSuffix("\""), boundary.count >= 2 {
                boundary = String(boundary.dropFirst().dropLast())
            }
            let body = request.body
            let delimiter = Data("--\(boundary)".utf8)
            let separator = Data("\r\n--\(boundary)".utf8)
            guard var cursor = body.range(of: delimiter)?.upperBound else { return nil }
            var parts: [(name: String?, content: Data)] = []
            while true {
                let rest = body[cursor...]
                if rest.starts(with: Data("--".utf8)) { return parts }
                guard rest.starts(with: Data("\r\n".utf8)),
                    let headerEnd = body.range(of: Data("\r\n\r\n".utf8), in: (cursor + 2)..<body.endIndex),
                    let next = body.range(of: separator, in: headerEnd.upperBound..<body.endIndex)
                else { return nil }
                let headers = String(decoding: body[(cursor + 2)..<headerEnd.lowerBound], as: UTF8.self)
                parts.append((dispositionName(headers), Data(body[headerEnd.upperBound..<next.lowerBound])))
                cursor = next.upperBound
            }
        }

        /// The `name` parameter of a part's `Content-Disposition` header.
        private static func dispositionName(_ headers: String) -> String? {
            for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
                for parameter in line.split(separator: ";").dropFirst() {
                    let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard pair.count == 2, pair[0].lowercased() == "name" else { continue }
                    var value = pair[1]
                    if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                    return value
                }
            }
            return nil
        }

        // MARK: Process

        private func registerCurrentProcessRoutes() {
            onToolbox(.post, "/process/execute") { [unowned self] request in
                withSandbox(request) { record in
                    guard let body = request.decodeBody(CurrentExecuteRequest.self), let command = body.command,
                        !command.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                    else { return .apiError(400, message: "command is required") }
                    return run(
                        ["sh", "-c", command], request: request, sandbox: record.id, cwd: body.cwd, envs: body.envs ?? [:],
                        timeout: body.timeout
                    ) { outcome in
                        .json(V014.ExecuteResponse(exitCode: outcome.exitCode, result: String(decoding: outcome.output, as: UTF8.self)))
                    }
                }
            }
            onToolbox(.post, "/process/code-run") { [unowned self] request in
                withSandbox(request) { record in
                    guard let body = request.decodeBody(CodeRunRequest.self), let code = body.code else {
                        return .apiError(400, message: "code is required")
                    }
                    let argv = body.argv ?? []
                    let arguments: [String]
                    switch body.language ?? "python" {
                    case "python": arguments = ["python3", "-c", code] + argv
                    case "javascript": arguments = ["node", "-e", code, "--"] + argv
                    case "typescript": arguments = ["npx", "--yes", "ts-node", "-O", #"{"module":"CommonJS"}"#, "-e", code, "x"] + argv
                    case let language: return .apiError(400, message: "unsupported language: \(language)")
                    }
                    return run(arguments, request: request, sandbox: record.id, cwd: nil, envs: body.envs ?? [:], timeout: body.timeout) {
                        outcome in
                        let text = String(decoding: outcome.output, as: UTF8.self)
                        let result =
                            body.language == "typescript"
                            ? text.components(separatedBy: "\n").filter { !$0.contains("npm notice") && !$0.contains("npm warn exec") }
                                .joined(separator: "\n") : text
                        // No chart artifacts: the local backend does not read matplotlib's output.
                        var answer = Current.CodeRunResponse(exitCode: outcome.exitCode, result: result)
                        answer.artifacts = Current.Artifacts(charts: nil)
                        return .json(answer)
                    }
                }
            }
        }

        /// Runs `arguments` in the sandbox as today's daemon does: in `cwd` (the work dir when
        /// `nil`), with `envs` added, killed after `timeout` seconds when that is positive (408).
        private func run(
            _ arguments: [String], request: LocalRequest, sandbox id: String, cwd: String?, envs: [String: String], timeout: Int?,
            answer: @escaping @Sendable (ProcessOutcome) -> LocalResponse
        ) -> LocalResponse {
            if let invalid = envs.keys.sorted().first(where: { !Self.isEnvironmentName($0) }) {
                return .apiError(400, message: "invalid environment variable name: \(invalid)")
            }
            guard let directory = hostPath(cwd ?? Self.home, sandbox: id) else { return Self.escapes }
            let seconds = timeout.flatMap { $0 > 0 ? min($0, Self.longestTimeout) : nil } ?? Self.longestTimeout
            return .later { [self] in
                let outcome = await run(arguments, sandbox: id, in: directory, timeout: seconds, environment: envs)
                if outcome.timedOut { return Self.toolboxError(408, "PROCESS_EXECUTION_TIMEOUT", "command execution timeout", request) }
                return answer(outcome)
            }
        }

        /// Whether `name` is a POSIX environment variable name.
        static func isEnvironmentName(_ name: String) -> Bool {
            guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && CharacterSet.letters.contains(first)) else {
                return false
            }
            return name.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || CharacterSet.alphanumerics.contains($0)) }
        }

        // MARK: Git

        private func registerCurrentGitRoutes() {
            onToolbox(.post, "/git/checkout") { [unowned self] request in
                gitCall(request) { body, directory, _ in
                    guard let branch = body.branch, !branch.isEmpty else { return .failed("branch is required") }
                    return .run(["git", "checkout", branch], in: directory)
                }
            }
            onToolbox(.delete, "/git/branches") { [unowned self] request in
                gitCall(request, answer: .noContent) { body, directory, _ in
                    guard let name = body.name, !name.isEmpty else { return .failed("name is required") }
                    return .run(["git", "branch", "-D", "--", name], in: directory)
                }
            }
            onToolbox(.get, "/git/branches") { [unowned self] request in
                gitCall(request, answer: .currentBranches) { _, directory, _ in
                    .run(["git", "branch", "--format=%(HEAD)%(refname:short)"], in: directory)
                }
            }
            onToolbox(.get, "/git/status") { [unowned self] request in
                gitCall(request, answer: .currentStatus) { _, directory, _ in
                    .run(["git", "status", "--porcelain=v1", "-b"], in: directory)
                }
            }
        }

        // MARK: Wire

        /// `FilesDownloadRequest`.
        private struct PathsBody: Decodable {
            @Lenient var paths: [String]? = nil
        }

        /// Today's `ExecuteRequest`.
        private struct CurrentExecuteRequest: Decodable {
            @Lenient var command: String? = nil
            @Lenient var cwd: String? = nil
            @Lenient var envs: [String: String]? = nil
            @Lenient var timeout: Int? = nil
        }

        /// `CodeRunRequest`.
        private struct CodeRunRequest: Decodable {
            @Lenient var code: String? = nil
            @Lenient var language: String? = nil
            @Lenient var argv: [String]? = nil
            @Lenient var envs: [String: String]? = nil
            @Lenient var timeout: Int? = nil
        }
    }

#endif
