import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

/// The sandbox ID used by most tests: it has a space, a slash and a non-ASCII letter, so
/// every path proves its encoding.
let hostileID = "ws 1/ü"
let hostileIDEncoded = "ws%201%2F%C3%BC"

/// A handle on a sandbox without a request, for toolbox tests.
func sandboxHandle(_ client: DaytonaClient, id: String = hostileID, language: CodeLanguage = .python) -> Sandbox {
    Sandbox(
        info: SandboxInfo(id: id, labels: [CodeLanguage.labelKey: language.rawValue], nodeDomain: "node1.daytona.work"), api: client.api)
}

/// What a request must look like on the wire.
struct ExpectedRequest: Sendable {
    var method: String
    var path: String
    var query: String? = nil
    var accept: Bool = false
    var contentType: String? = nil
    var body: String? = nil
}

/// Asserts the exact method, path, encoded query, headers and body of `request`.
func expectRequest(_ request: RecordedRequest?, _ expected: ExpectedRequest, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let request else {
        Issue.record("No request was sent; expected \(expected.method) \(expected.path)", sourceLocation: sourceLocation)
        return
    }
    #expect(request.method == expected.method, sourceLocation: sourceLocation)
    #expect(request.path == expected.path, sourceLocation: sourceLocation)
    #expect(request.query == expected.query, sourceLocation: sourceLocation)
    #expect(request.header("Authorization") == "Bearer test-api-key", sourceLocation: sourceLocation)
    #expect(request.header("User-Agent") == "daytona-swift/\(DaytonaClient.version)", sourceLocation: sourceLocation)
    #expect(request.header("Accept") == (expected.accept ? "application/json" : nil), sourceLocation: sourceLocation)
    if let contentType = expected.contentType {
        if contentType.hasPrefix("multipart/form-data") {
            #expect(request.header("Content-Type")?.hasPrefix("multipart/form-data; boundary=") == true, sourceLocation: sourceLocation)
        } else {
            #expect(request.header("Content-Type") == contentType, sourceLocation: sourceLocation)
        }
    } else {
        #expect(request.header("Content-Type") == nil, sourceLocation: sourceLocation)
    }
    if let body = expected.body {
        #expect(request.bodyText == body, sourceLocation: sourceLocation)
    } else {
        #expect(request.body.isEmpty, "unexpected body: \(request.bodyText)", sourceLocation: sourceLocation)
    }
}

/// Runs `body` and returns the `DaytonaError` it throws (recording an issue if it throws none).
func daytonaError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async -> DaytonaError? {
    do {
        try await body()
        Issue.record("Expected a DaytonaError, but nothing was thrown", sourceLocation: sourceLocation)
        return nil
    } catch let error as DaytonaError {
        return error
    } catch {
        Issue.record("Expected a DaytonaError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The suites whose assertions measure time (deadlines, cancellation latency) or load the
/// machine (1,000 concurrent calls, fuzzing): they run one at a time, so that on a two-core
/// machine a heavy test never starves a timed one of threads.
@Suite(.serialized) struct TimingSensitive {}
