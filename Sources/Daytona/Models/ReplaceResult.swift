/// The outcome of ``FileSystem/replaceInFiles(_:pattern:newValue:)`` for one file.
///
/// A file that could not be edited is reported here with `success == false`, not as a thrown
/// error.
public struct ReplaceResult: Sendable, Hashable, Decodable {
    /// The file.
    public var file: String?
    /// Whether the replacement succeeded.
    public var success: Bool?
    /// Why it failed, when it did.
    public var error: String?

    /// Creates a result.
    public init(file: String? = nil, success: Bool? = nil, error: String? = nil) {
        self.file = file
        self.success = success
        self.error = error
    }

    private enum Keys: String, CodingKey { case file, success, error }

    /// Decodes the server's `ReplaceResult`, leniently.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(
            file: container.lenientString(.file),
            success: container.lenientBool(.success),
            error: container.lenientString(.error)
        )
    }
}
