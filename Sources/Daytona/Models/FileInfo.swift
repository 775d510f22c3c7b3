/// One file or directory inside a sandbox, as `listFiles` and `fileInfo` report it.
public struct FileInfo: Sendable, Hashable, Codable {
    /// The entry's base name.
    public var name: String
    /// Whether it is a directory.
    public var isDir: Bool
    /// Its size in bytes.
    public var size: Int
    /// Its modification time as the server writes it (Go's `time.Time.String()` form, e.g.
    /// `2025-03-10 10:00:00.123456789 +0000 UTC`): opaque text.
    public var modTime: String
    /// Its file mode, e.g. `-rw-r--r--` or `drwxr-xr-x`.
    public var mode: String
    /// Its permission bits as four octal digits, e.g. `0644`.
    public var permissions: String
    /// Its owner (a numeric UID as text on current servers).
    public var owner: String
    /// Its group (a numeric GID as text on current servers).
    public var group: String
    /// Its full path, when the server sends it (the current API's listings; `nil` on 0.14).
    public var path: String?
    /// Its modification time as RFC 3339 text, e.g. `2025-03-10T10:00:00.123Z`, when the server
    /// sends it (current servers; `nil` on 0.14 and older daemons).
    public var modifiedAt: String?

    /// Creates a file description.
    public init(
        name: String, isDir: Bool = false, size: Int = 0, modTime: String = "", mode: String = "",
        permissions: String = "", owner: String = "", group: String = "", path: String? = nil, modifiedAt: String? = nil
    ) {
        self.path = path
        self.modifiedAt = modifiedAt
        self.name = name
        self.isDir = isDir
        self.size = size
        self.modTime = modTime
        self.mode = mode
        self.permissions = permissions
        self.owner = owner
        self.group = group
    }

}
