#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import Foundation

    extension LocalDaytona {
        func registerRoutes() {
            registerLifecycleRoutes()
            registerFileRoutes()
            registerProcessRoutes()
            registerGitRoutes()
            registerLSPRoutes()
            registerCurrentRoutes()
            registerCurrentToolboxRoutes()
        }

        // MARK: Lifecycle

        private func registerLifecycleRoutes() {
            router.on(.post, "/workspace") { [unowned self] request in create(request) }
            router.on(.get, "/workspace") { [unowned self] _ in
                let now = Date()
                let records = state.withLock { Array($0.sandboxes.values) }.sorted { $0.created < $1.created }
                return .json(records.map { Self.sandbox($0, now: now) })
            }
            router.on(.get, "/workspace/{id}") { [unowned self] request in
                withSandbox(request) { record in .json(Self.sandbox(record, now: Date())) }
            }
            router.on(.delete, "/workspace/{id}") { [unowned self] request in
                let id = request.segment(1)
                guard state.withLock({ $0.sandboxes[id] }) != nil else { return Self.notFound(id) }
                destroy(id)
                return .empty()
            }
            router.on(.post, "/workspace/{id}/start") { [unowned self] request in
                transition(request, to: "started", from: ["stopped", "archiving", "archived", "started"])
            }
            router.on(.post, "/workspace/{id}/stop") { [unowned self] request in
                transition(request, to: "stopped", from: ["started", "stopped"])
            }
            router.on(.post, "/workspace/{id}/archive") { [unowned self] request in transition(request, to: "archived", from: ["stopped"]) }
            router.on(.put, "/workspace/{id}/labels") { [unowned self] request in
                guard case .object(let labels)? = request.jsonObject?["labels"] else {
                    return .apiError(400, message: "labels must be an object of strings")
                }
                let strings = labels.compactMapValues { if case .string(let text) = $0 { return text } else { return nil } }
                return update(request) { $0.labels = strings } ?? .json(Current.Labels(labels: strings))
            }
            router.on(.post, "/workspace/{id}/autostop/{interval}") { [unowned self] request in
                guard let minutes = Int(request.segment(3)), minutes >= 0 else {
                    return .apiError(400, message: "interval must be a non-negative integer")
                }
                return update(request) { $0.autoStopInterval = minutes } ?? .empty(status: 201)
            }
            router.on(.post, "/workspace/{id}/public/{flag}") { [unowned self] request in
                let flag = request.segment(3).lowercased() == "true"
                return update(request) { $0.isPublic = flag } ?? .empty(status: 201)
            }
            router.on(.post, "/workspace/{id}/snapshot") { [unowned self] request in
                let stamp = ISO8601DateFormatter().string(from: Date())
                return update(request) {
                    $0.snapshotState = "Completed"
                    $0.snapshotCreatedAt = stamp
                } ?? .empty(status: 201)
            }
            router.on(.post, "/workspace/{id}/resize") { [unowned self] request in
                let body = request.decodeBody(Resize.self) ?? Resize()
                return update(request) { record in
                    if let cpu = body.cpu { record.cpu = cpu }
                    if let gpu = body.gpu { record.gpu = gpu }
                    if let memory = body.memory { record.memory = memory }
                } ?? .empty(status: 201)
            }
            router.on(.get, "/toolbox/{id}/toolbox/project-dir") { [unowned self] request in
                withSandbox(request) { _ in .json(V014.ProjectDirectory(dir: Self.home)) }
            }
        }

        private func create(_ request: LocalRequest) -> LocalResponse {
            guard let body = request.decodeBody(CreateWorkspace.self) else {
                return .apiError(400, message: "The body must be a JSON object")
            }
            let id = body.id ?? "sandbox-\(UUID().uuidString.prefix(8).lowercased())"
            let now = Date()
            let record = WorkspaceRecord(
                id: id, name: body.name ?? id, image: body.image ?? "local", user: body.user ?? "daytona", env: body.env ?? [:],
                labels: body.labels ?? [:], isPublic: body.public ?? false, target: body.target ?? "us", cpu: body.cpu ?? 1,
                gpu: body.gpu ?? 0, memory: body.memory ?? 2, disk: body.disk ?? 10, autoStopInterval: body.autoStopInterval ?? 15,
                created: now, desired: "started", transitionEnds: now + transitionDelay.timeInterval)
            let inserted = state.withLock { state -> Bool in
                guard state.sandboxes[id] == nil else { return false }
                state.sandboxes[id] = record
                return true
            }
            guard inserted else { return .apiError(409, message: "Sandbox with ID \(id) already exists") }
            do {
                try FileManager.default.createDirectory(
                    at: directory(ofWorkspace: id).appendingPathComponent(String(Self.home.dropFirst())), withIntermediateDirectories: true)
            } catch {
                _ = state.withLock { $0.sandboxes.removeValue(forKey: id) }
                return .apiError(500, message: "Could not create the sandbox directory")
            }
            return .json(Self.sandbox(record, now: now))
        }

        private func transition(_ request: LocalRequest, to desired: String, from allowed: Set<String>) -> LocalResponse {
            let id = request.segment(1)
            let now = Date()
            let delay = transitionDelay.timeInterval
            let outcome = state.withLock { state -> String? in
                guard var record = state.sandboxes[id] else { return "missing" }
                let current = record.state(at: now)
                guard allowed.contains(current) else { return current }
                if current != desired {
                    record.restarted = record.restarted || desired == "started"
                    record.desired = desired
                    record.transitionEnds = now + delay
                    state.sandboxes[id] = record
                }
                return nil
            }
            switch outcome {
            case nil:
                // A stopped (or archived) sandbox runs nothing.
                if desired != "started" { endProcesses(of: id) }
                return .empty()
            case "missing": return Self.notFound(id)
            case let current?: return .apiError(400, message: "Sandbox \(id) is \(current); it cannot go to \(desired) from there")
            }
        }

        private func update(_ request: LocalRequest, _ change: (inout WorkspaceRecord) -> Void) -> LocalResponse? {
            let id = request.segment(1)
            let found = state.withLock { state -> Bool in
                guard var record = state.sandboxes[id] else { return false }
                change(&record)
                state.sandboxes[id] = record
                return true
            }
            return found ? nil : Self.notFound(id)
        }

        /// Runs `body` with the sandbox named in the path, or answers 404.
        func withSandbox(_ request: LocalRequest, _ body: (WorkspaceRecord) -> LocalResponse) -> LocalResponse {
            let id = request.segment(1)
            guard let record = state.withLock({ $0.sandboxes[id] }) else { return Self.notFound(id) }
            return body(record)
        }

        // MARK: Wire

        /// The body of `POST /workspace` (`CreateWorkspace`), read leniently.
        private struct CreateWorkspace: Decodable {
            @Lenient var id: String? = nil
            @Lenient var name: String? = nil
            @Lenient var image: String? = nil
            @Lenient var user: String? = nil
            @Lenient var env: [String: String]? = nil
            @Lenient var labels: [String: String]? = nil
            @Lenient var `public`: Bool? = nil
            @Lenient var target: String? = nil
            @Lenient var cpu: Double? = nil
            @Lenient var gpu: Double? = nil
            @Lenient var memory: Double? = nil
            @Lenient var disk: Double? = nil
            @Lenient var autoStopInterval: Int? = nil
        }

        /// The body of `POST /workspace/{id}/resize`.
        private struct Resize: Decodable {
            @Lenient var cpu: Double? = nil
            @Lenient var gpu: Double? = nil
            @Lenient var memory: Double? = nil
        }

        /// The sandbox as a 0.14 server sends it.
        static func sandbox(_ record: WorkspaceRecord, now: Date) -> V014.Workspace {
            V014.Workspace(info(record, now: now))
        }

        /// Everything the backend knows about a sandbox, at `now`.
        static func info(_ record: WorkspaceRecord, now: Date) -> SandboxInfo {
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return SandboxInfo(
                id: record.id, name: record.name, image: record.image, user: record.user, env: record.env, labels: record.labels,
                isPublic: record.isPublic, target: TargetRegion(rawValue: record.target),
                state: SandboxState(rawValue: record.state(at: now)), snapshotState: SnapshotState(rawValue: record.snapshotState),
                snapshotCreatedAt: record.snapshotCreatedAt,
                autoStopInterval: .seconds(60 * min(max(record.autoStopInterval, Int.min / 60), Int.max / 60)),
                resources: SandboxResources(cpu: record.cpu, gpu: record.gpu, memory: record.memory, disk: record.disk),
                created: formatter.string(from: record.created), nodeDomain: "localhost", region: record.target, className: "small",
                updatedAt: formatter.string(from: now), lastSnapshot: record.snapshotCreatedAt)
        }

        static func notFound(_ id: String) -> LocalResponse {
            .apiError(404, message: "Sandbox with ID \(id) not found")
        }
    }

    extension Duration {
        var timeInterval: TimeInterval {
            Double(components.seconds) + Double(components.attoseconds) / 1e18
        }
    }

#endif
