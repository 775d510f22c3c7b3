import Foundation

/// The one error type the SDK throws, besides `CancellationError`.
///
/// Switch on ``category`` to react to a kind of failure, read ``statusCode``,
/// ``serverMessage`` and ``responseBody`` for the details, and show ``message`` to a person: it
/// reads like the reference SDK's messages, e.g.
/// `Failed to get sandbox: Sandbox with ID x not found`.
///
/// ```swift
/// do {
///     let sandbox = try await daytona.sandbox(id: "my-id")
/// } catch let error as DaytonaError where error.category == .notFound {
///     // create it instead
/// }
/// ```
///
/// No message, description or debug description ever contains the API key or a password
/// passed to a call: they are replaced by `<redacted>` wherever a server echoes them.
public struct DaytonaError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible, LocalizedError {
    /// What kind of failure this is. New categories may be added; match the ones you handle.
    public struct Category: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The category's name, e.g. `notFound`.
        public var rawValue: String
        /// Creates a category from its name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The server rejected the request as malformed (400, 422 and other 4xx not listed).
        public static let badRequest = Category(rawValue: "badRequest")
        /// The API key is missing, wrong or expired (401).
        public static let unauthorized = Category(rawValue: "unauthorized")
        /// The key is valid but not allowed to do this, or a path escapes the sandbox (403).
        public static let forbidden = Category(rawValue: "forbidden")
        /// The sandbox, file, session or command does not exist (404).
        public static let notFound = Category(rawValue: "notFound")
        /// The thing already exists or is in the wrong state (409).
        public static let conflict = Category(rawValue: "conflict")
        /// Too many requests (429).
        public static let rateLimited = Category(rawValue: "rateLimited")
        /// The server failed (5xx).
        public static let server = Category(rawValue: "server")
        /// A deadline passed: the call's timeout, a request timeout, or a command timeout (408).
        public static let timeout = Category(rawValue: "timeout")
        /// No HTTP answer arrived: connection refused or reset, DNS failure, TLS failure.
        public static let transport = Category(rawValue: "transport")
        /// An answer arrived but could not be read as the expected type.
        public static let decoding = Category(rawValue: "decoding")
        /// The call's arguments were rejected before any request was sent.
        public static let invalidArgument = Category(rawValue: "invalidArgument")
        /// A sandbox reached the `error` state while the SDK waited for it.
        public static let sandboxFailed = Category(rawValue: "sandboxFailed")
        /// The configuration is incomplete (no API key or server URL).
        public static let configuration = Category(rawValue: "configuration")
        /// ``DaytonaClient/withSandbox(_:timeout:cleanupTimeout:onCleanupFailure:_:)``
        /// could not remove the sandbox it made: it may still exist (and cost money).
        public static let cleanupFailed = Category(rawValue: "cleanupFailed")
        /// The call exists in only one of Daytona's APIs, and the server speaks the other; no
        /// request was sent. The message names the API.
        public static let unsupported = Category(rawValue: "unsupported")
        /// The session, command or terminal has ended (410).
        public static let gone = Category(rawValue: "gone")
        /// An answer was larger than ``DaytonaConfiguration/maxResponseSize``.
        public static let responseTooLarge = Category(rawValue: "responseTooLarge")

        /// The category's name.
        public var description: String { rawValue }

        /// The category for an HTTP status code outside 2xx.
        public static func forStatus(_ status: Int) -> Category {
            forStatus(status, code: nil)
        }

