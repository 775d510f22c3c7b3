#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import DaytonaTesting
    import Foundation

    extension LocalDaytona {
        /// Language servers run on this machine, one per (workspace, language, project), speaking
        /// LSP over stdio: `sourcekit-lsp` (ships with Swift) for `swift`, `pylsp` or
        /// `pyright-langserver` for `python`, `typescript-language-server` for TypeScript and
        /// JavaScript, whichever is on `PATH`. Without one, LSP calls answer 501.
        func registerLSPRoutes() {
            let lsp = "/toolbox/{id}/toolbox/lsp"
            stub.on(.post, lsp + "/start") { [unowned self] request in
                withLSPRequest(request) { record, language, project, hostProject in
                    guard let command = LanguageServer.command(for: language) else {
                        return .apiError(501, message: "No language server for \(language) is installed on this machine")
                    }
                    let key = Self.serverKey(record.id, language, project)
                    if servers.withLock({ $0[key] }) != nil { return .empty() }
                    return .later { [self] in
                        do {
                            let server = try LanguageServer(command: command, directory: hostProject)
                            let root = JSONValue.string(hostProject.absoluteString)
                            _ = try await server.request(
                                "initialize",
                                .object([
                                    "processId": .null, "rootUri": root, "capabilities": .object([:]),
                                    "workspaceFolders": .array([.object(["uri": root, "name": .string(hostProject.lastPathComponent)])]),
                                ]))
                            server.notify("initialized", .object([:]))
                            servers.withLock { $0[key] = server }
                            return .empty()
                        } catch {
                            return .apiError(500, message: "The language server did not start: \(error)")
                        }
                    }
                }
            }
            stub.on(.post, lsp + "/stop") { [unowned self] request in
                withLSPRequest(request) { record, language, project, _ in
                    guard let server = servers.withLock({ $0.removeValue(forKey: Self.serverKey(record.id, language, project)) }) else {
                        return .apiError(400, message: "The language server is not running")
                    }
                    return .later {
                        await server.stop()
                        return .empty()
                    }
                }
            }
            stub.on(.post, lsp + "/did-open") { [unowned self] request in
                withDocument(request) { server, language, uri, file in
                    let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
                    server.notify(
                        "textDocument/didOpen",
                        .object([
                            "textDocument": .object([
                                "uri": .string(uri), "languageId": .string(language), "version": .number(1), "text": .string(text),
                            ])
                        ]))
                    return .empty()
                }
            }
            stub.on(.post, lsp + "/did-close") { [unowned self] request in
                withDocument(request) { server, _, uri, _ in
                    server.notify("textDocument/didClose", .object(["textDocument": .object(["uri": .string(uri)])]))
                    return .empty()
                }
            }
            stub.on(.get, lsp + "/document-symbols") { [unowned self] request in
                withDocument(request) { [self] server, _, uri, _ in
                    let id = Self.segment(request, 1)
                    return .later { [self] in
                        await Self.answer {
                            let result = try await server.request(
                                "textDocument/documentSymbol", .object(["textDocument": .object(["uri": .string(uri)])]))
                            return .array(symbols(result, documentURI: uri, workspace: id))
                        }
                    }
                }
            }
            stub.on(.get, lsp + "/workspace-symbols") { [unowned self] request in
                withLSPRequest(request) { record, language, project, _ in
                    guard let server = servers.withLock({ $0[Self.serverKey(record.id, language, project)] }) else {
                        return .apiError(400, message: "Start the language server first")
                    }
                    let query = Self.query(request)["query"] ?? ""
                    return .later { [self] in
                        await Self.answer {
                            let result = try await server.request("workspace/symbol", .object(["query": .string(query)]))
                            return .array(symbols(result, documentURI: nil, workspace: record.id))
                        }
                    }
                }
            }
            stub.on(.post, lsp + "/completions") { [unowned self] request in
                withDocument(request) { server, _, uri, _ in
                    let body = (try? JSONDecoder().decode(JSONValue.self, from: request.body)).flatMap {
                        if case .object(let o) = $0 { o } else { nil }
                    }
                    let position = body?["position"] ?? .object(["line": .number(0), "character": .number(0)])
                    return .later {
                        await Self.answer {
                            let result = try await server.request(
                                "textDocument/completion", .object(["textDocument": .object(["uri": .string(uri)]), "position": position]))
                            return Self.completionList(result)
                        }
                    }
                }
            }
        }

        static func serverKey(_ workspace: String, _ language: String, _ project: String) -> String {
            "\(workspace)\u{1}\(language)\u{1}\(project)"
        }

        static func answer(_ body: () async throws -> JSONValue) async -> StubResponse {
            do {
                let value = try await body()
                guard let data = try? JSONEncoder().encode(value) else { return .apiError(500, message: "Could not encode the answer") }
                return .answer(headers: ["Content-Type": "application/json"], body: data)
            } catch {
                return .apiError(500, message: "The language server failed: \(error)")
            }
        }

        /// Reads `languageId` and `pathToProject` (body or query) and the project's host path.
        private func withLSPRequest(
            _ request: RecordedRequest, _ body: (WorkspaceRecord, String, String, URL) -> StubResponse
        ) -> StubResponse {
            withWorkspace(request) { record in
                var fields = Self.query(request)
                if let object = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] {
                    for (key, value) in object { if let text = value as? String { fields[key] = text } }
                }
                guard let language = fields["languageId"], let project = fields["pathToProject"] else {
                    return .apiError(400, message: "languageId and pathToProject are required")
                }
                guard let hostProject = hostPath(project, workspace: record.id) else { return Self.escapes }
                return body(record, language, project, hostProject)
            }
        }

        /// As `withLSPRequest`, for calls about one document: the running server, the language, the
        /// document's host `file://` URI and its host path.
        private func withDocument(_ request: RecordedRequest, _ body: (LanguageServer, String, String, URL) -> StubResponse) -> StubResponse
        {
            withLSPRequest(request) { record, language, project, _ in
                guard let server = servers.withLock({ $0[Self.serverKey(record.id, language, project)] }) else {
                    return .apiError(400, message: "Start the language server first")
                }
                var uri = Self.query(request)["uri"]
                if let object = (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any],
                    let value = object["uri"] as? String
                {
                    uri = value
                }
                guard let uri, uri.hasPrefix("file://") else { return .apiError(400, message: "uri must be a file:// URI") }
                guard let file = hostPath(String(uri.dropFirst("file://".count)), workspace: record.id) else { return Self.escapes }
                return body(server, language, file.absoluteString, file)
            }
        }

        /// `DocumentSymbol[]` (flattened) or `SymbolInformation[]`, as the API's `LspSymbol[]`
        /// with sandbox URIs.
        private func symbols(_ result: JSONValue, documentURI: String?, workspace id: String) -> [JSONValue] {
            guard case .array(let items) = result else { return [] }
            var output: [JSONValue] = []
            func visit(_ item: JSONValue) {
                guard case .object(let symbol) = item else { return }
                var location: JSONValue = .null
                if case .object(let given)? = symbol["location"] {
                    var copy = given
                    if case .string(let uri)? = given["uri"] { copy["uri"] = .string(sandboxURI(uri, workspace: id)) }
                    location = .object(copy)
                } else if let range = symbol["range"], let documentURI {
                    location = .object(["uri": .string(sandboxURI(documentURI, workspace: id)), "range": range])
                }
                output.append(.object(["name": symbol["name"] ?? .string(""), "kind": symbol["kind"] ?? .number(0), "location": location]))
                if case .array(let children)? = symbol["children"] { children.forEach(visit) }
            }
            items.forEach(visit)
            return output
        }

        private func sandboxURI(_ hostURI: String, workspace id: String) -> String {
            guard let url = URL(string: hostURI), url.isFileURL else { return hostURI }
            return "file://" + sandboxPath(url, workspace: id)
        }

        /// `CompletionList` or `CompletionItem[]` as the API's `CompletionList`.
        static func completionList(_ result: JSONValue) -> JSONValue {
            var incomplete = false
            var items: [JSONValue] = []
            switch result {
            case .array(let list): items = list
            case .object(let object):
                if case .bool(let flag)? = object["isIncomplete"] { incomplete = flag }
                if case .array(let list)? = object["items"] { items = list }
            default: break
            }
            let keys = ["label", "kind", "detail", "documentation", "sortText", "filterText", "insertText"]
            let trimmed: [JSONValue] = items.map { item in
                guard case .object(let object) = item else { return item }
                return .object(object.filter { keys.contains($0.key) })
            }
            return .object(["isIncomplete": .bool(incomplete), "items": .array(trimmed)])
        }
    }

#endif
