import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

@Suite struct CurrentToolboxMultipartTests {
    @Test func bulkUploadBodyHasPathPartsFirstThenFileParts() async throws {
        let stub = DaytonaStub()
        stub.on(.post, "/toolbox/{id}/files/bulk-upload", respond: .bulkUploadResult(written: [("/tmp/1.txt", 3), ("/tmp/a b#?.bin", 3)]))
        let sandbox = currentSandboxHandle(stub, stub.makeClient())
        let results = try await sandbox.fs.uploadFiles([
            FileUpload(Data("one".utf8), to: "/tmp/1.txt"), FileUpload(Data("two".utf8), to: "/tmp/a b#?.bin"),
        ])
        #expect(results.map(\.succeeded) == [true, true])
        #expect(results.map(\.bytesWritten) == [3, 3])
        let request = try #require(stub.requests.first)
        let contentType = try #require(request.header("Content-Type"))
        let boundary = String(contentType.dropFirst("multipart/form-data; boundary=".count))
        #expect(boundary.count == 32)
        let expected =
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"files[0].path\"\r\n\r\n/tmp/1.txt\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"files[1].path\"\r\n\r\n/tmp/a b#?.bin\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"files[0].file\"; filename=\"/tmp/1.txt\"\r\nContent-Type: text/plain\r\n\r\none\r\n"
            + "--\(boundary)\r\nContent-Disposition: form-data; name=\"files[1].file\"; filename=\"/tmp/a b#?.bin\"\r\nContent-Type: application/octet-stream\r\n\r\ntwo\r\n"
            + "--\(boundary)--\r\n"
        #expect(request.bodyText == expected)
        #expect(request.header("Accept") == "*/*")
    }

    @Test func uploadFromFileURLStreamsTheSameBodyWithProgress() async throws {
        let stub = DaytonaStub()
        stub.on(.post, "/toolbox/{id}/files/bulk-upload", respond: .bulkUploadResult(written: [("/tmp/s.txt", 8)]))
        let sandbox = currentSandboxHandle(stub, stub.makeClient())
        let source = FileManager.default.temporaryDirectory.appendingPathComponent("daytona-test-\(UUID().uuidString).txt")
        try Data("streamed".utf8).write(to: source)
        defer { try? FileManager.default.removeItem(at: source) }
        let reports = Locked<[TransferProgress]>([])
        try await sandbox.fs.uploadFile(from: source, to: "/tmp/s.txt") { progress in reports.withLock { $0.append(progress) } }
        #expect(reports.current.last == TransferProgress(bytesTransferred: 8, totalBytes: 8))
        let request = try #require(stub.requests.first)
        #expect(request.path == "/toolbox/sb-1/files/bulk-upload")
        #expect(request.bodyText.contains("name=\"files[0].path\"\r\n\r\n/tmp/s.txt\r\n"))
        #expect(request.bodyText.contains("filename=\"/tmp/s.txt\"\r\nContent-Type: text/plain\r\n\r\nstreamed\r\n"))
    }

    @Test func a400WithPartialSuccessIsReportedPerFile() async throws {
        let stub = DaytonaStub()
        stub.on(
            .post, "/toolbox/{id}/files/bulk-upload",
            respond: .bulkUploadResult(written: [("/tmp/ok.txt", 2)], errors: ["/root/no.txt: create: permission denied"]))
        let sandbox = currentSandboxHandle(stub, stub.makeClient())
        let results = try await sandbox.fs.uploadFiles([
            FileUpload(Data("ok".utf8), to: "/tmp/ok.txt"), FileUpload(Data("no".utf8), to: "/root/no.txt"),
        ])
        #expect(results[0].succeeded)
        #expect(results[1].error?.statusCode == 400)
        #expect(results[1].error?.message == "/root/no.txt: create: permission denied")
        // A single upload throws its file's error.
        let error = await daytonaError { try await sandbox.fs.uploadFile(Data("no".utf8), to: "/root/no.txt") }
        #expect(error?.message == "Failed to upload file: /root/no.txt: create: permission denied")
    }

