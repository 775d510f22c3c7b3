import Foundation

/// Reads a `multipart/form-data` answer as it arrives (WIRE-current §1.10c): the bulk-download
/// answer, one part per requested file, in constant memory.
///
/// Feed it the body's pieces; it reports each part's headers, then the part's bytes in pieces,
/// then the part's end. ``finish()`` throws when the closing boundary never came (the daemon
/// ends the answer without it when a file fails midway).
struct MultipartReader {
    /// What the reader found in the bytes fed so far.
    enum Event {
        /// A part begins; its header fields, names lower-cased.
        case partStart(headers: [String: String])
        /// Bytes of the current part's body.
        case bytes(Data)
        /// The current part ended.
        case partEnd
    }

    private enum Phase {
        case preamble
        case afterBoundary
        case headers
        case body
        case done
    }

    private let delimiter: Data
    private var buffer = Data()
    private var phase = Phase.preamble

    /// A reader for the parts separated by `boundary`.
    init(boundary: String) {
        delimiter = Data("--\(boundary)".utf8)
    }

    /// Whether the closing boundary has been read.
    var isComplete: Bool {
        if case .done = phase { return true }
        return false
    }

    /// The events in `chunk` (after the bytes held from earlier pieces).
    mutating func feed(_ chunk: Data) throws -> [Event] {
        buffer.append(chunk)
        var events: [Event] = []
        while try step(&events) {}
        // Keep the buffer's storage from growing without bound.
        if buffer.startIndex > 0 { buffer = Data(buffer) }
        return events
    }

    /// Checks that the answer ended with the closing boundary.
    func finish() throws {
        guard isComplete else {
            throw DaytonaError(.transport, message: "Truncated multipart response: the closing boundary was not received")
        }
    }

    private static let crlf = Data("\r\n".utf8)
    private static let headerEnd = Data("\r\n\r\n".utf8)

    /// Advances by one phase when the buffer allows; `false` when it needs more bytes.
    private mutating func step(_ events: inout [Event]) throws -> Bool {
        switch phase {
        case .preamble:
            guard let range = buffer.range(of: delimiter) else {
                // Keep only what could be the start of the delimiter.
                if buffer.count > delimiter.count { buffer.removeFirst(buffer.count - delimiter.count) }
                return false
            }
            buffer.removeSubrange(buffer.startIndex..<range.upperBound)
            phase = .afterBoundary
            return true
        case .afterBoundary:
            guard buffer.count >= 2 else { return false }
            let first = buffer[buffer.startIndex]
            let second = buffer[buffer.startIndex + 1]
            if first == 0x2D, second == 0x2D {
                phase = .done
                buffer.removeAll()
                return false
            }
            // Transport padding (spaces, tabs) may precede the line break.
            if first == 0x20 || first == 0x09 {
                buffer.removeFirst()
                return true
            }
            guard first == 0x0D, second == 0x0A else {
                throw DaytonaError(.decoding, message: "Malformed multipart response: no line break after a boundary")
            }
            buffer.removeFirst(2)
            phase = .headers
            return true
        case .headers:
            // A part without header fields starts with the blank line right away.
            if buffer.starts(with: Self.crlf) {
                buffer.removeFirst(2)
                events.append(.partStart(headers: [:]))
                phase = .body
                return true
            }
            guard let range = buffer.range(of: Self.headerEnd) else {
                if buffer.count > 64 * 1024 {
                    throw DaytonaError(.decoding, message: "Malformed multipart response: part headers too long")
                }
                return false
            }
            let text = String(decoding: buffer[buffer.startIndex..<range.lowerBound], as: UTF8.self)
            buffer.removeSubrange(buffer.startIndex..<range.upperBound)
            events.append(.partStart(headers: Self.headerFields(text)))
            phase = .body
            return true
        case .body:
            var marker = Self.crlf
            marker.append(delimiter)
            if let range = buffer.range(of: marker) {
                if range.lowerBound > buffer.startIndex {
                    events.append(.bytes(Data(buffer[buffer.startIndex..<range.lowerBound])))
                }
                events.append(.partEnd)
                buffer.removeSubrange(buffer.startIndex..<range.upperBound)
                phase = .afterBoundary
                return true
            }
            // Everything but a possible start of the next delimiter is body.
            let keep = marker.count - 1
            if buffer.count > keep {
                let cut = buffer.endIndex - keep
                events.append(.bytes(Data(buffer[buffer.startIndex..<cut])))
                buffer.removeSubrange(buffer.startIndex..<cut)
            }
            return false
        case .done:
            buffer.removeAll()
            return false
        }
    }

