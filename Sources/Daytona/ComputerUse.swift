import Foundation

/// The sandbox's desktop: start and stop it, take screenshots, drive the mouse and keyboard,
/// read its displays, windows and accessibility tree, and record the screen:
/// ``Sandbox/computerUse``.
///
/// Every call goes to `…/computeruse/…` on the sandbox's toolbox and exists only in the current
/// Daytona API; on the 0.14 API each throws a ``DaytonaError`` of category `unsupported` before
/// any request. Start the desktop (``start()``) before anything else; the sandbox's image must
/// ship it (Xvfb, XFCE, x11vnc, noVNC).
///
/// ```swift
/// let desktop = sandbox.computerUse
/// try await desktop.start()
/// try await desktop.mouse.click(x: 100, y: 200)
/// try await desktop.keyboard.type("Hello, World!")
/// try await desktop.keyboard.press("s", modifiers: [.ctrl])
/// let shot = try await desktop.screenshot.takeFullScreen()
/// try shot.image.write(to: URL(fileURLWithPath: "screen.png"))
/// ```
///
/// Errors carry the Python SDK's message prefixes (e.g. `Failed to click mouse: `) and the
/// daemon's ``DaytonaError/code``: `A11Y_UNAVAILABLE` (503) when the accessibility bus is not
/// running, `RECORDING_STILL_ACTIVE` (409), `RECORDING_FFMPEG_NOT_FOUND` (503).
public struct ComputerUse: Sendable {
    /// The sandbox these operations act on.
    public let sandboxID: String
    let api: ToolboxClient

    init(sandboxID: String, api: ToolboxClient) {
        self.sandboxID = sandboxID
        self.api = api
    }

    /// Mouse operations (Python: `computer_use.mouse`).
    public var mouse: Mouse { Mouse(api: api) }
    /// Keyboard operations (Python: `computer_use.keyboard`).
    public var keyboard: Keyboard { Keyboard(api: api) }
    /// Screenshots (Python: `computer_use.screenshot`).
    public var screenshot: Screenshots { Screenshots(api: api) }
    /// Displays and windows (Python: `computer_use.display`).
    public var display: Display { Display(api: api) }
    /// Screen recordings (Python: `computer_use.recording`).
    public var recording: Recordings { Recordings(api: api) }
    /// The AT-SPI accessibility tree (Python: `computer_use.accessibility`).
    public var accessibility: Accessibility { Accessibility(api: api) }

    /// Starts the desktop's processes: Xvfb, XFCE, the accessibility bus, x11vnc and noVNC
    /// (`POST …/computeruse/start`; Python: `computer_use.start()`).
    ///
    /// - Returns: The daemon's message and, when it sends them, each process's state.
    /// - Throws: ``DaytonaError`` prefixed `Failed to start computer use: `.
    @discardableResult
    public func start() async throws -> ComputerUseProcesses {
        try await api.computerUse("Failed to start computer use: ") {
            let response = try await api.send(.post(api.computerUsePath("/start"), expectsBody: true))
            return ComputerUseProcesses(
                try api.decodeIfPresent(Current.ComputerUseProcessesAnswer.self, from: response) ?? .init(message: nil, status: nil))
        }
    }

    /// Stops the desktop's processes (`POST …/computeruse/stop`; Python: `computer_use.stop()`).
    ///
    /// - Returns: The daemon's message and, when it sends them, each process's state.
    /// - Throws: ``DaytonaError`` prefixed `Failed to stop computer use: `.
    @discardableResult
    public func stop() async throws -> ComputerUseProcesses {
        try await api.computerUse("Failed to stop computer use: ") {
            let response = try await api.send(.post(api.computerUsePath("/stop"), expectsBody: true))
            return ComputerUseProcesses(
                try api.decodeIfPresent(Current.ComputerUseProcessesAnswer.self, from: response) ?? .init(message: nil, status: nil))
        }
    }

    /// How much of the desktop runs: `active`, `partial` or `inactive`
    /// (`GET …/computeruse/process-status`; Python: `computer_use.get_status()`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get computer use status: `.
    public func status() async throws -> ComputerUseStatus {
        try await api.computerUse("Failed to get computer use status: ") {
            let response = try await api.send(.get(api.computerUsePath("/process-status")))
            return ComputerUseStatus(rawValue: try api.decodeIfPresent(Current.ComputerUseStatusAnswer.self, from: response)?.status ?? "")
        }
    }

