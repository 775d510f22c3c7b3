/// A symbol found by ``LSPServer/documentSymbols(_:)`` or ``LSPServer/workspaceSymbols(_:)``.
public struct LSPSymbol: Sendable, Hashable, Codable {
    /// The LSP `SymbolKind` (1 File … 26 TypeParameter; 5 is Class, 12 Function).
    public var kind: Int
    /// Where the symbol is defined.
    public var location: LSPLocation
    /// The symbol's name.
    public var name: String

    /// Creates a symbol.
    public init(kind: Int, location: LSPLocation, name: String) {
        self.kind = kind
        self.location = location
        self.name = name
    }

}
