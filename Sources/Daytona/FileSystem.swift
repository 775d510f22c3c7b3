import Foundation

/// File-system operations inside a sandbox: ``Sandbox/fs``.
///
/// Paths are absolute paths inside the sandbox; any character may appear in them (they are
/// percent-encoded exactly as the API expects).
///
/// ```swift
/// try await sandbox.fs.createFolder(at: "/home/daytona/data", mode: "755")
/// try await sandbox.fs.uploadFile(Data("hello".utf8), to: "/home/daytona/data/hello.txt")
/// let bytes = try await sandbox.fs.downloadFile(at: "/home/daytona/data/hello.txt")
/// ```
///
/// On the current API, uploads go through `POST …/files/bulk-upload` and downloads through
/// `POST …/files/bulk-download` (one file or many per request); on 0.14 through
/// `…/files/upload` and `…/files/download`. Calls only one API has throw a ``DaytonaError`` of
/// category `unsupported` on the other, before any request.
public struct FileSystem: Sendable {
    /// The sandbox these operations act on.
    public let sandboxID: String
    let api: ToolboxClient

    init(sandboxID: String, api: ToolboxClient) {
        self.sandboxID = sandboxID
        self.api = api
    }

    private func path(_ suffix: String) -> String { api.path(suffix) }

    /// Creates a folder (`POST …/files/folder`).
    ///
    /// - Parameters:
    ///   - path: Where to create it.
    ///   - mode: Its permissions as an octal string, e.g. `"755"`.
    /// - Throws: ``DaytonaError`` prefixed `Failed to create folder: `.
    public func createFolder(at path: String, mode: String = "755") async throws {
        try await withContext("Failed to create folder: ") {
            try requireNonEmpty(path, "path")
            try requireOctalMode(mode)
            _ = try await api.send(api.declaringNoAnswer(.post(self.path("/files/folder"), query: [("path", path), ("mode", mode)])))
        }
    }

    /// Deletes a file or an empty folder (`DELETE …/files`).
    ///
    /// - Parameters:
    ///   - path: The file or folder.
    ///   - recursive: Whether to delete a folder with everything in it (current API only; the
    ///     current API refuses to delete a folder without it).
    /// - Throws: ``DaytonaError`` prefixed `Failed to delete file: `; `unsupported` for
    ///   `recursive` on 0.14.
    public func deleteFile(at path: String, recursive: Bool = false) async throws {
        try await withContext("Failed to delete file: ") {
            try requireNonEmpty(path, "path")
            switch api.dialect {
            case .v014:
                if recursive { try api.requireCurrent("Deleting a folder recursively") }
                _ = try await api.send(.delete(self.path("/files"), query: [("path", path)]))
            case .current:
                let query = [("path", path), ("recursive", recursive ? "true" : "false")]
                _ = try await api.send(api.declaringNoAnswer(.delete(self.path("/files"), query: query)))
            }
        }
    }

    /// Downloads a file's bytes (`GET …/files/download` on 0.14, whatever the answer's content
    /// type; `POST …/files/bulk-download` with one path on the current API).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to download file: ` (`notFound` when missing).
    public func downloadFile(at path: String) async throws -> Data {
        try await withContext("Failed to download file: ") {
            try requireNonEmpty(path, "path")
            switch api.dialect {
            case .v014:
                return try await api.send(.get(self.path("/files/download"), query: [("path", path)])).body
            case .current:
                let result = try await bulkDownload([FileDownloadRequest(source: path)], progress: nil)[0]
                if let error = result.error { throw error }
                return result.data ?? Data()
            }
        }
    }

    /// Finds the lines that contain `pattern` (literal text) in the files under `path`,
    /// recursively (`GET …/files/find`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to find files: `.
    public func findFiles(in path: String, pattern: String) async throws -> [Match] {
        try await withContext("Failed to find files: ") {
            try requireNonEmpty(path, "path")
            try requireNonEmpty(pattern, "pattern")
            let endpoint = Endpoint.get(self.path("/files/find"), query: [("path", path), ("pattern", pattern)])
            return try await api.decodeIfPresent([V014.Match].self, from: api.send(endpoint))?.map(Match.init) ?? []
        }
    }