    /// Whether one desktop process runs (`GET …/computeruse/process/{name}/status`; Python:
    /// `computer_use.get_process_status(name)`).
    ///
    /// - Returns: The process's state; only ``ComputerUseProcessState/running`` is set.
    /// - Throws: ``DaytonaError`` prefixed `Failed to get process status: `.
    public func processStatus(_ process: ComputerUseProcess) async throws -> ComputerUseProcessState {
        try await api.computerUse("Failed to get process status: ") {
            let answer = try await processAnswer(.get(try processPath(process, "/status")))
            return ComputerUseProcessState(running: answer.running)
        }
    }

    /// Restarts one desktop process (`POST …/computeruse/process/{name}/restart`; Python:
    /// `computer_use.restart_process(name)`).
    ///
    /// - Returns: The daemon's message.
    /// - Throws: ``DaytonaError`` prefixed `Failed to restart process: `.
    @discardableResult
    public func restartProcess(_ process: ComputerUseProcess) async throws -> String {
        try await api.computerUse("Failed to restart process: ") {
            try await processAnswer(.post(try processPath(process, "/restart"), expectsBody: true)).message ?? ""
        }
    }

    /// The standard output a desktop process has logged (`GET …/computeruse/process/{name}/logs`;
    /// Python: `computer_use.get_process_logs(name)`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get process logs: `.
    public func processLogs(_ process: ComputerUseProcess) async throws -> String {
        try await api.computerUse("Failed to get process logs: ") {
            try await processAnswer(.get(try processPath(process, "/logs"))).logs ?? ""
        }
    }

    /// The standard error a desktop process has logged
    /// (`GET …/computeruse/process/{name}/errors`; Python: `computer_use.get_process_errors(name)`).
    ///
    /// - Throws: ``DaytonaError`` prefixed `Failed to get process errors: `.
    public func processErrors(_ process: ComputerUseProcess) async throws -> String {
        try await api.computerUse("Failed to get process errors: ") {
            try await processAnswer(.get(try processPath(process, "/errors"))).errors ?? ""
        }
    }

    private func processPath(_ process: ComputerUseProcess, _ suffix: String) throws -> String {
        try requireNonEmpty(process.rawValue, "process")
        return api.computerUsePath("/process/" + PercentEncoding.pathSegment(process.rawValue) + suffix)
    }

    private func processAnswer(_ endpoint: Endpoint) async throws -> Current.ProcessAnswer {
        try api.decodeIfPresent(Current.ProcessAnswer.self, from: try await api.send(endpoint)) ?? .init(processName: nil)
    }
}

// MARK: Mouse

extension ComputerUse {
    /// Mouse operations: ``ComputerUse/mouse``. Coordinates are screen pixels from the top-left
    /// corner.
    ///
    /// ```swift
    /// try await sandbox.computerUse.mouse.click(x: 100, y: 200, button: .right)
    /// try await sandbox.computerUse.mouse.drag(fromX: 50, fromY: 50, toX: 150, toY: 150, modifiers: [.shift])
    /// ```
    public struct Mouse: Sendable {
        let api: ToolboxClient

