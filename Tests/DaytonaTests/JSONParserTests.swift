import Foundation
import Testing

@testable import Daytona

@Suite struct JSONParserTests {
    @Test func parsesWhatJSONSerializationParses() throws {
        let text = #"{"a":[1,-2.5,3e2,true,false,null],"b":"x\"y\\z\/\n\t\u00fc\ud83d\ude80","c":{},"d":[],"e":"plain ünïcode"}"#
        let value = try JSONParser.parse(text)
        let expected: JSONValue = .object([
            "a": .array([.number(1), .number(-2.5), .number(300), .bool(true), .bool(false), .null]),
            "b": .string("x\"y\\z/\n\tü🚀"),
            "c": .object([:]),
            "d": .array([]),
            "e": .string("plain ünïcode"),
        ])
        #expect(value == expected)
        #expect(try JSONParser.parse(" 42 ") == .number(42))
    }

    @Test(arguments: [
        "", "{", "[1,]", "{\"a\"}", "{\"a\":1,}", "tru", "nul", "01x", "\"unterminated", "[1 2]", "{\"a\":1}x", "\"\u{01}\"",
        "\"\\q\"", "\"\\u12\"", "+1", ".5", "1e999",
    ])
    func rejectsInvalidJSON(_ text: String) {
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(text) }
    }

    @Test func deepNestingIsRejectedNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? JSONParser.parse(fine)) != nil)
    }

    @Test func workspaceDecodingAgreesWithJSONDecoder() throws {
        let json = #"""
            {"id":"w","name":"n","env":{"A":"1","N":2},"labels":{"code-toolbox-language":"typescript"},"public":true,"target":"eu",
             "info":{"created":"c","name":"n","providerMetadata":"{\"state\":\"stopped\",\"nodeDomain\":\"d\",\"resources\":{\"cpu\":2,\"memory\":4,\"disk\":20,\"gpu\":0},\"autoStopInterval\":5}"},
             "errorReason":"r","snapshotState":"Pending","snapshotCreatedAt":"s"}
            """#
        let viaParser = try WorkspaceInfo(json: JSONParser.parse(json))
        let viaDecoder = try JSONDecoder().decode(WorkspaceInfo.self, from: Data(json.utf8))
        #expect(viaParser == viaDecoder)
        #expect(viaParser.env == ["A": "1", "N": "2"])
        #expect(viaParser.resources == WorkspaceInfo.Resources(cpu: 2, gpu: nil, memory: 4, disk: 20))
        #expect(viaParser.state == .stopped && viaParser.autoStopInterval == 5 && viaParser.codeLanguage == .typescript)
    }
}

extension JSONParserTests {
    /// The member-by-member workspace reader gives what the tree-based reference gives, for the
    /// lenient cases one by one: wrong types, numeric strings, repeated keys, broken metadata.
    @Test(arguments: [
        #"{"id":"w"}"#,
        #"{}"#,
        #"{"id":1,"name":null,"image":["x"],"user":{"a":1},"public":"TRUE","target":7,"state":false}"#,
        #"{"id":"a","id":"b","name":"n","name":5,"env":{"A":"1"},"env":{"B":2,"C":true,"D":null,"E":[1],"B":"x"}}"#,
        #"{"labels":{"code-toolbox-language":"go","code-toolbox-language":null},"public":"false","autoStopInterval":"12.9"}"#,
        #"{"cpu":"2","gpu":0,"memory":3.5,"disk":"x","autoStopInterval":1e30}"#,
        #"{"info":{"providerMetadata":"{\"resources\":{\"cpu\":4,\"gpu\":\"1\"},\"cpu\":8,\"state\":\"\"}"},"state":"stopped"}"#,
        #"{"info":{"providerMetadata":"{\"resources\":5,\"memory\":16,\"class\":\"small\",\"lastSnapshot\":null}"},"memory":1}"#,
        #"{"info":{"providerMetadata":"{\"resources\":{\"disk\":null},\"resources\":{\"x\":1},\"disk\":30}"}}"#,
        #"{"info":{"providerMetadata":"{\"state\":\"started\"} trailing"},"state":"error"}"#,
        #"{"info":{"providerMetadata":"[1,2]","name":"from-info","created":"c"}}"#,
        #"{"info":{"providerMetadata":"{\"snapshotState\":\"Pending\",\"autoStopInterval\":\"7\",\"updatedAt\":3}"},"snapshotState":null}"#,
        #"{"info":"not an object","info":{"name":"second"}}"#,
        #"{"info":{"name":"first"},"info":null}"#,
        #"{"k\u0069nd":"x","n\u0061me":"escaped key","unknown":{"deep":[[[{"a":[]}]]]},"snapshotCreatedAt":"s"}"#,
        #"[]"#,
        #""text""#,
        #"{"id":"w""#,
        #"{"id":"w"} {}"#,
    ])
    func workspaceReaderAgreesWithReference(json: String) {
        let data = Data(json.utf8)
        let fast = Result { try WorkspaceInfo(data: data) }
        let reference = Result { try ReferenceWorkspaceDecoder.decode(data) }
        let malformedOrNotAnObject = [#"[]"#, #""text""#, #"{"id":"w""#, #"{"id":"w"} {}"#]
        #expect((try? fast.get()) != nil || malformedOrNotAnObject.contains(json), "every other fixture decodes")
        switch (fast, reference) {
        case (.success(let fast), .success(let reference)): #expect(fast == reference)
        case (.failure, .failure): break
        default: Issue.record("fast \(fast) vs reference \(reference)")
        }
    }

    /// A list is read element by element with the same rules.
    @Test func workspaceListReaderAgreesWithReference() throws {
        let body = Data(#"[{"id":"a","env":{"X":1}},{"id":"b","info":{"providerMetadata":"{\"state\":\"started\"}"}}]"#.utf8)
        let api = APIClient(
            configuration: DaytonaConfiguration(apiKey: "k", serverURL: URL(fileURLWithPath: "/")),
            transport: URLSessionTransport(), clock: ContinuousClock())
        let fast = try api.decodeWorkspaces(from: HTTPResponse(statusCode: 200, body: body))
        guard case .array(let items) = try JSONParser.parse(body) else { throw CancellationError() }
        #expect(fast == (try items.map(ReferenceWorkspaceDecoder.decode)))
        #expect(fast.map(\.state) == [.unknown, .started])
        #expect(throws: DaytonaError.self) { try api.decodeWorkspaces(from: HTTPResponse(statusCode: 200, body: Data("{}".utf8))) }
    }

    /// The SDK's tree decoder and Foundation's `JSONDecoder` give the same models.
    @Test func treeDecoderAgreesWithJSONDecoder() throws {
        func same<T: Decodable & Equatable>(_ type: T.Type, _ json: String) throws {
            let foundation = try JSONDecoder().decode(T.self, from: Data(json.utf8))
            let tree = try JSONTreeDecoder.decode(T.self, from: Data(json.utf8))
            #expect(foundation == tree, "\(T.self)")
        }
        try same(
            [FileInfo].self,
            #"[{"name":"a","isDir":false,"size":12.0,"modTime":"m","mode":"-rw","permissions":"0644","owner":"1","group":"2"},{"name":"b"}]"#
        )
        try same(
            GitStatus.self,
            #"{"currentBranch":"main","FileStatus[]":[{"name":"x","staging":"Added","worktree":"Modified","extra":""}],"ahead":"2"}"#)
        try same(ExecuteResponse.self, #"{"exitCode":3.0,"result":"out"}"#)
        try same(ExecuteResponse.self, #"{"code":-1}"#)
        try same([Session].self, #"[{"sessionId":"s","commands":[{"id":"c","command":"ls","exitCode":null}]}]"#)
        try same(
            CompletionList.self,
            #"{"isIncomplete":true,"items":[{"label":"a","kind":3,"documentation":{"kind":"md","value":"v"}},{"label":"b","documentation":"s"}]}"#
        )
        try same(
            [LSPSymbol].self,
            #"[{"kind":5,"name":"C","location":{"uri":"file:///a","range":{"start":{"line":1,"character":2},"end":{"line":3,"character":4}}}}]"#
        )
        try same([ReplaceResult].self, #"[{"file":"/a","success":false,"error":"e"}]"#)
        try same(SessionExecuteResponse.self, #"{"cmdId":"c"}"#)
        try same([GitCommitInfo].self, #"[{"hash":"h","message":"m","author":"a","email":"e","timestamp":"t"}]"#)
        try same(JSONValue.self, #"{"a":[1,"x",null,true,{"b":2.5}]}"#)
    }

    @Test func treeDecoderReportsMismatchesAsDecodingErrors() {
        #expect(throws: DecodingError.self) { try JSONTreeDecoder.decode(FileInfo.self, from: Data("[1]".utf8)) }
        #expect(throws: DecodingError.self) { try JSONTreeDecoder.decode([Match].self, from: Data(#"{"file":"a"}"#.utf8)) }
        #expect(throws: DecodingError.self) { try JSONTreeDecoder.decode(Int.self, from: Data("1.5".utf8)) }
        #expect(throws: DecodingError.self) { try JSONTreeDecoder.decode(UInt8.self, from: Data("300".utf8)) }
    }
}

extension JSONParserTests {
    /// Escaped strings (built in one allocation) read as Foundation reads them: every escape,
    /// surrogate pairs, lone surrogates, runs between escapes, and multi-byte text around them.
    @Test func escapedStringsAgreeWithJSONSerialization() throws {
        var generator = SplitMix64(seed: 0xE5C_A9E)
        let pieces = [
            #"\""#, #"\\"#, #"\/"#, #"\b"#, #"\f"#, #"\n"#, #"\r"#, #"\t"#, #"\u0041"#, #"\u00e9"#, #"\u20AC"#,
            #"\ud83d\ude80"#, "plain", "ü", "🚀", " ", "a longer run of plain text between escapes",
        ]
        for _ in 0..<2_000 {
            let count = Int(generator.next() % 12)
            let body = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            let json = "[\"" + body + "\"]"
            let foundation = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String]
            #expect(try JSONParser.parse(json) == .array([.string(foundation?.first ?? "?")]), "\(json)")
        }
        // A lone surrogate reads as U+FFFD; a broken escape or an unterminated string fails.
        #expect(try JSONParser.parse(#""a\ud800b""#) == .string("a\u{FFFD}b"))
        for broken in [#""a\x""#, #""a\u12""#, #""a\"#, #""a\u""#, "\"a\\n\u{1}\""] {
            #expect(throws: JSONParser.Failure.self, "\(broken)") { try JSONParser.parse(broken) }
        }
    }
}

extension JSONParserTests {
    /// Integers take a path of their own; they read exactly as `Double(text)` reads them.
    @Test func integersReadAsDoubleReadsThem() throws {
        let texts = ["0", "-0", "7", "-7", "15", "007", "-00", "123456789012345", "-999999999999999", "1234567890123456", "1e3", "2.50"]
        for text in texts {
            let value = try JSONParser.parse(text)
            guard case .number(let number) = value, let expected = Double(text) else {
                Issue.record("\(text) did not read as a number")
                continue
            }
            #expect(number == expected && number.sign == expected.sign, "\(text)")
        }
        for bad in ["-", "--1", "+1", "1-"] {
            #expect(throws: JSONParser.Failure.self, "\(bad)") { try JSONParser.parse(bad) }
        }
    }
}
