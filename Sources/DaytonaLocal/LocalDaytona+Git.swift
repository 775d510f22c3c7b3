#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import DaytonaTesting
    import Foundation

    extension LocalDaytona {
        func registerGitRoutes() {
            let git = "/toolbox/{id}/toolbox/git"
            stub.on(.post, git + "/clone") { [unowned self] request in
                gitCall(request, pathKey: "path") { body, directory, _ in
                    guard let url = body["url"] as? String else { return .failed("url is required") }
                    var source = url
                    if let user = body["username"] as? String, let password = body["password"] as? String,
                        var components = URLComponents(string: url), components.scheme?.hasPrefix("http") == true
                    {
                        components.user = user
                        components.password = password
                        source = components.string ?? url
                    }
                    var arguments = ["git", "clone"]
                    if let branch = body["branch"] as? String { arguments += ["--branch", branch] }
                    arguments += ["--", source, directory.path]
                    return .run(
                        arguments, in: directory.deletingLastPathComponent(),
                        then: (body["commit_id"] as? String).map { ["git", "-C", directory.path, "checkout", $0] })
                }
            }
            stub.on(.post, git + "/add") { [unowned self] request in
                gitCall(request) { body, directory, _ in
                    .run(["git", "add", "--"] + ((body["files"] as? [String]) ?? ["."]), in: directory)
                }
            }
            stub.on(.post, git + "/commit") { [unowned self] request in
                gitCall(request, answer: .hash) { body, directory, _ in
                    let author = body["author"] as? String ?? "Daytona"
                    let email = body["email"] as? String ?? "daytona@localhost"
                    return .run(
                        [
                            "git", "-c", "user.name=\(author)", "-c", "user.email=\(email)", "commit", "-m",
                            body["message"] as? String ?? "",
                        ],
                        in: directory,
                        then: ["git", "rev-parse", "HEAD"])
                }
            }
            stub.on(.post, git + "/branches") { [unowned self] request in
                gitCall(request, created: true) { body, directory, _ in
                    .run(["git", "checkout", "-b", body["name"] as? String ?? ""], in: directory)
                }
            }
            stub.on(.post, git + "/pull") { [unowned self] request in
                gitCall(request) { _, directory, _ in .run(["git", "pull"], in: directory) }
            }
            stub.on(.post, git + "/push") { [unowned self] request in
                gitCall(request) { _, directory, _ in .run(["git", "push"], in: directory) }
            }
            stub.on(.get, git + "/branches") { [unowned self] request in
                gitCall(request, answer: .branches) { _, directory, _ in
                    .run(["git", "branch", "--format=%(refname:short)"], in: directory)
                }
            }
            stub.on(.get, git + "/history") { [unowned self] request in
                gitCall(request, answer: .history) { _, directory, _ in
                    .run(["git", "log", "--format=%H%x1f%s%x1f%an%x1f%ae%x1f%aI"], in: directory)
                }
            }
            stub.on(.get, git + "/status") { [unowned self] request in
                gitCall(request, answer: .status) { _, directory, _ in .run(["git", "status", "--porcelain=v1", "-b"], in: directory) }
            }
        }

        enum GitPlan {
            case run([String], in: URL, then: [String]? = nil)
            case failed(String)
        }

        enum GitAnswer {
            case empty, hash, branches, history, status
        }

        /// Reads the repository path (from the JSON body, or the query for GETs), plans git
        /// commands, runs them, and shapes the answer.
        private func gitCall(
            _ request: RecordedRequest, pathKey: String = "path", answer: GitAnswer = .empty, created: Bool = false,
            _ plan: ([String: Any], URL, String) -> GitPlan
        ) -> StubResponse {
            withWorkspace(request) { record in
                let body = ((try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any]) ?? [:]
                guard let path = (body[pathKey] as? String) ?? Self.query(request)[pathKey], !path.isEmpty else {
                    return .apiError(400, message: "path is required")
                }
                guard let directory = hostPath(path, workspace: record.id), let home = hostPath(Self.home, workspace: record.id) else {
                    return Self.escapes
                }
                switch plan(body, directory, path) {
                case .failed(let message):
                    return .apiError(400, message: message)
                case .run(let arguments, let workingDirectory, let then):
                    return .later {
                        try? FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
                        let first = await Self.run(arguments, in: workingDirectory, home: home, timeout: 300)
                        var output = first
                        if first.exitCode == 0, let then {
                            output = await Self.run(then, in: directory, home: home, timeout: 300)
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

        private static func gitAnswer(_ answer: GitAnswer, _ text: String, created: Bool) -> StubResponse {
            let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            switch answer {
            case .empty:
                return .empty(status: created ? 201 : 200)
            case .hash:
                return json(["hash": lines.last ?? ""])
            case .branches:
                return json(["branches": lines])
            case .history:
                return json(
                    lines.map { line -> [String: Any] in
                        let fields = line.components(separatedBy: "\u{1f}")
                        func field(_ index: Int) -> String { index < fields.count ? fields[index] : "" }
                        return ["hash": field(0), "message": field(1), "author": field(2), "email": field(3), "timestamp": field(4)]
                    })
            case .status:
                return json(status(lines))
            }
        }

        /// `git status --porcelain=v1 -b` as the daemon's `GitStatus`.
        static func status(_ lines: [String]) -> [String: Any] {
            var branch = ""
            var ahead = 0
            var behind = 0
            var published = false
            var files: [[String: Any]] = []
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
                files.append([
                    "name": parts.last ?? path, "staging": statusName(characters[0]), "worktree": statusName(characters[1]),
                    "extra": parts.count > 1 ? parts[0] : "",
                ])
            }
            return ["currentBranch": branch, "fileStatus": files, "ahead": ahead, "behind": behind, "branchPublished": published]
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