        /// Where the cursor is (`GET …/computeruse/mouse/position`; Python:
        /// `mouse.get_position()`).
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to get mouse position: `.
        public func position() async throws -> MousePosition {
            try await api.computerUse("Failed to get mouse position: ") {
                try await position(of: .get(api.computerUsePath("/mouse/position")))
            }
        }

        /// Moves the cursor (`POST …/computeruse/mouse/move`; Python: `mouse.move(x, y)`).
        ///
        /// - Returns: Where the cursor is afterwards.
        /// - Throws: ``DaytonaError`` prefixed `Failed to move mouse: `.
        @discardableResult
        public func move(x: Int, y: Int) async throws -> MousePosition {
            try await api.computerUse("Failed to move mouse: ") {
                try await position(of: .post(api.computerUsePath("/mouse/move"), json: Current.MouseMove(x: x, y: y), expectsBody: true))
            }
        }

        /// Clicks at a point (`POST …/computeruse/mouse/click`; Python:
        /// `mouse.click(x, y, button, double, clicks=, modifiers=)`).
        ///
        /// - Parameters:
        ///   - x: The point's x coordinate.
        ///   - y: The point's y coordinate.
        ///   - button: The button to click.
        ///   - double: Whether to double-click.
        ///   - clicks: How many clicks, 1 to 10 (e.g. 3 for a triple click); wins over `double`.
        ///     `nil` is not sent.
        ///   - modifiers: Keys held during the click; `nil` is not sent.
        /// - Returns: Where the cursor is afterwards.
        /// - Throws: ``DaytonaError`` prefixed `Failed to click mouse: `.
        @discardableResult
        public func click(
            x: Int, y: Int, button: MouseButton = .left, double: Bool = false, clicks: Int? = nil, modifiers: [KeyModifier]? = nil
        ) async throws -> MousePosition {
            try await api.computerUse("Failed to click mouse: ") {
                let body = Current.MouseClick(
                    button: button.rawValue, clicks: clicks, double: double, modifiers: modifiers?.map(\.rawValue), x: x, y: y)
                return try await position(of: .post(api.computerUsePath("/mouse/click"), json: body, expectsBody: true))
            }
        }

        /// Drags from one point to another with a button held (`POST …/computeruse/mouse/drag`;
        /// Python: `mouse.drag(start_x, start_y, end_x, end_y, button, modifiers=)`).
        ///
        /// - Parameters:
        ///   - fromX: The start's x coordinate.
        ///   - fromY: The start's y coordinate.
        ///   - toX: The end's x coordinate.
        ///   - toY: The end's y coordinate.
        ///   - button: The button held.
        ///   - modifiers: Keys held during the drag; `nil` is not sent.
        /// - Returns: Where the cursor is afterwards.
        /// - Throws: ``DaytonaError`` prefixed `Failed to drag mouse: `.
        @discardableResult
        public func drag(
            fromX: Int, fromY: Int, toX: Int, toY: Int, button: MouseButton = .left, modifiers: [KeyModifier]? = nil
        ) async throws -> MousePosition {
            try await api.computerUse("Failed to drag mouse: ") {
                let body = Current.MouseDrag(
                    button: button.rawValue, endX: toX, endY: toY, modifiers: modifiers?.map(\.rawValue), startX: fromX, startY: fromY)
                return try await position(of: .post(api.computerUsePath("/mouse/drag"), json: body, expectsBody: true))
            }
        }

        /// Turns the wheel at a point (`POST …/computeruse/mouse/scroll`; Python:
        /// `mouse.scroll(x, y, direction, amount, modifiers=)`).
        ///
        /// - Parameters:
        ///   - x: The point's x coordinate.
        ///   - y: The point's y coordinate.
        ///   - direction: Which way to scroll.
        ///   - amount: How many wheel steps; not negative.
        ///   - modifiers: Keys held during the scroll (e.g. `[.ctrl]` to zoom); `nil` is not sent.
        /// - Returns: Whether the daemon reports success.
        /// - Throws: ``DaytonaError`` prefixed `Failed to scroll mouse: `.
        @discardableResult
        public func scroll(x: Int, y: Int, direction: ScrollDirection, amount: Int = 1, modifiers: [KeyModifier]? = nil) async throws
            -> Bool
        {
            try await api.computerUse("Failed to scroll mouse: ") {
                guard amount >= 0 else { throw DaytonaError.invalidArgument("amount must not be negative") }
                let body = Current.MouseScroll(
                    amount: amount, direction: direction.rawValue, modifiers: modifiers?.map(\.rawValue), x: x, y: y)
                let response = try await api.send(.post(api.computerUsePath("/mouse/scroll"), json: body, expectsBody: true))
                return try api.decodeIfPresent(Current.ScrollAnswer.self, from: response)?.success == true
            }
        }

        /// Presses and holds a button until ``up(x:y:button:)`` (`POST …/computeruse/mouse/down`;
        /// Python: `mouse.down(x, y, button)`). With a point, the cursor moves there first;
        /// without, the button goes down where the cursor is.
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to press mouse button: `; `invalidArgument`
        ///   when only one coordinate is given.
        @discardableResult
        public func down(x: Int? = nil, y: Int? = nil, button: MouseButton = .left) async throws -> MousePosition {
            try await api.computerUse("Failed to press mouse button: ") {
                try await press("/mouse/down", x: x, y: y, button: button)
            }
        }

