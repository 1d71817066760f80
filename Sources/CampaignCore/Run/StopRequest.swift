import Foundation

/// Set from a signal handler, read between steps: the watcher finishes the
/// step it is in (a report wait is cut short: it sends nothing) and stops.
public final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var requested = false
    private var reason: String?

    public init() {}

    public func request(_ why: String) {
        self.lock.withLock {
            self.requested = true
            self.reason = self.reason ?? why
        }
    }

    public var isRequested: Bool { self.lock.withLock { self.requested } }
    public var why: String? { self.lock.withLock { self.reason } }

    /// Sleeps up to `seconds`, waking early when a stop is asked for.
    public func sleep(_ seconds: Double) async {
        let until = Date().addingTimeInterval(seconds)
        while !self.isRequested, Date() < until {
            try? await Task.sleep(for: .milliseconds(min(200, max(1, Int(until.timeIntervalSinceNow * 1000)))))
        }
    }

    /// Runs `body`, cancelling it when a stop is asked for.
    public func cancelling<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await body() }
        let watchdog = Task {
            while !Task.isCancelled {
                if self.isRequested {
                    task.cancel()
                    return
                }
                try? await Task.sleep(for: .milliseconds(200))
            }
        }
        defer { watchdog.cancel() }
        return try await task.value
    }
}
