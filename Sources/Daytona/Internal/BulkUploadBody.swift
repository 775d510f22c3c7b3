import Foundation

/// The `multipart/form-data` body of `POST …/files/bulk-upload` (WIRE-current §1.10a): a
/// `files[i].path` text part per file, all before the first `files[i].file` part (the daemon
/// needs each path before its bytes), then the files in the same order.
struct BulkUploadBody {
    /// One file of the body: where it goes and where its bytes come from.
    struct Entry {
        var destination: String
        var source: FileUpload.Source
    }

    let boundary: String
    let entries: [Entry]

    init(entries: [Entry], boundary: String = Multipart.makeBoundary()) {
        self.entries = entries
        self.boundary = boundary
    }

    /// The bytes before the first file's content: every path part, then the first file part's
    /// head.
    private var pathParts: Data {
        var data = Data()
        for (index, entry) in entries.enumerated() {
            data.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"files[\(index)].path\"\r\n\r\n".utf8))
            data.append(Data(entry.destination.utf8))
            data.append(Data("\r\n".utf8))
        }
        return data
    }

    private func fileHead(_ index: Int) -> Data {
        let destination = entries[index].destination
        return Data(
            ("--\(boundary)\r\nContent-Disposition: form-data; name=\"files[\(index)].file\"; filename=\""
                + Self.quoted(destination) + "\"\r\nContent-Type: " + Self.contentType(of: destination) + "\r\n\r\n").utf8)
    }

    /// Where the first file's bytes start in the body (for progress in that file's bytes).
    var firstContentOffset: Int64 {
        entries.isEmpty ? 0 : Int64(pathParts.count + fileHead(0).count)
    }

    private var tail: Data { Data("--\(boundary)--\r\n".utf8) }

    /// The whole body in memory (every source must be data).
    func data() throws -> Data {
        var body = pathParts
        for (index, entry) in entries.enumerated() {
            body.append(fileHead(index))
            switch entry.source {
            case .data(let data): body.append(data)
            case .file(let url):
                guard let data = FileManager.default.contents(atPath: url.path) else {
                    throw DaytonaError.invalidArgument("Cannot read the file at \(url.path)")
                }
                body.append(data)
            }
            body.append(Data("\r\n".utf8))
        }
        body.append(tail)
        return body
    }

    /// Writes the whole body to `destination`, copying file sources in 1 MiB chunks, and returns
    /// its size.
    @discardableResult
    func write(to destination: URL) throws -> Int64 {
        guard FileManager.default.createFile(atPath: destination.path, contents: pathParts) else {
            throw DaytonaError.invalidArgument("Could not create a temporary file for the upload")
        }
        let output = try FileHandle(forWritingTo: destination)
        defer { try? output.close() }
        try output.seekToEnd()
        for (index, entry) in entries.enumerated() {
            try output.write(contentsOf: fileHead(index))
            switch entry.source {
            case .data(let data):
                try output.write(contentsOf: data)
            case .file(let url):
                let input: FileHandle
                do {
                    input = try FileHandle(forReadingFrom: url)
                } catch {
                    throw DaytonaError.invalidArgument("Cannot read the file at \(url.path)")
                }
                defer { try? input.close() }
                while let chunk = try input.read(upToCount: 1 << 20), !chunk.isEmpty {
                    try output.write(contentsOf: chunk)
                }
            }
            try output.write(contentsOf: Data("\r\n".utf8))
        }
        try output.write(contentsOf: tail)
        return Int64(try output.offset())
    }

    /// A `filename` parameter's value as browsers and httpx write it: `"` and line breaks
    /// percent-encoded, `\` doubled.
    static func quoted(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "%22"
            case "\\": result += "\\\\"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The part's media type guessed from the destination's extension, as the Python SDK's
    /// HTTP client guesses it; `application/octet-stream` for anything else.
    static func contentType(of path: String) -> String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "application/octet-stream" }
        switch name[name.index(after: dot)...].lowercased() {
        case "txt", "log", "text": return "text/plain"
        case "html", "htm": return "text/html"
        case "css": return "text/css"
        case "csv": return "text/csv"
        case "md": return "text/markdown"
        case "py": return "text/x-python"
        case "js", "mjs": return "text/javascript"
        case "json": return "application/json"
        case "xml": return "application/xml"
        case "pdf": return "application/pdf"
        case "zip": return "application/zip"
        case "gz", "tgz": return "application/gzip"
        case "tar": return "application/x-tar"
        case "sh": return "application/x-sh"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "gif": return "image/gif"
        case "svg": return "image/svg+xml"
        default: return "application/octet-stream"
        }
    }
}
