import Foundation

/// Where one sandbox's toolbox answers, and the requests to it: under the API at
/// `/toolbox/{id}/toolbox/…` in 0.14, at `{toolboxProxyUrl}/{id}/…` today (WIRE-current
/// §1.1, §1.4). Shared by every copy of a ``Sandbox`` handle and its sub-APIs, so that a new
/// proxy URL in any answer reaches them all.
final class ToolboxClient: Sendable {
    let api: APIClient
    let sandboxID: String
    let dialect: Dialect
    /// The current API's toolbox proxy URL without trailing slashes, once known (`nil`
    /// storage for 0.14, whose toolbox is under the API).
    private let proxyURL: Locked<String?>?
    /// The encoded path prefix of every toolbox route.
    private let prefix: String

    init(api: APIClient, sandboxID: String, dialect: Dialect, proxyURL: String?) {
        self.api = api
        self.sandboxID = sandboxID
        self.dialect = dialect
        self.proxyURL = dialect == .current ? Locked(Self.normalized(proxyURL)) : nil
        switch dialect {
        case .v014: prefix = "/toolbox/" + PercentEncoding.pathSegment(sandboxID) + "/toolbox"
        // The reference inserts the ID as it is (a UUID); encoding leaves a UUID unchanged.
        case .current: prefix = "/" + PercentEncoding.pathSegment(sandboxID)
        }
    }

    var clock: any Clock<Duration> { api.clock }

    /// The toolbox route `suffix` (e.g. `/files/info`), encoded, below the toolbox's base.
    func path(_ suffix: String) -> String { prefix + suffix }

    /// Takes the proxy URL of a newer answer about the sandbox, if it names one.
    func update(from info: SandboxInfo) {
        guard dialect == .current, let url = Self.normalized(info.toolboxProxyURL) else { return }
        proxyURL?.withLock { $0 = url }
    }

    private static func normalized(_ url: String?) -> String? {
        guard var url, !url.isEmpty else { return nil }
        while url.hasSuffix("/") { url.removeLast() }
        return url.isEmpty ? nil : url
    }

    /// `endpoint` aimed at this toolbox: for the current API at the proxy (asked of the API
    /// once when no answer named it), with that API's headers.
    private func located(_ endpoint: Endpoint) async throws -> Endpoint {
        guard dialect == .current else { return endpoint }
        var located = endpoint.speaking(.current)
        if let base = proxyURL?.current {
            located.base = base
        } else {
            let url = try await CurrentControlPlane(api: api).toolboxProxyURL(sandboxID)
            guard let base = Self.normalized(url) else {
                throw DaytonaError(.decoding, message: "The server named no toolbox URL for sandbox \(sandboxID)")
            }
            proxyURL?.withLock { $0 = base }
            located.base = base
        }
        return located
    }

    func send(_ endpoint: Endpoint) async throws -> BufferedResponse {
        try await api.send(located(endpoint))
    }

    func send<T: Decodable>(_ endpoint: Endpoint, decoding type: T.Type) async throws -> T {
        try await api.send(located(endpoint), decoding: type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, from response: BufferedResponse) throws -> T? {
        try api.decodeIfPresent(type, from: response)
    }

    func stream(
        _ endpoint: Endpoint, delivery: HTTPRequest.Delivery = .streamed, progress: (@Sendable (Int64, Int64?) -> Void)? = nil
    ) async throws -> HTTPResponse {
        try await api.stream(located(endpoint), delivery: delivery, progress: progress)
    }

    func download(_ endpoint: Endpoint, to destination: URL, progress: (@Sendable (Int64, Int64?) -> Void)?) async throws {
        try await api.download(located(endpoint), to: destination, progress: progress)
    }

    /// Downloads into a partial file beside `destination` and moves it into place only once
    /// complete: on any failure or cancellation the partial file is removed and `destination`
    /// is left as it was.
    func download(_ endpoint: Endpoint, replacing destination: URL, progress: (@Sendable (TransferProgress) -> Void)?) async throws {
        let partial = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).partial")
        var complete = false
        defer { if !complete { try? FileManager.default.removeItem(at: partial) } }
        try await download(endpoint, to: partial) { written, total in
            progress?(TransferProgress(bytesTransferred: written, totalBytes: total))
        }
        try Task.checkCancellation()
        if FileManager.default.fileExists(atPath: destination.path) {
            try FileManager.default.removeItem(at: destination)
        }
        try FileManager.default.moveItem(at: partial, to: destination)
        complete = true
    }

    func upload(_ endpoint: Endpoint, bodyFile: URL, progress: (@Sendable (Int64, Int64?) -> Void)?) async throws -> BufferedResponse {
        try await api.upload(located(endpoint), bodyFile: bodyFile, progress: progress)
    }

    /// An `unsupported` error unless this toolbox speaks the current API.
    func requireCurrent(_ operation: String) throws {
        if dialect != .current { throw DaytonaError.unsupported(operation, in: dialect) }
    }

    /// `endpoint` as the current API's SDKs send an operation that declares no answer
    /// (`Accept: */*`, WIRE-current §1.6); unchanged for 0.14.
    func declaringNoAnswer(_ endpoint: Endpoint) -> Endpoint {
        guard dialect == .current else { return endpoint }
        var copy = endpoint
        copy.accept = "*/*"
        return copy
    }

    /// `endpoint` as the current API's SDKs send an operation whose spec declares a JSON answer,
    /// even an empty one (`Accept: application/json`: git and LSP calls, session create);
    /// unchanged for 0.14.
    func declaringJSONAnswer(_ endpoint: Endpoint) -> Endpoint {
        guard dialect == .current else { return endpoint }
        var copy = endpoint
        copy.expectsBody = true
        return copy
    }
}
