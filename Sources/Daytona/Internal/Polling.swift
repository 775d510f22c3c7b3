import Foundation

/// Starts from `initial` (an answer already at hand) and fetches the value again until
/// `isDone` accepts it, waiting 100 ms at first and backing off to 1 s; `failure` turns a value
/// into an error that ends the wait. Cancellation and deadlines come from the caller's task
/// (the clock's sleep throws when it is cancelled).
func pollValue<Value: Sendable>(
    from initial: Value,
    clock: any Clock<Duration>,
    fetch: () async throws -> Value,
    isDone: (Value) -> Bool,
    failure: (Value) -> DaytonaError?
) async throws -> Value {
    var interval = Duration.milliseconds(100)
    var next: Value? = initial
    while true {
        let value: Value
        if let known = next {
            value = known
            next = nil
        } else {
            value = try await fetch()
        }
        if isDone(value) { return value }
        if let error = failure(value) { throw error }
        try await clock.sleep(for: interval)
        interval = min(interval * 3 / 2, .seconds(1))
    }
}
