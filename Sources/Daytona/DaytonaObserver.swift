import Foundation

/// Receives an event for each HTTP request a ``DaytonaClient`` makes: for logging, metrics or
/// tracing, with no dependency and without replacing the transport.
///
/// Set one on ``DaytonaConfiguration/observer``. The client calls ``observe(_:)`` once per
/// attempt: a retried request gives one event per attempt (``DaytonaRequestEvent/attempt`` 1,
/// 2, …), a call that polls gives one per poll. Events carry no header and no body, and their
/// URL is redacted (``DaytonaRequestEvent/redactedURL``), so an observer never sees the API key,
/// a token or a password.
///
/// ```swift
/// struct PrintingObserver: DaytonaObserver {
///     func observe(_ event: DaytonaRequestEvent) {
///         print(event)   // GET /sandbox/{id} → 200 in 0.042 s (attempt 1, …)
///     }
/// }
///
/// var configuration = DaytonaConfiguration(apiKey: apiKey)
/// configuration.observer = PrintingObserver()
/// ```
///
/// ``observe(_:)`` runs on the task that made the request, right after the attempt ends and
/// before the client goes on: keep it quick and never block in it (hand heavy work to your own
/// task or queue). It is called concurrently when calls run concurrently.
///
/// ### Bridging to swift-log and swift-metrics
///
/// The package depends on neither; in your own target that does, a few lines bridge them:
///
/// ```swift
/// import Daytona
/// import Logging
/// import Metrics
///
/// struct DaytonaTelemetry: DaytonaObserver {
///     let logger = Logger(label: "daytona")
///
///     func observe(_ event: DaytonaRequestEvent) {
///         logger.debug("\(event)")
///         let dimensions = [
///             ("operation", event.operation),
///             ("status", event.statusCode.map(String.init) ?? "failed"),
///         ]
///         Timer(label: "daytona_request_duration", dimensions: dimensions)
///             .recordNanoseconds(event.duration.nanoseconds)
///         Counter(label: "daytona_requests_total", dimensions: dimensions).increment()
///         if event.attempt > 1 {
///             Counter(label: "daytona_retries_total", dimensions: [("operation", event.operation)]).increment()
///         }
///         if let bytes = event.bytesReceived {
///             Counter(label: "daytona_bytes_received_total").increment(by: bytes)
///         }
///     }
/// }
///
/// extension Duration {
///     var nanoseconds: Int64 {
///         components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
///     }
/// }
/// ```
///
/// Label metrics with ``DaytonaRequestEvent/operation`` (a route template such as
/// `GET /sandbox/{id}`, a bounded set), never with the URL (one value per sandbox).
public protocol DaytonaObserver: Sendable {
    /// Called once for each HTTP attempt the client makes, when it ends (for a followed log, when
    /// the answer's head arrives).
    func observe(_ event: DaytonaRequestEvent)
}

/// A ``DaytonaObserver`` made of a closure, for when a type of your own is more than you need.
///
/// ```swift
/// var configuration = DaytonaConfiguration(apiKey: apiKey)
/// configuration.observer = DaytonaClosureObserver { event in
///     if event.statusCode != 200 { print(event) }
/// }
/// ```
public struct DaytonaClosureObserver: DaytonaObserver {
    private let handler: @Sendable (DaytonaRequestEvent) -> Void

    /// Creates an observer that calls `handler` with each event.
    public init(_ handler: @escaping @Sendable (DaytonaRequestEvent) -> Void) {
        self.handler = handler
    }

    /// Calls the closure with `event`.
    public func observe(_ event: DaytonaRequestEvent) {
        handler(event)
    }
}

