import HTTPTypes

/// The API's own header names. The literals are valid tokens, so the failable
/// initialiser cannot fail; the fallback only keeps force unwraps out.
extension HTTPField.Name {
    static let idempotencyKey = HTTPField.Name("Idempotency-Key") ?? .contentType
    static let idempotentReplayed = HTTPField.Name("Idempotent-Replayed") ?? .contentType
    static let rateLimitLimit = HTTPField.Name("X-RateLimit-Limit") ?? .contentType
    static let rateLimitRemaining = HTTPField.Name("X-RateLimit-Remaining") ?? .contentType
}
