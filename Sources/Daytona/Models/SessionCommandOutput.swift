/// The live output of a session command, from
/// ``SandboxProcess/followSessionCommand(sessionID:commandID:)``: an async sequence of text
/// chunks that ends when the command exits.
///
/// ```swift
/// let started = try await process.executeSessionCommand(
///     sessionID: "ci", SessionExecuteRequest(command: "make test", runAsync: true))
/// let output = process.followSessionCommand(sessionID: "ci", commandID: started.cmdID ?? "")
/// for try await chunk in output { print(chunk, terminator: "") }
/// print("exit code:", output.exitCode ?? -1)
/// ```
///
/// Every byte of output is delivered once, in order; a multi-byte character split between two
/// network reads is delivered whole. Stopping the iteration (or cancelling its task) stops the
/// requests behind it.
public struct SessionCommandOutput: AsyncSequence, Sendable {
    /// A chunk of output text.
    public typealias Element = String

    let stream: AsyncThrowingStream<String, any Error>
    private let finalExitCode: Locked<Int?>
    private let stop: @Sendable () -> Void

    init(stream: AsyncThrowingStream<String, any Error>, exitCode: Locked<Int?>, stop: @escaping @Sendable () -> Void) {
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

    /// The iterator of a ``SessionCommandOutput``.
    public struct Iterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<String, any Error>.Iterator
        let token: StopOnRelease

        /// The next chunk of output, or `nil` once the command has exited.
        public mutating func next() async throws -> String? {
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
