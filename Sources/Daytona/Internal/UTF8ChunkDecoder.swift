import Foundation

/// Decodes UTF-8 text that arrives in chunks, holding back a multi-byte character split across
/// two chunks until its last byte arrives. Invalid bytes become U+FFFD.
struct UTF8ChunkDecoder {
    private var pending: [UInt8] = []

    /// The text of `chunk` (after any held-back bytes), minus a trailing incomplete character.
    mutating func decode(_ chunk: some Sequence<UInt8>) -> String {
        pending.append(contentsOf: chunk)
        let cut = Self.completePrefixLength(pending)
        let text = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return text
    }

    /// Whatever is still held back, decoded (an incomplete character becomes U+FFFD).
    mutating func flush() -> String {
        defer { pending.removeAll() }
        return String(decoding: pending, as: UTF8.self)
    }

    /// The length of the longest prefix that does not end inside a multi-byte character.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        let count = bytes.count
        var index = count - 1
        var continuation = 0
        while index >= 0, continuation < 3, bytes[index] & 0xC0 == 0x80 {
            continuation += 1
            index -= 1
        }
        guard index >= 0 else { return count }
        let lead = bytes[index]
        let needed: Int
        switch lead {
        case 0xC0...0xDF: needed = 1
        case 0xE0...0xEF: needed = 2
        case 0xF0...0xF7: needed = 3
        default: return count
        }
        return continuation < needed ? index : count
    }
}
