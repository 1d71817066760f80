/// Where each input record ended up; the report has exactly one per record.
public enum RecordOutcome: String, Sendable, CaseIterable, Codable {
    case sent, failed, pending, cancelled, rejected, duplicate, suppressed
    /// Left out by the pipeline's `filter:`: not meant for this campaign.
    case filtered
    case notSubmitted = "not_submitted"
}
