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
            _ = try await api.send(.post(self.path("/files/folder"), query: [("path", path), ("mode", mode)]))
        }
    }

    /// Deletes a file or an empty folder (`DELETE …/files`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to delete file: `.
    public func deleteFile(at path: String) async throws {
        try await withContext("Failed to delete file: ") {
            try requireNonEmpty(path, "path")
            _ = try await api.send(.delete(self.path("/files"), query: [("path", path)]))
        }
    }

    /// Downloads a file's bytes (`GET …/files/download`), whatever the answer's content type.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to download file: ` (`notFound` when missing).
    public func downloadFile(at path: String) async throws -> Data {
        try await withContext("Failed to download file: ") {
            try requireNonEmpty(path, "path")
            return try await api.send(.get(self.path("/files/download"), query: [("path", path)])).body
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
            return FileInfo(try await api.send(.get(self.path("/files/info"), query: [("path", path)]), decoding: V014.FileInfo.self))
        }
    }

    /// Lists a folder's entries, not recursively (`GET …/files`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to list files: `.
    public func listFiles(in path: String) async throws -> [FileInfo] {
        try await withContext("Failed to list files: ") {
            try requireNonEmpty(path, "path")
            let response = try await api.send(.get(self.path("/files"), query: [("path", path)]))
            return try api.decodeIfPresent([V014.FileInfo].self, from: response)?.map(FileInfo.init) ?? []
        }
    }

    /// Moves or renames a file or folder (`POST …/files/move`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to move files: `.
    public func moveFile(from source: String, to destination: String) async throws {
        try await withContext("Failed to move files: ") {
            try requireNonEmpty(source, "source")
            try requireNonEmpty(destination, "destination")
            _ = try await api.send(.post(path("/files/move"), query: [("source", source), ("destination", destination)]))
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
            _ = try await api.send(.post(self.path("/files/permissions"), query: query))
        }
    }

    /// Uploads bytes to `path`, replacing any file there (`POST …/files/upload`, one multipart
    /// part). The parent folder must exist.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to upload file: `.
    public func uploadFile(_ data: Data, to path: String) async throws {
        try await withContext("Failed to upload file: ") {
            try requireNonEmpty(path, "path")
            let boundary = Multipart.makeBoundary()
            var endpoint = Endpoint(method: .post, path: self.path("/files/upload"), query: [("path", path)])
            endpoint.body = .multipart(Multipart.singleFilePart(data, boundary: boundary), boundary: boundary)
            _ = try await api.send(endpoint)
        }
    }

    // MARK: Streaming transfers

    /// Uploads the file at `source` to `path` in constant memory, reporting progress
    /// (`POST …/files/upload`, one multipart part).
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
    /// (`GET …/files/download`).
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
            let partial = destination.deletingLastPathComponent()
                .appendingPathComponent(".\(destination.lastPathComponent).\(Multipart.makeBoundary()).partial")
            var complete = false
            defer { if !complete { try? FileManager.default.removeItem(at: partial) } }
            let endpoint = Endpoint.get(self.path("/files/download"), query: [("path", path)])
            try await api.download(endpoint, to: partial) { written, total in
                progress?(TransferProgress(bytesTransferred: written, totalBytes: total))
            }
            try Task.checkCancellation()
            if FileManager.default.fileExists(atPath: destination.path) {
                try FileManager.default.removeItem(at: destination)
            }
            try FileManager.default.moveItem(at: partial, to: destination)
            complete = true
        }
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
