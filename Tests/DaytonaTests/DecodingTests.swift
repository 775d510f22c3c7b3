import Foundation
import Testing

@testable import Daytona

@Suite struct DecodingTests {
    func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    @Test func capturedWorkspace() throws {
        let json = #"""
            {"id":"sandbox-cc56ac8a","name":"sandbox-cc56ac8a","image":"daytonaio/ai-test:0.1","user":"daytona",
             "env":{"A":"1"},"labels":{"code-toolbox-language":"typescript"},"public":true,"target":"eu",
             "info":{"created":"2025-03-10T10:00:00.000Z","name":"sandbox-cc56ac8a",
               "providerMetadata":"{\"state\":\"started\",\"nodeDomain\":\"node-eu-1.daytona.work\",\"region\":\"eu\",\"class\":\"small\",\"updatedAt\":\"2025-03-10T10:00:00.000Z\",\"lastSnapshot\":null,\"cpu\":1,\"gpu\":0,\"memory\":2,\"disk\":10,\"autoStopInterval\":15}"},
             "cpu":1,"gpu":0,"memory":2,"disk":10,"state":"started","snapshotState":"None","autoStopInterval":15,"extraKey":[1,2]}
            """#
        let info = try decode(WorkspaceInfo.self, json)
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
        #expect(info.autoStopInterval == 15)
        #expect(info.resources == WorkspaceInfo.Resources(cpu: 1, gpu: nil, memory: 2, disk: 10))
        #expect(info.created == "2025-03-10T10:00:00.000Z")
    }

    @Test func realServerVariantWithMissingAndNullKeys() throws {
        let json = #"""
            {"id":"w","image":null,"env":null,"labels":null,"public":null,"target":"mars-1",
             "info":{"created":null,"providerMetadata":"{\"state\":\"hibernating\",\"resources\":{\"cpu\":2.5,\"gpu\":1,\"memory\":\"8\",\"disk\":50.0},\"autoStopInterval\":30.0,\"snapshotState\":\"Archived\",\"snapshotStateCreatedAt\":\"2025-03-10T10:00:00+00:00\"}"},
             "cpu":1.0,"snapshotState":null}
            """#
        let info = try decode(WorkspaceInfo.self, json)
        #expect(info.name == "w")
        #expect(info.image == nil)
        #expect(info.env.isEmpty && info.labels.isEmpty)
        #expect(!info.isPublic)
        #expect(info.target.rawValue == "mars-1")
        #expect(info.state.rawValue == "hibernating")
        #expect(info.resources == WorkspaceInfo.Resources(cpu: 2.5, gpu: 1, memory: 8, disk: 50))
        #expect(info.autoStopInterval == 30)
        #expect(info.snapshotState?.rawValue == "Archived")
        #expect(info.snapshotStateCreatedAt == "2025-03-10T10:00:00+00:00")
        #expect(info.codeLanguage == .python)
        #expect(info.created == "")
    }

    @Test func stateFallsBackToTopLevelThenUnknown() throws {
        #expect(try decode(WorkspaceInfo.self, #"{"id":"w","state":"stopped"}"#).state == .stopped)
        #expect(try decode(WorkspaceInfo.self, #"{"id":"w"}"#).state == .unknown)
        #expect(try decode(WorkspaceInfo.self, #"{"id":"w","info":{"providerMetadata":"[1]"}}"#).state == .unknown)
    }

    @Test func wrongShapeIsADecodingErrorNotACrash() async throws {
        #expect(throws: DecodingError.self) { try decode(WorkspaceInfo.self, "[1,2]") }
        #expect(throws: DecodingError.self) { try decode([WorkspaceInfo].self, #"{"id":"w"}"#) }
        #expect(throws: DecodingError.self) { try decode(WorkspaceInfo.self, #"{"id":"w""#) }
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
        let plain = HTTPResponse(statusCode: 200, headers: ["Content-Type": "text/plain"], body: Data("a\nb".utf8))
        #expect(WorkspaceProcess.logText(plain) == "a\nb")
        let json = HTTPResponse(statusCode: 200, headers: ["Content-Type": "application/json"], body: Data(#""a\nb""#.utf8))
        #expect(WorkspaceProcess.logText(json) == "a\nb")
        let mislabelled = HTTPResponse(statusCode: 200, headers: ["Content-Type": "application/json"], body: Data("raw {".utf8))
        #expect(WorkspaceProcess.logText(mislabelled) == "raw {")
    }
}

extension DecodingTests {
    /// Numbers at the edge of `Int` read as absent, never as a trap: `Double(Int.max)` is 2^63,
    /// one past `Int.max`.
    @Test func integersAtTheEdgeOfIntDoNotTrap() throws {
        for text in ["9223372036854775807", "9223372036854775808", "1e19", "\"9.3e18\""] {
            let json = Data(#"{"exitCode":\#(text),"result":"r"}"#.utf8)
            let response = try JSONTreeDecoder.decode(ExecuteResponse.self, from: json)
            #expect(response == ExecuteResponse(exitCode: -1, result: "r"), "\(text)")
        }
        let lowest = try JSONTreeDecoder.decode(ExecuteResponse.self, from: Data(#"{"exitCode":-9223372036854775808,"result":""}"#.utf8))
        #expect(lowest.exitCode == Int.min)
        #expect(try JSONTreeDecoder.decode(ExecuteResponse.self, from: Data(#"{"exitCode":"7.9"}"#.utf8)).exitCode == 7)
    }
}

extension DecodingTests {
    /// `exec`'s member-by-member reader follows the lenient rules of the `Decodable` one.
    @Test(arguments: [
        #"{"exitCode":0,"result":"ok"}"#, #"{"code":2}"#, #"{"exitCode":"3","code":4}"#, #"{"exitCode":null,"code":"5.9"}"#,
        #"{"exitCode":1.5,"result":7}"#, #"{"exitCode":9223372036854775807}"#, #"{"exitCode":-9223372036854775808}"#,
        #"{"exitCode":true,"result":null}"#, #"{"result":"a","result":"b","exitCode":1,"exitCode":"x"}"#, #"{}"#, #"[]"#, #"3"#,
    ])
    func executeReaderAgreesWithDecodable(json: String) {
        let data = Data(json.utf8)
        let fast = Result { try JSONParser.read(data) { try ExecuteResponse(reading: &$0) } }
        let decodable = Result { try JSONTreeDecoder.decode(ExecuteResponse.self, from: data) }
        switch (fast, decodable) {
        case (.success(let fast), .success(let decodable)): #expect(fast == decodable)
        case (.failure, .failure): #expect(["[]", "3"].contains(json))
        default: Issue.record("fast \(fast) vs Decodable \(decodable)")
        }
    }
}
