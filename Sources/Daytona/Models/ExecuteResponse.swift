import Foundation

/// The outcome of ``WorkspaceProcess/exec(_:cwd:timeout:)`` and
/// ``WorkspaceProcess/codeRun(_:params:timeout:)``.
///
/// A command that fails still returns: check ``exitCode``.
public struct ExecuteResponse: Sendable, Hashable, Decodable {
    /// The command's exit code; `-1` when the process could not report one.
    public var exitCode: Int
    /// Standard output and standard error, combined.
    public var result: String

    /// Creates a response.
    public init(exitCode: Int, result: String) {
        self.exitCode = exitCode
        self.result = result
    }

    private enum Keys: String, CodingKey { case exitCode, result, code }

    /// Decodes the server's `ExecuteResponse`, leniently (`code` is accepted for `exitCode`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        self.init(
            exitCode: container.lenientInt(.exitCode) ?? container.lenientInt(.code) ?? -1,
            result: container.lenientString(.result) ?? ""
        )
    }
}

/// `ExecuteRequest` (WIRE.md §5.3).
struct ExecuteRequest: Encodable {
    var command: String
    var cwd: String?
    var timeout: Int?

    /// The body's bytes, written directly: the same bytes as `JSONCoding.encode(self)`.
    var json: Data {
        JSONWriter.object(["command": .string(command), "cwd": .string(cwd), "timeout": .int(timeout)])
    }
}

extension ExecuteResponse {
    /// Reads the answer member by member, by the same lenient rules as ``init(from:)``.
    init(reading parser: inout JSONParser) throws {
        var exitCode: Int?
        var code: Int?
        var result: String?
        let isObject = try parser.readObject { parser, key in
            switch key {
            case "exitCode": exitCode = try parser.readLenientInt()
            case "code": code = try parser.readLenientInt()
            case "result": result = try parser.readString()
            default: try parser.skipValue()
            }
        }
        guard isObject else {
            throw DecodingError.typeMismatch(
                [String: JSONValue].self, .init(codingPath: [], debugDescription: "An ExecuteResponse must be a JSON object"))
        }
        self.init(exitCode: exitCode ?? code ?? -1, result: result ?? "")
    }
}
