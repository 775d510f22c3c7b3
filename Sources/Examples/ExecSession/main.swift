// Runs `Examples.execSession` against a real server when DAYTONA_API_KEY (and DAYTONA_API_URL for a server other than app.daytona.io) are
// set (environment or .env), otherwise against the in-process local backend.
import Daytona
import DaytonaExamples
import DaytonaLocal

let (daytona, using, backend) = try LocalDaytona.connect()
print(using)
try await Examples.execSession(daytona) { print($0) }
_ = backend  // Keeps the local backend alive until the end.
