/// A line that contains the text searched for by ``FileSystem/findFiles(in:pattern:)``.
public struct Match: Sendable, Hashable, Decodable {
    /// The file's path.
    public var file: String
    /// The line number, counting from 1.
    public var line: Int
    /// The whole matching line.
    public var content: String

    /// Creates a match.
    public init(file: String, line: Int, content: String) {
        self.file = file
        self.line = line
        self.content = content
    }

    private enum Keys: String, CodingKey { case file, line, content }

    /// Decodes the server's `Match`, leniently.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(
            file: container.lenientString(.file) ?? "",
            line: container.lenientInt(.line) ?? 0,
            content: container.lenientString(.content) ?? ""
        )
    }
}
