/// Arguments and environment for ``SandboxProcess/codeRun(_:params:timeout:)``.
///
/// Values may contain anything (spaces, quotes, `$`, backticks, newlines, unicode): the SDK
/// quotes them for the shell, unlike the reference SDK.
///
/// ```swift
/// let params = CodeRunParams(argv: ["--name", "O'Brien"], env: ["GREETING": "hello world"])
/// ```
public struct CodeRunParams: Sendable, Hashable {
    /// Command-line arguments, passed to the program in order.
    public var argv: [String]
    /// Environment variables. Names must be valid shell names (`[A-Za-z_][A-Za-z0-9_]*`).
    public var env: [String: String]

    /// Creates parameters.
    public init(argv: [String] = [], env: [String: String] = [:]) {
        self.argv = argv
        self.env = env
    }
}
