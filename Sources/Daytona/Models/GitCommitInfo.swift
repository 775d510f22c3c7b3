/// One commit of ``Git/history(in:)``.
public struct GitCommitInfo: Sendable, Hashable, Codable {
    /// The commit hash.
    public var hash: String
    /// The commit message.
    public var message: String
    /// The author's name.
    public var author: String
    /// The author's email.
    public var email: String
    /// The commit time, RFC 3339 text as the server sends it.
    public var timestamp: String

    /// Creates a commit description.
    public init(hash: String, message: String, author: String, email: String, timestamp: String) {
        self.hash = hash
        self.message = message
        self.author = author
        self.email = email
        self.timestamp = timestamp
    }

}
