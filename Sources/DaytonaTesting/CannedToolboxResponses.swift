import Daytona
import Foundation

/// Canned answers of the current API's toolbox (the daemon behind `{toolboxProxyUrl}/{id}`), in
/// the shapes it sends to an SDK that claims version 0.226.1, so a test needs one line per call.
///
/// ```swift
/// stub.on(.post, "/toolbox/{id}/files/bulk-download", respond: .bulkDownload(files: [("/tmp/a.txt", Data("hi".utf8))]))
/// stub.on(.get, "/toolbox/{id}/process/session/{sid}/command/{cid}/logs", respond: .sessionLogs(stdout: "ok\n", stderr: ""))
/// ```
extension StubResponse {
    /// The boundary the daemon uses in bulk-download answers.
    public static let bulkDownloadBoundary = "DAYTONA-FILE-BOUNDARY"

    /// A current-API `FileInfo` (`GET …/files/info`).
    public static func toolboxFileInfo(name: String, path: String? = nil, isDir: Bool = false, size: Int = 0) -> StubResponse {
        .wire(cannedCurrentFile(name: name, path: path, isDir: isDir, size: size))
    }

    /// A JSON array of current-API `FileInfo`, one per path (`GET …/files`); names are the last
    /// path components.
    public static func toolboxFileList(_ paths: [String]) -> StubResponse {
        .wire(paths.map { cannedCurrentFile(name: $0.split(separator: "/").last.map(String.init) ?? $0, path: $0, isDir: false, size: 0) })
    }

    /// `{"dir": path}`: the answer of `GET …/user-home-dir` and `GET …/work-dir`.
    public static func directory(_ path: String) -> StubResponse {
        .wire(Current.Directory(dir: path))
    }

    /// An error in the daemon's `ErrorResponse` shape, e.g. `toolboxError(404, code: "FILE_NOT_FOUND",
    /// message: "file not found: /a")`.
    public static func toolboxError(_ status: Int, code: String? = nil, message: String) -> StubResponse {
        .wire(Current.ErrorResponse(statusCode: status, message: message, code: code, path: nil, source: "DAYTONA_DAEMON"), status: status)
    }

