import Foundation

/// The SDK's one JSON configuration: Foundation's coders, configured once.
///
/// Requests: keys sorted (so bodies are byte-for-byte reproducible), slashes unescaped, `nil`
/// keys omitted. Answers: unknown keys are ignored; the wire types read their fields through
/// ``Lenient`` so that missing, null or loosely typed values take defaults instead of failing.
package enum JSONCoding {
    /// The decoder every answer goes through.
    package static let decoder = JSONDecoder()

    /// The encoder every request body goes through.
    package static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The body's bytes; a failure is an `invalidArgument` ``DaytonaError``.
    package static func encode<T: Encodable>(_ value: T) throws -> Data {
        do {
            return try encoder.encode(value)
        } catch {
            throw DaytonaError(.invalidArgument, message: "Could not encode the request body: \(error)", underlyingError: error)
        }
    }
}

/// A value the server may send in a looser shape than its Swift type, read without failing.
package protocol LenientValue: Codable {
    /// The value read from `container`, or `nil` when it has no sensible reading. Throws only
    /// for malformed JSON (such as the number `007`), which is never read leniently.
    static func lenientValue(from container: any SingleValueDecodingContainer) throws -> Self?
}

extension LenientValue {
    /// The value decoded as it is (for objects), or `nil` when it does not decode.
    package static func lenientValue(from container: any SingleValueDecodingContainer) -> Self? {
        try? container.decode(Self.self)
    }
}

/// A wire field read leniently: a missing key, `null` or a value of the wrong type reads as
/// `nil` instead of failing the whole answer; numbers may be integers, floats or numeric text;
/// booleans may be `"true"`/`"false"`. A `nil` field is left out when encoding.
@propertyWrapper
package struct Lenient<Value: LenientValue>: Codable {
    /// The value, when the field held one.
    package var wrappedValue: Value?

    /// Wraps `wrappedValue`.
    package init(wrappedValue: Value?) { self.wrappedValue = wrappedValue }

    /// Reads the field; never throws.
    package init(from decoder: any Decoder) throws {
        guard let container = try? decoder.singleValueContainer(), !container.decodeNil() else {
            wrappedValue = nil
            return
        }
        wrappedValue = try Value.lenientValue(from: container)
    }

    /// Writes the value, or `null` (keyed containers leave a `nil` field out instead).
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let wrappedValue { try container.encode(wrappedValue) } else { try container.encodeNil() }
    }
}

extension Lenient: Sendable where Value: Sendable {}
extension Lenient: Equatable where Value: Equatable {}
extension Lenient: Hashable where Value: Hashable {}

extension KeyedDecodingContainer {
    /// A missing key reads as an empty ``Lenient``.
    package func decode<Value>(_ type: Lenient<Value>.Type, forKey key: Key) throws -> Lenient<Value> {
        // The common case first: the value has its declared type, which Foundation reads on its
        // fast path (no nested decoder). Anything else takes the lenient path.
        if let value = try? decodeIfPresent(Value.self, forKey: key) { return Lenient(wrappedValue: value) }
        return try decodeIfPresent(type, forKey: key) ?? Lenient(wrappedValue: nil)
    }
}

extension KeyedEncodingContainer {
    /// A `nil` ``Lenient`` leaves its key out.
    package mutating func encode<Value>(_ value: Lenient<Value>, forKey key: Key) throws {
        try encodeIfPresent(value.wrappedValue, forKey: key)
    }
}

extension String: LenientValue {
    /// Text only: a number is not silently turned into text.
    package static func lenientValue(from container: any SingleValueDecodingContainer) -> String? {
        try? container.decode(String.self)
    }
}

extension Double: LenientValue {
    /// A JSON number, or numeric text.
    package static func lenientValue(from container: any SingleValueDecodingContainer) throws -> Double? {
        do {
            return try container.decode(Double.self)
        } catch DecodingError.typeMismatch {
            return (try? container.decode(String.self)).flatMap { Double($0) }
        } catch DecodingError.valueNotFound {
            return nil
        }
        // Any other failure is malformed JSON: Foundation checks a number's syntax only when the
        // number is read, so `007` and `1.` fail here, and fail the whole answer.
    }
}

extension Int: LenientValue {
    /// An integer read exactly (all 64 bits), else a float or numeric text cut toward zero when
    /// it fits.
    package static func lenientValue(from container: any SingleValueDecodingContainer) throws -> Int? {
        if let value = try? container.decode(Int.self) { return value }
        if let text = try? container.decode(String.self), let value = Int(text) { return value }
        guard let double = try Double.lenientValue(from: container), double.isFinite,
            double >= Double(Int.min), double < -Double(Int.min)
        else { return nil }
        return Int(double.rounded(.towardZero))
    }
}

extension Int64: LenientValue {
    /// As for `Int`.
    package static func lenientValue(from container: any SingleValueDecodingContainer) throws -> Int64? {
        try Int.lenientValue(from: container).map { Int64($0) }
    }
}

extension Bool: LenientValue {
    /// A JSON boolean, or the text `true`/`false` in any case.
    package static func lenientValue(from container: any SingleValueDecodingContainer) -> Bool? {
        if let value = try? container.decode(Bool.self) { return value }
        switch (try? container.decode(String.self))?.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }
}

extension Array: LenientValue where Element: Codable {
    /// An array whose elements decode; anything else reads as `nil`.
    package static func lenientValue(from container: any SingleValueDecodingContainer) -> [Element]? {
        try? container.decode([Element].self)
    }
}

extension Dictionary: LenientValue where Key == String, Value == String {
    /// A map of text; numbers and booleans are kept as their text, other values skipped.
    package static func lenientValue(from container: any SingleValueDecodingContainer) -> [String: String]? {
        if let map = try? container.decode([String: String].self) { return map }
        guard let loose = try? container.decode([String: Lenient<LooseScalar>].self) else { return nil }
        // (A malformed number inside the map makes the whole map unreadable: it reads as absent.)
        return loose.compactMapValues { $0.wrappedValue?.text }
    }
}

extension JSONValue: LenientValue {
    /// Any JSON value.
    package static func lenientValue(from container: any SingleValueDecodingContainer) -> JSONValue? {
        try? container.decode(JSONValue.self)
    }
}

/// A string, number or boolean, kept as text (`3`, not `3.0`, for whole numbers).
package struct LooseScalar: LenientValue {
    package var text: String

    package static func lenientValue(from container: any SingleValueDecodingContainer) throws -> LooseScalar? {
        if let text = try? container.decode(String.self) { return LooseScalar(text: text) }
        if let bool = try? container.decode(Bool.self) { return LooseScalar(text: String(bool)) }
        if let int = try? container.decode(Int.self) { return LooseScalar(text: String(int)) }
        return try Double.lenientValue(from: container).map { LooseScalar(text: NumberText.format($0)) }
    }

    package init(text: String) { self.text = text }
    package init(from decoder: any Decoder) throws {
        guard let value = try Self.lenientValue(from: try decoder.singleValueContainer()) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a scalar"))
        }
        self = value
    }
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// Numbers written the way Python's `str()` writes them for whole values: `3`, not `3.0`.
enum NumberText {
    static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }
}
