import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

@Suite struct SmokeTests {
    @Test func stubAnswersThroughURLSession() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace/{id}", respond: .workspace(id: "ws-1", state: .started))
        let client = stub.makeClient()
        let workspace = try await client.workspace(id: "ws-1")
        #expect(workspace.id == "ws-1")
        #expect(workspace.lastKnownInfo.state == .started)
        let request = stub.requests.first
        #expect(request?.path == "/workspace/ws-1")
        print(request?.headers ?? [:])
    }

    @Test func bodylessPostHeaders() async throws {
        let stub = DaytonaStub()
        stub.on(.post, "/workspace/{id}/archive", respond: .empty())
        let client = stub.makeClient()
        try await workspaceHandle(client).archive()
        print(stub.requests.first?.headers ?? [:], stub.requests.first?.body.count ?? -1)
    }
}
