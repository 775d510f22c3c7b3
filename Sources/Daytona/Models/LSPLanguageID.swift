/// The language a language server handles.
public struct LSPLanguageID: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `python`.
    public var rawValue: String
    /// Creates a language ID from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a language ID from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// Python.
    public static let python: LSPLanguageID = "python"
    /// TypeScript.
    public static let typescript: LSPLanguageID = "typescript"
    /// JavaScript.
    public static let javascript: LSPLanguageID = "javascript"
}
