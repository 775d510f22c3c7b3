/// A symbol found by ``LSPServer/documentSymbols(_:)`` or ``LSPServer/workspaceSymbols(_:)``.
public struct LSPSymbol: Sendable, Hashable, Decodable {
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

    private enum Keys: String, CodingKey { case kind, location, name }

    /// Decodes the server's `LspSymbol`, leniently.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        let empty = LSPLocation(range: LSPRange(start: Position(line: 0, character: 0), end: Position(line: 0, character: 0)), uri: "")
        self.init(
            kind: container.lenientInt(.kind) ?? 0,
            location: (try? container.decodeIfPresent(LSPLocation.self, forKey: .location)) ?? empty,
            name: container.lenientString(.name) ?? ""
        )
    }
}
