import Foundation

/// What a ``DaytonaClient`` needs to reach Daytona: credentials, the API's URL, the default
/// region and which of Daytona's two APIs to speak.
///
/// ```swift
/// let configuration = DaytonaConfiguration(apiKey: "dtn_…", target: "eu")
/// let daytona = DaytonaClient(configuration: configuration)
/// ```
///
/// Or read it from the environment with ``fromEnvironment(_:directory:)``. Printing a
/// configuration never shows the API key or token.
public struct DaytonaConfiguration: Sendable, CustomStringConvertible {
    /// Which of Daytona's APIs a client speaks.
    ///
    /// Today's Daytona (`app.daytona.io`, and self-hosted servers since v0.180) speaks the
    /// current API: `/sandbox`, snapshots, volumes and a toolbox proxy per sandbox. Servers of
    /// the 0.14 era speak `/workspace` and `/toolbox/{id}/toolbox`. The public API of this SDK
    /// is the same over both.
    public enum APIVersion: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// Ask the server once, on the client's first call, and remember the answer: a server
        /// that answers `GET /config` with a JSON object speaks the current API; one that
        /// answers it with 404 speaks 0.14. Anything else is an error (and the next call asks
        /// again). The default.
        case automatic
        /// Today's API (`/sandbox`). No extra request.
        case current
        /// The 0.14 API (`/workspace`). No extra request.
        case v0_14 = "0.14"

