import Foundation

/// Builds the command that ``SandboxProcess/codeRun(_:params:timeout:)`` sends: the reference
/// SDK's templates (WIRE.md §6.7), with every environment value and argument quoted for POSIX
/// `sh`.
///
/// The command passes through two parsers: the server's splitter (or an outer shell), which
/// takes the single-quoted script after `sh -c` literally, then the inner `sh`, which runs the
/// script. So the script itself must contain no single quote: each value is written in double
/// quotes with `\`, `"`, `$` and backticks escaped, and a `'` in a value is produced by
/// `$(printf \\047)`. With no parameters the result is byte-for-byte the reference's.
enum CodeRunCommand {
    static func build(code: String, language: CodeLanguage, params: CodeRunParams?) throws -> String {
        let base64 = Data(code.utf8).base64EncodedString()
        let env = try environment(params?.env ?? [:])
        let argv = (params?.argv ?? []).map(quote).joined(separator: " ")
        switch language {
        case .python:
            return #" sh -c '\#(env) python3 -c "exec(__import__(\"base64\").b64decode(\"\#(base64)\").decode())" \#(argv)' "#
        case .typescript, .javascript:
            return
                #" sh -c 'echo \#(base64) | base64 --decode | \#(env) npx ts-node -O "{\"module\":\"CommonJS\"}" -e "$(cat)" x \#(argv) 2>&1 | grep -vE "npm notice|npm warn exec"' "#
        default:
            throw DaytonaError.invalidArgument("Unsupported language: \(language)")
        }
    }

    /// `K1="v1" K2="v2"`, in key order.
    static func environment(_ env: [String: String]) throws -> String {
        try env.keys.sorted().map { key in
            guard isShellName(key) else {
                throw DaytonaError.invalidArgument("Environment variable name \"\(key)\" is not a valid shell name")
            }
            return key + "=" + quote(env[key] ?? "")
        }.joined(separator: " ")
    }

    /// `value` as one double-quoted shell word that contains no single quote.
    static func quote(_ value: String) -> String {
        var result = "\""
        for character in value {
            switch character {
            case "\\", "\"", "$", "`":
                result.append("\\")
                result.append(character)
            case "'":
                result.append(#"$(printf \\047)"#)
            default:
                result.append(character)
            }
        }
        result.append("\"")
        return result
    }

    static func isShellName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
