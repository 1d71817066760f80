import CubeAPI
import HTTPTypes

/// The API's header names (`CubeAPI.HeaderName`) as Hummingbird's field names.
/// The names are valid tokens, so the failable initialiser cannot fail; the
/// fallback only keeps force unwraps out.
extension HTTPField.Name {
    init(_ name: HeaderName) {
        self = HTTPField.Name(name.rawValue) ?? .contentType
    }

    static let idempotencyKey = HTTPField.Name(HeaderName.idempotencyKey)
    static let idempotentReplayed = HTTPField.Name(HeaderName.idempotentReplayed)
    static let rateLimitLimit = HTTPField.Name(HeaderName.rateLimitLimit)
    static let rateLimitRemaining = HTTPField.Name(HeaderName.rateLimitRemaining)
    static let cubeRetryAfter = HTTPField.Name(HeaderName.retryAfter)
}
