public import ArtifactText
import CampaignCore

/// Why the report gives a record the outcome it has, where validate's
/// `RejectReason` or the API's error code does not already say it. Open: the
/// report's `reason` column holds these, reject reasons and API codes alike.
public struct ReportReason: StringVocabulary {
    public let rawValue: String

    public init(rawValue: String) {
        self.rawValue = rawValue
    }

    /// A valid recipient the plan holds in no part (should not happen; the report says so rather than guess).
    public static let notPlanned = ReportReason(rawValue: "not_planned")
    /// Its part's create got no answer and was not settled.
    public static let outcomeUnknown = ReportReason(rawValue: "outcome_unknown")
    /// Its zone group's send window has no opening in the week ahead (`schedule.local_time`): the
    /// group was skipped, the others sent; the error column says why.
    public static let noSendWindow = ReportReason(rawValue: "no_send_window")
    /// Its part was not created yet (the run stopped before it).
    public static let notSubmitted = ReportReason(rawValue: "not_submitted")
    /// The API reports the message failed; the error column says why.
    public static let sendFailed = ReportReason(rawValue: "send_failed")

    /// Pending because its campaign starts later.
    public static func scheduled(_ at: String) -> ReportReason { ReportReason(rawValue: "scheduled \(at)") }
}
