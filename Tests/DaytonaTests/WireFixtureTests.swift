import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

/// The JSON this SDK writes for today's API, request bodies and the answers its test support
/// and local backend serve, each under the name of the current Python SDK's generated model
/// (`daytona_api_client` 0.226.1). Each must read back as the public model it came from. With
/// `DAYTONA_WIRE_FIXTURES` set to a directory, the documents are also written there, and
/// `.ci/validate-wire.py` checks them against the generated models (CI does both).
@Suite struct WireFixtureTests {
    static func fixtures() throws -> [(name: String, json: Data)] {
        var info = SandboxInfo(
            id: "sb-1", user: "daytona", labels: [CodeLanguage.labelKey: "python"], target: "us", state: .started,
            created: "2026-01-01T00:00:00.000Z")
        info.organizationID = "org-1"
        info.toolboxProxyURL = "https://proxy.example/toolbox"
        info.volumes = [SandboxVolume(volumeID: "vol-1", mountPath: "/data")]
        var params = CreateSandboxParams(
            language: .typescript, name: "x", image: "python:3.12", envVars: ["A": "1"], isPublic: true,
            resources: SandboxResources(cpu: 2, memory: 4), autoStopInterval: .seconds(600),
            volumes: [SandboxVolume(volumeID: "vol-1", mountPath: "/data", subpath: "a")])
        params.autoArchiveInterval = .seconds(3600)
        let snapshot = Snapshot(
            id: "snap-1", name: "py", state: .active, imageName: "python:3.12", createdAt: "2026-01-01T00:00:00.000Z",
            updatedAt: "2026-01-01T00:00:00.000Z")
        let volume = Volume(
            id: "vol-1", name: "data", state: .ready, organizationID: "org-1", createdAt: "2026-01-01T00:00:00.000Z",
            updatedAt: "2026-01-01T00:00:00.000Z")
        return [
            ("Sandbox", try JSONCoding.encode(Current.Sandbox(info))),
            ("ListSandboxesResponse", try JSONCoding.encode(Current.SandboxPage(items: [Current.Sandbox(info)], nextCursor: "c"))),
            ("CreateSandbox", try JSONCoding.encode(CurrentControlPlane.createBody(params, target: "eu"))),
            ("CreateSandbox", try JSONCoding.encode(CurrentControlPlane.createBody(CreateSandboxParams(), target: nil))),
            ("SnapshotDto", try JSONCoding.encode(Current.Snapshot(snapshot))),
            (
                "PaginatedSnapshots",
                try JSONCoding.encode(Current.SnapshotPage(items: [Current.Snapshot(snapshot)], total: 1, page: 1, totalPages: 1))
            ),
            (
                "CreateSnapshot",
                try JSONCoding.encode(
                    Current.CreateSnapshot(
                        name: "py", imageName: "python:3.12", entrypoint: ["sh"], cpu: 1, gpu: nil, memory: 2, disk: 3, regionId: "us"))
            ),
            ("VolumeDto", try JSONCoding.encode(Current.Volume(volume))),
            ("CreateVolume", try JSONCoding.encode(Current.CreateVolume(name: "data"))),
            ("ResizeSandbox", try JSONCoding.encode(Current.Resize(cpu: 2, memory: 4, disk: nil))),
            ("CreateSandboxSnapshot", try JSONCoding.encode(Current.CreateSandboxSnapshot(name: "snap"))),
            ("SandboxLabels", try JSONCoding.encode(V014.Labels(labels: ["a": "1"]))),
            ("ToolboxProxyUrl", try JSONCoding.encode(Current.URLAnswer(url: "https://proxy.example/toolbox"))),
        ]
    }

    @Test func answersReadBackAsTheirModels() throws {
        let fixtures = try Self.fixtures()
        let sandbox = try #require(fixtures.first { $0.name == "Sandbox" })
        let info = try Current.decode(SandboxInfo.self, from: sandbox.json)
        #expect(info.id == "sb-1")
        #expect(info.organizationID == "org-1")
        #expect(info.volumes == [SandboxVolume(volumeID: "vol-1", mountPath: "/data")])
        #expect(info.toolboxProxyURL == "https://proxy.example/toolbox")
        let snapshot = try #require(fixtures.first { $0.name == "SnapshotDto" })
        #expect(try Current.decode(Snapshot.self, from: snapshot.json).state == .active)
        let volume = try #require(fixtures.first { $0.name == "VolumeDto" })
        #expect(try Current.decode(Volume.self, from: volume.json).name == "data")
    }

    @Test func writesTheFixturesWhenAsked() throws {
        let fixtures = try Self.fixtures()
        #expect(Set(fixtures.map(\.name)).count == fixtures.count - 1)
        guard let directory = ProcessInfo.processInfo.environment["DAYTONA_WIRE_FIXTURES"] else { return }
        let root = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (index, fixture) in fixtures.enumerated() {
            try fixture.json.write(to: root.appendingPathComponent("\(index)-\(fixture.name).json"))
        }
    }
}
