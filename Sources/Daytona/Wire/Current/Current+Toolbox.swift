import Foundation

// The current toolbox's wire types (WIRE-current §3, §4.3) where they differ from the 0.14
// ones, and their mapping to the public models, one place each. Shapes that did not change
// (Match, ReplaceRequest, ReplaceResult, SearchFilesResponse, Session, Command, GitAdd,
// GitBranch, GitClone, GitCommitInfo and the LSP types) are the `V014` ones. Answers are read
// leniently (``Lenient``); `nil` keys are left out of requests (§1.9).

// MARK: Info and server

extension Current {
    /// `UserHomeDirResponse` and `WorkDirResponse`.
    package struct Directory: Codable, Sendable {
        @Lenient package var dir: String? = nil
        package init(dir: String?) { self.dir = dir }
    }

    /// `UpdateEnvRequest`.
    struct UpdateEnv: Encodable {
        var set: [String: String]?
        var unset: [String]?
    }
}

// MARK: Files

extension Current {
    /// `FileInfo`: the 0.14 keys plus `path` and `modifiedAt`.
    package struct FileInfo: Codable, Sendable {
        @Lenient package var name: String? = nil
        @Lenient package var path: String? = nil
        @Lenient package var isDir: Bool? = nil
        @Lenient package var size: Int? = nil
        @Lenient package var modTime: String? = nil
        @Lenient package var modifiedAt: String? = nil
        @Lenient package var mode: String? = nil
        @Lenient package var permissions: String? = nil
        @Lenient package var owner: String? = nil
        @Lenient package var group: String? = nil
        package init(
            name: String?, path: String?, isDir: Bool?, size: Int?, modTime: String?, modifiedAt: String?, mode: String?,
            permissions: String?, owner: String?, group: String?
        ) {
            self.name = name
            self.path = path
            self.isDir = isDir
            self.size = size
            self.modTime = modTime
            self.modifiedAt = modifiedAt
            self.mode = mode
            self.permissions = permissions
            self.owner = owner
            self.group = group
        }
    }

    /// `FilesDownloadRequest`.
    struct FilesDownload: Encodable {
        var paths: [String]
    }

    /// `UploadFilesResponse`: what was written, and what failed (also the body of a 400).
    package struct UploadFilesResponse: Codable, Sendable {
        @Lenient package var files: [UploadedFile]? = nil
        @Lenient package var errors: [String]? = nil
        package init(files: [UploadedFile]?, errors: [String]?) {
            self.files = files
            self.errors = errors
        }
    }

    /// One file of an `UploadFilesResponse`.
    package struct UploadedFile: Codable, Sendable {
        @Lenient package var path: String? = nil
        @Lenient package var bytes: Int64? = nil
        package init(path: String?, bytes: Int64?) {
            self.path = path
            self.bytes = bytes
        }
    }

    /// An error body, in each server's shape: the daemon's `ErrorResponse` (`statusCode`,
    /// `message`, `code`, `timestamp`, `path`, `method`; also the error parts of a bulk
    /// download), the API server's NestJS error (`path`, `timestamp`, `statusCode`, `error`,
    /// `message`) and the 0.14 one (`statusCode`, `message`, `error`). `nil` keys are left out.
    package struct ErrorResponse: Codable, Sendable {
        @Lenient package var statusCode: Int? = nil
        @Lenient package var message: String? = nil
        @Lenient package var code: String? = nil
        @Lenient package var path: String? = nil
        @Lenient package var source: String? = nil
        /// The HTTP reason phrase (`Not Found`), in the API server's errors.
        @Lenient package var error: String? = nil
        @Lenient package var timestamp: String? = nil
        @Lenient package var method: String? = nil
        package init(
            statusCode: Int?, message: String?, code: String?, path: String?, source: String? = nil, error: String? = nil,
            timestamp: String? = nil, method: String? = nil
        ) {
            self.statusCode = statusCode
            self.message = message
            self.code = code
            self.path = path
            self.source = source
            self.error = error
            self.timestamp = timestamp
            self.method = method
        }
    }
}

extension FileInfo {
    package init(_ wire: Current.FileInfo) {
        self.init(
            name: wire.name ?? "", isDir: wire.isDir ?? false, size: wire.size ?? 0, modTime: wire.modTime ?? "",
            mode: wire.mode ?? "", permissions: wire.permissions ?? "", owner: wire.owner ?? "", group: wire.group ?? "",
            path: wire.path, modifiedAt: wire.modifiedAt)
    }
}

