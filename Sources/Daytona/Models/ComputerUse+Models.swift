import Foundation

// The public models of ``ComputerUse`` (WIRE-current §3.10). Answers keep what the daemon sends;
// open string types keep values this SDK does not know yet.

// MARK: Desktop and its processes

/// How much of the desktop is running, as ``ComputerUse/status()`` reports it. Unknown values
/// are kept as they are.
public struct ComputerUseStatus: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `active`.
    public var rawValue: String
    /// Creates a status from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a status from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// Every desktop process runs.
    public static let active: ComputerUseStatus = "active"
    /// Some desktop processes run, others do not.
    public static let partial: ComputerUseStatus = "partial"
    /// No desktop process runs.
    public static let inactive: ComputerUseStatus = "inactive"
    /// The daemon could not tell.
    public static let error: ComputerUseStatus = "error"
}

/// A process of the sandbox's desktop, named as the daemon names it. Unknown names are kept.
public struct ComputerUseProcess: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `xvfb`.
    public var rawValue: String
    /// Creates a process name from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a process name from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// The X virtual frame buffer (the display itself).
    public static let xvfb: ComputerUseProcess = "xvfb"
    /// The XFCE desktop session.
    public static let xfce4: ComputerUseProcess = "xfce4"
    /// The AT-SPI accessibility bus (``ComputerUse/accessibility`` needs it).
    public static let atspi: ComputerUseProcess = "atspi"
    /// The VNC server.
    public static let x11vnc: ComputerUseProcess = "x11vnc"
    /// The noVNC web client.
    public static let novnc: ComputerUseProcess = "novnc"
}

/// One desktop process in the answer of ``ComputerUse/start()`` and ``ComputerUse/stop()``.
public struct ComputerUseProcessState: Sendable, Hashable {
    /// Whether the process runs.
    public var running: Bool?
    /// Its process ID, while it runs.
    public var pid: Int?
    /// Its start order (lower starts first).
    public var priority: Int?
    /// Whether the daemon restarts it when it exits.
    public var autoRestart: Bool?

    /// Creates a process state.
    public init(running: Bool? = nil, pid: Int? = nil, priority: Int? = nil, autoRestart: Bool? = nil) {
        self.running = running
        self.pid = pid
        self.priority = priority
        self.autoRestart = autoRestart
    }
}

/// The answer of ``ComputerUse/start()`` and ``ComputerUse/stop()``: the daemon's message and,
/// when it sends them, the states of the desktop's processes.
public struct ComputerUseProcesses: Sendable, Hashable {
    /// The daemon's message, e.g. `Computer use processes started successfully`.
    public var message: String?
    /// Each process's state, by process name.
    public var processes: [ComputerUseProcess: ComputerUseProcessState]

    /// Creates an answer.
    public init(message: String? = nil, processes: [ComputerUseProcess: ComputerUseProcessState] = [:]) {
        self.message = message
        self.processes = processes
    }
}

// MARK: Mouse and keyboard

/// A point on the screen in pixels, from the top-left corner: where the mouse is, or ended up.
public struct MousePosition: Sendable, Hashable {
    /// Pixels from the left edge.
    public var x: Int
    /// Pixels from the top edge.
    public var y: Int

    /// Creates a position.
    public init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }
}

/// A mouse button. Unknown values are sent as they are.
public struct MouseButton: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `left`.
    public var rawValue: String
    /// Creates a button from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a button from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// The left (primary) button.
    public static let left: MouseButton = "left"
    /// The right (secondary) button.
    public static let right: MouseButton = "right"
    /// The middle button (the wheel).
    public static let middle: MouseButton = "middle"
}

/// Which way ``ComputerUse/Mouse/scroll(x:y:direction:amount:modifiers:)`` scrolls.
public struct ScrollDirection: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `down`.
    public var rawValue: String
    /// Creates a direction from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a direction from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// Up.
    public static let up: ScrollDirection = "up"
    /// Down.
    public static let down: ScrollDirection = "down"
    /// Left.
    public static let left: ScrollDirection = "left"
    /// Right.
    public static let right: ScrollDirection = "right"
}

/// A modifier key held during a key press, click, drag or scroll. The daemon also accepts
/// aliases such as `control`, `option`, `meta` and `win`.
public struct KeyModifier: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `ctrl`.
    public var rawValue: String
    /// Creates a modifier from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a modifier from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// Control.
    public static let ctrl: KeyModifier = "ctrl"
    /// Alt (Option).
    public static let alt: KeyModifier = "alt"
    /// Shift.
    public static let shift: KeyModifier = "shift"
    /// Command (Super, Windows key).
    public static let cmd: KeyModifier = "cmd"
}

