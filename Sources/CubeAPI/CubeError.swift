public import Sysexits

/// An error answer from the API, with everything it said (`details` kept for
/// every status) and the pacing hints of its headers. Never holds the API key.
public struct APIError: ExplainedError, Sendable {
    public var status: Int
    public var code: String
    public var message: String
    public var details: JSONValue?
    /// Seconds, from `Retry-After`.
    public var retryAfter: Double?
    /// An earlier try of the same call got no answer (or a 5xx), so it may have done what was asked:
    /// this answer, to a later try, says nothing about that one (a 429 after a create that timed out).
    public var afterUnansweredTry = false

    public init(status: Int, code: String, message: String, details: JSONValue? = nil, retryAfter: Double? = nil) {
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.retryAfter = retryAfter
    }

    public var description: String { "HTTP \(self.status) \(self.code): \(self.message)" }

    /// Worth retrying with the same request (and the same idempotency key).
    public var isTransient: Bool { self.failure.isTransient }

    /// The key refused or not allowed: 77; what was asked is wrong (a template, a field): 78;
    /// rate limited or the day's tier used up: 75; anything else from the server: 69.
    public var exitStatus: ExitStatus {
        switch self.failure {
        case .unauthenticated, .forbidden: .notPermitted
        case .notFound, .refused: .config
        case .rateLimited, .tierLimit: .tryLater
        case .conflict, .serverError, .unexpected: .unavailable
        }
    }

    public var summary: String { self.description }

    public var nextStep: String? {
        switch self.failure {
        case .unauthenticated:
            "check CUBE_API_KEY (or CUBE_API_KEY_FILE) for \(self.code == ErrorCode.authenticationRequired ? "a missing" : "a wrong or expired") key"
        case .forbidden: "use a key of the account that owns the WhatsApp number"
        case .notFound: "check account and template.name in the pipeline file"
        case .refused: "fix the pipeline (template, language, variables or schedule) and run again"
        case .rateLimited: "run again later; nothing was sent twice"
        case .tierLimit: "rerun tomorrow, or ask for a higher messaging tier"
        case .conflict, .serverError, .unexpected: "try again later"
        }
    }
}

/// The request never got an answer.
public struct TransportError: ExplainedError, Sendable {
    public var message: String
    /// False when the connection was never made: the server cannot have acted on it.
    public var mayHaveBeenSent: Bool

    public init(message: String, mayHaveBeenSent: Bool) {
        self.message = message
        self.mayHaveBeenSent = mayHaveBeenSent
    }

    public var description: String { self.message }
    public var exitStatus: ExitStatus { .unavailable }
    public var summary: String { "cannot reach the Campaigns API: \(self.message)" }
    public var nextStep: String? { "check CUBE_BASE_URL and the network" }
}

/// An answer we could not make sense of.
public struct ProtocolError: ExplainedError, Sendable {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { self.message }
    public var exitStatus: ExitStatus { .unavailable }
    public var summary: String { "the API's answer could not be read: \(self.message)" }
    public var nextStep: String? {
        "try again later; if it persists, the API and this release disagree: report it with the run directory"
    }
}
