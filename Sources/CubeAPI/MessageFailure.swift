public import Foundation

/// The WhatsApp delivery errors the API reports in a recipient's
/// `error_message`, each with what sending again can do. One table for the
/// sandbox (which answers with some of these texts), for the report (which
/// writes the transient ones to `failed.csv`) and for `--retry-of` (which
/// resends them); docs/operations.md prints it.
public struct MessageFailure: Sendable, Hashable {
    /// The WhatsApp error code (`131026`), or a name where the API gives none.
    public let code: String
    /// The text as the API writes it.
    public let text: String
    public let kind: FailureKind
    /// How long after the failure a resend may go out (131049's cap: a day); zero: at once.
    public let retryAfter: TimeInterval
    /// Other words that name it in a message (`timed out`).
    public let aliases: [String]

    public init(code: String, text: String, kind: FailureKind, retryAfter: TimeInterval = 0, aliases: [String] = []) {
        self.code = code
        self.text = text
        self.kind = kind
        self.retryAfter = retryAfter
        self.aliases = aliases
    }

    /// Whether a later send may succeed (a cap, a busy service) rather than not (no WhatsApp, an opt-out, a bad template).
    public var retryable: Bool { self.kind == .transient }

    // Transient.
    public static let rateLimited = MessageFailure(
        code: "130429", text: "(#130429) Rate limit hit: Cloud API message throughput has been reached",
        kind: .transient)
    public static let pairRateLimited = MessageFailure(
        code: "131056",
        text: "(#131056) Pair rate limit hit: too many messages sent from this phone number to the same phone number",
        kind: .transient)
    public static let marketingCap = MessageFailure(
        code: "131049",
        text: "(#131049) This message was not delivered to maintain healthy ecosystem engagement (marketing message cap)",
        kind: .transient, retryAfter: 24 * 3600)
    public static let somethingWentWrong = MessageFailure(
        code: "131000", text: "(#131000) Something went wrong", kind: .transient)
    public static let serviceUnavailable = MessageFailure(code: "131016", text: "(#131016) Service unavailable", kind: .transient)
    public static let serverUnavailable = MessageFailure(
        code: "133004", text: "(#133004) Server temporarily unavailable", kind: .transient)
    public static let reengagementWindow = MessageFailure(
        code: "131047", text: "(#131047) Re-engagement message: more than 24 hours have passed since the customer last replied",
        kind: .transient)
    public static let timedOut = MessageFailure(
        code: "timeout", text: "Message delivery timed out", kind: .transient,
        aliases: ["timed out", "Timeout"])
    // Permanent.
    public static let notOnWhatsApp = MessageFailure(
        code: "131026", text: "(#131026) Message undeliverable: the recipient is not on WhatsApp or cannot receive this message",
        kind: .permanent)
    public static let stoppedMarketing = MessageFailure(
        code: "131050", text: "(#131050) The user has stopped marketing messages from this business", kind: .permanent)
    public static let recipientIsSender = MessageFailure(
        code: "131021", text: "(#131021) Recipient cannot be sender", kind: .permanent)
    public static let invalidPhoneNumber = MessageFailure(
        code: "invalid_phone_number", text: "Invalid phone number", kind: .permanent)
    // Configuration.
    public static let configuration: [MessageFailure] = [
        ("132000", "Number of parameters does not match the expected number of params"),
        ("132001", "Template name does not exist in the translation"),
        ("132005", "Translated text too long"),
        ("132007", "Template format character policy violated"),
        ("132012", "Parameter format does not match format in the created template"),
        ("132015", "Template is paused due to low quality"),
        ("132016", "Template is disabled due to low quality"),
        ("132068", "Flow is in blocked state"),
        ("132069", "Flow is in throttled state"),
        ("131008", "Required parameter is missing"),
        ("131009", "Parameter value is not valid"),
        ("131042", "Business eligibility payment issue"),
        ("131051", "Unsupported message type"),
    ].map { MessageFailure(code: $0.0, text: "(#\($0.0)) \($0.1)", kind: .configuration) }

    /// Every failure the table classes, in the order the docs print them.
    public static let known: [MessageFailure] =
        [
            .rateLimited, .pairRateLimited, .marketingCap, .somethingWentWrong, .serviceUnavailable, .serverUnavailable,
            .reengagementWindow, .timedOut, .notOnWhatsApp, .stoppedMarketing, .recipientIsSender, .invalidPhoneNumber,
        ] + Self.configuration

    /// Whether `message` names this failure: its code, its text or an alias anywhere in it.
    public func matches(_ message: String) -> Bool {
        Self.mentions(message, self.code) || Self.mentions(message, self.text)
            || self.aliases.contains { Self.mentions(message, $0) }
    }

    /// A byte search: Foundation's `contains` goes through `NSString` and cost a report of a
    /// million recipients as much as its API pages (every failure is classified twice).
    static func mentions(_ message: String, _ needle: String) -> Bool {
        var message = message
        var needle = needle
        return message.withUTF8 { haystack in
            needle.withUTF8 { wanted in
                guard !wanted.isEmpty else { return true }
                guard let base = haystack.baseAddress, let find = wanted.baseAddress, haystack.count >= wanted.count else {
                    return false
                }
                let first = wanted[0]
                for start in 0...(haystack.count - wanted.count) where haystack[start] == first {
                    if memcmp(base + start, find, wanted.count) == 0 { return true }
                }
                return false
            }
        }
    }

    /// What an `error_message` names. A permanent failure named anywhere in it wins, then a
    /// configuration one, then a transient one; nil for a message the table does not know.
    public static func classify(_ message: String) -> MessageFailure? {
        for kind in [FailureKind.permanent, .configuration, .transient] {
            if let found = Self.known.first(where: { $0.kind == kind && $0.matches(message) }) { return found }
        }
        return nil
    }

    /// What sending again can do for a failure with this message.
    public static func kind(_ message: String) -> FailureKind {
        Self.classify(message)?.kind ?? .unknown
    }

    /// Whether a failure with this message is worth sending again (transient), as `failed.csv` and `--retry-of` decide.
    public static func isRetryable(_ message: String) -> Bool {
        Self.kind(message) == .transient
    }
}