    /// Describes one file or folder (`GET …/files/info`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get file info: `.
    public func fileInfo(at path: String) async throws -> FileInfo {
        try await withContext("Failed to get file info: ") {
            try requireNonEmpty(path, "path")
            let endpoint = Endpoint.get(self.path("/files/info"), query: [("path", path)])
            switch api.dialect {
            case .v014: return FileInfo(try await api.send(endpoint, decoding: V014.FileInfo.self))
            case .current: return FileInfo(try await api.send(endpoint, decoding: Current.FileInfo.self))
            }
        }
    }

    /// Lists a folder's entries (`GET …/files`).
    ///
    /// ```swift
    /// let tree = try await sandbox.fs.listFiles(in: "/home/daytona/app", depth: 2)
    /// for file in tree { print(file.path ?? file.name) }
    /// ```
    ///
    /// - Parameters:
    ///   - path: The folder.
    ///   - depth: How many levels to list: 1 lists the folder's entries, 2 their children too,
    ///     and so on (current API only; `nil` for the server's default, 1). Entries then carry
    ///     their ``FileInfo/path``.
    /// - Throws: ``DaytonaError`` prefixed `Failed to list files: `; `invalidArgument` for a
    ///   depth below 1; `unsupported` for a depth on 0.14.
    public func listFiles(in path: String, depth: Int? = nil) async throws -> [FileInfo] {
        try await withContext("Failed to list files: ") {
            try requireNonEmpty(path, "path")
            if let depth, depth < 1 { throw DaytonaError.invalidArgument("depth must be at least 1") }
            switch api.dialect {
            case .v014:
                if depth != nil { try api.requireCurrent("Listing files with a depth") }
                let response = try await api.send(.get(self.path("/files"), query: [("path", path)]))
                return try api.decodeIfPresent([V014.FileInfo].self, from: response)?.map(FileInfo.init) ?? []
            case .current:
                let response = try await api.send(.get(self.path("/files"), query: [("path", path), ("depth", depth.map(String.init))]))
                return try api.decodeIfPresent([Current.FileInfo].self, from: response)?.map(FileInfo.init) ?? []
            }
        }
    }

    /// Moves or renames a file or folder (`POST …/files/move`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to move files: `.
    public func moveFile(from source: String, to destination: String) async throws {
        try await withContext("Failed to move files: ") {
            try requireNonEmpty(source, "source")
            try requireNonEmpty(destination, "destination")
            _ = try await api.send(
                api.declaringNoAnswer(.post(path("/files/move"), query: [("source", source), ("destination", destination)])))
        }
    }

    /// Replaces every occurrence of `pattern` (literal text) with `newValue` in each file
    /// (`POST …/files/replace`). A file that fails is reported in its result, not thrown.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to replace in files: `.
    public func replaceInFiles(_ files: [String], pattern: String, newValue: String) async throws -> [ReplaceResult] {
        try await withContext("Failed to replace in files: ") {
            guard !files.isEmpty else { throw DaytonaError.invalidArgument("files must not be empty") }
            try requireNonEmpty(pattern, "pattern")
            let body = V014.ReplaceRequest(files: files, pattern: pattern, newValue: newValue)
            let response = try await api.send(try .post(path("/files/replace"), json: body, expectsBody: true))
            return try api.decodeIfPresent([V014.ReplaceResult].self, from: response)?.map(ReplaceResult.init) ?? []
        }
    }

    /// Finds files whose base name matches the glob `pattern` under `path`, recursively
    /// (`GET …/files/search`). No match is an empty array.
    ///
    /// ```swift
    /// let sources = try await sandbox.fs.searchFiles(in: "/home/daytona", pattern: "*.swift")
    /// ```
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to search files: `.
    public func searchFiles(in path: String, pattern: String) async throws -> [String] {
        try await withContext("Failed to search files: ") {
            try requireNonEmpty(path, "path")
            try requireNonEmpty(pattern, "pattern")
            let endpoint = Endpoint.get(self.path("/files/search"), query: [("path", path), ("pattern", pattern)])
            return try await api.decodeIfPresent(V014.SearchFilesResponse.self, from: api.send(endpoint))?.files ?? []
        }
    }

    /// Sets a file's mode, owner or group (`POST …/files/permissions`). Only what you pass is
    /// changed.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to set file permissions: `.
    public func setFilePermissions(at path: String, mode: String? = nil, owner: String? = nil, group: String? = nil) async throws {
        try await withContext("Failed to set file permissions: ") {
            try requireNonEmpty(path, "path")
            if let mode { try requireOctalMode(mode) }
            let query = [("path", path), ("owner", owner), ("group", group), ("mode", mode)]
            _ = try await api.send(api.declaringNoAnswer(.post(self.path("/files/permissions"), query: query)))
        }
    }

