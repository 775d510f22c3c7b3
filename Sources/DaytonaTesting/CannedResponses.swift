import Daytona
import Foundation

/// Canned answers in the shapes the real servers send, so a test needs one line per call. Each
/// is built from the SDK's wire types, so it has exactly the fields the SDK reads:
/// ``workspace(id:state:language:labels:nodeDomain:errorReason:autoStopInterval:)`` and the
/// toolbox answers in the 0.14 API's shapes, ``sandbox(id:state:language:labels:errorReason:autoStopInterval:toolboxProxyURL:)``,
/// ``sandboxPage(_:state:nextCursor:)``, ``snapshot(id:name:state:image:)`` and
/// ``volume(id:name:state:)`` in the current API's.
extension StubResponse {
    /// A `Workspace` as a 0.14 server sends it, with `info.providerMetadata` as a JSON string.
    ///
    /// ```swift
    /// stub.on(.get, "/workspace/{id}", respond: .workspace(id: "ws-1", state: .started))
    /// ```
    ///
    /// - Parameters:
    ///   - id: The sandbox ID, also used as its name.
    ///   - state: The state, in the sandbox and in its provider metadata.
    ///   - language: The language recorded in the `code-toolbox-language` label, unless
    ///     `labels` sets one; `nil` for no such label.
    ///   - labels: The labels.
    ///   - nodeDomain: The node domain in the provider metadata.
    ///   - errorReason: The error reason, for sandboxes in the `error` state.
    ///   - autoStopInterval: The auto-stop interval; the server sends whole minutes.
    public static func workspace(
        id: String,
        state: SandboxState = .started,
        language: CodeLanguage? = .python,
        labels: [String: String] = [:],
        nodeDomain: String = "node-us-1.daytona.test",
        errorReason: String? = nil,
        autoStopInterval: Duration = .seconds(15 * 60)
    ) -> StubResponse {
        .wire(
            V014.Workspace(
                cannedWorkspace(
                    id: id, state: state, language: language, labels: labels, nodeDomain: nodeDomain, errorReason: errorReason,
                    autoStopInterval: autoStopInterval)))
    }

    /// A JSON array of sandboxes, each as in ``workspace(id:state:language:labels:nodeDomain:errorReason:autoStopInterval:)``.
    public static func workspaces(_ ids: [String], state: SandboxState = .started) -> StubResponse {
        .wire(ids.map { V014.Workspace(cannedWorkspace(id: $0, state: state)) })
    }

    /// A current-API `Sandbox` (the answer of `GET /sandbox/{id}` and most lifecycle calls).
    ///
    /// ```swift
    /// stub.on(.get, "/sandbox/{id}", respond: .sandbox(id: "sb-1", state: .started))
    /// ```
    ///
    /// - Parameters:
    ///   - id: The sandbox ID, also used as its name.
    ///   - state: The state.
    ///   - language: The language recorded in the `code-toolbox-language` label, unless
    ///     `labels` sets one; `nil` for no such label.
    ///   - labels: The labels.
    ///   - errorReason: The error reason, for sandboxes in the `error` state.
    ///   - autoStopInterval: The auto-stop interval; the server sends whole minutes.
    ///   - toolboxProxyURL: The toolbox proxy the answer names; `nil` names none, and a client
    ///     then asks `GET /sandbox/{id}/toolbox-proxy-url`, which a ``DaytonaStub`` answers
    ///     with its ``DaytonaStub/toolboxURL`` unless you script it.
    public static func sandbox(
        id: String,
        state: SandboxState = .started,
        language: CodeLanguage? = .python,
        labels: [String: String] = [:],
        errorReason: String? = nil,
        autoStopInterval: Duration = .seconds(15 * 60),
        toolboxProxyURL: URL? = nil
    ) -> StubResponse {
        .wire(
            Current.Sandbox(
                cannedSandbox(
                    id: id, state: state, language: language, labels: labels, errorReason: errorReason,
                    autoStopInterval: autoStopInterval, toolboxProxyURL: toolboxProxyURL)))
    }

    /// One page of the current API's sandbox list (`GET /sandbox`): the sandboxes, each as in
    /// ``sandbox(id:state:language:labels:errorReason:autoStopInterval:toolboxProxyURL:)``,
    /// and the cursor of the next page (`nil` on the last).
    public static func sandboxPage(_ ids: [String], state: SandboxState = .started, nextCursor: String? = nil) -> StubResponse {
        .wire(Current.SandboxPage(items: ids.map { Current.Sandbox(cannedSandbox(id: $0, state: state)) }, nextCursor: nextCursor))
    }

