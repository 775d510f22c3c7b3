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
            ["DAYTONA_API_KEY": "k", "DAYTONA_API_URL": "https://app.daytona.io/api/", "DAYTONA_TARGET": "eu"], directory: directory)
        #expect(configuration.apiKey == "k")
        #expect(configuration.apiURL.absoluteString == "https://app.daytona.io/api/")
        #expect(configuration.target == .eu)
        #expect(configuration.api == .automatic)
        #expect(configuration.jwtToken == nil)
    }

    @Test func apiURLDefaultsAndTheDeprecatedServerURLIsStillRead() throws {
        let directory = try temporaryDirectory(files: [:])
        defer { try? FileManager.default.removeItem(at: directory) }
        let defaulted = try DaytonaConfiguration.fromEnvironment(["DAYTONA_API_KEY": "k"], directory: directory)
        #expect(defaulted.apiURL.absoluteString == "https://app.daytona.io/api")
        #expect(defaulted.target == nil)
        let legacy = try DaytonaConfiguration.fromEnvironment(
            ["DAYTONA_API_KEY": "k", "DAYTONA_SERVER_URL": "https://old.example/api"], directory: directory)
        #expect(legacy.apiURL.absoluteString == "https://old.example/api")
        let both = try DaytonaConfiguration.fromEnvironment(
            ["DAYTONA_API_KEY": "k", "DAYTONA_SERVER_URL": "https://old.example/api", "DAYTONA_API_URL": "https://new.example/api"],
            directory: directory)
        #expect(both.apiURL.absoluteString == "https://new.example/api")
        #expect(throws: DaytonaError.self) {
            try DaytonaConfiguration.fromEnvironment(["DAYTONA_API_KEY": "k", "DAYTONA_API_URL": "not a url"], directory: directory)
        }
    }

    @Test func environmentThenDotEnvLocalThenDotEnvAndNeverTheURLFromAFile() throws {
        let directory = try temporaryDirectory(files: [
            ".env":
                "# comment\nDAYTONA_API_KEY=from-env-file\nexport DAYTONA_API_URL=\"https://env.example/api\"\nDAYTONA_TARGET='asia'\n",
            ".env.local": "DAYTONA_SERVER_URL=https://local.example/api # local override\nDAYTONA_TARGET=eu\n",
        ])
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = try DaytonaConfiguration.fromEnvironment(["DAYTONA_API_KEY": "from-process"], directory: directory)
        #expect(configuration.apiKey == "from-process")
        // A dotenv file never decides where the key goes.
        #expect(configuration.apiURL.absoluteString == "https://app.daytona.io/api")
        #expect(configuration.target == .eu)

        let fileOnly = try DaytonaConfiguration.fromEnvironment([:], directory: directory)
        #expect(fileOnly.apiKey == "from-env-file")
    }

    @Test func jwtNeedsAnOrganizationAndSendsItsHeader() async throws {
        let directory = try temporaryDirectory(files: [:])
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: DaytonaError.self) {
            try DaytonaConfiguration.fromEnvironment(["DAYTONA_JWT_TOKEN": "jwt-secret"], directory: directory)
        }
        #expect(
            error?.message
                == "DAYTONA_ORGANIZATION_ID is required when authenticating with DAYTONA_JWT_TOKEN. It can also be provided via DaytonaConfiguration."
        )
        let jwt = try DaytonaConfiguration.fromEnvironment(
            ["DAYTONA_JWT_TOKEN": "jwt-secret", "DAYTONA_ORGANIZATION_ID": "org-9"], directory: directory)
        #expect(jwt.apiKey.isEmpty)
        #expect(jwt.jwtToken == "jwt-secret")
        #expect(jwt.organizationID == "org-9")
        #expect(!jwt.description.contains("jwt-secret"))

        let stub = DaytonaStub()
        stub.on(.get, "/sandbox/{id}", respond: .sandbox(id: "sb-1"))
        var configuration = jwt
        configuration.apiURL = stub.apiURL
        configuration.api = .current
        _ = try await DaytonaClient(configuration: configuration, sessionConfiguration: stub.sessionConfiguration).sandbox(id: "sb-1")
        #expect(stub.requests.first?.header("Authorization") == "Bearer jwt-secret")
        #expect(stub.requests.first?.header("X-Daytona-Organization-ID") == "org-9")

        // With an API key, the current API is sent no organization header.
        var keyed = stub.configuration()
        keyed.organizationID = "org-9"
        _ = try await DaytonaClient(configuration: keyed, sessionConfiguration: stub.sessionConfiguration).sandbox(id: "sb-1")
        #expect(stub.requests.count == 2)
        #expect(stub.requests.last?.header("Authorization") == "Bearer test-api-key")
        #expect(stub.requests.last?.header("X-Daytona-Organization-ID") == nil)
    }

    @Test func missingCredentialsAreNamed() throws {
        let directory = try temporaryDirectory(files: [:])
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: DaytonaError.self) {
            try DaytonaConfiguration.fromEnvironment(["DAYTONA_API_URL": "https://x"], directory: directory)
        }
        #expect(error?.category == .configuration)
        #expect(
            error?.message
                == "Authentication credentials not found. Set DAYTONA_API_KEY, or both DAYTONA_JWT_TOKEN and DAYTONA_ORGANIZATION_ID. These can also be provided via DaytonaConfiguration."
        )
        let defaulted = try DaytonaConfiguration.fromEnvironment(
            ["DAYTONA_API_KEY": "k", "DAYTONA_API_URL": "https://x", "DAYTONA_TARGET": ""], directory: directory)
        #expect(defaulted.target == nil)
    }

    @Test func trailingSlashesAndOrganizationHeader() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/workspace", respond: .json("[]"))
        var configuration = stub.configuration(api: .v0_14)
        configuration.apiURL = stub.apiURL.appendingPathComponent("/")
        configuration.organizationID = "org-1"
        let client = DaytonaClient(configuration: configuration, sessionConfiguration: stub.sessionConfiguration)
        _ = try await client.list()
        #expect(stub.requests.first?.url.absoluteString.hasSuffix(".daytona.test/api/workspace") == true)
        #expect(stub.requests.first?.header("X-Daytona-Organization-ID") == "org-1")
    }

    @Test func dumpNeverShowsTheKey() async throws {
        let stub = DaytonaStub(apiKey: "dtn_dump_secret")
        let client = stub.makeClient(api: .v0_14)
        var text = ""
        dump(client.configuration, to: &text)
        dump(sandboxHandle(client), to: &text)
        #expect(!text.contains("dtn_dump_secret"))
        #expect(text.contains("<redacted>"))
    }
}
