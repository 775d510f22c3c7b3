import Foundation

/// The outcome of ``SandboxProcess/exec(_:cwd:timeout:)`` and
/// ``SandboxProcess/codeRun(_:params:timeout:)``.
///
/// A command that fails still returns: check ``exitCode``.
public struct ExecuteResponse: Sendable, Hashable, Codable {
    /// The command's exit code; `-1` when the process could not report one.
    public var exitCode: Int
    /// Standard output and standard error, combined.
    public var result: String

    /// Creates a response.
    public init(exitCode: Int, result: String) {
        self.exitCode = exitCode
        self.result = result
    }

}