        /// Releases a held button (`POST …/computeruse/mouse/up`; Python: `mouse.up(x, y, button)`).
        /// With a point, the cursor moves there first: ``down(x:y:button:)``, then `up` elsewhere,
        /// is a drag you compose yourself.
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to release mouse button: `;
        ///   `invalidArgument` when only one coordinate is given.
        @discardableResult
        public func up(x: Int? = nil, y: Int? = nil, button: MouseButton = .left) async throws -> MousePosition {
            try await api.computerUse("Failed to release mouse button: ") {
                try await press("/mouse/up", x: x, y: y, button: button)
            }
        }

        private func press(_ route: String, x: Int?, y: Int?, button: MouseButton) async throws -> MousePosition {
            guard (x == nil) == (y == nil) else { throw DaytonaError.invalidArgument("Give both x and y, or neither") }
            let body = Current.MouseButtonPress(button: button.rawValue, x: x, y: y)
            return try await position(of: .post(api.computerUsePath(route), json: body, expectsBody: true))
        }

        private func position(of endpoint: Endpoint) async throws -> MousePosition {
            let response = try await api.send(endpoint)
            return MousePosition(try api.decodeIfPresent(Current.Position.self, from: response) ?? .init(x: nil, y: nil))
        }
    }
}

// MARK: Keyboard

extension ComputerUse {
    /// Keyboard operations: ``ComputerUse/keyboard``. Key names are the daemon's: `enter`,
    /// `escape`, `tab`, letters, digits, function keys (`f5`), `num_plus`, …; named keys are
    /// case-insensitive and aliases such as `Return` are accepted.
    ///
    /// ```swift
    /// try await sandbox.computerUse.keyboard.type("Hello", delay: .milliseconds(50))
    /// try await sandbox.computerUse.keyboard.press("t", modifiers: [.ctrl, .shift])
    /// try await sandbox.computerUse.keyboard.hotkey("alt+tab")
    /// ```
    public struct Keyboard: Sendable {
        let api: ToolboxClient

        /// Types text (`POST …/computeruse/keyboard/type`; Python: `keyboard.type(text, delay)`).
        ///
        /// - Parameters:
        ///   - text: The text.
        ///   - delay: The pause between keystrokes, sent in whole milliseconds; `nil` is not sent.
        /// - Throws: ``DaytonaError`` prefixed `Failed to type text: `.
        public func type(_ text: String, delay: Duration? = nil) async throws {
            try await api.computerUse("Failed to type text: ") {
                let milliseconds = try delay.map { try Self.milliseconds($0) }
                try await send("/keyboard/type", Current.KeyboardType(delay: milliseconds, text: text))
            }
        }

        /// Presses and releases a key, with modifiers held (`POST …/computeruse/keyboard/key`;
        /// Python: `keyboard.press(key, modifiers)`). The modifiers are always sent (`[]` for
        /// none), as Python sends them.
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to press key: `.
        public func press(_ key: String, modifiers: [KeyModifier] = []) async throws {
            try await api.computerUse("Failed to press key: ") {
                try await send("/keyboard/key", Current.KeyboardPress(key: key, modifiers: modifiers.map(\.rawValue)))
            }
        }

        /// Presses a key chord such as `ctrl+c` or `cmd+shift+t`
        /// (`POST …/computeruse/keyboard/hotkey`; Python: `keyboard.hotkey(keys)`).
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to press hotkey: `.
        public func hotkey(_ keys: String) async throws {
            try await api.computerUse("Failed to press hotkey: ") {
                try await send("/keyboard/hotkey", Current.KeyboardHotkey(keys: keys))
            }
        }

        /// Presses and holds a key until ``up(_:)`` (`POST …/computeruse/keyboard/down`; Python:
        /// `keyboard.down(key)`). Release it on every path, errors included, so that a failure
        /// cannot leave it held.
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to press key down: `.
        public func down(_ key: String) async throws {
            try await api.computerUse("Failed to press key down: ") {
                try await send("/keyboard/down", Current.KeyboardKey(key: key))
            }
        }

        /// Releases a held key (`POST …/computeruse/keyboard/up`; Python: `keyboard.up(key)`).
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to release key: `.
        public func up(_ key: String) async throws {
            try await api.computerUse("Failed to release key: ") {
                try await send("/keyboard/up", Current.KeyboardKey(key: key))
            }
        }

        private func send<Body: Encodable>(_ route: String, _ body: Body) async throws {
            _ = try await api.send(.post(api.computerUsePath(route), json: body, expectsBody: true))
        }

