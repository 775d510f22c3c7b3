#if os(macOS) || os(Linux)
    // The local backend runs host processes, which iOS, tvOS and watchOS do not allow.

    import Daytona
    import Foundation

    extension LocalDaytona {
        /// Language servers run on this machine, one per (sandbox, language, project), speaking
        /// LSP over stdio: `sourcekit-lsp` (ships with Swift) for `swift`, `pylsp` or
        /// `pyright-langserver` for `python`, `typescript-language-server` for TypeScript and
        /// JavaScript, whichever is on `PATH`. Without one, LSP calls answer 501.
        func registerLSPRoutes() {
            let lsp = "/toolbox/{id}/toolbox/lsp"
            router.on(.post, lsp + "/start") { [unowned self] request in
                withLSPRequest(request) { record, language, project, hostProject in
                    guard let command = LanguageServer.command(for: language) else {
                        return .apiError(501, message: "No language server for \(language) is installed on this machine")
                    }
                    let key = Self.serverKey(record.id, language, project)
                    if servers.withLock({ $0[key] }) != nil { return .empty() }
                    return .later { [self] in
                        do {
                            let server = try LanguageServer(sandboxProcess(command, sandbox: record.id, in: hostProject))
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
            router.on(.post, lsp + "/stop") { [unowned self] request in
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
            router.on(.post, lsp + "/did-open") { [unowned self] request in
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
            router.on(.post, lsp + "/did-close") { [unowned self] request in
                withDocument(request) { server, _, uri, _ in
                    server.notify("textDocument/didClose", .object(["textDocument": .object(["uri": .string(uri)])]))
                    return .empty()
                }
            }
            router.on(.get, lsp + "/document-symbols") { [unowned self] request in
                withDocument(request) { [self] server, _, uri, _ in
                    let id = request.segment(1)
                    return .later { [self] in
                        await Self.answer {
                            let result = try await server.request(
                                "textDocument/documentSymbol", .object(["textDocument": .object(["uri": .string(uri)])]))
                            return symbols(result, documentURI: uri, sandbox: id)
                        }
                    }
                }
            }
            router.on(.get, lsp + "/workspace-symbols") { [unowned self] request in
                withLSPRequest(request) { record, language, project, _ in
                    guard let server = servers.withLock({ $0[Self.serverKey(record.id, language, project)] }) else {
                        return .apiError(400, message: "Start the language server first")
                    }
                    let query = request.query["query"] ?? ""
                    return .later { [self] in
                        await Self.answer {
                            let result = try await server.request("workspace/symbol", .object(["query": .string(query)]))
                            return symbols(result, documentURI: nil, sandbox: record.id)
                        }
                    }
                }
            }
            router.on(.post, lsp + "/completions") { [unowned self] request in
                withDocument(request) { server, _, uri, _ in
                    let position = request.jsonObject?["position"] ?? .object(["line": .number(0), "character": .number(0)])
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

        static func serverKey(_ sandbox: String, _ language: String, _ project: String) -> String {
            "\(sandbox)\u{1}\(language)\u{1}\(project)"
        }

        static func answer<Answer: Encodable>(_ body: () async throws -> Answer) async -> LocalResponse {
            do {
                return .json(try await body())
            } catch {
                return .apiError(500, message: "The language server failed: \(error)")
            }
        }

        /// Reads `languageId` and `pathToProject` (body or query) and the project's host path.
        private func withLSPRequest(
            _ request: LocalRequest, _ body: (WorkspaceRecord, String, String, URL) -> LocalResponse
        ) -> LocalResponse {
            withSandbox(request) { record in
                var fields = request.query
                for (key, value) in request.jsonObject ?? [:] {
                    if case .string(let text) = value { fields[key] = text }
                }
                guard let language = fields["languageId"], let project = fields["pathToProject"] else {
                    return .apiError(400, message: "languageId and pathToProject are required")
                }
                guard let hostProject = hostPath(project, sandbox: record.id) else { return Self.escapes }
                return body(record, language, project, hostProject)
            }
        }

        /// As `withLSPRequest`, for calls about one document: the running server, the language, the
        /// document's host `file://` URI and its host path.
        private func withDocument(_ request: LocalRequest, _ body: (LanguageServer, String, String, URL) -> LocalResponse) -> LocalResponse
        {
            withLSPRequest(request) { record, language, project, _ in
                guard let server = servers.withLock({ $0[Self.serverKey(record.id, language, project)] }) else {
                    return .apiError(400, message: "Start the language server first")
                }
                var uri = request.query["uri"]
                if case .string(let value)? = request.jsonObject?["uri"] { uri = value }
                guard let uri, uri.hasPrefix("file://") else { return .apiError(400, message: "uri must be a file:// URI") }
                guard let file = hostPath(String(uri.dropFirst("file://".count)), sandbox: record.id) else { return Self.escapes }
                return body(server, language, file.absoluteString, file)
            }
        }

        /// `DocumentSymbol[]` (flattened) or `SymbolInformation[]`, as the API's `LspSymbol[]`
        /// with sandbox URIs.
        private func symbols(_ result: JSONValue, documentURI: String?, sandbox id: String) -> [V014.Symbol] {
            guard case .array(let items) = result else { return [] }
            var output: [V014.Symbol] = []
            func visit(_ item: JSONValue) {
                guard case .object(let symbol) = item else { return }
                var location: V014.Location?
                if case .object(let given)? = symbol["location"] {
                    var uri: String?
                    if case .string(let text)? = given["uri"] { uri = sandboxURI(text, sandbox: id) }
                    location = V014.Location(range: Self.range(given["range"]), uri: uri)
                } else if let range = symbol["range"], let documentURI {
                    location = V014.Location(range: Self.range(range), uri: sandboxURI(documentURI, sandbox: id))
                }
                output.append(V014.Symbol(kind: Self.int(symbol["kind"]) ?? 0, location: location, name: Self.string(symbol["name"]) ?? ""))
                if case .array(let children)? = symbol["children"] { children.forEach(visit) }
            }
            items.forEach(visit)
            return output
        }

        /// An LSP `Range`.
        private static func range(_ value: JSONValue?) -> V014.Range? {
            guard case .object(let range)? = value else { return nil }
            return V014.Range(start: position(range["start"]), end: position(range["end"]))
        }

        /// An LSP `Position`.
        private static func position(_ value: JSONValue?) -> V014.Position? {
            guard case .object(let position)? = value else { return nil }
            return V014.Position(line: int(position["line"]), character: int(position["character"]))
        }

        /// A JSON number that is a whole `Int`.
        private static func int(_ value: JSONValue?) -> Int? {
            guard case .number(let number)? = value else { return nil }
            return Int(exactly: number)
        }

        /// A JSON string.
        private static func string(_ value: JSONValue?) -> String? {
            guard case .string(let text)? = value else { return nil }
            return text
        }

        private func sandboxURI(_ hostURI: String, sandbox id: String) -> String {
            guard let url = URL(string: hostURI), url.isFileURL else { return hostURI }
            return "file://" + sandboxPath(url, sandbox: id)
        }

        /// `CompletionList` or `CompletionItem[]` as the API's `CompletionList`.
        static func completionList(_ result: JSONValue) -> V014.CompletionList {
            var incomplete = false
            var items: [JSONValue] = []
            switch result {
            case .array(let list): items = list
            case .object(let object):
                if case .bool(let flag)? = object["isIncomplete"] { incomplete = flag }
                if case .array(let list)? = object["items"] { items = list }
            default: break
            }
            let completions: [V014.CompletionItem] = items.compactMap { item in
                guard case .object(let object) = item else { return nil }
                var completion = V014.CompletionItem(
                    label: string(object["label"]), kind: int(object["kind"]), detail: string(object["detail"]))
                completion.documentation = object["documentation"]
                completion.sortText = string(object["sortText"])
                completion.filterText = string(object["filterText"])
                completion.insertText = string(object["insertText"])
                return completion
            }
            return V014.CompletionList(isIncomplete: incomplete, items: completions)
        }
    }

#endif