    /// A current-API `SnapshotDto` (the answer of `GET /snapshots/{id}` and `POST /snapshots`).
    public static func snapshot(id: String? = nil, name: String, state: Snapshot.State = .active, image: String? = nil) -> StubResponse {
        .wire(
            Current.Snapshot(
                Snapshot(
                    id: id ?? "snapshot-\(name)", name: name, state: state, imageName: image, organizationID: "org-1",
                    createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z")))
    }

    /// A current-API `VolumeDto` (the answer of `GET /volumes/{id}` and `POST /volumes`).
    public static func volume(id: String? = nil, name: String, state: Volume.State = .ready) -> StubResponse {
        .wire(
            Current.Volume(
                Volume(
                    id: id ?? "volume-\(name)", name: name, state: state, organizationID: "org-1", createdAt: "2026-01-01T00:00:00.000Z",
                    updatedAt: "2026-01-01T00:00:00.000Z")))
    }

    /// An `ExecuteResponse`.
    public static func executeResult(exitCode: Int = 0, result: String) -> StubResponse {
        .wire(V014.ExecuteResponse(exitCode: exitCode, result: result))
    }

    /// A `FileInfo`.
    public static func fileInfo(name: String, isDir: Bool = false, size: Int = 0) -> StubResponse {
        .wire(cannedFile(name: name, isDir: isDir, size: size))
    }

    /// A JSON array of `FileInfo`, one per name.
    public static func fileList(_ names: [String]) -> StubResponse {
        .wire(names.map { cannedFile(name: $0, isDir: false, size: 0) })
    }

    /// A `GitStatus` with the `fileStatus` key real servers send.
    public static func gitStatus(branch: String = "main", modified: [String] = []) -> StubResponse {
        .wire(
            V014.GitStatus(
                currentBranch: branch,
                fileStatus: modified.map { V014.FileStatus(name: $0, staging: "Unmodified", worktree: "Modified", extra: "") },
                ahead: 0, behind: 0, branchPublished: true))
    }

    /// A `Session` with the given command IDs, all finished with exit code 0.
    public static func session(id: String, commandIDs: [String] = []) -> StubResponse {
        .wire(V014.Session(sessionId: id, commands: commandIDs.map { V014.Command(id: $0, command: "true", exitCode: 0) }))
    }

    /// A `ProjectDirResponse`.
    public static func projectDirectory(_ path: String = "/home/daytona") -> StubResponse {
        .wire(V014.ProjectDirectory(dir: path))
    }

    private static func cannedSandbox(
        id: String, state: SandboxState, language: CodeLanguage? = .python, labels: [String: String] = [:],
        errorReason: String? = nil, autoStopInterval: Duration = .seconds(15 * 60), toolboxProxyURL: URL? = nil
    ) -> SandboxInfo {
        var labels = labels
        if let language, labels[CodeLanguage.labelKey] == nil { labels[CodeLanguage.labelKey] = language.rawValue }
        var info = SandboxInfo(
            id: id, user: "daytona", labels: labels, target: "us", state: state, errorReason: errorReason,
            autoStopInterval: autoStopInterval, resources: SandboxResources(cpu: 1, gpu: 0, memory: 1, disk: 3),
            created: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z")
        info.organizationID = "org-1"
        info.snapshot = "daytonaio/sandbox:0.5.0"
        info.desiredState = state == .stopped ? .stopped : .started
        info.toolboxProxyURL = toolboxProxyURL?.absoluteString
        return info
    }

    /// A JSON answer with `value` encoded as the SDK encodes wire values.
    static func wire<Value: Encodable>(_ value: Value) -> StubResponse {
        let body = (try? JSONCoding.encode(value)) ?? Data("null".utf8)
        return .answer(headers: ["Content-Type": "application/json"], body: body)
    }

    /// The sandbox the canned answers describe: what a freshly created sandbox on a real
    /// server looks like.
    static func cannedWorkspace(
        id: String, state: SandboxState, language: CodeLanguage? = .python, labels: [String: String] = [:],
        nodeDomain: String = "node-us-1.daytona.test", errorReason: String? = nil, autoStopInterval: Duration = .seconds(15 * 60)
    ) -> SandboxInfo {
        var labels = labels
        if let language, labels[CodeLanguage.labelKey] == nil { labels[CodeLanguage.labelKey] = language.rawValue }
        return SandboxInfo(
            id: id,
            image: "daytonaio/workspace:latest",
            user: "daytona",
            labels: labels,
            target: .us,
            state: state,
            errorReason: errorReason,
            snapshotState: SnapshotState.none,
            autoStopInterval: autoStopInterval,
            created: "2025-03-10T10:00:00.000Z",
            nodeDomain: nodeDomain,
            region: "us",
            className: "small",
            updatedAt: "2025-03-10T10:00:00.000Z"
        )
    }

    /// A file as the toolbox lists it.
    static func cannedFile(name: String, isDir: Bool, size: Int) -> V014.FileInfo {
        V014.FileInfo(
            name: name, isDir: isDir, size: size, modTime: "2025-03-10 10:00:00.123456789 +0000 UTC",
            mode: isDir ? "drwxr-xr-x" : "-rw-r--r--", permissions: isDir ? "0755" : "0644", owner: "1000", group: "1000")
    }
}