        /// `duration` in whole milliseconds (rounded down); negative durations are rejected.
        static func milliseconds(_ duration: Duration) throws -> Int {
            guard duration >= .zero else { throw DaytonaError.invalidArgument("delay must not be negative") }
            let (seconds, attoseconds) = duration.components
            guard seconds < Int64(Int32.max) else { throw DaytonaError.invalidArgument("delay is too long") }
            return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
        }
    }
}

// MARK: Screenshots

extension ComputerUse {
    /// Screenshots: ``ComputerUse/screenshot``. Each returns the decoded image bytes.
    ///
    /// ```swift
    /// let full = try await sandbox.computerUse.screenshot.takeFullScreen(showCursor: true)
    /// let small = try await sandbox.computerUse.screenshot.takeCompressed(.init(format: .jpeg, quality: 80, scale: 0.5))
    /// ```
    public struct Screenshots: Sendable {
        let api: ToolboxClient

        /// The whole screen as PNG (`GET …/computeruse/screenshot`; Python:
        /// `screenshot.take_full_screen(show_cursor)`).
        ///
        /// - Parameter showCursor: Whether to draw the cursor into the image (always sent).
        /// - Throws: ``DaytonaError`` prefixed `Failed to take screenshot: `.
        public func takeFullScreen(showCursor: Bool = false) async throws -> Screenshot {
            try await api.computerUse("Failed to take screenshot: ") {
                try await take("/screenshot", query: [("showCursor", String(showCursor))])
            }
        }

        /// A region of the screen as PNG (`GET …/computeruse/screenshot/region`; Python:
        /// `screenshot.take_region(region, show_cursor)`).
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to take region screenshot: `.
        public func takeRegion(_ region: ScreenshotRegion, showCursor: Bool = false) async throws -> Screenshot {
            try await api.computerUse("Failed to take region screenshot: ") {
                try await take("/screenshot/region", query: Self.query(region) + [("showCursor", String(showCursor))])
            }
        }

        /// The whole screen, compressed as `options` say (`GET …/computeruse/screenshot/compressed`;
        /// Python: `screenshot.take_compressed(options)`).
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to take compressed screenshot: `;
        ///   `invalidArgument` for a quality outside 0…100 or a scale not above zero.
        public func takeCompressed(_ options: ScreenshotOptions = ScreenshotOptions()) async throws -> Screenshot {
            try await api.computerUse("Failed to take compressed screenshot: ") {
                try await take("/screenshot/compressed", query: try Self.query(options))
            }
        }

        /// A region of the screen, compressed as `options` say
        /// (`GET …/computeruse/screenshot/region/compressed`; Python:
        /// `screenshot.take_compressed_region(region, options)`).
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to take compressed region screenshot: `;
        ///   `invalidArgument` for a quality outside 0…100 or a scale not above zero.
        public func takeCompressedRegion(_ region: ScreenshotRegion, options: ScreenshotOptions = ScreenshotOptions()) async throws
            -> Screenshot
        {
            try await api.computerUse("Failed to take compressed region screenshot: ") {
                try await take("/screenshot/region/compressed", query: Self.query(region) + (try Self.query(options)))
            }
        }

        private func take(_ route: String, query: [(String, String?)]) async throws -> Screenshot {
            let response = try await api.send(.get(api.computerUsePath(route), query: query))
            return try Screenshot(try api.decodeIfPresent(Current.ScreenshotAnswer.self, from: response) ?? .init(screenshot: nil))
        }

        static func query(_ region: ScreenshotRegion) -> [(String, String?)] {
            [("x", String(region.x)), ("y", String(region.y)), ("width", String(region.width)), ("height", String(region.height))]
        }

        /// The options as query pairs, in the Python client's order; `nil` options are left out.
        static func query(_ options: ScreenshotOptions) throws -> [(String, String?)] {
            if let quality = options.quality, !(0...100).contains(quality) {
                throw DaytonaError.invalidArgument("quality must be between 0 and 100")
            }
            if let scale = options.scale, !(scale > 0 && scale.isFinite) {
                throw DaytonaError.invalidArgument("scale must be a finite number above zero")
            }
            return [
                ("showCursor", options.showCursor.map { String($0) }), ("format", options.format?.rawValue),
                ("quality", options.quality.map { String($0) }), ("scale", options.scale.map { String($0) }),
            ]
        }
    }
}

// MARK: Display

extension ComputerUse {
    /// Displays and windows: ``ComputerUse/display``.
    public struct Display: Sendable {
        let api: ToolboxClient

        /// The desktop's displays (`GET …/computeruse/display/info`; Python: `display.get_info()`).
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to get display info: `.
        public func info() async throws -> [DesktopDisplay] {
            try await api.computerUse("Failed to get display info: ") {
                let response = try await api.send(.get(api.computerUsePath("/display/info")))
                return (try api.decodeIfPresent(Current.DisplayInfoAnswer.self, from: response)?.displays ?? []).map(DesktopDisplay.init)
            }
        }

