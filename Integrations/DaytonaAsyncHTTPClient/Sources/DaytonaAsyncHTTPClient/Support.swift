import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import NIOPosix
import NIOSSL

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failure of ``AsyncHTTPClientTransport`` that has no `URLError` counterpart. Its description
/// never contains a header value, a URL's query or a secret.
public struct AsyncHTTPClientTransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, in words.
    public var description: String

    /// Creates an error with a description.
    public init(_ description: String) {
        self.description = description
    }

    /// A header field's name or value has characters HTTP does not allow (e.g. a line break in
    /// an API key). The value is not named.
    public static let invalidHeaderField = AsyncHTTPClientTransportError(
        "A request header field has characters that HTTP does not allow (its value is not shown)")
    /// A file being uploaded became shorter while it was sent.
    public static let uploadFileChanged = AsyncHTTPClientTransportError("The file being uploaded changed size while it was sent")
    /// The `HTTPClient` was shut down.
    public static let clientShutDown = AsyncHTTPClientTransportError("The HTTPClient behind the transport is shut down")
}

/// A request's deadline: for racing the whole request on the continuous clock, and for
/// AsyncHTTPClient's own deadline on the answer's head.
struct Deadline: Sendable {
    /// `nil` for no deadline.
    let instant: ContinuousClock.Instant?
    let nio: NIODeadline

    /// About 10 years: longer timeouts are treated as this (no clock overflows).
    private static let longest = Duration.seconds(315_360_000)

    init(_ timeout: Duration?) {
        guard let timeout, timeout > .zero else {
            instant = nil
            nio = .distantFuture
            return
        }
        let bounded = min(timeout, Self.longest)
        instant = ContinuousClock.now + bounded
        nio = .now() + TimeAmount(bounded)
    }

    /// Runs `operation`, cancelling it when the deadline passes first; then throws
    /// `URLError(.timedOut)` (or `CancellationError` when the caller was cancelled). The
    /// operation has finished unwinding when this returns or throws.
    func race<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let instant else { return try await operation() }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await Task.sleep(until: instant, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            if let first = try await group.next(), let value = first { return value }
            try Task.checkCancellation()
            throw URLError(.timedOut)
        }
    }
}

/// Reads an AsyncHTTPClient body on demand, as `Data`: the stream of a streamed ``HTTPBody``.
/// Nothing is read ahead (back-pressure reaches the socket). Dropping the stream drops the
/// iterator, which cancels the request.
final class ChunkReader: @unchecked Sendable {
    // `pending` and `iterator` are only read and written under `lock`; the iterator is taken out
    // while a chunk is awaited, so two readers can never use it at once.
    private let lock = NIOLock()
    private var pending: Data?
    private var iterator: HTTPClientResponse.Body.AsyncIterator?

    init(_ body: HTTPClientResponse.Body) {
        self.iterator = body.makeAsyncIterator()
    }

    /// A reader that yields `pending` first, then what `iterator` has left.
    init(pending: Data, iterator: HTTPClientResponse.Body.AsyncIterator) {
        self.pending = pending
        self.iterator = iterator
    }

    func next() async throws -> Data? {
        let (first, taken) = lock.withLock { () -> (Data?, HTTPClientResponse.Body.AsyncIterator?) in
            if let pending = self.pending {
                self.pending = nil
                return (pending, nil)
            }
            defer { self.iterator = nil }
            return (nil, self.iterator)
        }
        if let first { return first }
        guard var current = taken else { return nil }
        do {
            guard let chunk = try await current.next() else { return nil }
            lock.withLock { self.iterator = current }
            return Data(buffer: chunk, byteTransferStrategy: .automatic)
        } catch {
            throw ErrorMapping.mapped(error)
        }
    }

    func stream() -> AsyncThrowingStream<Data, any Error> {
        AsyncThrowingStream(unfolding: { try await self.next() })
    }
}

/// A file being written by a download, on NIO's blocking-I/O thread pool (never on the
/// concurrency pool), in writes of at least 256 KiB.
final class FileSink: Sendable {
    let url: URL
    private let descriptor: NIOLockedValueBox<Int32?>

    static let batch = 256 << 10

    private init(url: URL, descriptor: Int32) {
        self.url = url
        self.descriptor = NIOLockedValueBox(descriptor)
    }

    /// Creates (or truncates) the file at `url`.
    static func create(at url: URL) async throws -> FileSink {
        let path = url.path
        let descriptor = try await NIOThreadPool.singleton.runIfActive { () throws -> Int32 in
            let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw CocoaError(.fileWriteNoPermission) }
            return descriptor
        }
        return FileSink(url: url, descriptor: descriptor)
    }

    /// Writes all of `buffer`.
    func write(_ buffer: ByteBuffer) async throws {
        guard buffer.readableBytes > 0, let descriptor = descriptor.withLockedValue({ $0 }) else { return }
        try await NIOThreadPool.singleton.runIfActive {
            try buffer.withUnsafeReadableBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let written = posixWrite(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw CocoaError(.fileWriteUnknown)
                    }
                    offset += written
                }
            }
        }
    }

    /// Closes the file, keeping it.
    func close() throws {
        guard
            let descriptor = descriptor.withLockedValue({ value in
                defer { value = nil }
                return value
            })
        else { return }
        guard posixClose(descriptor) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Closes and removes the file.
    func discard() {
        if let descriptor = descriptor.withLockedValue({ value in
            defer { value = nil }
            return value
        }) {
            _ = posixClose(descriptor)
        }
        _ = unlink(url.path)
    }
}

