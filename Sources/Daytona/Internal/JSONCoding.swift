import Foundation

/// The SDK's one JSON configuration.
///
/// Requests: keys sorted (so bodies are byte-for-byte reproducible), slashes unescaped, `nil`
/// keys omitted (synthesized `Encodable` uses `encodeIfPresent`). Responses are read by
/// ``JSONParser`` and ``JSONTreeDecoder``; unknown keys are ignored, and the models' own decoders
/// are lenient about missing keys and number types.
enum JSONCoding {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The body's bytes: written by ``JSONWriter`` (the same bytes as `encoder()`, much
    /// faster), or by `encoder()` for the few types the writer leaves to Foundation.
    static func encode<T: Encodable>(_ value: T) throws -> Data {
        do {
            if let data = try? JSONWriter.write(value) { return data }
            return try encoder().encode(value)
        } catch {
            throw DaytonaError(.invalidArgument, message: "Could not encode the request body: \(error)", underlyingError: error)
        }
    }
}

/// Coding keys built from any string, for decoding JSON objects whose keys are not known ahead.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { self.stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { self.stringValue = String(intValue) }
}

extension KeyedDecodingContainer {
    /// A string, or `nil` when the key is missing, null or not a string.
    func lenientString(_ key: Key) -> String? {
        if let value = try? decodeIfPresent(String.self, forKey: key) { return value }
        return nil
    }

    /// A number read from an integer, a float or a numeric string; `nil` when absent or null.
    func lenientDouble(_ key: Key) -> Double? {
        if let value = try? decodeIfPresent(Double.self, forKey: key) { return value }
        if let text = lenientString(key) { return Double(text) }
        return nil
    }

    /// An integer read from an integer, a whole float or a numeric string.
    func lenientInt(_ key: Key) -> Int? {
        if let value = try? decodeIfPresent(Int.self, forKey: key) { return value }
        // `Double(Int.max)` rounds up to 2^63, which `Int` cannot hold: the upper bound is strict.
        guard let double = lenientDouble(key), double.isFinite,
            double >= Double(Int.min), double < -Double(Int.min)
        else { return nil }
        return Int(double.rounded(.towardZero))
    }

    /// A boolean, also from `"true"`/`"false"` strings; `nil` when absent or null.
    func lenientBool(_ key: Key) -> Bool? {
        if let value = try? decodeIfPresent(Bool.self, forKey: key) { return value }
        switch lenientString(key)?.lowercased() {
        case "true": return true
        case "false": return false
        default: return nil
        }
    }

    /// A string map; non-string values are skipped, a null or missing map is empty.
    func lenientStringMap(_ key: Key) -> [String: String] {
        if let value = try? decodeIfPresent([String: String].self, forKey: key) { return value }
        guard let nested = try? nestedContainer(keyedBy: AnyCodingKey.self, forKey: key) else { return [:] }
        var result: [String: String] = [:]
        for key in nested.allKeys {
            if let string = nested.lenientString(key) {
                result[key.stringValue] = string
            } else if let number = nested.lenientDouble(key) {
                result[key.stringValue] = NumberText.format(number)
            } else if let bool = nested.lenientBool(key) {
                result[key.stringValue] = String(bool)
            }
        }
        return result
    }

    /// An array of decodable values; `nil` or missing is empty.
    func lenientArray<T: Decodable>(_ type: T.Type, _ key: Key) throws -> [T] {
        try decodeIfPresent([T].self, forKey: key) ?? []
    }
}

/// Numbers written the way Python's `str()` writes them for whole values: `3`, not `3.0`.
enum NumberText {
    static func format(_ number: Double) -> String {
        if number.rounded() == number, abs(number) < 1e15 { return String(Int64(number)) }
        return String(number)
    }
}
