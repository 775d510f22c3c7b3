/// A line that contains the text searched for by ``FileSystem/findFiles(in:pattern:)``.
public struct Match: Sendable, Hashable, Codable {
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

}
