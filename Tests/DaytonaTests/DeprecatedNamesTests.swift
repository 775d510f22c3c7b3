import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

/// The seed's names still compile and reach the same calls. The tests are themselves marked
/// deprecated, so using the old names here is not a warning.
struct DeprecatedNamesTests {
    @available(*, deprecated)
    @Test func seedNamesStillWork() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace/{id}", respond: .workspace(id: "ws-1", state: .started))
        let daytona = stub.makeClient(api: .v0_14)
        let workspace: Workspace = try await daytona.workspace(id: "ws-1")
        let info: WorkspaceInfo = workspace.lastKnownInfo
        let state: WorkspaceState = info.state
        #expect(workspace.id == "ws-1")
        #expect(state == .started)
        let params = CreateWorkspaceParams(language: .python)
        #expect(params.language == .python)
        let resources = WorkspaceResources(cpu: 1)
        #expect(resources.cpu == 1)
        #expect(DaytonaError.Category.workspaceFailed == .sandboxFailed)
        #expect(stub.requests.map(\.path) == ["/workspace/ws-1"])
    }
}
