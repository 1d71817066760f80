public import ArtifactText

/// The API's own header names: the one vocabulary the client, the sandbox and
/// the webhook listener read and write, so the two ends cannot drift. Open, as
/// swift-nio's vocabularies are: a newer API's header is one more constant.
public struct HeaderName: StringVocabulary {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    public static let idempotencyKey = HeaderName(rawValue: "Idempotency-Key")
    public static let idempotentReplayed = HeaderName(rawValue: "Idempotent-Replayed")
    public static let rateLimitLimit = HeaderName(rawValue: "X-RateLimit-Limit")
    public static let rateLimitRemaining = HeaderName(rawValue: "X-RateLimit-Remaining")
    public static let retryAfter = HeaderName(rawValue: "Retry-After")
    /// Hex HMAC-SHA256 of `"{timestamp}.{raw body}"` with the signing secret.
    public static let webhookSignature = HeaderName(rawValue: "X-Webhook-Signature")
    /// ISO 8601; a webhook older than 300 s is refused.
    public static let webhookTimestamp = HeaderName(rawValue: "X-Webhook-Timestamp")
}