    @Test func a400ThatNamesNoFileFailsTheWholeUpload() async throws {
        let stub = DaytonaStub()
        stub.on(.post, "/toolbox/{id}/files/bulk-upload", respond: .json(#"{"errors":["invalid multipart form"]}"#, status: 400))
        let sandbox = currentSandboxHandle(stub, stub.makeClient())
        let error = await daytonaError { _ = try await sandbox.fs.uploadFiles([FileUpload(Data("x".utf8), to: "/tmp/x")]) }
        #expect(error?.category == .badRequest)
        #expect(error?.message == "Failed to upload files: invalid multipart form")
    }

    @Test func bulkDownloadMatchesPartsByExactPathAndReportsErrorParts() async throws {
        let stub = DaytonaStub()
        let odd = "/tmp/dir/ü \"q\".txt"
        stub.on(
            .post, "/toolbox/{id}/files/bulk-download",
            respond: .bulkDownload(
                files: [(odd, Data("odd".utf8)), ("/tmp/other/a.txt", Data("other".utf8)), ("/tmp/a.txt", Data("a".utf8))],
                errors: [("/tmp/missing.txt", 404, "FILE_NOT_FOUND", "file not found: /tmp/missing.txt")]
            ).chunked(by: 7))
        let sandbox = currentSandboxHandle(stub, stub.makeClient())
        let results = try await sandbox.fs.downloadFiles([
            FileDownloadRequest(source: "/tmp/a.txt"), FileDownloadRequest(source: "/tmp/missing.txt"),
            FileDownloadRequest(source: odd), FileDownloadRequest(source: "/tmp/never.txt"),
        ])
        #expect(results[0].data == Data("a".utf8))
        #expect(results[1].error?.category == .notFound)
        #expect(results[1].error?.code == "FILE_NOT_FOUND")
        #expect(results[1].error?.message == "file not found: /tmp/missing.txt")
        #expect(results[2].data == Data("odd".utf8))
        #expect(results[3].error?.message == "No data received for this file")
        #expect(stub.requests.first?.bodyText == #"{"paths":["/tmp/a.txt","/tmp/missing.txt","/tmp/dir/ü \"q\".txt","/tmp/never.txt"]}"#)
    }

    @Test func singleDownloadThrowsTheErrorPart() async throws {
        let stub = DaytonaStub()
        stub.on(
            .post, "/toolbox/{id}/files/bulk-download",
            respond: .bulkDownload(files: [], errors: [("/tmp/missing.txt", 404, "FILE_NOT_FOUND", "file not found: /tmp/missing.txt")]))
        let sandbox = currentSandboxHandle(stub, stub.makeClient())
        let error = await daytonaError { _ = try await sandbox.fs.downloadFile(at: "/tmp/missing.txt") }
        #expect(error?.category == .notFound)
        #expect(error?.message == "Failed to download file: file not found: /tmp/missing.txt")
    }

    @Test func aMissingClosingBoundaryIsAnErrorAndLeavesNoPartialFile() async throws {
        let stub = DaytonaStub()
        stub.on(
            .post, "/toolbox/{id}/files/bulk-download", respond: .bulkDownload(files: [("/tmp/a.txt", Data("hello".utf8))], closed: false))
        let sandbox = currentSandboxHandle(stub, stub.makeClient())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("daytona-dl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let destination = folder.appendingPathComponent("a.txt")
        try Data("old".utf8).write(to: destination)
        let error = await daytonaError { try await sandbox.fs.downloadFile(at: "/tmp/a.txt", to: destination) }
        #expect(error?.message.contains("closing boundary") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["a.txt"])
        #expect(try Data(contentsOf: destination) == Data("old".utf8))
        let inMemory = await daytonaError { _ = try await sandbox.fs.downloadFile(at: "/tmp/a.txt") }
        #expect(inMemory?.message.contains("Truncated multipart response") == true)
    }

    @Test func downloadToFileReportsProgressFromThePartLength() async throws {
        let stub = DaytonaStub()
        let bytes = Data((0..<1000).map { UInt8($0 % 251) })
        stub.on(.post, "/toolbox/{id}/files/bulk-download", respond: .bulkDownload(files: [("/tmp/b.bin", bytes)]).chunked(by: 64))
        let sandbox = currentSandboxHandle(stub, stub.makeClient())
        let destination = FileManager.default.temporaryDirectory.appendingPathComponent("daytona-dl-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: destination) }
        let reports = Locked<[TransferProgress]>([])
        try await sandbox.fs.downloadFile(at: "/tmp/b.bin", to: destination) { progress in reports.withLock { $0.append(progress) } }
        #expect(try Data(contentsOf: destination) == bytes)
        #expect(reports.current.last == TransferProgress(bytesTransferred: 1000, totalBytes: 1000))
        #expect(reports.current.allSatisfy { $0.totalBytes == 1000 })
    }

    @Test func multipartReaderReadsFilenameStarAndQuotedPairs() throws {
        let parameters = HeaderParameters.parse(#"form-data; name="file"; filename="/a \"b\"\\c"; filename*=utf-8''%2Fa%20%C3%BC"#)
        #expect(parameters.token == "form-data")
        #expect(parameters.values["name"] == "file")
        #expect(parameters.values["filename"] == #"/a "b"\c"#)
        #expect(parameters.preferred("filename") == "/a ü")
        #expect(MultipartReader.boundary(fromContentType: "multipart/form-data; boundary=\"X Y\"") == "X Y")
    }

    @Test func multipartReaderHandlesEveryCutOfTheBody() throws {
        let body = Data(
            ("preamble\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"/a\"\r\nContent-Length: 6\r\n\r\nx\r\n--y\r\n"
                + "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"/b\"\r\n\r\n\r\n--B--\r\n").utf8)
        for cut in 0...body.count {
            var reader = MultipartReader(boundary: "B")
            var events = try reader.feed(body.prefix(cut))
            events += try reader.feed(body.dropFirst(cut))
            try reader.finish()
            var contents: [Data] = []
            for event in events {
                switch event {
                case .partStart: contents.append(Data())
                case .bytes(let data): contents[contents.count - 1].append(data)
                case .partEnd: break
                }
            }
            #expect(contents == [Data("x\r\n--y".utf8), Data()], "cut at \(cut)")
        }
    }
}

@Suite struct CurrentToolboxStreamTests {
    static let marked = Array("\u{1}\u{1}\u{1}out ü\n\u{2}\u{2}\u{2}err\n\u{1}\u{1}\u{1}more\n".utf8)

    @Test func splitMarkersAtEveryByteBoundary() {
        for cut in 0...Self.marked.count {
            var demuxer = StreamDemuxer()
            let parts = demuxer.feed(Self.marked[..<cut]) + demuxer.feed(Self.marked[cut...]) + demuxer.flush()
            let stdout = parts.filter { $0.0 == .stdout }.map(\.1).joined()
            let stderr = parts.filter { $0.0 == .stderr }.map(\.1).joined()
            #expect(stdout == "out ü\nmore\n", "cut at \(cut)")
            #expect(stderr == "err\n", "cut at \(cut)")
            #expect(parts.map(\.1).joined() == "out ü\nerr\nmore\n", "cut at \(cut)")
        }
    }

    @Test func everyByteAlone() {
        var demuxer = StreamDemuxer()
        var parts: [(StreamDemuxer.Stream, String)] = []
        for byte in Self.marked { parts += demuxer.feed([byte]) }
        parts += demuxer.flush()
        #expect(parts.filter { $0.0 == .stderr }.map(\.1).joined() == "err\n")
        #expect(parts.map(\.1).joined() == "out ü\nerr\nmore\n")
    }

    @Test func textWithoutMarkersIsStdoutAndLoneMarkerBytesAreKept() {
        #expect(StreamDemuxer.split("plain").stdout == "plain")
        #expect(StreamDemuxer.stripped("a\u{1}\u{1}b") == "a\u{1}\u{1}b")
    }

    @Test func followingByPollingYieldsStdoutAndStderrApart() async throws {
        let stub = DaytonaStub()
        let out1 = "\u{1}\u{1}\u{1}building\n"
        let all = out1 + "\u{2}\u{2}\u{2}warn\n\u{1}\u{1}\u{1}done\n"
        stub.on(
            .get, "/toolbox/{id}/process/session/{sid}/command/{cid}",
            respond: [.sessionCommand(id: "c1", exitCode: nil), .sessionCommand(id: "c1", exitCode: 3)])
        stub.on(
            .get, "/toolbox/{id}/process/session/{sid}/command/{cid}/logs",
            respond: [.sessionLogs(stdout: "", output: String(out1.dropLast(2))), .sessionLogs(stdout: "", output: all)])
        let client = DaytonaClient(
            configuration: stub.configuration(), transport: URLSessionTransport(configuration: stub.sessionConfiguration),
            clock: ImmediateClock())
        let sandbox = currentSandboxHandle(stub, client)
        let output = sandbox.process.followSessionCommandStreams(sessionID: "s1", commandID: "c1")
        var chunks: [SessionOutputChunk] = []
        for try await chunk in output { chunks.append(chunk) }
        #expect(chunks.filter { $0.stream == .stdout }.map(\.text).joined() == "building\ndone\n")
        #expect(chunks.filter { $0.stream == .stderr }.map(\.text).joined() == "warn\n")
        #expect(output.exitCode == 3)
        #expect(stub.requests.allSatisfy { $0.header("Accept") == "application/json" })
    }

    @Test func followingCombinedOnTheCurrentAPIStripsMarkersAndNeverAsksForFollow() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/toolbox/{id}/process/session/{sid}/command/{cid}", respond: .sessionCommand(id: "c1", exitCode: 0))
        stub.on(.get, "/toolbox/{id}/process/session/{sid}/command/{cid}/logs", respond: .sessionLogs(stdout: "a\n", stderr: "b\n"))
        let sandbox = currentSandboxHandle(stub, stub.makeClient())
        let output = sandbox.process.followSessionCommand(sessionID: "s1", commandID: "c1")
        var text = ""
        for try await chunk in output { text += chunk }
        #expect(text == "a\nb\n")
        #expect(output.exitCode == 0)
        #expect(stub.requests.allSatisfy { $0.query == nil })
    }
}

@Suite struct CurrentToolboxInputTests {
    @Test func aProxyURLWithATrailingSlashIsJoinedOnce() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/toolbox/{id}/work-dir", respond: .directory("/w"))
        let sandbox = currentSandboxHandle(stub, stub.makeClient(), proxy: stub.toolboxURL.absoluteString + "//")
        #expect(try await sandbox.workDirectory() == "/w")
        #expect(stub.requests.first?.path == "/toolbox/sb-1/work-dir")
    }

    @Test func hostilePathsAreEncodedInQueriesAndBodies() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/toolbox/{id}/files/info", respond: .toolboxFileInfo(name: "x"))
        stub.on(.post, "/toolbox/{id}/files/bulk-download", respond: .bulkDownload(files: [("../a b#?%ü", Data("z".utf8))]))
        let sandbox = currentSandboxHandle(stub, stub.makeClient())
        _ = try await sandbox.fs.fileInfo(at: "../a b#?%ü")
        #expect(stub.requests.first?.query == "path=../a%20b%23%3F%25%C3%BC")
        #expect(try await sandbox.fs.downloadFile(at: "../a b#?%ü") == Data("z".utf8))
        #expect(stub.requests.last?.bodyText == #"{"paths":["../a b#?%ü"]}"#)
    }

    @Test func badArgumentsFailBeforeAnyRequest() async throws {
        let stub = DaytonaStub()
        let sandbox = currentSandboxHandle(stub, stub.makeClient())
        #expect(await daytonaError { _ = try await sandbox.fs.listFiles(in: "/a", depth: 0) }?.category == .invalidArgument)
        #expect(await daytonaError { _ = try await sandbox.fs.uploadFiles([FileUpload(Data(), to: "")]) }?.category == .invalidArgument)
        #expect(await daytonaError { try await sandbox.git.restore([], in: "/r") }?.category == .invalidArgument)
        #expect(
            await daytonaError { try await sandbox.git.configureUser(name: "a", email: "b", scope: .local) }?.category == .invalidArgument)
        #expect(stub.requests.isEmpty)
    }

    @Test func currentOnlyCallsThrowUnsupportedOn014WithoutARequest() async throws {
        let stub = DaytonaStub()
        let sandbox = sandboxHandle(stub.makeClient(api: .v0_14))
        let calls: [@Sendable () async throws -> Void] = [
            { _ = try await sandbox.workDirectory() },
            { try await sandbox.updateEnvironment(["A": "1"]) },
            { _ = try await sandbox.fs.uploadFiles([FileUpload(Data(), to: "/a")]) },
            { _ = try await sandbox.fs.downloadFiles([FileDownloadRequest(source: "/a")]) },
            { _ = try await sandbox.fs.listFiles(in: "/a", depth: 2) },
            { try await sandbox.fs.deleteFile(at: "/a", recursive: true) },
            { _ = try await sandbox.process.exec("ls", environment: ["A": "1"]) },
            { _ = try await sandbox.process.splitSessionCommandLogs(sessionID: "s", commandID: "c") },
            { try await sandbox.process.sendSessionCommandInput("y\n", sessionID: "s", commandID: "c") },
            {
                _ = try await sandbox.process.executeSessionCommand(
                    SessionExecuteRequest(command: "ls", suppressInputEcho: true), sessionID: "s")
            },
            { for try await _ in sandbox.process.followSessionCommandStreams(sessionID: "s", commandID: "c") {} },
            { _ = try await sandbox.git.branchList(in: "/r") },
            { try await sandbox.git.checkout("b", in: "/r") },
            { try await sandbox.git.deleteBranch("b", in: "/r") },
            { try await sandbox.git.initialize(at: "/r") },
            { _ = try await sandbox.git.remotes(in: "/r") },
            { try await sandbox.git.addRemote("o", url: "u", in: "/r") },
            { try await sandbox.git.reset(in: "/r") },
            { try await sandbox.git.restore(["a"], in: "/r") },
            { try await sandbox.git.configureUser(name: "a", email: "b") },
            { try await sandbox.git.commit(in: "/r", message: "m", author: "a", email: "e", allowEmpty: true) },
        ]
        for call in calls {
            let error = await daytonaError { try await call() }
            #expect(error?.category == .unsupported)
        }
        #expect(stub.requests.isEmpty)
    }

    @Test func gitPasswordsNeverReachErrors() async throws {
        let stub = DaytonaStub()
        stub.on(.post, "/toolbox/{id}/git/push", respond: .toolboxError(401, code: "GIT_AUTH_FAILED", message: "bad credentials s3cret-pw"))
        let sandbox = currentSandboxHandle(stub, stub.makeClient())
        let error = await daytonaError { try await sandbox.git.push(in: "/r", username: "u", password: "s3cret-pw") }
        #expect(error?.category == .unauthorized)
        #expect(error?.message.contains("s3cret-pw") == false)
        #expect(String(describing: error).contains("s3cret-pw") == false)
    }
}