// MARK: Screenshots

/// A rectangle of the screen to capture, in pixels.
public struct ScreenshotRegion: Sendable, Hashable {
    /// The left edge.
    public var x: Int
    /// The top edge.
    public var y: Int
    /// The width; more than zero.
    public var width: Int
    /// The height; more than zero.
    public var height: Int

    /// Creates a region.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

/// An image format of a compressed screenshot. Unknown values are sent as they are.
public struct ImageFormat: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `png`.
    public var rawValue: String
    /// Creates a format from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a format from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// PNG (lossless).
    public static let png: ImageFormat = "png"
    /// JPEG.
    public static let jpeg: ImageFormat = "jpeg"
    /// WebP.
    public static let webp: ImageFormat = "webp"
}

/// How ``ComputerUse/Screenshots/takeCompressed(_:)`` encodes the image. Options left `nil`
/// are not sent, and the daemon chooses.
public struct ScreenshotOptions: Sendable, Hashable {
    /// Whether to draw the cursor into the image.
    public var showCursor: Bool?
    /// The image format.
    public var format: ImageFormat?
    /// The compression quality, 0 to 100.
    public var quality: Int?
    /// The scale factor, more than zero (e.g. `0.5` for half the size).
    public var scale: Double?

    /// Creates options.
    public init(showCursor: Bool? = nil, format: ImageFormat? = nil, quality: Int? = nil, scale: Double? = nil) {
        self.showCursor = showCursor
        self.format = format
        self.quality = quality
        self.scale = scale
    }
}

/// A screenshot: the image's bytes, decoded from the daemon's base64, and what the daemon says
/// about it.
public struct Screenshot: Sendable, Hashable {
    /// The encoded image (PNG for a plain screenshot; the requested format for a compressed one);
    /// empty when the answer carried no image.
    public var image: Data
    /// Where the cursor was, in screen coordinates, when the daemon says.
    public var cursorPosition: MousePosition?
    /// The image's size in bytes, when the daemon says (compressed screenshots).
    public var sizeBytes: Int?

    /// Creates a screenshot.
    public init(image: Data, cursorPosition: MousePosition? = nil, sizeBytes: Int? = nil) {
        self.image = image
        self.cursorPosition = cursorPosition
        self.sizeBytes = sizeBytes
    }
}

// MARK: Display

/// One display of the sandbox's desktop.
public struct DesktopDisplay: Sendable, Hashable {
    /// The display's number.
    public var id: Int?
    /// Its left edge in the virtual screen.
    public var x: Int?
    /// Its top edge in the virtual screen.
    public var y: Int?
    /// Its width in pixels.
    public var width: Int?
    /// Its height in pixels.
    public var height: Int?
    /// Whether it is the active display.
    public var isActive: Bool?

    /// Creates a display.
    public init(id: Int? = nil, x: Int? = nil, y: Int? = nil, width: Int? = nil, height: Int? = nil, isActive: Bool? = nil) {
        self.id = id
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.isActive = isActive
    }
}

/// One open window of the sandbox's desktop.
public struct DesktopWindow: Sendable, Hashable {
    /// The window's X11 ID.
    public var id: Int?
    /// Its title.
    public var title: String?
    /// Its left edge.
    public var x: Int?
    /// Its top edge.
    public var y: Int?
    /// Its width in pixels.
    public var width: Int?
    /// Its height in pixels.
    public var height: Int?
    /// Whether it has the focus.
    public var isActive: Bool?

    /// Creates a window.
    public init(
        id: Int? = nil, title: String? = nil, x: Int? = nil, y: Int? = nil, width: Int? = nil, height: Int? = nil, isActive: Bool? = nil
    ) {
        self.id = id
        self.title = title
        self.x = x
        self.y = y
        self.width = width
        self.height = height
        self.isActive = isActive
    }
}

// MARK: Accessibility

/// Which applications an accessibility query covers. Unknown values are sent as they are.
public struct AccessibilityScope: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `focused`.
    public var rawValue: String
    /// Creates a scope from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a scope from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// The focused application (the daemon's default).
    public static let focused: AccessibilityScope = "focused"
    /// The application of one process: pass its `pid` too.
    public static let pid: AccessibilityScope = "pid"
    /// Every application on the desktop.
    public static let all: AccessibilityScope = "all"
}