/// One HTTP attempt as a ``DaytonaObserver`` sees it: which operation, how it ended, how long it
/// took and how many bytes it moved. It holds no header, no body and no secret.
public struct DaytonaRequestEvent: Sendable, Hashable, CustomStringConvertible {
    /// How the request's answer was read.
    public enum Kind: String, Sendable, Hashable, CustomStringConvertible {
        /// An answer read whole (most calls). Retried as ``RetryPolicy`` says.
        case call
        /// An answer read as it arrives (a followed log): the event comes when its head arrives.
        case stream
        /// A file download: the event comes when the file is written (or the download failed).
        case download
        /// A file upload: the event comes when the server has answered.
        case upload

        /// The kind's name, e.g. `call`.
        public var description: String { rawValue }
    }

    /// How an attempt ended.
    public enum Outcome: Sendable, Hashable, CustomStringConvertible {
        /// The server answered with this status, whatever it is (a 404 or a 503 is an answer).
        case response(statusCode: Int)
        /// No usable answer: the connection failed, the request timed out, or the answer was
        /// larger than ``DaytonaConfiguration/maxResponseSize``. The message is the SDK's own
        /// (e.g. "Could not connect to the server"), with any secret redacted.
        case failure(DaytonaError.Category, message: String)
        /// The calling task was cancelled.
        case cancelled

        /// `200`, `failed (timeout): …` or `cancelled`.
        public var description: String {
            switch self {
            case .response(let statusCode): return "\(statusCode)"
            case .failure(let category, let message): return "failed (\(category)): \(message)"
            case .cancelled: return "cancelled"
            }
        }
    }

    /// The request's route as a template, with the method: e.g. `GET /sandbox/{id}`,
    /// `POST /toolbox/{id}/toolbox/process/execute` (0.14) or `POST /{id}/process/execute` (a
    /// toolbox call of today's API, relative to the sandbox's toolbox proxy URL).
    ///
    /// Identifiers in the path are replaced by placeholders (`{id}`, `{sessionId}`,
    /// `{commandId}`, `{port}`, …), so the set of operations is small and fixed: label metrics
    /// with it. It matches the path templates of `DaytonaStub` routes.
    public var operation: String
    /// The HTTP method.
    public var method: HTTPRequest.Method
    /// The request's URL with every query value replaced by `<redacted>` (the names stay, e.g.
    /// `https://app.daytona.io/api/sandbox?labels=<redacted>`), no user name or password, and
    /// any token in the path replaced by `<redacted>`. Identifiers in the path (sandbox,
    /// session, command) are kept: they are not secrets.
    public var redactedURL: String
    /// How the answer was read.
    public var kind: Kind
    /// Which attempt this was: 1 for the first, 2 for the first retry, and so on.
    public var attempt: Int
    /// How the attempt ended.
    public var outcome: Outcome
    /// From sending the request to the end of the attempt: the whole answer read (``Kind/call``,
    /// ``Kind/upload``), the head received (``Kind/stream``), or the file written
    /// (``Kind/download``). Delays between retries are not included.
    public var duration: Duration
    /// The bytes of the request's body: `0` without a body, the file's size for an upload.
    /// `nil` when not known.
    public var bytesSent: Int64?
    /// The bytes of the answer's body the client read (an error answer's body is read up to
    /// 1 MiB), or the file's size for a download. `nil` when no answer arrived, and for
    /// ``Kind/stream`` (its body is still arriving).
    public var bytesReceived: Int64?

    /// Creates an event (for tests of your own observers).
    public init(
        operation: String, method: HTTPRequest.Method, redactedURL: String, kind: Kind, attempt: Int, outcome: Outcome,
        duration: Duration, bytesSent: Int64?, bytesReceived: Int64?
    ) {
        self.operation = operation
        self.method = method
        self.redactedURL = redactedURL
        self.kind = kind
        self.attempt = attempt
        self.outcome = outcome
        self.duration = duration
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
    }

    /// The answer's status code, or `nil` when no answer arrived (a failure or cancellation).
    public var statusCode: Int? {
        if case .response(let statusCode) = outcome { return statusCode }
        return nil
    }