    /// The multipart answer of `POST …/files/bulk-download`: a `file` part per file (with
    /// `filename`, `filename*` and `Content-Length`, as the daemon writes them), then an `error`
    /// part per error.
    ///
    /// - Parameters:
    ///   - files: Each file's path and bytes.
    ///   - errors: Each failed path, with the daemon's code, status and message.
    ///   - closed: Whether the closing boundary is sent; `false` imitates a daemon that failed
    ///     midway.
    public static func bulkDownload(
        files: [(path: String, data: Data)], errors: [(path: String, status: Int, code: String, message: String)] = [],
        closed: Bool = true
    ) -> StubResponse {
        let boundary = bulkDownloadBoundary
        var body = Data()
        for file in files {
            body.append(
                Data(
                    ("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; \(dispositionFilename(file.path))\r\n"
                        + "Content-Length: \(file.data.count)\r\nContent-Type: application/octet-stream\r\n\r\n").utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        for error in errors {
            let wire = Current.ErrorResponse(statusCode: error.status, message: error.message, code: error.code, path: error.path)
            body.append(
                Data(
                    ("--\(boundary)\r\nContent-Disposition: form-data; name=\"error\"; \(dispositionFilename(error.path))\r\n"
                        + "Content-Type: application/json; charset=utf-8\r\n\r\n").utf8))
            body.append((try? JSONCoding.encode(wire)) ?? Data())
            body.append(Data("\r\n".utf8))
        }
        if closed { body.append(Data("--\(boundary)--\r\n".utf8)) }
        return .answer(headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: body)
    }

    /// The answer of `POST …/files/bulk-upload`: the files written with their sizes and the
    /// errors of the others (`"<path>: <reason>"`); 200 without errors, 400 with them, as the
    /// daemon answers.
    public static func bulkUploadResult(written: [(path: String, bytes: Int)], errors: [String] = []) -> StubResponse {
        let wire = Current.UploadFilesResponse(
            files: written.map { Current.UploadedFile(path: $0.path, bytes: Int64($0.bytes)) }, errors: errors.isEmpty ? nil : errors)
        return .wire(wire, status: errors.isEmpty ? 200 : 400)
    }

    /// The JSON logs of a session command (`GET …/command/{cid}/logs`): `stdout` and `stderr`,
    /// and `output` with both, every line of each prefixed with the daemon's stream marker.
    /// Pass `output` to set the raw log yourself.
    public static func sessionLogs(stdout: String, stderr: String = "", output: String? = nil) -> StubResponse {
        .wire(Current.SessionCommandLogs(output: output ?? markedLog(stdout: stdout, stderr: stderr), stdout: stdout, stderr: stderr))
    }

    /// The answer of a synchronous `POST …/session/{sid}/exec`: `output` with markers,
    /// `stdout`, `stderr` and the exit code.
    public static func sessionExecuteResult(commandID: String, stdout: String, stderr: String = "", exitCode: Int = 0) -> StubResponse {
        .wire(
            Current.SessionExecuteResponse(
                cmdId: commandID, output: markedLog(stdout: stdout, stderr: stderr), stdout: stdout, stderr: stderr, exitCode: exitCode))
    }

    /// The 202 answer of an asynchronous `POST …/session/{sid}/exec`: `{"cmdId": …}`.
    public static func sessionCommandStarted(commandID: String) -> StubResponse {
        .wire(Current.SessionExecuteResponse(cmdId: commandID), status: 202)
    }

    /// A session `Command` (`GET …/command/{cid}`); `exitCode` `nil` while it runs.
    public static func sessionCommand(id: String, command: String = "true", exitCode: Int?) -> StubResponse {
        .wire(V014.Command(id: id, command: command, exitCode: exitCode))
    }

    /// A `CodeRunResponse` (`POST …/process/code-run`), with one line chart per title in
    /// `charts`.
    public static func codeRunResult(exitCode: Int = 0, result: String, charts: [String] = []) -> StubResponse {
        .wire(
            Current.CodeRunResponse(
                exitCode: exitCode, result: result,
                charts: charts.isEmpty
                    ? nil
                    : charts.map {
                        Current.Chart(
                            type: "line", title: $0,
                            elements: [Current.Chart(type: nil, title: nil, label: "y", points: [[.number(0), .number(1)]])])
                    }))
    }

    /// A current-API `GitStatus` (`GET …/git/status`).
    public static func toolboxGitStatus(branch: String = "main", modified: [String] = [], upstream: String = "origin/main") -> StubResponse
    {
        .wire(
            Current.GitStatus(
                currentBranch: branch,
                fileStatus: modified.map { V014.FileStatus(name: $0, staging: "Unmodified", worktree: "Modified", extra: "") },
                ahead: 0, behind: 0, branchPublished: true, detached: false, upstream: upstream))
    }

    /// A `ListBranchResponse` (`GET …/git/branches`) with the current branch.
    public static func branchList(_ branches: [String], current: String?) -> StubResponse {
        .wire(Current.BranchList(branches: branches, current: current))
    }

    /// A `ListRemotesResponse` (`GET …/git/remotes`).
    public static func remotes(_ remotes: [(name: String, url: String)]) -> StubResponse {
        .wire(Current.RemoteList(remotes: remotes.map { Current.Remote(name: $0.name, url: $0.url) }))
    }

    /// `log` as the daemon writes it: each line of stdout, then each line of stderr, prefixed
    /// with its marker (`01 01 01`, `02 02 02`).
    static func markedLog(stdout: String, stderr: String) -> String {
        func marked(_ text: String, _ marker: String) -> String {
            text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
                // The text after the last line break is a line only when it is not empty.
                let isLast = index == text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
                if isLast, line.isEmpty { return nil }
                return marker + line + (isLast ? "" : "\n")
            }.joined()
        }
        return marked(stdout, "\u{1}\u{1}\u{1}") + marked(stderr, "\u{2}\u{2}\u{2}")
    }

    /// `filename="…"; filename*=utf-8''…` as the daemon writes them for `path`.
    static func dispositionFilename(_ path: String) -> String {
        var plain = ""
        for scalar in path.unicodeScalars {
            switch scalar {
            case "\\", "\"": plain += "\\" + String(scalar)
            case "\r", "\n", "\0": continue
            default: plain += scalar.value < 0x20 || scalar.value == 0x7F || scalar.value > 0xFF ? "_" : String(scalar)
            }
        }
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789`!#$&+-.^_|~".utf8)
        let extended = path.utf8.map { allowed.contains($0) ? String(UnicodeScalar($0)) : String(format: "%%%02X", $0) }.joined()
        return "filename=\"\(plain)\"; filename*=utf-8''\(extended)"
    }

    static func cannedCurrentFile(name: String, path: String?, isDir: Bool, size: Int) -> Current.FileInfo {
        Current.FileInfo(
            name: name, path: path, isDir: isDir, size: size, modTime: "2026-01-01 10:00:00.123456789 +0000 UTC",
            modifiedAt: "2026-01-01T10:00:00.123456789Z", mode: isDir ? "drwxr-xr-x" : "-rw-r--r--", permissions: isDir ? "0755" : "0644",
            owner: "1000", group: "1000")
    }

    /// A JSON answer with `value` encoded as the SDK encodes wire values, with `status`.
    static func wire<Value: Encodable>(_ value: Value, status: Int) -> StubResponse {
        let body = (try? JSONCoding.encode(value)) ?? Data("null".utf8)
        return .answer(status: status, headers: ["Content-Type": "application/json"], body: body)
    }
}
