import Foundation

// Sandbox-wide toolbox calls of the current API (WIRE-current §3.1).
extension Sandbox {
    /// The sandbox user's home directory, e.g. `/home/daytona` (`GET …/user-home-dir` on the
    /// current API, `GET …/project-dir` on 0.14, which answers the same).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get user home directory: `.
    public func userHomeDirectory() async throws -> String {
        try await withContext("Failed to get user home directory: ") { try await fetchHomeDirectory() }
    }

    func fetchHomeDirectory() async throws -> String {
        let route = toolbox.dialect == .current ? "/user-home-dir" : "/project-dir"
        return try await toolbox.send(.get(toolbox.path(route)), decoding: Current.Directory.self).dir ?? ""
    }

    /// The sandbox's work directory: the image's `WORKDIR`, else the home directory
    /// (`GET …/work-dir`, current API only). Relative paths in toolbox calls resolve against
    /// it, and sessions start in it.
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get work directory: `; `unsupported` on
    ///   0.14.
    public func workDirectory() async throws -> String {
        try await withContext("Failed to get work directory: ") {
            try toolbox.requireCurrent("The work directory")
            return try await toolbox.send(.get(toolbox.path("/work-dir")), decoding: Current.Directory.self).dir ?? ""
        }
    }

    /// Changes the environment of the sandbox's toolbox daemon (`POST …/env`, current API only).
    /// Processes, sessions and terminals started afterwards inherit it; running ones keep
    /// theirs.
    ///
    /// ```swift
    /// try await sandbox.updateEnvironment(["API_URL": "https://example.com"], unset: ["DEBUG"])
    /// ```
    ///
    /// - Parameters:
    ///   - variables: Variables to set.
    ///   - unset: Names to remove first.
    /// - Throws: ``DaytonaError`` prefixed `Failed to update environment: `; `unsupported` on
    ///   0.14.
    public func updateEnvironment(_ variables: [String: String], unset: [String]? = nil) async throws {
        try await withContext("Failed to update environment: ") {
            try toolbox.requireCurrent("Updating the environment")
            _ = try await toolbox.send(
                try .post(toolbox.path("/env"), json: Current.UpdateEnv(set: variables, unset: unset), expectsBody: true))
        }
    }

    /// The sandbox's current CPU, memory and disk use, read from its toolbox daemon
    /// (`GET …/system/metrics`, current API; Python: `get_metrics_latest`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get sandbox metrics: `; `unsupported` on
    ///   0.14.
    public func systemMetrics() async throws -> SystemMetrics {
        try await withContext("Failed to get sandbox metrics: ") {
            try toolbox.requireCurrent("System metrics")
            return SystemMetrics(try await toolbox.send(.get(toolbox.path("/system/metrics")), decoding: Current.SystemMetrics.self))
        }
    }
}
