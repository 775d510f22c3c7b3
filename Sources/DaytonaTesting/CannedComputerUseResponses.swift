import Daytona
import Foundation

/// Canned answers of the current toolbox's computer-use routes (`…/computeruse/…`), in the
/// daemon's shapes, so a test of desktop automation needs one line per call.
///
/// ```swift
/// stub.on(.get, "/toolbox/{id}/computeruse/screenshot", respond: .screenshot())
/// stub.on(.post, "/toolbox/{id}/computeruse/mouse/click", respond: .mousePosition(x: 100, y: 200))
/// stub.on(.post, "/toolbox/{id}/computeruse/recordings/start", respond: .recording(id: "rec-1", status: 201))
/// ```
extension StubResponse {
    /// A 1×1 transparent PNG: the image of ``screenshot(_:cursor:sizeBytes:)`` unless a test
    /// passes its own.
    public static let cannedPNG = Data([
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41,
        0x54, 0x78, 0xDA, 0x63, 0x64, 0x60, 0xF8, 0x5F, 0x0F, 0x00, 0x02, 0x87, 0x01, 0x80, 0xEB, 0x47, 0xBA, 0x92, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ])

    /// A `ScreenshotResponse` (`GET …/computeruse/screenshot` and its region and compressed
    /// variants): `image` in base64, the cursor position and, when given, the size in bytes.
    public static func screenshot(_ image: Data = cannedPNG, cursor: MousePosition? = MousePosition(x: 0, y: 0), sizeBytes: Int? = nil)
        -> StubResponse
    {
        .wire(
            Current.ScreenshotAnswer(
                screenshot: image.base64EncodedString(), cursorPosition: cursor.map { Current.Position(x: $0.x, y: $0.y) },
                sizeBytes: sizeBytes))
    }

    /// `{"x":…,"y":…}`: the answer of the mouse's position, move, click, drag, down and up.
    public static func mousePosition(x: Int, y: Int) -> StubResponse {
        .wire(Current.Position(x: x, y: y))
    }

    /// `{"status":…}`: the answer of `GET …/computeruse/process-status`.
    public static func computerUseStatus(_ status: ComputerUseStatus = .active) -> StubResponse {
        .wire(Current.ComputerUseStatusAnswer(status: status.rawValue))
    }

    /// The answer of `POST …/computeruse/start` (or `stop`): a message and every desktop
    /// process with `running` set.
    public static func computerUseStarted(message: String = "Computer use processes started successfully", running: Bool = true)
        -> StubResponse
    {
        let names = ["xvfb", "xfce4", "atspi", "x11vnc", "novnc"]
        var status: [String: Current.ProcessState] = [:]
        for (index, name) in names.enumerated() {
            status[name] = Current.ProcessState(
                running: running, pid: running ? 100 + index : nil, priority: 100 * (index + 1), autoRestart: true)
        }
        return .wire(Current.ComputerUseProcessesAnswer(message: message, status: status))
    }

    /// A `DisplayInfoResponse` with one active display of `width`×`height` at the origin.
    public static func displayInfo(width: Int = 1024, height: Int = 768) -> StubResponse {
        .wire(
            Current.DisplayInfoAnswer(displays: [
                Current.DisplayOrWindow(id: 0, x: 0, y: 0, width: width, height: height, isActive: true)
            ]))
    }

    /// A `Recording` (the answer of start, stop and get), e.g. `recording(id: "r1", state: .completed)`.
    /// A stopped recording gets an end time, a duration of 12.5 s and a size.
    public static func recording(id: String, label: String? = nil, state: RecordingStatus = .recording, status: Int = 200)
        -> StubResponse
    {
        .wire(cannedRecording(id: id, label: label, status: state), status: status)
    }

    /// A `ListRecordingsResponse` with one recording per ID, all completed.
    public static func recordings(_ ids: [String]) -> StubResponse {
        .wire(Current.RecordingList(recordings: ids.map { cannedRecording(id: $0, label: nil, status: .completed) }))
    }

    /// The 503 the daemon sends when the accessibility bus is not running
    /// (`A11Y_UNAVAILABLE`).
    public static var accessibilityUnavailable: StubResponse {
        toolboxError(503, code: "A11Y_UNAVAILABLE", message: "accessibility bus is not available")
    }

    static func cannedRecording(id: String, label: String?, status: RecordingStatus) -> Current.Recording {
        let fileName = "\(id)_\(label ?? "session")_20260101_100000.mp4"
        let done = status != .recording
        return Current.Recording(
            id: id, fileName: fileName, filePath: "/home/daytona/.daytona/recordings/\(fileName)", startTime: "2026-01-01T10:00:00Z",
            endTime: done ? "2026-01-01T10:00:12.5Z" : nil, status: status.rawValue, durationSeconds: done ? 12.5 : nil,
            sizeBytes: done ? 1_048_576 : nil)
    }
}
