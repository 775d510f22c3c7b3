/// A session command's output so far with standard output and standard error apart, from
/// ``SandboxProcess/splitSessionCommandLogs(sessionID:commandID:)`` (current API).
public struct SessionCommandLogs: Sendable, Hashable, Codable {
    /// Both streams, in the order written, without the daemon's stream markers.
    public var output: String
    /// Standard output alone.
    public var stdout: String
    /// Standard error alone.
    public var stderr: String

    /// Creates logs.
    public init(output: String, stdout: String, stderr: String) {
        self.output = output
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// A piece of a session command's output, from
/// ``SandboxProcess/followSessionCommandStreams(sessionID:commandID:)``: text and the stream it was
/// written to.
public struct SessionOutputChunk: Sendable, Hashable {
    /// The stream a chunk was written to.
    public enum Stream: Sendable, Hashable {
        /// Standard output.
        case stdout
        /// Standard error.
        case stderr
    }

    /// The stream it was written to.
    public var stream: Stream
    /// The text (whole characters).
    public var text: String

    /// Creates a chunk.
    public init(stream: Stream, text: String) {
        self.stream = stream
        self.text = text
    }
}

/// The live output of a session command with standard output and standard error apart, from
/// ``SandboxProcess/followSessionCommandStreams(sessionID:commandID:)``: an async sequence of
/// ``SessionOutputChunk``s that ends when the command exits.
///
/// Every byte of output is delivered once, in order, without the daemon's stream markers; a
/// multi-byte character or a marker split between two reads is delivered whole. Stopping the
/// iteration (or cancelling its task) stops the requests behind it.
public struct SessionCommandStreams: AsyncSequence, Sendable {
    /// A chunk of output and its stream.
    public typealias Element = SessionOutputChunk

    let stream: AsyncThrowingStream<SessionOutputChunk, any Error>
    private let finalExitCode: Locked<Int?>
    private let stop: @Sendable () -> Void

    init(stream: AsyncThrowingStream<SessionOutputChunk, any Error>, exitCode: Locked<Int?>, stop: @escaping @Sendable () -> Void) {
        self.stream = stream
        self.finalExitCode = exitCode
        self.stop = stop
    }

    /// The command's exit code, once the sequence has ended; `nil` before.
    public var exitCode: Int? { finalExitCode.current }

    /// Iterates over the chunks. Dropping the iterator (leaving the loop early) stops the
    /// requests behind it.
    public func makeAsyncIterator() -> Iterator {
        Iterator(base: stream.makeAsyncIterator(), token: StopOnRelease(stop))
    }

    /// The iterator of a ``SessionCommandStreams``.
    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<SessionOutputChunk, any Error>.Iterator
        let token: StopOnRelease

        /// The next chunk, or `nil` once the command has exited.
        public mutating func next() async throws -> SessionOutputChunk? {
            try await base.next()
        }
    }
}
