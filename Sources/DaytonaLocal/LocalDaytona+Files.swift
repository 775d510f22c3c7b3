#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import Foundation

    extension LocalDaytona {
        /// Maps a sandbox path to a host path inside the sandbox's directory, or `nil` when it
        /// escapes it (by `..` or through a symbolic link anywhere along the way).
        func hostPath(_ sandboxPath: String, sandbox id: String) -> URL? {
            let root = directory(ofWorkspace: id)
            let absolute = sandboxPath.hasPrefix("/") ? sandboxPath : Self.home + "/" + sandboxPath
            var components: [String] = []
            for part in absolute.split(separator: "/") {
                switch part {
                case ".": continue
                case "..":
                    guard !components.isEmpty else { return nil }
                    components.removeLast()
                default: components.append(String(part))
                }
            }
            var url = root
            for component in components { url.appendPathComponent(component) }
            // Resolve symbolic links of the deepest part that exists; it must stay inside the root.
            var existing = url
            var rest: [String] = []
            while !FileManager.default.fileExists(atPath: existing.path), existing.path.count > root.path.count {
                rest.insert(existing.lastPathComponent, at: 0)
                existing.deleteLastPathComponent()
            }
            let resolved = existing.resolvingSymlinksInPath()
            let rootPath = root.resolvingSymlinksInPath().path
            guard resolved.path == rootPath || resolved.path.hasPrefix(rootPath + "/") else { return nil }
            return rest.reduce(resolved) { $0.appendingPathComponent($1) }
        }

        /// The sandbox path of a host path inside the sandbox.
        func sandboxPath(_ url: URL, sandbox id: String) -> String {
            let root = directory(ofWorkspace: id).resolvingSymlinksInPath().path
            let path = url.resolvingSymlinksInPath().path
            return path.hasPrefix(root) ? String(path.dropFirst(root.count)).isEmpty ? "/" : String(path.dropFirst(root.count)) : path
        }

        static let escapes = LocalResponse.apiError(403, message: "The path is outside the sandbox")

        /// Runs `body` with the host path of the query's `key`, answering 404/400/403 as the server does.
        func withPath(_ request: LocalRequest, _ key: String = "path", _ body: (URL, String) throws -> LocalResponse) -> LocalResponse {
            withSandbox(request) { record in
                guard let path = request.query[key], !path.isEmpty else { return .apiError(400, message: "\(key) is required") }
                guard let url = hostPath(path, sandbox: record.id) else { return Self.escapes }
                do {
                    return try body(url, record.id)
                } catch {
                    return .apiError(400, message: "\(error.localizedDescription)")
                }
            }
        }

        func registerFileRoutes() {
            let files = "/toolbox/{id}/toolbox/files"
            router.on(.get, files) { [unowned self] request in
                withPath(request) { url, _ in
                    let names = try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
                    return .json(names.compactMap { Self.fileInfo(url.appendingPathComponent($0)) })
                }
            }
            router.on(.get, files + "/info") { [unowned self] request in
                withPath(request) { url, _ in
                    guard let info = Self.fileInfo(url) else { return .apiError(404, message: "file not found") }
                    return .json(info)
                }
            }
            router.on(.delete, files) { [unowned self] request in
                withPath(request) { url, _ in
                    var isDirectory: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                        return .apiError(404, message: "file not found")
                    }
                    if isDirectory.boolValue, request.query["recursive"] != "true",
                        !(try FileManager.default.contentsOfDirectory(atPath: url.path)).isEmpty
                    {
                        return .apiError(400, message: "directory is not empty")
                    }
                    try FileManager.default.removeItem(at: url)
                    return .empty(status: 204)
                }
            }
            router.on(.get, files + "/download") { [unowned self] request in
                withPath(request) { url, _ in
                    var isDirectory: ObjCBool = false
                    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
                        return .apiError(404, message: "file not found")
                    }
                    guard !isDirectory.boolValue else { return .apiError(400, message: "path is a directory") }
                    return .data(try Data(contentsOf: url))
                }
            }
            router.on(.post, files + "/folder") { [unowned self] request in
                withPath(request) { url, _ in
                    let mode = Int(request.query["mode"] ?? "755", radix: 8) ?? 0o755
                    try FileManager.default.createDirectory(
                        at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: mode])
                    return .empty(status: 201)
                }
            }
            router.on(.post, files + "/move") { [unowned self] request in
                withPath(request, "source") { source, id in
                    guard let destinationPath = request.query["destination"],
                        let destination = hostPath(destinationPath, sandbox: id)
                    else {
                        return Self.escapes
                    }
                    try FileManager.default.moveItem(at: source, to: destination)
                    return .empty()
                }
            }
            router.on(.post, files + "/permissions") { [unowned self] request in
                withPath(request) { url, _ in
                    let query = request.query
                    var attributes: [FileAttributeKey: Any] = [:]
                    if let mode = query["mode"], let bits = Int(mode, radix: 8) { attributes[.posixPermissions] = bits }
                    if let owner = query["owner"], let uid = Int(owner) { attributes[.ownerAccountID] = uid }
                    if let group = query["group"], let gid = Int(group) { attributes[.groupOwnerAccountID] = gid }
                    try FileManager.default.setAttributes(attributes, ofItemAtPath: url.path)
                    return .empty()
                }
            }
            router.on(.post, files + "/upload") { [unowned self] request in
                withPath(request) { url, _ in
                    guard let content = Self.multipartFile(request) else {
                        return .apiError(400, message: "expected one multipart part named file")
                    }
                    try content.write(to: url)
                    return .empty()
                }
            }
            router.on(.get, files + "/find") { [unowned self] request in
                withPath(request) { url, id in
                    let pattern = request.query["pattern"] ?? ""
                    var matches: [V014.Match] = []
                    for file in Self.walk(url) {
                        guard let data = try? Data(contentsOf: file), !data.contains(0) else { continue }
                        for (index, line) in String(decoding: data, as: UTF8.self).components(separatedBy: "\n").enumerated()
                        where line.contains(pattern) {
                            matches.append(V014.Match(file: sandboxPath(file, sandbox: id), line: index + 1, content: line))
                        }
                    }
                    return .json(matches)
                }
            }
            router.on(.get, files + "/search") { [unowned self] request in
                withPath(request) { url, id in
                    let pattern = request.query["pattern"] ?? "*"
                    let found = Self.walk(url, includeDirectories: true).filter { fnmatch(pattern, $0.lastPathComponent, 0) == 0 }
                    return .json(V014.SearchFilesResponse(files: found.map { sandboxPath($0, sandbox: id) }))
                }
            }
            router.on(.post, files + "/replace") { [unowned self] request in
                withSandbox(request) { record in
                    guard let body = request.decodeBody(ReplaceRequest.self), let paths = body.files, let pattern = body.pattern,
                        let newValue = body.newValue
                    else { return .apiError(400, message: "files, pattern and newValue are required") }
                    let results: [V014.ReplaceResult] = paths.map { path in
                        guard let url = hostPath(path, sandbox: record.id) else {
                            return V014.ReplaceResult(file: path, success: false, error: "outside the sandbox")
                        }
                        do {
                            let text = try String(contentsOf: url, encoding: .utf8)
                            try text.replacingOccurrences(of: pattern, with: newValue).write(to: url, atomically: true, encoding: .utf8)
                            return V014.ReplaceResult(file: path, success: true, error: nil)
                        } catch {
                            return V014.ReplaceResult(file: path, success: false, error: error.localizedDescription)
                        }
                    }
                    return .json(results)
                }
            }
        }

        /// `ReplaceRequest`.
        private struct ReplaceRequest: Decodable {
            @Lenient var files: [String]? = nil
            @Lenient var pattern: String? = nil
            @Lenient var newValue: String? = nil
        }

        static func fileInfo(_ url: URL) -> V014.FileInfo? {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path) else { return nil }
            let isDirectory = (attributes[.type] as? FileAttributeType) == .typeDirectory
            let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
            let modified = attributes[.modificationDate] as? Date ?? Date()
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSSSSSSSS '+0000 UTC'"
            return V014.FileInfo(
                name: url.lastPathComponent, isDir: isDirectory, size: (attributes[.size] as? NSNumber)?.intValue ?? 0,
                modTime: formatter.string(from: modified), mode: modeString(permissions, directory: isDirectory),
                permissions: String(format: "%04o", permissions),
                owner: String((attributes[.ownerAccountID] as? NSNumber)?.intValue ?? 0),
                group: String((attributes[.groupOwnerAccountID] as? NSNumber)?.intValue ?? 0))
        }

        static func modeString(_ bits: Int, directory: Bool) -> String {
            let flags = Array("rwxrwxrwx")
            let text = (0..<9).map { bits & (1 << (8 - $0)) != 0 ? String(flags[$0]) : "-" }.joined()
            return (directory ? "d" : "-") + text
        }

        /// Every file (and optionally folder) below `url`, without following symbolic links out.
        static func walk(_ url: URL, includeDirectories: Bool = false) -> [URL] {
            guard let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.isDirectoryKey]) else { return [] }
            var result: [URL] = []
            for case let item as URL in enumerator {
                let isDirectory = (try? item.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
                if !isDirectory || includeDirectories { result.append(item) }
            }
            return result
        }

        /// The bytes of the single `file` part of a multipart body.
        static func multipartFile(_ request: LocalRequest) -> Data? {
            guard let boundary = request.header("Content-Type")?.components(separatedBy: "boundary=").last else { return nil }
            let body = request.body
            guard let headerEnd = body.range(of: Data("\r\n\r\n".utf8)),
                let trailer = body.range(of: Data("\r\n--\(boundary)".utf8), options: .backwards, in: headerEnd.upperBound..<body.endIndex)
            else { return nil }
            return body[headerEnd.upperBound..<trailer.lowerBound]
        }
    }

#endif
