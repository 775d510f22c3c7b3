import DaytonaTesting
import Foundation
import Testing

@testable import Daytona

private let cu = "/toolbox/sb-1/computeruse"
private let json = "application/json"

/// One row per computer-use call: the exact request (WIRE-current §3.10; method, path, query,
/// `Accept`, `Content-Type` and body bytes as the Python SDK 0.226.1 sends them) and the answer
/// read back.
let computerUseCases: [CurrentCase] = [
    // Desktop and processes
    CurrentCase(
        "start", .post, "/toolbox/{id}/computeruse/start", .computerUseStarted(),
        expect: .init(method: "POST", path: cu + "/start", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let started = try await sandbox.computerUse.start()
        #expect(started.message == "Computer use processes started successfully")
        #expect(started.processes.count == 5)
        #expect(started.processes[.xvfb] == ComputerUseProcessState(running: true, pid: 100, priority: 100, autoRestart: true))
        #expect(started.processes[.novnc]?.running == true)
    },
    CurrentCase(
        "stop", .post, "/toolbox/{id}/computeruse/stop",
        .json(
            #"{"message":"Computer use processes stopped successfully","status":{"xvfb":{"running":false,"priority":100,"autoRestart":true}}}"#
        ),
        expect: .init(method: "POST", path: cu + "/stop", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let stopped = try await sandbox.computerUse.stop()
        #expect(stopped.message == "Computer use processes stopped successfully")
        #expect(stopped.processes == [.xvfb: ComputerUseProcessState(running: false, priority: 100, autoRestart: true)])
    },
    CurrentCase(
        "status", .get, "/toolbox/{id}/computeruse/process-status", .computerUseStatus(.partial),
        expect: .init(method: "GET", path: cu + "/process-status", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.status() == .partial)
    },
    CurrentCase(
        "process status", .get, "/toolbox/{id}/computeruse/process/{name}/status", .json(#"{"processName":"xfce4","running":true}"#),
        expect: .init(method: "GET", path: cu + "/process/xfce4/status", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.processStatus(.xfce4) == ComputerUseProcessState(running: true))
    },
    CurrentCase(
        "process restart", .post, "/toolbox/{id}/computeruse/process/{name}/restart",
        .json(#"{"message":"Process novnc restarted successfully","processName":"novnc"}"#),
        expect: .init(method: "POST", path: cu + "/process/novnc/restart", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.restartProcess(.novnc) == "Process novnc restarted successfully")
    },
    CurrentCase(
        "process logs", .get, "/toolbox/{id}/computeruse/process/{name}/logs",
        .json(#"{"logs":"started\nlistening on 5901\n","processName":"x11vnc"}"#),
        expect: .init(method: "GET", path: cu + "/process/x11vnc/logs", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.processLogs(.x11vnc) == "started\nlistening on 5901\n")
    },
    CurrentCase(
        "process errors (encoded name)", .get, "/toolbox/{id}/computeruse/process/{name}/errors",
        .json(#"{"errors":"","processName":"my proc"}"#),
        expect: .init(method: "GET", path: cu + "/process/my%20proc/errors", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.processErrors("my proc") == "")
    },

    // Screenshots
    CurrentCase(
        "screenshot", .get, "/toolbox/{id}/computeruse/screenshot", .screenshot(),
        expect: .init(method: "GET", path: cu + "/screenshot", query: "showCursor=false", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let shot = try await sandbox.computerUse.screenshot.takeFullScreen()
        #expect(shot == Screenshot(image: StubResponse.cannedPNG, cursorPosition: MousePosition(x: 0, y: 0)))
    },
    CurrentCase(
        "screenshot with cursor", .get, "/toolbox/{id}/computeruse/screenshot",
        .json(#"{"screenshot":"aGVs\nbG8=","cursorPosition":{"x":512,"y":384}}"#),
        expect: .init(method: "GET", path: cu + "/screenshot", query: "showCursor=true", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let shot = try await sandbox.computerUse.screenshot.takeFullScreen(showCursor: true)
        #expect(shot.image == Data("hello".utf8))
        #expect(shot.cursorPosition == MousePosition(x: 512, y: 384))
        #expect(shot.sizeBytes == nil)
    },
    CurrentCase(
        "screenshot region", .get, "/toolbox/{id}/computeruse/screenshot/region", .screenshot(cursor: MousePosition(x: 15, y: 25)),
        expect: .init(
            method: "GET", path: cu + "/screenshot/region", query: "x=10&y=20&width=300&height=200&showCursor=true", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let region = ScreenshotRegion(x: 10, y: 20, width: 300, height: 200)
        let shot = try await sandbox.computerUse.screenshot.takeRegion(region, showCursor: true)
        #expect(shot.image == StubResponse.cannedPNG)
        #expect(shot.cursorPosition == MousePosition(x: 15, y: 25))
    },
    CurrentCase(
        "screenshot compressed (defaults send nothing)", .get, "/toolbox/{id}/computeruse/screenshot/compressed",
        .screenshot(Data("jpeg".utf8), cursor: nil, sizeBytes: 4),
        expect: .init(method: "GET", path: cu + "/screenshot/compressed", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let shot = try await sandbox.computerUse.screenshot.takeCompressed()
        #expect(shot == Screenshot(image: Data("jpeg".utf8), sizeBytes: 4))
    },
    CurrentCase(
        "screenshot compressed with options", .get, "/toolbox/{id}/computeruse/screenshot/compressed",
        .screenshot(Data("jpeg".utf8), sizeBytes: 4),
        expect: .init(
            method: "GET", path: cu + "/screenshot/compressed", query: "showCursor=true&format=jpeg&quality=95&scale=0.5", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let options = ScreenshotOptions(showCursor: true, format: .jpeg, quality: 95, scale: 0.5)
        #expect(try await sandbox.computerUse.screenshot.takeCompressed(options).sizeBytes == 4)
    },
    CurrentCase(
        "screenshot compressed region", .get, "/toolbox/{id}/computeruse/screenshot/region/compressed",
        .screenshot(Data("webp".utf8), sizeBytes: 4),
        expect: .init(
            method: "GET", path: cu + "/screenshot/region/compressed",
            query: "x=0&y=0&width=800&height=600&showCursor=false&format=webp&quality=0&scale=1.0", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let options = ScreenshotOptions(showCursor: false, format: .webp, quality: 0, scale: 1)
        let shot = try await sandbox.computerUse.screenshot.takeCompressedRegion(
            ScreenshotRegion(x: 0, y: 0, width: 800, height: 600), options: options)
        #expect(shot.image == Data("webp".utf8))
    },

    // Mouse
    CurrentCase(
        "mouse position", .get, "/toolbox/{id}/computeruse/mouse/position", .mousePosition(x: 3, y: 4),
        expect: .init(method: "GET", path: cu + "/mouse/position", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.mouse.position() == MousePosition(x: 3, y: 4))
    },
    CurrentCase(
        "mouse move", .post, "/toolbox/{id}/computeruse/mouse/move", .mousePosition(x: 100, y: 200),
        expect: .init(method: "POST", path: cu + "/mouse/move", accept: json, contentType: json, body: #"{"x":100,"y":200}"#)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.mouse.move(x: 100, y: 200) == MousePosition(x: 100, y: 200))
    },
    CurrentCase(
        "mouse click", .post, "/toolbox/{id}/computeruse/mouse/click", .mousePosition(x: 100, y: 200),
        expect: .init(
            method: "POST", path: cu + "/mouse/click", accept: json, contentType: json,
            body: #"{"button":"left","double":false,"x":100,"y":200}"#)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.mouse.click(x: 100, y: 200) == MousePosition(x: 100, y: 200))
    },
    CurrentCase(
        "mouse click with clicks and modifiers", .post, "/toolbox/{id}/computeruse/mouse/click", .mousePosition(x: 1, y: 2),
        expect: .init(
            method: "POST", path: cu + "/mouse/click", accept: json, contentType: json,
            body: #"{"button":"right","clicks":3,"double":true,"modifiers":["ctrl","shift"],"x":1,"y":2}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.computerUse.mouse.click(x: 1, y: 2, button: .right, double: true, clicks: 3, modifiers: [.ctrl, .shift])
    },
    CurrentCase(
        "mouse drag", .post, "/toolbox/{id}/computeruse/mouse/drag", .mousePosition(x: 150, y: 160),
        expect: .init(
            method: "POST", path: cu + "/mouse/drag", accept: json, contentType: json,
            body: #"{"button":"left","endX":150,"endY":160,"startX":50,"startY":60}"#)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.mouse.drag(fromX: 50, fromY: 60, toX: 150, toY: 160) == MousePosition(x: 150, y: 160))
    },
    CurrentCase(
        "mouse drag with modifiers", .post, "/toolbox/{id}/computeruse/mouse/drag", .mousePosition(x: 3, y: 4),
        expect: .init(
            method: "POST", path: cu + "/mouse/drag", accept: json, contentType: json,
            body: #"{"button":"middle","endX":3,"endY":4,"modifiers":["shift"],"startX":1,"startY":2}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.computerUse.mouse.drag(fromX: 1, fromY: 2, toX: 3, toY: 4, button: .middle, modifiers: [.shift])
    },
    CurrentCase(
        "mouse scroll", .post, "/toolbox/{id}/computeruse/mouse/scroll", .json(#"{"success":true}"#),
        expect: .init(
            method: "POST", path: cu + "/mouse/scroll", accept: json, contentType: json,
            body: #"{"amount":1,"direction":"down","x":100,"y":200}"#)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.mouse.scroll(x: 100, y: 200, direction: .down))
    },
    CurrentCase(
        "mouse scroll with modifiers, unsuccessful", .post, "/toolbox/{id}/computeruse/mouse/scroll", .json(#"{"success":false}"#),
        expect: .init(
            method: "POST", path: cu + "/mouse/scroll", accept: json, contentType: json,
            body: #"{"amount":0,"direction":"up","modifiers":["ctrl"],"x":5,"y":6}"#)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.mouse.scroll(x: 5, y: 6, direction: .up, amount: 0, modifiers: [.ctrl]) == false)
    },
    CurrentCase(
        "mouse down where the cursor is", .post, "/toolbox/{id}/computeruse/mouse/down", .mousePosition(x: 7, y: 8),
        expect: .init(method: "POST", path: cu + "/mouse/down", accept: json, contentType: json, body: #"{"button":"left"}"#)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.mouse.down() == MousePosition(x: 7, y: 8))
    },
    CurrentCase(
        "mouse down at a point", .post, "/toolbox/{id}/computeruse/mouse/down", .mousePosition(x: 100, y: 200),
        expect: .init(
            method: "POST", path: cu + "/mouse/down", accept: json, contentType: json, body: #"{"button":"right","x":100,"y":200}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.computerUse.mouse.down(x: 100, y: 200, button: .right)
    },
    CurrentCase(
        "mouse up at a point", .post, "/toolbox/{id}/computeruse/mouse/up", .mousePosition(x: 300, y: 400),
        expect: .init(method: "POST", path: cu + "/mouse/up", accept: json, contentType: json, body: #"{"button":"left","x":300,"y":400}"#)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.mouse.up(x: 300, y: 400) == MousePosition(x: 300, y: 400))
    },

    // Keyboard
    CurrentCase(
        "keyboard type", .post, "/toolbox/{id}/computeruse/keyboard/type", .json("{}"),
        expect: .init(
            method: "POST", path: cu + "/keyboard/type", accept: json, contentType: json, body: #"{"text":"Hello, \"Wörld\"/\n"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.computerUse.keyboard.type("Hello, \"Wörld\"/\n")
    },
    CurrentCase(
        "keyboard type with delay", .post, "/toolbox/{id}/computeruse/keyboard/type", .json("{}"),
        expect: .init(method: "POST", path: cu + "/keyboard/type", accept: json, contentType: json, body: #"{"delay":100,"text":"Slow"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.computerUse.keyboard.type("Slow", delay: .milliseconds(100.9))
    },
    CurrentCase(
        "keyboard press", .post, "/toolbox/{id}/computeruse/keyboard/key", .json("{}"),
        expect: .init(method: "POST", path: cu + "/keyboard/key", accept: json, contentType: json, body: #"{"key":"enter","modifiers":[]}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.computerUse.keyboard.press("enter")
    },
    CurrentCase(
        "keyboard press with modifiers", .post, "/toolbox/{id}/computeruse/keyboard/key", .empty(),
        expect: .init(
            method: "POST", path: cu + "/keyboard/key", accept: json, contentType: json, body: #"{"key":"t","modifiers":["ctrl","shift"]}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.computerUse.keyboard.press("t", modifiers: [.ctrl, .shift])
    },
    CurrentCase(
        "keyboard hotkey", .post, "/toolbox/{id}/computeruse/keyboard/hotkey", .json("{}"),
        expect: .init(method: "POST", path: cu + "/keyboard/hotkey", accept: json, contentType: json, body: #"{"keys":"ctrl+c"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.computerUse.keyboard.hotkey("ctrl+c")
    },
    CurrentCase(
        "keyboard down", .post, "/toolbox/{id}/computeruse/keyboard/down", .json("{}"),
        expect: .init(method: "POST", path: cu + "/keyboard/down", accept: json, contentType: json, body: #"{"key":"shift"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.computerUse.keyboard.down("shift")
    },
    CurrentCase(
        "keyboard up", .post, "/toolbox/{id}/computeruse/keyboard/up", .json("{}"),
        expect: .init(method: "POST", path: cu + "/keyboard/up", accept: json, contentType: json, body: #"{"key":"shift"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.computerUse.keyboard.up("shift")
    },

    // Display
    CurrentCase(
        "display info", .get, "/toolbox/{id}/computeruse/display/info", .displayInfo(width: 1920, height: 1080),
        expect: .init(method: "GET", path: cu + "/display/info", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let displays = try await sandbox.computerUse.display.info()
        #expect(displays == [DesktopDisplay(id: 0, x: 0, y: 0, width: 1920, height: 1080, isActive: true)])
    },
    CurrentCase(
        "display windows", .get, "/toolbox/{id}/computeruse/display/windows",
        .json(
            #"{"windows":[{"id":41943044,"title":"Terminal","x":10,"y":20,"width":640,"height":480,"isActive":true,"extra":1},{"id":2}]}"#),
        expect: .init(method: "GET", path: cu + "/display/windows", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let windows = try await sandbox.computerUse.display.windows()
        #expect(
            windows == [
                DesktopWindow(id: 41_943_044, title: "Terminal", x: 10, y: 20, width: 640, height: 480, isActive: true),
                DesktopWindow(id: 2),
            ])
    },

    // Accessibility
    CurrentCase(
        "a11y tree", .get, "/toolbox/{id}/computeruse/a11y/tree",
        .json(
            #"{"root":{"id":"1:0","role":"application","name":"Firefox","states":["enabled"],"children":[{"id":"1:1","role":"push button","name":"OK","description":"Confirms","actions":["click"],"bounds":{"x":1,"y":2,"width":30,"height":40}}]},"truncated":true}"#
        ),
        expect: .init(method: "GET", path: cu + "/a11y/tree", query: "scope=all&maxDepth=3", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let tree = try await sandbox.computerUse.accessibility.tree(scope: .all, maxDepth: 3)
        let button = AccessibilityNode(
            id: "1:1", role: "push button", name: "OK", nodeDescription: "Confirms", actions: ["click"],
            bounds: AccessibilityBounds(x: 1, y: 2, width: 30, height: 40))
        #expect(tree.root == AccessibilityNode(id: "1:0", role: "application", name: "Firefox", states: ["enabled"], children: [button]))
        #expect(tree.truncated)
    },
    CurrentCase(
        "a11y tree of a process", .get, "/toolbox/{id}/computeruse/a11y/tree", .json("{}"),
        expect: .init(method: "GET", path: cu + "/a11y/tree", query: "scope=pid&pid=42&maxDepth=0", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.accessibility.tree(scope: .pid, pid: 42, maxDepth: 0) == AccessibilityTree())
    },
    CurrentCase(
        "a11y tree with defaults", .get, "/toolbox/{id}/computeruse/a11y/tree", .json(#"{"root":{"id":"1:0"}}"#),
        expect: .init(method: "GET", path: cu + "/a11y/tree", accept: json)
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.accessibility.tree().root?.id == "1:0")
    },
    CurrentCase(
        "a11y find", .post, "/toolbox/{id}/computeruse/a11y/find",
        .json(#"{"matches":[{"id":"1:5","role":"push button","name":"Submit form"}],"truncated":false}"#),
        expect: .init(
            method: "POST", path: cu + "/a11y/find", accept: json, contentType: json,
            body: #"{"limit":5,"name":"Submit","nameMatch":"substring","pid":7,"role":"push button","scope":"pid","states":["enabled"]}"#)
    ) { (sandbox: Sandbox) async throws in
        let found = try await sandbox.computerUse.accessibility.findNodes(
            scope: .pid, pid: 7, role: "push button", name: "Submit", nameMatch: .substring, states: ["enabled"], limit: 5)
        #expect(found == AccessibilityMatches(matches: [AccessibilityNode(id: "1:5", role: "push button", name: "Submit form")]))
    },
    CurrentCase(
        "a11y find with defaults", .post, "/toolbox/{id}/computeruse/a11y/find", .json(#"{"matches":null}"#),
        expect: .init(method: "POST", path: cu + "/a11y/find", accept: json, contentType: json, body: "{}")
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.accessibility.findNodes() == AccessibilityMatches())
    },
    CurrentCase(
        "a11y focus", .post, "/toolbox/{id}/computeruse/a11y/node/focus", .json("{}"),
        expect: .init(method: "POST", path: cu + "/a11y/node/focus", accept: json, contentType: json, body: #"{"id":"1:5"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.computerUse.accessibility.focusNode("1:5")
    },
    CurrentCase(
        "a11y invoke", .post, "/toolbox/{id}/computeruse/a11y/node/invoke", .json("{}"),
        expect: .init(
            method: "POST", path: cu + "/a11y/node/invoke", accept: json, contentType: json, body: #"{"action":"click","id":"1:5"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.computerUse.accessibility.invokeNode("1:5", action: "click")
    },
    CurrentCase(
        "a11y invoke primary action", .post, "/toolbox/{id}/computeruse/a11y/node/invoke", .json("{}"),
        expect: .init(method: "POST", path: cu + "/a11y/node/invoke", accept: json, contentType: json, body: #"{"id":"1:5"}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.computerUse.accessibility.invokeNode("1:5")
    },
    CurrentCase(
        "a11y set value", .post, "/toolbox/{id}/computeruse/a11y/node/value", .json("{}"),
        expect: .init(method: "POST", path: cu + "/a11y/node/value", accept: json, contentType: json, body: #"{"id":"1:9","value":""}"#)
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.computerUse.accessibility.setNodeValue("1:9", to: "")
    },

    // Recordings
    CurrentCase(
        "recordings list", .get, "/toolbox/{id}/computeruse/recordings", .recordings(["r1", "r2"]),
        expect: .init(method: "GET", path: cu + "/recordings", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let recordings = try await sandbox.computerUse.recording.list()
        #expect(recordings.map(\.id) == ["r1", "r2"])
        #expect(recordings.allSatisfy { $0.status == .completed })
    },
    CurrentCase(
        "recording start", .post, "/toolbox/{id}/computeruse/recordings/start", .recording(id: "r1", label: "my-test", status: 201),
        expect: .init(method: "POST", path: cu + "/recordings/start", accept: json, contentType: json, body: #"{"label":"my-test"}"#)
    ) { (sandbox: Sandbox) async throws in
        let recording = try await sandbox.computerUse.recording.start(label: "my-test")
        #expect(
            recording
                == Recording(
                    id: "r1", fileName: "r1_my-test_20260101_100000.mp4",
                    filePath: "/home/daytona/.daytona/recordings/r1_my-test_20260101_100000.mp4", startTime: "2026-01-01T10:00:00Z",
                    status: .recording))
    },
    CurrentCase(
        "recording start without label", .post, "/toolbox/{id}/computeruse/recordings/start", .recording(id: "r2", status: 201),
        expect: .init(method: "POST", path: cu + "/recordings/start", accept: json, contentType: json, body: "{}")
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.recording.start().id == "r2")
    },
    CurrentCase(
        "recording stop", .post, "/toolbox/{id}/computeruse/recordings/stop", .recording(id: "r1", state: .completed),
        expect: .init(method: "POST", path: cu + "/recordings/stop", accept: json, contentType: json, body: #"{"id":"r1"}"#)
    ) { (sandbox: Sandbox) async throws in
        let done = try await sandbox.computerUse.recording.stop("r1")
        #expect(done.status == .completed)
        #expect(done.duration == .milliseconds(12_500))
        #expect(done.sizeBytes == 1_048_576)
        #expect(done.endTime == "2026-01-01T10:00:12.5Z")
    },
    CurrentCase(
        "recording get (encoded id)", .get, "/toolbox/{id}/computeruse/recordings/{rid}", .recording(id: "r 1/ü", state: .failed),
        expect: .init(method: "GET", path: cu + "/recordings/r%201%2F%C3%BC", accept: json)
    ) { (sandbox: Sandbox) async throws in
        let recording = try await sandbox.computerUse.recording.get("r 1/ü")
        #expect(recording.id == "r 1/ü")
        #expect(recording.status == .failed)
    },
    CurrentCase(
        "recording delete", .delete, "/toolbox/{id}/computeruse/recordings/{rid}", .empty(status: 204),
        expect: .init(method: "DELETE", path: cu + "/recordings/r1", accept: "*/*")
    ) { (sandbox: Sandbox) async throws in
        try await sandbox.computerUse.recording.delete("r1")
    },
    CurrentCase(
        "recording download into memory", .get, "/toolbox/{id}/computeruse/recordings/{rid}/download",
        .data(Data([0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70])),
        expect: .init(method: "GET", path: cu + "/recordings/r1/download", accept: "application/octet-stream")
    ) { (sandbox: Sandbox) async throws in
        #expect(try await sandbox.computerUse.recording.download("r1") == Data([0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70]))
    },
]

@Suite struct ComputerUseTests {
    /// A current-API handle whose client never retries (so failing GETs answer at once).
    private func handle(_ stub: DaytonaStub, maxResponseSize: Int? = nil) -> Sandbox {
        var configuration = stub.configuration()
        configuration.retryPolicy = .none
        if let maxResponseSize { configuration.maxResponseSize = maxResponseSize }
        return currentSandboxHandle(stub, DaytonaClient(configuration: configuration, sessionConfiguration: stub.sessionConfiguration))
    }

    @Test(arguments: computerUseCases)
    func wireRow(_ row: CurrentCase) async throws {
        let stub = DaytonaStub()
        stub.on(row.method, row.route, respond: row.response)
        try await row.call(currentSandboxHandle(stub, stub.makeClient()))
        #expect(stub.unmatchedRequests.isEmpty, "unmatched: \(stub.unmatchedRequests)")
        #expect(stub.requests.count == 1)
        expectCurrentRequest(stub.requests.first, row.expected)
    }

    @Test(arguments: computerUseCases)
    func unsupportedOnV014WithoutARequest(_ row: CurrentCase) async throws {
        let stub = DaytonaStub()
        let error = await daytonaError { try await row.call(sandboxHandle(stub.makeClient(api: .v0_14))) }
        #expect(error?.category == .unsupported)
        #expect(error?.message.hasPrefix("Failed to ") == true)
        #expect(error?.message.contains("Computer use is not available in the Daytona 0.14 API") == true)
        #expect(stub.requests.isEmpty)
    }

    @Test func downloadToAFileIsUnsupportedOnV014WithoutARequest() async throws {
        let destination = try temporaryFile("never.mp4")
        let directory = destination.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stub = DaytonaStub()
        let error = await daytonaError {
            try await sandboxHandle(stub.makeClient(api: .v0_14)).computerUse.recording.download("r1", to: destination)
        }
        #expect(error?.category == .unsupported)
        #expect(stub.requests.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func accessibilityUnavailableIsAServerErrorWithItsCode() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/toolbox/{id}/computeruse/a11y/tree", respond: .accessibilityUnavailable)
        stub.on(.post, "/toolbox/{id}/computeruse/a11y/find", respond: .accessibilityUnavailable)
        let accessibility = handle(stub).computerUse.accessibility
        let tree = await daytonaError { _ = try await accessibility.tree() }
        #expect(tree?.category == .server)
        #expect(tree?.code == "A11Y_UNAVAILABLE")
        #expect(tree?.statusCode == 503)
        #expect(tree?.source == "DAYTONA_DAEMON")
        #expect(tree?.message == "Failed to get accessibility tree: accessibility bus is not available")
        let find = await daytonaError { _ = try await accessibility.findNodes(role: "push button") }
        #expect(find?.category == .server)
        #expect(find?.code == "A11Y_UNAVAILABLE")
        #expect(find?.message == "Failed to find accessibility nodes: accessibility bus is not available")
    }

    @Test func recordingErrorsKeepTheirCodes() async throws {
        let stub = DaytonaStub()
        stub.on(
            .delete, "/toolbox/{id}/computeruse/recordings/{rid}",
            respond: .toolboxError(409, code: "RECORDING_STILL_ACTIVE", message: "recording r1 is still active"))
        stub.on(
            .post, "/toolbox/{id}/computeruse/recordings/start",
            respond: .toolboxError(503, code: "RECORDING_FFMPEG_NOT_FOUND", message: "ffmpeg not found"))
        let recording = handle(stub).computerUse.recording
        let active = await daytonaError { try await recording.delete("r1") }
        #expect(active?.category == .conflict)
        #expect(active?.code == "RECORDING_STILL_ACTIVE")
        #expect(active?.message == "Failed to delete recording: recording r1 is still active")
        let ffmpeg = await daytonaError { _ = try await recording.start() }
        #expect(ffmpeg?.category == .server)
        #expect(ffmpeg?.code == "RECORDING_FFMPEG_NOT_FOUND")
        #expect(ffmpeg?.message == "Failed to start recording: ffmpeg not found")
    }

    @Test func downloadToAFileStreamsIntoNewFolders() async throws {
        let payload = randomData(1 << 20, seed: 7)
        let root = try temporaryFile("unused").deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: root) }
        let destination = root.appendingPathComponent("videos/today/login.mp4")
        let stub = DaytonaStub()
        stub.on(.get, "/toolbox/{id}/computeruse/recordings/{rid}/download", respond: StubResponse.data(payload).chunked(by: 64 << 10))
        let reports = Locked<[TransferProgress]>([])
        try await handle(stub, maxResponseSize: 1024).computerUse.recording.download("r1", to: destination) { progress in
            reports.withLock { $0.append(progress) }
        }
        let intact = try Data(contentsOf: destination) == payload
        #expect(intact, "streamed past the in-memory limit")
        #expect(reports.current.last?.bytesTransferred == Int64(payload.count))
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination.deletingLastPathComponent().path) == ["login.mp4"])
        expectCurrentRequest(
            stub.requests.first, CurrentRequest(method: "GET", path: cu + "/recordings/r1/download", accept: "application/octet-stream"))
    }

    @Test func failedDownloadToAFileLeavesNoPartialFileAndKeepsTheOldOne() async throws {
        let old = Data("previous take".utf8)
        let destination = try temporaryFile("take.mp4", contents: old)
        let directory = destination.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stub = DaytonaStub()
        stub.on(
            .get, "/toolbox/{id}/computeruse/recordings/{rid}/download",
            respond: .toolboxError(404, code: "NOT_FOUND", message: "recording not found"))
        let error = await daytonaError { try await handle(stub).computerUse.recording.download("gone", to: destination) }
        #expect(error?.category == .notFound)
        #expect(error?.message == "Failed to download recording: recording not found")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["take.mp4"])
        #expect(try Data(contentsOf: destination) == old)
    }

    @Test func cancelledDownloadToAFileLeavesNoPartialFile() async throws {
        let destination = try temporaryFile("never.mp4")
        let directory = destination.deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: directory) }
        let stub = DaytonaStub()
        stub.on(
            .get, "/toolbox/{id}/computeruse/recordings/{rid}/download",
            respond: .stall(headers: ["Content-Type": "application/octet-stream"], partialBody: randomData(256 << 10, seed: 5)).chunked(
                by: 32 << 10))
        let recording = handle(stub).computerUse.recording
        let started = AsyncStream<Void>.makeStream()
        let task = Task {
            try await recording.download("r1", to: destination) { _ in started.continuation.yield() }
        }
        var iterator = started.stream.makeAsyncIterator()
        _ = await iterator.next()
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func downloadIntoMemoryIsBoundedByTheAnswerLimit() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/toolbox/{id}/computeruse/recordings/{rid}/download", respond: .data(Data(count: 4096)))
        let error = await daytonaError { _ = try await handle(stub, maxResponseSize: 1024).computerUse.recording.download("r1") }
        #expect(error?.category == .responseTooLarge)
        #expect(error?.message.hasPrefix("Failed to download recording: ") == true)
    }

    @Test func invalidArgumentsSendNothing() async throws {
        let stub = DaytonaStub()
        let desktop = handle(stub).computerUse
        let web = try #require(URL(string: "https://example.com/a.mp4"))
        let calls: [(String, @Sendable () async throws -> Void)] = [
            ("quality", { _ = try await desktop.screenshot.takeCompressed(ScreenshotOptions(quality: 101)) }),
            (
                "scale",
                {
                    _ = try await desktop.screenshot.takeCompressedRegion(
                        ScreenshotRegion(x: 0, y: 0, width: 1, height: 1), options: .init(scale: 0))
                }
            ),
            ("one coordinate", { try await desktop.mouse.down(x: 1) }),
            ("one coordinate up", { try await desktop.mouse.up(y: 1) }),
            ("negative amount", { try await desktop.mouse.scroll(x: 0, y: 0, direction: .down, amount: -1) }),
            ("negative delay", { try await desktop.keyboard.type("x", delay: .milliseconds(-1)) }),
            ("empty recording ID", { _ = try await desktop.recording.get("") }),
            ("empty recording ID to stop", { try await desktop.recording.stop("") }),
            ("empty node ID", { try await desktop.accessibility.focusNode("") }),
            ("empty process", { _ = try await desktop.processLogs("") }),
            ("not a file URL", { try await desktop.recording.download("r1", to: web) }),
        ]
        for (name, call) in calls {
            let error = await daytonaError { try await call() }
            #expect(error?.category == .invalidArgument, "\(name)")
        }
        #expect(stub.requests.isEmpty)
    }

    @Test func screenshotThatIsNotBase64IsADecodingError() async throws {
        let stub = DaytonaStub()
        stub.on(.get, "/toolbox/{id}/computeruse/screenshot", respond: .json(#"{"screenshot":"not base64!"}"#))
        let error = await daytonaError { _ = try await handle(stub).computerUse.screenshot.takeFullScreen() }
        #expect(error?.category == .decoding)
        #expect(error?.message == "Failed to take screenshot: The screenshot in the server's answer is not valid base64")
    }

    @Test func answersAreReadLeniently() async throws {
        let stub = DaytonaStub()
        stub.on(.post, "/toolbox/{id}/computeruse/start", respond: .empty())
        stub.on(.get, "/toolbox/{id}/computeruse/mouse/position", respond: .json(#"{"x":"12","y":3.0,"z":true}"#))
        stub.on(.post, "/toolbox/{id}/computeruse/stop", respond: .json(#"{"message":"ok","status":"weird"}"#))
        stub.on(
            .get, "/toolbox/{id}/computeruse/recordings",
            respond: .json(#"{"recordings":[{"id":"r1","status":"uploading","durationSeconds":"1.25"}]}"#))
        stub.on(.get, "/toolbox/{id}/computeruse/recordings/{rid}", respond: .json(#"{"fileName":"x.mp4"}"#))
        let desktop = handle(stub).computerUse
        #expect(try await desktop.start() == ComputerUseProcesses())
        #expect(try await desktop.mouse.position() == MousePosition(x: 12, y: 3))
        #expect(try await desktop.stop() == ComputerUseProcesses(message: "ok"))
        let listed = try await desktop.recording.list()
        #expect(listed.first?.status == RecordingStatus(rawValue: "uploading"))
        #expect(listed.first?.duration == .milliseconds(1250))
        let error = await daytonaError { _ = try await desktop.recording.get("r1") }
        #expect(error?.category == .decoding)
        #expect(error?.message == "Failed to get recording: Could not read the server's answer as Recording: missing key 'id'")
    }

    @Test func keyboardDelaysAreWholeMilliseconds() throws {
        #expect(try ComputerUse.Keyboard.milliseconds(.zero) == 0)
        #expect(try ComputerUse.Keyboard.milliseconds(.microseconds(999)) == 0)
        #expect(try ComputerUse.Keyboard.milliseconds(.seconds(2) + .milliseconds(5)) == 2005)
    }

    /// The flows of Docs/ComputerUse.md, as written there, against canned answers.
    @Test func guideFlowsRunAgainstCannedAnswers() async throws {
        let stub = DaytonaStub()
        let root = "/toolbox/{id}/computeruse"
        stub.on(.post, root + "/start", respond: .computerUseStarted())
        stub.on(.get, root + "/process-status", respond: .computerUseStatus(.active))
        for route in ["/mouse/click", "/mouse/drag", "/mouse/down", "/mouse/up"] {
            stub.on(.post, root + route, respond: .mousePosition(x: 1, y: 2))
        }
        stub.on(.post, root + "/mouse/scroll", respond: .json(#"{"success":true}"#))
        for route in [
            "/keyboard/type", "/keyboard/key", "/keyboard/hotkey", "/keyboard/down", "/keyboard/up", "/a11y/node/invoke",
            "/a11y/node/value",
        ] {
            stub.on(.post, root + route, respond: .json("{}"))
        }
        stub.on(.get, root + "/screenshot", respond: .screenshot())
        stub.on(.get, root + "/screenshot/compressed", respond: .screenshot(Data("jpeg".utf8), sizeBytes: 4))
        stub.on(.get, root + "/display/windows", respond: .json(#"{"windows":[{"id":1,"title":"Terminal"}]}"#))
        stub.on(.get, root + "/a11y/tree", respond: .json(#"{"root":{"id":"1:0"}}"#))
        stub.on(.post, root + "/a11y/find", respond: .json(#"{"matches":[{"id":"1:5"}]}"#))
        stub.on(.post, root + "/recordings/start", respond: .recording(id: "rec-1", status: 201))
        stub.on(.post, root + "/recordings/stop", respond: .recording(id: "rec-1", state: .completed))
        stub.on(.get, root + "/recordings/{rid}/download", respond: .data(Data("video".utf8)))
        stub.on(.delete, root + "/recordings/{rid}", respond: .empty(status: 204))
        let folder = try temporaryFile("unused").deletingLastPathComponent()
        defer { try? FileManager.default.removeItem(at: folder) }
        let desktop = currentSandboxHandle(stub, stub.makeClient()).computerUse

        try await desktop.start()
        #expect(try await desktop.status() == .active)
        try await desktop.mouse.click(x: 100, y: 200)
        try await desktop.mouse.click(x: 100, y: 200, clicks: 3)
        try await desktop.mouse.drag(fromX: 50, fromY: 50, toX: 150, toY: 150, modifiers: [.shift])
        try await desktop.mouse.scroll(x: 400, y: 300, direction: .down, amount: 5)
        try await desktop.keyboard.type("Hello, World!", delay: .milliseconds(50))
        try await desktop.keyboard.press("enter")
        try await desktop.keyboard.press("t", modifiers: [.ctrl, .shift])
        try await desktop.keyboard.hotkey("ctrl+c")
        let shot = try await desktop.screenshot.takeFullScreen(showCursor: true)
        try shot.image.write(to: folder.appendingPathComponent("screen.png"))
        let small = try await desktop.screenshot.takeCompressed(.init(format: .jpeg, quality: 80, scale: 0.5))
        #expect(small.image == Data("jpeg".utf8))
        #expect(try await desktop.display.windows().map(\.title) == ["Terminal"])

        try await desktop.keyboard.down("shift")
        do {
            try await desktop.mouse.down(x: 100, y: 200)
            try await desktop.mouse.up(x: 300, y: 400)
        } catch {
            try? await desktop.keyboard.up("shift")
            throw error
        }
        try await desktop.keyboard.up("shift")

        _ = try await desktop.accessibility.tree(scope: .all, maxDepth: 3)
        let found = try await desktop.accessibility.findNodes(scope: .all, role: "push button", name: "Submit", nameMatch: .substring)
        if let id = found.matches.first?.id { try await desktop.accessibility.invokeNode(id) }
        try await desktop.accessibility.setNodeValue("1:42", to: "hello")

        let recording = try await desktop.recording.start(label: "login-flow")
        let done = try await desktop.recording.stop(recording.id)
        #expect(done.duration == .milliseconds(12_500))
        let video = folder.appendingPathComponent("videos/login-flow.mp4")
        try await desktop.recording.download(done.id, to: video)
        #expect(try Data(contentsOf: video) == Data("video".utf8))
        try await desktop.recording.delete(done.id)
        #expect(stub.unmatchedRequests.isEmpty, "unmatched: \(stub.unmatchedRequests)")
        #expect(stub.requests.count == 25)
    }

}
