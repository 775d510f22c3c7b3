import Foundation

// The current toolbox's computer-use wire types (WIRE-current §3.10; the generated models of
// `daytona_toolbox_api_client` 0.226.1), and their mapping to the public models. Requests are
// plain `Encodable` structs (`nil` keys left out, §1.9); answers are read leniently.

// MARK: Requests

extension Current {
    /// `MouseMoveRequest`.
    struct MouseMove: Encodable {
        var x: Int
        var y: Int
    }

    /// `MouseClickRequest`.
    struct MouseClick: Encodable {
        var button: String
        var clicks: Int?
        var double: Bool
        var modifiers: [String]?
        var x: Int
        var y: Int
    }

    /// `MouseDownRequest` and `MouseUpRequest`.
    struct MouseButtonPress: Encodable {
        var button: String
        var x: Int?
        var y: Int?
    }

    /// `MouseDragRequest`.
    struct MouseDrag: Encodable {
        var button: String
        var endX: Int
        var endY: Int
        var modifiers: [String]?
        var startX: Int
        var startY: Int
    }

    /// `MouseScrollRequest`.
    struct MouseScroll: Encodable {
        var amount: Int
        var direction: String
        var modifiers: [String]?
        var x: Int
        var y: Int
    }

    /// `KeyboardTypeRequest`: `delay` in milliseconds between keystrokes.
    struct KeyboardType: Encodable {
        var delay: Int?
        var text: String
    }

    /// `KeyboardPressRequest`.
    struct KeyboardPress: Encodable {
        var key: String
        var modifiers: [String]
    }

    /// `KeyboardHotkeyRequest`.
    struct KeyboardHotkey: Encodable {
        var keys: String
    }

    /// `KeyboardKeyDownRequest` and `KeyboardKeyUpRequest`.
    struct KeyboardKey: Encodable {
        var key: String
    }

    /// `FindAccessibilityNodesRequest`.
    struct FindAccessibilityNodes: Encodable {
        var limit: Int?
        var name: String?
        var nameMatch: String?
        var pid: Int?
        var role: String?
        var scope: String?
        var states: [String]?
    }

    /// `AccessibilityNodeRequest`, `AccessibilityInvokeRequest` and
    /// `AccessibilitySetValueRequest` in one: `action` and `value` are sent when set.
    struct AccessibilityNodeAction: Encodable {
        var action: String?
        var id: String
        var value: String?
    }

    /// `StartRecordingRequest`.
    struct StartRecording: Encodable {
        var label: String?
    }

    /// `StopRecordingRequest`.
    struct StopRecording: Encodable {
        var id: String
    }
}

// MARK: Answers

extension Current {
    /// `MousePositionResponse`, `MouseClickResponse`, `MouseDragResponse` and `Position`.
    package struct Position: Codable, Sendable, LenientValue {
        @Lenient package var x: Int? = nil
        @Lenient package var y: Int? = nil
        package init(x: Int?, y: Int?) {
            self.x = x
            self.y = y
        }
    }

    /// `ScrollResponse`.
    struct ScrollAnswer: Codable {
        @Lenient var success: Bool? = nil
    }

    /// `ScreenshotResponse`: the image in base64.
    package struct ScreenshotAnswer: Codable, Sendable {
        @Lenient package var screenshot: String? = nil
        @Lenient package var cursorPosition: Position? = nil
        @Lenient package var sizeBytes: Int? = nil
        package init(screenshot: String?, cursorPosition: Position? = nil, sizeBytes: Int? = nil) {
            self.screenshot = screenshot
            self.cursorPosition = cursorPosition
            self.sizeBytes = sizeBytes
        }
    }

    /// `ProcessStatus`: one process in a start or stop answer.
    package struct ProcessState: Codable, Sendable, LenientValue {
        @Lenient package var running: Bool? = nil
        @Lenient package var pid: Int? = nil
        @Lenient package var priority: Int? = nil
        @Lenient package var autoRestart: Bool? = nil
        package init(running: Bool?, pid: Int? = nil, priority: Int? = nil, autoRestart: Bool? = nil) {
            self.running = running
            self.pid = pid
            self.priority = priority
            self.autoRestart = autoRestart
        }
    }