    /// Uploads bytes to `path`, replacing any file there (0.14: `POST …/files/upload`, one
    /// multipart part, and the parent folder must exist; current API: `POST …/files/bulk-upload`
    /// with one file, and parent folders are created).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to upload file: `.
    public func uploadFile(_ data: Data, to path: String) async throws {
        try await withContext("Failed to upload file: ") {
            try requireNonEmpty(path, "path")
            if api.dialect == .current {
                try await uploadOne(FileUpload(data, to: path), progress: nil)
                return
            }
            let boundary = Multipart.makeBoundary()
            var endpoint = Endpoint(method: .post, path: self.path("/files/upload"), query: [("path", path)])
            endpoint.body = .multipart(Multipart.singleFilePart(data, boundary: boundary), boundary: boundary)
            _ = try await api.send(endpoint)
        }
    }

    // MARK: Streaming transfers

    /// Uploads the file at `source` to `path` in constant memory, reporting progress
    /// (0.14: `POST …/files/upload`, one multipart part; current API: `POST …/files/bulk-upload`
    /// with one file).
    ///
    /// The multipart body is staged in a file in the temporary directory, copied in 1 MiB
    /// chunks, and removed afterwards. The upload is never retried once streamed.
    ///
    /// ```swift
    /// try await sandbox.fs.uploadFile(from: URL(fileURLWithPath: "dataset.tar"), to: "/home/daytona/dataset.tar") {
    ///     print($0.bytesTransferred, $0.totalBytes ?? 0)
    /// }
    /// ```
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to upload file: `, or `CancellationError`.
    public func uploadFile(from source: URL, to path: String, progress: (@Sendable (TransferProgress) -> Void)? = nil) async throws {
        try await withContext("Failed to upload file: ") {
            try requireNonEmpty(path, "path")
            guard source.isFileURL else { throw DaytonaError.invalidArgument("The source must be a file URL") }
            let attributes = try? FileManager.default.attributesOfItem(atPath: source.path)
            guard let size = (attributes?[.size] as? NSNumber)?.int64Value else {
                throw DaytonaError.invalidArgument("Cannot read the file at \(source.path)")
            }
            if api.dialect == .current {
                try await uploadOne(FileUpload(contentsOf: source, to: path), size: size, progress: progress)
                return
            }
            let boundary = Multipart.makeBoundary()
            let staged = FileManager.default.temporaryDirectory.appendingPathComponent("daytona-upload-\(boundary)")
            defer { try? FileManager.default.removeItem(at: staged) }
            try Multipart.writeSingleFilePart(copying: source, to: staged, boundary: boundary)
            let headCount = Int64(Multipart.frame(boundary: boundary).head.count)
            var endpoint = Endpoint(method: .post, path: self.path("/files/upload"), query: [("path", path)])
            endpoint.body = .multipart(Data(), boundary: boundary)
            _ = try await api.upload(endpoint, bodyFile: staged) { sent, _ in
                progress?(TransferProgress(bytesTransferred: min(max(sent - headCount, 0), size), totalBytes: size))
            }
            // Some transports report no progress; every upload ends with a complete report.
            progress?(TransferProgress(bytesTransferred: size, totalBytes: size))
        }
    }

    /// Downloads the file at `path` into `destination` in constant memory, reporting progress
    /// (0.14: `GET …/files/download`; current API: `POST …/files/bulk-download` with one path,
    /// the total taken from the part's `Content-Length`).
    ///
    /// The bytes go to a hidden partial file beside `destination`, which replaces `destination`
    /// only once the download is complete. On failure or cancellation the partial file is
    /// removed and `destination` is left as it was.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to download file: `, or `CancellationError`.
    public func downloadFile(at path: String, to destination: URL, progress: (@Sendable (TransferProgress) -> Void)? = nil) async throws {
        try await withContext("Failed to download file: ") {
            try requireNonEmpty(path, "path")
            guard destination.isFileURL else { throw DaytonaError.invalidArgument("The destination must be a file URL") }
            if api.dialect == .current {
                let request = FileDownloadRequest(source: path, destination: destination)
                let result = try await bulkDownload([request]) { _, value in progress?(value) }[0]
                if let error = result.error { throw error }
                return
            }
            try await api.download(
                Endpoint.get(self.path("/files/download"), query: [("path", path)]), replacing: destination, progress: progress)
        }
    }
}