    /// One line, e.g.
    /// `GET /sandbox/{id} → 200 in 0.042 s (attempt 1, call, sent 0 B, received 1234 B) https://app.daytona.io/api/sandbox/sb-1`.
    public var description: String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let sent = bytesSent.map { "\($0) B" } ?? "?"
        let received = bytesReceived.map { "\($0) B" } ?? "?"
        let time = (seconds * 1000).rounded() / 1000
        return "\(operation) → \(outcome) in \(time) s (attempt \(attempt), \(kind), sent \(sent), received \(received)) \(redactedURL)"
    }
}

/// The route templates of both APIs, to name an event's operation and to find the path
/// segments that hold a secret.
enum RouteTemplates {
    /// A template's segments; `{…}` matches one segment.
    private typealias Template = [Substring]

    private static func segments(_ path: String) -> [Substring] {
        path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }
    }

    /// The toolbox routes of both APIs, below the toolbox's base.
    private static let toolboxSuffixes = [
        "/project-dir", "/user-home-dir", "/work-dir", "/version", "/env", "/system/metrics",
        "/files", "/files/download", "/files/find", "/files/folder", "/files/info", "/files/move", "/files/permissions",
        "/files/replace", "/files/search", "/files/upload", "/files/upload-v2", "/files/bulk-upload", "/files/bulk-download",
        "/process/execute", "/process/code-run", "/process/session", "/process/session/{sessionId}",
        "/process/session/{sessionId}/exec", "/process/session/{sessionId}/command/{commandId}",
        "/process/session/{sessionId}/command/{commandId}/input", "/process/session/{sessionId}/command/{commandId}/logs",
        "/process/session/entrypoint", "/process/session/entrypoint/logs",
        "/git/add", "/git/branches", "/git/checkout", "/git/clone", "/git/commit", "/git/history", "/git/pull", "/git/push",
        "/git/status", "/git/init", "/git/remotes", "/git/reset", "/git/restore", "/git/config", "/git/config/user",
        "/git/credentials",
        "/lsp/start", "/lsp/stop", "/lsp/did-open", "/lsp/did-close", "/lsp/completions", "/lsp/document-symbols",
        "/lsp/workspace-symbols", "/lsp/workspacesymbols",
        "/port", "/port/{port}/in-use",
    ]

    /// The control plane's routes of both APIs, and the 0.14 toolbox's (below the API URL).
    private static let apiTemplates: [Template] = {
        var paths = [
            "/config", "/shared-regions",
            "/workspace", "/workspace/{id}", "/workspace/{id}/start", "/workspace/{id}/stop", "/workspace/{id}/labels",
            "/workspace/{id}/snapshot", "/workspace/{id}/public/{isPublic}", "/workspace/{id}/resize",
            "/workspace/{id}/autostop/{interval}", "/workspace/{id}/archive",
            "/sandbox", "/sandbox/{id}", "/sandbox/ssh-access/validate",
            "/sandbox/{id}/public/{isPublic}", "/sandbox/{id}/autostop/{interval}", "/sandbox/{id}/autopause/{interval}",
            "/sandbox/{id}/autoarchive/{interval}", "/sandbox/{id}/autodelete/{interval}", "/sandbox/{id}/ttl/{interval}",
            "/sandbox/{id}/ports/{port}/preview-url", "/sandbox/{id}/ports/{port}/signed-preview-url",
            "/sandbox/{id}/ports/{port}/signed-preview-url/{token}/expire", "/sandbox/{id}/signing-key/rotate",
            "/sandbox/{id}/telemetry/metrics", "/sandbox/{id}/telemetry/logs", "/sandbox/{id}/telemetry/traces",
            "/snapshots", "/snapshots/{id}", "/snapshots/{id}/activate", "/snapshots/{id}/deactivate",
            "/snapshots/{id}/build-logs-url", "/snapshots/{id}/build-logs",
            "/volumes", "/volumes/{id}", "/volumes/by-name/{name}",
        ]
        for action in [
            "start", "stop", "recover", "archive", "resize", "toolbox-proxy-url", "build-logs-url", "build-logs", "labels",
            "network-settings", "secrets", "last-activity", "snapshot", "backup", "fork", "forks", "parent", "ancestors",
            "pause", "ssh-access", "signing-key",
        ] {
            paths.append("/sandbox/{id}/" + action)
        }
        paths += toolboxSuffixes.map { "/toolbox/{id}/toolbox" + $0 }
        return paths.map(segments)
    }()

    /// The current toolbox's routes, below its proxy URL.
    private static let proxyTemplates: [Template] = toolboxSuffixes.map { segments("/{id}" + $0) }

    /// Every literal segment of the templates: a path no template matches keeps these and
    /// shows a placeholder for the others.
    private static let literals: Set<Substring> = Set(
        (apiTemplates + proxyTemplates).joined().filter { !isPlaceholder($0) })

    private static func isPlaceholder(_ segment: Substring) -> Bool {
        segment.first == "{" && segment.last == "}"
    }

    /// The template `path` (percent-encoded, below its base) matches, or `nil`; where literal
    /// segments compete with placeholders, the template with more literals wins.
    private static func match(_ path: [Substring], toolboxProxy: Bool) -> Template? {
        var best: (template: Template, literals: Int)?
        for template in toolboxProxy ? proxyTemplates : apiTemplates where template.count == path.count {
            var literals = 0
            var matches = true
            for (pattern, segment) in zip(template, path) {
                if isPlaceholder(pattern) {
                    if segment.isEmpty { matches = false }
                } else if pattern == segment {
                    literals += 1
                } else {
                    matches = false
                }
                if !matches { break }
            }
            if matches, literals > best?.literals ?? -1 { best = (template, literals) }
        }
        return best?.template
    }

    /// The route template of `path` (below the API URL, or below a toolbox proxy URL when
    /// `toolboxProxy`), e.g. `/sandbox/{id}/start`.
    static func template(of path: String, toolboxProxy: Bool) -> String {
        let parts = segments(path)
        let template =
            match(parts, toolboxProxy: toolboxProxy)
            ?? parts.map { literals.contains($0) || $0.isEmpty ? $0 : "{…}" }
        return "/" + template.joined(separator: "/")
    }

    /// `url` without its user, password, fragment and query values, and with the path segments
    /// that its template marks `{token}` replaced; `secrets` are redacted as well.
    ///
    /// - Parameters:
    ///   - url: The request's URL.
    ///   - path: Its path below `base` (percent-encoded).
    ///   - toolboxProxy: Whether `base` is a toolbox proxy URL.
    static func redactedURL(_ url: URL, path: String, toolboxProxy: Bool, secrets: [String]) -> String {
        guard let components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return Redaction.placeholder }
        var origin = components
        origin.user = nil
        origin.password = nil
        origin.fragment = nil
        origin.query = nil
        origin.path = ""
        var fullPath = components.percentEncodedPath
        let parts = segments(path)
        if let template = match(parts, toolboxProxy: toolboxProxy), template.contains("{token}") {
            if fullPath.hasSuffix(path) {
                fullPath.removeLast(path.utf8.count)
                let redacted = zip(template, parts).map { $0 == "{token}" ? Substring(Redaction.placeholder) : $1 }
                fullPath += "/" + redacted.joined(separator: "/")
            } else {
                fullPath = "/" + Redaction.placeholder
            }
        }
        var text = (origin.string ?? "") + fullPath
        if let query = components.percentEncodedQuery, !query.isEmpty {
            let names = query.split(separator: "&").map { pair in
                pair.contains("=") ? "\(pair.prefix { $0 != "=" })=\(Redaction.placeholder)" : String(pair)
            }
            text += "?" + names.joined(separator: "&")
        }
        let encodedSecrets = secrets.compactMap { $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) }
        return Redaction.redact(text, secrets + encodedSecrets)
    }
}
