import Foundation

extension Sandbox {
    /// The sandbox's desktop: screenshots, mouse, keyboard, displays, windows, accessibility
    /// tree and screen recordings (current API only; Python: `sandbox.computer_use`).
    public var computerUse: ComputerUse { ComputerUse(sandboxID: id, api: toolbox) }
}
