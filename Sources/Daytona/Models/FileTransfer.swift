import Foundation

/// One file for ``FileSystem/uploadFiles(_:progress:)``: its bytes, or a local file streamed
/// from disk, and where it goes in the sandbox.
///
/// ```swift
/// let results = try await sandbox.fs.uploadFiles([
///     FileUpload(Data("one".utf8), to: "/home/daytona/1.txt"),
///     FileUpload(contentsOf: URL(fileURLWithPath: "big.bin"), to: "/home/daytona/big.bin"),
/// ])
/// ```
public struct FileUpload: Sendable, Hashable {
    /// Where a file's bytes come from.
    public enum Source: Sendable, Hashable {
        /// Bytes in memory.
        case data(Data)
        /// A local file, copied in 1 MiB chunks.
        case file(URL)
    }

    /// Where the bytes come from.
    public var source: Source
    /// The destination path in the sandbox; parent folders are created, an existing file is
    /// replaced.
    public var destination: String

    /// An upload of `data` to `destination`.
    public init(_ data: Data, to destination: String) {
        self.source = .data(data)
        self.destination = destination
    }

    /// An upload of the local file at `file` (a file URL) to `destination`.
    public init(contentsOf file: URL, to destination: String) {
        self.source = .file(file)
        self.destination = destination
    }
}

/// The outcome of one file of ``FileSystem/uploadFiles(_:progress:)``.
public struct FileUploadResult: Sendable {
    /// The destination path, as requested.
    public var destination: String
    /// The bytes written, when the server says.
    public var bytesWritten: Int64?
    /// Why this file failed, or `nil` when it was written.
    public var error: DaytonaError?

    /// Whether the file was written.
    public var succeeded: Bool { error == nil }

    /// Creates a result.
    public init(destination: String, bytesWritten: Int64? = nil, error: DaytonaError? = nil) {
        self.destination = destination
        self.bytesWritten = bytesWritten
        self.error = error
    }
}

/// One file for ``FileSystem/downloadFiles(_:progress:)``: its path in the sandbox and,
/// optionally, a local file URL to stream it to.
public struct FileDownloadRequest: Sendable, Hashable {
    /// The file's path in the sandbox.
    public var source: String
    /// A local file URL to write it to (replaced only once complete), or `nil` to keep the
    /// bytes in memory.
    public var destination: URL?

    /// Creates a request.
    public init(source: String, destination: URL? = nil) {
        self.source = source
        self.destination = destination
    }
}

/// The outcome of one file of ``FileSystem/downloadFiles(_:progress:)``.
public struct FileDownloadResult: Sendable {
    /// The file's path in the sandbox, as requested.
    public var source: String
    /// The local file it was written to, when the request named one and it succeeded.
    public var destination: URL?
    /// The bytes, when the request named no destination and it succeeded.
    public var data: Data?
    /// Why this file failed (e.g. category `notFound`, code `FILE_NOT_FOUND`), or `nil`.
    public var error: DaytonaError?

    /// Whether the file was downloaded.
    public var succeeded: Bool { error == nil }

    /// Creates a result.
    public init(source: String, destination: URL? = nil, data: Data? = nil, error: DaytonaError? = nil) {
        self.source = source
        self.destination = destination
        self.data = data
        self.error = error
    }
}
