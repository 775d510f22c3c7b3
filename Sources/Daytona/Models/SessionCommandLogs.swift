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