extension DaytonaError {
    /// The error an error part of a bulk download describes.
    init(_ wire: Current.ErrorResponse, body: Data) {
        let status = wire.statusCode ?? 500
        self.init(
            .forStatus(status, code: wire.code), message: wire.message ?? APIClient.genericMessage(status: status), statusCode: status,
            serverMessage: wire.message, responseBody: body, code: wire.code, source: wire.source)
    }
}

// MARK: Processes and sessions

extension Current {
    /// `ExecuteRequest`.
    struct ExecuteRequest: Encodable {
        var command: String
        var cwd: String?
        var envs: [String: String]?
        var timeout: Int?
    }

    /// `CodeRunRequest`.
    struct CodeRunRequest: Encodable {
        var code: String
        var language: String
        var argv: [String]?
        var envs: [String: String]?
        var timeout: Int?
    }

    /// `CodeRunResponse`; very old daemons send `code` for `exitCode`.
    package struct CodeRunResponse: Codable, Sendable {
        @Lenient package var exitCode: Int? = nil
        @Lenient package var code: Int? = nil
        @Lenient package var result: String? = nil
        @Lenient package var artifacts: Artifacts? = nil
        package init(exitCode: Int?, result: String?, charts: [Chart]? = nil) {
            self.exitCode = exitCode
            self.result = result
            self.artifacts = charts.map { Artifacts(charts: $0) }
        }
    }

    /// `ExecutionArtifacts`.
    package struct Artifacts: Codable, Sendable, LenientValue {
        @Lenient package var charts: [Chart]? = nil
        package init(charts: [Chart]?) { self.charts = charts }
    }

    /// `Chart` and `ChartElement` in one: the chart fields (snake_case) and the element fields.
    package struct Chart: Codable, Sendable, LenientValue {
        @Lenient package var type: String? = nil
        @Lenient package var title: String? = nil
        @Lenient package var png: String? = nil
        @Lenient package var xLabel: String? = nil
        @Lenient package var yLabel: String? = nil
        @Lenient package var xTicks: [JSONValue]? = nil
        @Lenient package var yTicks: [JSONValue]? = nil
        @Lenient package var xTickLabels: [String]? = nil
        @Lenient package var yTickLabels: [String]? = nil
        @Lenient package var xScale: String? = nil
        @Lenient package var yScale: String? = nil
        @Lenient package var elements: [Chart]? = nil
        @Lenient package var label: String? = nil
        @Lenient package var points: [[JSONValue]]? = nil
        @Lenient package var value: JSONValue? = nil
        @Lenient package var group: String? = nil
        @Lenient package var angle: Double? = nil
        @Lenient package var radius: Double? = nil
        @Lenient package var min: Double? = nil
        @Lenient package var firstQuartile: Double? = nil
        @Lenient package var median: Double? = nil
        @Lenient package var thirdQuartile: Double? = nil
        @Lenient package var max: Double? = nil
        @Lenient package var outliers: [Double]? = nil

        enum CodingKeys: String, CodingKey {
            case type, title, png, elements, label, points, value, group, angle, radius, min, median, max, outliers
            case xLabel = "x_label"
            case yLabel = "y_label"
            case xTicks = "x_ticks"
            case yTicks = "y_ticks"
            case xTickLabels = "x_tick_labels"
            case yTickLabels = "y_tick_labels"
            case xScale = "x_scale"
            case yScale = "y_scale"
            case firstQuartile = "first_quartile"
            case thirdQuartile = "third_quartile"
        }

        package init(type: String?, title: String?, elements: [Chart]? = nil, label: String? = nil, points: [[JSONValue]]? = nil) {
            self.type = type
            self.title = title
            self.elements = elements
            self.label = label
            self.points = points
        }
    }

    /// `SessionExecuteRequest`: `runAsync` (the 0.14 key `async` is a deprecated alias).
    struct SessionExecute: Encodable {
        var command: String
        var runAsync: Bool?
        var suppressInputEcho: Bool?
    }

