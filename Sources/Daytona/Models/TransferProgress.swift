/// How far a streaming upload or download has come.
///
/// ```swift
/// try await sandbox.fs.downloadFile(at: "/data/model.bin", to: localURL) { progress in
///     if let fraction = progress.fractionCompleted { print("\(Int(fraction * 100))%") }
/// }
/// ```
public struct TransferProgress: Sendable, Hashable {
    /// The bytes of the file transferred so far.
    public var bytesTransferred: Int64
    /// The file's size, when known.
    public var totalBytes: Int64?

    /// Creates a progress report.
    public init(bytesTransferred: Int64, totalBytes: Int64?) {
        self.bytesTransferred = bytesTransferred
        self.totalBytes = totalBytes
    }

    /// The fraction done, from 0 to 1, when the total is known.
    public var fractionCompleted: Double? {
        guard let totalBytes, totalBytes > 0 else { return nil }
        return min(1, Double(bytesTransferred) / Double(totalBytes))
    }
}
