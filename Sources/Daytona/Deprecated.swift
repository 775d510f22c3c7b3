import Foundation

// The seed SDK (Daytona 0.14, Python `daytona_sdk` 0.10) called sandboxes "workspaces". Today's
// Daytona calls them sandboxes; these names keep code written against the seed compiling.

/// A handle on one sandbox (the seed's name).
@available(*, deprecated, renamed: "Sandbox")
public typealias Workspace = Sandbox

/// What the server reports about a sandbox (the seed's name).
@available(*, deprecated, renamed: "SandboxInfo")
public typealias WorkspaceInfo = SandboxInfo

/// A sandbox's lifecycle state (the seed's name).
@available(*, deprecated, renamed: "SandboxState")
public typealias WorkspaceState = SandboxState

/// What to create (the seed's name).
@available(*, deprecated, renamed: "CreateSandboxParams")
public typealias CreateWorkspaceParams = CreateSandboxParams

/// CPU, GPU, memory and disk of a sandbox (the seed's name).
@available(*, deprecated, renamed: "SandboxResources")
public typealias WorkspaceResources = SandboxResources

/// Commands, code and sessions inside a sandbox (the seed's name).
@available(*, deprecated, renamed: "SandboxProcess")
public typealias WorkspaceProcess = SandboxProcess

extension DaytonaClient {
    /// Finds a sandbox by ID (the seed's name).
    @available(*, deprecated, renamed: "sandbox(id:)")
    public nonisolated func workspace(id: String) async throws -> Sandbox {
        try await sandbox(id: id)
    }

    /// Creates a sandbox, runs `body` with it and removes it (the seed's name).
    @available(*, deprecated, renamed: "withSandbox(_:timeout:cleanupTimeout:onCleanupFailure:_:)")
    public nonisolated(nonsending) func withWorkspace<T>(
        _ params: CreateSandboxParams = CreateSandboxParams(),
        timeout: Duration? = .seconds(60),
        cleanupTimeout: Duration = .seconds(30),
        onCleanupFailure: (@Sendable (_ sandboxID: String, _ error: any Error) -> Void)? = nil,
        _ body: (Sandbox) async throws -> T
    ) async throws -> T {
        try await withSandbox(params, timeout: timeout, cleanupTimeout: cleanupTimeout, onCleanupFailure: onCleanupFailure, body)
    }
}

extension DaytonaError.Category {
    /// The sandbox reached the `error` state (the seed's name).
    @available(*, deprecated, renamed: "sandboxFailed")
    public static var workspaceFailed: Self { .sandboxFailed }
}
