/// The WhatsApp delivery errors the API reports in a recipient's
/// `error_message`, and whether sending again can help. One vocabulary for the
/// sandbox (which answers with these texts) and the report (which decides
/// from them what goes into `failed.csv` for a retry).
public struct MessageFailure: Sendable, Hashable {
    /// The WhatsApp error code (`131026`), or a name where the API gives none.
    public let code: String
    /// The text as the API writes it.
    public let text: String
    /// Whether a later send may succeed (a cap, a closed window) or not (no WhatsApp, an opt-out).
    public let retryable: Bool

    public init(code: String, text: String, retryable: Bool) {
        self.code = code
        self.text = text
        self.retryable = retryable
    }

    public static let notOnWhatsApp = MessageFailure(
        code: "131026", text: "(#131026) Message undeliverable: the recipient is not on WhatsApp or cannot receive this message",
        retryable: false)
    public static let marketingCap = MessageFailure(
        code: "131049", text: "(#131049) This message was not delivered to maintain healthy ecosystem engagement (marketing message cap)",
        retryable: true)
    public static let invalidPhoneNumber = MessageFailure(code: "invalid_phone_number", text: "Invalid phone number", retryable: false)
    public static let reengagementWindow = MessageFailure(
        code: "131047", text: "(#131047) Re-engagement message: more than 24 hours have passed since the customer last replied",
        retryable: true)
    public static let stoppedMarketing = MessageFailure(
        code: "131050", text: "(#131050) The user has stopped marketing messages from this business", retryable: false)

    public static let known: [MessageFailure] = [.notOnWhatsApp, .marketingCap, .invalidPhoneNumber, .reengagementWindow, .stoppedMarketing]

    /// Whether `message` names this failure: its code or its text anywhere in it.
    public func matches(_ message: String) -> Bool {
        message.contains(self.code) || message.contains(self.text)
    }

    /// The first known failure an `error_message` names; nil for one we do not know.
    public static func classify(_ message: String) -> MessageFailure? {
        Self.known.first { $0.matches(message) }
    }

    /// Whether a failure with this message is worth sending again: not when it names any failure a
    /// retry cannot fix, wherever in the message; unknown ones are, so nobody is dropped silently.
    public static func isRetryable(_ message: String) -> Bool {
        !Self.known.contains { !$0.retryable && $0.matches(message) }
    }
}
