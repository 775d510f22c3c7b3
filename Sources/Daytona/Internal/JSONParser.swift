import Foundation

/// A small, fast JSON reader that builds a ``JSONValue`` tree.
///
/// Foundation's `JSONDecoder` is slow on Linux for strings full of escapes, and a workspace's
/// `providerMetadata` is exactly that (JSON inside a string). Decoding workspaces through this
/// reader keeps `list()` of 1,000 workspaces well under the 20 ms budget. It accepts RFC 8259
/// JSON, rejects everything else with ``Failure``, and never recurses deeper than
/// ``maxDepth`` (hostile input cannot overflow the stack).
struct JSONParser {
    struct Failure: Error, CustomStringConvertible {
        var offset: Int
        var reason: String
        var description: String { "\(reason) at byte \(offset)" }
    }

    static let maxDepth = 512

    static func parse(_ data: Data) throws -> JSONValue {
        try read(data) { try $0.value() }
    }

    static func parse(_ text: String) throws -> JSONValue {
        try read(text) { try $0.value() }
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    /// How many objects and arrays enclose the cursor.
    private var depth = 0
    /// The members of the objects being read, innermost last.
    private var members: [(String, JSONValue)] = []

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func failure(_ reason: String) -> Failure { Failure(offset: index, reason: reason) }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    /// The value at the cursor as a tree.
    private mutating func value() throws -> JSONValue {
        guard index < bytes.count else { throw failure("unexpected end") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): return try literal("true", .bool(true))
        case UInt8(ascii: "f"): return try literal("false", .bool(false))
        case UInt8(ascii: "n"): return try literal("null", .null)
        default: return .number(try number())
        }
    }

