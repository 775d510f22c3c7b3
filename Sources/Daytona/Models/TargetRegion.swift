/// The region a sandbox runs in.
///
/// Unknown regions that a server reports are kept as they are.
public struct TargetRegion: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The wire value, e.g. `eu`.
    public var rawValue: String
    /// Creates a region from its wire value.
    public init(rawValue: String) { self.rawValue = rawValue }
    /// Creates a region from a string literal.
    public init(stringLiteral value: String) { self.rawValue = value }
    /// The wire value.
    public var description: String { rawValue }

    /// Europe.
    public static let eu: TargetRegion = "eu"
    /// The United States (the default).
    public static let us: TargetRegion = "us"
    /// Asia.
    public static let asia: TargetRegion = "asia"
}
