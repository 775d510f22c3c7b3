#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import Foundation

    extension LocalDaytona {
        func registerGitRoutes() {
            let git = "/toolbox/{id}/toolbox/git"
            router.on(.post, git + "/clone") { [unowned self] request in
                gitCall(request) { body, directory, _ in
                    guard let url = body.url else { return .failed("url is required") }
                    var source = url
                    if let user = body.username, let password = body.password,
                        var components = URLComponents(string: url), components.scheme?.hasPrefix("http") == true
                    {
                        components.user = user
                        components.password = password
                        source = components.string ?? url
                    }
                    var arguments = ["git", "clone"]
                    if let branch = body.branch { arguments += ["--branch", branch] }
                    arguments += ["--", source, directory.path]
                    return .run(
                        arguments, in: directory.deletingLastPathComponent(),
                        then: body.commitID.map { ["git", "-C", directory.path, "checkout", $0] })
                }
            }
            router.on(.post, git + "/add") { [unowned self] request in
                gitCall(request) { body, directory, _ in
                    .run(["git", "add", "--"] + (body.files ?? ["."]), in: directory)
                }
            }
            router.on(.post, git + "/commit") { [unowned self] request in
                gitCall(request, answer: .hash) { body, directory, _ in
                    let author = body.author ?? "Daytona"
                    let email = body.email ?? "daytona@localhost"
                    return .run(
                        [
                            "git", "-c", "user.name=\(author)", "-c", "user.email=\(email)", "commit", "-m",
                            body.message ?? "",
                        ],
                        in: directory,
                        then: ["git", "rev-parse", "HEAD"])
                }
            }
            router.on(.post, git + "/branches") { [unowned self] request in
                gitCall(request, created: true) { body, directory, _ in
                    .run(["git", "checkout", "-b", body.name ?? ""], in: directory)
                }
            }
            router.on(.post, git + "/pull") { [unowned self] request in
                gitCall(request) { _, directory, _ in .run(["git", "pull"], in: directory) }
            }
            router.on(.post, git + "/push") { [unowned self] request in
                gitCall(request) { _, directory, _ in .run(["git", "push"], in: directory) }
            }
            router.on(.get, git + "/branches") { [unowned self] request in
                gitCall(request, answer: .branches) { _, directory, _ in
                    .run(["git", "branch", "--format=%(refname:short)"], in: directory)
                }
            }
            router.on(.get, git + "/history") { [unowned self] request in
                gitCall(request, answer: .history) { _, directory, _ in
                    .run(["git", "log", "--format=%H%x1f%s%x1f%an%x1f%ae%x1f%aI"], in: directory)
                }
            }
            router.on(.get, git + "/status") { [unowned self] request in
                gitCall(request, answer: .status) { _, directory, _ in .run(["git", "status", "--porcelain=v1", "-b"], in: directory) }
            }
        }

        /// The fields of the git requests' bodies (`GitCloneRequest`, `GitAddRequest`,
        /// `GitCommitRequest`, `GitBranchRequest`, `GitRepoRequest`), read leniently.
        struct GitRequest: Decodable {
            @Lenient var path: String? = nil
            @Lenient var url: String? = nil
            @Lenient var username: String? = nil
            @Lenient var password: String? = nil
            @Lenient var branch: String? = nil
            @Lenient var commitID: String? = nil
            @Lenient var files: [String]? = nil
            @Lenient var message: String? = nil
            @Lenient var author: String? = nil
            @Lenient var email: String? = nil
            @Lenient var name: String? = nil

            enum CodingKeys: String, CodingKey {
                case path, url, username, password, branch, files, message, author, email, name
                case commitID = "commit_id"
            }
        }

        enum GitPlan {
            case run([String], in: URL, then: [String]? = nil)
            case failed(String)
        }

        enum GitAnswer {
            case empty, hash, branches, history, status
            /// No body, 204 (today's `DELETE git/branches`).
            case noContent
            /// Today's `ListBranchResponse`: `{branches, current}` from `%(HEAD)%(refname:short)` lines.
            case currentBranches
            /// Today's `GitStatus`, with `detached` and `upstream`.
            case currentStatus
        }

        /// Reads the repository path (from the JSON body, or the query for GETs), plans git
        /// commands, runs them, and shapes the answer.
        func gitCall(
            _ request: LocalRequest, answer: GitAnswer = .empty, created: Bool = false,
            _ plan: (GitRequest, URL, String) -> GitPlan
        ) -> LocalResponse {
            withSandbox(request) { record in
                let body = request.decodeBody(GitRequest.self) ?? GitRequest()
                guard let path = body.path ?? request.query["path"], !path.isEmpty else {
                    return .apiError(400, message: "path is required")
                }
                guard let directory = hostPath(path, sandbox: record.id) else { return Self.escapes }
                switch plan(body, directory, path) {
                case .failed(let message):
                    return .apiError(400, message: message)
                case .run(let arguments, let workingDirectory, let then):
                    // Repositories on this machine that a clone or the repository's remotes name
                    // are lent to an isolated sandbox, read-only.
                    let lent = ([body.url].compactMap { $0 } + Self.remoteURLs(of: directory)).compactMap(Self.localRepository)
                    return .later { [self] in
                        try? FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
                        let first = await run(arguments, sandbox: record.id, in: workingDirectory, timeout: 300, readOnly: lent)
                        var output = first
                        if first.exitCode == 0, let then {
                            output = await run(then, sandbox: record.id, in: directory, timeout: 300)
                        }
                        guard output.exitCode == 0 else {
                            return .apiError(
                                400, message: String(decoding: output.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
                            )
                        }
                        return Self.gitAnswer(answer, String(decoding: output.output, as: UTF8.self), created: created)
                    }
                }
            }
        }

        /// The remote URLs in a repository's `.git/config`.
        private static func remoteURLs(of repository: URL) -> [String] {
            let config = (try? String(contentsOf: repository.appendingPathComponent(".git/config"), encoding: .utf8)) ?? ""
            return config.split(whereSeparator: \.isNewline).compactMap { line in
                let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                return parts.count == 2 && parts[0] == "url" ? parts[1] : nil
            }
        }

        /// The directory a clone URL names on this machine (`/path` or `file:///path`), if it exists.
        private static func localRepository(_ url: String) -> URL? {
            let path = url.hasPrefix("file://") ? URL(string: url)?.path : url.hasPrefix("/") ? url : nil
            guard let path, FileManager.default.fileExists(atPath: path) else { return nil }
            return URL(fileURLWithPath: path)
        }

        private static func gitAnswer(_ answer: GitAnswer, _ text: String, created: Bool) -> LocalResponse {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            switch answer {
            case .empty:
                return .empty(status: created ? 201 : 200)
            case .hash:
                return .json(V014.GitCommitResponse(hash: lines.last ?? ""))
            case .branches:
                return .json(V014.BranchList(branches: lines))
            case .history:
                return .json(
                    lines.map { line -> V014.GitCommitInfo in
                        let fields = line.components(separatedBy: "\u{1f}")
                        func field(_ index: Int) -> String { index < fields.count ? fields[index] : "" }
                        return V014.GitCommitInfo(hash: field(0), message: field(1), author: field(2), email: field(3), timestamp: field(4))
                    })
            case .status:
                return .json(status(lines))
            case .noContent:
                return .empty(status: 204)
            case .currentBranches:
                let names = lines.map { String($0.dropFirst()).trimmingCharacters(in: .whitespaces) }
                let current = lines.first { $0.hasPrefix("*") }.map { String($0.dropFirst()).trimmingCharacters(in: .whitespaces) }
                let branches = names.filter { !$0.hasPrefix("(") }
                return .json(Current.BranchList(branches: branches, current: current.flatMap { $0.hasPrefix("(") ? "" : $0 } ?? ""))
            case .currentStatus:
                let base = status(lines)
                let header = lines.first { $0.hasPrefix("## ") }.map { String($0.dropFirst(3)) } ?? ""
                let detached = header.hasPrefix("HEAD (no branch)")
                var upstream = ""
                if let range = header.range(of: "...") {
                    upstream = String(header[range.upperBound...].prefix { $0 != " " })
                }
                return .json(
                    Current.GitStatus(
                        currentBranch: detached ? "" : base.currentBranch ?? "", fileStatus: base.fileStatus ?? [], ahead: base.ahead ?? 0,
                        behind: base.behind ?? 0, branchPublished: base.branchPublished ?? false, detached: detached, upstream: upstream))
            }
        }

        /// `git status --porcelain=v1 -b` as the daemon's `GitStatus`.
        static func status(_ lines: [String]) -> V014.GitStatus {
            var branch = ""
            var ahead = 0
            var behind = 0
            var published = false
            var files: [V014.FileStatus] = []
            for line in lines {
                if line.hasPrefix("## ") {
                    let header = String(line.dropFirst(3))
                    let name = header.components(separatedBy: "...").first ?? header
                    branch = name.hasPrefix("No commits yet on ") ? String(name.dropFirst("No commits yet on ".count)) : name
                    published = header.contains("...")
                    if let range = header.range(of: "ahead ") { ahead = Int(header[range.upperBound...].prefix { $0.isNumber }) ?? 0 }
                    if let range = header.range(of: "behind ") { behind = Int(header[range.upperBound...].prefix { $0.isNumber }) ?? 0 }
                    continue
                }
                guard line.count > 3 else { continue }
                let characters = Array(line)
                let path = String(characters[3...])
                let parts = path.components(separatedBy: " -> ")
                files.append(
                    V014.FileStatus(
                        name: parts.last ?? path, staging: statusName(characters[0]), worktree: statusName(characters[1]),
                        extra: parts.count > 1 ? parts[0] : ""))
            }
            return V014.GitStatus(currentBranch: branch, fileStatus: files, ahead: ahead, behind: behind, branchPublished: published)
        }

        static func statusName(_ code: Character) -> String {
            switch code {
            case "M": return "Modified"
            case "A": return "Added"
            case "D": return "Deleted"
            case "R": return "Renamed"
            case "C": return "Copied"
            case "U": return "Updated but unmerged"
            case "?": return "Untracked"
            default: return "Unmodified"
            }
        }
    }

#endif
