import Daytona
import DaytonaTesting
import Foundation
import Testing

/// How a user of the SDK tests their own code with `DaytonaTesting`: a stub per test, one line
/// per call they care about, assertions on the recorded requests in the test body.
@Suite struct UserStyleTests {
    /// The user's code under test: runs a build in a sandbox and reports whether it passed.
    struct BuildRunner {
        let daytona: DaytonaClient

        func runBuild(in sandboxID: String) async throws -> Bool {
            let sandbox = try await daytona.sandbox(id: sandboxID)
            let result = try await sandbox.process.exec("make test", cwd: "/home/daytona/project", timeout: .seconds(600))
            return result.exitCode == 0
        }
    }

    @Test func reportsAPassingBuild() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace/{id}", respond: .workspace(id: "ws-1", state: .started))
        stub.on(.post, "/toolbox/{id}/toolbox/process/execute", respond: .executeResult(exitCode: 0, result: "ok\n"))

        let passed = try await BuildRunner(daytona: stub.makeClient(api: .v0_14)).runBuild(in: "ws-1")

        #expect(passed)
        #expect(stub.requests.map(\.line) == ["GET /workspace/ws-1", "POST /toolbox/ws-1/toolbox/process/execute"])
        #expect(stub.requests.last?.bodyText == #"{"command":"make test","cwd":"/home/daytona/project","timeout":600}"#)
    }

    @Test func surfacesAMissingWorkspace() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace/{id}", respond: .apiError(404, message: "Sandbox with ID gone not found"))

        await #expect(throws: DaytonaError.self) {
            _ = try await BuildRunner(daytona: stub.makeClient(api: .v0_14)).runBuild(in: "gone")
        }
        #expect(stub.requests.count == 1)
    }
}
