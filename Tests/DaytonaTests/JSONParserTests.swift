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
