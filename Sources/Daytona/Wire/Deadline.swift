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