        /// The category for an HTTP status and the server's error code: the code decides where
        /// it says more than the status (a toolbox `GIT_AUTH_FAILED` is ``unauthorized``
        /// whatever the status it came with).
        static func forStatus(_ status: Int, code: String?) -> Category {
            switch code {
            case "GIT_AUTH_FAILED", "UNAUTHORIZED": return .unauthorized
            case "FILE_ACCESS_DENIED", "FORBIDDEN": return .forbidden
            case "FILE_NOT_FOUND", "GIT_REPO_NOT_FOUND", "GIT_BRANCH_NOT_FOUND", "PROCESS_NOT_FOUND", "SANDBOX_DESTROYED", "NOT_FOUND":
                return .notFound
            case "GIT_BRANCH_EXISTS", "GIT_PUSH_REJECTED", "GIT_DIRTY_WORKTREE", "GIT_MERGE_CONFLICT", "RECORDING_STILL_ACTIVE", "CONFLICT":
                return .conflict
            case "SESSION_ENDED", "COMMAND_ALREADY_COMPLETED", "GONE": return .gone
            case "PROCESS_EXECUTION_TIMEOUT", "REQUEST_TIMEOUT": return .timeout
            case "INVALID_FILE_PATH", "BAD_REQUEST", "INVALID_REQUEST_BODY", "LSP_SERVER_NOT_INITIALIZED", "UNPROCESSABLE_ENTITY":
                return .badRequest
            default: break
            }
            switch status {
            case 401: return .unauthorized
            case 403: return .forbidden
            case 404: return .notFound
            case 408: return .timeout
            case 409: return .conflict
            case 410: return .gone
            case 429: return .rateLimited
            case 500...599: return .server
            default: return .badRequest
            }
        }
    }

    /// What kind of failure this is.
    public var category: Category
    /// The readable message, with the reference SDK's prefixes, e.g.
    /// `Failed to create sandbox: Image fail not found`.
    public var message: String
    /// The HTTP status code, when the failure was an HTTP answer.
    public var statusCode: Int?
    /// The message the server gave (its `message` key, arrays joined with `; `), when it gave one.
    public var serverMessage: String?
    /// The raw body of the failing answer, with secrets redacted.
    public var responseBody: Data?
    /// The error underneath, for transport and decoding failures.
    public var underlyingError: (any Error)?
    /// The server's machine-readable error code, when it sent one, e.g. `FILE_NOT_FOUND`,
    /// `GIT_AUTH_FAILED` or `SANDBOX_DESTROYED` (the current API; unknown codes are kept).
    public var code: String?
    /// Which part of Daytona answered, when it said: `DAYTONA_API`, `DAYTONA_DAEMON` (the
    /// toolbox) or `DAYTONA_PROXY`.
    public var source: String?

    /// Creates an error.
    public init(
        _ category: Category,
        message: String,
        statusCode: Int? = nil,
        serverMessage: String? = nil,
        responseBody: Data? = nil,
        underlyingError: (any Error)? = nil,
        code: String? = nil,
        source: String? = nil
    ) {
        self.category = category
        self.message = message
        self.statusCode = statusCode
        self.serverMessage = serverMessage
        self.responseBody = responseBody
        self.underlyingError = underlyingError
        self.code = code
        self.source = source
    }

    /// The message, e.g. `Failed to get sandbox: Sandbox with ID x not found`.
    public var description: String { message }

    /// The message with the category and status, for logs.
    public var debugDescription: String {
        var text = "DaytonaError(\(category)"
        if let statusCode { text += ", status \(statusCode)" }
        if let code { text += ", code \(code)" }
        text += "): \(message)"
        return text
    }

    /// The message, for `localizedDescription`.
    public var errorDescription: String? { message }

    /// The same error with `prefix` in front of its message.
    func prefixed(_ prefix: String) -> DaytonaError {
        var copy = self
        copy.message = prefix + message
        return copy
    }

    /// The same error with every occurrence of the given secrets replaced by `<redacted>`.
    func redacting(_ secrets: [String]) -> DaytonaError {
        let secrets = secrets.filter { $0.count >= 3 }
        guard !secrets.isEmpty else { return self }
        var copy = self
        copy.message = Redaction.redact(message, secrets)
        copy.serverMessage = serverMessage.map { Redaction.redact($0, secrets) }
        copy.responseBody = responseBody.map { Redaction.redact($0, secrets) }
        if let underlying = underlyingError, secrets.contains(where: { "\(underlying)".contains($0) }) {
            copy.underlyingError = nil
        }
        return copy
    }

    static func invalidArgument(_ message: String) -> DaytonaError {
        DaytonaError(.invalidArgument, message: message)
    }
}

enum Redaction {
    static let placeholder = "<redacted>"

    /// `body` with every occurrence of a secret replaced, byte by byte, whatever the rest of
    /// the body is (not valid UTF-8, binary): the secret as UTF-8, UTF-16 (either byte order)
    /// and percent-encoded.
    static func redact(_ body: Data, _ secrets: [String]) -> Data {
        var result = body
        for secret in secrets {
            var forms = [Data(secret.utf8)]
            forms.append(Data(secret.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }))
            forms.append(Data(secret.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }))
            if let encoded = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics), encoded != secret {
                forms.append(Data(encoded.utf8))
            }
            for form in forms where !form.isEmpty {
                let replacement = Data(placeholder.utf8)
                var searchStart = result.startIndex
                while let range = result.range(of: form, in: searchStart..<result.endIndex) {
                    result.replaceSubrange(range, with: replacement)
                    searchStart = range.lowerBound + replacement.count
                }
            }
        }
        return result
    }

    static func redact(_ text: String, _ secrets: [String]) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: placeholder)
        }
        return result
    }
}

/// Runs `body` and gives any failure the reference SDK's message prefix.
///
/// A `DaytonaError` gets `prefix` in front of its message; `CancellationError` passes through
/// untouched; anything else becomes a `DaytonaError` of category `transport`.
func withContext<T>(
    _ prefix: String,
    redacting secrets: [String] = [],
    _ body: () async throws -> T
) async throws -> T {
    do {
        return try await body()
    } catch let error as DaytonaError {
        throw error.prefixed(prefix).redacting(secrets)
    } catch is CancellationError {
        throw CancellationError()
    } catch {
        throw DaytonaError(.transport, message: prefix + "\(error)", underlyingError: error).redacting(secrets)
    }
}