    private static func headerFields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for line in text.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            fields[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// The boundary named by a `Content-Type` value, e.g.
    /// `multipart/form-data; boundary=DAYTONA-FILE-BOUNDARY`.
    static func boundary(fromContentType value: String?) -> String? {
        guard let value else { return nil }
        let parameters = HeaderParameters.parse(value)
        guard let boundary = parameters.values["boundary"], !boundary.isEmpty else { return nil }
        return boundary
    }
}

/// The parameters of a header value such as `form-data; name="file"; filename="/a b.txt";
/// filename*=utf-8''%2Fa%20b.txt`: quoted strings with backslash escapes, and RFC 5987
/// extended values (percent-decoded UTF-8) under the name without `*`.
struct HeaderParameters {
    /// The value before the first `;`, e.g. `form-data`.
    var token: String
    /// Plain parameters, names lower-cased, quotes and escapes removed.
    var values: [String: String]
    /// Extended (`name*=`) parameters, decoded, under the name without `*`.
    var extended: [String: String]

    /// The extended value of `name` when there is one, else the plain one.
    func preferred(_ name: String) -> String? { extended[name] ?? values[name] }

    static func parse(_ text: String) -> HeaderParameters {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func skipSpaces() { while index < scalars.count, scalars[index] == " " || scalars[index] == "\t" { index += 1 } }
        func readToken(until stops: Set<Unicode.Scalar>) -> String {
            var result = String.UnicodeScalarView()
            while index < scalars.count, !stops.contains(scalars[index]) {
                result.append(scalars[index])
                index += 1
            }
            return String(result).trimmingCharacters(in: .whitespaces)
        }
        let token = readToken(until: [";"])
        var values: [String: String] = [:]
        var extended: [String: String] = [:]
        while index < scalars.count {
            index += 1  // the ';'
            skipSpaces()
            let name = readToken(until: ["=", ";"]).lowercased()
            guard index < scalars.count, scalars[index] == "=" else { continue }
            index += 1
            skipSpaces()
            var value: String
            if index < scalars.count, scalars[index] == "\"" {
                index += 1
                var result = String.UnicodeScalarView()
                while index < scalars.count, scalars[index] != "\"" {
                    if scalars[index] == "\\", index + 1 < scalars.count { index += 1 }
                    result.append(scalars[index])
                    index += 1
                }
                index += 1  // the closing quote
                value = String(result)
                _ = readToken(until: [";"])
            } else {
                value = readToken(until: [";"])
            }
            guard !name.isEmpty else { continue }
            if name.hasSuffix("*") {
                if let decoded = decodeExtended(value) { extended[String(name.dropLast())] = decoded }
            } else {
                values[name] = value
            }
        }
        return HeaderParameters(token: token, values: values, extended: extended)
    }

    /// `charset'language'percent-encoded` (RFC 5987) as text; only UTF-8 (and ASCII) charsets.
    private static func decodeExtended(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3 else { return nil }
        let charset = pieces[0].lowercased()
        guard charset == "utf-8" || charset == "us-ascii" || charset.isEmpty else { return nil }
        var bytes: [UInt8] = []
        var utf8 = Array(pieces[2].utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let high = hexValue(utf8[utf8.startIndex]), let low = hexValue(utf8[utf8.startIndex + 1])
            {
                bytes.append(high << 4 | low)
                utf8.removeFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(bytes: bytes, encoding: .utf8)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
