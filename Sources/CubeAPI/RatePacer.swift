import Foundation
import NIOHTTP1

/// Paces requests by the server's `X-RateLimit-Remaining`, so that a long fetch
/// slows down before it meets a 429 instead of after.
final class RatePacer: @unchecked Sendable {
    private let lock = NSLock()
    private var limit: Int?
    private var remaining: Int?
    private var windowStart = Date()

    var observedLimit: Int? { self.lock.withLock { self.limit } }

    func observe(headers: HTTPHeaders) {
        guard let remaining = headers.first(name: HeaderName.rateLimitRemaining.rawValue).flatMap(Int.init) else { return }
        let limit = headers.first(name: HeaderName.rateLimitLimit.rawValue).flatMap(Int.init)
        self.lock.withLock {
            if let previous = self.remaining, remaining > previous { self.windowStart = Date() }
            self.remaining = remaining
            self.limit = limit
        }
    }

    /// When the window is nearly spent, spreads what is left over the rest of the minute.
    func waitIfNeeded() async {
        let wait: Double = self.lock.withLock {
            guard let remaining = self.remaining, let limit = self.limit, limit > 0 else { return 0 }
            if remaining > max(2, limit / 10) { return 0 }
            let left = max(0, 60 - Date().timeIntervalSince(self.windowStart))
            return remaining <= 1 ? min(left + 0.05, 61) : left / Double(remaining + 1)
        }
        if wait > 0 { try? await Task.sleep(for: .seconds(wait)) }
    }
}
