import CubeAPI
import Foundation
import HTTPTypes
import Hummingbird

/// A per-key, per-minute request limit with `X-RateLimit-*` on every answer and
/// `Retry-After` on the 429, measured in real time (clients wait in real time).
final class RateLimitMiddleware<Context: RequestContext>: RouterMiddleware, @unchecked Sendable {
    private let limit: Int
    private let lock = NSLock()
    private var windows: [String: (start: Date, count: Int)] = [:]

    init(limit: Int) {
        self.limit = limit
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response
    {
        guard self.limit > 0 else { return try await next(request, context) }
        let key = request.headers[.authorization] ?? "anonymous"
        let now = Date()
        let (count, start) = self.lock.withLock { () -> (Int, Date) in
            var window = self.windows[key] ?? (now, 0)
            if now.timeIntervalSince(window.start) >= 60 { window = (now, 0) }
            window.count += 1
            self.windows[key] = window
            return (window.count, window.start)
        }
        let remaining = max(0, self.limit - count)
        var headers: HTTPFields = [:]
        headers[.rateLimitLimit] = String(self.limit)
        headers[.rateLimitRemaining] = String(remaining)
        if count > self.limit {
            let retryAfter = max(1, Int((60 - now.timeIntervalSince(start)).rounded(.up)))
            headers[.cubeRetryAfter] = String(retryAfter)
            throw SandboxError(
                status: .tooManyRequests, code: ErrorCode.rateLimitExceeded,
                message: "Too many requests: \(self.limit) a minute. Retry after \(retryAfter) s.",
                headers: headers)
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch var error as SandboxError {
            error.headers.append(contentsOf: headers)
            throw error
        }
        response.headers.append(contentsOf: headers)
        return response
    }
}