// MARK: Many files per request (current API)

extension FileSystem {
    /// Uploads several files in one request (`POST …/files/bulk-upload`, current API only).
    /// Parent folders are created and existing files replaced. Local files are streamed from
    /// disk through a staged body in the temporary directory, in constant memory.
    ///
    /// A file the server could not write is reported in its result (the daemon answers 400 with
    /// the files it did write and the errors of the others), not thrown.
    ///
    /// ```swift
    /// let results = try await sandbox.fs.uploadFiles([
    ///     FileUpload(Data("one".utf8), to: "/tmp/1.txt"),
    ///     FileUpload(contentsOf: localURL, to: "/tmp/data.bin"),
    /// ])
    /// for failed in results where !failed.succeeded { print(failed.destination, failed.error!) }
    /// ```
    ///
    /// - Parameters:
    ///   - files: The files, in the order they are sent.
    ///   - progress: Called with the bytes of the request body sent so far and its size.
    /// - Returns: One result per file, in the order of `files`.
    /// - Throws: ``DaytonaError`` prefixed `Failed to upload files: ` when the request as a whole
    ///   fails; `unsupported` on 0.14.
    public func uploadFiles(_ files: [FileUpload], progress: (@Sendable (TransferProgress) -> Void)? = nil) async throws
        -> [FileUploadResult]
    {
        try await withContext("Failed to upload files: ") {
            try api.requireCurrent("Uploading several files in one request")
            guard !files.isEmpty else { return [] }
            for file in files { try requireNonEmpty(file.destination, "destination") }
            return try await bulkUpload(files) { sent, total in
                progress?(TransferProgress(bytesTransferred: sent, totalBytes: total))
            }
        }
    }

    /// Downloads several files in one request (`POST …/files/bulk-download`, current API only),
    /// each into memory or, in constant memory, into its destination file.
    ///
    /// A destination is replaced only once its file is complete; a file that fails leaves its
    /// destination as it was. A file the server could not read (missing, a folder, no access)
    /// is reported in its result, not thrown.
    ///
    /// ```swift
    /// let results = try await sandbox.fs.downloadFiles([
    ///     FileDownloadRequest(source: "/tmp/a.txt"),
    ///     FileDownloadRequest(source: "/tmp/big.bin", destination: localURL),
    /// ])
    /// let text = results[0].data.map { String(decoding: $0, as: UTF8.self) }
    /// ```
    ///
    /// - Parameters:
    ///   - files: The files, in the order they are requested.
    ///   - progress: Called with a file's path in the sandbox and how much of it has arrived
    ///     (its total from the part's `Content-Length`, when sent).
    /// - Returns: One result per file, in the order of `files`.
    /// - Throws: ``DaytonaError`` prefixed `Failed to download files: ` when the request as a
    ///   whole fails (HTTP error, transport failure); `unsupported` on 0.14; or
    ///   `CancellationError`.
    public func downloadFiles(_ files: [FileDownloadRequest], progress: (@Sendable (String, TransferProgress) -> Void)? = nil)
        async throws -> [FileDownloadResult]
    {
        try await withContext("Failed to download files: ") {
            try api.requireCurrent("Downloading several files in one request")
            guard !files.isEmpty else { return [] }
            for file in files {
                try requireNonEmpty(file.source, "source")
                if let destination = file.destination, !destination.isFileURL {
                    throw DaytonaError.invalidArgument("The destination must be a file URL")
                }
            }
            return try await bulkDownload(files, progress: progress)
        }
    }

    /// One file through `…/files/bulk-upload`; its failure is thrown. Progress counts the
    /// file's bytes, out of `size`.
    func uploadOne(_ upload: FileUpload, size: Int64? = nil, progress: (@Sendable (TransferProgress) -> Void)?) async throws {
        let body = BulkUploadBody(entries: [.init(destination: upload.destination, source: upload.source)])
        let head = body.firstContentOffset
        let results = try await bulkUpload(body, files: [upload]) { sent, _ in
            guard let size else { return }
            progress?(TransferProgress(bytesTransferred: min(max(sent - head, 0), size), totalBytes: size))
        }
        if let error = results.first?.error { throw error }
        // Some transports report no progress; every upload ends with a complete report.
        if let size { progress?(TransferProgress(bytesTransferred: size, totalBytes: size)) }
    }

