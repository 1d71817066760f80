/// Exponential backoff with full jitter: retries from many clients spread out
/// instead of arriving together.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxDelay: Double

    public init(maxAttempts: Int = 6, baseDelay: Double = 0.2, maxDelay: Double = 10) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
    }

    /// Seconds to wait before attempt `attempt + 1` (attempt counts from 1).
    public func delay(afterAttempt attempt: Int, hint: Double? = nil) -> Double {
        if let hint, hint > 0 { return min(hint, 120) }
        let ceiling = min(self.maxDelay, self.baseDelay * Double(1 << min(attempt, 20)))
        return Double.random(in: ceiling / 2...ceiling)
    }

    /// One attempt, no retry.
    public static let single = RetryPolicy(maxAttempts: 1)
}
