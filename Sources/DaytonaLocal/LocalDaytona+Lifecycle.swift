#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import DaytonaTesting
    import Foundation

    extension LocalDaytona {
        func registerRoutes() {
            registerLifecycleRoutes()
            registerFileRoutes()
            registerProcessRoutes()
            registerGitRoutes()
            registerLSPRoutes()
        }

        // MARK: Lifecycle

        private func registerLifecycleRoutes() {
            stub.on(.post, "/workspace") { [unowned self] request in create(request) }
            stub.on(.get, "/workspace") { [unowned self] _ in
                let now = Date()
                let records = state.withLock { Array($0.workspaces.values) }.sorted { $0.created < $1.created }
                return Self.json(records.map { Self.workspaceJSON($0, now: now) })
            }
            stub.on(.get, "/workspace/{id}") { [unowned self] request in
                withWorkspace(request) { record in Self.json(Self.workspaceJSON(record, now: Date())) }
            }
            stub.on(.delete, "/workspace/{id}") { [unowned self] request in
                let id = Self.segment(request, 1)
                guard state.withLock({ $0.workspaces.removeValue(forKey: id) }) != nil else { return Self.notFound(id) }
                try? FileManager.default.removeItem(at: directory(ofWorkspace: id))
                return .empty()
            }
            stub.on(.post, "/workspace/{id}/start") { [unowned self] request in
                transition(request, to: "started", from: ["stopped", "archiving", "archived", "started"])
            }
            stub.on(.post, "/workspace/{id}/stop") { [unowned self] request in
                transition(request, to: "stopped", from: ["started", "stopped"])
            }
            stub.on(.post, "/workspace/{id}/archive") { [unowned self] request in transition(request, to: "archived", from: ["stopped"]) }
            stub.on(.put, "/workspace/{id}/labels") { [unowned self] request in
                guard case .object(let body)? = try? JSONDecoder().decode(JSONValue.self, from: request.body),
                    case .object(let labels)? = body["labels"]
                else {
                    return .apiError(400, message: "labels must be an object of strings")
                }
                let strings = labels.compactMapValues { if case .string(let text) = $0 { return text } else { return nil } }
                return update(request) { $0.labels = strings } ?? Self.json(["labels": strings])
            }
            stub.on(.post, "/workspace/{id}/autostop/{interval}") { [unowned self] request in
                guard let minutes = Int(Self.segment(request, 3)), minutes >= 0 else {
                    return .apiError(400, message: "interval must be a non-negative integer")
                }
                return update(request) { $0.autoStopInterval = minutes } ?? .empty(status: 201)
            }
            stub.on(.post, "/workspace/{id}/public/{flag}") { [unowned self] request in
                let flag = Self.segment(request, 3).lowercased() == "true"
                return update(request) { $0.isPublic = flag } ?? .empty(status: 201)
            }
            stub.on(.post, "/workspace/{id}/snapshot") { [unowned self] request in
                let stamp = ISO8601DateFormatter().string(from: Date())
                return update(request) {
                    $0.snapshotState = "Completed"
                    $0.snapshotCreatedAt = stamp
                } ?? .empty(status: 201)
            }
            stub.on(.post, "/workspace/{id}/resize") { [unowned self] request in
                let body = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] ?? [:]
                return update(request) { record in
                    if let cpu = body["cpu"] as? Int { record.cpu = cpu }
                    if let gpu = body["gpu"] as? Int { record.gpu = gpu }
                    if let memory = body["memory"] as? Int { record.memory = memory }
                } ?? .empty(status: 201)
            }
            stub.on(.get, "/toolbox/{id}/toolbox/project-dir") { [unowned self] request in
                withWorkspace(request) { _ in Self.json(["dir": Self.home]) }
            }
        }

        private func create(_ request: RecordedRequest) -> StubResponse {
            guard case .object(let body)? = try? JSONDecoder().decode(JSONValue.self, from: request.body) else {
                return .apiError(400, message: "The body must be a JSON object")
            }
            func string(_ key: String) -> String? { if case .string(let text)? = body[key] { return text } else { return nil } }
            func int(_ key: String) -> Int? { if case .number(let number)? = body[key] { return Int(number) } else { return nil } }
            func map(_ key: String) -> [String: String] {
                guard case .object(let object)? = body[key] else { return [:] }
                return object.compactMapValues { if case .string(let text) = $0 { return text } else { return nil } }
            }
            let id = string("id") ?? "sandbox-\(UUID().uuidString.prefix(8).lowercased())"
            let now = Date()
            var isPublic = false
            if case .bool(let flag)? = body["public"] { isPublic = flag }
            let record = WorkspaceRecord(
                id: id, name: string("name") ?? id, image: string("image") ?? "local", user: string("user") ?? "daytona", env: map("env"),
                labels: map("labels"), isPublic: isPublic, target: string("target") ?? "us", cpu: int("cpu") ?? 1, gpu: int("gpu") ?? 0,
                memory: int("memory") ?? 2, disk: int("disk") ?? 10, autoStopInterval: int("autoStopInterval") ?? 15,
                created: now, desired: "started", transitionEnds: now + transitionDelay.timeInterval)
            let inserted = state.withLock { state -> Bool in
                guard state.workspaces[id] == nil else { return false }
                state.workspaces[id] = record
                return true
            }
            guard inserted else { return .apiError(409, message: "Workspace with ID \(id) already exists") }
            do {
                try FileManager.default.createDirectory(
                    at: directory(ofWorkspace: id).appendingPathComponent(String(Self.home.dropFirst())), withIntermediateDirectories: true)
            } catch {
                _ = state.withLock { $0.workspaces.removeValue(forKey: id) }
                return .apiError(500, message: "Could not create the workspace directory")
            }
            return Self.json(Self.workspaceJSON(record, now: now))
        }

        private func transition(_ request: RecordedRequest, to desired: String, from allowed: Set<String>) -> StubResponse {
            let id = Self.segment(request, 1)
            let now = Date()
            let delay = transitionDelay.timeInterval
            let outcome = state.withLock { state -> String? in
                guard var record = state.workspaces[id] else { return "missing" }
                let current = record.state(at: now)
                guard allowed.contains(current) else { return current }
                if current != desired {
                    record.restarted = record.restarted || desired == "started"
                    record.desired = desired
                    record.transitionEnds = now + delay
                    state.workspaces[id] = record
                }
                return nil
            }
            switch outcome {
            case nil: return .empty()
            case "missing": return Self.notFound(id)
            case let current?: return .apiError(400, message: "Workspace \(id) is \(current); it cannot go to \(desired) from there")
            }
        }

        private func update(_ request: RecordedRequest, _ change: (inout WorkspaceRecord) -> Void) -> StubResponse? {
            let id = Self.segment(request, 1)
            let found = state.withLock { state -> Bool in
                guard var record = state.workspaces[id] else { return false }
                change(&record)
                state.workspaces[id] = record
                return true
            }
            return found ? nil : Self.notFound(id)
        }

        /// Runs `body` with the workspace named in the path, or answers 404.
        func withWorkspace(_ request: RecordedRequest, _ body: (WorkspaceRecord) -> StubResponse) -> StubResponse {
            let id = Self.segment(request, 1)
            guard let record = state.withLock({ $0.workspaces[id] }) else { return Self.notFound(id) }
            return body(record)
        }

        // MARK: JSON

        static func workspaceJSON(_ record: WorkspaceRecord, now: Date) -> [String: Any] {
            let state = record.state(at: now)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let metadata: [String: Any] = [
                "state": state, "nodeDomain": "localhost", "region": record.target, "class": "small",
                "updatedAt": formatter.string(from: now), "lastSnapshot": record.snapshotCreatedAt ?? NSNull(), "cpu": record.cpu,
                "gpu": record.gpu, "memory": record.memory, "disk": record.disk, "autoStopInterval": record.autoStopInterval,
            ]
            let metadataText = (try? JSONSerialization.data(withJSONObject: metadata, options: [.sortedKeys])).map {
                String(decoding: $0, as: UTF8.self)
            }
            var json: [String: Any] = [
                "id": record.id, "name": record.name, "image": record.image, "user": record.user, "env": record.env,
                "labels": record.labels, "public": record.isPublic, "target": record.target,
                "info": ["created": formatter.string(from: record.created), "name": record.name, "providerMetadata": metadataText ?? "{}"],
                "cpu": record.cpu, "gpu": record.gpu, "memory": record.memory, "disk": record.disk, "state": state,
                "snapshotState": record.snapshotState, "autoStopInterval": record.autoStopInterval,
            ]
            if let snapshot = record.snapshotCreatedAt { json["snapshotCreatedAt"] = snapshot }
            return json
        }

        static func json(_ object: Any, status: Int = 200) -> StubResponse {
            guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed]) else {
                return .apiError(500, message: "Could not encode the answer")
            }
            return .answer(status: status, headers: ["Content-Type": "application/json"], body: data)
        }

        static func notFound(_ id: String) -> StubResponse {
            .apiError(404, message: "Workspace with ID \(id) not found")
        }

        /// The `index`th path segment, percent-decoded (`/workspace/{id}` has the ID at 1).
        static func segment(_ request: RecordedRequest, _ index: Int) -> String {
            let segments = request.path.split(separator: "/", omittingEmptySubsequences: true)
            guard index < segments.count else { return "" }
            return String(segments[index]).removingPercentEncoding ?? String(segments[index])
        }

        /// The query's values, percent-decoded.
        static func query(_ request: RecordedRequest) -> [String: String] {
            var values: [String: String] = [:]
            for pair in (request.query ?? "").split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let key = String(parts[0])
                let value = parts.count > 1 ? String(parts[1]) : ""
                values[key] = value.removingPercentEncoding ?? value
            }
            return values
        }
    }

    extension Duration {
        var timeInterval: TimeInterval {
            Double(components.seconds) + Double(components.attoseconds) / 1e18
        }
    }

#endif
