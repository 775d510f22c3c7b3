import Foundation

/// A sandbox's CPU, memory and disk use at one moment, from
/// ``Sandbox/systemMetrics()``. Values the daemon did not report are `nil`.
public struct SystemMetrics: Sendable, Hashable, Codable {
    /// The CPUs the sandbox may use.
    public var cpuCount: Int?
    /// The CPU in use, in percent of the sandbox's CPU limit.
    public var cpuUsedPercent: Double?
    /// The memory limit, in bytes.
    public var memoryTotal: Int64?
    /// Memory in use, in bytes.
    public var memoryUsed: Int64?
    /// Memory used as cache, in bytes.
    public var memoryCache: Int64?
    /// Disk size, in bytes.
    public var diskTotal: Int64?
    /// Disk in use, in bytes.
    public var diskUsed: Int64?
    /// Free disk, in bytes.
    public var diskFree: Int64?
    /// When the sample was taken (RFC 3339 text).
    public var timestamp: String?

    /// Creates a sample.
    public init(
        cpuCount: Int? = nil, cpuUsedPercent: Double? = nil, memoryTotal: Int64? = nil, memoryUsed: Int64? = nil,
        memoryCache: Int64? = nil, diskTotal: Int64? = nil, diskUsed: Int64? = nil, diskFree: Int64? = nil, timestamp: String? = nil
    ) {
        self.cpuCount = cpuCount
        self.cpuUsedPercent = cpuUsedPercent
        self.memoryTotal = memoryTotal
        self.memoryUsed = memoryUsed
        self.memoryCache = memoryCache
        self.diskTotal = diskTotal
        self.diskUsed = diskUsed
        self.diskFree = diskFree
        self.timestamp = timestamp
    }

    package init(_ wire: Current.SystemMetrics) {
        self.init(
            cpuCount: wire.cpuCount, cpuUsedPercent: wire.cpuUsedPct, memoryTotal: wire.memTotal, memoryUsed: wire.memUsed,
            memoryCache: wire.memCache, diskTotal: wire.diskTotal, diskUsed: wire.diskUsed, diskFree: wire.diskFree,
            timestamp: wire.timestamp)
    }
}
