import Foundation

/// What a ``DaytonaClient`` needs to reach the Daytona API.
///
/// ```swift
/// let configuration = DaytonaConfiguration(
///     apiKey: "dtn_…",
///     serverURL: URL(string: "https://app.daytona.io/api")!,
///     target: .eu
/// )
/// let daytona = DaytonaClient(configuration: configuration)
/// ```
///
/// Or read it from the environment with ``fromEnvironment(_:directory:)``. Printing a
/// configuration never shows the API key.
public struct DaytonaConfiguration: Sendable, CustomStringConvertible {
    /// The API key, sent as `Authorization: Bearer <key>`.
    public var apiKey: String
    /// The API's base URL, e.g. `https://app.daytona.io/api`. Trailing slashes are ignored.
    public var serverURL: URL
    /// The default region for new sandboxes. Defaults to ``TargetRegion/us``.
    public var target: TargetRegion
    /// A limit for each HTTP request, or `nil` (the default) for none beyond the deadlines of
    /// the calls that take a `timeout`.
    public var requestTimeout: Duration?
    /// The organization to act for, sent as `X-Daytona-Organization-ID` when set. The API key
    /// implies its organization, so most users leave this `nil`.
    public var organizationID: String?
    /// When to repeat requests that failed for a passing reason. Defaults to
    /// ``RetryPolicy/default``; ``RetryPolicy/none`` turns retries off.
    public var retryPolicy: RetryPolicy
    /// The most bytes of an answer a call reads into memory before it fails with
    /// ``DaytonaError/Category/responseTooLarge``. Defaults to 64 MiB. Streaming calls (file
    /// downloads to a URL, followed logs) are not limited; ``FileSystem/downloadFile(at:)``,
    /// which returns the bytes, is limited by this value.
    public var maxResponseSize: Int = 64 << 20

    /// Creates a configuration.
    public init(
        apiKey: String,
        serverURL: URL,
        target: TargetRegion = .us,
        requestTimeout: Duration? = nil,
        organizationID: String? = nil,
        retryPolicy: RetryPolicy = .default
    ) {
        self.apiKey = apiKey
        self.serverURL = serverURL
        self.target = target
        self.requestTimeout = requestTimeout
        self.organizationID = organizationID
        self.retryPolicy = retryPolicy
    }

    /// Reads `DAYTONA_API_KEY`, `DAYTONA_SERVER_URL` and `DAYTONA_TARGET`.
    ///
    /// As the reference SDK does, values come from, by increasing precedence: a `.env` file in
    /// `directory`, the process environment, and a `.env.local` file in `directory`. A missing
    /// target means ``TargetRegion/us``.
    ///
    /// - Throws: ``DaytonaError`` of category `configuration` naming what is missing:
    ///   `API key is required` or `Server URL is required`.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        directory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) throws -> DaytonaConfiguration {
        var values = DotEnv.load(directory.appendingPathComponent(".env"))
        values.merge(environment) { _, process in process }
        values.merge(DotEnv.load(directory.appendingPathComponent(".env.local"))) { _, local in local }

        guard let apiKey = values["DAYTONA_API_KEY"], !apiKey.isEmpty else {
            throw DaytonaError(.configuration, message: "API key is required (set DAYTONA_API_KEY)")
        }
        guard let serverText = values["DAYTONA_SERVER_URL"], !serverText.isEmpty else {
            throw DaytonaError(.configuration, message: "Server URL is required (set DAYTONA_SERVER_URL)")
        }
        guard let serverURL = URL(string: serverText), serverURL.scheme != nil else {
            throw DaytonaError(.configuration, message: "DAYTONA_SERVER_URL is not a valid URL")
        }
        let target = values["DAYTONA_TARGET"].flatMap { $0.isEmpty ? nil : TargetRegion(rawValue: $0) } ?? .us
        return DaytonaConfiguration(apiKey: apiKey, serverURL: serverURL, target: target)
    }

    /// The server URL and target; the API key is shown as `<redacted>`.
    public var description: String {
        "DaytonaConfiguration(serverURL: \(serverURL.absoluteString), target: \(target), apiKey: <redacted>)"
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
    /// A mirror that shows the API key as `<redacted>`, so `dump` never prints it.
    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "apiKey": Redaction.placeholder, "serverURL": serverURL, "target": target,
                "requestTimeout": requestTimeout as Any, "organizationID": organizationID as Any,
            ],
            displayStyle: .struct)
    }
}