/// How ``ComputerUse/Accessibility/findNodes(scope:pid:role:name:nameMatch:states:limit:)``
/// compares names. Unknown values are sent as they are.
public struct AccessibilityNameMatch: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    /// The wire value, e.g. `substring`.
    public var rawValue: String
    /// Creates a match mode from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a match mode from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// The whole name.
    public static let exact: AccessibilityNameMatch = "exact"
    /// A part of the name.
    public static let substring: AccessibilityNameMatch = "substring"
    /// A regular expression.
    public static let regex: AccessibilityNameMatch = "regex"
}

/// A node's bounds on the screen, in pixels.
public struct AccessibilityBounds: Sendable, Hashable {
    /// The left edge.
    public var x: Int?
    /// The top edge.
    public var y: Int?
    /// The width.
    public var width: Int?
    /// The height.
    public var height: Int?

    /// Creates bounds.
    public init(x: Int? = nil, y: Int? = nil, width: Int? = nil, height: Int? = nil) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }
}

/// A node of the desktop's AT-SPI accessibility tree: a window, a button, a text field, ….
public struct AccessibilityNode: Sendable, Hashable {
    /// The node's ID, for ``ComputerUse/Accessibility/focusNode(_:)`` and the other node calls.
    public var id: String?
    /// Its role, e.g. `push button`.
    public var role: String?
    /// Its accessible name.
    public var name: String?
    /// Its accessible description.
    public var nodeDescription: String?
    /// Its states, e.g. `focused`, `enabled`.
    public var states: [String]
    /// The actions it can perform, e.g. `click`.
    public var actions: [String]
    /// Where it is on the screen.
    public var bounds: AccessibilityBounds?
    /// Its children (empty below the requested depth).
    public var children: [AccessibilityNode]

    /// Creates a node.
    public init(
        id: String? = nil, role: String? = nil, name: String? = nil, nodeDescription: String? = nil, states: [String] = [],
        actions: [String] = [], bounds: AccessibilityBounds? = nil, children: [AccessibilityNode] = []
    ) {
        self.id = id
        self.role = role
        self.name = name
        self.nodeDescription = nodeDescription
        self.states = states
        self.actions = actions
        self.bounds = bounds
        self.children = children
    }
}

/// The answer of ``ComputerUse/Accessibility/tree(scope:pid:maxDepth:)``.
public struct AccessibilityTree: Sendable, Hashable {
    /// The root of the requested scope, when there is one.
    public var root: AccessibilityNode?
    /// Whether the daemon cut the tree short (too many nodes).
    public var truncated: Bool

    /// Creates a tree.
    public init(root: AccessibilityNode? = nil, truncated: Bool = false) {
        self.root = root
        self.truncated = truncated
    }
}

/// The answer of ``ComputerUse/Accessibility/findNodes(scope:pid:role:name:nameMatch:states:limit:)``.
public struct AccessibilityMatches: Sendable, Hashable {
    /// The matching nodes.
    public var matches: [AccessibilityNode]
    /// Whether there were more matches than the limit.
    public var truncated: Bool

    /// Creates matches.
    public init(matches: [AccessibilityNode] = [], truncated: Bool = false) {
        self.matches = matches
        self.truncated = truncated
    }
}

// MARK: Recordings

/// The state of a ``Recording``. Unknown values are kept as they are.
public struct RecordingStatus: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `recording`.
    public var rawValue: String
    /// Creates a status from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a status from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// Still recording.
    public static let recording: RecordingStatus = "recording"
    /// Stopped; the file is complete.
    public static let completed: RecordingStatus = "completed"
    /// The recorder failed.
    public static let failed: RecordingStatus = "failed"
}

/// A screen recording of the sandbox's desktop (an MP4 file inside the sandbox).
public struct Recording: Sendable, Hashable, Identifiable {
    /// The recording's ID.
    public var id: String
    /// The file's name, e.g. `…_my-label_20260101_100000.mp4`.
    public var fileName: String
    /// The file's path inside the sandbox.
    public var filePath: String
    /// When it started (RFC 3339, as the daemon writes it).
    public var startTime: String
    /// When it stopped (RFC 3339), once it has.
    public var endTime: String?
    /// Its state.
    public var status: RecordingStatus
    /// How long it ran, once stopped.
    public var duration: Duration?
    /// The file's size in bytes, once stopped.
    public var sizeBytes: Int64?

    /// Creates a recording.
    public init(
        id: String, fileName: String, filePath: String, startTime: String, endTime: String? = nil, status: RecordingStatus,
        duration: Duration? = nil, sizeBytes: Int64? = nil
    ) {
        self.id = id
        self.fileName = fileName
        self.filePath = filePath
        self.startTime = startTime
        self.endTime = endTime
        self.status = status
        self.duration = duration
        self.sizeBytes = sizeBytes
    }
}