    private mutating func literal(_ word: StaticString, _ value: JSONValue) throws -> JSONValue {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw failure("unexpected end") }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] {
            throw failure("invalid literal")
        }
        index += count
        return value
    }

    private mutating func object() throws -> JSONValue {
        // Members gather on one stack shared by every object of the parse, so that each
        // dictionary is built at its final size (growing it key by key rehashes it each time).
        let base = members.count
        try walk(close: UInt8(ascii: "}")) { parser in
            let key = try parser.memberKey().string
            let value = try parser.value()
            parser.members.append((key, value))
        }
        var result = [String: JSONValue](minimumCapacity: members.count - base)
        for (key, value) in members[base...] {
            result[key] = value  // A repeated key keeps its last value.
        }
        members.removeSubrange(base...)
        return .object(result)
    }

    private mutating func array() throws -> JSONValue {
        var result: [JSONValue] = []
        try walk(close: UInt8(ascii: "]")) { result.append(try $0.value()) }
        return .array(result)
    }

    /// Walks the object or array whose opening bracket is at the cursor, calling `item` for each
    /// member or element (with the cursor on it), up to the closing bracket `close`.
    private mutating func walk(close: UInt8, _ item: (inout JSONParser) throws -> Void) throws {
        guard depth < Self.maxDepth else { throw failure("nested too deeply") }
        depth += 1
        defer { depth -= 1 }
        index += 1
        skipWhitespace()
        if index < bytes.count, bytes[index] == close {
            index += 1
            return
        }
        while true {
            skipWhitespace()
            try item(&self)
            skipWhitespace()
            guard index < bytes.count else { throw failure("unexpected end") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
            } else if bytes[index] == close {
                index += 1
                return
            } else {
                throw failure(close == UInt8(ascii: "}") ? "expected ',' or '}'" : "expected ',' or ']'")
            }
        }
    }

    /// A member's key and the colon after it; the cursor ends on the value.
    private mutating func memberKey() throws -> JSONKey {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a key") }
        let key = try key()
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw failure("expected ':'") }
        index += 1
        skipWhitespace()
        return key
    }

    private mutating func string() throws -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("control character in a string") }
            index += 1
        }
        // Escapes: find the end first, then build the string in one allocation (the text
        // unescaped is never longer than the JSON that spells it).
        var end = index
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
            end += bytes[end] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard end < bytes.count else { throw failure("unterminated string") }
        return try String(unsafeUninitializedCapacity: end - start) { output in
            var count = index - start
            _ = output.initialize(from: UnsafeBufferPointer(rebasing: bytes[start..<index]))
            func put(_ byte: UInt8) {
                output[count] = byte
                count += 1
            }
            while true {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return count
                case UInt8(ascii: "\\"):
                    let escaped = bytes[index]
                    index += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): put(escaped)
                    case UInt8(ascii: "b"): put(0x08)
                    case UInt8(ascii: "f"): put(0x0C)
                    case UInt8(ascii: "n"): put(0x0A)
                    case UInt8(ascii: "r"): put(0x0D)
                    case UInt8(ascii: "t"): put(0x09)
                    case UInt8(ascii: "u"): UTF8.encode(try unicodeEscape(), into: put)
                    default:
                        index -= 1
                        throw failure("invalid escape")
                    }
                default:
                    if byte < 0x20 {
                        index -= 1
                        throw failure("control character in a string")
                    }
                    put(byte)
                }
            }
        }
    }

    private mutating func hex4() throws -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure("unexpected end") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }

    /// The scalar of a `\\u` escape (the cursor just after the `u`), joining a surrogate pair;
    /// a lone surrogate reads as U+FFFD.
    private mutating func unicodeEscape() throws -> Unicode.Scalar {
        var scalar = try hex4()
        if (0xD800...0xDBFF).contains(scalar), index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
            bytes[index + 1] == UInt8(ascii: "u")
        {
            let saved = index
            index += 2
            let low = try hex4()
            if (0xDC00...0xDFFF).contains(low) {
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else {
                index = saved
            }
        }
        return Unicode.Scalar(scalar) ?? "\u{FFFD}"
    }

    private mutating func number() throws -> Double {
        let start = index
        while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
        guard index > start else { throw failure("unexpected character") }
        if let integer = Self.smallInteger(UnsafeBufferPointer(rebasing: bytes[start..<index])) { return integer }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let first = text.utf8.first, first == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first),
            let number = Double(text), number.isFinite
        else { throw failure("invalid number") }
        return number
    }

    /// An integer of up to 15 digits (exact as a `Double`), read without `strtod`; `nil` for
    /// anything else, which the general path reads.
    private static func smallInteger(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        let negative = text.first == UInt8(ascii: "-")
        let digits = negative ? UnsafeBufferPointer(rebasing: text.dropFirst()) : text
        guard !digits.isEmpty, digits.count <= 15 else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return negative ? -Double(value) : Double(value)
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"),
            UInt8(ascii: "E"):
            return true
        default:
            return false
        }
    }
}

// MARK: Reading without a tree

/// A pull reader over the same grammar: a model reads the members it knows straight into its
/// fields, and only what it skips is parsed into values (then dropped). Decoding a workspace
/// this way builds no dictionaries of `JSONValue`s, which matters on the hot path of every call
/// that returns one. The lenient rules are the same as those of the tree helpers below.
extension JSONParser {
    /// Reads one whole JSON document from `data` with `read`, which must consume one value;
    /// anything but white space after it is an error.
    static func read<T>(_ data: Data, _ read: (inout JSONParser) throws -> T) throws -> T {
        try data.withUnsafeBytes { raw in try Self.read(raw.bindMemory(to: UInt8.self), read) }
    }

    /// Reads one whole JSON document from `text` (used for JSON inside a JSON string).
    static func read<T>(_ text: String, _ read: (inout JSONParser) throws -> T) throws -> T {
        if let result = try text.utf8.withContiguousStorageIfAvailable({ try Self.read($0, read) }) { return result }
        return try Self.read(Data(text.utf8), read)
    }

    private static func read<T>(_ bytes: UnsafeBufferPointer<UInt8>, _ read: (inout JSONParser) throws -> T) throws -> T {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try read(&parser)
        parser.skipWhitespace()
        guard parser.index == parser.bytes.count else { throw parser.failure("unexpected data after the value") }
        return value
    }

