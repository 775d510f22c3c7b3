import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

@Suite struct CodeRunTests {
    @Test func noParamsMatchesTheReferenceByteForByte() throws {
        let python = try CodeRunCommand.build(code: "print('hi')", language: .python, params: nil)
        #expect(python == #" sh -c ' python3 -c "exec(__import__(\"base64\").b64decode(\"cHJpbnQoJ2hpJyk=\").decode())" ' "#)
        let typescript = try CodeRunCommand.build(code: "print('hi')", language: .typescript, params: nil)
        #expect(
            typescript
                == #" sh -c 'echo cHJpbnQoJ2hpJyk= | base64 --decode |  npx ts-node -O "{\"module\":\"CommonJS\"}" -e "$(cat)" x  2>&1 | grep -vE "npm notice|npm warn exec"' "#
        )
    }

    @Test func simpleParamsStayReadable() throws {
        let command = try CodeRunCommand.build(
            code: "print('hi')", language: .python, params: CodeRunParams(argv: ["a1", "a2"], env: ["K": "V"]))
        #expect(command == #" sh -c 'K="V" python3 -c "exec(__import__(\"base64\").b64decode(\"cHJpbnQoJ2hpJyk=\").decode())" "a1" "a2"' "#)
        #expect(!command.dropFirst(8).dropLast(2).contains("'"), "the script inside sh -c '…' must hold no single quote")
    }

    @Test func invalidEnvironmentNamesAreRejected() {
        #expect(throws: DaytonaError.self) {
            try CodeRunCommand.build(code: "", language: .python, params: CodeRunParams(env: ["A B": "x"]))
        }
        #expect(throws: DaytonaError.self) {
            try CodeRunCommand.build(code: "", language: .python, params: CodeRunParams(env: ["1A": "x"]))
        }
    }

    static let hostileValues = [
        "plain", "with space", "it's", #"say "hi""#, "$HOME and ${PATH}", "`whoami`", #"back\slash\\n"#, "line1\nline2\n",
        "ünïcødé ✓ 日本", "'; rm -rf / #", "", " leading and trailing ", "$(printf \\047)", "*?[a]", "!bang", "tab\there",
    ]

    /// Runs the generated command with `/bin/sh` and `python3`, as the server's shell would,
    /// and checks that every value arrives unchanged.
    @Test func hostileValuesSurviveARealShell() throws {
        let python = ["/usr/bin/python3", "/usr/local/bin/python3", "/opt/homebrew/bin/python3"].first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let onPath = path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
        try #require(python != nil || onPath != nil, "python3 is needed for this test")

        var env: [String: String] = [:]
        for (index, value) in Self.hostileValues.enumerated() { env["V\(index)"] = value }
        let code = """
            import json, os, sys
            print(json.dumps({"argv": sys.argv[1:], "env": {k: v for k, v in os.environ.items() if k.startswith("V") and k[1:].isdigit()}}))
            """
        let command = try CodeRunCommand.build(code: code, language: .python, params: CodeRunParams(argv: Self.hostileValues, env: env))

        let process = Foundation.Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment.filter {
            !($0.key.hasPrefix("V") && $0.key.dropFirst().allSatisfy(\.isNumber))
        }
        environment["PATH"] = path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "output: \(String(decoding: data, as: UTF8.self))")

        struct Result: Decodable {
            var argv: [String]
            var env: [String: String]
        }
        let result = try JSONDecoder().decode(Result.self, from: data)
        #expect(result.argv == Self.hostileValues)
        #expect(result.env == env)
    }

    @Test func codeRunSendsTheCommandThroughExec() async throws {
        let stub = DaytonaStub()
        stub.on(.post, "/toolbox/{id}/toolbox/process/execute", respond: .executeResult(result: "hi\n"))
        let response = try await sandboxHandle(stub.makeClient(api: .v0_14)).process.codeRun("print('hi')", timeout: .seconds(10))
        #expect(response.result == "hi\n")
        let expected =
            #"{"command":" sh -c ' python3 -c \"exec(__import__(\\\"base64\\\").b64decode(\\\"cHJpbnQoJ2hpJyk=\\\").decode())\" ' ","timeout":10}"#
        #expect(stub.requests.first?.bodyText == expected)
    }
}
