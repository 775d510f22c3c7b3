// Runs `Examples.gitLSP` against a real server when DAYTONA_API_KEY (and DAYTONA_API_URL for a server other than app.daytona.io) are
// set (environment or .env), otherwise against the in-process local backend, cloning a sample
// repository made on this machine instead of the reference's GitHub repository.
import Daytona
import DaytonaExamples
import DaytonaLocal

let (daytona, using, backend) = try LocalDaytona.connect()
print(using)
if backend == nil {
    try await Examples.gitLSP(daytona) { print($0) }
} else {
    let repository = try Examples.makeSampleRepository()
    try await Examples.gitLSP(daytona, repository: repository.path, branch: nil) { print($0) }
}
_ = backend  // Keeps the local backend alive until the end.
