import Foundation
import Testing

@testable import Daytona

/// `JSONWriter` must write the very bytes `JSONEncoder` writes with the SDK's options: request
/// bodies are asserted byte for byte elsewhere, and the wire must not change with the writer.
@Suite struct JSONWriterTests {
    static let hostile = "a\"b\\c/d\u{0}\u{1}\u{8}\u{9}\u{A}\u{C}\u{D}\u{1F}\u{7F} ü 🚀 \u{2028}"

    func expectSameBytes<T: Encodable>(_ value: T, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let written = try JSONWriter.write(value)
        let foundation = try JSONCoding.encoder().encode(value)
        #expect(
            String(decoding: written, as: UTF8.self) == String(decoding: foundation, as: UTF8.self), sourceLocation: sourceLocation)
        #expect(written == foundation, sourceLocation: sourceLocation)
    }

    @Test func requestBodiesMatchJSONEncoder() throws {
        let text = Self.hostile
        try expectSameBytes(ExecuteRequest(command: "echo 'hi' && ls /tmp", cwd: text, timeout: 30))
        try expectSameBytes(ExecuteRequest(command: text, cwd: nil, timeout: nil))
        try expectSameBytes(SessionExecuteRequest(command: text, runAsync: true))
        try expectSameBytes(CreateSessionRequest(sessionId: text))
        try expectSameBytes(
            CreateWorkspaceBody(
                id: "ws-1", name: text, image: "python:3.12", user: nil,
                env: ["PATH": "/usr/bin", "b": text, "A": "", "ä": "1", "a10": "x", "a9": "y"],
                labels: ["code-toolbox-language": "python", "Z": "z", "_": text], public: false, target: "eu",
                cpu: 2, gpu: 0, memory: -4, disk: Int.max, autoStopInterval: Int.min))
        try expectSameBytes(CreateWorkspaceBody(env: [:]))
        try expectSameBytes(WorkspaceResources(cpu: 1, memory: 2, disk: 3, gpu: 4))
        try expectSameBytes(WorkspaceLabels(labels: ["k": text, "K": "v"]))
        try expectSameBytes(
            LSPCompletionParams(languageId: "python", pathToProject: text, uri: "file://" + text, position: Position(line: 3, character: 0))
        )
        try expectSameBytes(GitAddRequest(path: text, files: [".", text, ""]))
        try expectSameBytes(GitAddRequest(path: "/", files: []))
        try expectSameBytes(
            GitCloneRequest(url: "https://x/y.git", path: text, username: "u", password: text, branch: nil, commitID: "abc"))
        try expectSameBytes(GitCommitRequest(path: text, message: text, author: "A", email: "a@b"))
        try expectSameBytes(ReplaceRequest(files: [text], pattern: text, newValue: text))
    }

    /// The exec body, written directly, is `JSONEncoder`'s bytes too.
    @Test func directExecuteBodyMatchesJSONEncoder() throws {
        let text = Self.hostile
        for request in [
            ExecuteRequest(command: "echo hi"), ExecuteRequest(command: text, cwd: text, timeout: 30),
            ExecuteRequest(command: "", cwd: "", timeout: -1), ExecuteRequest(command: "x", cwd: nil, timeout: Int.max),
            ExecuteRequest(command: "x", cwd: "/w", timeout: nil),
        ] {
            #expect(request.json == (try JSONCoding.encoder().encode(request)), "\(request)")
        }
    }

    @Test func seededValuesMatchJSONEncoder() throws {
        var generator = SplitMix64(seed: 0x5EED_2026)
        for _ in 0..<2_000 {
            try expectSameBytes(Self.randomValue(&generator, depth: 0))
        }
    }

    @Test func numbersMatchJSONEncoder() throws {
        let numbers: [Double] = [
            0, -0.0, 1, -1, 0.5, 1e15, 1e16, 1e21, 1e-7, 123.456, .pi, Double(Int64.max), -1e300, .leastNonzeroMagnitude,
        ]
        for number in numbers {
            try expectSameBytes(JSONValue.number(number))
            try expectSameBytes(["n": number])
        }
        try expectSameBytes([Int8.min, Int8.max].map(Int64.init))
        try expectSameBytes(["u": UInt64.max])
        try expectSameBytes(["f": Float(1.5), "g": Float(3)])
        try expectSameBytes([1: "one", 2: "two"])
    }

    @Test func nonFiniteNumbersFail() {
        #expect(throws: EncodingError.self) { try JSONWriter.write(["n": Double.nan]) }
        #expect(throws: DaytonaError.self) { try JSONCoding.encode(["n": Double.infinity]) }
    }

    @Test func typesFoundationSpecialCasesFallBackToJSONEncoder() throws {
        struct Stamped: Encodable {
            var at = Date(timeIntervalSinceReferenceDate: 1234.5)
            var blob = Data([1, 2, 3])
            var link = URL(string: "https://example.com/a b".replacingOccurrences(of: " ", with: "%20"))
        }
        #expect(throws: JSONWriter.Unsupported.self) { try JSONWriter.write(Stamped()) }
        #expect(try JSONCoding.encode(Stamped()) == (try JSONCoding.encoder().encode(Stamped())))
        try expectSameBytes(["link": URL(string: "https://example.com/x?y=1")])
    }

    static func randomString(_ generator: inout SplitMix64) -> String {
        let pool: [Character] = [
            "a", "Z", "0", "/", "\\", "\"", "\u{0}", "\u{1B}", "\n", "\t", "ü", "🚀", " ", "_", "-", "\u{2028}", "\u{7F}",
        ]
        let count = Int(generator.next() % 8)
        return String((0..<count).map { _ in pool[Int(generator.next() % UInt64(pool.count))] })
    }

    static func randomValue(_ generator: inout SplitMix64, depth: Int) -> JSONValue {
        switch generator.next() % (depth > 3 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(generator.next() % 2 == 0)
        case 2:
            let raw = Double(Int64(bitPattern: generator.next()) % 1_000_000)
            return .number(generator.next() % 2 == 0 ? raw : raw / 64)
        case 3: return .string(randomString(&generator))
        case 4: return .array((0..<Int(generator.next() % 4)).map { _ in randomValue(&generator, depth: depth + 1) })
        default:
            var object: [String: JSONValue] = [:]
            for _ in 0..<Int(generator.next() % 5) {
                object[randomString(&generator)] = randomValue(&generator, depth: depth + 1)
            }
            return .object(object)
        }
    }
}
