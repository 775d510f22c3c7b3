import Foundation

/// Runs `operation`, racing it against `timeout` on `clock` in a task group.
///
/// When the timeout passes first, the operation's task is cancelled, the group waits for it to
/// finish unwinding (so no request outlives the call), and `onTimeout()` is thrown. When the
/// calling task is cancelled, both children are cancelled and `CancellationError` is thrown.
/// A `nil` or zero timeout runs the operation with no deadline.
func withDeadline<T: Sendable>(
    _ timeout: Duration?,
    clock: any Clock<Duration>,
    onTimeout: @autoclosure @escaping @Sendable () -> DaytonaError,
    _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    guard let timeout, timeout > .zero else { return try await operation() }
    return try await withThrowingTaskGroup(of: DeadlineOutcome<T>.self) { group in
        group.addTask { .finished(try await operation()) }
        group.addTask {
            try await clock.sleep(for: timeout)
            return .timedOut
        }
        defer { group.cancelAll() }
        guard let first = try await group.next() else { throw CancellationError() }
        switch first {
        case .finished(let value):
            return value
        case .timedOut:
            // The caller may have been cancelled at the same instant: cancellation wins.
            try Task.checkCancellation()
            throw onTimeout()
        }
    }
}

private enum DeadlineOutcome<T: Sendable>: Sendable {
    case finished(T)
    case timedOut
}

/// Validates a caller's timeout before any request: negative durations are rejected.
func validateTimeout(_ timeout: Duration?, name: String = "Timeout") throws {
    if let timeout, timeout < .zero {
        throw DaytonaError.invalidArgument("\(name) must be a non-negative duration or nil.")
    }
}

extension Duration {
    /// Seconds as the reference SDK prints them in messages: `60`, or `1.5`.
    var secondsText: String { NumberText.format(seconds) }

    /// Whole seconds, rounded up: `1.2 s` is `2`. Used for server-side timeouts.
    var wholeSecondsRoundedUp: Int {
        let parts = components
        let whole = Int(parts.seconds)
        return parts.attoseconds > 0 ? whole + 1 : whole
    }
}

/// Limits how many requests a client has in flight to each host, and measures how long a
/// request waited for its turn (so that a timeout can say so).
///
/// A waiting request holds no connection; cancelling it (its deadline passing) takes it out of
/// the queue. Permits go to waiters first come, first served.
final class ConnectionGate: Sendable {
    /// Requests in flight per host at most; `nil` or below 1 for no limit.
    let limit: Int?
    private let hosts = Locked<[String: Host]>([:])
    private let nextID = Locked<UInt64>(0)

    private struct Host {
        var active = 0
        var waiters: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    }

    init(limit: Int?) {
        self.limit = limit.flatMap { $0 > 0 ? $0 : nil }
    }

    /// The host and port of `url` as its text spells them: the permits' key. Read from the
    /// URL's text, because asking Foundation for `host` parses the URL again on Linux.
    static func key(for url: URL) -> String {
        let text = url.absoluteString
        guard let start = text.range(of: "://") else { return text }
        return String(text[start.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" })
    }

    /// Runs `body` once a permit for `host` is free; `waited` hears how long that took (when it
    /// took any time at all), before `body` starts and while still waiting.
    func withPermit<T>(
        for host: String, waiting: Locked<Waiting>?, _ body: () async throws -> T
    ) async throws -> T {
        guard let limit else { return try await body() }
        try await acquire(host, limit: limit, waiting: waiting)
        defer { release(host) }
        return try await body()
    }

    /// How long a request waited for a free connection.
    struct Waiting: Sendable {
        var since: ContinuousClock.Instant?
        var waited: Duration = .zero

        /// The time spent waiting so far.
        var total: Duration {
            guard let since else { return waited }
            return waited + since.duration(to: .now)
        }
    }

    private func acquire(_ host: String, limit: Int, waiting: Locked<Waiting>?) async throws {
        let free = hosts.withLock { hosts -> Bool in
            guard hosts[host, default: Host()].active < limit else { return false }
            hosts[host, default: Host()].active += 1
            return true
        }
        if free { return }
        let id = nextID.withLock { id -> UInt64 in
            id += 1
            return id
        }
        let start = ContinuousClock.now
        waiting?.withLock { $0.since = start }
        defer {
            waiting?.withLock { state in
                state.waited += start.duration(to: .now)
                state.since = nil
            }
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome = hosts.withLock { hosts -> Result<Void, any Error>? in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if hosts[host, default: Host()].active < limit {
                        hosts[host, default: Host()].active += 1
                        return .success(())
                    }
                    hosts[host, default: Host()].waiters.append((id, continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = hosts.withLock { hosts -> CheckedContinuation<Void, any Error>? in
                guard let index = hosts[host]?.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return hosts[host]?.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    private func release(_ host: String) {
        let next = hosts.withLock { hosts -> CheckedContinuation<Void, any Error>? in
            guard var entry = hosts[host] else { return nil }
            defer { hosts[host] = entry.active == 0 && entry.waiters.isEmpty ? nil : entry }
            // The permit passes straight to the first waiter.
            guard entry.waiters.isEmpty else { return entry.waiters.removeFirst().continuation }
            entry.active -= 1
            return nil
        }
        next?.resume()
    }
}
