import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

@Suite struct ConfigurationTests {
    func temporaryDirectory(files: [String: String]) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("daytona-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for (name, text) in files {
            try Data(text.utf8).write(to: directory.appendingPathComponent(name))
        }
        return directory
    }

    @Test func readsTheEnvironment() throws {
        let directory = try temporaryDirectory(files: [:])
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try DaytonaConfiguration.fromEnvironment(
            ["DAYTONA_API_KEY": "k", "DAYTONA_SERVER_URL": "https://app.daytona.io/api/", "DAYTONA_TARGET": "eu"], directory: directory)
        #expect(configuration.apiKey == "k")
        #expect(configuration.serverURL.absoluteString == "https://app.daytona.io/api/")
        #expect(configuration.target == .eu)
    }

    @Test func dotEnvThenEnvironmentThenDotEnvLocal() throws {
        let directory = try temporaryDirectory(files: [
            ".env":
                "# comment\nDAYTONA_API_KEY=from-env-file\nexport DAYTONA_SERVER_URL=\"https://env.example/api\"\nDAYTONA_TARGET='asia'\n",
            ".env.local": "DAYTONA_SERVER_URL=https://local.example/api # local override\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try DaytonaConfiguration.fromEnvironment(["DAYTONA_API_KEY": "from-process"], directory: directory)
        #expect(configuration.apiKey == "from-process")
        #expect(configuration.serverURL.absoluteString == "https://local.example/api")
        #expect(configuration.target == .asia)

        let fileOnly = try DaytonaConfiguration.fromEnvironment([:], directory: directory)
        #expect(fileOnly.apiKey == "from-env-file")
    }

    @Test func missingSettingsAreNamed() throws {
        let directory = try temporaryDirectory(files: [:])
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: DaytonaError.self) { try DaytonaConfiguration.fromEnvironment([:], directory: directory) }
        do {
            _ = try DaytonaConfiguration.fromEnvironment(["DAYTONA_SERVER_URL": "https://x"], directory: directory)
        } catch let error as DaytonaError {
            #expect(error.category == .configuration)
            #expect(error.message == "API key is required (set DAYTONA_API_KEY)")
        }
        do {
            _ = try DaytonaConfiguration.fromEnvironment(["DAYTONA_API_KEY": "k"], directory: directory)
        } catch let error as DaytonaError {
            #expect(error.message == "Server URL is required (set DAYTONA_SERVER_URL)")
        }
        let defaulted = try DaytonaConfiguration.fromEnvironment(
            ["DAYTONA_API_KEY": "k", "DAYTONA_SERVER_URL": "https://x", "DAYTONA_TARGET": ""], directory: directory)
        #expect(defaulted.target == .us)
    }

    @Test func trailingSlashesAndOrganizationHeader() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace", respond: .json("[]"))
        var configuration = stub.configuration()
        configuration.serverURL = stub.serverURL.appendingPathComponent("/")
        configuration.organizationID = "org-1"
        let client = DaytonaClient(configuration: configuration, sessionConfiguration: stub.sessionConfiguration)
        _ = try await client.list()
        #expect(stub.requests.first?.url.absoluteString.hasSuffix(".daytona.test/api/workspace") == true)
        #expect(stub.requests.first?.header("X-Daytona-Organization-ID") == "org-1")
    }

    @Test func dumpNeverShowsTheKey() async throws {
        let stub = DaytonaStub(apiKey: "dtn_dump_secret")
        let client = stub.makeClient()
        var text = ""
        dump(client.configuration, to: &text)
        dump(sandboxHandle(client), to: &text)
        #expect(!text.contains("dtn_dump_secret"))
        #expect(text.contains("<redacted>"))
    }
}