    /// `SessionExecuteResponse`: `output` carries the stream markers; `stdout` and `stderr`
    /// come apart.
    package struct SessionExecuteResponse: Codable, Sendable {
        @Lenient package var cmdId: String? = nil
        @Lenient package var output: String? = nil
        @Lenient package var stdout: String? = nil
        @Lenient package var stderr: String? = nil
        @Lenient package var exitCode: Int? = nil
        package init(cmdId: String?, output: String? = nil, stdout: String? = nil, stderr: String? = nil, exitCode: Int? = nil) {
            self.cmdId = cmdId
            self.output = output
            self.stdout = stdout
            self.stderr = stderr
            self.exitCode = exitCode
        }
    }

    /// `SessionSendInputRequest`.
    struct SessionSendInput: Encodable {
        var data: String
    }

    /// `SessionCommandLogsResponse`: `output` carries the stream markers.
    package struct SessionCommandLogs: Codable, Sendable {
        @Lenient package var output: String? = nil
        @Lenient package var stdout: String? = nil
        @Lenient package var stderr: String? = nil
        package init(output: String?, stdout: String?, stderr: String?) {
            self.output = output
            self.stdout = stdout
            self.stderr = stderr
        }
    }
}

extension ExecuteResponse {
    package init(_ wire: Current.CodeRunResponse) {
        self.init(
            exitCode: wire.exitCode ?? wire.code ?? -1, result: wire.result ?? "",
            charts: (wire.artifacts?.charts ?? []).map(Chart.init))
    }
}

extension Chart {
    package init(_ wire: Current.Chart) {
        self.init(
            type: ChartType(rawValue: wire.type ?? ""), title: wire.title, png: wire.png, xLabel: wire.xLabel, yLabel: wire.yLabel,
            xTicks: wire.xTicks, yTicks: wire.yTicks, xTickLabels: wire.xTickLabels, yTickLabels: wire.yTickLabels,
            xScale: wire.xScale, yScale: wire.yScale, elements: (wire.elements ?? []).map(ChartElement.init))
    }
}

extension ChartElement {
    package init(_ wire: Current.Chart) {
        self.init(
            label: wire.label, points: wire.points, value: wire.value, group: wire.group, angle: wire.angle, radius: wire.radius,
            min: wire.min, firstQuartile: wire.firstQuartile, median: wire.median, thirdQuartile: wire.thirdQuartile, max: wire.max,
            outliers: wire.outliers, chart: wire.type == nil && wire.png == nil && wire.elements == nil ? nil : Chart(wire))
    }
}

extension SessionExecuteResponse {
    package init(_ wire: Current.SessionExecuteResponse) {
        let split = wire.output.map(StreamDemuxer.split)
        self.init(
            commandID: wire.cmdId, output: split?.output, exitCode: wire.exitCode,
            stdout: wire.stdout ?? split?.stdout, stderr: wire.stderr ?? split?.stderr)
    }
}

extension SessionCommandLogs {
    package init(_ wire: Current.SessionCommandLogs) {
        let split = StreamDemuxer.split(wire.output ?? "")
        self.init(
            output: split.output, stdout: wire.stdout ?? split.stdout, stderr: wire.stderr ?? split.stderr)
    }
}

// MARK: Git

extension Current {
    /// `GitCommitRequest`: `allow_empty` is always sent.
    struct GitCommit: Encodable {
        var path: String
        var message: String
        var author: String
        var email: String
        var allowEmpty: Bool

        enum CodingKeys: String, CodingKey {
            case path, message, author, email
            case allowEmpty = "allow_empty"
        }
    }

    /// `GitPullRequest`.
    struct GitPull: Encodable {
        var path: String
        var username: String?
        var password: String?
        var remote: String?
        var branch: String?
    }

    /// `GitPushRequest`: `set_upstream` is always sent.
    struct GitPush: Encodable {
        var path: String
        var username: String?
        var password: String?
        var remote: String?
        var branch: String?
        var setUpstream: Bool

        enum CodingKeys: String, CodingKey {
            case path, username, password, remote, branch
            case setUpstream = "set_upstream"
        }
    }

    /// `ListBranchResponse`: the branches and the current one.
    package struct BranchList: Codable, Sendable {
        @Lenient package var branches: [String]? = nil
        @Lenient package var current: String? = nil
        package init(branches: [String]?, current: String?) {
            self.branches = branches
            self.current = current
        }
    }

