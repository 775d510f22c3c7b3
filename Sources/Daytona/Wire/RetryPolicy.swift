import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// When and how often the client repeats a request that failed for a passing reason.
///
/// Idempotent requests (`GET`, `PUT`, `DELETE`) are retried after a connection failure and on
/// the statuses 408, 429, 502, 503 and 504, with exponential backoff and jitter, honouring a
/// `Retry-After` header. A `POST` is retried only when it never reached the server (the
/// connection was refused), so nothing is ever done twice.
///
/// ```swift
/// var configuration = DaytonaConfiguration(apiKey: key, apiURL: url)
/// configuration.retryPolicy = RetryPolicy(maxAttempts: 5, baseDelay: .milliseconds(250))
/// configuration.retryPolicy = .none     // never retry
/// ```
public struct RetryPolicy: Sendable, Hashable {
    /// How many times a request is sent at most, the first included (1 = never retry).
    public var maxAttempts: Int
    /// The delay before the first retry; each later retry waits twice as long.
    public var baseDelay: Duration
    /// The longest delay between two attempts, `Retry-After` included.
    public var maxDelay: Duration
    /// Whether each delay is drawn at random from its upper half, so that many clients do not
    /// retry in step.
    public var jitter: Bool

    /// Creates a policy.
    public init(maxAttempts: Int = 3, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10), jitter: Bool = true) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(.zero, baseDelay)
        self.maxDelay = max(.zero, maxDelay)
        self.jitter = jitter
    }

    /// Three attempts, 200 ms then 400 ms apart (with jitter), at most 10 s.
    public static let `default` = RetryPolicy()

    /// Never retry.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The statuses that are worth another try for an idempotent request.
    static let retryableStatuses: Set<Int> = [408, 429, 502, 503, 504]

    /// Whether `method` may be sent again after `outcome`.
    func shouldRetry(_ method: HTTPRequest.Method, after outcome: Outcome) -> Bool {
        let idempotent = method == .get || method == .put || method == .delete
        switch outcome {
        case .status(let status): return idempotent && Self.retryableStatuses.contains(status)
        case .refused: return true
        case .connectionFailure: return idempotent
        case .other: return false
        }
    }

    /// The delay before attempt `attempt + 1` (attempt counts from 1), or what the server asked
    /// for in `Retry-After`, capped at ``maxDelay``.
    func delay(afterAttempt attempt: Int, retryAfter: Duration?, random: Double) -> Duration {
        if let retryAfter { return min(max(retryAfter, .zero), maxDelay) }
        let exponent = min(max(attempt - 1, 0), 30)
        let full = min(baseDelay * (1 << exponent), maxDelay)
        guard jitter else { return full }
        return full / 2 + (full / 2) * min(max(random, 0), 1)
    }

    /// What happened to one attempt.
    enum Outcome {
        /// An HTTP answer with this status.
        case status(Int)
        /// The connection was refused: the request never reached the server.
        case refused
        /// The connection failed or broke; the request may have reached the server.
        case connectionFailure
        /// Anything else (not retried).
        case other

        init(_ error: any Error) {
            guard let urlError = error as? URLError else {
                self = .other
                return
            }
            switch urlError.code {
            case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet:
                self = .refused
            case .networkConnectionLost, .secureConnectionFailed, .badServerResponse:
                self = .connectionFailure
            case .timedOut:
                // Silence for the whole idle timeout: another try would wait as long again.
                self = .other
            default:
                self = .other
            }
        }
    }

    /// Reads `Retry-After` as seconds or as an HTTP date.
    static func retryAfter(_ value: String?, now: Date = Date()) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = Double(value), seconds.isFinite, seconds >= 0 {
            return .milliseconds(Int64(min(seconds, 86_400) * 1000))
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: value) else { return nil }
        let seconds = max(0, min(date.timeIntervalSince(now), 86_400))
        return .milliseconds(Int64(seconds * 1000))
    }
}
