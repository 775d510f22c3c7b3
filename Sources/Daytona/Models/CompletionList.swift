/// Completion suggestions from ``LSPServer/completions(_:at:)``.
public struct CompletionList: Sendable, Hashable, Codable {
    /// Whether more items may exist (typing more refines the list).
    public var isIncomplete: Bool
    /// The suggestions.
    public var items: [CompletionItem]

    /// Creates a list.
    public init(isIncomplete: Bool, items: [CompletionItem]) {
        self.isIncomplete = isIncomplete
        self.items = items
    }

}

/// One completion suggestion.
public struct CompletionItem: Sendable, Hashable, Codable {
    /// The text shown to the user.
    public var label: String
    /// The LSP `CompletionItemKind` (1 Text … 25 TypeParameter; 3 is Function, 6 Variable).
    public var kind: Int?
    /// Extra detail, such as a signature.
    public var detail: String?
    /// Documentation: a string or a `{kind, value}` markup object, as the server sent it.
    public var documentation: JSONValue?
    /// The sort key.
    public var sortText: String?
    /// The filter key.
    public var filterText: String?
    /// The text to insert, when it differs from ``label``.
    public var insertText: String?

    /// Creates an item.
    public init(
        label: String, kind: Int? = nil, detail: String? = nil, documentation: JSONValue? = nil,
        sortText: String? = nil, filterText: String? = nil, insertText: String? = nil
    ) {
        self.label = label
        self.kind = kind
        self.detail = detail
        self.documentation = documentation
        self.sortText = sortText
        self.filterText = filterText
        self.insertText = insertText
    }

}
