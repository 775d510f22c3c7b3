/// A zero-based position in a text document: line and character offset.
///
/// ```swift
/// let items = try await lsp.completions("/home/daytona/app/main.py", at: Position(line: 3, character: 7))
/// ```
public struct Position: Sendable, Hashable, Codable {
    /// The line, counting from 0.
    public var line: Int
    /// The character offset in the line, counting from 0.
    public var character: Int

    /// Creates a position.
    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

}

/// A range in a text document, from ``start`` up to ``end``.
public struct LSPRange: Sendable, Hashable, Codable {
    /// Where the range starts.
    public var start: Position
    /// Where the range ends.
    public var end: Position

    /// Creates a range.
    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }
}

/// Where a symbol is: a document URI and a range in it.
public struct LSPLocation: Sendable, Hashable, Codable {
    /// The range.
    public var range: LSPRange
    /// The document's URI, e.g. `file:///home/daytona/app/main.py`.
    public var uri: String

    /// Creates a location.
    public init(range: LSPRange, uri: String) {
        self.range = range
        self.uri = uri
    }
}
