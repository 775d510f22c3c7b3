import Foundation
import Testing

@testable import Daytona

@Suite struct DecodingTests {
    func decode<T: V014Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try V014.decode(T.self, from: Data(json.utf8))
    }

    @Test func capturedWorkspace() throws {
        let json = #"""
            {"id":"sandbox-cc56ac8a","name":"sandbox-cc56ac8a","image":"daytonaio/ai-test:0.1","user":"daytona",
             "env":{"A":"1"},"labels":{"code-toolbox-language":"typescript"},"public":true,"target":"eu",
             "info":{"created":"2025-03-10T10:00:00.000Z","name":"sandbox-cc56ac8a",
               "providerMetadata":"{\"state\":\"started\",\"nodeDomain\":\"node-eu-1.daytona.work\",\"region\":\"eu\",\"class\":\"small\",\"updatedAt\":\"2025-03-10T10:00:00.000Z\",\"lastSnapshot\":null,\"cpu\":1,\"gpu\":0,\"memory\":2,\"disk\":10,\"autoStopInterval\":15}"},
             "cpu":1,"gpu":0,"memory":2,"disk":10,"state":"started","snapshotState":"None","autoStopInterval":15,"extraKey":[1,2]}
            """#
        let info = try decode(SandboxInfo.self, json)
        #expect(info.id == "sandbox-cc56ac8a")
        #expect(info.state == .started)
        #expect(info.target == .eu)
        #expect(info.isPublic)
        #expect(info.codeLanguage == .typescript)
        #expect(info.nodeDomain == "node-eu-1.daytona.work")
        #expect(info.className == "small")
        #expect(info.region == "eu")
        #expect(info.lastSnapshot == nil)
        #expect(info.snapshotState == SnapshotState.none)
        #expect(info.autoStopInterval == .seconds(15 * 60))
        #expect(info.resources == SandboxResources(cpu: 1, gpu: nil, memory: 2, disk: 10))
        #expect(info.created == "2025-03-10T10:00:00.000Z")
    }

    @Test func realServerVariantWithMissingAndNullKeys() throws {
        let json = #"""
            {"id":"w","image":null,"env":null,"labels":null,"public":null,"target":"mars-1",
             "info":{"created":null,"providerMetadata":"{\"state\":\"hibernating\",\"resources\":{\"cpu\":2.5,\"gpu\":1,\"memory\":\"8\",\"disk\":50.0},\"autoStopInterval\":30.0,\"snapshotState\":\"Archived\",\"snapshotStateCreatedAt\":\"2025-03-10T10:00:00+00:00\"}"},
             "cpu":1.0,"snapshotState":null}
            """#
        let info = try decode(SandboxInfo.self, json)
        #expect(info.name == "w")
        #expect(info.image == nil)
        #expect(info.env.isEmpty && info.labels.isEmpty)
        #expect(!info.isPublic)
        #expect(info.target.rawValue == "mars-1")
        #expect(info.state.rawValue == "hibernating")
        #expect(info.resources == SandboxResources(cpu: 2.5, gpu: 1, memory: 8, disk: 50))
        #expect(info.autoStopInterval == .seconds(30 * 60))
        #expect(info.snapshotState?.rawValue == "Archived")
        #expect(info.snapshotStateCreatedAt == "2025-03-10T10:00:00+00:00")
        #expect(info.codeLanguage == .python)
        #expect(info.created == "")
    }

    @Test func stateFallsBackToTopLevelThenUnknown() throws {
        #expect(try decode(SandboxInfo.self, #"{"id":"w","state":"stopped"}"#).state == .stopped)
        #expect(try decode(SandboxInfo.self, #"{"id":"w"}"#).state == .unknown)
        #expect(try decode(SandboxInfo.self, #"{"id":"w","info":{"providerMetadata":"[1]"}}"#).state == .unknown)
    }

    @Test func wrongShapeIsADecodingErrorNotACrash() async throws {
        #expect(throws: DecodingError.self) { try decode(SandboxInfo.self, "[1,2]") }
        #expect(throws: DecodingError.self) { try decode([SandboxInfo].self, #"{"id":"w"}"#) }
        #expect(throws: DecodingError.self) { try decode(SandboxInfo.self, #"{"id":"w""#) }
    }

    @Test func gitStatusKeys() throws {
        let real = try decode(
            GitStatus.self,
            #"{"currentBranch":"main","fileStatus":[{"name":"a","staging":"Updated but unmerged","worktree":"Modified","extra":""}],"ahead":1.0}"#
        )
        #expect(real.fileStatus.first?.staging == .updatedButUnmerged)
        #expect(real.ahead == 1)
        let spec = try decode(
            GitStatus.self,
            #"{"currentBranch":"main","FileStatus[]":[{"name":"b","staging":"Brand new","worktree":"Untracked","extra":"x"}]}"#)
        #expect(spec.fileStatus == [FileStatus(name: "b", staging: "Brand new", worktree: .untracked, extra: "x")])
        #expect(try decode(GitStatus.self, #"{"currentBranch":"main","fileStatus":null}"#).fileStatus.isEmpty)
    }

    @Test func toolboxModelsAreLenient() throws {
        let file = try decode(
            FileInfo.self,
            #"{"name":"a","isDir":false,"size":12.0,"modTime":"2025-03-10 10:00:00.123456789 +0000 UTC","mode":"-rw-r--r--","permissions":"0644","owner":"1000","group":"1000"}"#
        )
        #expect(file.size == 12 && file.modTime == "2025-03-10 10:00:00.123456789 +0000 UTC")
        #expect(try decode(ExecuteResponse.self, #"{"code":-1,"result":"x"}"#) == ExecuteResponse(exitCode: -1, result: "x"))
        #expect(try decode(Session.self, #"{"sessionId":"s"}"#).commands.isEmpty)
        #expect(try decode(SessionCommand.self, #"{"id":"c","command":"ls","exitCode":null}"#).exitCode == nil)
        #expect(try decode(CompletionList.self, #"{"isIncomplete":true,"items":null}"#) == CompletionList(isIncomplete: true, items: []))
        #expect(try decode(Position.self, #"{"line":1.0,"character":2}"#) == Position(line: 1, character: 2))
    }

    @Test func logsAreTextWhateverTheContentType() {
        let plain = BufferedResponse(statusCode: 200, headers: ["Content-Type": "text/plain"], body: Data("a\nb".utf8))
        #expect(SandboxProcess.logText(plain) == "a\nb")
        let json = BufferedResponse(statusCode: 200, headers: ["Content-Type": "application/json"], body: Data(#""a\nb""#.utf8))
        #expect(SandboxProcess.logText(json) == "a\nb")
        let mislabelled = BufferedResponse(statusCode: 200, headers: ["Content-Type": "application/json"], body: Data("raw {".utf8))
        #expect(SandboxProcess.logText(mislabelled) == "raw {")
    }
}

extension DecodingTests {
    /// Integers keep all 64 bits (`Int.max` is `Int.max`, not a rounded double); numbers that do
    /// not fit in `Int` read as absent, never as a trap.
    @Test func integersAtTheEdgeOfInt() throws {
        let max = try decode(ExecuteResponse.self, #"{"exitCode":9223372036854775807,"result":"r"}"#)
        #expect(max == ExecuteResponse(exitCode: Int.max, result: "r"))
        for text in ["9223372036854775808", "1e19", "\"9.3e18\""] {
            let response = try decode(ExecuteResponse.self, #"{"exitCode":\#(text),"result":"r"}"#)
            #expect(response == ExecuteResponse(exitCode: -1, result: "r"), "\(text)")
        }
        #expect(try decode(ExecuteResponse.self, #"{"exitCode":-9223372036854775808,"result":""}"#).exitCode == Int.min)
        #expect(try decode(ExecuteResponse.self, #"{"exitCode":"7.9"}"#).exitCode == 7)
        let size = try decode(FileInfo.self, #"{"name":"big","size":9007199254740993}"#).size
        #expect(size == 9_007_199_254_740_993)
    }

    /// Strict JSON: what JSON does not allow is an error, not a guess.
    @Test(arguments: [#"{"exitCode":007}"#, #"{"exitCode":1.}"#, #"{"exitCode":-01}"#, "{'exitCode':1}", ""])
    func malformedJSONIsAnError(json: String) {
        #expect(throws: (any Error).self) { try decode(ExecuteResponse.self, json) }
    }

    /// `exec`'s answer is read by the lenient rules, case by case.
    @Test(arguments: [
        (#"{"exitCode":0,"result":"ok"}"#, 0, "ok"), (#"{"code":2}"#, 2, ""), (#"{"exitCode":"3","code":4}"#, 3, ""),
        (#"{"exitCode":null,"code":"5.9"}"#, 5, ""), (#"{"exitCode":1.5,"result":7}"#, 1, ""),
        (#"{"exitCode":9223372036854775807}"#, Int.max, ""), (#"{"exitCode":-9223372036854775808}"#, Int.min, ""),
        (#"{"exitCode":true,"result":null}"#, -1, ""), (#"{}"#, -1, ""),
    ])
    func executeResponseIsReadLeniently(json: String, exitCode: Int, result: String) throws {
        #expect(try decode(ExecuteResponse.self, json) == ExecuteResponse(exitCode: exitCode, result: result))
    }

    @Test func executeResponseMustBeAnObject() {
        #expect(throws: (any Error).self) { try decode(ExecuteResponse.self, "[]") }
        #expect(throws: (any Error).self) { try decode(ExecuteResponse.self, "3") }
    }
}
