import Foundation

/// The sandboxes of a ``DaytonaClient/sandboxes(labels:states:pageSize:)`` call, read a page
/// at a time as you iterate.
///
/// Each iteration starts from the first page. Errors are ``DaytonaError``s prefixed
/// `Failed to list sandboxes: `.
public struct SandboxSequence: AsyncSequence, Sendable {
    /// Each element is a handle on one sandbox.
    public typealias Element = Sandbox

    let api: APIClient
    let filter: SandboxFilter

    /// Starts an iteration at the first page.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(api: api, filter: filter)
    }

    /// Reads the pages one by one.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let api: APIClient
        let filter: SandboxFilter
        private var page: [Sandbox] = []
        private var index = 0
        private var cursor: String?
        private var isLastPage = false

        init(api: APIClient, filter: SandboxFilter) {
            self.api = api
            self.filter = filter
        }

        /// The next sandbox, asking for the next page when this one is used up; `nil` after
        /// the last.
        public mutating func next() async throws -> Sandbox? {
            while index == page.count {
                if isLastPage { return nil }
                let (api, filter, cursor) = (self.api, self.filter, self.cursor)
                let (sandboxes, next) = try await withContext("Failed to list sandboxes: ") {
                    if let size = filter.pageSize, size < 1 {
                        throw DaytonaError.invalidArgument("limit must be a positive integer")
                    }
                    let plane = try await api.controlPlane()
                    let (infos, next) = try await plane.sandboxes(filter, cursor: cursor)
                    return (infos.map { Sandbox(info: $0, plane: plane) }, next)
                }
                page = sandboxes
                index = 0
                self.cursor = next
                isLastPage = next == nil
            }
            defer { index += 1 }
            return page[index]
        }
    }
}
