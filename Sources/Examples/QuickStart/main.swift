// The quick start: create a workspace, run code in it, remove it.
//
//   DAYTONA_API_KEY=… DAYTONA_SERVER_URL=https://app.daytona.io/api swift run daytona-quickstart
import Daytona
import Foundation

let daytona: DaytonaClient
do {
    daytona = try DaytonaClient()
} catch {
    print("Using: no server configured.")
    print("\(error)")
    print("Set DAYTONA_API_KEY and DAYTONA_SERVER_URL (or put them in .env) and run again.")
    exit(2)
}

print("Using: the Daytona server at \(daytona.configuration.serverURL.absoluteString)")
let workspace = try await daytona.create(CreateWorkspaceParams(language: .python))
print("Created workspace \(workspace.id)")
do {
    let response = try await workspace.process.codeRun(
        #"import sys; print(f"Hello from Python {sys.version.split()[0]}, args: {sys.argv[1:]}")"#,
        params: CodeRunParams(argv: ["it's", "quoted"])
    )
    print("exit code \(response.exitCode): \(response.result)")
} catch {
    print("Running code failed: \(error)")
}
try await daytona.remove(workspace)
print("Removed workspace \(workspace.id)")