    /// `ComputerUseStartResponse` and `ComputerUseStopResponse`. A `status` map that does not
    /// read as processes reads as absent.
    package struct ComputerUseProcessesAnswer: Codable, Sendable {
        package var message: String?
        package var status: [String: ProcessState]?
        package init(message: String?, status: [String: ProcessState]?) {
            self.message = message
            self.status = status
        }

        private enum CodingKeys: String, CodingKey { case message, status }

        package init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            message = try container.decode(Lenient<String>.self, forKey: .message).wrappedValue
            status = try? container.decodeIfPresent([String: ProcessState].self, forKey: .status)
        }
    }

    /// `ComputerUseStatusResponse`.
    package struct ComputerUseStatusAnswer: Codable, Sendable {
        @Lenient package var status: String? = nil
        package init(status: String?) { self.status = status }
    }

    /// `ProcessStatusResponse`, `ProcessLogsResponse`, `ProcessErrorsResponse` and
    /// `ProcessRestartResponse` in one.
    package struct ProcessAnswer: Codable, Sendable {
        @Lenient package var processName: String? = nil
        @Lenient package var running: Bool? = nil
        @Lenient package var logs: String? = nil
        @Lenient package var errors: String? = nil
        @Lenient package var message: String? = nil
        package init(processName: String?, running: Bool? = nil, logs: String? = nil, errors: String? = nil, message: String? = nil) {
            self.processName = processName
            self.running = running
            self.logs = logs
            self.errors = errors
            self.message = message
        }
    }

    /// `DisplayInfo` and `WindowInfo` in one (a window has a `title`).
    package struct DisplayOrWindow: Codable, Sendable, LenientValue {
        @Lenient package var id: Int? = nil
        @Lenient package var title: String? = nil
        @Lenient package var x: Int? = nil
        @Lenient package var y: Int? = nil
        @Lenient package var width: Int? = nil
        @Lenient package var height: Int? = nil
        @Lenient package var isActive: Bool? = nil
        package init(id: Int?, title: String? = nil, x: Int?, y: Int?, width: Int?, height: Int?, isActive: Bool?) {
            self.id = id
            self.title = title
            self.x = x
            self.y = y
            self.width = width
            self.height = height
            self.isActive = isActive
        }
    }

    /// `DisplayInfoResponse`.
    package struct DisplayInfoAnswer: Codable, Sendable {
        @Lenient package var displays: [DisplayOrWindow]? = nil
        package init(displays: [DisplayOrWindow]?) { self.displays = displays }
    }

    /// `WindowsResponse`.
    package struct WindowsAnswer: Codable, Sendable {
        @Lenient package var windows: [DisplayOrWindow]? = nil
        package init(windows: [DisplayOrWindow]?) { self.windows = windows }
    }

    /// `AccessibilityBounds`.
    package struct AccessibilityBounds: Codable, Sendable, LenientValue {
        @Lenient package var x: Int? = nil
        @Lenient package var y: Int? = nil
        @Lenient package var width: Int? = nil
        @Lenient package var height: Int? = nil
        package init(x: Int?, y: Int?, width: Int?, height: Int?) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    /// `ComputerUseAccessibilityNode`.
    package struct AccessibilityNode: Codable, Sendable, LenientValue {
        @Lenient package var id: String? = nil
        @Lenient package var role: String? = nil
        @Lenient package var name: String? = nil
        @Lenient package var description: String? = nil
        @Lenient package var states: [String]? = nil
        @Lenient package var actions: [String]? = nil
        @Lenient package var bounds: AccessibilityBounds? = nil
        @Lenient package var children: [AccessibilityNode]? = nil
        package init(
            id: String?, role: String?, name: String?, description: String? = nil, states: [String]? = nil, actions: [String]? = nil,
            bounds: AccessibilityBounds? = nil, children: [AccessibilityNode]? = nil
        ) {
            self.id = id
            self.role = role
            self.name = name
            self.description = description
            self.states = states
            self.actions = actions
            self.bounds = bounds
            self.children = children
        }
    }

    /// `AccessibilityTreeResponse` and `AccessibilityNodesResponse` in one.
    package struct AccessibilityAnswer: Codable, Sendable {
        @Lenient package var root: AccessibilityNode? = nil
        @Lenient package var matches: [AccessibilityNode]? = nil
        @Lenient package var truncated: Bool? = nil
        package init(root: AccessibilityNode? = nil, matches: [AccessibilityNode]? = nil, truncated: Bool? = nil) {
            self.root = root
            self.matches = matches
            self.truncated = truncated
        }
    }

    /// `Recording`.
    package struct Recording: Codable, Sendable, LenientValue {
        @Lenient package var id: String? = nil
        @Lenient package var fileName: String? = nil
        @Lenient package var filePath: String? = nil
        @Lenient package var startTime: String? = nil
        @Lenient package var endTime: String? = nil
        @Lenient package var status: String? = nil
        @Lenient package var durationSeconds: Double? = nil
        @Lenient package var sizeBytes: Int64? = nil
        package init(
            id: String?, fileName: String?, filePath: String?, startTime: String?, endTime: String? = nil, status: String?,
            durationSeconds: Double? = nil, sizeBytes: Int64? = nil
        ) {
            self.id = id
            self.fileName = fileName
            self.filePath = filePath
            self.startTime = startTime
            self.endTime = endTime
            self.status = status
            self.durationSeconds = durationSeconds
            self.sizeBytes = sizeBytes
        }
    }

    /// `ListRecordingsResponse`.
    package struct RecordingList: Codable, Sendable {
        @Lenient package var recordings: [Recording]? = nil
        package init(recordings: [Recording]?) { self.recordings = recordings }
    }
}

