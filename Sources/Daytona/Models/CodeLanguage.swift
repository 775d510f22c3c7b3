/// The programming language a sandbox runs code in, which chooses how
/// ``SandboxProcess/codeRun(_:params:timeout:)`` runs code.
///
/// The SDK records it on create as the sandbox label `code-toolbox-language`, and reads it back
/// from that label for ``DaytonaClient/list(labels:)`` and ``DaytonaClient/sandbox(id:)``. A label
/// with another value is kept as it is.
public struct CodeLanguage: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `python`.
    public var rawValue: String
    /// Creates a language from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a language from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// Python (the default).
    public static let python: CodeLanguage = "python"
    /// TypeScript, run with `ts-node`.
    public static let typescript: CodeLanguage = "typescript"
    /// JavaScript, run with `ts-node`.
    public static let javascript: CodeLanguage = "javascript"

    /// The languages the SDK can run code in.
    public static let supported: [CodeLanguage] = [.python, .typescript, .javascript]

    /// Whether the SDK knows how to run code in this language.
    public var isSupported: Bool { Self.supported.contains(self) }

    /// The label that records a sandbox's language.
    public static let labelKey = "code-toolbox-language"
}
