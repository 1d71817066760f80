/// What an API error means for whoever made the request, decided once from its status and code:
/// the client's retries, submit, cancellation, the exit codes and the messages all switch over it
/// exhaustively, so a new class of failure is a new case the compiler walks them through.
public enum APIFailure: Sendable, Equatable {
    /// The key is missing, wrong or expired (401).
    case unauthenticated
    /// The key may not do this: another account's number or campaign (403).
    case forbidden
    /// What was named does not exist: a campaign, a template (404).
    case notFound
    /// The request itself is wrong (a template, a language, a field, a phone): the same request
    /// would be refused again (422 and other 4xx).
    case refused
    /// The object's state forbids it now (409, or a cancel of a campaign that has started).
    case conflict
    /// Too many requests a minute (429): the same request, after `Retry-After`.
    case rateLimited
    /// The account's daily messaging tier is used up: what is left of a part waits for another day.
    case tierLimit
    /// The server failed or is degraded (5xx): the same request may go again later, and may have been
    /// acted on.
    case serverError
    /// An answer this release does not expect (another 4xx): not retried, and not the pipeline's fault.
    case unexpected

    /// Worth asking again with the same request (and so the same idempotency key).
    public var isTransient: Bool {
        switch self {
        case .rateLimited, .serverError: true
        case .unauthenticated, .forbidden, .notFound, .refused, .conflict, .tierLimit, .unexpected: false
        }
    }
}

extension APIError {
    public var failure: APIFailure {
        // A server error may have been acted on, whatever its code says: only the same request may go again.
        if self.status >= 500 { return .serverError }
        if self.code == ErrorCode.messagingTierLimitExceeded { return .tierLimit }
        if self.code == ErrorCode.rateLimitExceeded { return .rateLimited }
        switch self.status {
        case 401: return .unauthenticated
        case 403: return .forbidden
        case 404: return .notFound
        case 409: return .conflict
        case 400, 422: return .refused
        case 429: return .rateLimited
        default: return .unexpected
        }
    }
}