        /// The version's name: `automatic`, `current` or `0.14`.
        public var description: String { rawValue }
    }

    /// Today's Daytona API, the default ``apiURL``.
    public static let defaultAPIURL = URL(string: "https://app.daytona.io/api") ?? URL(fileURLWithPath: "/")

    /// The API key, sent as `Authorization: Bearer <key>`. Empty when a JWT is used instead.
    public var apiKey: String
    /// A JWT, sent as `Authorization: Bearer <token>` with ``organizationID`` when ``apiKey``
    /// is empty. An API key wins when both are set.
    public var jwtToken: String?
    /// The API's base URL, e.g. `https://app.daytona.io/api` (the default). Trailing slashes
    /// are ignored.
    public var apiURL: URL
    /// The default region for new sandboxes and snapshots, e.g. `"eu"`; `nil` (the default)
    /// lets the current API pick the organization's default. The 0.14 API needs one, and gets
    /// ``TargetRegion/us`` when this is `nil`.
    public var target: TargetRegion?
    /// Which API to speak. Defaults to ``APIVersion/automatic``.
    public var api: APIVersion
    /// A limit for each HTTP request, or `nil` (the default) for none beyond the deadlines of
    /// the calls that take a `timeout`.
    public var requestTimeout: Duration?
    /// The organization to act for, sent as `X-Daytona-Organization-ID`. Required with a JWT;
    /// with an API key the key implies its organization (the current API is then sent no
    /// header; the 0.14 API is sent it when set).
    public var organizationID: String?
    /// When to repeat requests that failed for a passing reason. Defaults to
    /// ``RetryPolicy/default``; ``RetryPolicy/none`` turns retries off.
    public var retryPolicy: RetryPolicy
    /// The most bytes of an answer a call reads into memory before it fails with
    /// ``DaytonaError/Category/responseTooLarge``. Defaults to 64 MiB. Streaming calls (file
    /// downloads to a URL, followed logs) are not limited; ``FileSystem/downloadFile(at:)``,
    /// which returns the bytes, is limited by this value.
    public var maxResponseSize: Int = 64 << 20
    /// Receives an event for each HTTP request the client makes (each attempt of a retried
    /// one, streamed answers and file transfers included), for logging and metrics; `nil` (the
    /// default) for none.
    ///
    /// An event names the operation (e.g. `GET /sandbox/{id}`), the method, the redacted URL,
    /// the status or failure, the attempt, the duration and the bytes moved; never a header, a
    /// body or a secret. The observer does not replace the transport and does not change what
    /// the client does. See ``DaytonaObserver``.
    ///
    /// ```swift
    /// var configuration = DaytonaConfiguration(apiKey: apiKey)
    /// configuration.observer = DaytonaClosureObserver { event in print(event) }
    /// ```
    public var observer: (any DaytonaObserver)?
    /// How many requests a client has in flight to one host at most; more wait for a free
    /// connection, and the time they wait counts against their deadline (a timeout says how long
    /// they waited). Defaults to 64; `0` for no limit of the client's own (the default transport
    /// then allows 256 connections per host; URLSession's default is 6).
    public var maxConnectionsPerHost: Int = 64
    /// How long a request may go without a byte arriving before it fails with
    /// ``DaytonaError/Category/timeout`` (not retried), when it has no deadline of its own
    /// (``requestTimeout`` or a call's `timeout`, whichever is longer, wins). Defaults to
    /// 5 minutes; `nil` for none. Followed logs are not limited by it. Give long, quiet commands
    /// (`exec`) a `timeout`.
    public var idleTimeout: Duration? = .seconds(300)

    /// Creates a configuration that authenticates with an API key.
    ///
    /// - Parameters:
    ///   - apiKey: The API key (`dtn_…`).
    ///   - apiURL: The API's base URL. Defaults to ``defaultAPIURL``.
    ///   - target: The default region, or `nil` for the organization's default.
    ///   - api: Which API to speak. Defaults to ``APIVersion/automatic``.
    ///   - requestTimeout: A limit for each HTTP request.
    ///   - organizationID: The organization to act for.
    ///   - retryPolicy: When to repeat failed requests.
    public init(
        apiKey: String,
        apiURL: URL = DaytonaConfiguration.defaultAPIURL,
        target: TargetRegion? = nil,
        api: APIVersion = .automatic,
        requestTimeout: Duration? = nil,
        organizationID: String? = nil,
        retryPolicy: RetryPolicy = .default
    ) {
        self.apiKey = apiKey
        self.jwtToken = nil
        self.apiURL = apiURL
        self.target = target
        self.api = api
        self.requestTimeout = requestTimeout
        self.organizationID = organizationID
        self.retryPolicy = retryPolicy
    }

    /// Creates a configuration that authenticates with a JWT for an organization.
    ///
    /// - Parameters:
    ///   - jwtToken: The token.
    ///   - organizationID: The organization, sent as `X-Daytona-Organization-ID`.
    ///   - apiURL: The API's base URL. Defaults to ``defaultAPIURL``.
    ///   - target: The default region, or `nil` for the organization's default.
    ///   - api: Which API to speak. Defaults to ``APIVersion/automatic``.
    ///   - requestTimeout: A limit for each HTTP request.
    ///   - retryPolicy: When to repeat failed requests.
    public init(
        jwtToken: String,
        organizationID: String,
        apiURL: URL = DaytonaConfiguration.defaultAPIURL,
        target: TargetRegion? = nil,
        api: APIVersion = .automatic,
        requestTimeout: Duration? = nil,
        retryPolicy: RetryPolicy = .default
    ) {
        self.init(
            apiKey: "", apiURL: apiURL, target: target, api: api, requestTimeout: requestTimeout, organizationID: organizationID,
            retryPolicy: retryPolicy)
        self.jwtToken = jwtToken
    }

    /// Creates a configuration (the 0.1 spelling; the region defaulted to `us`).
    @available(*, deprecated, renamed: "init(apiKey:apiURL:target:api:requestTimeout:organizationID:retryPolicy:)")
    public init(
        apiKey: String,
        serverURL: URL,
        target: TargetRegion = .us,
        requestTimeout: Duration? = nil,
        organizationID: String? = nil,
        retryPolicy: RetryPolicy = .default
    ) {
        self.init(
            apiKey: apiKey, apiURL: serverURL, target: target, requestTimeout: requestTimeout, organizationID: organizationID,
            retryPolicy: retryPolicy)
    }

    /// The API's base URL (the 0.1 name of ``apiURL``).
    @available(*, deprecated, renamed: "apiURL")
    public var serverURL: URL {
        get { apiURL }
        set { apiURL = newValue }
    }

    /// The bearer credential: the API key, else the JWT.
    var bearerToken: String { apiKey.isEmpty ? (jwtToken ?? "") : apiKey }

    /// The secrets no error or log may show.
    var secrets: [String] { [apiKey, jwtToken ?? ""].filter { !$0.isEmpty } }

    /// Reads the configuration as today's Daytona SDKs do.
    ///
    /// - Credentials: `DAYTONA_API_KEY`, or `DAYTONA_JWT_TOKEN` with `DAYTONA_ORGANIZATION_ID`.
    /// - `DAYTONA_API_URL`, else (deprecated) `DAYTONA_SERVER_URL`, else ``defaultAPIURL``.
    /// - `DAYTONA_TARGET`: the default region (none: the organization's default).
    ///
    /// Values come from the process environment first, then a `.env.local` file in `directory`,
    /// then a `.env` file there, except the API URL, which is read from the process
    /// environment only: a dotenv file never decides where your key is sent.
    ///
    /// - Throws: ``DaytonaError`` of category `configuration` when no credentials are found, a
    ///   JWT comes without an organization, or the URL is not valid.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) throws -> DaytonaConfiguration {
        let local = DotEnv.load(directory.appendingPathComponent(".env.local"))
        let dotenv = DotEnv.load(directory.appendingPathComponent(".env"))
        func value(_ name: String) -> String? {
            for source in [environment, local, dotenv] {
                if let value = source[name], !value.isEmpty { return value }
            }
            return nil
        }
        let urlText = [environment["DAYTONA_API_URL"], environment["DAYTONA_SERVER_URL"]].compactMap { $0 }.first { !$0.isEmpty }
        let apiURL: URL
        if let urlText {
            guard let url = URL(string: urlText), url.scheme != nil, url.host != nil else {
                throw DaytonaError(.configuration, message: "DAYTONA_API_URL is not a valid URL")
            }
            apiURL = url
        } else {
            apiURL = defaultAPIURL
        }
        let target = value("DAYTONA_TARGET").map(TargetRegion.init(rawValue:))
        if let apiKey = value("DAYTONA_API_KEY") {
            return DaytonaConfiguration(apiKey: apiKey, apiURL: apiURL, target: target, organizationID: value("DAYTONA_ORGANIZATION_ID"))
        }
        if let jwt = value("DAYTONA_JWT_TOKEN") {
            guard let organization = value("DAYTONA_ORGANIZATION_ID") else {
                throw DaytonaError(
                    .configuration,
                    message:
                        "DAYTONA_ORGANIZATION_ID is required when authenticating with DAYTONA_JWT_TOKEN. It can also be provided via DaytonaConfiguration."
                )
            }
            return DaytonaConfiguration(jwtToken: jwt, organizationID: organization, apiURL: apiURL, target: target)
        }
        throw DaytonaError(
            .configuration,
            message:
                "Authentication credentials not found. Set DAYTONA_API_KEY, or both DAYTONA_JWT_TOKEN and DAYTONA_ORGANIZATION_ID. These can also be provided via DaytonaConfiguration."
        )
    }

    /// The API URL, target and API version; credentials are shown as `<redacted>`.
    public var description: String {
        "DaytonaConfiguration(apiURL: \(apiURL.absoluteString), target: \(target?.rawValue ?? "default"), api: \(api), \(jwtToken != nil && apiKey.isEmpty ? "jwtToken" : "apiKey"): <redacted>)"
    }
}