    /// Calls `member` with each key of the object at the cursor; `member` must read or skip
    /// the value. A value that is not an object is skipped, and the result is `false`.
    mutating func readObject(_ member: (inout JSONParser, JSONKey) throws -> Void) throws -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else {
            try skipValue()
            return false
        }
        try walk(close: UInt8(ascii: "}")) { parser in
            let key = try parser.memberKey()
            try member(&parser, key)
        }
        return true
    }

    /// Calls `element` for each element of the array at the cursor; `element` must read or
    /// skip it. A value that is not an array is skipped, and the result is `false`.
    mutating func readArray(_ element: (inout JSONParser) throws -> Void) throws -> Bool {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "[") else {
            try skipValue()
            return false
        }
        try walk(close: UInt8(ascii: "]"), element)
        return true
    }

    /// The key at the cursor: its bytes in the document when it has no escapes (no `String` is
    /// made for it), else its decoded text.
    private mutating func key() throws -> JSONKey {
        let quote = index
        index += 1
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return .bytes(UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]))
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw failure("control character in a string") }
            index += 1
        }
        index = quote
        return .text(try string())
    }

    /// Reads (and checks) the value at the cursor, and drops it.
    mutating func skipValue() throws {
        _ = try readValue()
    }

    /// The value at the cursor as a tree.
    mutating func readValue() throws -> JSONValue {
        skipWhitespace()
        return try value()
    }

    /// A string; any other value reads as `nil`.
    mutating func readString() throws -> String? {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            try skipValue()
            return nil
        }
        return try string()
    }

    /// A number, or a string holding one; any other value reads as `nil`.
    mutating func readDouble() throws -> Double? {
        switch try readValue() {
        case .number(let number): return number
        case .string(let text): return Double(text)
        default: return nil
        }
    }

    /// An integer, from a number or a numeric string (toward zero); `nil` when out of range.
    mutating func readInt() throws -> Int? {
        guard let number = try readDouble(), number.isFinite, abs(number) < 9.0e18 else { return nil }
        return Int(number.rounded(.towardZero))
    }

    /// An integer by the rules of `KeyedDecodingContainer.lenientInt`: a number or a numeric
    /// string, toward zero, `nil` outside `Int`'s range.
    mutating func readLenientInt() throws -> Int? {
        guard let number = try readDouble(), number.isFinite, number >= Double(Int.min), number < -Double(Int.min) else {
            return nil
        }
        return Int(number.rounded(.towardZero))
    }

    /// A boolean, also from `"true"`/`"false"` in any case; any other value reads as `nil`.
    mutating func readBool() throws -> Bool? {
        switch try readValue() {
        case .bool(let value): return value
        case .string(let text) where text.lowercased() == "true": return true
        case .string(let text) where text.lowercased() == "false": return false
        default: return nil
        }
    }

    /// A string map: numbers and booleans become text, other values are left out, and a value
    /// that is not an object reads as empty.
    mutating func readStringMap() throws -> [String: String] {
        var result: [String: String] = [:]
        _ = try readObject { parser, key in
            let name = key.string
            switch try parser.readValue() {
            case .string(let text): result[name] = text
            case .number(let number): result[name] = NumberText.format(number)
            case .bool(let flag): result[name] = String(flag)
            default: result[name] = nil
            }
        }
        return result
    }
}

/// An object's key as the pull reader hands it over; valid only during the member's callback.
/// Match it against literals in a `switch`: `case "id":`.
enum JSONKey {
    case bytes(UnsafeBufferPointer<UInt8>)
    case text(String)

    /// The key as a string.
    var string: String {
        switch self {
        case .bytes(let bytes): return String(decoding: bytes, as: UTF8.self)
        case .text(let text): return text
        }
    }

    static func ~= (pattern: StaticString, key: JSONKey) -> Bool {
        pattern.withUTF8Buffer { literal in
            switch key {
            case .bytes(let bytes): return bytes.count == literal.count && bytes.elementsEqual(literal)
            case .text(let text): return text.utf8.elementsEqual(literal)
            }
        }
    }
}
