import Foundation

/// How to reach a port inside a sandbox over HTTP: its URL, and for a private sandbox the token
/// to send as `X-Daytona-Preview-Token`.
public struct PreviewLink: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The URL, e.g. `https://3000-<sandbox id>.proxy.daytona.works`.
    public var url: URL
    /// The preview access token; `nil` when the API gave none (0.14). Treat it as a secret.
    public var token: String?

    /// Creates a link.
    public init(url: URL, token: String?) {
        self.url = url
        self.token = token
    }

    /// The URL; the token is not shown.
    public var description: String { url.absoluteString }
}

/// A preview URL that works without headers until it expires: the token is part of the host.
public struct SignedPreviewURL: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The URL, e.g. `https://3000-<token>.proxy.daytona.works`. Anyone who has it reaches the
    /// port until it expires.
    public var url: URL
    /// The token inside the URL (pass the whole value to
    /// ``Sandbox/expireSignedPreviewURL(_:)`` to end it early).
    public var token: String
    /// The port it reaches.
    public var port: Int

    /// Creates a signed URL value.
    public init(url: URL, token: String, port: Int) {
        self.url = url
        self.token = token
        self.port = port
    }

    /// The port; the URL and token are not shown, as they grant access.
    public var description: String { "SignedPreviewURL(port: \(port), url: <redacted>)" }
}