/// A file read as it is sent: an upload body of known length, read on NIO's blocking-I/O
/// thread pool in chunks of 256 KiB, with progress as each chunk is handed to AsyncHTTPClient
/// (which asks for the next one only when the connection can take it).
struct FileSource: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let url: URL
    let size: Int64
    let progress: (@Sendable (Int64, Int64?) -> Void)?

    static let chunkSize = 256 << 10

    /// The file's size, or `URLError(.fileDoesNotExist)`.
    static func size(of url: URL) throws -> Int64 {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            attributes[.type] as? FileAttributeType == .typeRegular, let size = attributes[.size] as? NSNumber
        else { throw URLError(.fileDoesNotExist) }
        return size.int64Value
    }

    func makeAsyncIterator() -> Iterator { Iterator(source: self) }

    struct Iterator: AsyncIteratorProtocol {
        let source: FileSource
        var reader: FileReader?
        var sent: Int64 = 0

        mutating func next() async throws -> ByteBuffer? {
            guard sent < source.size else { return nil }
            let reader = try self.reader ?? FileReader(url: source.url)
            self.reader = reader
            let count = Int(Swift.min(Int64(FileSource.chunkSize), source.size - sent))
            let buffer = try await reader.read(count)
            guard buffer.readableBytes > 0 else { throw AsyncHTTPClientTransportError.uploadFileChanged }
            sent += Int64(buffer.readableBytes)
            source.progress?(sent, source.size)
            return buffer
        }
    }
}

/// An open file, closed when the last reference goes.
final class FileReader: Sendable {
    private let descriptor: Int32

    init(url: URL) throws {
        let descriptor = open(url.path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw URLError(.fileDoesNotExist) }
        self.descriptor = descriptor
    }

    deinit { _ = posixClose(descriptor) }

    /// Reads up to `count` bytes; an empty buffer at the end of the file.
    func read(_ count: Int) async throws -> ByteBuffer {
        let descriptor = self.descriptor
        return try await NIOThreadPool.singleton.runIfActive {
            var buffer = ByteBufferAllocator().buffer(capacity: count)
            try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { bytes in
                while true {
                    let read = posixRead(descriptor, bytes.baseAddress, Swift.min(count, bytes.count))
                    if read >= 0 { return read }
                    if errno != EINTR { throw CocoaError(.fileReadUnknown) }
                }
            }
            return buffer
        }
    }
}

// The C library's calls, named apart from the methods above.
private func posixWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int { write(descriptor, bytes, count) }
private func posixRead(_ descriptor: Int32, _ bytes: UnsafeMutableRawPointer?, _ count: Int) -> Int { read(descriptor, bytes, count) }
private func posixClose(_ descriptor: Int32) -> Int32 { close(descriptor) }

/// Turns AsyncHTTPClient's and SwiftNIO's errors into the ones the Daytona client classifies.
enum ErrorMapping {
    static func mapped(_ error: any Error) -> any Error {
        switch error {
        case is CancellationError, is AsyncHTTPClientTransportError, is CocoaError:
            return error
        case let error as URLError:
            return error.code == .cancelled ? CancellationError() : error
        case let error as HTTPClientError:
            return mapped(error)
        case let error as NIOConnectionError:
            let dnsFailed = error.dnsAError != nil || error.dnsAAAAError != nil
            return URLError(error.connectionErrors.isEmpty && dnsFailed ? .cannotFindHost : .cannotConnectToHost)
        case is SocketAddressError, is SocketAddressError.UnknownHost:
            return URLError(.cannotFindHost)
        case let error as IOError:
            return URLError(code(errno: error.errnoCode))
        case let error as ChannelError:
            switch error {
            case .connectTimeout: return URLError(.cannotConnectToHost)
            default: return URLError(.networkConnectionLost)
            }
        case is HTTPParserError:
            return URLError(.badServerResponse)
        case is NIOSSLError, is BoringSSLError:
            return URLError(.secureConnectionFailed)
        default:
            // Not named: an unknown error's description might carry a header value.
            return AsyncHTTPClientTransportError("The request failed (\(String(reflecting: type(of: error))))")
        }
    }

    private static func mapped(_ error: HTTPClientError) -> any Error {
        switch error {
        case .cancelled: return CancellationError()
        case .deadlineExceeded, .readTimeout, .writeTimeout: return URLError(.timedOut)
        // The request never left: a refusal, which the client may retry even for a POST.
        case .connectTimeout, .getConnectionFromPoolTimeout: return URLError(.cannotConnectToHost)
        case .tlsHandshakeTimeout: return URLError(.secureConnectionFailed)
        case .remoteConnectionClosed, .uncleanShutdown: return URLError(.networkConnectionLost)
        case .invalidURL, .emptyHost, .emptyScheme: return URLError(.unsupportedURL)
        case .redirectLimitReached, .redirectCycleDetected: return URLError(.httpTooManyRedirects)
        case .alreadyShutdown: return AsyncHTTPClientTransportError.clientShutDown
        default: break
        }
        switch error.shortDescription {
        case "Unsupported scheme": return URLError(.unsupportedURL)
        case "Invalid header field names", "Invalid header field values": return AsyncHTTPClientTransportError.invalidHeaderField
        // The short description never carries associated values (header values among them).
        default: return AsyncHTTPClientTransportError("AsyncHTTPClient: \(error.shortDescription)")
        }
    }

    private static func code(errno: Int32) -> URLError.Code {
        switch errno {
        case ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, EADDRNOTAVAIL: return .cannotConnectToHost
        case ETIMEDOUT: return .timedOut
        default: return .networkConnectionLost  // ECONNRESET, EPIPE, ECONNABORTED, …
        }
    }
}