    /// Sends `files` to `…/files/bulk-upload` and reads the result of each.
    private func bulkUpload(_ files: [FileUpload], progress: (@Sendable (Int64, Int64) -> Void)?) async throws -> [FileUploadResult] {
        let body = BulkUploadBody(entries: files.map { .init(destination: $0.destination, source: $0.source) })
        return try await bulkUpload(body, files: files, progress: progress)
    }

    private func bulkUpload(_ body: BulkUploadBody, files: [FileUpload], progress: (@Sendable (Int64, Int64) -> Void)?) async throws
        -> [FileUploadResult]
    {
        var endpoint = Endpoint(method: .post, path: path("/files/bulk-upload"))
        endpoint.accept = "*/*"
        let inMemory = files.allSatisfy { if case .data = $0.source { true } else { false } }
        let status: Int
        let answer: Current.UploadFilesResponse?
        do {
            let response: BufferedResponse
            if inMemory {
                let data = try body.data()
                endpoint.body = .multipart(data, boundary: body.boundary)
                response = try await api.send(endpoint)
                progress?(Int64(data.count), Int64(data.count))
            } else {
                let staged = FileManager.default.temporaryDirectory.appendingPathComponent("daytona-upload-\(body.boundary)")
                defer { try? FileManager.default.removeItem(at: staged) }
                let total = try body.write(to: staged)
                endpoint.body = .multipart(Data(), boundary: body.boundary)
                response = try await api.upload(endpoint, bodyFile: staged) { sent, _ in progress?(sent, total) }
                progress?(total, total)
            }
            status = response.statusCode
            answer = try? api.decodeIfPresent(Current.UploadFilesResponse.self, from: response)
        } catch let error as DaytonaError where error.statusCode == 400 {
            // The daemon's answer when some files failed: the written ones and the errors.
            guard let data = error.responseBody,
                let partial = try? JSONCoding.decoder.decode(Current.UploadFilesResponse.self, from: data),
                let errors = partial.errors, Self.namesFiles(errors, files)
            else { throw error }
            status = 400
            answer = partial
        }
        return Self.uploadResults(files, answer: answer, status: status)
    }

    /// Whether the errors of a 400 name the files (rather than the request, such as
    /// `invalid multipart form`).
    private static func namesFiles(_ errors: [String], _ files: [FileUpload]) -> Bool {
        errors.contains { error in files.contains { error.hasPrefix(Self.trimmed($0.destination) + ": ") } }
    }