        /// The desktop's open windows (`GET …/computeruse/display/windows`; Python:
        /// `display.get_windows()`).
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to get windows: `.
        public func windows() async throws -> [DesktopWindow] {
            try await api.computerUse("Failed to get windows: ") {
                let response = try await api.send(.get(api.computerUsePath("/display/windows")))
                return (try api.decodeIfPresent(Current.WindowsAnswer.self, from: response)?.windows ?? []).map(DesktopWindow.init)
            }
        }
    }
}

// MARK: Accessibility

extension ComputerUse {
    /// The desktop's AT-SPI accessibility tree: ``ComputerUse/accessibility``. Needs the
    /// accessibility bus (started by ``ComputerUse/start()``); without it every call fails with
    /// a ``DaytonaError`` of category `server` and code `A11Y_UNAVAILABLE` (503).
    ///
    /// ```swift
    /// let found = try await sandbox.computerUse.accessibility.findNodes(scope: .all, role: "push button",
    ///                                                                   name: "Submit", nameMatch: .substring)
    /// if let id = found.matches.first?.id { try await sandbox.computerUse.accessibility.invokeNode(id) }
    /// ```
    public struct Accessibility: Sendable {
        let api: ToolboxClient

        /// The accessibility tree (`GET …/computeruse/a11y/tree`; Python:
        /// `accessibility.get_tree(scope, pid, max_depth)`).
        ///
        /// - Parameters:
        ///   - scope: Which applications; the daemon's default is ``AccessibilityScope/focused``.
        ///   - pid: The process, with ``AccessibilityScope/pid``.
        ///   - maxDepth: How deep to descend: `0` for the root only, `-1` (the daemon's default)
        ///     for everything.
        /// - Throws: ``DaytonaError`` prefixed `Failed to get accessibility tree: `.
        public func tree(scope: AccessibilityScope? = nil, pid: Int? = nil, maxDepth: Int? = nil) async throws -> AccessibilityTree {
            try await api.computerUse("Failed to get accessibility tree: ") {
                let query: [(String, String?)] = [
                    ("scope", scope?.rawValue), ("pid", pid.map { String($0) }), ("maxDepth", maxDepth.map { String($0) }),
                ]
                let response = try await api.send(.get(api.computerUsePath("/a11y/tree"), query: query))
                let answer = try api.decodeIfPresent(Current.AccessibilityAnswer.self, from: response)
                return AccessibilityTree(root: answer?.root.map(AccessibilityNode.init), truncated: answer?.truncated ?? false)
            }
        }

        /// The nodes that match every filter given (`POST …/computeruse/a11y/find`; Python:
        /// `accessibility.find_nodes(scope, pid, role, name, name_match, states, limit)`).
        /// Filters left `nil` are not sent.
        ///
        /// - Parameters:
        ///   - scope: Which applications.
        ///   - pid: The process, with ``AccessibilityScope/pid``.
        ///   - role: A role, e.g. `push button`.
        ///   - name: An accessible name.
        ///   - nameMatch: How `name` is compared.
        ///   - states: States every match has, e.g. `["enabled"]`.
        ///   - limit: The most matches; `0` for the daemon's default.
        /// - Throws: ``DaytonaError`` prefixed `Failed to find accessibility nodes: `.
        public func findNodes(
            scope: AccessibilityScope? = nil, pid: Int? = nil, role: String? = nil, name: String? = nil,
            nameMatch: AccessibilityNameMatch? = nil, states: [String]? = nil, limit: Int? = nil
        ) async throws -> AccessibilityMatches {
            try await api.computerUse("Failed to find accessibility nodes: ") {
                let body = Current.FindAccessibilityNodes(
                    limit: limit, name: name, nameMatch: nameMatch?.rawValue, pid: pid, role: role, scope: scope?.rawValue, states: states)
                let response = try await api.send(.post(api.computerUsePath("/a11y/find"), json: body, expectsBody: true))
                let answer = try api.decodeIfPresent(Current.AccessibilityAnswer.self, from: response)
                return AccessibilityMatches(
                    matches: (answer?.matches ?? []).map(AccessibilityNode.init), truncated: answer?.truncated ?? false)
            }
        }

