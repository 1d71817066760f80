/// An error answer from the API, with everything it said (`details` kept for
/// every status) and the pacing hints of its headers. Never holds the API key.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var status: Int
    public var code: String
    public var message: String
    public var details: JSONValue?
    /// Seconds, from `Retry-After`.
    public var retryAfter: Double?

    public init(status: Int, code: String, message: String, details: JSONValue? = nil, retryAfter: Double? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.retryAfter = retryAfter
    }

    public var description: String { "HTTP \(self.status) \(self.code): \(self.message)" }

    /// Worth retrying with the same request (and the same idempotency key).
    public var isTransient: Bool {
        self.status >= 500 || self.code == ErrorCode.rateLimitExceeded
    }
}

/// The request never got an answer.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// False when the connection was never made: the server cannot have acted on it.
    public var mayHaveBeenSent: Bool

    public init(message: String, mayHaveBeenSent: Bool) {
        self.message = message
        self.mayHaveBeenSent = mayHaveBeenSent
    }

    public var description: String { self.message }
}

/// An answer we could not make sense of.
public struct ProtocolError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { self.message }
}
