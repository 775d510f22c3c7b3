import Daytona
import Foundation

/// Canned answers in the shapes the real server sends, so a test needs one line per call.
extension StubResponse {
    /// A `Workspace` as the server sends it, with `info.providerMetadata` as a JSON string.
    ///
    /// ```swift
    /// stub.on(.get, "/workspace/{id}", respond: .workspace(id: "ws-1", state: .started))
    /// ```
    public static func workspace(
        id: String,
        state: WorkspaceState = .started,
        language: CodeLanguage? = .python,
        labels: [String: String] = [:],
        nodeDomain: String = "node-us-1.daytona.test",
        errorReason: String? = nil,
        autoStopInterval: Int = 15
    ) -> StubResponse {
        .json(
            encoding: CannedWorkspace(
                id: id, state: state, language: language, labels: labels, nodeDomain: nodeDomain,
                errorReason: errorReason, autoStopInterval: autoStopInterval))
    }

    /// A JSON array of workspaces, each as in ``workspace(id:state:language:labels:nodeDomain:errorReason:autoStopInterval:)``.
    public static func workspaces(_ ids: [String], state: WorkspaceState = .started) -> StubResponse {
        .json(encoding: ids.map { CannedWorkspace(id: $0, state: state) })
    }

    /// An `ExecuteResponse`.
    public static func executeResult(exitCode: Int = 0, result: String) -> StubResponse {
        .json(encoding: CannedExecute(exitCode: exitCode, result: result))
    }

    /// A `FileInfo`.
    public static func fileInfo(name: String, isDir: Bool = false, size: Int = 0) -> StubResponse {
        .json(encoding: CannedFile(name: name, isDir: isDir, size: size))
    }

    /// A JSON array of `FileInfo`, one per name.
    public static func fileList(_ names: [String]) -> StubResponse {
        .json(encoding: names.map { CannedFile(name: $0, isDir: false, size: 0) })
    }

    /// A `GitStatus` with the `fileStatus` key real servers send.
    public static func gitStatus(branch: String = "main", modified: [String] = []) -> StubResponse {
        .json(
            encoding: CannedGitStatus(
                currentBranch: branch,
                fileStatus: modified.map {
                    CannedGitStatus.File(name: $0, staging: "Unmodified", worktree: "Modified", extra: "")
                }, ahead: 0, behind: 0, branchPublished: true))
    }

    /// A `Session` with the given command IDs, all finished with exit code 0.
    public static func session(id: String, commandIDs: [String] = []) -> StubResponse {
        .json(
            encoding: CannedSession(sessionId: id, commands: commandIDs.map { CannedSession.Command(id: $0, command: "true", exitCode: 0) })
        )
    }

    /// A `ProjectDirResponse`.
    public static func projectDirectory(_ path: String = "/home/daytona") -> StubResponse {
        .json(encoding: ["dir": path])
    }
}

struct CannedWorkspace: Encodable {
    struct Info: Encodable {
        var created = "2025-03-10T10:00:00.000Z"
        var name: String
        var providerMetadata: String
    }

    var id: String
    var name: String
    var image = "daytonaio/workspace:latest"
    var user = "daytona"
    var env: [String: String] = [:]
    var labels: [String: String]
    var `public` = false
    var target = "us"
    var info: Info
    var cpu = 1
    var gpu = 0
    var memory = 2
    var disk = 10
    var state: String
    var errorReason: String?
    var snapshotState = "None"
    var autoStopInterval: Int

    init(
        id: String, state: WorkspaceState, language: CodeLanguage? = .python, labels: [String: String] = [:],
        nodeDomain: String = "node-us-1.daytona.test", errorReason: String? = nil, autoStopInterval: Int = 15
    ) {
        self.id = id
        self.name = id
        var labels = labels
        if let language, labels[CodeLanguage.labelKey] == nil { labels[CodeLanguage.labelKey] = language.rawValue }
        self.labels = labels
        self.state = state.rawValue
        self.errorReason = errorReason
        self.autoStopInterval = autoStopInterval
        let metadata: [String: Any] = [
            "state": state.rawValue, "nodeDomain": nodeDomain, "region": "us", "class": "small",
            "updatedAt": "2025-03-10T10:00:00.000Z", "lastSnapshot": NSNull(), "cpu": 1, "gpu": 0, "memory": 2,
            "disk": 10, "autoStopInterval": autoStopInterval,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: metadata, options: [.sortedKeys])) ?? Data("{}".utf8)
        self.info = Info(name: id, providerMetadata: String(decoding: data, as: UTF8.self))
    }
}

struct CannedExecute: Encodable {
    var exitCode: Int
    var result: String
}

struct CannedFile: Encodable {
    var name: String
    var isDir: Bool
    var size: Int
    var modTime = "2025-03-10 10:00:00.123456789 +0000 UTC"
    var mode = "-rw-r--r--"
    var permissions = "0644"
    var owner = "1000"
    var group = "1000"

    init(name: String, isDir: Bool, size: Int) {
        self.name = name
        self.isDir = isDir
        self.size = size
        if isDir {
            mode = "drwxr-xr-x"
            permissions = "0755"
        }
    }
}

struct CannedGitStatus: Encodable {
    struct File: Encodable {
        var name, staging, worktree, extra: String
    }

    var currentBranch: String
    var fileStatus: [File]
    var ahead: Int
    var behind: Int
    var branchPublished: Bool
}

struct CannedSession: Encodable {
    struct Command: Encodable {
        var id: String
        var command: String
        var exitCode: Int?
    }

    var sessionId: String
    var commands: [Command]
}