        /// Gives a node the focus (`POST …/computeruse/a11y/node/focus`; Python:
        /// `accessibility.focus_node(node_id)`).
        ///
        /// - Parameter nodeID: An ``AccessibilityNode/id`` from ``tree(scope:pid:maxDepth:)`` or
        ///   ``findNodes(scope:pid:role:name:nameMatch:states:limit:)``.
        /// - Throws: ``DaytonaError`` prefixed `Failed to focus accessibility node: `.
        public func focusNode(_ nodeID: String) async throws {
            try await api.computerUse("Failed to focus accessibility node: ") {
                try await send("/a11y/node/focus", Current.AccessibilityNodeAction(id: nodeID))
            }
        }

        /// Performs a node's action (`POST …/computeruse/a11y/node/invoke`; Python:
        /// `accessibility.invoke_node(node_id, action)`).
        ///
        /// - Parameters:
        ///   - nodeID: The node's ``AccessibilityNode/id``.
        ///   - action: One of its ``AccessibilityNode/actions``; `nil` for its primary action.
        /// - Throws: ``DaytonaError`` prefixed `Failed to invoke accessibility node: `.
        public func invokeNode(_ nodeID: String, action: String? = nil) async throws {
            try await api.computerUse("Failed to invoke accessibility node: ") {
                try await send("/a11y/node/invoke", Current.AccessibilityNodeAction(action: action, id: nodeID))
            }
        }

        /// Sets a node's value, e.g. a text field's text (`POST …/computeruse/a11y/node/value`;
        /// Python: `accessibility.set_node_value(node_id, value)`).
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to set accessibility node value: `.
        public func setNodeValue(_ nodeID: String, to value: String) async throws {
            try await api.computerUse("Failed to set accessibility node value: ") {
                try await send("/a11y/node/value", Current.AccessibilityNodeAction(id: nodeID, value: value))
            }
        }

        private func send(_ route: String, _ body: Current.AccessibilityNodeAction) async throws {
            try requireNonEmpty(body.id, "nodeID")
            _ = try await api.send(.post(api.computerUsePath(route), json: body, expectsBody: true))
        }
    }
}

// MARK: Recordings

extension ComputerUse {
    /// Screen recordings (MP4 files in the sandbox): ``ComputerUse/recording``.
    ///
    /// ```swift
    /// let recording = try await sandbox.computerUse.recording.start(label: "login-flow")
    /// // … drive the desktop …
    /// let done = try await sandbox.computerUse.recording.stop(recording.id)
    /// try await sandbox.computerUse.recording.download(done.id, to: URL(fileURLWithPath: "login-flow.mp4"))
    /// ```
    public struct Recordings: Sendable {
        let api: ToolboxClient

        /// Starts recording the screen (`POST …/computeruse/recordings/start`, 201; Python:
        /// `recording.start(label)`).
        ///
        /// - Parameter label: A label for the file name; `nil` is not sent.
        /// - Throws: ``DaytonaError`` prefixed `Failed to start recording: ` (code
        ///   `RECORDING_FFMPEG_NOT_FOUND`, 503, when the image has no ffmpeg).
        public func start(label: String? = nil) async throws -> Recording {
            try await api.computerUse("Failed to start recording: ") {
                try await recording(
                    of: .post(api.computerUsePath("/recordings/start"), json: Current.StartRecording(label: label), expectsBody: true))
            }
        }

        /// Stops a recording (`POST …/computeruse/recordings/stop`; Python: `recording.stop(id)`).
        ///
        /// - Returns: The recording, with its end time, duration and size.
        /// - Throws: ``DaytonaError`` prefixed `Failed to stop recording: `.
        @discardableResult
        public func stop(_ id: String) async throws -> Recording {
            try await api.computerUse("Failed to stop recording: ") {
                try requireNonEmpty(id, "id")
                return try await recording(
                    of: .post(api.computerUsePath("/recordings/stop"), json: Current.StopRecording(id: id), expectsBody: true))
            }
        }