/// A minimal `.env` reader: `KEY=value` lines, `#` comments, an optional `export `, and single
/// or double quotes (double quotes understand `\n`, `\t`, `\"` and `\\`).
enum DotEnv {
    static func load(_ url: URL) -> [String: String] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [:] }
        return parse(text)
    }

    static func parse(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: \.isNewline) {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { continue }
            let rawValue = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            result[key] = value(from: rawValue)
        }
        return result
    }

    private static func value(from raw: String) -> String {
        if raw.count >= 2, raw.hasPrefix("'"), raw.hasSuffix("'") {
            return String(raw.dropFirst().dropLast())
        }
        if raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") {
            var output = ""
            var escaping = false
            for character in raw.dropFirst().dropLast() {
                if escaping {
                    switch character {
                    case "n": output.append("\n")
                    case "t": output.append("\t")
                    case "r": output.append("\r")
                    default: output.append(character)
                    }
                    escaping = false
                } else if character == "\\" {
                    escaping = true
                } else {
                    output.append(character)
                }
            }
            return output
        }
        // Unquoted: an inline comment starts at " #".
        if let comment = raw.range(of: " #") {
            return raw[..<comment.lowerBound].trimmingCharacters(in: .whitespaces)
        }
        return raw
    }
}

extension DaytonaConfiguration: CustomReflectable {
    /// A mirror that shows the API key and token as `<redacted>`, so `dump` never prints it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "apiKey": Redaction.placeholder, "jwtToken": jwtToken == nil ? "nil" : Redaction.placeholder, "apiURL": apiURL,
                "target": target as Any, "api": api, "requestTimeout": requestTimeout as Any,
                "organizationID": organizationID as Any,
            ],
            displayStyle: .struct)
    }
}