    private static func trimmed(_ path: String) -> String { path.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// Each file's outcome: written (listed in `files`), failed (an error names it), or, when
    /// the server said nothing about it, written on a 2xx answer without a list and failed
    /// otherwise.
    private static func uploadResults(_ files: [FileUpload], answer: Current.UploadFilesResponse?, status: Int) -> [FileUploadResult] {
        var written = answer?.files ?? []
        var errors = answer?.errors ?? []
        let listed = answer?.files != nil || !errors.isEmpty
        var results: [FileUploadResult] = []
        for file in files {
            let path = trimmed(file.destination)
            if let index = written.firstIndex(where: { $0.path == path || $0.path == file.destination }) {
                results.append(FileUploadResult(destination: file.destination, bytesWritten: written[index].bytes))
                written.remove(at: index)
            } else if let index = errors.firstIndex(where: { $0.hasPrefix(path + ": ") }) {
                results.append(
                    FileUploadResult(
                        destination: file.destination,
                        error: DaytonaError(.forStatus(status), message: errors[index], statusCode: status, serverMessage: errors[index])))
                errors.remove(at: index)
            } else if !listed, (200..<300).contains(status) {
                results.append(FileUploadResult(destination: file.destination))
            } else {
                let message = errors.isEmpty ? "The server reported no result for this file" : errors.joined(separator: ", ")
                let category: DaytonaError.Category = (200..<300).contains(status) ? .server : .forStatus(status)
                results.append(
                    FileUploadResult(destination: file.destination, error: DaytonaError(category, message: message, statusCode: status)))
            }
        }
        return results
    }

    /// Sends `files` to `…/files/bulk-download` and streams each part of the multipart answer
    /// into memory or its destination (through a hidden partial file beside it).
    func bulkDownload(_ files: [FileDownloadRequest], progress: (@Sendable (String, TransferProgress) -> Void)?) async throws
        -> [FileDownloadResult]
    {
        var endpoint = try Endpoint.post(path("/files/bulk-download"), json: Current.FilesDownload(paths: files.map(\.source)))
        endpoint.accept = "multipart/form-data"
        let response = try await api.stream(endpoint)
        guard let boundary = MultipartReader.boundary(fromContentType: response.header("Content-Type")) else {
            throw DaytonaError(
                .decoding,
                message: "The server's answer is not multipart/form-data (\(response.header("Content-Type") ?? "no content type"))",
                statusCode: response.statusCode)
        }
        var sink = DownloadSink(files: files, memoryLimit: api.api.maxResponseSize, progress: progress)
        defer { sink.discardPartialFiles() }
        var reader = MultipartReader(boundary: boundary)
        for try await chunk in response.body {
            for event in try reader.feed(chunk) { try sink.handle(event) }
        }
        try Task.checkCancellation()
        do {
            try reader.finish()
        } catch let error as DaytonaError {
            sink.failUnfinished(with: error)
        }
        return try sink.results()
    }
}

/// Where the parts of a bulk-download answer go: each file part to the first request of its
/// path not yet served, into memory or a partial file that replaces the destination once
/// complete; each error part into that request's error.
private struct DownloadSink {
    private enum Outcome {
        case pending
        case receiving
        case done
    }

    private let files: [FileDownloadRequest]
    private let progress: (@Sendable (String, TransferProgress) -> Void)?
    private var outcomes: [Outcome]
    private var data: [Data?]
    private var errors: [DaytonaError?]
    /// The part being read: its request's index (or `nil` for a part no request asked for),
    /// whether it is an error part, its declared length and the bytes so far.
    private var current: (index: Int?, isError: Bool, total: Int64?, received: Int64, buffer: Data)?
    private var partialFile: (url: URL, handle: FileHandle)?
    private var partialURLs: [URL] = []
    /// The most bytes kept in memory (``DaytonaConfiguration/maxResponseSize``).
    private let memoryLimit: Int
    private var bufferedBytes = 0

    init(files: [FileDownloadRequest], memoryLimit: Int, progress: (@Sendable (String, TransferProgress) -> Void)?) {
        self.files = files
        self.memoryLimit = memoryLimit
        self.progress = progress
        outcomes = Array(repeating: .pending, count: files.count)
        data = Array(repeating: nil, count: files.count)
        errors = Array(repeating: nil, count: files.count)
    }

    mutating func handle(_ event: MultipartReader.Event) throws {
        switch event {
        case .partStart(let headers):
            let disposition = HeaderParameters.parse(headers["content-disposition"] ?? "")
            let path = disposition.preferred("filename")
            let index = path.flatMap { path in files.indices.first { files[$0].source == path && outcomes[$0] == .pending } }
            let isError = disposition.values["name"] == "error"
            current = (index, isError, headers["content-length"].flatMap { Int64($0) }, 0, Data())
            guard let index else { return }
            outcomes[index] = .receiving
            if !isError, let destination = files[index].destination {
                try openPartialFile(for: destination)
            }
        case .bytes(let chunk):
            guard var part = current, let index = part.index else { return }
            part.received += Int64(chunk.count)
            if let handle = partialFile?.handle, !part.isError {
                try handle.write(contentsOf: chunk)
            } else {
                // Files kept in memory, and error parts, count against the answer limit.
                bufferedBytes += chunk.count
                if bufferedBytes > memoryLimit {
                    throw DaytonaError(
                        .responseTooLarge,
                        message:
                            "The files asked for in memory are larger than the limit of \(memoryLimit) bytes; download them to a file instead"
                    )
                }
                part.buffer.append(chunk)
            }
            current = part
            if !part.isError { progress?(files[index].source, TransferProgress(bytesTransferred: part.received, totalBytes: part.total)) }
        case .partEnd:
            guard let part = current else { return }
            current = nil
            guard let index = part.index else { return }
            outcomes[index] = .done
            if part.isError {
                closePartialFile()
                let wire = try? JSONCoding.decoder.decode(Current.ErrorResponse.self, from: part.buffer)
                errors[index] =
                    wire.map { DaytonaError($0, body: part.buffer) }
                    ?? DaytonaError(.server, message: String(decoding: part.buffer, as: UTF8.self), responseBody: part.buffer)
            } else if let destination = files[index].destination {
                try finishPartialFile(at: destination)
                if part.received == 0 { progress?(files[index].source, TransferProgress(bytesTransferred: 0, totalBytes: part.total)) }
            } else {
                data[index] = part.buffer
                if part.received == 0 { progress?(files[index].source, TransferProgress(bytesTransferred: 0, totalBytes: part.total)) }
            }
        }
    }