// MARK: Mapping

extension MousePosition {
    init(_ wire: Current.Position) {
        self.init(x: wire.x ?? 0, y: wire.y ?? 0)
    }
}

extension ComputerUseProcessState {
    init(_ wire: Current.ProcessState) {
        self.init(running: wire.running, pid: wire.pid, priority: wire.priority, autoRestart: wire.autoRestart)
    }
}

extension ComputerUseProcesses {
    init(_ wire: Current.ComputerUseProcessesAnswer) {
        var processes: [ComputerUseProcess: ComputerUseProcessState] = [:]
        for (name, state) in wire.status ?? [:] { processes[ComputerUseProcess(rawValue: name)] = ComputerUseProcessState(state) }
        self.init(message: wire.message, processes: processes)
    }
}

extension Screenshot {
    /// The screenshot `wire` describes; its image must be valid base64 (white space allowed).
    init(_ wire: Current.ScreenshotAnswer) throws {
        let text = (wire.screenshot ?? "").filter { !$0.isWhitespace }
        guard let image = Data(base64Encoded: text) else {
            throw DaytonaError(.decoding, message: "The screenshot in the server's answer is not valid base64")
        }
        self.init(image: image, cursorPosition: wire.cursorPosition.map(MousePosition.init), sizeBytes: wire.sizeBytes)
    }
}

extension DesktopDisplay {
    init(_ wire: Current.DisplayOrWindow) {
        self.init(id: wire.id, x: wire.x, y: wire.y, width: wire.width, height: wire.height, isActive: wire.isActive)
    }
}

extension DesktopWindow {
    init(_ wire: Current.DisplayOrWindow) {
        self.init(id: wire.id, title: wire.title, x: wire.x, y: wire.y, width: wire.width, height: wire.height, isActive: wire.isActive)
    }
}

extension AccessibilityNode {
    init(_ wire: Current.AccessibilityNode) {
        self.init(
            id: wire.id, role: wire.role, name: wire.name, nodeDescription: wire.description, states: wire.states ?? [],
            actions: wire.actions ?? [],
            bounds: wire.bounds.map { AccessibilityBounds(x: $0.x, y: $0.y, width: $0.width, height: $0.height) },
            children: (wire.children ?? []).map(AccessibilityNode.init))
    }
}

extension Recording {
    /// The recording `wire` describes; `id` is required (the generated model requires it).
    init(_ wire: Current.Recording) throws {
        guard let id = wire.id, !id.isEmpty else {
            throw DaytonaError(.decoding, message: "Could not read the server's answer as Recording: missing key 'id'")
        }
        let duration = wire.durationSeconds.flatMap { (0..<1e12).contains($0) ? Duration.milliseconds(Int64(($0 * 1000).rounded())) : nil }
        self.init(
            id: id, fileName: wire.fileName ?? "", filePath: wire.filePath ?? "", startTime: wire.startTime ?? "", endTime: wire.endTime,
            status: RecordingStatus(rawValue: wire.status ?? ""), duration: duration, sizeBytes: wire.sizeBytes)
    }
}
