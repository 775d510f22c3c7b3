/// The live output of a session command, from
/// ``SandboxProcess/followSessionCommand(sessionID:commandID:)``: an async sequence of text
/// chunks that ends when the command exits.
///
/// ```swift
/// let started = try await process.startSessionCommand("make test", sessionID: "ci")
/// let output = process.followSessionCommand(started)
/// for try await chunk in output { print(chunk, terminator: "") }
/// print("exit code:", output.exitCode ?? -1)
/// ```
///
/// Every byte of output is delivered once, in order; a multi-byte character split between two
/// network reads is delivered whole. Stopping the iteration (or cancelling its task) stops the
/// requests behind it.
public typealias SessionCommandOutput = FollowedOutput<String>

/// The live output of a session command with standard output and standard error apart, from
/// ``SandboxProcess/followSessionCommandStreams(sessionID:commandID:)``: an async sequence of
/// ``SessionOutputChunk``s that ends when the command exits.
///
/// Every byte of output is delivered once, in order, without the daemon's stream markers; a
/// multi-byte character or a marker split between two reads is delivered whole. Stopping the
/// iteration (or cancelling its task) stops the requests behind it.
public typealias SessionCommandStreams = FollowedOutput<SessionOutputChunk>

/// The live output of a running command: an async sequence of chunks (text, or text with its
/// stream) that ends when the command exits, and then knows its exit code. See
/// ``SessionCommandOutput`` and ``SessionCommandStreams``.
public struct FollowedOutput<Element: Sendable>: AsyncSequence, Sendable {
    let stream: AsyncThrowingStream<Element, any Error>
    private let finalExitCode: Locked<Int?>
    private let stop: @Sendable () -> Void

    init(stream: AsyncThrowingStream<Element, any Error>, exitCode: Locked<Int?>, stop: @escaping @Sendable () -> Void) {
        self.stream = stream
        self.finalExitCode = exitCode
        self.stop = stop
    }

    /// The command's exit code, once the sequence has ended; `nil` before.
    public var exitCode: Int? { finalExitCode.current }

    /// Iterates over the output chunks. Dropping the iterator (leaving the loop early) stops
    /// the requests behind it.
    public func makeAsyncIterator() -> Iterator {
        Iterator(base: stream.makeAsyncIterator(), token: StopOnRelease(stop))
    }

    /// The iterator of a ``FollowedOutput``.
    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<Element, any Error>.Iterator
        let token: StopOnRelease

        /// The next chunk of output, or `nil` once the command has exited.
        public mutating func next() async throws -> Element? {
            try await base.next()
        }
    }
}

/// Runs an action when the last reference to it goes away.
final class StopOnRelease: Sendable {
    private let action: @Sendable () -> Void
    init(_ action: @escaping @Sendable () -> Void) { self.action = action }
    deinit { action() }
}