    /// The answer ended early: the file being read and those never sent fail with `error`.
    mutating func failUnfinished(with error: DaytonaError) {
        closePartialFile()
        for index in files.indices where outcomes[index] != .done {
            errors[index] = error
            outcomes[index] = .done
        }
    }

    func results() throws -> [FileDownloadResult] {
        files.indices.map { index in
            let file = files[index]
            if let error = errors[index] { return FileDownloadResult(source: file.source, error: error) }
            guard outcomes[index] == .done else {
                return FileDownloadResult(source: file.source, error: DaytonaError(.server, message: "No data received for this file"))
            }
            if let destination = file.destination { return FileDownloadResult(source: file.source, destination: destination) }
            return FileDownloadResult(source: file.source, data: data[index] ?? Data())
        }
    }

    private mutating func openPartialFile(for destination: URL) throws {
        let partial = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(Multipart.makeBoundary()).partial")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw DaytonaError.invalidArgument("Could not create the file \(partial.path)")
        }
        partialURLs.append(partial)
        partialFile = (partial, try FileHandle(forWritingTo: partial))
    }

    private mutating func closePartialFile() {
        try? partialFile?.handle.close()
        partialFile = nil
    }

    private mutating func finishPartialFile(at destination: URL) throws {
        guard let partial = partialFile?.url else { return }
        closePartialFile()
        if FileManager.default.fileExists(atPath: destination.path) {
            try FileManager.default.removeItem(at: destination)
        }
        try FileManager.default.moveItem(at: partial, to: destination)
        partialURLs.removeAll { $0 == partial }
    }

    /// Removes the partial files of files not completed.
    mutating func discardPartialFiles() {
        closePartialFile()
        for url in partialURLs { try? FileManager.default.removeItem(at: url) }
        partialURLs.removeAll()
    }
}

/// Rejects a mode that is not 3 or 4 octal digits.
func requireOctalMode(_ mode: String) throws {
    let valid = (3...4).contains(mode.count) && mode.allSatisfy { ("0"..."7").contains($0) }
    if !valid { throw DaytonaError.invalidArgument("mode must be 3 or 4 octal digits, e.g. \"755\"") }
}

/// The single-part `multipart/form-data` body of WIRE.md §1.6.
enum Multipart {
    static func makeBoundary() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// The bytes before and after the file's bytes.
    static func frame(boundary: String) -> (head: Data, tail: Data) {
        let head =
            "--\(boundary)\r\n" + "Content-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n"
        return (Data(head.utf8), Data("\r\n--\(boundary)--\r\n".utf8))
    }

    static func singleFilePart(_ data: Data, boundary: String) -> Data {
        let (head, tail) = frame(boundary: boundary)
        var body = Data()
        body.reserveCapacity(head.count + data.count + tail.count)
        body.append(head)
        body.append(data)
        body.append(tail)
        return body
    }

    /// Writes the whole body to `destination`, copying `source` in 1 MiB chunks.
    static func writeSingleFilePart(copying source: URL, to destination: URL, boundary: String) throws {
        let (head, tail) = frame(boundary: boundary)
        guard FileManager.default.createFile(atPath: destination.path, contents: head) else {
            throw DaytonaError.invalidArgument("Could not create a temporary file for the upload")
        }
        let output = try FileHandle(forWritingTo: destination)
        defer { try? output.close() }
        try output.seekToEnd()
        let input = try FileHandle(forReadingFrom: source)
        defer { try? input.close() }
        while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
            try output.write(contentsOf: chunk)
        }
        try output.write(contentsOf: tail)
    }
}