    /// `GitStatus`: the key is `fileStatus`; `detached` and `upstream` are new.
    package struct GitStatus: Codable, Sendable {
        @Lenient package var currentBranch: String? = nil
        @Lenient package var fileStatus: [V014.FileStatus]? = nil
        @Lenient package var ahead: Int? = nil
        @Lenient package var behind: Int? = nil
        @Lenient package var branchPublished: Bool? = nil
        @Lenient package var detached: Bool? = nil
        @Lenient package var upstream: String? = nil
        package init(
            currentBranch: String?, fileStatus: [V014.FileStatus]?, ahead: Int?, behind: Int?, branchPublished: Bool?,
            detached: Bool? = nil, upstream: String? = nil
        ) {
            self.currentBranch = currentBranch
            self.fileStatus = fileStatus
            self.ahead = ahead
            self.behind = behind
            self.branchPublished = branchPublished
            self.detached = detached
            self.upstream = upstream
        }
    }

    /// `GitCheckoutRequest`.
    struct GitCheckout: Encodable {
        var path: String
        var branch: String
    }

    /// `GitInitRequest`.
    struct GitInit: Encodable {
        var path: String
        var bare: Bool
        var initialBranch: String?

        enum CodingKeys: String, CodingKey {
            case path, bare
            case initialBranch = "initial_branch"
        }
    }

    /// `ListRemotesResponse`.
    package struct RemoteList: Codable, Sendable {
        @Lenient package var remotes: [Remote]? = nil
        package init(remotes: [Remote]?) { self.remotes = remotes }
    }

    /// One remote of a `ListRemotesResponse`.
    package struct Remote: Codable, Sendable {
        @Lenient package var name: String? = nil
        @Lenient package var url: String? = nil
        package init(name: String?, url: String?) {
            self.name = name
            self.url = url
        }
    }

    /// `GitAddRemoteRequest`.
    struct GitAddRemote: Encodable {
        var path: String
        var name: String
        var url: String
        var fetch: Bool?
        var overwrite: Bool?
    }

    /// `GitResetRequest`.
    struct GitReset: Encodable {
        var path: String
        var mode: String?
        var target: String?
        var files: [String]?
    }

    /// `GitRestoreRequest`.
    struct GitRestore: Encodable {
        var path: String
        var files: [String]
        var source: String?
        var staged: Bool?
        var worktree: Bool?
    }

    /// `GitConfigureUserRequest`.
    struct GitConfigureUser: Encodable {
        var name: String
        var email: String
        var scope: String?
        var path: String?
    }

    /// `GitSetConfigRequest`.
    struct GitSetConfig: Encodable {
        var key: String
        var value: String
        var scope: String?
        var path: String?
    }

    /// `GitConfigResponse`: `{value}`, `null` when unset.
    package struct GitConfigValue: Codable, Sendable {
        @Lenient package var value: String? = nil
        package init(value: String?) { self.value = value }
    }

    /// `GitAuthenticateRequest`.
    struct GitAuthenticate: Encodable {
        var username: String
        var password: String
        var host: String?
        var `protocol`: String?
    }

    /// `SystemMetrics` (I6).
    package struct SystemMetrics: Codable, Sendable {
        @Lenient package var cpuCount: Int? = nil
        @Lenient package var cpuUsedPct: Double? = nil
        @Lenient package var memTotal: Int64? = nil
        @Lenient package var memUsed: Int64? = nil
        @Lenient package var memCache: Int64? = nil
        @Lenient package var diskTotal: Int64? = nil
        @Lenient package var diskUsed: Int64? = nil
        @Lenient package var diskFree: Int64? = nil
        @Lenient package var timestamp: String? = nil
        package init() {}
    }
}

extension GitStatus {
    package init(_ wire: Current.GitStatus) {
        self.init(
            currentBranch: wire.currentBranch ?? "", fileStatus: (wire.fileStatus ?? []).map(FileStatus.init),
            ahead: wire.ahead, behind: wire.behind, branchPublished: wire.branchPublished, detached: wire.detached,
            upstream: wire.upstream)
    }
}

extension GitRemote {
    package init(_ wire: Current.Remote) {
        self.init(name: wire.name ?? "", url: wire.url ?? "")
    }
}
