// Fan-out: run a command in N sandboxes at once, at most `limit` at a time, and remove every
// sandbox even when some runs fail.
//
//   DAYTONA_API_KEY=… swift run daytona-fan-out [N] [limit]
import Daytona
import DaytonaLocal
import Foundation

let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
let count = arguments.first ?? 6
let limit = arguments.dropFirst().first ?? 3

let (daytona, using, backend) = try LocalDaytona.connect()
print(using)

let results = await withTaskGroup(of: (Int, Result<String, any Error>).self) { group in
    var results: [(Int, Result<String, any Error>)] = []
    for index in 0..<count {
        if index >= limit, let finished = await group.next() { results.append(finished) }
        group.addTask {
            do {
                let output = try await daytona.withSandbox(CreateSandboxParams(language: .python)) { sandbox in
                    try await sandbox.process.codeRun("import random; print(\(index) * random.randint(1, 6))").result
                }
                return (index, .success(output))
            } catch {
                return (index, .failure(error))
            }
        }
    }
    for await finished in group { results.append(finished) }
    return results
}
for (index, result) in results.sorted(by: { $0.0 < $1.0 }) {
    switch result {
    case .success(let output): print("job \(index): \(output.trimmingCharacters(in: .whitespacesAndNewlines))")
    case .failure(let error): print("job \(index) failed: \(error)")
    }
}
_ = backend  // Keeps the local backend alive until the end.
