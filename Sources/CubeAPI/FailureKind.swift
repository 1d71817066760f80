/// What sending again can do for a failed message: the one split that
/// `failed.csv`, `campaign-ingest --retry-of` and the docs' table all follow.
public enum FailureKind: String, Sendable, CaseIterable, Codable {
    /// A later send may succeed: rate limits, a busy or failing service, a cap, a timeout.
    case transient
    /// Never this number again as it is: not on WhatsApp, an opt-out, a bad number.
    case permanent
    /// The campaign itself is wrong (template, parameters, account): fix the pipeline, then resend.
    case configuration
    /// A code the table does not know: shown in the report, never retried by itself.
    case unknown
}
