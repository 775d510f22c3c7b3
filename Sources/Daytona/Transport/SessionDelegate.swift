import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The delegate of the sessions ``URLSessionTransport`` makes.
///
/// It strips credentials from cross-origin redirects, refuses redirects that would change a
/// request's method or drop its body, and routes the callbacks of streaming
/// tasks (created without a completion handler) to the handler registered for each task. This
/// is how the transport streams on Linux, where `URLSession.bytes(for:)` does not exist.
final class SessionDelegate: NSObject, URLSessionDataDelegate, URLSessionDownloadDelegate, Sendable {
    /// What one streaming task wants to hear about.
    struct Handler: Sendable {
        var response: @Sendable (HTTPURLResponse) -> Void = { _ in }
        /// Whether to read the body after this head; `false` cancels the task before its body
        /// (through the response disposition: cancelling the task there would race it).
        var allow: @Sendable (HTTPURLResponse) -> Bool = { _ in true }
        var data: @Sendable (Data) -> Void = { _ in }
        var sent: @Sendable (_ sent: Int64, _ expected: Int64) -> Void = { _, _ in }
        /// For download tasks: the file is at `location` only for the duration of the call.
        var downloaded: @Sendable (_ location: URL, _ response: HTTPURLResponse?) -> Void = { _, _ in }
        var written: @Sendable (_ written: Int64, _ expected: Int64) -> Void = { _, _ in }
        var completion: @Sendable ((any Error)?) -> Void
    }

    /// By task object: task identifiers repeat across the sessions sharing this delegate.
    private let handlers = Locked<[ObjectIdentifier: Handler]>([:])

    func register(_ handler: Handler, for task: URLSessionTask) {
        handlers.withLock { $0[ObjectIdentifier(task)] = handler }
    }

    private func handler(for task: URLSessionTask) -> Handler? {
        handlers.withLock { $0[ObjectIdentifier(task)] }
    }

    func urlSession(
        _ session: URLSession,
        task: URLSessionTask,
        willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest,
        completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(RedirectGuard.guarded(request, from: task.originalRequest))
    }

    func urlSession(
        _ session: URLSession,
        dataTask: URLSessionDataTask,
        didReceive response: URLResponse,
        completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void
    ) {
        guard let http = response as? HTTPURLResponse, let handler = handler(for: dataTask) else { return completionHandler(.allow) }
        handler.response(http)
        completionHandler(handler.allow(http) ? .allow : .cancel)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        handler(for: dataTask)?.data(data)
    }

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didSendBodyData bytesSent: Int64, totalBytesSent: Int64,
        totalBytesExpectedToSend: Int64
    ) {
        handler(for: task)?.sent(totalBytesSent, totalBytesExpectedToSend)
    }

    func urlSession(_ session: URLSession, downloadTask: URLSessionDownloadTask, didFinishDownloadingTo location: URL) {
        handler(for: downloadTask)?.downloaded(location, downloadTask.response as? HTTPURLResponse)
    }

    func urlSession(
        _ session: URLSession, downloadTask: URLSessionDownloadTask, didWriteData bytesWritten: Int64, totalBytesWritten: Int64,
        totalBytesExpectedToWrite: Int64
    ) {
        handler(for: downloadTask)?.written(totalBytesWritten, totalBytesExpectedToWrite)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let handler = handlers.withLock { $0.removeValue(forKey: ObjectIdentifier(task)) }
        handler?.completion(error)
    }
}
