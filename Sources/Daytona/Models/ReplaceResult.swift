/// The outcome of ``FileSystem/replaceInFiles(_:pattern:newValue:)`` for one file.
///
/// A file that could not be edited is reported here with `success == false`, not as a thrown
/// error.
public struct ReplaceResult: Sendable, Hashable, Codable {
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

}