        /// Every recording, running or done (`GET …/computeruse/recordings`; Python:
        /// `recording.list()`).
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to list recordings: `.
        public func list() async throws -> [Recording] {
            try await api.computerUse("Failed to list recordings: ") {
                let response = try await api.send(.get(api.computerUsePath("/recordings")))
                return try (try api.decodeIfPresent(Current.RecordingList.self, from: response)?.recordings ?? []).map(Recording.init)
            }
        }

        /// One recording (`GET …/computeruse/recordings/{id}`; Python: `recording.get(id)`).
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to get recording: ` (`notFound` when
        ///   there is none).
        public func get(_ id: String) async throws -> Recording {
            try await api.computerUse("Failed to get recording: ") {
                try await recording(of: .get(try path(id)))
            }
        }

        /// Deletes a recording and its file (`DELETE …/computeruse/recordings/{id}`, 204; Python:
        /// `recording.delete(id)`).
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to delete recording: ` (code
        ///   `RECORDING_STILL_ACTIVE`, `conflict`, while it records).
        public func delete(_ id: String) async throws {
            try await api.computerUse("Failed to delete recording: ") {
                _ = try await api.send(api.declaringNoAnswer(.delete(try path(id))))
            }
        }

        /// Downloads a recording's video into memory (`GET …/computeruse/recordings/{id}/download`,
        /// `Accept: application/octet-stream`). Videos can be large: answers above
        /// ``DaytonaConfiguration/maxResponseSize`` fail with `responseTooLarge`; use
        /// ``download(_:to:progress:)`` for those.
        ///
        /// - Throws: ``DaytonaError`` prefixed `Failed to download recording: `.
        public func download(_ id: String) async throws -> Data {
            try await api.computerUse("Failed to download recording: ") {
                try await api.send(downloadEndpoint(id)).body
            }
        }

        /// Downloads a recording's video into a local file in constant memory
        /// (`GET …/computeruse/recordings/{id}/download`; Python: `recording.download(id, local_path)`).
        ///
        /// Missing parent folders are created, as Python does. The bytes go to a hidden partial
        /// file beside `destination`, which replaces `destination` only once the download is
        /// complete; on failure or cancellation the partial file is removed and `destination` is
        /// left as it was.
        ///
        /// - Parameters:
        ///   - id: The recording's ID.
        ///   - destination: A file URL.
        ///   - progress: Called with the bytes written so far and the total, when known.
        /// - Throws: ``DaytonaError`` prefixed `Failed to download recording: `, or
        ///   `CancellationError`.
        public func download(_ id: String, to destination: URL, progress: (@Sendable (TransferProgress) -> Void)? = nil) async throws {
            try await api.computerUse("Failed to download recording: ") {
                guard destination.isFileURL else { throw DaytonaError.invalidArgument("The destination must be a file URL") }
                let endpoint = try downloadEndpoint(id)
                let folder = destination.deletingLastPathComponent()
                do {
                    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                } catch {
                    throw DaytonaError(.invalidArgument, message: "Could not create the folder \(folder.path)", underlyingError: error)
                }
                try await api.download(endpoint, replacing: destination, progress: progress)
            }
        }

        private func path(_ id: String) throws -> String {
            try requireNonEmpty(id, "id")
            return api.computerUsePath("/recordings/" + PercentEncoding.pathSegment(id))
        }

        private func downloadEndpoint(_ id: String) throws -> Endpoint {
            var endpoint = Endpoint.get(try path(id) + "/download")
            endpoint.accept = "application/octet-stream"
            return endpoint
        }

        private func recording(of endpoint: Endpoint) async throws -> Recording {
            let response = try await api.send(endpoint)
            return try Recording(try api.api.decode(Current.Recording.self, from: response, displayName: "Recording"))
        }
    }
}

// MARK: Plumbing

extension ToolboxClient {
    /// The computer-use route `suffix`, e.g. `/mouse/click`.
    fileprivate func computerUsePath(_ suffix: String) -> String { path("/computeruse" + suffix) }

    /// Runs a computer-use call: `unsupported` on 0.14 before any request, and the Python SDK's
    /// message `prefix` on any failure.
    fileprivate func computerUse<T>(_ prefix: String, _ body: () async throws -> T) async throws -> T {
        try await withContext(prefix) {
            try requireCurrent("Computer use")
            return try await body()
        }
    }
}
