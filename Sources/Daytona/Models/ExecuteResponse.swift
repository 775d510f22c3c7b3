import Foundation

/// The outcome of ``SandboxProcess/exec(_:cwd:environment:timeout:)`` and
/// ``SandboxProcess/codeRun(_:params:timeout:)``.
///
/// A command that fails still returns: check ``exitCode``.
public struct ExecuteResponse: Sendable, Hashable, Codable {
    /// The command's exit code; `-1` when the process could not report one.
    public var exitCode: Int
    /// Standard output and standard error, combined.
    public var result: String
    /// The charts the program drew with matplotlib (``SandboxProcess/codeRun(_:params:timeout:)``
    /// on the current API); empty otherwise.
    public var charts: [Chart]

    /// Creates a response.
    public init(exitCode: Int, result: String, charts: [Chart] = []) {
        self.charts = charts
        self.exitCode = exitCode
        self.result = result
    }

    private enum CodingKeys: String, CodingKey {
        case exitCode, result, charts
    }

    /// Decodes a response; `charts` may be missing (values encoded before it existed).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        exitCode = try container.decode(Int.self, forKey: .exitCode)
        result = try container.decode(String.self, forKey: .result)
        charts = try container.decodeIfPresent([Chart].self, forKey: .charts) ?? []
    }
}
