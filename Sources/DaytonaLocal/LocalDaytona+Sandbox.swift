#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import Foundation

    /// Today's control plane (WIRE-current §2): `/config`, `/sandbox…`, `/snapshots…` and
    /// `/volumes…`, over the same sandbox records as the 0.14 `/workspace` routes. Errors have
    /// the NestJS shape `{"path", "timestamp", "statusCode", "error", "message"}`.
    extension LocalDaytona {
        /// The snapshot a sandbox is made from when its create request names none.
        static let defaultSnapshot = "daytona-local"

        func registerCurrentRoutes() {
            router.on(.get, "/config") { [unowned self] _ in .json(configurationAnswer()) }
            registerSandboxRoutes()
            registerSandboxSettingRoutes()
            registerPreviewRoutes()
            registerSnapshotRoutes()
            registerVolumeRoutes()
        }

        // MARK: Sandboxes

        private func registerSandboxRoutes() {
            router.on(.get, "/sandbox") { [unowned self] request in listSandboxes(request) }
            router.on(.post, "/sandbox") { [unowned self] request in createSandbox(request) }
            router.on(.get, "/sandbox/{idOrName}") { [unowned self] request in
                withCurrentSandbox(request) { record in .json(dto(record, now: Date())) }
            }
            router.on(.delete, "/sandbox/{idOrName}") { [unowned self] request in
                withCurrentSandbox(request) { record in
                    var answer = dto(record, now: Date())
                    answer.state = SandboxState.destroying.rawValue
                    answer.desiredState = SandboxState.destroyed.rawValue
                    destroy(record.id)
                    return .json(answer)
                }
            }
            router.on(.post, "/sandbox/{idOrName}/start") { [unowned self] request in
                move(request, to: "started", from: ["stopped", "archiving", "archived", "started"])
            }
            router.on(.post, "/sandbox/{idOrName}/stop") { [unowned self] request in
                if let force = request.query["force"], force != "true", force != "false" {
                    return .nestError(400, message: "Validation failed (boolean string is expected)", request: request)
                }
                return move(request, to: "stopped", from: ["started", "stopped"])
            }
            router.on(.post, "/sandbox/{idOrName}/archive") { [unowned self] request in
                move(request, to: "archived", from: ["stopped", "archived"])
            }
            router.on(.post, "/sandbox/{idOrName}/recover") { [unowned self] request in
                withCurrentSandbox(request) { record in
                    let state = record.state(at: Date())
                    guard state == SandboxState.error.rawValue else {
                        return .nestError(400, message: "Sandbox \(record.id) is \(state), not in an error state", request: request)
                    }
                    return move(request, to: "started", from: [state])
                }
            }
            router.on(.get, "/sandbox/{idOrName}/toolbox-proxy-url") { [unowned self] request in
                withCurrentSandbox(request) { _ in .json(Current.URLAnswer(url: toolboxProxyURL)) }
            }
            router.on(.post, "/sandbox/{idOrName}/snapshot") { [unowned self] request in
                withCurrentSandbox(request) { record in
                    guard let name = request.decodeBody(NameBody.self)?.name?.trimmingCharacters(in: .whitespaces), !name.isEmpty else {
                        return .nestError(400, message: "name must be a non-empty string", request: request)
                    }
                    let now = Date()
                    let snapshot = SnapshotRecord(
                        id: UUID().uuidString.lowercased(), name: name, imageName: record.image, state: "active", created: now,
                        updated: now, sourceSandboxID: record.id)
                    let delay = transitionDelay.timeInterval
                    let updated = state.withLock { state -> WorkspaceRecord? in
                        guard !state.snapshots.values.contains(where: { $0.name == name }), var current = state.sandboxes[record.id]
                        else { return nil }
                        state.snapshots[snapshot.id] = snapshot
                        current.busy = (SandboxState.snapshotting.rawValue, now + delay)
                        state.sandboxes[record.id] = current
                        return current
                    }
                    guard let updated else {
                        return .nestError(409, message: "Snapshot with name \(name) already exists", request: request)
                    }
                    return .json(dto(updated, now: now))
                }
            }
        }

        private func listSandboxes(_ request: LocalRequest) -> LocalResponse {
            let query = request.query
            let limit = query["limit"].map { Int($0) } ?? 100
            guard let limit, (1...200).contains(limit) else {
                return .nestError(400, message: "limit must not be less than 1, limit must not be greater than 200", request: request)
            }
            let offset = query["cursor"].map { Int($0) } ?? 0
            guard let offset, offset >= 0 else { return .nestError(400, message: "Invalid cursor", request: request) }
            var labels: [String: String] = [:]
            if let text = query["labels"] {
                guard let decoded = try? JSONCoding.decoder.decode([String: String].self, from: Data(text.utf8)) else {
                    return .nestError(400, message: "labels must be a JSON object of strings", request: request)
                }
                labels = decoded
            }
            let states = Set(request.queryValues("states"))
            let idPrefix = query["id"]?.lowercased()
            let namePrefix = query["name"]?.lowercased()
            let now = Date()
            let matching = state.withLock { Array($0.sandboxes.values) }
                .filter { record in
                    labels.allSatisfy { record.labels[$0.key] == $0.value }
                        && (states.isEmpty || states.contains(record.state(at: now)))
                        && (idPrefix.map { record.id.lowercased().hasPrefix($0) } ?? true)
                        && (namePrefix.map { record.name.lowercased().hasPrefix($0) } ?? true)
                }
                .sorted { ($0.created, $0.id) < ($1.created, $1.id) }
            let page = matching.dropFirst(offset).prefix(limit)
            let next = offset + page.count < matching.count ? String(offset + page.count) : nil
            let items = page.map { record -> Current.Sandbox in
                var item = dto(record, now: now)
                // List items leave out what only a single sandbox's answer has.
                item.env = nil
                item.volumes = nil
                item.backupCreatedAt = nil
                return item
            }
            return .json(Current.SandboxPage(items: items, nextCursor: next))
        }

        private func createSandbox(_ request: LocalRequest) -> LocalResponse {
            guard request.jsonObject != nil, let body = request.decodeBody(CreateSandboxBody.self) else {
                return .nestError(400, message: "The body must be a JSON object", request: request)
            }
            let image = body.buildInfo?.dockerfileContent.flatMap(Self.baseImage)
            if body.buildInfo != nil, body.snapshot != nil {
                return .nestError(400, message: "Cannot specify a snapshot when using a build info entry", request: request)
            }
            if body.buildInfo == nil, body.cpu != nil || body.gpu != nil || body.memory != nil || body.disk != nil {
                return .nestError(400, message: "Cannot specify Sandbox resources when using a snapshot", request: request)
            }
            let id = UUID().uuidString.lowercased()
            let name = body.name.flatMap { $0.isEmpty ? nil : $0 } ?? id
            let snapshot = body.buildInfo == nil ? body.snapshot ?? Self.defaultSnapshot : nil
            let now = Date()
            var record = WorkspaceRecord(
                id: id, name: name, image: image ?? snapshot ?? "local", user: body.user ?? "daytona", env: body.env ?? [:],
                labels: body.labels ?? [:], isPublic: body.public ?? false, target: body.target ?? "us", cpu: body.cpu ?? 1,
                gpu: body.gpu ?? 0, memory: body.memory ?? 1, disk: body.disk ?? 3, autoStopInterval: body.autoStopInterval ?? 15,
                created: now, desired: "started", transitionEnds: now + transitionDelay.timeInterval)
            record.snapshot = snapshot
            record.autoPauseInterval = body.autoPauseInterval ?? 0
            record.autoArchiveInterval = body.autoArchiveInterval ?? record.autoArchiveInterval
            record.autoDeleteInterval = body.autoDeleteInterval ?? -1
            record.networkBlockAll = body.networkBlockAll ?? false
            record.networkAllowList = body.networkAllowList
            let refusal = state.withLock { state -> String? in
                if state.sandbox(idOrName: name) != nil { return "Sandbox with name \(name) already exists" }
                var mounts: [SandboxVolume] = []
                for mount in body.volumes ?? [] {
                    let given = mount.volumeId ?? ""
                    guard let volume = state.volumes[given] ?? state.volumes.values.first(where: { $0.name == given }) else {
                        return "Volume \(given) not found"
                    }
                    mounts.append(SandboxVolume(volumeID: volume.id, mountPath: mount.mountPath ?? "", subpath: mount.subpath))
                }
                record.volumes = mounts
                state.sandboxes[id] = record
                return nil
            }
            if let refusal {
                return .nestError(refusal.hasSuffix("already exists") ? 409 : 404, message: refusal, request: request)
            }
            do {
                try FileManager.default.createDirectory(
                    at: directory(ofWorkspace: id).appendingPathComponent(String(Self.home.dropFirst())), withIntermediateDirectories: true)
            } catch {
                _ = state.withLock { $0.sandboxes.removeValue(forKey: id) }
                return .nestError(500, message: "Could not create the sandbox directory", request: request)
            }
            return .json(dto(record, now: now))
        }

        /// `X` of a Dockerfile that starts `FROM X`.
        private static func baseImage(_ dockerfile: String) -> String? {
            let first = dockerfile.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            let words = first.split(separator: " ")
            guard words.count >= 2, words[0].uppercased() == "FROM" else { return nil }
            return String(words[1])
        }

        /// Moves the sandbox of the path toward `desired` when its state allows it, and answers
        /// its DTO.
        private func move(_ request: LocalRequest, to desired: String, from allowed: Set<String>) -> LocalResponse {
            withCurrentSandbox(request) { record in
                let now = Date()
                let delay = transitionDelay.timeInterval
                var stopping = false
                let outcome = state.withLock { state -> Result<WorkspaceRecord, TransitionRefusal> in
                    guard var current = state.sandboxes[record.id] else { return .failure(.missing) }
                    let currentState = current.state(at: now)
                    guard allowed.contains(currentState) else { return .failure(.refused(currentState)) }
                    if currentState != desired {
                        current.restarted = current.restarted || desired == "started"
                        stopping = desired != "started"
                        current.desired = desired
                        current.transitionEnds = now + delay
                        current.busy = nil
                        state.sandboxes[record.id] = current
                    }
                    return .success(current)
                }
                // A stopped (or archived) sandbox runs nothing.
                if stopping { endProcesses(of: record.id) }
                switch outcome {
                case .success(let updated): return .json(dto(updated, now: now))
                case .failure(.missing): return Self.sandboxNotFound(request.segment(1), request)
                case .failure(.refused(let current)):
                    return .nestError(
                        400, message: "Sandbox \(record.id) is \(current); it cannot go to \(desired) from there", request: request)
                }
            }
        }

        private enum TransitionRefusal: Error {
            case missing
            case refused(String)
        }

        // MARK: Settings

        private func registerSandboxSettingRoutes() {
            router.on(.put, "/sandbox/{idOrName}/labels") { [unowned self] request in
                guard case .object(let given)? = request.jsonObject?["labels"] else {
                    return .nestError(400, message: "labels must be an object of strings", request: request)
                }
                var labels: [String: String] = [:]
                for (key, value) in given {
                    guard case .string(let text) = value else {
                        return .nestError(400, message: "labels must be an object of strings", request: request)
                    }
                    labels[key] = text
                }
                return change(request) {
                    $0.labels = labels
                } answer: { _ in
                    .json(Current.Labels(labels: labels))
                }
            }
            router.on(.post, "/sandbox/{idOrName}/public/{isPublic}") { [unowned self] request in
                // As the server's validation pipe converts it: only the literal `true` is true.
                let flag = request.segment(3) == "true"
                return change(request) { $0.isPublic = flag }
            }
            for route in ["autostop", "autopause", "autoarchive", "autodelete"] {
                router.on(.post, "/sandbox/{idOrName}/\(route)/{interval}") { [unowned self] request in
                    guard let minutes = Double(request.segment(3)), minutes.isFinite, abs(minutes) < 1e9 else {
                        return .nestError(400, message: "Validation failed (numeric string is expected)", request: request)
                    }
                    guard minutes >= 0 || route == "autodelete" else {
                        return .nestError(400, message: "The interval must not be negative", request: request)
                    }
                    let whole = Int(minutes.rounded(.down))
                    return change(request) { record in
                        switch route {
                        case "autostop": record.autoStopInterval = whole
                        case "autopause": record.autoPauseInterval = whole
                        case "autoarchive": record.autoArchiveInterval = whole
                        default: record.autoDeleteInterval = whole
                        }
                    }
                }
            }
            router.on(.post, "/sandbox/{idOrName}/resize") { [unowned self] request in
                let body = request.decodeBody(ResizeBody.self) ?? ResizeBody()
                guard body.cpu != nil || body.memory != nil || body.disk != nil else {
                    return .nestError(400, message: "At least one of cpu, memory or disk is required", request: request)
                }
                guard [body.cpu, body.memory, body.disk].allSatisfy({ ($0 ?? 1) >= 1 }) else {
                    return .nestError(400, message: "cpu, memory and disk must be at least 1", request: request)
                }
                return withCurrentSandbox(request) { record in
                    let now = Date()
                    if let disk = body.disk, disk != record.disk {
                        guard disk > record.disk else {
                            return .nestError(400, message: "Disk size can only be increased", request: request)
                        }
                        guard record.state(at: now) == "stopped" else {
                            return .nestError(400, message: "Disk can only be resized while the sandbox is stopped", request: request)
                        }
                    }
                    let delay = transitionDelay.timeInterval
                    return change(request) { record in
                        if let cpu = body.cpu { record.cpu = cpu }
                        if let memory = body.memory { record.memory = memory }
                        if let disk = body.disk { record.disk = disk }
                        record.busy = (SandboxState.resizing.rawValue, now + delay)
                    }
                }
            }
        }

        /// Changes the record of the path's sandbox and answers its DTO (or `answer`'s answer).
        private func change(
            _ request: LocalRequest, _ edit: (inout WorkspaceRecord) -> Void,
            answer: ((WorkspaceRecord) -> LocalResponse)? = nil
        ) -> LocalResponse {
            let idOrName = request.segment(1)
            let updated = state.withLock { state -> WorkspaceRecord? in
                guard var record = state.sandbox(idOrName: idOrName) else { return nil }
                edit(&record)
                state.sandboxes[record.id] = record
                return record
            }
            guard let updated else { return Self.sandboxNotFound(idOrName, request) }
            return answer?(updated) ?? .json(dto(updated, now: Date()))
        }

        // MARK: Previews

        private func registerPreviewRoutes() {
            router.on(.get, "/sandbox/{idOrName}/ports/{port}/preview-url") { [unowned self] request in
                withPort(request) { record, port in
                    var answer = Current.PreviewURL()
                    answer.sandboxId = record.id
                    answer.url = Self.previewURL(port: port)
                    answer.token = record.previewToken
                    return .json(answer)
                }
            }
            router.on(.get, "/sandbox/{idOrName}/ports/{port}/signed-preview-url") { [unowned self] request in
                withPort(request) { record, port in
                    let seconds = request.query["expiresInSeconds"].map { Int($0) } ?? 60
                    guard let seconds, seconds > 0 else {
                        return .nestError(400, message: "expiresInSeconds must be a positive integer", request: request)
                    }
                    let token = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
                    state.withLock { $0.signedPreviews[token] = (record.id, port, Date() + TimeInterval(seconds)) }
                    var answer = Current.PreviewURL()
                    answer.sandboxId = record.id
                    answer.port = port
                    answer.token = token
                    answer.url = Self.previewURL(port: port) + "/?DAYTONA_SANDBOX_AUTH_KEY=" + token
                    return .json(answer)
                }
            }
            router.on(.post, "/sandbox/{idOrName}/ports/{port}/signed-preview-url/{token}/expire") { [unowned self] request in
                withPort(request) { record, port in
                    let token = request.segment(5)
                    let removed = state.withLock { state -> Bool in
                        guard let signed = state.signedPreviews[token], signed.sandbox == record.id, signed.port == port else {
                            return false
                        }
                        state.signedPreviews[token] = nil
                        return true
                    }
                    return removed ? .empty() : .nestError(404, message: "Signed preview URL token not found", request: request)
                }
            }
        }

        /// Where a port of a sandbox answers: commands run on this machine, so a server a
        /// sandbox starts listens on this machine's loopback interface.
        private static func previewURL(port: Int) -> String { "http://localhost:\(port)" }

        private func withPort(_ request: LocalRequest, _ body: (WorkspaceRecord, Int) -> LocalResponse) -> LocalResponse {
            guard let port = Int(request.segment(3)), (1...65535).contains(port) else {
                return .nestError(400, message: "port must be an integer between 1 and 65535", request: request)
            }
            return withCurrentSandbox(request) { body($0, port) }
        }

        // MARK: Snapshots

        private func registerSnapshotRoutes() {
            router.on(.get, "/snapshots") { [unowned self] request in
                let query = request.query
                let page = query["page"].map { Int($0) } ?? 1
                let limit = query["limit"].map { Int($0) } ?? 100
                guard let page, page >= 1, let limit, (1...200).contains(limit) else {
                    return .nestError(400, message: "page must be at least 1 and limit between 1 and 200", request: request)
                }
                let name = query["name"]?.lowercased()
                let all = state.withLock { Array($0.snapshots.values) }
                    .filter { snapshot in name.map { snapshot.name.lowercased().contains($0) } ?? true }
                    .sorted { ($0.created, $0.id) < ($1.created, $1.id) }
                let items = all.dropFirst((page - 1) * limit).prefix(limit).map(Self.snapshotDTO)
                return .json(
                    Current.SnapshotPage(items: Array(items), total: all.count, page: page, totalPages: (all.count + limit - 1) / limit))
            }
            router.on(.post, "/snapshots") { [unowned self] request in
                guard let body = request.decodeBody(CreateSnapshotBody.self), let name = body.name, !name.isEmpty else {
                    return .nestError(400, message: "name must be a non-empty string", request: request)
                }
                if let image = body.imageName, image.hasSuffix(":latest") {
                    return .nestError(400, message: "Images with tag latest are not allowed", request: request)
                }
                let now = Date()
                let snapshot = SnapshotRecord(
                    id: UUID().uuidString.lowercased(), name: name,
                    imageName: body.imageName ?? body.buildInfo?.dockerfileContent.flatMap(Self.baseImage), state: "active",
                    created: now, updated: now, sourceSandboxID: nil)
                let added = state.withLock { state -> Bool in
                    guard !state.snapshots.values.contains(where: { $0.name == name }) else { return false }
                    state.snapshots[snapshot.id] = snapshot
                    return true
                }
                guard added else { return .nestError(409, message: "Snapshot with name \(name) already exists", request: request) }
                return .json(Self.snapshotDTO(snapshot))
            }
            router.on(.get, "/snapshots/{idOrName}") { [unowned self] request in
                let key = request.segment(1)
                guard let snapshot = state.withLock({ $0.snapshots[key] ?? $0.snapshots.values.first { $0.name == key } }) else {
                    return .nestError(404, message: "Snapshot \(key) not found", request: request)
                }
                return .json(Self.snapshotDTO(snapshot))
            }
            router.on(.delete, "/snapshots/{id}") { [unowned self] request in
                let id = request.segment(1)
                guard state.withLock({ $0.snapshots.removeValue(forKey: id) }) != nil else {
                    return .nestError(404, message: "Snapshot \(id) not found", request: request)
                }
                return .empty()
            }
            router.on(.post, "/snapshots/{id}/activate") { [unowned self] request in
                setSnapshotState(request, to: "active", from: "inactive")
            }
            router.on(.post, "/snapshots/{id}/deactivate") { [unowned self] request in
                setSnapshotState(request, to: "inactive", from: "active")
            }
        }

        private func setSnapshotState(_ request: LocalRequest, to target: String, from required: String) -> LocalResponse {
            let id = request.segment(1)
            let outcome = state.withLock { state -> Result<SnapshotRecord, TransitionRefusal> in
                guard var snapshot = state.snapshots[id] else { return .failure(.missing) }
                guard snapshot.state == required else { return .failure(.refused(snapshot.state)) }
                snapshot.state = target
                snapshot.updated = Date()
                state.snapshots[id] = snapshot
                return .success(snapshot)
            }
            switch outcome {
            case .success(let snapshot): return target == "active" ? .json(Self.snapshotDTO(snapshot)) : .empty(status: 204)
            case .failure(.missing): return .nestError(404, message: "Snapshot \(id) not found", request: request)
            case .failure(.refused(let current)):
                return .nestError(400, message: "Snapshot \(id) is \(current), not \(required)", request: request)
            }
        }

        private static func snapshotDTO(_ record: SnapshotRecord) -> Current.Snapshot {
            var snapshot = Current.Snapshot()
            snapshot.id = record.id
            snapshot.organizationId = "local"
            snapshot.general = false
            snapshot.name = record.name
            snapshot.imageName = record.imageName
            snapshot.state = record.state
            (snapshot.cpu, snapshot.gpu, snapshot.mem, snapshot.disk) = (1, 0, 1, 3)
            snapshot.createdAt = LocalResponse.timestamp(record.created)
            snapshot.updatedAt = LocalResponse.timestamp(record.updated)
            snapshot.sourceSandboxId = record.sourceSandboxID
            snapshot.regionIds = ["us"]
            return snapshot
        }

        // MARK: Volumes

        private func registerVolumeRoutes() {
            router.on(.get, "/volumes") { [unowned self] _ in
                let volumes = state.withLock { Array($0.volumes.values) }.sorted { ($0.created, $0.id) < ($1.created, $1.id) }
                return .json(volumes.map(Self.volumeDTO))
            }
            router.on(.post, "/volumes") { [unowned self] request in
                guard let name = request.decodeBody(NameBody.self)?.name, !name.isEmpty else {
                    return .nestError(400, message: "name must be a non-empty string", request: request)
                }
                let now = Date()
                let volume = VolumeRecord(id: UUID().uuidString.lowercased(), name: name, state: "ready", created: now, updated: now)
                let added = state.withLock { state -> Bool in
                    guard !state.volumes.values.contains(where: { $0.name == name }) else { return false }
                    state.volumes[volume.id] = volume
                    return true
                }
                guard added else { return .nestError(409, message: "Volume with name \(name) already exists", request: request) }
                return .json(Self.volumeDTO(volume))
            }
            router.on(.get, "/volumes/{id}") { [unowned self] request in
                let id = request.segment(1)
                guard let volume = state.withLock({ $0.volumes[id] }) else {
                    return .nestError(404, message: "Volume with ID \(id) not found", request: request)
                }
                return .json(Self.volumeDTO(volume))
            }
            router.on(.get, "/volumes/by-name/{name}") { [unowned self] request in
                let name = request.segment(2)
                guard let volume = state.withLock({ $0.volumes.values.first { $0.name == name } }) else {
                    return .nestError(404, message: "Volume with name \(name) not found", request: request)
                }
                return .json(Self.volumeDTO(volume))
            }
            router.on(.delete, "/volumes/{id}") { [unowned self] request in
                let id = request.segment(1)
                let outcome = state.withLock { state -> Int in
                    guard state.volumes[id] != nil else { return 404 }
                    if state.sandboxes.values.contains(where: { $0.volumes.contains { $0.volumeID == id } }) { return 409 }
                    state.volumes[id] = nil
                    return 200
                }
                switch outcome {
                case 404: return .nestError(404, message: "Volume with ID \(id) not found", request: request)
                case 409: return .nestError(409, message: "Volume \(id) is in use by a sandbox", request: request)
                default: return .empty()
                }
            }
        }

        private static func volumeDTO(_ record: VolumeRecord) -> Current.Volume {
            var volume = Current.Volume()
            volume.id = record.id
            volume.name = record.name
            volume.organizationId = "local"
            volume.state = record.state
            volume.createdAt = LocalResponse.timestamp(record.created)
            volume.updatedAt = LocalResponse.timestamp(record.updated)
            return volume
        }

        // MARK: Records and answers

        /// Runs `body` with the sandbox the path names by ID or name, or answers 404.
        func withCurrentSandbox(_ request: LocalRequest, _ body: (WorkspaceRecord) -> LocalResponse) -> LocalResponse {
            let idOrName = request.segment(1)
            guard let record = state.withLock({ $0.sandbox(idOrName: idOrName) }) else { return Self.sandboxNotFound(idOrName, request) }
            return body(record)
        }

        static func sandboxNotFound(_ idOrName: String, _ request: LocalRequest) -> LocalResponse {
            .nestError(404, message: "Sandbox with ID or name \(idOrName) not found", request: request)
        }

        /// Forgets a sandbox: its record, processes, directory and sessions' files.
        func destroy(_ id: String) {
            state.withLock { state in
                state.sandboxes[id] = nil
                state.signedPreviews = state.signedPreviews.filter { $0.value.sandbox != id }
            }
            endProcesses(of: id)
            try? FileManager.default.removeItem(at: directory(ofWorkspace: id))
            try? FileManager.default.removeItem(
                at: rootDirectory.appendingPathComponent(".sessions").appendingPathComponent(Self.safeName(id)))
        }

        /// The sandbox as today's server sends it.
        func dto(_ record: WorkspaceRecord, now: Date) -> Current.Sandbox {
            var info = Self.info(record, now: now)
            info.organizationID = "local"
            info.snapshot = record.snapshot
            info.desiredState = SandboxState(rawValue: record.desired)
            info.recoverable = false
            info.autoPauseInterval = .seconds(60 * record.autoPauseInterval)
            info.autoArchiveInterval = .seconds(60 * record.autoArchiveInterval)
            info.autoDeleteInterval = .seconds(60 * record.autoDeleteInterval)
            info.lastActivityAt = info.updatedAt
            info.daemonVersion = "local"
            info.networkBlockAll = record.networkBlockAll
            info.networkAllowList = record.networkAllowList
            info.toolboxProxyURL = toolboxProxyURL
            info.volumes = record.volumes
            var sandbox = Current.Sandbox(info)
            sandbox.sandboxClass = "container"
            return sandbox
        }

        private func configurationAnswer() -> ServerConfiguration {
            ServerConfiguration(
                version: "local", defaultSnapshot: Self.defaultSnapshot, proxyToolboxUrl: toolboxProxyURL,
                proxyTemplateUrl: "http://localhost:{{PORT}}", dashboardUrl: serverURL.absoluteString, maxAutoArchiveInterval: 43200,
                maintananceMode: false, environment: "local", linkedAccountsEnabled: false, announcements: [:],
                oidc: .init(issuer: serverURL.absoluteString, clientId: "local", audience: "local"))
        }

        // MARK: Wire

        /// `DaytonaConfiguration` (`GET /config`), the keys a client may read.
        private struct ServerConfiguration: Encodable {
            var version: String
            var defaultSnapshot: String
            var proxyToolboxUrl: String
            var proxyTemplateUrl: String
            var dashboardUrl: String
            var maxAutoArchiveInterval: Int
            var maintananceMode: Bool
            var environment: String
            var linkedAccountsEnabled: Bool
            var announcements: [String: String]
            var oidc: OIDC

            struct OIDC: Encodable {
                var issuer: String
                var clientId: String
                var audience: String
            }
        }

        /// `CreateSandbox`, read leniently (every key is optional).
        private struct CreateSandboxBody: Decodable {
            @Lenient var name: String? = nil
            @Lenient var snapshot: String? = nil
            @Lenient var user: String? = nil
            @Lenient var env: [String: String]? = nil
            @Lenient var labels: [String: String]? = nil
            @Lenient var `public`: Bool? = nil
            @Lenient var target: String? = nil
            @Lenient var autoStopInterval: Int? = nil
            @Lenient var autoPauseInterval: Int? = nil
            @Lenient var autoArchiveInterval: Int? = nil
            @Lenient var autoDeleteInterval: Int? = nil
            @Lenient var volumes: [Current.Sandbox.Volume]? = nil
            @Lenient var networkBlockAll: Bool? = nil
            @Lenient var networkAllowList: String? = nil
            @Lenient var cpu: Double? = nil
            @Lenient var gpu: Double? = nil
            @Lenient var memory: Double? = nil
            @Lenient var disk: Double? = nil
            @Lenient var buildInfo: BuildInfo? = nil
        }

        /// `CreateBuildInfo`.
        private struct BuildInfo: LenientValue {
            @Lenient var dockerfileContent: String? = nil
        }

        /// `ResizeSandbox`.
        private struct ResizeBody: Decodable {
            @Lenient var cpu: Double? = nil
            @Lenient var memory: Double? = nil
            @Lenient var disk: Double? = nil
        }

        /// A body with a `name` (`CreateSandboxSnapshot`, `CreateVolume`).
        private struct NameBody: Decodable {
            @Lenient var name: String? = nil
        }

        /// `CreateSnapshot`.
        private struct CreateSnapshotBody: Decodable {
            @Lenient var name: String? = nil
            @Lenient var imageName: String? = nil
            @Lenient var buildInfo: BuildInfo? = nil
        }
    }

#endif
