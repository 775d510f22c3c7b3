import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

@Suite struct ErrorTests {
    @Test(arguments: [
        (#"{"statusCode":404,"message":"Sandbox with ID x not found","error":"Not Found"}"#, "Sandbox with ID x not found"),
        (
            #"{"statusCode":400,"message":["name must be a string","cpu must be a number"],"error":"Bad Request"}"#,
            "name must be a string; cpu must be a number"
        ),
        (#"{"statusCode":400,"message":"bad path","code":"Bad Request","method":"GET"}"#, "bad path"),
        ("<html><body>502 Bad Gateway</body></html>", "<html><body>502 Bad Gateway</body></html>"),
        (
            #"{"error":"request body must be {\"paths\": [ ... ]} and non-empty"}"#,
            #"request body must be {"paths": [ ... ]} and non-empty"#
        ),
        (#"{"errors":["/tmp/a: create: denied","/tmp/b: create: denied"],"files":[]}"#, "/tmp/a: create: denied, /tmp/b: create: denied"),
        (#"{"other":"no message key"}"#, #"{"other":"no message key"}"#),
        (#"["not","an object"]"#, #"["not","an object"]"#),
        ("", "(500) Reason: Internal Server Error"),
    ])
    func serverMessageExtraction(body: String, expected: String) {
        let response = BufferedResponse(statusCode: body.isEmpty ? 500 : 404, body: Data(body.utf8))
        let message = APIClient.serverMessage(from: response.body) ?? APIClient.genericMessage(status: response.statusCode)
        #expect(message == expected)
    }

    @Test func httpErrorsCarryCategoryStatusMessageAndBody() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace/{id}", respond: .apiError(404, message: "Sandbox with ID x not found"))
        stub.on(.post, "/toolbox/{id}/toolbox/process/execute", respond: .apiError(408, message: "command execution timeout"))
        stub.on(.get, "/workspace", respond: .text("upstream exploded", status: 503))
        let client = stub.makeClient(api: .v0_14)

        let notFound = await daytonaError { _ = try await client.sandbox(id: "x") }
        #expect(notFound?.category == .notFound)
        #expect(notFound?.statusCode == 404)
        #expect(notFound?.serverMessage == "Sandbox with ID x not found")
        #expect(notFound?.message == "Failed to get sandbox: Sandbox with ID x not found")
        #expect(notFound?.responseBody.map { String(decoding: $0, as: UTF8.self).contains("\"statusCode\":404") } == true)
        #expect("\(notFound.map { $0 as any Error } ?? CancellationError())" == "Failed to get sandbox: Sandbox with ID x not found")

        let timeout = await daytonaError { _ = try await sandboxHandle(client).process.exec("sleep 100", timeout: .seconds(1)) }
        #expect(timeout?.category == .timeout)
        #expect(timeout?.message == "Failed to execute command: command execution timeout")

        let server = await daytonaError { _ = try await client.list() }
        #expect(server?.category == .server)
        #expect(server?.message == "Failed to list sandboxes: upstream exploded")
    }

    @Test func transportFailuresAndUndecodableAnswers() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace", respond: .failure(.cannotConnectToHost))
        stub.on(.get, "/workspace/{id}", respond: .json(#"["wrong"]"#))
        let client = stub.makeClient(api: .v0_14)
        let refused = await daytonaError { _ = try await client.list() }
        #expect(refused?.category == .transport)
        #expect(refused?.message == "Failed to list sandboxes: Could not connect to the server")
        let wrong = await daytonaError { _ = try await client.sandbox(id: "w") }
        #expect(wrong?.category == .decoding)
        #expect(wrong?.message.hasPrefix("Failed to get sandbox: Could not read the server's answer as SandboxInfo") == true)
    }

    @Test func secretsNeverAppearInErrors() async throws {
        let key = "dtn_super_secret_key_123"
        let password = "hunter2-password"
        let stub = DaytonaStub(apiKey: key)
        stub.on(.get, "/workspace/{id}", respond: .apiError(401, message: "Invalid API key \(key)"))
        stub.on(.post, "/toolbox/{id}/toolbox/git/clone", respond: .apiError(400, message: "auth failed for u:\(password)@x"))
        stub.on(.post, "/toolbox/{id}/toolbox/git/push", respond: .text("fatal: \(password) rejected", status: 500))
        let client = stub.makeClient(api: .v0_14)
        let errors = [
            await daytonaError { _ = try await client.sandbox(id: "w") },
            await daytonaError {
                try await sandboxHandle(client).git.clone(url: "https://x/y", to: "/r", username: "u", password: password)
            },
            await daytonaError { try await sandboxHandle(client).git.push(in: "/r", username: "u", password: password) },
        ]
        #expect(errors.count == 3)
        for error in errors {
            let error = try #require(error)
            for text in [
                error.message, error.description, error.debugDescription, error.serverMessage ?? "", error.localizedDescription,
                String(decoding: error.responseBody ?? Data(), as: UTF8.self), "\(error)", String(reflecting: error),
            ] {
                #expect(!text.contains(key) && !text.contains(password), "leaked in: \(text)")
            }
            #expect(error.message.contains("<redacted>"))
        }
        #expect(!"\(client.configuration)".contains(key))
        #expect(!String(reflecting: client.configuration).contains(key))
    }
}
